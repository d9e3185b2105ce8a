// strtod, strtof and atof against exact rounding: V8's Number(string) is
// correctly rounded to binary64, and float-const.ts rounds the exact
// decimal to binary32 with BigInt. The inputs are printed doubles, random
// digit strings of every length and exponent, hex floats, and the hard
// cases: decimals exactly halfway between two doubles (hundreds of digits,
// which must round to even) and the same with one more digit far out.

import { describe, expect, it } from 'vitest';
import { parseFloatConst } from '../../vm/cc/float-const.js';
import { rng, runC } from './helpers.js';

const view = new DataView(new ArrayBuffer(8));
const bits64 = (d: number) => (view.setFloat64(0, d), view.getBigUint64(0).toString(16).padStart(16, '0'));
const bits32 = (f: number) => (view.setFloat32(0, f), view.getUint32(0).toString(16).padStart(8, '0'));
const fromBits = (b: bigint) => (view.setBigUint64(0, b), view.getFloat64(0));

/** The exact decimal of the midpoint between the positive double with bits b and the next one up. */
function midpoint(b: bigint): string {
  const e = Number(b >> 52n);
  const m = (b & 0xfffffffffffffn) | (e ? 1n << 52n : 0n);
  const e2 = (e || 1) - 1075 - 1; // (2m + 1) * 2^e2
  const odd = 2n * m + 1n;
  if (e2 >= 0) return (odd << BigInt(e2)).toString();
  const digits = (odd * 5n ** BigInt(-e2)).toString().padStart(-e2 + 1, '0');
  return `${digits.slice(0, digits.length + e2)}.${digits.slice(digits.length + e2)}`;
}

function inputs(seed: number): string[] {
  const r = rng(seed);
  const out = ['0', '-0', '0.1', '1e23', '8.589973e9', '2.2250738585072011e-308', '2.2250738585072014e-308', '4.9e-324',
    '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623157e308', '1.7976931348623158e308',
    '179769313486231580793728971405301e276', '0x1.fffffffffffffp1023', '0x1p-1074', '0x0.0000000000001p-1022',
    '-0x1.8p+1', '0x123456789abcdef0123p-10', '1e-400', '1e400', '000123.4500e-2', '.5', '5.', '1.5E+3',
    '9007199254740993', '3.4028235677973366e38', '1.401298464324817e-45', '7.006492321624085e-46', '1.1754943508222875e-38'];
  for (let i = 0; i < 60; i++) {
    const b = (BigInt(Math.floor(r() * 2 ** 31)) << 32n) | BigInt(Math.floor(r() * 2 ** 32));
    const d = fromBits(b);
    if (!Number.isFinite(d)) continue;
    out.push(d.toPrecision(17), String(d), d.toExponential(Math.floor(r() * 20)));
  }
  for (let i = 0; i < 60; i++) {
    let s = '';
    const n = 1 + Math.floor(r() * (i < 50 ? 30 : 120));
    for (let k = 0; k < n; k++) s += String(Math.floor(r() * 10));
    const point = Math.floor(r() * n);
    out.push(`${s.slice(0, point)}.${s.slice(point)}e${Math.floor(r() * 700) - 350}`);
  }
  for (let i = 0; i < 12; i++) {
    // Halfway cases: exactly the midpoint (ties to even), a hair above, a hair below.
    const b = i < 3 ? BigInt(i + 1) : (BigInt(Math.floor(r() * 2046) + 1) << 52n) | BigInt(Math.floor(r() * 2 ** 32));
    const m = midpoint(b);
    out.push(m, m.includes('.') ? `${m}00000000000000000000001` : `${m}.000000000000000000001`);
    out.push(m.includes('.') ? `${m.slice(0, -1)}${Number(m.slice(-1)) - 1}999999999` : `${m}e0`);
  }
  return out;
}

describe('strtod, strtof, atof', () => {
  it('round every input to the nearest double and float, ties to even', async () => {
    const list = inputs(99);
    const src = `#include <stdio.h>
#include <stdlib.h>
static const char *T[] = {${list.map((s) => JSON.stringify(s)).join(',\n')}};
int main(void) {
  for (unsigned i = 0; i < sizeof T / sizeof T[0]; i++) {
    union { double d; unsigned long long u; } v; union { float f; unsigned u; } w;
    v.d = strtod(T[i], 0); w.f = strtof(T[i], 0);
    printf("%08x%08x %08x %d\\n", (unsigned)(v.u >> 32), (unsigned)v.u, w.u, atof(T[i]) == v.d);
  }
  return 0;
}`;
    const r = await runC(src, { maxCycles: 8_000_000_000 });
    expect(r.stop).toBe('exit');
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(list.length);
    list.forEach((s, i) => {
      const [d, f, same] = rows[i].split(' ');
      const text = s.replace(/^(-?)0[xX]/, '$10x');
      const want = text.includes('0x') ? (text.startsWith('-') ? -1 : 1) * parseFloatConst(text.replace(/^-/, ''))!.value : Number(s);
      expect(d, `strtod("${s}")`).toBe(bits64(want));
      const fl = parseFloatConst(`${s.replace(/^-/, '')}${/[.eEpP]/.test(s) ? '' : 'e0'}f`)!.value;
      expect(f, `strtof("${s}")`).toBe(bits32(s.startsWith('-') ? -fl : fl));
      expect(same).toBe('1');
    });
  }, 300_000);

  it('stops where the number ends, reads inf and nan, and reports ERANGE', async () => {
    const r = await runC(`#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <math.h>
static void t(const char *s) {
  char *end; errno = 0;
  double d = strtod(s, &end);
  printf("[%s] %g %d %d\\n", end, d, (int)(end - s), errno == ERANGE);
}
int main(void) {
  t("  -12.5e1x"); t("1e"); t("1e+"); t(".e3"); t("abc"); t("-"); t("0x"); t("0x1p"); t("0x1.8p1 rest");
  t("inf"); t("-INFINITY!"); t("nanny"); t("nan(abc)z"); t("NAN("); t("1e-999"); t("-1e999"); t("1e308");
  return 0;
}`);
    expect(r.stdout).toBe([
      '[x] -125 9 0', '[e] 1 1 0', '[e+] 1 1 0', '[.e3] 0 0 0', '[abc] 0 0 0', '[-] 0 0 0', '[x] 0 1 0', '[p] 1 3 0',
      '[ rest] 3 7 0', '[] inf 3 0', '[!] -inf 9 0', '[ny] nan 3 0', '[z] nan 8 0', '[(] nan 3 0', '[] 0 6 1', '[] -inf 6 1', '[] 1e+308 5 0', '',
    ].join('\n'));
  });
});
