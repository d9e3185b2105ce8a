// Lazy arithmetic flags.
//
// Most instructions that set flags have their flags read by nobody, or only by
// the next jcc. So instead of computing CF/ZF/SF/OF after every add, the core
// remembers what happened: a kind, the two operands a and b and the result r.
// The flags are worked out only when something reads them (jcc, setcc, adc,
// pushf, an interrupt frame, getEflags).
//
// Invariants of the representation:
//   - for every kind except K_EAGER, ZF = (r == 0) and SF = bit 31 of r;
//   - K_SUB: the flags of a - b (cmp, sub, neg as 0 - b, cmpxchg);
//   - K_ADD: the flags of a + b;
//   - K_LOGIC: CF = OF = 0 (and, or, xor, test);
//   - K_INC / K_DEC: b holds the CF from before (inc and dec keep CF);
//   - K_EAGER: a holds the flags as eflags bits (adc, sbb, shifts, mul, popf).

import { F_CF, F_OF, F_SF, F_ZF } from './layout';

export const K_SUB: u32 = 0;
export const K_ADD: u32 = 1;
export const K_LOGIC: u32 = 2;
export const K_INC: u32 = 3;
export const K_DEC: u32 = 4;
export const K_EAGER: u32 = 5;

@inline export function flagZ(fk: u32, fa: u32, fr: u32): bool {
  return fk == K_EAGER ? (fa & F_ZF) != 0 : fr == 0;
}

@inline export function flagS(fk: u32, fa: u32, fr: u32): bool {
  return fk == K_EAGER ? (fa & F_SF) != 0 : (fr >>> 31) != 0;
}

@inline export function flagC(fk: u32, fa: u32, fb: u32, fr: u32): bool {
  if (fk == K_SUB) return fa < fb;
  if (fk == K_ADD) return fr < fa;
  if (fk == K_LOGIC) return false;
  if (fk == K_EAGER) return (fa & F_CF) != 0;
  return fb != 0;
}

@inline export function flagO(fk: u32, fa: u32, fb: u32, fr: u32): bool {
  if (fk == K_SUB) return ((fa ^ fb) & (fa ^ fr)) >>> 31 != 0;
  if (fk == K_ADD) return ((fa ^ fr) & (fb ^ fr)) >>> 31 != 0;
  if (fk == K_LOGIC) return false;
  if (fk == K_EAGER) return (fa & F_OF) != 0;
  if (fk == K_INC) return fr == 0x80000000;
  return fr == 0x7fffffff;
}

/** The four arithmetic flags as eflags bits. */
@inline export function materialize(fk: u32, fa: u32, fb: u32, fr: u32): u32 {
  if (fk == K_EAGER) return fa;
  let f: u32 = 0;
  if (flagC(fk, fa, fb, fr)) f |= F_CF;
  if (fr == 0) f |= F_ZF;
  if (fr >>> 31) f |= F_SF;
  if (flagO(fk, fa, fb, fr)) f |= F_OF;
  return f;
}

/** Eager flags from explicit CF and OF, with ZF and SF from the result. */
@inline export function eager(cf: bool, ovf: bool, r: u32): u32 {
  return (cf ? F_CF : 0) | (ovf ? F_OF : 0) | (r == 0 ? F_ZF : 0) | (r >>> 31 ? F_SF : 0);
}

/**
 * Condition code cc (x86 numbering, 0..15 without 10/11) evaluated on the lazy
 * state. Called with a constant cc, so inlining leaves only that case. The
 * signed and unsigned compares after cmp/sub read the operands directly.
 */
@inline export function condition(cc: u32, fk: u32, fa: u32, fb: u32, fr: u32): bool {
  switch (cc) {
    case 0: return flagO(fk, fa, fb, fr);
    case 1: return !flagO(fk, fa, fb, fr);
    case 2: return flagC(fk, fa, fb, fr);
    case 3: return !flagC(fk, fa, fb, fr);
    case 4: return flagZ(fk, fa, fr);
    case 5: return !flagZ(fk, fa, fr);
    case 6: return fk == K_SUB ? fa <= fb : flagC(fk, fa, fb, fr) || flagZ(fk, fa, fr);
    case 7: return fk == K_SUB ? fa > fb : !(flagC(fk, fa, fb, fr) || flagZ(fk, fa, fr));
    case 8: return flagS(fk, fa, fr);
    case 9: return !flagS(fk, fa, fr);
    case 12: return fk == K_SUB ? <i32>fa < <i32>fb : flagS(fk, fa, fr) != flagO(fk, fa, fb, fr);
    case 13: return fk == K_SUB ? <i32>fa >= <i32>fb : flagS(fk, fa, fr) == flagO(fk, fa, fb, fr);
    case 14:
      return fk == K_SUB
        ? <i32>fa <= <i32>fb
        : flagZ(fk, fa, fr) || flagS(fk, fa, fr) != flagO(fk, fa, fb, fr);
    default:
      return fk == K_SUB
        ? <i32>fa > <i32>fb
        : !flagZ(fk, fa, fr) && flagS(fk, fa, fr) == flagO(fk, fa, fb, fr);
  }
}
