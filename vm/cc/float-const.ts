// Floating constants: C's decimal and hexadecimal floating literals rounded
// exactly to IEEE binary64 (double) or binary32 (float), round to nearest,
// ties to even, with subnormals and overflow to infinity.
//
// The literal's exact value is a rational number (digits × 10^e or × 2^e);
// rounding it once, with BigInt, to the target's precision is the only way to
// be right for float: rounding to double first (parseFloat) and then to float
// (Math.fround) can round twice and land one ulp off.

/** The binary format a constant is rounded to: precision in bits and the least normal exponent. */
interface Format {
  bits: number;
  minExp: number;
  maxExp: number;
}

export const BINARY64: Format = { bits: 53, minExp: -1022, maxExp: 1023 };
export const BINARY32: Format = { bits: 24, minExp: -126, maxExp: 127 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** q × 2^e as a JS number, exactly (q < 2^53 and the result is representable). */
function scale2(q: number, e: number): number {
  // Two steps keep the intermediate normal when e is far below -1022.
  if (e < -1000) return q * 2 ** (e + 600) * 2 ** -600;
  if (e > 1000) return q * 2 ** (e - 600) * 2 ** 600;
  return q * 2 ** e;
}

/** The nonnegative rational num/den rounded to the format, as a JS number. */
export function roundRational(num: bigint, den: bigint, f: Format): number {
  if (num === 0n) return 0;
  // e: the exponent of the result's last bit, so that q = num/den / 2^e has f.bits bits.
  let e = bitLength(num) - bitLength(den) - f.bits;
  const quotient = (ex: number): [bigint, bigint] => {
    const n = ex < 0 ? num << BigInt(-ex) : num;
    const d = ex > 0 ? den << BigInt(ex) : den;
    return [n / d, n % d * 2n - d]; // sign of the last: remainder vs half
  };
  let [q] = quotient(e);
  if (bitLength(q) > f.bits) e++;
  else if (bitLength(q) < f.bits) e--;
  // Subnormals: the last bit is never below 2^(minExp - bits + 1).
  e = Math.max(e, f.minExp - f.bits + 1);
  let half: bigint;
  [q, half] = quotient(e);
  if (half > 0n || (half === 0n && (q & 1n) === 1n)) q++;
  if (bitLength(q) > f.bits) {
    q >>= 1n;
    e++;
  }
  if (e + f.bits - 1 > f.maxExp) return Infinity;
  return scale2(Number(q), e);
}

export interface FloatConst {
  value: number;
  /** 'f' (float), 'l' (long double, which is double here) or '' (double). */
  suffix: '' | 'f' | 'l';
}

/** Parse a floating literal, or undefined when the text is not one. */
export function parseFloatConst(text: string): FloatConst | undefined {
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)([fFlL]?)$/.exec(text);
  const dec = hex ? undefined : /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?([fFlL]?)$/.exec(text);
  const m = hex ?? dec;
  if (!m) return undefined;
  const [, whole, frac = '', exp = '0', sfx] = m;
  if (whole + frac === '') return undefined;
  // A decimal literal needs a '.' or an exponent to be floating.
  if (dec && !text.includes('.') && !/[eE]/.test(text)) return undefined;
  const suffix = sfx.toLowerCase() as '' | 'f' | 'l';
  const f = suffix === 'f' ? BINARY32 : BINARY64;
  const digits = BigInt((hex ? '0x' : '') + (whole + frac || '0'));
  // Exponents beyond any format's range only decide between 0 and infinity.
  const e = Math.max(-100000, Math.min(100000, Number(exp)));
  let value: number;
  if (hex) {
    const be = e - 4 * frac.length;
    value = be >= 0 ? roundRational(digits << BigInt(be), 1n, f) : roundRational(digits, 1n << BigInt(-be), f);
  } else {
    const de = e - frac.length;
    value = de >= 0 ? roundRational(digits * 10n ** BigInt(de), 1n, f) : roundRational(digits, 10n ** BigInt(-de), f);
  }
  return { value, suffix };
}

/** The nonnegative integer `v` rounded to binary32, exactly (Math.fround(Number(v)) can round twice). */
export function bigToFloat32(v: bigint): number {
  return v < 0n ? -roundRational(-v, 1n, BINARY32) : roundRational(v, 1n, BINARY32);
}

/**
 * The IEEE bit pattern of `v` as a float (4 bytes) or a double (8 bytes), as
 * an unsigned BigInt. A NaN is the positive quiet NaN, as gcc folds 0.0/0.0
 * (a JS NaN's sign bit depends on the host CPU); sema leaves the negation of
 * a NaN to run time, which flips the bit.
 */
export function floatBits(v: number, ty: { kind: string }): bigint {
  if (Number.isNaN(v)) return ty.kind === 'float' ? 0x7fc00000n : 0x7ff8000000000000n;
  const view = new DataView(new ArrayBuffer(8));
  if (ty.kind === 'float') {
    view.setFloat32(0, v, true);
    return BigInt(view.getUint32(0, true));
  }
  view.setFloat64(0, v, true);
  return view.getBigUint64(0, true);
}
