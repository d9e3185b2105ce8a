// Arithmetic and logic in a compiled block: alu.ts and flags.ts of the
// interpreter, as WebAssembly on the register locals.
//
// Flags stay lazy exactly as the interpreter leaves them: SUB/ADD keep both
// operands, LOGIC the result (fb untouched), INC/DEC the operand and the old
// carry, shifts and imul compute EAGER bits. Every emitter records the kind
// it left in L_FK (c.kind) so later condition reads can be specialised.
// Read-modify-write forms compute their new value and flags aside and
// commit them only after the write half succeeded, as the interpreter does.

import { JIT_EXIT, LAZY } from '../../isa/machine.js';
import { Insn, OP } from './decode.js';
import {
  Block, L_E, L_FA, L_FB, L_FK, L_HA, L_NA, L_NB, L_P64, L_R, L_RMASK, L_T, L_V, L_VA, L_WMASK,
} from './block.js';
import { eagerFlags, flagC } from './flags.js';
import { access, afterAccess, codeWrite, ea, readOne } from './memory.js';

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
  b.get(L_V).get(L_E).mul().set(L_T);
  b.get(L_V).extendS().get(L_E).extendS().mul64().tee(L_P64).get(L_P64).wrap().extendS().ne64().set(L_HA);
  eagerFlags(c, L_HA, L_HA, L_T); b.set(L_FA);
  b.i32(LAZY.EAGER).set(L_FK); c.kind = LAZY.EAGER;
  b.get(L_T); c.setReg(A);
  c.charge(cost);
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
  const imm = op === OP.ADD_MI || op === OP.OR_MI || op === OP.AND_MI || op === OP.SUB_MI || op === OP.XOR_MI;
  const x = (): void => { if (imm) b.i32(i.w2); else c.reg(A); };
  ea(c, i); b.set(L_VA);
  readOne(c, k, L_WMASK, 4);
  b.get(L_HA).load32().set(L_V); // m
  let kind: number | null = c.kind; // NOT_M keeps the flags
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
    flagC(c, c.kind); b.set(L_NB);
    b.get(L_V).tee(L_NA).i32(1); if (kind === LAZY.INC) b.add(); else b.sub();
    b.set(L_R);
  }
  access(c, L_WMASK, 3, () => {
    b.get(L_HA).get(L_R).store32();
    codeWrite(c);
  }, () => {
    b.i32(0).i32(0).load32(c.L.CLOCK).i32(1).sub().store32(c.L.CLOCK); // untick the read
    c.exit(c.delta(k), JIT_EXIT.SLOW);
  });
  if (op !== OP.NOT_M) {
    b.get(L_NA).set(L_FA).get(L_NB).set(L_FB).i32(kind!).set(L_FK);
    c.kind = kind;
  }
  c.charge(c.cost(op));
  afterAccess(c, k, true);
}
