// The soft-float helpers (programs/libc/src/softfloat.c) against the host's
// IEEE arithmetic: JS numbers are binary64 with round to nearest even, and
// Math.fround rounds to binary32, so they are the oracle. One program per
// operation group runs on the bare machine over edge and random bit
// patterns (every exponent, subnormals, infinities, NaNs, signed zeros, and
// close pairs for cancellation) and prints each result's bits; NaN results
// are checked to be NaN (JS does not show NaN payloads).

import { describe, expect, it } from 'vitest';
import { bigToFloat32 } from '../../vm/cc/float-const.js';
import { rng, runC } from './helpers.js';

const view = new DataView(new ArrayBuffer(8));
const toBits = (d: number): bigint => (view.setFloat64(0, d), view.getBigUint64(0));
const fromBits = (b: bigint): number => (view.setBigUint64(0, b), view.getFloat64(0));
const toBits32 = (f: number): number => (view.setFloat32(0, f), view.getUint32(0));
const fromBits32 = (b: number): number => (view.setUint32(0, b), view.getFloat32(0));
const hex64 = (b: bigint) => b.toString(16).padStart(16, '0');

const EDGE64 = [
  0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 1n, 0x800fffffffffffffn, 0x000fffffffffffffn,
  0x0010000000000000n, 0x7fefffffffffffffn, 0xffefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0x3ff0000000000001n, 0x3fefffffffffffffn, 0x4340000000000000n, 0x4330000000000001n,
  0x3fe0000000000000n, 0x0000000000000002n, 0x001fffffffffffffn, 0x7fe0000000000000n, 0x3ca0000000000000n,
];

/** Random doubles: random bits, plus neighbours of earlier values (close exponents, cancellation). */
function doubles(seed: number, n: number): bigint[] {
  const r = rng(seed);
  const out = [...EDGE64];
  while (out.length < n) {
    const k = r();
    const hi = BigInt(Math.floor(r() * 2 ** 32));
    const lo = BigInt(Math.floor(r() * 2 ** 32));
    let b = (hi << 32n) | lo;
    if (k < 0.3) b = out[Math.floor(r() * out.length)] + BigInt(Math.floor(r() * 2000) - 1000);
    else if (k < 0.5) b = (b & 0x800fffffffffffffn) | (BigInt(1023 + Math.floor(r() * 80) - 40) << 52n);
    else if (k < 0.6) b = b & 0x800fffffffffffffn; // subnormal
    out.push(BigInt.asUintN(64, b));
  }
  return out;
}

const isNaN64 = (b: bigint) => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;

/** A program applying `body` (C, over a and b, printing with P(x) / P32(x) / I(x)) to every pair. */
function program(pairs: [bigint, bigint][], body: string): string {
  const list = (k: 0 | 1) => pairs.map((p) => `0x${hex64(p[k])}ULL`).join(',\n');
  return `#include <stdio.h>
#include <math.h>
typedef unsigned long long u64;
static const u64 A[] = {${list(0)}};
static const u64 B[] = {${list(1)}};
union u { double d; u64 u; };
union f { float f; unsigned u; };
static double D(u64 x) { union u v; v.u = x; return v.d; }
static float F(u64 x) { union f v; v.u = (unsigned)x; return v.f; }
static void P(double d) { union u v; v.d = d; printf("%08x%08x ", (unsigned)(v.u >> 32), (unsigned)v.u); }
static void P32(float f) { union f v; v.f = f; printf("%08x ", v.u); }
static void I(long long x) { printf("%lld ", x); }
int main(void) {
  for (int i = 0; i < ${pairs.length}; i++) {
    double a = D(A[i]), b = D(B[i]); float fa = F(A[i]), fb = F(B[i]);
    (void)a; (void)b; (void)fa; (void)fb;
    ${body}
    putchar('\\n');
  }
  return 0;
}`;
}

async function run(pairs: [bigint, bigint][], body: string): Promise<string[][]> {
  const r = await runC(program(pairs, body), { maxCycles: 4_000_000_000 });
  expect(r.stop).toBe('exit');
  return r.stdout.trimEnd().split('\n').map((l) => l.trim().split(' '));
}

