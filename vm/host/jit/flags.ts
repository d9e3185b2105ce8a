// Reading the lazy flags in a compiled block: flags.ts's condition() and
// carry, specialised at compile time.
//
// The interpreter keeps flags lazily (a kind and two operands, or EAGER
// bits in fa). When the compiler knows the kind at a point of the block (an
// instruction before it in the block set it) it emits the few operations
// that kind needs; when it does not (at the block's entry) it calls the
// core's jitCondition / jitCarry, which are flags.ts itself.

import { LAZY } from '../../isa/machine.js';
import { Body } from './wasm.js';
import { Block, F_CARRY, F_COND, L_FA, L_FB, L_FK } from './block.js';

/** The result of the lazy operation of a known kind (not EAGER). */
function result(c: Block, kind: number): void {
  const b = c.b;
  b.get(L_FA);
  if (kind === LAZY.SUB) b.get(L_FB).sub();
  else if (kind === LAZY.ADD) b.get(L_FB).add();
  else if (kind === LAZY.INC) b.i32(1).add();
  else if (kind === LAZY.DEC) b.i32(1).sub();
}

export function flagZ(c: Block, kind: number): void {
  if (kind === LAZY.EAGER) c.b.get(L_FA).i32(6).shrU().i32(1).and();
  else { result(c, kind); c.b.eqz(); }
}

export function flagS(c: Block, kind: number): void {
  if (kind === LAZY.EAGER) c.b.get(L_FA).i32(7).shrU().i32(1).and();
  else { result(c, kind); c.b.i32(31).shrU(); }
}

export function flagC(c: Block, kind: number | null): void {
  const b = c.b;
  if (kind === null) b.get(L_FK).get(L_FA).get(L_FB).call(F_CARRY);
  else if (kind === LAZY.SUB) b.get(L_FA).get(L_FB).ltU();
  else if (kind === LAZY.ADD) b.get(L_FA).get(L_FB).add().get(L_FA).ltU();
  else if (kind === LAZY.LOGIC) b.i32(0);
  else if (kind === LAZY.EAGER) b.get(L_FA).i32(1).and();
  else b.get(L_FB).i32(0).ne();
}

export function flagO(c: Block, kind: number): void {
  const b = c.b;
  if (kind === LAZY.SUB) b.get(L_FA).get(L_FB).xor().get(L_FA).get(L_FA).get(L_FB).sub().xor().and().i32(31).shrU();
  else if (kind === LAZY.ADD) {
    b.get(L_FA).get(L_FA).get(L_FB).add().xor().get(L_FB).get(L_FA).get(L_FB).add().xor().and().i32(31).shrU();
  } else if (kind === LAZY.LOGIC) b.i32(0);
  else if (kind === LAZY.EAGER) b.get(L_FA).i32(11).shrU().i32(1).and();
  else if (kind === LAZY.INC) b.get(L_FA).i32(0x7fffffff).eq();
  else b.get(L_FA).i32(0x80000000 | 0).eq();
}

/** Condition code cc (x86 numbering) as 0/1 on the stack: flags.ts's condition(). */
export function cond(c: Block, cc: number): void {
  const b = c.b;
  const kind = c.kind;
  if (kind === null) {
    b.i32(cc).get(L_FK).get(L_FA).get(L_FB).call(F_COND);
    return;
  }
  if (kind === LAZY.SUB) {
    const a = (): Body => b.get(L_FA).get(L_FB);
    switch (cc) {
      case 0: flagO(c, kind); return;
      case 1: flagO(c, kind); b.eqz(); return;
      case 2: a().ltU(); return;
      case 3: a().geU(); return;
      case 4: a().eq(); return;
      case 5: a().ne(); return;
      case 6: a().leU(); return;
      case 7: a().gtU(); return;
      case 8: flagS(c, kind); return;
      case 9: flagS(c, kind); b.eqz(); return;
      case 12: a().ltS(); return;
      case 13: a().geS(); return;
      case 14: a().leS(); return;
      default: a().gtS(); return;
    }
  }
  const sNeO = (): void => { flagS(c, kind); flagO(c, kind); b.xor(); };
  switch (cc) {
    case 0: flagO(c, kind); return;
    case 1: flagO(c, kind); b.eqz(); return;
    case 2: flagC(c, kind); return;
    case 3: flagC(c, kind); b.eqz(); return;
    case 4: flagZ(c, kind); return;
    case 5: flagZ(c, kind); b.eqz(); return;
    case 6: flagC(c, kind); flagZ(c, kind); b.or(); return;
    case 7: flagC(c, kind); flagZ(c, kind); b.or().eqz(); return;
    case 8: flagS(c, kind); return;
    case 9: flagS(c, kind); b.eqz(); return;
    case 12: sNeO(); return;
    case 13: sNeO(); b.eqz(); return;
    case 14: flagZ(c, kind); sNeO(); b.or(); return;
    default: flagZ(c, kind); sNeO(); b.or().eqz(); return;
  }
}

/** Eager flags from cf and of (0/1 in locals) and the result in local r: flags.ts's eager(). */
export function eagerFlags(c: Block, cf: number, of: number, r: number): void {
  const b = c.b;
  b.get(cf).get(of).i32(11).shl().or();
  b.get(r).eqz().i32(6).shl().or();
  b.get(r).i32(31).shrU().i32(7).shl().or();
}
