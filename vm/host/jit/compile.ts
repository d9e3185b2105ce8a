// The block compiler: guest instructions at one host address → one
// WebAssembly function that does exactly what the interpreter would.
//
// Why the host compiles, in TypeScript: `WebAssembly.Module` is a host API,
// the core has no imports to call back with, and a compiler is far easier to
// read, test and change here than in AssemblyScript working on raw memory.
// The core only counts and queues (vm/core/jit.ts); this file owns the
// translation, tier.ts the cache and the function table.
//
// A block is the run of instructions from its entry up to the first one it
// cannot translate, a jmp/call/ret, the 64th instruction or the end of the
// page (never across: the interpreter looked the page up before handing
// over, and an instruction is only fetched without a lookup inside it). A
// jcc leaves the block when taken, or jumps back to the entry when that is
// its target, so a loop of one block runs without leaving WebAssembly.
//
// Exactness, step by step with interp.ts:
//  - registers, lazy flags, cycles and instret live in locals and are written
//    back on every exit; every instruction charges the interpreter's OPCOST;
//  - every data access does the interpreter's fastAddr: one index load, the
//    permission and page-crossing test, the LRU stamp and clock tick. A miss
//    of a one-access instruction calls the core's slow path in place (as the
//    interpreter's MISS IN PLACE does, push/pop/call/ret included);
//  - time: the interpreter runs an instruction iff the cycle counter is below
//    the deadline. At the entry, and after each instruction that may have
//    taken a slow path (page walks cost cycles), the block checks that every
//    instruction left would still start before the deadline (with each one's
//    largest static cost); if not it exits NEAR and the interpreter does the
//    last few one by one. So an interrupt arrives at the same cycle;
//  - after a slow path the block also leaves if the path dropped the
//    interpreter's fetch window (an eviction of the code page's TLB entry:
//    the interpreter would look it up again at the next fetch), and after
//    every store if its own page is no longer marked as code (it wrote
//    itself: the next instruction must be read afresh).

import { FORMS, FORM_BY_OPCODE, formLength } from '../../isa/isa.js';
import { JIT_EXIT, JIT_LAYOUT, LAZY } from '../../isa/machine.js';
import { Body, Func, I32, I64, Import } from './wasm.js';

/** Opcode numbers by form name (isa.ts is their one definition). */
const OP: Record<string, number> = Object.fromEntries(FORMS.map((f) => [f.name, f.opcode]));

/** What jitLayout() reports, by JIT_LAYOUT name. */
export type JitLayout = Record<keyof typeof JIT_LAYOUT, number>;

