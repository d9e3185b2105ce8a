// Lazy arithmetic flags.
//
// Most instructions that set flags have their flags read by nobody, or only by
// the next jcc. So instead of computing CF/ZF/SF/OF after every add, the core
// remembers what happened in three words: a kind and two values a, b. The
// result and the flags are worked out only when something reads them (jcc,
// setcc, adc, pushf, an interrupt frame, getEflags).
//
//   K_SUB    a - b   (sub, cmp, neg as 0 - b, cmpxchg)
//   K_ADD    a + b
//   K_LOGIC  a is the result; CF = OF = 0 (and, or, xor, test)
//   K_INC    a + 1, b = CF from before (inc keeps CF)
//   K_DEC    a - 1, b = CF from before
//   K_EAGER  a holds the flags as eflags bits (adc, sbb, shifts, mul, popf)
//
// For every kind but K_EAGER, ZF = (result == 0) and SF = bit 31 of result.
// A jcc after cmp compares a and b directly.

import { EFLAGS_CF, EFLAGS_OF, EFLAGS_SF, EFLAGS_ZF, LAZY_ADD, LAZY_DEC, LAZY_EAGER, LAZY_INC, LAZY_LOGIC, LAZY_SUB } from './generated';

export const K_SUB: u32 = LAZY_SUB;
export const K_ADD: u32 = LAZY_ADD;
export const K_LOGIC: u32 = LAZY_LOGIC;
export const K_INC: u32 = LAZY_INC;
export const K_DEC: u32 = LAZY_DEC;
export const K_EAGER: u32 = LAZY_EAGER;

/** The eflags bits the lazy flags keep (everything but IF, which has its own word). */
export const EFLAGS_ARITH: u32 = EFLAGS_CF | EFLAGS_ZF | EFLAGS_SF | EFLAGS_OF;

/** The result of the remembered operation (not meaningful for K_EAGER). */
@inline export function lazyResult(fk: u32, fa: u32, fb: u32): u32 {
  if (fk == K_SUB) return fa - fb;
  if (fk == K_ADD) return fa + fb;
  if (fk == K_INC) return fa + 1;
  if (fk == K_DEC) return fa - 1;
  return fa;
}

@inline export function flagZ(fk: u32, fa: u32, fb: u32): bool {
  return fk == K_EAGER ? (fa & EFLAGS_ZF) != 0 : lazyResult(fk, fa, fb) == 0;
}

@inline export function flagS(fk: u32, fa: u32, fb: u32): bool {
  return fk == K_EAGER ? (fa & EFLAGS_SF) != 0 : (lazyResult(fk, fa, fb) >>> 31) != 0;
}

@inline export function flagC(fk: u32, fa: u32, fb: u32): bool {
  if (fk == K_SUB) return fa < fb;
  if (fk == K_ADD) return fa + fb < fa;
  if (fk == K_LOGIC) return false;
  if (fk == K_EAGER) return (fa & EFLAGS_CF) != 0;
  return fb != 0;
}

@inline export function flagO(fk: u32, fa: u32, fb: u32): bool {
  if (fk == K_SUB) return ((fa ^ fb) & (fa ^ (fa - fb))) >>> 31 != 0;
  if (fk == K_ADD) return ((fa ^ (fa + fb)) & (fb ^ (fa + fb))) >>> 31 != 0;
  if (fk == K_LOGIC) return false;
  if (fk == K_EAGER) return (fa & EFLAGS_OF) != 0;
  if (fk == K_INC) return fa == 0x7fffffff;
  return fa == 0x80000000;
}

/** The four arithmetic flags as eflags bits. */
@inline export function materialize(fk: u32, fa: u32, fb: u32): u32 {
  if (fk == K_EAGER) return fa;
  const r = lazyResult(fk, fa, fb);
  let f: u32 = 0;
  if (flagC(fk, fa, fb)) f |= EFLAGS_CF;
  if (r == 0) f |= EFLAGS_ZF;
  if (r >>> 31) f |= EFLAGS_SF;
  if (flagO(fk, fa, fb)) f |= EFLAGS_OF;
  return f;
}

/** Eager flags from explicit CF and OF, with ZF and SF from the result. */
@inline export function eager(cf: bool, ovf: bool, r: u32): u32 {
  return (cf ? EFLAGS_CF : 0) | (ovf ? EFLAGS_OF : 0) | (r == 0 ? EFLAGS_ZF : 0) | (r >>> 31 ? EFLAGS_SF : 0);
}

/**
 * Condition code cc (x86 numbering, 0..15 without 10/11) evaluated on the lazy
 * state. Called with a constant cc, so inlining leaves only that case; after
 * cmp/sub (K_SUB) every condition is a direct compare of a and b.
 */
@inline export function condition(cc: u32, fk: u32, fa: u32, fb: u32): bool {
  if (fk == K_SUB) {
    switch (cc) {
      case 0: return ((fa ^ fb) & (fa ^ (fa - fb))) >>> 31 != 0;
      case 1: return ((fa ^ fb) & (fa ^ (fa - fb))) >>> 31 == 0;
      case 2: return fa < fb;
      case 3: return fa >= fb;
      case 4: return fa == fb;
      case 5: return fa != fb;
      case 6: return fa <= fb;
      case 7: return fa > fb;
      case 8: return (fa - fb) >>> 31 != 0;
      case 9: return (fa - fb) >>> 31 == 0;
      case 12: return <i32>fa < <i32>fb;
      case 13: return <i32>fa >= <i32>fb;
      case 14: return <i32>fa <= <i32>fb;
      default: return <i32>fa > <i32>fb;
    }
  }
  if (cc == 4 || cc == 5) {
    // je/jne after dec, logic or add (loop counters, test) without the generic chain.
    let z: bool;
    if (fk == K_DEC) z = fa == 1;
    else if (fk == K_LOGIC) z = fa == 0;
    else if (fk == K_ADD) z = fa + fb == 0;
    else z = flagZ(fk, fa, fb);
    return cc == 4 ? z : !z;
  }
  switch (cc) {
    case 0: return flagO(fk, fa, fb);
    case 1: return !flagO(fk, fa, fb);
    case 2: return flagC(fk, fa, fb);
    case 3: return !flagC(fk, fa, fb);
    case 4: return flagZ(fk, fa, fb);
    case 5: return !flagZ(fk, fa, fb);
    case 6: return flagC(fk, fa, fb) || flagZ(fk, fa, fb);
    case 7: return !(flagC(fk, fa, fb) || flagZ(fk, fa, fb));
    case 8: return flagS(fk, fa, fb);
    case 9: return !flagS(fk, fa, fb);
    case 12: return flagS(fk, fa, fb) != flagO(fk, fa, fb);
    case 13: return flagS(fk, fa, fb) == flagO(fk, fa, fb);
    case 14: return flagZ(fk, fa, fb) || flagS(fk, fa, fb) != flagO(fk, fa, fb);
    default: return !flagZ(fk, fa, fb) && flagS(fk, fa, fb) == flagO(fk, fa, fb);
  }
}
