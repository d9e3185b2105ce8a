// Arithmetic too long to write inline in the interpreter: carries, shifts,
// wide multiply and divide, setcc. All @inline and call-free, because the
// interpreter's fast loop must contain no calls (a call forces V8 to spill
// the loop's registers).
//
// Flag rules where x86 leaves flags undefined (documented in vm/ISA.md):
//   shifts: OF follows the count-1 rule for every nonzero count
//           (shl: MSB(result) xor CF; shr: MSB(original); sar: 0);
//   mul/imul: ZF and SF come from the low 32 bits of the result;
//   div/idiv: all flags unchanged.

import { eager, materialize } from './flags';
import { reg, setRegister } from './layout';

@inline export function adcFlags(x: u32, y: u32, c: u32, r: u32): u32 {
  const cf = c != 0 ? r <= x : r < x;
  return eager(cf, ((x ^ r) & (y ^ r)) >>> 31 != 0, r);
}

@inline export function sbbFlags(x: u32, y: u32, c: u32, r: u32): u32 {
  const cf = c != 0 ? x <= y : x < y;
  return eager(cf, ((x ^ y) & (x ^ r)) >>> 31 != 0, r);
}

/** Shift kinds in opcode order: 0 shl, 1 shr, 2 sar. n is 1..31. */
@inline export function shiftValue(kind: u32, v: u32, n: u32): u32 {
  if (kind == 0) return v << n;
  if (kind == 1) return v >>> n;
  return <u32>(<i32>v >> n);
}

/** CF is the last bit shifted out; OF uses x86's count-1 rule for every count. */
@inline export function shiftFlags(kind: u32, v: u32, n: u32, r: u32): u32 {
  if (kind == 0) {
    const cf = (v >>> (32 - n)) & 1;
    return eager(cf != 0, ((r >>> 31) ^ cf) != 0, r);
  }
  if (kind == 1) return eager(((v >>> (n - 1)) & 1) != 0, (v >>> 31) != 0, r);
  return eager(((<u32>(<i32>v >> (n - 1))) & 1) != 0, false, r);
}

/** Two- and three-operand imul: does the signed product fit in 32 bits? */
@inline export function imulFits(x: u32, y: u32): bool {
  const p = <i64><i32>x * <i64><i32>y;
  return p == <i64><i32><u32>p;
}

/** One-operand mul/imul: edx:eax = eax * v. Returns the eager flags (CF = OF = high half needed). */
@inline export function mulWide(v: u32, signed: bool): u32 {
  const a = reg(0);
  let lo: u32;
  let hi: u32;
  let over: bool;
  if (signed) {
    const p = <i64><i32>a * <i64><i32>v;
    lo = <u32>p;
    hi = <u32>(p >> 32);
    over = p != <i64><i32>lo;
  } else {
    const p = <u64>a * <u64>v;
    lo = <u32>p;
    hi = <u32>(p >>> 32);
    over = hi != 0;
  }
  setRegister(0, lo);
  setRegister(2, hi);
  return eager(over, over, lo);
}

/**
 * div/idiv of edx:eax by v. False for #DE (divide by zero or quotient
 * overflow), leaving eax and edx alone. INT64_MIN / -1 is caught here, so
 * the WebAssembly division never traps.
 */
@inline export function divWide(v: u32, signed: bool): bool {
  if (v == 0) return false;
  const n = (<u64>reg(2) << 32) | <u64>reg(0);
  if (!signed) {
    const q = n / <u64>v;
    if (q > 0xffffffff) return false;
    setRegister(0, <u32>q);
    setRegister(2, <u32>(n % <u64>v));
    return true;
  }
  const sn = <i64>n;
  const d = <i64><i32>v;
  let q: i64;
  let r: i64;
  if (d == -1) {
    if (sn == i64.MIN_VALUE) return false;
    q = -sn;
    r = 0;
  } else {
    q = sn / d;
    r = sn % d;
  }
  if (q < -2147483648 || q > 2147483647) return false;
  setRegister(0, <u32>q);
  setRegister(2, <u32>r);
  return true;
}

/** setcc's value for a condition code known only at run time (x86 numbering). */
@inline export function setccValue(cc: u32, fk: u32, fa: u32, fb: u32): u32 {
  const f = materialize(fk, fa, fb);
  const cf = (f & 1) != 0;
  const zf = (f & 0x40) != 0;
  const sf = (f & 0x80) != 0;
  const ovf = (f & 0x800) != 0;
  let t: bool;
  switch (cc >>> 1) {
    case 0: t = ovf; break;
    case 1: t = cf; break;
    case 2: t = zf; break;
    case 3: t = cf || zf; break;
    case 4: t = sf; break;
    case 6: t = sf != ovf; break;
    default: t = zf || sf != ovf; break;
  }
  return (t ? 1 : 0) ^ (cc & 1);
}
