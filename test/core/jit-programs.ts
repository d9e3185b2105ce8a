// Random guest programs for the compiled tier's differential tests: loops
// whose bodies mix the instructions the block compiler translates (ALU,
// shifts by an immediate and by cl, of registers and of memory, adc/sbb,
// lea, setcc, loads and stores of every size, memory-source ALU,
// read-modify-write of memory, xchg/cmpxchg, one-operand mul/imul/div/idiv,
// push/pop of registers and memory, leave, call/ret, indirect jmp/call
// through a register or memory, rdtsc, forward jcc) with one it does not
// (pushf), so blocks of every length end in every way, and a machine around
// them: page tables, a timer handler, a page-fault handler, and a #DE
// handler that makes the failed division succeed when it is retried.
//
// A program's shape (which instruction where) and its values (immediates)
// come from two generators, so two programs of the same shape and different
// values have the same instruction boundaries: the CR3 tests map one or the
// other at the same virtual address and switch between them mid-loop.

import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP, FIX, PTE, PageTables, Program, TestMachine, installIdt, mem } from './harness.js';

export type Rng = () => number;

export function xorshift(seed: number): Rng {
  let x = seed | 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** Physical layout (identity-mapped, except the CR3 test's second code frame). */
export const L = {
  HANDLERS: 0x8000,
  CODE: 0x10000,
  CODE_ALT: 0x14000,
  DATA: 0x20000, // 9 pages
  STACK_TOP: 0x30000,
  COUNTS: 0x600, // timer ticks, page faults, divide errors
  DIR_A: 0x100000,
  DIR_B: 0x102000,
  POOL_A: 0x101000,
  POOL_B: 0x103000,
} as const;

const DATA_PAGES = 9;
const WORK = [EAX, EBX, ECX, EDX]; // registers the body computes with (edi: addresses, esi: data base, ebp: counter)

export interface Scenario {
  paging: boolean;
  ring3: boolean;
  /** Timer period in cycles (0: off). */
  timer: number;
  /** Data pages start not present; the #PF handler maps them, the timer handler unmaps them again. */
  faults: boolean;
  /** The loop rewrites an immediate of its own body every iteration. */
  selfModify: boolean;
  /** The timer handler switches CR3 between two directories mapping different code at L.CODE. */
  cr3: boolean;
  tlbEntries: number;
  tlbWays: number;
  iterations: number;
}

/** A program for L.CODE: shape from `shape`, immediates from `values` (the CR3 twin: same shape, other values). */
export type ProgramMaker = (shape: Rng, values: Rng, s: Scenario) => Program;

/** The loop program at L.CODE: shape from `shape`, immediates from `values`. */
export function loopProgram(shape: Rng, values: Rng, s: Scenario, base: number = L.CODE): Program {
  const p = new Program(base);
  const r = (): number => WORK[shape() & 3];
  const imm = (): number => (values() & 1 ? values() & 0xff : values()) | 0;
  p.op('MOV_RI', { a: ESI }, L.DATA).op('MOV_RI', { a: EBP }, s.iterations);
  for (const reg of WORK) p.op('MOV_RI', { a: reg }, imm());
  p.op('MOV_RI', { a: EDI }, 0);
  p.label('loop');
  const body = 12 + (shape() % 24);
  let label = 0;
  for (let k = 0; k < body; k++) {
    const kind = shape() % 24;
    if (kind < 6) aluOp(p, shape, r, imm);
    else if (kind < 10) memoryOp(p, shape, r, imm);
    else if (kind === 10) { p.op('PUSH_R', { a: r() }).op('MOV_RI', { a: r() }, imm()).op('POP_R', { a: r() }); }
    else if (kind === 11) { p.op('PUSH_I', {}, imm()).op('POP_R', { a: r() }); }
    else if (kind === 12) p.op('CALL', {}, 'leaf');
    else if (kind === 13 || kind === 14) {
      // A compare and a forward jcc over a few ALU instructions.
      const name = `skip${label++}`;
      if (shape() & 1) p.op('CMP_RR', { a: r(), b: r() }); else p.op('TEST_RI', { a: r() }, imm());
      const jcc = ['JE', 'JNE', 'JB', 'JAE', 'JL', 'JGE', 'JLE', 'JG', 'JS', 'JNS', 'JO', 'JNO', 'JBE', 'JA'][shape() % 14];
      p.op(jcc, {}, name);
      for (let n = 1 + (shape() % 3); n > 0; n--) aluOp(p, shape, r, imm);
      p.label(name);
    } else if (kind === 15) {
      // pushf, which the compiler leaves to the interpreter (the block ends before it), or a
      // read-modify-write of memory (sometimes across a page: its write half then hands over).
      if (shape() % 3 === 0) p.op('PUSHF').op('POP_R', { a: r() });
      else {
        p.op('MOV_RR', { a: EDI, b: r() }).op('AND_RI', { a: EDI }, shape() & 1 ? 0x7ffc : 0x7fff);
        const rmw = ['ADD_MR', 'SUB_MR', 'OR_MR', 'AND_MR', 'XOR_MR', 'ADD_MI', 'SUB_MI', 'XOR_MI', 'INC_M', 'DEC_M', 'NOT_M', 'NEG_M'][shape() % 12];
        p.op(rmw, { a: rmw.endsWith('_MR') ? r() : 0, ...mem(ESI, 0, EDI) }, imm());
        // Read its flags at once (every condition reads a different mix of the lazy operands).
        p.op(['SETB', 'SETO', 'SETL', 'SETBE', 'SETE', 'SETS'][shape() % 6], { a: r() });
      }
    } else if (kind === 16) {
      const cc = ['SETE', 'SETNE', 'SETB', 'SETL', 'SETG', 'SETA', 'SETS', 'SETO'][shape() % 8];
      p.op(cc, { a: r() });
    } else if (kind === 20) wideOp(p, shape, r);
    else if (kind === 21) carryOp(p, shape, r, imm);
    else if (kind === 22) shiftOp(p, shape, r, imm);
    else if (kind === 23) label = stackOp(p, shape, r, imm, label);
    else aluOp(p, shape, r, imm);
  }
  if (s.selfModify) {
    // add ebx, imm with its immediate replaced by eax each time round.
    p.op('MOV_MR', { a: EAX, z: 2, ...mem(null, 0) }, 0);
    const at = p.here;
    p.op('ADD_RI', { a: EBX }, imm());
    patchDisp(p, at - 8, at + 4);
  }
  p.op('DEC_R', { a: EBP }).op('JNE', {}, 'loop');
  // Fold every register into eax and exit with it.
  p.op('XOR_RR', { a: EAX, b: EBX }).op('ADD_RR', { a: EAX, b: ECX }).op('XOR_RR', { a: EAX, b: EDX });
  p.op('INT', { i8: 0x80 }); // the exit call (a DPL 3 gate: out is privileged in ring 3)
  p.label('leaf');
  for (let n = 1 + (shape() % 4); n > 0; n--) aluOp(p, shape, r, imm);
  p.op('RET');
  return p;
}

/** Rewrites the disp32 of the store at `storeAt` (a MOV_MR) to `target` (the immediate it overwrites). */
function patchDisp(p: Program, storeAt: number, target: number): void {
  patches.set(p, [...(patches.get(p) ?? []), { at: storeAt - p.base + 4, value: target }]);
}
const patches = new WeakMap<Program, { at: number; value: number }[]>();

/** The program's bytes with the self-modification targets filled in. */
export function programBytes(p: Program): Uint8Array {
  const bytes = p.build();
  const view = new DataView(bytes.buffer);
  for (const { at, value } of patches.get(p) ?? []) view.setUint32(at, value, true);
  return bytes;
}

function aluOp(p: Program, shape: Rng, r: () => number, imm: () => number): void {
  const rr = ['ADD_RR', 'SUB_RR', 'AND_RR', 'OR_RR', 'XOR_RR', 'CMP_RR', 'TEST_RR', 'MOV_RR', 'IMUL_RR', 'XCHG_RR'];
  const ri = ['ADD_RI', 'SUB_RI', 'AND_RI', 'OR_RI', 'XOR_RI', 'CMP_RI', 'TEST_RI', 'MOV_RI', 'IMUL_RRI'];
  const one = ['INC_R', 'DEC_R', 'NOT_R', 'NEG_R'];
  const k = shape() % 6;
  if (k === 0) p.op(rr[shape() % rr.length], { a: r(), b: r() });
  else if (k === 1) {
    const name = ri[shape() % ri.length];
    p.op(name, name === 'IMUL_RRI' ? { a: r(), b: r() } : { a: r() }, imm());
  } else if (k === 2) p.op(one[shape() % one.length], { a: r() });
  else if (k === 3) p.op(['SHL_RI', 'SHR_RI', 'SAR_RI'][shape() % 3], { a: r(), i8: shape() % 33 });
  else if (k === 4) p.op('LEA', { a: r(), ...mem(r(), imm() & 0xfff, r(), shape() & 3) });
  else p.op('CDQ');
}

/** edi = a random offset into the data pages (sometimes unaligned: some accesses cross a page). */
function dataOffset(p: Program, shape: Rng, r: () => number): void {
  p.op('MOV_RR', { a: EDI, b: r() }).op('AND_RI', { a: EDI }, shape() & 1 ? 0x7ffc : 0x7fff);
}

const SETCC_AFTER = ['SETB', 'SETO', 'SETL', 'SETBE', 'SETE', 'SETS', 'SETA', 'SETG'];

/** One-operand mul/imul/div/idiv of a register or memory: divisions often fault (#DE) first. */
function wideOp(p: Program, shape: Rng, r: () => number): void {
  const name = ['MUL', 'IMUL', 'DIV', 'IDIV'][shape() % 4];
  if (shape() % 3 === 0) { if (shape() & 1) p.op('CDQ'); else p.op('XOR_RR', { a: EDX, b: EDX }); }
  if (shape() & 1) {
    // The #DE handler sets ebx and ecx to small divisors: a division by another register could fault forever.
    p.op(`${name}_R`, { a: name.endsWith('DIV') ? [EBX, ECX][shape() & 1] : r() });
  } else {
    dataOffset(p, shape, r);
    p.op(`${name}_M`, { z: 2, ...mem(ESI, 0, EDI) });
  }
  if (name.endsWith('MUL')) p.op(SETCC_AFTER[shape() % SETCC_AFTER.length], { a: r() });
}

/** adc/sbb in every form, often after the add/sub whose carry they take (64-bit arithmetic). */
function carryOp(p: Program, shape: Rng, r: () => number, imm: () => number): void {
  const name = shape() & 1 ? 'ADC' : 'SBB';
  if (shape() & 1) p.op(name === 'ADC' ? 'ADD_RR' : 'SUB_RR', { a: r(), b: r() });
  const f = ['RR', 'RI', 'RM', 'MR', 'MI'][shape() % 5];
  if (f === 'RR') p.op(`${name}_RR`, { a: r(), b: r() });
  else if (f === 'RI') p.op(`${name}_RI`, { a: r() }, imm());
  else {
    dataOffset(p, shape, r);
    p.op(`${name}_${f}`, { a: f === 'MI' ? 0 : r(), z: 2, ...mem(ESI, 0, EDI) }, f === 'MI' ? imm() : 0);
  }
  p.op(SETCC_AFTER[shape() % SETCC_AFTER.length], { a: r() });
}

/** Shifts by cl (registers and memory) and of memory by an immediate; counts 0, 1, 31, 32 and beyond. */
function shiftOp(p: Program, shape: Rng, r: () => number, imm: () => number): void {
  const counts = [0, 1, 31, 32, 33, 63, imm()];
  if (shape() & 1) p.op('MOV_RI', { a: ECX }, counts[shape() % counts.length]);
  const name = ['SHL', 'SHR', 'SAR'][shape() % 3];
  const f = ['RC', 'MI', 'MC'][shape() % 3];
  if (f === 'RC') p.op(`${name}_RC`, { a: r() });
  else {
    dataOffset(p, shape, r);
    p.op(`${name}_${f}`, { z: 2, ...mem(ESI, 0, EDI), i8: f === 'MI' ? [0, 1, 31, 32, shape() % 33][shape() % 5] : 0 });
  }
  p.op(SETCC_AFTER[shape() % SETCC_AFTER.length], { a: r() });
}

/** push/pop [m], leave, xchg/cmpxchg with memory, indirect calls and jumps, rdtsc. Returns the next label number. */
function stackOp(p: Program, shape: Rng, r: () => number, imm: () => number, label: number): number {
  const k = shape() % 10;
  const m = mem(ESI, 0, EDI);
  if (k === 0) { dataOffset(p, shape, r); p.op('PUSH_M', { z: 2, ...m }).op('POP_R', { a: r() }); }
  else if (k === 1) { dataOffset(p, shape, r); p.op('PUSH_R', { a: r() }).op('POP_M', { z: 2, ...m }); }
  else if (k === 2) {
    // A frame: ebp (the loop counter) saved, two pushes, leave restores both.
    p.op('PUSH_R', { a: EBP }).op('MOV_RR', { a: EBP, b: ESP }).op('PUSH_R', { a: r() }).op('PUSH_I', {}, imm()).op('LEAVE');
  } else if (k === 3) { dataOffset(p, shape, r); p.op(shape() & 1 ? 'XCHG_MR' : 'XCHG_RM', { a: r(), z: 2, ...m }); }
  else if (k === 4) {
    dataOffset(p, shape, r);
    p.op('CMPXCHG_MR', { a: r(), z: 2, ...m }).op(SETCC_AFTER[shape() % SETCC_AFTER.length], { a: r() });
  } else if (k === 5) p.op('MOV_RI', { a: EDI }, 'leaf').op('CALL_R', { a: EDI });
  else if (k === 6) p.op('MOV_MI', { z: 2, ...mem(ESI, 0x7ff8) }, 'leaf').op('CALL_M', { z: 2, ...mem(ESI, 0x7ff8) });
  else if (k === 7 || k === 8) {
    const name = `ind${label++}`;
    if (k === 7) p.op('MOV_RI', { a: EDI }, name).op('JMP_R', { a: EDI });
    else p.op('MOV_MI', { z: 2, ...mem(ESI, 0x7ff4) }, name).op('JMP_M', { z: 2, ...mem(ESI, 0x7ff4) });
    aluOp(p, shape, r, imm);
    p.label(name);
  } else p.op('RDTSC');
  return label;
}

function memoryOp(p: Program, shape: Rng, r: () => number, imm: () => number): void {
  // An offset into the data pages (sometimes unaligned, so some accesses cross a page).
  p.op('MOV_RR', { a: EDI, b: r() }).op('AND_RI', { a: EDI }, shape() & 1 ? 0x7ffc : 0x7fff);
  const m = mem(ESI, 0, EDI);
  const k = shape() % 8;
  if (k === 0) p.op('MOV_RM', { a: r(), z: 2, ...m });
  else if (k === 1) p.op('MOV_MR', { a: r(), z: shape() % 3, ...m });
  else if (k === 2) p.op('MOV_MI', { z: shape() % 3, ...m }, imm());
  else if (k === 3) p.op(shape() & 1 ? 'MOVZX_RM' : 'MOVSX_RM', { a: r(), z: shape() & 1, ...m });
  else if (k === 4) p.op(['ADD_RM', 'SUB_RM', 'AND_RM', 'OR_RM', 'XOR_RM', 'CMP_RM'][shape() % 6], { a: r(), z: 2, ...m });
  else if (k === 5) p.op(shape() & 1 ? 'CMP_MR' : 'TEST_MR', { a: r(), z: 2, ...m });
  else if (k === 6) p.op(shape() & 1 ? 'CMP_MI' : 'TEST_MI', { z: 2, ...m }, imm());
  else p.op('MOV_RM', { a: r(), z: 2, ...mem(ESI, imm() & 0x7ffc) });
}

/**
 * A machine ready to run scenario `s`: IDT with a timer and a #PF handler,
 * page tables (when paging), the program (and its CR3 twin) loaded, ring and
 * IF set, eip at L.CODE.
 */
export async function scenarioMachine(
  s: Scenario, seed: number, jit: boolean, codeCacheBytes?: number, program: ProgramMaker = loopProgram,
): Promise<TestMachine> {
  const m = await TestMachine.create({ ramBytes: 4 << 20, tlbEntries: s.tlbEntries, tlbWays: s.tlbWays, jit, codeCacheBytes });
  installIdt(m, L.CODE, { handlers: { 0: L.HANDLERS + 0xc00, 14: L.HANDLERS, 32: L.HANDLERS + 0x400, 0x80: L.HANDLERS + 0x800 }, dpl3: [0x80] });
  m.writePhys(L.HANDLERS, faultHandler().build());
  m.writePhys(L.HANDLERS + 0xc00, divideErrorHandler().build());
  m.writePhys(L.HANDLERS + 0x800, new Program(L.HANDLERS + 0x800).op('OUT_IR', { a: EAX, i8: 0xf4 }).build());
  m.writePhys(L.HANDLERS + 0x400, timerHandler(s).build());
  const main = program(xorshift(seed), xorshift(seed ^ 0x5bd1e995), s);
  m.writePhys(L.CODE, programBytes(main));
  if (s.cr3) m.writePhys(L.CODE_ALT, programBytes(program(xorshift(seed), xorshift(seed ^ 0x1b873593), s)));
  const data = new Uint32Array(DATA_PAGES * 1024).map((_, i) => Math.imul(i, 0x9e3779b9));
  m.writePhys(L.DATA, new Uint8Array(data.buffer));
  if (s.paging) {
    const flags = PTE.P | PTE.RW | PTE.US;
    for (const [dir, pool, code] of [[L.DIR_A, L.POOL_A, L.CODE], [L.DIR_B, L.POOL_B, L.CODE_ALT]]) {
      const pt = new PageTables(m, dir, pool);
      pt.identity(0, 0x40000, flags);
      pt.identity(L.DIR_A, L.POOL_B + 0x3000, PTE.P | PTE.RW); // the handlers edit the page tables
      for (let i = 0; i < 4; i++) pt.map(L.CODE + i * 0x1000, code + i * 0x1000, flags);
      if (s.faults) for (let i = 0; i < DATA_PAGES; i++) pt.setPte(L.DATA + i * 0x1000, (L.DATA + i * 0x1000) | PTE.RW | PTE.US);
    }
    m.core.setCr(3, L.DIR_A);
    m.core.setCr(0, 0x80000000);
  }
  if (s.timer) {
    // Program the timer from the host as the guest would (port 0x40), and enable interrupts.
    const boot = new Program(0x7000).op('MOV_RI', { a: EAX }, s.timer).op('OUT_IR', { a: EAX, i8: 0x40 });
    boot.op('JMP', {}, L.CODE - (0x7000 + 20));
    m.writePhys(0x7000, boot.build());
    m.core.setEip(0x7000);
    for (let i = 0; i < 3; i++) m.core.run(1);
    m.core.setEflags(0x202);
  }
  m.core.setReg(ESP, L.STACK_TOP);
  if (s.ring3) m.core.setCpl(3);
  m.core.setEip(L.CODE);
  m.core.setTrace(1);
  m.core.resetCounters();
  return m;
}

/** #PF: count it, map the page at cr2 (in the current directory's first table), retry. */
function faultHandler(): Program {
  const p = new Program(L.HANDLERS);
  p.op('PUSH_R', { a: EAX }).op('PUSH_R', { a: EBX });
  p.op('ADD_MI', { z: 2, ...mem(null, L.COUNTS + 4) }, 1);
  p.op('MOV_RC', { a: EAX, i8: 3 }).op('AND_RI', { a: EAX }, ~0xfff); // the directory
  p.op('MOV_RM', { a: EAX, z: 2, ...mem(EAX, 0) }).op('AND_RI', { a: EAX }, ~0xfff); // its first table
  p.op('MOV_RC', { a: EBX, i8: 2 }).op('SHR_RI', { a: EBX, i8: 12 });
  p.op('OR_MI', { z: 2, ...mem(EAX, 0, EBX, 2) }, PTE.P);
  p.op('POP_R', { a: EBX }).op('POP_R', { a: EAX });
  p.op('ADD_RI', { a: ESP }, 4).op('IRET');
  return p;
}

/**
 * #DE: count it and make the division succeed when retried: edx:eax = eax
 * and small divisors in ebx, ecx and the memory operand (wideOp divides
 * only by those), then iret to the div.
 */
function divideErrorHandler(): Program {
  const p = new Program(L.HANDLERS + 0xc00);
  p.op('ADD_MI', { z: 2, ...mem(null, L.COUNTS + 8) }, 1);
  p.op('XOR_RR', { a: EDX, b: EDX }).op('MOV_RI', { a: EBX }, 3).op('MOV_RI', { a: ECX }, 5);
  p.op('MOV_MI', { z: 2, ...mem(ESI, 0, EDI) }, 7);
  p.op('IRET');
  return p;
}

/** Timer: count the tick; unmap one data page (faults) or switch directories (cr3); iret. */
function timerHandler(s: Scenario): Program {
  const p = new Program(L.HANDLERS + 0x400);
  p.op('PUSH_R', { a: EAX }).op('PUSH_R', { a: EBX });
  p.op('ADD_MI', { z: 2, ...mem(null, L.COUNTS) }, 1);
  if (s.paging && s.faults) {
    p.op('MOV_RM', { a: EBX, z: 2, ...mem(null, L.COUNTS) }).op('AND_RI', { a: EBX }, 7);
    p.op('MOV_RC', { a: EAX, i8: 3 }).op('AND_RI', { a: EAX }, ~0xfff);
    p.op('MOV_RM', { a: EAX, z: 2, ...mem(EAX, 0) }).op('AND_RI', { a: EAX }, ~0xfff);
    p.op('AND_MI', { z: 2, ...mem(EAX, (L.DATA >>> 12) * 4, EBX, 2) }, ~PTE.P);
    p.op('SHL_RI', { a: EBX, i8: 12 }).op('INVLPG', mem(EBX, L.DATA));
  }
  if (s.paging && s.cr3) {
    p.op('MOV_RC', { a: EAX, i8: 3 }).op('XOR_RI', { a: EAX }, L.DIR_A ^ L.DIR_B).op('MOV_CR', { a: EAX, i8: 3 });
  }
  p.op('POP_R', { a: EBX }).op('POP_R', { a: EAX }).op('IRET');
  return p;
}

export interface Outcome {
  stop: string;
  state: Uint8Array;
  cycles: number;
  instret: number;
  eax: number;
  counters: Record<string, number>;
  ticks: number;
  faults: number;
  divideErrors: number;
  entered: number;
}

/** Runs to a stop (in odd-sized slices, so slice ends fall anywhere) and settles the state. */
export function runScenario(m: TestMachine, slice = 7919, maxSlices = 4000): Outcome {
  let stop = 'budget';
  for (let i = 0; i < maxSlices && stop === 'budget'; i++) stop = m.run(slice);
  m.core.settle();
  return {
    stop,
    state: m.snapshot(),
    cycles: m.core.getCycles(),
    instret: m.core.getInstret(),
    eax: m.reg(EAX),
    counters: m.counters(),
    ticks: m.r32(L.COUNTS),
    faults: m.r32(L.COUNTS + 4),
    divideErrors: m.r32(L.COUNTS + 8),
    entered: m.core.jitBlocksEntered(),
  };
}

/** The first byte where two states differ, described (for a failing differential test). */
export function firstDifference(a: Uint8Array, b: Uint8Array): string {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `byte 0x${i.toString(16)}: ${a[i]} vs ${b[i]}`;
  }
  return 'none';
}

