// <math.h> against the host's libm (glibc, which is correctly rounded or
// within an ulp for these): every result, read back exactly with %a, must
// be within the bound math.c states — exact for the exact functions, 1 ulp
// for exp log log10 log2 pow (ours are below 0.51 ulp, so two good answers
// differ by at most one), 2 ulp for the trigonometric and hyperbolic ones —
// and special values must agree exactly (NaN with NaN, signed zeros,
// infinities). The 2/pi table for large arguments is checked against
// exact rational arithmetic.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, buildC, rng, runElf } from './helpers.js';

const hasGcc = spawnSync('gcc', ['--version']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'glassbox-math-'));
const view = new DataView(new ArrayBuffer(8));

/** A double's position on the number line in ulps (monotonic in the value, +0 and -0 both 0). */
function ordinal(d: number): bigint {
  view.setFloat64(0, d);
  const b = view.getBigInt64(0);
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/** Parse printf's %a output (also inf, nan). */
function parseHex(s: string): number {
  if (/nan/.test(s)) return NaN;
  if (/inf/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  const m = /^(-?)0x([01])(?:\.([0-9a-f]*))?p([+-]\d+)$/.exec(s)!;
  const frac = m[3] ?? '';
  const v = (parseInt(m[2], 10) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0)) * 2 ** Number(m[4]);
  return m[1] ? -v : v;
}

const ONE_ARG: [string, number, (r: () => number) => number][] = [
  ['fabs', 0, (r) => (r() - 0.5) * 1e6], ['floor', 0, (r) => (r() - 0.5) * 1e4], ['ceil', 0, (r) => (r() - 0.5) * 1e4],
  ['trunc', 0, (r) => (r() - 0.5) * 1e17], ['round', 0, (r) => Math.floor((r() - 0.5) * 64) / 4],
  ['exp', 1, (r) => (r() - 0.5) * 1490], ['log', 1, (r) => 10 ** ((r() - 0.5) * 600)], ['log10', 1, (r) => 10 ** ((r() - 0.5) * 600)],
  ['log2', 1, (r) => r() * 4], ['sin', 2, (r) => (r() - 0.5) * 10 ** (r() * 8)], ['cos', 2, (r) => (r() - 0.5) * 10 ** (r() * 8)],
  ['tan', 2, (r) => (r() - 0.5) * 20], ['sin', 2, (r) => (r() - 0.5) * 10 ** (r() * 300)], ['atan', 2, (r) => (r() - 0.5) * 10 ** (r() * 6)],
  ['asin', 2, (r) => r() * 2 - 1], ['acos', 2, (r) => r() * 2 - 1], ['sinh', 2, (r) => (r() - 0.5) * 40],
  ['cosh', 2, (r) => (r() - 0.5) * 40], ['tanh', 2, (r) => (r() - 0.5) * 10], ['sqrt', 0, (r) => r() * 1e10],
];
const TWO_ARG: [string, number, (r: () => number) => [number, number]][] = [
  ['pow', 1, (r) => [r() * 20, (r() - 0.5) * 40]], ['pow', 1, (r) => [10 ** ((r() - 0.5) * 20), (r() - 0.5) * 60]],
  ['pow', 1, (r) => [1 + (r() - 0.5) * 1e-6, (r() - 0.5) * 1e8]], ['pow', 1, (r) => [-Math.floor(r() * 30), Math.floor((r() - 0.5) * 40)]],
  ['fmod', 0, (r) => [(r() - 0.5) * 1e12, (r() - 0.5) * 10]], ['fmod', 0, (r) => [(r() - 0.5) * 1e300, (r() - 0.5) * 1e-300]],
  ['atan2', 2, (r) => [r() - 0.5, r() - 0.5]], ['fmax', 0, (r) => [r() - 0.5, r() - 0.5]], ['fmin', 0, (r) => [r() - 0.5, r() - 0.5]],
  ['fdim', 0, (r) => [r() - 0.5, r() - 0.5]], ['hypot', 2, (r) => [(r() - 0.5) * 1e200, (r() - 0.5) * 1e200]],
];
const SPECIAL = ['0.0', '-0.0', '1.0', '-1.0', '1e300*1e300', '-1e300*1e300', '0.0/0.0', '0.5', '-0.5', '2.0', '1e-310', '710.0', '-750.0'];

describe('math.h against the host libm', () => {
  it.skipIf(!hasGcc)('agrees within the stated ulp bounds, and exactly on special values', () => {
    const r = rng(314);
    const calls: { expr: string; bound: number }[] = [];
    for (const [f, bound, gen] of ONE_ARG) {
      for (let i = 0; i < 40; i++) calls.push({ expr: `${f}(${gen(r).toPrecision(17)})`, bound });
      for (const s of SPECIAL) calls.push({ expr: `${f}(${s})`, bound });
    }
    for (const [f, bound, gen] of TWO_ARG) {
      for (let i = 0; i < 40; i++) {
        const [a, b] = gen(r);
        calls.push({ expr: `${f}(${a.toPrecision(17)}, ${b.toPrecision(17)})`, bound });
      }
      for (const s of SPECIAL) for (const t of SPECIAL) calls.push({ expr: `${f}(${s}, ${t})`, bound });
    }
    calls.push({ expr: 'ldexp(0x1.8p-1070, 3)', bound: 0 }, { expr: 'ldexp(1.5, -1075)', bound: 0 }, { expr: 'ldexp(1.0, 1024)', bound: 0 });
    calls.push({ expr: 'frexp(1e-310, &e) * e', bound: 0 }, { expr: 'modf(-3.75, &d) + d * 10', bound: 0 });
    const src = `#include <stdio.h>
#include <math.h>
int main(void) {
  int e; double d; (void)e; (void)d;
${calls.map((c) => `  printf("%a\\n", (double)(${c.expr}));`).join('\n')}
  printf("%d %d %d %d %d\\n", isnan(NAN), isinf(-HUGE_VAL), isfinite(1e308), signbit(-0.0) != 0, fpclassify(1e-310) == FP_SUBNORMAL);
  return 0;
}
`;
    const file = join(work, 'math.c');
    writeFileSync(file, src);
    execFileSync('gcc', ['-w', '-O0', '-fno-builtin', '-o', `${file}.exe`, file, '-lm']);
    const want = spawnSync(`${file}.exe`, [], { encoding: 'utf8' }).stdout.trimEnd().split('\n');
    const built = buildC(src, 'math.c');
    expect(built.errors).toEqual([]);
    return runElf(built.elf!, { maxCycles: 8_000_000_000 }).then((ours) => {
      expect(ours.stop).toBe('exit');
      const got = ours.stdout.trimEnd().split('\n');
      expect(got).toHaveLength(want.length);
      expect(got[got.length - 1]).toBe('1 1 1 1 1');
      calls.forEach((c, i) => {
        const a = parseHex(got[i]);
        const b = parseHex(want[i]);
        if (Number.isNaN(b) || !Number.isFinite(b) || b === 0) {
          expect(got[i].replace(/^-nan/, 'nan'), c.expr).toBe(want[i].replace(/^-nan/, 'nan'));
          return;
        }
        const d = ordinal(a) - ordinal(b);
        expect(d <= BigInt(c.bound) && d >= -BigInt(c.bound), `${c.expr}: ours ${got[i]} (${a}), libm ${want[i]} (${b})`).toBe(true);
      });
    });
  }, 300_000);

  it('has the bits of 2/pi that the large-argument reduction uses', () => {
    const P = 1400n;
    const ONE = 1n << P;
    const atanInv = (n: bigint): bigint => {
      let sum = 0n;
      let term = ONE / n;
      for (let k = 1n, sign = 1n; term !== 0n; k += 2n, sign = -sign, term /= n * n) sum += (sign * term) / k;
      return sum;
    };
    const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
    const twoOverPi = (2n << (1200n + P)) / pi;
    const text = readFileSync(join(REPO_ROOT, 'programs/libc/src/math.c'), 'utf8');
    const table = /TWO_OVER_PI\[50\] = \{([^}]*)\}/.exec(text)![1].split(',').map((x) => x.trim()).filter(Boolean).map(Number);
    expect(table).toHaveLength(50);
    table.forEach((c, i) => expect(c, `chunk ${i}`).toBe(Number((twoOverPi >> (1200n - 24n * BigInt(i + 1))) & 0xffffffn)));
  });
});
