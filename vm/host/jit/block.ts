// One block being compiled: the function's signature and imports, the
// locals the guest state lives in while the block runs, and the compile-time
// bookkeeping every instruction emitter shares (pending cycle charges, the
// lazy-flags kind known at this point, the registers written, the exits).
//
// Registers, lazy flags, cycles and instret are loaded into locals at the
// entry and written back on every exit (all exits branch to one epilogue).
// Cycles and instructions are charged at compile time (`pc`, `pi`) and added
// to the locals only where something reads them: a slow path, an exit, a
// deadline checkpoint. Time, as the interpreter sees it: an instruction runs
// iff the cycle counter is below the deadline; checkpoint() makes the block
// leave NEAR unless every instruction left would start before it, so the
// interpreter does the last few one by one and an interrupt arrives at the
// same cycle.

import { JIT_EXIT, JIT_LAYOUT } from '../../isa/machine.js';
import { Body, I32, I64, Import } from './wasm.js';
import { CodeSource, Insn, JCC } from './decode.js';

/** What jitLayout() reports, by JIT_LAYOUT name. */
export type JitLayout = Record<keyof typeof JIT_LAYOUT, number>;

/** The helper functions a block imports from the core (function indices 0..3). */
export const IMPORTS: Import[] = [
  { module: 'core', name: 'jitRead', type: { params: [I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitWrite', type: { params: [I32, I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitCondition', type: { params: [I32, I32, I32, I32], results: [I32] } },
  { module: 'core', name: 'jitCarry', type: { params: [I32, I32, I32], results: [I32] } },
];
export const F_READ = 0;
export const F_WRITE = 1;
export const F_COND = 2;
export const F_CARRY = 3;

/** A block's signature: (eip, host address of eip, deadline) -> JIT_EXIT code. */
export const BLOCK_TYPE = { params: [I32, I32, I64], results: [I32] };

// Locals: parameters, then i32s, then i64s.
export const L_EIP = 0;
export const L_P = 1;
export const L_DEADLINE = 2;
export const L_R0 = 3; // 3..10: eax..edi
export const L_FK = 11;
export const L_FA = 12;
export const L_FB = 13;
export const L_NEIP = 14;
export const L_CODE = 15;
export const L_VA = 16;
export const L_E = 17;
export const L_HA = 18;
export const L_T = 19;
export const L_V = 20;
export const L_RMASK = 21;
export const L_WMASK = 22;
export const L_MYFLAG = 23;
export const L_SLOWED = 24;
export const L_T2 = 25;
export const L_NA = 26; // a read-modify-write's new flags and result, committed after its write
export const L_NB = 27;
export const L_R = 28;
export const L_CF = 29; // scratch of adc/sbb, shifts, mul: carry in or out, overflow, count
export const L_OF = 30;
export const L_N = 31;
export const L_NK = 32; // a read-modify-write's new flags kind, when only known at run time
export const L_NEXT = 33; // an indirect jump's or call's target
const I32_LOCALS = 31; // 3..33
export const L_CYC = 34;
export const L_INS = 35;
export const L_P64 = 36;
export const L_Q64 = 37; // div: quotient and remainder
export const L_R64 = 38;
const I64_LOCALS = 5;
// More i32s, after the i64s: the TLB miss handled in the block (miss.ts).
export const L_PDE = 39;
export const L_PTE = 40;
export const L_RAMSZ = 41;
export const L_SET = 42; // the model entry of the set's first way
export const L_VIC = 43; // the victim's entry, its vpn, its stamp
export const L_GONE = 44;
export const L_BS = 45;
export const L_S = 46; // scratch
export const L_C = 47;
export const L_CLK = 48;
export const L_FL = 49; // the new entry's TLB_FLAG bits
const MISS_LOCALS = 11; // 39..49

/** The locals a block function declares beyond its parameters. */
export const BLOCK_LOCALS: Array<[number, number]> = [[I32_LOCALS, I32], [I64_LOCALS, I64], [MISS_LOCALS, I32]];

export class Block {
  readonly b = new Body();
  /** Cycles and instructions charged at compile time but not yet added to the locals. */
  pc = 0;
  pi = 0;
  /** The lazy-flags kind held in L_FK, when known at this point of the block. */
  kind: number | null = null;
  readonly written = new Set<number>();
  /** Labels: the epilogue (every exit) and the loop back to the entry. */
  out = 0;
  top = 0;
  readonly taken: number;
  readonly notTaken: number;

  constructor(
    readonly src: CodeSource,
    readonly L: JitLayout,
    readonly o0: number,
    readonly insns: Insn[],
  ) {
    this.notTaken = src.cycles(-1);
    this.taken = src.cycles(-2);
  }

  /** The prologue: machine state into locals. */
  loadState(): void {
    const b = this.b;
    const L = this.L;
    for (let r = 0; r < 8; r++) b.i32(0).load32(L.REGS + 4 * r).set(L_R0 + r);
    b.loadAt32(L.FK).set(L_FK).loadAt32(L.FA).set(L_FA).loadAt32(L.FB).set(L_FB);
    b.loadAt64(L.CYCLES).set(L_CYC).loadAt64(L.INSTRET).set(L_INS);
    b.loadAt32(L.RMASK).set(L_RMASK).loadAt32(L.WMASK).set(L_WMASK);
    b.get(L_P).i32(12).shrU().i32(2).shl().i32(L.PAGES).add().set(L_MYFLAG);
  }

  /** The epilogue every exit branches to: locals back into the machine, the exit code returned. */
  storeState(): void {
    const b = this.b;
    const L = this.L;
    for (const r of [...this.written].sort()) b.i32(0).get(L_R0 + r).store32(L.REGS + 4 * r);
    b.i32(0).get(L_FK).store32(L.FK).i32(0).get(L_FA).store32(L.FA).i32(0).get(L_FB).store32(L.FB);
    b.i32(0).get(L_CYC).store64(L.CYCLES).i32(0).get(L_INS).store64(L.INSTRET);
    b.i32(0).get(L_NEIP).store32(L.EIP);
    b.get(L_CODE);
  }

  delta(k: number): number {
    return this.insns[k].off - this.o0;
  }

  nextDelta(k: number): number {
    return this.insns[k].off + this.insns[k].len - this.o0;
  }

  cost(op: number): number {
    return this.src.cycles(op);
  }

  private maxCost(k: number): number {
    const i = this.insns[k];
    return i.op in JCC ? this.taken : this.cost(i.op);
  }

  /** Charges one retired instruction of `cycles`. */
  charge(cycles: number): void {
    this.pc += cycles;
    this.pi += 1;
  }

  /** Adds the pending charges to the locals (before a slow path reads the cycle count). */
  flush(): void {
    this.addToLocals(this.pc, this.pi);
    this.pc = 0;
    this.pi = 0;
  }

  addToLocals(cycles: number, insns: number): void {
    if (cycles !== 0) this.b.get(L_CYC).i64(cycles).add64().set(L_CYC);
    if (insns !== 0) this.b.get(L_INS).i64(insns).add64().set(L_INS);
  }

  /** Leaves the block (on this path) at eip + delta with `code`, charging what is pending plus extra. */
  exit(delta: number, code: number, extraCycles = 0, extraInsns = 0): void {
    this.addToLocals(this.pc + extraCycles, this.pi + extraInsns);
    this.b.get(L_EIP);
    if (delta !== 0) this.b.i32(delta).add();
    this.b.set(L_NEIP).i32(code).set(L_CODE).br(this.out);
  }

  /** As exit(), with the next eip in local `l`. */
  exitTo(l: number, code: number, extraCycles: number, extraInsns: number): void {
    this.addToLocals(this.pc + extraCycles, this.pi + extraInsns);
    this.b.get(l).set(L_NEIP).i32(code).set(L_CODE).br(this.out);
  }

  /**
   * Before instruction k: leave NEAR unless every instruction from k to the
   * block's last would start before the deadline.
   */
  checkpoint(k: number): void {
    if (k >= this.insns.length) return;
    let rest = 0;
    for (let j = k; j < this.insns.length - 1; j++) rest += this.maxCost(j);
    const b = this.b;
    b.get(L_CYC).i64(this.pc + rest).add64().get(L_DEADLINE).geU64();
    b.if();
    this.exit(this.delta(k), JIT_EXIT.NEAR);
    b.end();
  }

  /** Pushes register r (8..15: the "no register" field, 0). */
  reg(r: number): void {
    if (r >= 8) this.b.i32(0);
    else this.b.get(L_R0 + r);
  }

  /** Pops into register r, remembering to write it back. */
  setReg(r: number): void {
    this.b.set(L_R0 + r);
    this.written.add(r);
  }
}