/** The helper functions a block imports from the core (function indices 0..3). */
export const IMPORTS: Import[] = [
  { module: 'core', name: 'jitRead', type: { params: [I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitWrite', type: { params: [I32, I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitCondition', type: { params: [I32, I32, I32, I32], results: [I32] } },
  { module: 'core', name: 'jitCarry', type: { params: [I32, I32, I32], results: [I32] } },
];
const F_READ = 0;
const F_WRITE = 1;
const F_COND = 2;
const F_CARRY = 3;

/** A block's signature: (eip, host address of eip, deadline) -> JIT_EXIT code. */
export const BLOCK_TYPE = { params: [I32, I32, I64], results: [I32] };

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;
/** Page offsets at or above this are never fetched from the interpreter's window (interp.ts: 4096 - 11). */
const WINDOW_END = 4096 - 11;

// Locals: parameters, then i32s, then i64s.
const L_EIP = 0;
const L_P = 1;
const L_DEADLINE = 2;
const L_R0 = 3; // 3..10: eax..edi
const L_FK = 11;
const L_FA = 12;
const L_FB = 13;
const L_NEIP = 14;
const L_CODE = 15;
const L_VA = 16;
const L_E = 17;
const L_HA = 18;
const L_T = 19;
const L_V = 20;
const L_RMASK = 21;
const L_WMASK = 22;
const L_MYFLAG = 23;
const L_SLOWED = 24;
const L_T2 = 25;
const L_NA = 26; // a read-modify-write's new flags and result, committed after its write
const L_NB = 27;
const L_R = 28;
const I32_LOCALS = 26; // 3..28
const L_CYC = 29;
const L_INS = 30;
const L_P64 = 31;
const I64_LOCALS = 3;

const EFLAGS_CF = 0x001;
const EFLAGS_ZF = 0x040;
const EFLAGS_SF = 0x080;
const EFLAGS_OF = 0x800;

/** One decoded instruction of a block. */
interface Insn {
  off: number; // page offset
  h: number; // header word
  op: number;
  len: number;
  w1: number; // the word after the header (disp or imm/rel), 0 if none
  w2: number; // the word after that
}

/** Reads the guest's code and the cycle table; `mem` is the core's memory. */
export interface CodeSource {
  u32(addr: number): number;
  /** OPCOST cycles (low half of the u64 slot) of an opcode, or of OPCOST_NOT_TAKEN / _TAKEN. */
  cycles(slot: number): number;
}

/** The instructions of the block at host address p (empty: nothing to compile). */
export function decodeBlock(src: CodeSource, p: number): Insn[] {
  const page = p - (p & 0xfff);
  const out: Insn[] = [];
  let off = p & 0xfff;
  while (out.length < MAX_BLOCK && off < WINDOW_END) {
    const h = src.u32(page + off);
    const op = h & 0xff;
    const len = insnLength(op, h);
    if (len === 0) break;
    const insn: Insn = { off, h, op, len, w1: len > 4 ? src.u32(page + off + 4) : 0, w2: len > 8 ? src.u32(page + off + 8) : 0 };
    out.push(insn);
    off += len;
    if (op === OP.JMP || op === OP.CALL || op === OP.RET) break;
  }
  return out;
}

const RR_FORMS = new Set(['MOV_RR', 'ADD_RR', 'SUB_RR', 'CMP_RR', 'AND_RR', 'OR_RR', 'XOR_RR', 'TEST_RR', 'XCHG_RR', 'IMUL_RR', 'IMUL_RRI'].map((n) => OP[n]));
const A_FORMS = new Set([
  'MOV_RI', 'ADD_RI', 'SUB_RI', 'CMP_RI', 'AND_RI', 'OR_RI', 'XOR_RI', 'TEST_RI', 'LEA', 'NOT_R', 'NEG_R', 'INC_R', 'DEC_R',
  'SHL_RI', 'SHR_RI', 'SAR_RI', 'PUSH_R', 'POP_R',
  'SETO', 'SETNO', 'SETB', 'SETAE', 'SETE', 'SETNE', 'SETBE', 'SETA', 'SETS', 'SETNS', 'SETL', 'SETGE', 'SETLE', 'SETG',
].map((n) => OP[n]));
const MEM_SRC_FORMS = new Set(['ADD_RM', 'OR_RM', 'AND_RM', 'SUB_RM', 'XOR_RM', 'CMP_RM', 'CMP_MR', 'CMP_MI', 'TEST_MR', 'TEST_MI'].map((n) => OP[n]));
/** Read-modify-write of a dword in memory (interp.ts's second memory group, the forms compiled). */
const RMW_FORMS = new Set([
  'ADD_MR', 'ADD_MI', 'OR_MR', 'OR_MI', 'AND_MR', 'AND_MI', 'SUB_MR', 'SUB_MI', 'XOR_MR', 'XOR_MI',
  'NOT_M', 'NEG_M', 'INC_M', 'DEC_M',
].map((n) => OP[n]));
const FREE_FORMS = new Set(['JMP', 'CALL', 'RET', 'PUSH_I', 'NOP', 'CDQ'].map((n) => OP[n]));
const JCC: Record<number, number> = {};
const SETCC: Record<number, number> = {};
for (const [cc, name] of [[0, 'O'], [1, 'NO'], [2, 'B'], [3, 'AE'], [4, 'E'], [5, 'NE'], [6, 'BE'], [7, 'A'], [8, 'S'], [9, 'NS'], [12, 'L'], [13, 'GE'], [14, 'LE'], [15, 'G']] as const) {
  JCC[OP[`J${name}`]] = cc;
  SETCC[OP[`SET${name}`]] = cc;
}

/**
 * The instruction's length if the block may include it: the fast path would
 * run it (fields valid; the interpreter's fast loop hands every other case to
 * the slow step or raises #UD), else 0.
 */
function insnLength(op: number, h: number): number {
  const len = formLength(FORM_BY_OPCODE[op] ?? FORMS[0]);
  if (RR_FORMS.has(op)) return (h & 0x8800) !== 0 ? 0 : len;
  if (A_FORMS.has(op)) return (h & 0x800) !== 0 ? 0 : len;
  if (op in JCC || FREE_FORMS.has(op)) return len;
  if (op === OP.MOV_RM) return (h & 0xc00800) === 0x800000 ? len : 0;
  if (op === OP.MOV_MR || op === OP.MOV_MI) {
    const z = (h >>> 22) & 3;
    const isMR = op === OP.MOV_MR;
    return z === 3 || (isMR && ((h & 0x800) !== 0 || (z === 0 && (h & 0x400) !== 0))) ? 0 : len;
  }
  if (op === OP.MOVZX_RM || op === OP.MOVSX_RM) return ((h >>> 22) & 3) > 1 || (h & 0x800) !== 0 ? 0 : len;
  if (RMW_FORMS.has(op)) return (h & 0xc00000) !== 0x800000 || (h & 0x800) !== 0 ? 0 : len;
  if (MEM_SRC_FORMS.has(op)) return (h & 0xc00000) !== 0x800000 || (h & 0x800) !== 0 ? 0 : len;
  return 0;
}

/** The cache key of a block: everything its code depends on besides the machine's layout. */
export function blockKey(src: CodeSource, p: number, insns: Insn[]): string {
  const parts = [String(p & 0xfff), String(src.cycles(-1)), String(src.cycles(-2))];
  for (const i of insns) parts.push(`${i.h.toString(16)}.${i.w1.toString(16)}.${i.w2.toString(16)}.${src.cycles(i.op)}`);
  return parts.join(',');
}

/** Compiles a decoded, non-empty block into a function named `name`. */
export function compileBlock(src: CodeSource, layout: JitLayout, p: number, insns: Insn[], name: string): Func {
  return new BlockCompiler(src, layout, p & 0xfff, insns).compile(name);
}

class BlockCompiler {
  private readonly b = new Body();
  /** Cycles and instructions charged at compile time but not yet added to the locals. */
  private pc = 0;
  private pi = 0;
  /** The lazy-flags kind held in L_FK, when known at this point of the block. */
  private kind: number | null = null;
  private readonly written = new Set<number>();
  private out = 0;
  private top = 0;
  private readonly taken: number;
  private readonly notTaken: number;

  constructor(
    private readonly src: CodeSource,
    private readonly L: JitLayout,
    private readonly o0: number,
    private readonly insns: Insn[],
  ) {
    this.notTaken = src.cycles(-1);
    this.taken = src.cycles(-2);
  }

  compile(name: string): Func {
    const b = this.b;
    const L = this.L;
    for (let r = 0; r < 8; r++) b.i32(0).load32(L.REGS + 4 * r).set(L_R0 + r);
    b.loadAt32(L.FK).set(L_FK).loadAt32(L.FA).set(L_FA).loadAt32(L.FB).set(L_FB);
    b.loadAt64(L.CYCLES).set(L_CYC).loadAt64(L.INSTRET).set(L_INS);
    b.loadAt32(L.RMASK).set(L_RMASK).loadAt32(L.WMASK).set(L_WMASK);
    b.get(L_P).i32(12).shrU().i32(2).shl().i32(L.PAGES).add().set(L_MYFLAG);
    this.out = b.block();
    this.top = b.loop();
    this.checkpoint(0);
    let ended = false;
    for (let k = 0; k < this.insns.length && !ended; k++) ended = this.insn(k);
    if (!ended) this.exit(this.nextDelta(this.insns.length - 1), JIT_EXIT.CHAIN);
    b.end(); // loop
    b.end(); // out
    for (const r of [...this.written].sort()) b.i32(0).get(L_R0 + r).store32(L.REGS + 4 * r);
    b.i32(0).get(L_FK).store32(L.FK).i32(0).get(L_FA).store32(L.FA).i32(0).get(L_FB).store32(L.FB);
    b.i32(0).get(L_CYC).store64(L.CYCLES).i32(0).get(L_INS).store64(L.INSTRET);
    b.i32(0).get(L_NEIP).store32(L.EIP);
    b.get(L_CODE);
    return { name, locals: [[I32_LOCALS, I32], [I64_LOCALS, I64]], body: b };
  }

  // ---------------------------------------------------------------- pieces

  private delta(k: number): number {
    return this.insns[k].off - this.o0;
  }

  private nextDelta(k: number): number {
    return this.insns[k].off + this.insns[k].len - this.o0;
  }

  private cost(op: number): number {
    return this.src.cycles(op);
  }

  private maxCost(k: number): number {
    const i = this.insns[k];
    return i.op in JCC ? this.taken : this.cost(i.op);
  }

  /** Charges one retired instruction of `cycles`. */
  private charge(cycles: number): void {
    this.pc += cycles;
    this.pi += 1;
  }

  /** Adds the pending charges to the locals (before a slow path reads the cycle count). */
  private flush(): void {
    this.addToLocals(this.pc, this.pi);
    this.pc = 0;
    this.pi = 0;
  }

  private addToLocals(cycles: number, insns: number): void {
    if (cycles !== 0) this.b.get(L_CYC).i64(cycles).add64().set(L_CYC);
    if (insns !== 0) this.b.get(L_INS).i64(insns).add64().set(L_INS);
  }

  /** Leaves the block (on this path) at eip + delta with `code`, charging what is pending plus extra. */
  private exit(delta: number, code: number, extraCycles = 0, extraInsns = 0): void {
    this.addToLocals(this.pc + extraCycles, this.pi + extraInsns);
    this.b.get(L_EIP);
    if (delta !== 0) this.b.i32(delta).add();
    this.b.set(L_NEIP).i32(code).set(L_CODE).br(this.out);
  }

  /** As exit(), with the next eip in local `l`. */
  private exitTo(l: number, code: number, extraCycles: number, extraInsns: number): void {
    this.addToLocals(this.pc + extraCycles, this.pi + extraInsns);
    this.b.get(l).set(L_NEIP).i32(code).set(L_CODE).br(this.out);
  }

  /**
   * Before instruction k: leave NEAR unless every instruction from k to the
   * block's last would start before the deadline.
   */
  private checkpoint(k: number): void {
    if (k >= this.insns.length) return;
    let rest = 0;
    for (let j = k; j < this.insns.length - 1; j++) rest += this.maxCost(j);
    const b = this.b;
    b.get(L_CYC).i64(this.pc + rest).add64().get(L_DEADLINE).geU64();
    b.if();
    this.exit(this.delta(k), JIT_EXIT.NEAR);
    b.end();
  }

  private reg(r: number): void {
    if (r >= 8) this.b.i32(0);
    else this.b.get(L_R0 + r);
  }

  private setReg(r: number): void {
    this.b.set(L_R0 + r);
    this.written.add(r);
  }

  /** Effective address of a memory form: regs[B] + (regs[X] << S) + disp. */
  private ea(i: Insn): void {
    const b = this.b;
    const base = (i.h >>> 12) & 15;
    const index = (i.h >>> 16) & 15;
    const scale = (i.h >>> 20) & 3;
    b.i32(i.w1);
    if (base < 8) b.get(L_R0 + base).add();
    if (index < 8) {
      b.get(L_R0 + index);
      if (scale !== 0) b.i32(scale).shl();
      b.add();
    }
  }

  /**
   * The interpreter's fastAddr for `last + 1` bytes at L_VA with the index
   * bit in local `mask`: on a hit, ticks the LRU clock, leaves the host
   * address in L_HA and runs hit(); else runs miss().
   */
  private access(mask: number, last: number, hit: () => void, miss: () => void): void {
    const b = this.b;
    const L = this.L;
    b.get(L_VA).i32(10).shrU().i32(0x3ffffc).and().set(L_T);
    b.get(L_T).load32(L.INDEX).set(L_E);
    b.get(L_E).get(mask).and().eqz();
    if (last !== 0) b.get(L_VA).i32(0xfff).and().i32(0xfff - last).gtU().or();
    b.if();
    miss();
    b.else();
    b.get(L_T).i32(0).load32(L.CLOCK).store32(L.STAMPS);
    b.i32(0).i32(0).load32(L.CLOCK).i32(1).add().store32(L.CLOCK);
    b.get(L_E).i32(0xfffff000 | 0).and().get(L_VA).i32(0xfff).and().or().set(L_HA);
    hit();
    b.end();
  }

  /** jit.ts's codeWrite for the store just made at L_HA. */
  private codeWrite(): void {
    const b = this.b;
    b.get(L_HA).i32(12).shrU().i32(2).shl().i32(this.L.PAGES).add().set(L_T);
    b.get(L_T).load32().tee(L_T2).i32(1).and();
    b.if();
    b.get(L_T).get(L_T2).i32(1).add().store32();
    b.end();
  }

  /** A one-access read of size bytes at L_VA into L_HA (slow path in place; a fault leaves before insn k). */
  private readOne(k: number, mask: number, size: number): void {
    const b = this.b;
    this.flush();
    this.access(mask, size - 1, () => {}, () => {
      b.get(L_VA).get(mask).i32(size).get(L_CYC).call(F_READ).set(L_HA);
      b.i32(0).load64(this.L.CYCLES).set(L_CYC);
      b.get(L_HA).eqz();
      b.if();
      this.exit(this.delta(k), JIT_EXIT.FAULT);
      b.end();
      b.i32(1).set(L_SLOWED);
    });
  }

  /** A one-access write of the low `size` bytes of L_V at L_VA (slow path in place; a fault leaves before insn k). */
  private writeOne(k: number, size: number): void {
    const b = this.b;
    this.flush();
    this.access(L_WMASK, size - 1, () => {
      b.get(L_HA).get(L_V);
      if (size === 4) b.store32(); else if (size === 2) b.store16(); else b.store8();
      this.codeWrite();
    }, () => {
      b.get(L_VA).i32(size).get(L_V).get(L_WMASK).get(L_CYC).call(F_WRITE).set(L_T);
      b.i32(0).load64(this.L.CYCLES).set(L_CYC);
      b.get(L_T).eqz();
      b.if();
      this.exit(this.delta(k), JIT_EXIT.FAULT);
      b.end();
      b.i32(1).set(L_SLOWED);
    });
  }

  /** After a one-access instruction k: leave if a slow path dropped the fetch window; then the deadline check. */
  private afterAccess(k: number, stored: boolean): void {
    const b = this.b;
    const L = this.L;
    const next = this.nextDelta(k);
    b.get(L_SLOWED);
    b.if();
    b.i32(0).set(L_SLOWED);
    b.get(L_EIP).i32(next).add().i32(0).load32(L.FETCH_BASE).sub().i32(0).load32(L.FETCH_LEN).geU();
    b.if();
    this.exit(next, JIT_EXIT.CHAIN);
    b.end();
    b.end();
    if (stored) this.ownPageCheck(k);
    this.checkpoint(k + 1);
  }

  /** After a store: leave if this block's page is no longer marked as code (the block wrote itself). */
  private ownPageCheck(k: number): void {
    const b = this.b;
    b.get(L_MYFLAG).load32().i32(1).and().eqz();
    b.if();
    this.exit(this.nextDelta(k), JIT_EXIT.CHAIN);
    b.end();
  }

  // ---------------------------------------------------------------- flags

  /** The result of the lazy operation of a known kind (not EAGER). */
  private result(kind: number): void {
    const b = this.b;
    b.get(L_FA);
    if (kind === LAZY.SUB) b.get(L_FB).sub();
    else if (kind === LAZY.ADD) b.get(L_FB).add();
    else if (kind === LAZY.INC) b.i32(1).add();
    else if (kind === LAZY.DEC) b.i32(1).sub();
  }

  private flagZ(kind: number): void {
    if (kind === LAZY.EAGER) this.b.get(L_FA).i32(6).shrU().i32(1).and();
    else { this.result(kind); this.b.eqz(); }
  }

  private flagS(kind: number): void {
    if (kind === LAZY.EAGER) this.b.get(L_FA).i32(7).shrU().i32(1).and();
    else { this.result(kind); this.b.i32(31).shrU(); }
  }

  private flagC(kind: number | null): void {
    const b = this.b;
    if (kind === null) b.get(L_FK).get(L_FA).get(L_FB).call(F_CARRY);
    else if (kind === LAZY.SUB) b.get(L_FA).get(L_FB).ltU();
    else if (kind === LAZY.ADD) b.get(L_FA).get(L_FB).add().get(L_FA).ltU();
    else if (kind === LAZY.LOGIC) b.i32(0);
    else if (kind === LAZY.EAGER) b.get(L_FA).i32(1).and();
    else b.get(L_FB).i32(0).ne();
  }

  private flagO(kind: number): void {
    const b = this.b;
    if (kind === LAZY.SUB) b.get(L_FA).get(L_FB).xor().get(L_FA).get(L_FA).get(L_FB).sub().xor().and().i32(31).shrU();
    else if (kind === LAZY.ADD) {
      b.get(L_FA).get(L_FA).get(L_FB).add().xor().get(L_FB).get(L_FA).get(L_FB).add().xor().and().i32(31).shrU();
    } else if (kind === LAZY.LOGIC) b.i32(0);
    else if (kind === LAZY.EAGER) b.get(L_FA).i32(11).shrU().i32(1).and();
    else if (kind === LAZY.INC) b.get(L_FA).i32(0x7fffffff).eq();
    else b.get(L_FA).i32(0x80000000 | 0).eq();
  }

  /** Condition code cc (x86 numbering) as 0/1 on the stack: flags.ts's condition(). */
  private cond(cc: number): void {
    const b = this.b;
    const kind = this.kind;
    if (kind === null) {
      b.i32(cc).get(L_FK).get(L_FA).get(L_FB).call(F_COND);
      return;
    }
    if (kind === LAZY.SUB) {
      const a = (): Body => b.get(L_FA).get(L_FB);
      switch (cc) {
        case 0: this.flagO(kind); return;
        case 1: this.flagO(kind); b.eqz(); return;
        case 2: a().ltU(); return;
        case 3: a().geU(); return;
        case 4: a().eq(); return;
        case 5: a().ne(); return;
        case 6: a().leU(); return;
        case 7: a().gtU(); return;
        case 8: this.flagS(kind); return;
        case 9: this.flagS(kind); b.eqz(); return;
        case 12: a().ltS(); return;
        case 13: a().geS(); return;
        case 14: a().leS(); return;
        default: a().gtS(); return;
      }
    }
    const sNeO = (): void => { this.flagS(kind); this.flagO(kind); b.xor(); };
    switch (cc) {
      case 0: this.flagO(kind); return;
      case 1: this.flagO(kind); b.eqz(); return;
      case 2: this.flagC(kind); return;
      case 3: this.flagC(kind); b.eqz(); return;
      case 4: this.flagZ(kind); return;
      case 5: this.flagZ(kind); b.eqz(); return;
      case 6: this.flagC(kind); this.flagZ(kind); b.or(); return;
      case 7: this.flagC(kind); this.flagZ(kind); b.or().eqz(); return;
      case 8: this.flagS(kind); return;
      case 9: this.flagS(kind); b.eqz(); return;
      case 12: sNeO(); return;
      case 13: sNeO(); b.eqz(); return;
      case 14: this.flagZ(kind); sNeO(); b.or(); return;
      default: this.flagZ(kind); sNeO(); b.or().eqz(); return;
    }
  }

  /** Eager flags from cf and of (0/1 in locals) and the result in local r: flags.ts's eager(). */
  private eagerFlags(cf: number, of: number, r: number): void {
    const b = this.b;
    b.get(cf).get(of).i32(11).shl().or();
    b.get(r).eqz().i32(6).shl().or();
    b.get(r).i32(31).shrU().i32(7).shl().or();
  }

  // ---------------------------------------------------------------- instructions

  /** Emits instruction k; returns true when it ended the block. */
  private insn(k: number): boolean {
    const i = this.insns[k];
    const b = this.b;
    const op = i.op;
    const A = (i.h >>> 8) & 15;
    const B = (i.h >>> 12) & 15;
    const c = this.cost(op);
    // Two-operand ALU on a register: SUB/ADD keep both operands, LOGIC the result (fb stays).
    const aluRR = (src: () => void, kind: number, store: boolean, fn: () => void): void => {
      if (kind === LAZY.LOGIC) {
        this.reg(A); src(); fn(); b.set(L_FA);
        if (store) { b.get(L_FA); this.setReg(A); }
      } else {
        this.reg(A); b.set(L_FA); src(); b.set(L_FB);
        if (store) { b.get(L_FA).get(L_FB); fn(); this.setReg(A); }
      }
      b.i32(kind).set(L_FK);
      this.kind = kind;
      this.charge(c);
    };
    const rrSrc = (): void => this.reg(B);
    const imm = (): void => { b.i32(i.w1); };

    switch (op) {
      case OP.MOV_RR: this.reg(B); this.setReg(A); this.charge(c); return false;
      case OP.MOV_RI: b.i32(i.w1); this.setReg(A); this.charge(c); return false;
      case OP.LEA: this.ea(i); this.setReg(A); this.charge(c); return false;
      case OP.XCHG_RR: {
        this.reg(A); b.set(L_T); this.reg(B); this.setReg(A); b.get(L_T); this.setReg(B);
        this.charge(c); return false;
      }
      case OP.ADD_RR: aluRR(rrSrc, LAZY.ADD, true, () => b.add()); return false;
      case OP.ADD_RI: aluRR(imm, LAZY.ADD, true, () => b.add()); return false;
      case OP.SUB_RR: aluRR(rrSrc, LAZY.SUB, true, () => b.sub()); return false;
      case OP.SUB_RI: aluRR(imm, LAZY.SUB, true, () => b.sub()); return false;
      case OP.CMP_RR: aluRR(rrSrc, LAZY.SUB, false, () => {}); return false;
      case OP.CMP_RI: aluRR(imm, LAZY.SUB, false, () => {}); return false;
      case OP.AND_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.and()); return false;
      case OP.AND_RI: aluRR(imm, LAZY.LOGIC, true, () => b.and()); return false;
      case OP.OR_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.or()); return false;
      case OP.OR_RI: aluRR(imm, LAZY.LOGIC, true, () => b.or()); return false;
      case OP.XOR_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.xor()); return false;
      case OP.XOR_RI: aluRR(imm, LAZY.LOGIC, true, () => b.xor()); return false;
      case OP.TEST_RR: aluRR(rrSrc, LAZY.LOGIC, false, () => b.and()); return false;
      case OP.TEST_RI: aluRR(imm, LAZY.LOGIC, false, () => b.and()); return false;
      case OP.NOT_R: this.reg(A); b.i32(-1).xor(); this.setReg(A); this.charge(c); return false;
      case OP.NEG_R: {
        b.i32(0).set(L_FA); this.reg(A); b.set(L_FB); b.i32(LAZY.SUB).set(L_FK); this.kind = LAZY.SUB;
        b.i32(0).get(L_FB).sub(); this.setReg(A);
        this.charge(c); return false;
      }
      case OP.INC_R:
      case OP.DEC_R: {
        const kind = op === OP.INC_R ? LAZY.INC : LAZY.DEC;
        this.flagC(this.kind); b.set(L_T);
        this.reg(A); b.set(L_FA); b.get(L_T).set(L_FB); b.i32(kind).set(L_FK); this.kind = kind;
        b.get(L_FA).i32(1); if (kind === LAZY.INC) b.add(); else b.sub();
        this.setReg(A);
        this.charge(c); return false;
      }
      case OP.SHL_RI:
      case OP.SHR_RI:
      case OP.SAR_RI: {
        const n = (i.h >>> 24) & 31;
        if (n !== 0) {
          this.reg(A); b.set(L_V);
          b.get(L_V).i32(n);
          if (op === OP.SHL_RI) b.shl(); else if (op === OP.SHR_RI) b.shrU(); else b.shrS();
          b.set(L_T);
          if (op === OP.SHL_RI) {
            b.get(L_V).i32(32 - n).shrU().i32(1).and().set(L_E); // cf
            b.get(L_T).i32(31).shrU().get(L_E).xor().set(L_HA); // of
          } else if (op === OP.SHR_RI) {
            b.get(L_V).i32(n - 1).shrU().i32(1).and().set(L_E);
            b.get(L_V).i32(31).shrU().set(L_HA);
          } else {
            b.get(L_V).i32(n - 1).shrS().i32(1).and().set(L_E);
            b.i32(0).set(L_HA);
          }
          this.eagerFlags(L_E, L_HA, L_T); b.set(L_FA);
          b.i32(LAZY.EAGER).set(L_FK); this.kind = LAZY.EAGER;
          b.get(L_T); this.setReg(A);
        }
        this.charge(c); return false;
      }
      case OP.IMUL_RR:
      case OP.IMUL_RRI: {
        const three = op === OP.IMUL_RRI;
        this.reg(three ? B : A); b.set(L_V);
        if (three) b.i32(i.w1); else this.reg(B);
        b.set(L_E);
        b.get(L_V).get(L_E).mul().set(L_T);
        b.get(L_V).extendS().get(L_E).extendS().mul64().tee(L_P64).get(L_P64).wrap().extendS().ne64().set(L_HA);
        this.eagerFlags(L_HA, L_HA, L_T); b.set(L_FA);
        b.i32(LAZY.EAGER).set(L_FK); this.kind = LAZY.EAGER;
        b.get(L_T); this.setReg(A);
        this.charge(c); return false;
      }
      case OP.CDQ: b.get(L_R0).i32(31).shrS(); this.setReg(2); this.charge(c); return false;
      case OP.NOP: this.charge(c); return false;

      case OP.MOV_RM:
      case OP.MOVZX_RM:
      case OP.MOVSX_RM: {
        const z = op === OP.MOV_RM ? 2 : (i.h >>> 22) & 3;
        this.ea(i); b.set(L_VA);
        this.readOne(k, L_RMASK, 1 << z);
        b.get(L_HA);
        if (op === OP.MOV_RM) b.load32();
        else if (op === OP.MOVZX_RM) { if (z === 0) b.load8u(); else b.load16u(); }
        else if (z === 0) b.load8s();
        else b.load16s();
        this.setReg(A);
        this.charge(c);
        this.afterAccess(k, false);
        return false;
      }
      case OP.MOV_MR:
      case OP.MOV_MI: {
        const z = (i.h >>> 22) & 3;
        const size = 1 << z;
        this.ea(i); b.set(L_VA);
        if (op === OP.MOV_MR) this.reg(A); else b.i32(i.w2);
        b.set(L_V);
        this.writeOne(k, size);
        this.charge(c);
        this.afterAccess(k, true);
        return false;
      }
      case OP.ADD_RM: case OP.OR_RM: case OP.AND_RM: case OP.SUB_RM: case OP.XOR_RM: case OP.CMP_RM:
      case OP.CMP_MR: case OP.CMP_MI: case OP.TEST_MR: case OP.TEST_MI: {
        this.ea(i); b.set(L_VA);
        this.readOne(k, L_RMASK, 4);
        b.get(L_HA).load32().set(L_V); // m
        const x = (): void => this.reg(A);
        const m = (): void => { b.get(L_V); };
        let kind: number = LAZY.SUB;
        if (op === OP.ADD_RM || op === OP.SUB_RM || op === OP.CMP_RM) {
          kind = op === OP.ADD_RM ? LAZY.ADD : LAZY.SUB;
          x(); b.set(L_FA); m(); b.set(L_FB);
          if (op !== OP.CMP_RM) { b.get(L_FA).get(L_FB); if (op === OP.ADD_RM) b.add(); else b.sub(); this.setReg(A); }
        } else if (op === OP.CMP_MR || op === OP.CMP_MI) {
          m(); b.set(L_FA);
          if (op === OP.CMP_MR) x(); else b.i32(i.w2);
          b.set(L_FB);
        } else {
          kind = LAZY.LOGIC;
          if (op === OP.TEST_MR || op === OP.TEST_MI) {
            m(); if (op === OP.TEST_MR) x(); else b.i32(i.w2);
            b.and().set(L_FA);
          } else {
            x(); m();
            if (op === OP.OR_RM) b.or(); else if (op === OP.AND_RM) b.and(); else b.xor();
            b.tee(L_FA); this.setReg(A);
          }
        }
        b.i32(kind).set(L_FK); this.kind = kind;
        this.charge(c);
        this.afterAccess(k, false);
        return false;
      }

      case OP.ADD_MR: case OP.ADD_MI: case OP.OR_MR: case OP.OR_MI: case OP.AND_MR: case OP.AND_MI:
      case OP.SUB_MR: case OP.SUB_MI: case OP.XOR_MR: case OP.XOR_MI:
      case OP.NOT_M: case OP.NEG_M: case OP.INC_M: case OP.DEC_M: {
        this.readModifyWrite(k, i, A);
        return false;
      }
      case OP.PUSH_R:
      case OP.PUSH_I:
      case OP.CALL: {
        if (op === OP.PUSH_R) this.reg(A);
        else if (op === OP.PUSH_I) b.i32(i.w1);
        else b.get(L_EIP).i32(this.nextDelta(k)).add();
        b.set(L_V);
        this.reg(4); b.i32(4).sub().set(L_VA);
        this.writeOne(k, 4);
        b.get(L_VA); this.setReg(4);
        this.charge(c);
        if (op === OP.CALL) {
          // Always out of the block (never round its loop): after a slow path the
          // interpreter's next fetch may have to look the page up again.
          this.exit((i.off + 8 + (i.w1 | 0) - this.o0) | 0, JIT_EXIT.CHAIN);
          return true;
        }
        this.afterAccess(k, true);
        return false;
      }
      case OP.POP_R:
      case OP.RET: {
        this.reg(4); b.set(L_VA);
        this.readOne(k, L_RMASK, 4);
        b.get(L_HA).load32().set(L_V);
        b.get(L_VA).i32(4).add(); this.setReg(4);
        if (op === OP.POP_R) {
          b.get(L_V); this.setReg(A); // after the esp update: pop esp loads the popped value
          this.charge(c);
          this.afterAccess(k, false);
          return false;
        }
        this.exitTo(L_V, JIT_EXIT.CHAIN, c, 1);
        return true;
      }
      case OP.JMP: {
        this.jump(i.off + 8 + (i.w1 | 0), c, 1);
        return true;
      }
      default: {
        if (op in SETCC) {
          this.cond(SETCC[op]); this.setReg(A);
          this.charge(c);
          return false;
        }
        // A jcc.
        this.cond(JCC[op]);
        b.if();
        this.jump(i.off + 8 + (i.w1 | 0), this.taken, 1);
        b.end();
        this.charge(this.notTaken);
        return false;
      }
    }
  }

  /**
   * op [m], x: the read half checked for writing (a miss served in place),
   * the new value and flags computed aside, the write half; a miss of the
   * write half takes back the read's clock tick and hands the whole
   * instruction to the slow step, flags untouched, as the interpreter does.
   */
  private readModifyWrite(k: number, i: Insn, A: number): void {
    const b = this.b;
    const op = i.op;
    const imm = op === OP.ADD_MI || op === OP.OR_MI || op === OP.AND_MI || op === OP.SUB_MI || op === OP.XOR_MI;
    const x = (): void => { if (imm) b.i32(i.w2); else this.reg(A); };
    this.ea(i); b.set(L_VA);
    this.readOne(k, L_WMASK, 4);
    b.get(L_HA).load32().set(L_V); // m
    let kind: number | null = this.kind; // NOT_M keeps the flags
    b.get(L_FA).set(L_NA).get(L_FB).set(L_NB);
    if (op === OP.ADD_MR || op === OP.ADD_MI || op === OP.SUB_MR || op === OP.SUB_MI) {
      kind = op === OP.ADD_MR || op === OP.ADD_MI ? LAZY.ADD : LAZY.SUB;
      b.get(L_V).set(L_NA); x(); b.set(L_NB);
      b.get(L_NA).get(L_NB); if (kind === LAZY.ADD) b.add(); else b.sub();
      b.set(L_R);
    } else if (op === OP.OR_MR || op === OP.OR_MI || op === OP.AND_MR || op === OP.AND_MI || op === OP.XOR_MR || op === OP.XOR_MI) {
      kind = LAZY.LOGIC;
      b.get(L_V); x();
      if (op === OP.OR_MR || op === OP.OR_MI) b.or(); else if (op === OP.AND_MR || op === OP.AND_MI) b.and(); else b.xor();
      b.tee(L_R).set(L_NA);
    } else if (op === OP.NOT_M) {
      b.get(L_V).i32(-1).xor().set(L_R);
    } else if (op === OP.NEG_M) {
      kind = LAZY.SUB;
      b.i32(0).set(L_NA).get(L_V).set(L_NB).i32(0).get(L_V).sub().set(L_R);
    } else {
      kind = op === OP.INC_M ? LAZY.INC : LAZY.DEC;
      this.flagC(this.kind); b.set(L_NB);
      b.get(L_V).tee(L_NA).i32(1); if (kind === LAZY.INC) b.add(); else b.sub();
      b.set(L_R);
    }
    this.access(L_WMASK, 3, () => {
      b.get(L_HA).get(L_R).store32();
      this.codeWrite();
    }, () => {
      b.i32(0).i32(0).load32(this.L.CLOCK).i32(1).sub().store32(this.L.CLOCK); // untick the read
      this.exit(this.delta(k), JIT_EXIT.SLOW);
    });
    if (op !== OP.NOT_M) {
      b.get(L_NA).set(L_FA).get(L_NB).set(L_FB).i32(kind!).set(L_FK);
      this.kind = kind;
    }
    this.charge(this.cost(op));
    this.afterAccess(k, true);
  }

  /**
   * Control goes to page offset `target` (of the block's page; may be outside
   * it), charging extra: back to the top when that is this block's entry,
   * else out of the block.
   */
  private jump(target: number, extraCycles: number, extraInsns: number): void {
    if (target === this.o0) {
      this.addToLocals(this.pc + extraCycles, this.pi + extraInsns);
      this.b.br(this.top);
      return;
    }
    this.exit((target - this.o0) | 0, JIT_EXIT.CHAIN, extraCycles, extraInsns);
  }
}