function pairsOf(seed: number, n: number): [bigint, bigint][] {
  const a = doubles(seed, n);
  const b = doubles(seed + 1, n);
  const r = rng(seed + 2);
  // Every edge value against every other, then random pairs.
  const out: [bigint, bigint][] = [];
  for (const x of EDGE64) for (const y of EDGE64) out.push([x, y]);
  for (let i = 0; i < n; i++) out.push([a[i], r() < 0.3 ? BigInt.asUintN(64, a[i] + BigInt(Math.floor(r() * 64) - 32)) : b[i]]);
  return out;
}

function expectDouble(got: string, want: number, what: string): void {
  const g = BigInt('0x' + got);
  if (Number.isNaN(want)) expect(isNaN64(g), `${what}: ${got} should be NaN`).toBe(true);
  else expect(got, `${what}: want ${want}`).toBe(hex64(toBits(want)));
}

function expectFloat(got: string, want: number, what: string): void {
  const g = parseInt(got, 16);
  if (Number.isNaN(want)) expect((g & 0x7f800000) === 0x7f800000 && (g & 0x7fffff) !== 0, `${what}: ${got} should be NaN`).toBe(true);
  else expect(got, `${what}: want ${want}`).toBe(toBits32(want).toString(16).padStart(8, '0'));
}

describe('soft-float helpers against JS IEEE arithmetic', () => {
  it('double + - * / and sqrt, rounded to nearest even', async () => {
    const pairs = pairsOf(11, 700);
    const rows = await run(pairs, 'P(a + b); P(a - b); P(a * b); P(a / b); P(sqrt(a));');
    pairs.forEach(([x, y], i) => {
      const a = fromBits(x);
      const b = fromBits(y);
      const what = `${hex64(x)} ${hex64(y)}`;
      expectDouble(rows[i][0], a + b, `${what} +`);
      expectDouble(rows[i][1], a - b, `${what} -`);
      expectDouble(rows[i][2], a * b, `${what} *`);
      expectDouble(rows[i][3], a / b, `${what} /`);
      expectDouble(rows[i][4], Math.sqrt(a), `${what} sqrt`);
    });
  }, 300_000);
});

/** C's relations with NaN: all false but !=. */
function relations(a: number, b: number): string {
  return [a == b, a != b, a < b, a <= b, a > b, a >= b].map(Number).join('');
}

/** C's conversion of a double to an N-bit integer as softfloat.c does it (see sema.ts fixToInt). */
function fix(v: number, bits: number, unsigned: boolean): bigint {
  const indefinite = unsigned ? 1n << BigInt(bits - 1) : -(1n << BigInt(bits - 1));
  if (!Number.isFinite(v)) return indefinite;
  const t = BigInt(Math.trunc(v));
  if (t < -(1n << BigInt(bits - 1)) || t > (1n << BigInt(unsigned ? bits : bits - 1)) - 1n) return indefinite;
  return unsigned ? BigInt.asUintN(bits, t) : t;
}

