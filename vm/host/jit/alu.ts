// Arithmetic and logic in a compiled block: alu.ts and flags.ts of the
// interpreter, as WebAssembly on the register locals.
//
// Flags stay lazy exactly as the interpreter leaves them: SUB/ADD keep both
// operands, LOGIC the result (fb untouched), INC/DEC the operand and the old
// carry; shifts, adc/sbb and multiplies compute EAGER bits (alu.ts's rules,
// including x86's undefined cases as vm/ISA.md fixes them). Every emitter records the kind
// it left in L_FK (c.kind) so later condition reads can be specialised.
// Read-modify-write forms compute their new value and flags aside and
// commit them only after the write half succeeded, as the interpreter does.

import { JIT_EXIT, LAZY } from '../../isa/machine.js';
import { Insn, OP } from './decode.js';
import {
  Block, L_CF, L_E, L_FA, L_FB, L_FK, L_HA, L_N, L_NA, L_NB, L_NK, L_OF, L_P64, L_R, L_RMASK, L_T, L_V, L_VA, L_WMASK,
} from './block.js';
import { eagerFlags, flagC } from './flags.js';
import { afterAccess, ea, readOne, writeHalf } from './memory.js';
import { divWide, mulWide } from './muldiv.js';

/**
 * Two-operand ALU on register A with source src(): SUB/ADD keep both
 * operands, LOGIC the result (fb stays); fn() combines them when `store`.
 */
export function binary(c: Block, A: number, cost: number, src: () => void, kind: number, store: boolean, fn: () => void): void {
  const b = c.b;
  if (kind === LAZY.LOGIC) {
    c.reg(A); src(); fn(); b.set(L_FA);
    if (store) { b.get(L_FA); c.setReg(A); }
  } else {
    c.reg(A); b.set(L_FA); src(); b.set(L_FB);
    if (store) { b.get(L_FA).get(L_FB); fn(); c.setReg(A); }
  }
  b.i32(kind).set(L_FK);
  c.kind = kind;
  c.charge(cost);
}

/** neg r. */
export function neg(c: Block, A: number, cost: number): void {
  const b = c.b;
  b.i32(0).set(L_FA); c.reg(A); b.set(L_FB); b.i32(LAZY.SUB).set(L_FK); c.kind = LAZY.SUB;
  b.i32(0).get(L_FB).sub(); c.setReg(A);
  c.charge(cost);
}

/** inc r / dec r: the carry is kept (in fb). */
export function incDec(c: Block, op: number, A: number, cost: number): void {
  const b = c.b;
  const kind = op === OP.INC_R ? LAZY.INC : LAZY.DEC;
  flagC(c, c.kind); b.set(L_T);
  c.reg(A); b.set(L_FA); b.get(L_T).set(L_FB); b.i32(kind).set(L_FK); c.kind = kind;
  b.get(L_FA).i32(1); if (kind === LAZY.INC) b.add(); else b.sub();
  c.setReg(A);
  c.charge(cost);
}

/** shl/shr/sar r, imm: a count of 0 changes nothing, flags included. */
export function shiftImm(c: Block, i: Insn, A: number, cost: number): void {
  const b = c.b;
  const op = i.op;
  const n = (i.h >>> 24) & 31;
  if (n !== 0) {
    c.reg(A); b.set(L_V);
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
    eagerFlags(c, L_E, L_HA, L_T); b.set(L_FA);
    b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
    b.get(L_T); c.setReg(A);
  }
  c.charge(cost);
}

/** imul r, r / imul r, r, imm: cf = of = the product does not fit 32 bits. */
export function imul(c: Block, i: Insn, A: number, B: number, cost: number): void {
  const b = c.b;
  const three = i.op === OP.IMUL_RRI;
  c.reg(three ? B : A); b.set(L_V);
  if (three) b.i32(i.w1); else c.reg(B);
  b.set(L_E);
  imulCore(c, A);
  c.charge(cost);
}

/** Register A = L_V * L_E (two- and three-operand imul), with its eager flags. */
function imulCore(c: Block, A: number): void {
  const b = c.b;
  b.get(L_V).get(L_E).mul().set(L_T);
  b.get(L_V).extendS().get(L_E).extendS().mul64().tee(L_P64).get(L_P64).wrap().extendS().ne64().set(L_HA);
  eagerFlags(c, L_HA, L_HA, L_T); b.set(L_FA);
  b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
  b.get(L_T); c.setReg(A);
}

/**
 * adc/sbb of locals x and y with the carry in local cin (0/1): the result
 * into local r, its eager flags on the stack (alu.ts's adcFlags, sbbFlags).
 */
function carryOp(c: Block, sbb: boolean, x: number, y: number, cin: number, r: number): void {
  const b = c.b;
  b.get(x).get(y);
  if (sbb) b.sub().get(cin).sub(); else b.add().get(cin).add();
  b.set(r);
  if (sbb) b.get(x).get(y).leU().get(x).get(y).ltU();
  else b.get(r).get(x).leU().get(r).get(x).ltU();
  b.get(cin).select().set(L_CF);
  if (sbb) b.get(x).get(y).xor().get(x).get(r).xor();
  else b.get(x).get(r).xor().get(y).get(r).xor();
  b.and().i32(31).shrU().set(L_OF);
  eagerFlags(c, L_CF, L_OF, r);
}

function isSbb(op: number): boolean {
  return op === OP.SBB_RR || op === OP.SBB_RI || op === OP.SBB_RM || op === OP.SBB_MR || op === OP.SBB_MI;
}

/** adc/sbb r, r / r, imm: the carry in from the flags before it. */
export function carryReg(c: Block, i: Insn, A: number, B: number, cost: number): void {
  const b = c.b;
  flagC(c, c.kind); b.set(L_N);
  c.reg(A); b.set(L_V);
  if (i.op === OP.ADC_RR || i.op === OP.SBB_RR) c.reg(B); else b.i32(i.w1);
  b.set(L_E);
  carryOp(c, isSbb(i.op), L_V, L_E, L_N, L_T); b.set(L_FA);
  b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
  b.get(L_T); c.setReg(A);
  c.charge(cost);
}

/** Shift kind (0 shl, 1 shr, 2 sar) of the shift forms. */
function shiftKind(op: number): number {
  if (op === OP.SHL_RI || op === OP.SHL_RC || op === OP.SHL_MI || op === OP.SHL_MC) return 0;
  if (op === OP.SHR_RI || op === OP.SHR_RC || op === OP.SHR_MI || op === OP.SHR_MC) return 1;
  return 2;
}

/**
 * Local v shifted by local n (1..31): the result into local r, its eager
 * flags on the stack (alu.ts's shiftValue and shiftFlags).
 */
function shiftOp(c: Block, kind: number, v: number, n: number, r: number): void {
  const b = c.b;
  b.get(v).get(n);
  if (kind === 0) b.shl(); else if (kind === 1) b.shrU(); else b.shrS();
  b.set(r);
  if (kind === 0) {
    b.get(v).i32(32).get(n).sub().shrU().i32(1).and().set(L_CF);
    b.get(r).i32(31).shrU().get(L_CF).xor().set(L_OF);
  } else if (kind === 1) {
    b.get(v).get(n).i32(1).sub().shrU().i32(1).and().set(L_CF);
    b.get(v).i32(31).shrU().set(L_OF);
  } else {
    b.get(v).get(n).i32(1).sub().shrS().i32(1).and().set(L_CF);
    b.i32(0).set(L_OF);
  }
  eagerFlags(c, L_CF, L_OF, r);
}

/** shl/shr/sar r, cl: a count (cl & 31) of 0 changes nothing, flags included. */
export function shiftCl(c: Block, i: Insn, A: number, cost: number): void {
  const b = c.b;
  c.reg(1); b.i32(31).and().tee(L_N);
  b.if();
  c.reg(A); b.set(L_V);
  shiftOp(c, shiftKind(i.op), L_V, L_N, L_T); b.set(L_FA);
  b.i32(LAZY.EAGER).set(L_FK);
  b.get(L_T); c.setReg(A);
  b.end();
  if (c.kind !== LAZY.EAGER) c.kind = null; // EAGER or unchanged: known only at run time
  c.charge(cost);
}

/** mul/imul/div/idiv r: one operand, edx:eax. */
export function wideReg(c: Block, k: number, i: Insn, A: number, cost: number): void {
  c.reg(A); c.b.set(L_V);
  wide(c, k, i.op);
  c.charge(cost);
}

/** The one-operand multiply or divide `op` of L_V. */
function wide(c: Block, k: number, op: number): void {
  if (op === OP.MUL_R || op === OP.MUL_M) mulWide(c, false, L_V);
  else if (op === OP.IMUL_R || op === OP.IMUL_M) mulWide(c, true, L_V);
  else divWide(c, k, op === OP.IDIV_R || op === OP.IDIV_M, L_V);
}

/** op r, [m] / cmp [m], x / test [m], x: one read, flags (and r) updated. */
export function memSource(c: Block, k: number, i: Insn, A: number): void {
  const b = c.b;
  const op = i.op;
  ea(c, i); b.set(L_VA);
  readOne(c, k, L_RMASK, 4);
  b.get(L_HA).load32().set(L_V); // m
  const x = (): void => c.reg(A);
  const m = (): void => { b.get(L_V); };
  if (op === OP.MUL_M || op === OP.IMUL_M || op === OP.DIV_M || op === OP.IDIV_M || op === OP.IMUL_RM || op === OP.IMUL_RMI ||
    op === OP.ADC_RM || op === OP.SBB_RM) {
    if (op === OP.IMUL_RM) { x(); b.set(L_E); imulCore(c, A); }
    else if (op === OP.IMUL_RMI) { b.i32(i.w2).set(L_E); imulCore(c, A); }
    else if (op === OP.ADC_RM || op === OP.SBB_RM) {
      flagC(c, c.kind); b.set(L_N);
      x(); b.set(L_E);
      carryOp(c, op === OP.SBB_RM, L_E, L_V, L_N, L_T); b.set(L_FA);
      b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
      b.get(L_T); c.setReg(A);
    } else wide(c, k, op);
    c.charge(c.cost(op));
    afterAccess(c, k, false);
    return;
  }
  let kind: number = LAZY.SUB;
  if (op === OP.ADD_RM || op === OP.SUB_RM || op === OP.CMP_RM) {
    kind = op === OP.ADD_RM ? LAZY.ADD : LAZY.SUB;
    x(); b.set(L_FA); m(); b.set(L_FB);
    if (op !== OP.CMP_RM) { b.get(L_FA).get(L_FB); if (op === OP.ADD_RM) b.add(); else b.sub(); c.setReg(A); }
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
      b.tee(L_FA); c.setReg(A);
    }
  }
  b.i32(kind).set(L_FK); c.kind = kind;
  c.charge(c.cost(op));
  afterAccess(c, k, false);
}