describe('soft-float comparisons and conversions', () => {
  it('compares doubles and floats, NaN unordered, -0 == +0', async () => {
    const pairs = pairsOf(21, 500);
    const rel = 'printf("%d%d%d%d%d%d ", a == b, a != b, a < b, a <= b, a > b, a >= b);';
    const rows = await run(pairs, rel + rel.replace(/\b([ab])\b/g, 'f$1').replace('printf("', 'printf("'));
    pairs.forEach(([x, y], i) => {
      const a = fromBits(x);
      const b = fromBits(y);
      expect(rows[i][0], `${hex64(x)} ${hex64(y)}`).toBe(relations(a, b));
      const fa = fromBits32(Number(x & 0xffffffffn));
      const fb = fromBits32(Number(y & 0xffffffffn));
      expect(rows[i][1], `float ${fa} ${fb}`).toBe(relations(fa, fb));
    });
  }, 300_000);

  it('float + - * / are correctly rounded binary32', async () => {
    const pairs = pairsOf(31, 600).map(([x, y]) => [x & 0xffffffffn, y & 0xffffffffn] as [bigint, bigint]);
    const rows = await run(pairs, 'P32(fa + fb); P32(fa - fb); P32(fa * fb); P32(fa / fb); P32(sqrtf(fa)); P(fa); P32((float)a);');
    pairs.forEach(([x, y], i) => {
      const a = fromBits32(Number(x));
      const b = fromBits32(Number(y));
      const what = `${a} ${b}`;
      expectFloat(rows[i][0], Math.fround(a + b), `${what} +`);
      expectFloat(rows[i][1], Math.fround(a - b), `${what} -`);
      expectFloat(rows[i][2], Math.fround(a * b), `${what} *`);
      expectFloat(rows[i][3], Math.fround(a / b), `${what} /`);
      expectFloat(rows[i][4], Math.fround(Math.sqrt(a)), `${what} sqrt`);
      expectDouble(rows[i][5], a, `${what} (double)`);
      expectFloat(rows[i][6], Math.fround(fromBits(x)), `${hex64(x)} (float)`);
    });
  }, 300_000);

  it('converts between doubles, floats and every integer width', async () => {
    const r = rng(41);
    const pairs = pairsOf(41, 500).map(([x, y]) => {
      // Half the b values become integers of every size, as bit patterns.
      const k = r();
      const v = k < 0.25 ? BigInt.asUintN(64, BigInt(Math.floor((r() - 0.5) * 2 ** 33))) : k < 0.5 ? y : BigInt.asUintN(64, y >> BigInt(Math.floor(r() * 60)));
      // Some a values become doubles in integer range.
      const d = r() < 0.5 ? toBits((r() - 0.5) * 2 ** Math.floor(r() * 70)) : x;
      return [d, v] as [bigint, bigint];
    });
    const body = `long long s = (long long)B[i]; int s32 = (int)B[i]; unsigned u32 = (unsigned)B[i];
    P((double)s); P((double)B[i]); P((double)s32); P((double)u32);
    P32((float)s); P32((float)B[i]); P32((float)s32); P32((float)u32);
    I((int)a); I((unsigned)a); I((long long)a); printf("%llu ", (u64)a); I((short)a); I((unsigned char)a); I((_Bool)a);`;
    const rows = await run(pairs, body);
    pairs.forEach(([x, y], i) => {
      const s = BigInt.asIntN(64, y);
      const s32 = BigInt.asIntN(32, y);
      const u32 = BigInt.asUintN(32, y);
      const w = `${hex64(x)} ${hex64(y)}`;
      expectDouble(rows[i][0], Number(s), `${w} (double)ll`);
      expectDouble(rows[i][1], Number(y), `${w} (double)ull`);
      expectDouble(rows[i][2], Number(s32), `${w} (double)int`);
      expectDouble(rows[i][3], Number(u32), `${w} (double)unsigned`);
      expectFloat(rows[i][4], bigToFloat32(s), `${w} (float)ll`);
      expectFloat(rows[i][5], bigToFloat32(y), `${w} (float)ull`);
      expectFloat(rows[i][6], Math.fround(Number(s32)), `${w} (float)int`);
      expectFloat(rows[i][7], Math.fround(Number(u32)), `${w} (float)unsigned`);
      const a = fromBits(x);
      expect(rows[i][8], `${w} (int)`).toBe(String(fix(a, 32, false)));
      expect(rows[i][9], `${w} (unsigned)`).toBe(String(fix(a, 32, true)));
      expect(rows[i][10], `${w} (long long)`).toBe(String(fix(a, 64, false)));
      expect(rows[i][11], `${w} (unsigned long long)`).toBe(String(fix(a, 64, true)));
      expect(rows[i][12], `${w} (short)`).toBe(String(BigInt.asIntN(16, fix(a, 32, false))));
      expect(rows[i][13], `${w} (unsigned char)`).toBe(String(BigInt.asUintN(8, fix(a, 32, false))));
      expect(rows[i][14], `${w} (_Bool)`).toBe(a !== 0 ? '1' : '0');
    });
  }, 300_000);
});