/**
 * op [m], x: the read half checked for writing (a miss served in place),
 * the new value and flags computed aside, the write half; a miss of the
 * write half takes back the read's clock tick and hands the whole
 * instruction to the slow step, flags untouched, as the interpreter does.
 */
export function readModifyWrite(c: Block, k: number, i: Insn, A: number): void {
  const b = c.b;
  const op = i.op;
  const imm = op === OP.ADD_MI || op === OP.OR_MI || op === OP.AND_MI || op === OP.SUB_MI || op === OP.XOR_MI ||
    op === OP.ADC_MI || op === OP.SBB_MI;
  const x = (): void => { if (imm) b.i32(i.w2); else c.reg(A); };
  ea(c, i); b.set(L_VA);
  readOne(c, k, L_WMASK, 4);
  b.get(L_HA).load32().set(L_V); // m
  let kind: number | null = c.kind; // NOT_M keeps the flags
  /** How the new flags are committed: a kind known here, none (flags kept), or L_NK at run time. */
  let commit: 'kind' | 'none' | 'dynamic' = op === OP.NOT_M ? 'none' : 'kind';
  /** Register written after the write half: xchg's A, cmpxchg's eax (-1: none). */
  let regOut = -1;
  b.get(L_FA).set(L_NA).get(L_FB).set(L_NB);
  if (op === OP.ADC_MR || op === OP.ADC_MI || op === OP.SBB_MR || op === OP.SBB_MI) {
    kind = LAZY.EAGER;
    flagC(c, c.kind); b.set(L_N);
    x(); b.set(L_E);
    carryOp(c, op === OP.SBB_MR || op === OP.SBB_MI, L_V, L_E, L_N, L_R); b.set(L_NA);
  } else if (op === OP.SHL_MI || op === OP.SHR_MI || op === OP.SAR_MI) {
    // Count 0: value and flags unchanged, both accesses still made.
    const n = (i.h >>> 24) & 31;
    if (n === 0) { b.get(L_V).set(L_R); commit = 'none'; }
    else { kind = LAZY.EAGER; b.i32(n).set(L_N); shiftOp(c, shiftKind(op), L_V, L_N, L_R); b.set(L_NA); }
  } else if (op === OP.SHL_MC || op === OP.SHR_MC || op === OP.SAR_MC) {
    commit = 'dynamic';
    b.get(L_V).set(L_R).get(L_FK).set(L_NK);
    c.reg(1); b.i32(31).and().tee(L_N);
    b.if();
    shiftOp(c, shiftKind(op), L_V, L_N, L_R); b.set(L_NA);
    b.i32(LAZY.EAGER).set(L_NK);
    b.end();
  } else if (op === OP.XCHG_MR || op === OP.XCHG_RM) {
    c.reg(A); b.set(L_R);
    commit = 'none';
    regOut = A;
  } else if (op === OP.CMPXCHG_MR) {
    // [m] = eax == m ? r : m; eax = m either way (a no-op when equal); flags of cmp eax, m.
    kind = LAZY.SUB;
    c.reg(0); b.set(L_NA).get(L_V).set(L_NB);
    c.reg(A); b.get(L_V); c.reg(0); b.get(L_V).eq().select().set(L_R);
    regOut = 0;
  } else if (op === OP.ADD_MR || op === OP.ADD_MI || op === OP.SUB_MR || op === OP.SUB_MI) {
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
    flagC(c, c.kind); b.set(L_NB);
    b.get(L_V).tee(L_NA).i32(1); if (kind === LAZY.INC) b.add(); else b.sub();
    b.set(L_R);
  }
  writeHalf(c, k, L_R);
  if (regOut >= 0) { b.get(L_V); c.setReg(regOut); }
  if (commit === 'kind') {
    b.get(L_NA).set(L_FA).get(L_NB).set(L_FB).i32(kind!).set(L_FK);
    c.kind = kind;
  } else if (commit === 'dynamic') {
    b.get(L_NA).set(L_FA).get(L_NB).set(L_FB).get(L_NK).set(L_FK);
    if (c.kind !== LAZY.EAGER) c.kind = null;
  }
  c.charge(c.cost(op));
  afterAccess(c, k, true);
}
