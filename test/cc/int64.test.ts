// long long and unsigned long long: 64-bit integers in edx:eax.
//
// Programs run on the bare machine with exact expected output (the big one
// was checked against host gcc, where long long is 64 bits too), the i386
// layout (8 bytes, aligned to 4), the cdecl contract with assembly (two
// stack words low first, result in edx:eax), and the errors.

import { describe, expect, it } from 'vitest';
import { buildC, compileC, runC, runElf } from './helpers.js';

const PROGRAM = `#include <stdio.h>
#include <stdarg.h>
typedef unsigned long long u64;
typedef long long i64;
static void ph(const char *what, u64 v) { printf("%s %08x%08x\\n", what, (unsigned)(v >> 32), (unsigned)v); }
i64 garr[3] = { -1, 1LL << 40, (i64)0x8000000000000000ULL + 5 };
u64 gexpr = (0xffffffffULL + 1) * 3 - 1;
struct rec { char tag; i64 big; short s; u64 ubig; };
struct rec grec = { 'x', -2, 3, 0xdeadbeefcafef00dULL };
static i64 sum(int n, ...) {
  va_list ap; i64 t = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++) t += va_arg(ap, i64);
  va_end(ap);
  return t;
}
static u64 mix(i64 a, int b, u64 c) { return (u64)a * 31 + (u64)b - c; }
int main(void) {
  i64 a = -7, b = 3; u64 u = 0xffffffff00000001ULL, w = 10;
  volatile int sh = 0;
  ph("div", a / b); ph("mod", a % b); ph("udiv", u / w); ph("umod", u % w);
  ph("bigdiv", u / 0x100000001ULL); ph("sdiv", (i64)u / -0x12345LL); ph("smod", (i64)u % 0x7654321LL);
  ph("mul", u * u); ph("smul", a * (i64)u); ph("neg", -u); ph("not", ~a);
  ph("and", u & 0x0ff0ff0ff0ff0ff0ULL); ph("or", a | 0x100000000LL); ph("xor", u ^ (u64)a);
  for (sh = 0; sh < 64; sh += 7) { ph("shl", u << sh); ph("shr", u >> sh); ph("sar", (i64)u >> sh); }
  ph("c0", u << 0); ph("c31", u << 31); ph("c32", u >> 32); ph("c33", (i64)u >> 33); ph("c63", (i64)u >> 63); ph("c63u", u << 63);
  printf("cmp %d %d %d %d %d %d\\n", a < b, (u64)a < w, u > w, a >= -7, a <= -8, (i64)u != (i64)u);
  printf("cmp2 %d %d %d\\n", 0x100000000LL > 0xffffffffLL, -1LL < 0LL, 0x100000000LL == 0LL);
  printf("log %d %d %d\\n", !0x100000000LL, 0x100000000LL && 1, 0LL || u);
  if (0x100000000LL) puts("branch ok");
  signed char sc = -3; unsigned short us = 65535; unsigned ui = 0x80000000u; int si = -5;
  ph("sc", sc); ph("us", us); ph("ui", ui); ph("si", si); ph("uisi", (u64)si);
  printf("narrow %d %d %u %d\\n", (signed char)u, (short)(u >> 8), (unsigned)(u >> 1), (_Bool)(u & 0xf00000000ULL));
  char *p = (char *)(u64)0x12345678; ph("ptr", (u64)p); ph("sptr", (i64)(char *)0x87654321);
  ph("g0", garr[0]); ph("g1", garr[1]); ph("g2", garr[2]); ph("ge", gexpr);
  ph("rec", grec.big); ph("recu", grec.ubig); printf("rec %c %d\\n", grec.tag, grec.s);
  struct rec r = grec; r.big += 10; r.ubig >>= 4; ph("lrec", r.big); ph("lrecu", r.ubig);
  i64 arr[4] = { 1, 2, 3, 4 }; i64 *q = arr; q[2] *= -1000000000000LL; ph("arr", arr[2]); ph("q++", *q++); ph("q", *q);
  ph("va", sum(3, 1LL, -2LL, 0x100000000LL)); ph("mix", mix(-1, 7, 9));
  i64 x = 0xffffffffLL; x++; ph("inc", x); x--; --x; ph("dec", x); ++x; ph("pre", x);
  int ii = 5; ii += 0x100000003LL; ph("ii", ii); ii *= 3LL; ph("ii3", ii);
  unsigned char uc = 200; uc += 100LL; ph("uc", uc);
  x = 1; x <<= 40; ph("shl=", x); x >>= sh - 60; ph("shr=", x); u64 z = 7; z /= 2; z %= 2; ph("z", z);
  x = 0x100000000LL;
  switch (x) { case 0: puts("sw 0"); break; case 0x100000000LL: puts("sw big"); break; default: puts("sw def"); }
  switch (x - 0x100000000LL) { case 0: puts("sw zero"); break; case 0x100000000LL: puts("bad"); break; }
  i64 cond = x > 5 ? x : -1; ph("cond", cond);
  printf("sizes %d %d %d\\n", (int)sizeof(i64), (int)sizeof(1LL), (int)sizeof(4294967296));
  return (int)(x >> 32);
}
`;

const EXPECTED = [
  'div fffffffffffffffe',
  'mod ffffffffffffffff',
  'udiv 1999999980000000',
  'umod 0000000000000001',
  'bigdiv 00000000fffffffe',
  'sdiv 000000000000e100',
  'smod fffffffffb72ea63',
  'mul fffffffe00000001',
  'smul 00000006fffffff9',
  'neg 00000000ffffffff',
  'not 0000000000000006',
  'and 0ff0ff0f00000000',
  'or fffffffffffffff9',
  'xor 00000000fffffff8',
  'shl ffffffff00000001',
  'shr ffffffff00000001',
  'sar ffffffff00000001',
  'shl ffffff8000000080',
  'shr 01fffffffe000000',
  'sar fffffffffe000000',
  'shl ffffc00000004000',
  'shr 0003fffffffc0000',
  'sar fffffffffffc0000',
  'shl ffe0000000200000',
  'shr 000007fffffff800',
  'sar fffffffffffff800',
  'shl f000000010000000',
  'shr 0000000ffffffff0',
  'sar fffffffffffffff0',
  'shl 0000000800000000',
  'shr 000000001fffffff',
  'sar ffffffffffffffff',
  'shl 0000040000000000',
  'shr 00000000003fffff',
  'sar ffffffffffffffff',
  'shl 0002000000000000',
  'shr 0000000000007fff',
  'sar ffffffffffffffff',
  'shl 0100000000000000',
  'shr 00000000000000ff',
  'sar ffffffffffffffff',
  'shl 8000000000000000',
  'shr 0000000000000001',
  'sar ffffffffffffffff',
  'c0 ffffffff00000001',
  'c31 8000000080000000',
  'c32 00000000ffffffff',
  'c33 ffffffffffffffff',
  'c63 ffffffffffffffff',
  'c63u 8000000000000000',
  'cmp 1 0 1 1 0 0',
  'cmp2 1 1 0',
  'log 0 1 1',
  'branch ok',
  'sc fffffffffffffffd',
  'us 000000000000ffff',
  'ui 0000000080000000',
  'si fffffffffffffffb',
  'uisi fffffffffffffffb',
  'narrow 1 0 2147483648 1',
  'ptr 0000000012345678',
  'sptr 0000000087654321',
  'g0 ffffffffffffffff',
  'g1 0000010000000000',
  'g2 8000000000000005',
  'ge 00000002ffffffff',
  'rec fffffffffffffffe',
  'recu deadbeefcafef00d',
  'rec x 3',
  'lrec 0000000000000008',
  'lrecu 0deadbeefcafef00',
  'arr fffffd458210d000',
  'q++ 0000000000000001',
  'q 0000000000000002',
  'va 00000000ffffffff',
  'mix ffffffffffffffdf',
  'inc 0000000100000000',
  'dec 00000000fffffffe',
  'pre 00000000ffffffff',
  'ii 0000000000000008',
  'ii3 0000000000000018',
  'uc 000000000000002c',
  'shl= 0000010000000000',
  'shr= 0000000040000000',
  'z 0000000000000001',
  'sw big',
  'sw zero',
  'cond 0000000100000000',
  'sizes 8 8 8',
];

describe('long long', () => {
  it('does arithmetic, shifts, comparisons, conversions, globals, structs, varargs and switch exactly', async () => {
    const r = await runC(PROGRAM);
    expect(r.stdout.split('\n').slice(0, -1)).toEqual(EXPECTED);
    expect(r.status).toBe(1);
  });

  it('is 8 bytes aligned to 4, as gcc -m32 lays it out', async () => {
    const r = await runC(`
      #include <stdio.h>
      #include <stdint.h>
      struct s { char c; long long v; int x; };
      struct t { int a; unsigned long long b[2]; };
      long long g1; char g2; long long g3;
      int main(void) {
        printf("%d %d %d %d %d %d %d %d\\n", (int)sizeof(long long), (int)_Alignof(long long),
               (int)sizeof(struct s), (int)&((struct s *)0)->v, (int)&((struct s *)0)->x,
               (int)sizeof(struct t), (int)_Alignof(struct t), (int)sizeof(uint64_t));
        return ((unsigned)&g3 & 3) | ((unsigned)&g1 & 3);
      }`);
    expect(r.stdout).toBe('8 4 16 4 12 20 4 8\n');
    expect(r.status).toBe(0);
  });

  it('passes long long as two stack words, low first, and returns it in edx:eax', async () => {
    const asm = `
      .text
      .globl swap_halves
      swap_halves:                ; long long swap_halves(long long v, int k): (lo:hi) + k
          push ebp
          mov ebp, esp
          mov edx, [ebp+8]
          mov eax, [ebp+12]
          add eax, [ebp+16]
          pop ebp
          ret
    `;
    const c = buildC(`
      long long swap_halves(long long v, int k);
      long long twice(long long v) { return v * 2; }
      int main(void) {
        long long r = swap_halves(0x1122334455667788LL, 1);
        return r == 0x5566778811223345LL && twice(-3) == -6;
      }`, 'test.c', [{ path: 'swap.s', text: asm }]);
    expect(c.errors).toEqual([]);
    const r = await runElf(c.elf!);
    expect(r.status).toBe(1);
    const twice = compileC('long long twice(long long v) { return v + 1; }').asm!;
    expect(twice).toContain('mov edx, [ebp+12]');
    expect(twice).toContain('adc edx');
  });

  it('folds constant and variable right operands into both halves', () => {
    const asm = compileC(`
      long long g;
      long long f(long long a, long long b) { return a + b; }
      int lt(long long a) { return a < g; }
      void k(long long a) { a |= 1; g = a; }`).asm!;
    expect(asm).toContain('add eax, dword [ebp+16]\n    adc edx, dword [ebp+20]');
    expect(asm).toContain('cmp eax, dword [g]\n    sbb edx, dword [g+4]');
    expect(asm).toMatch(/or eax, 1\n(?!    or edx, 0)/);
  });

  it('folds 64-bit constant expressions exactly (BigInt), in initializers and _Static_assert', async () => {
    const r = await runC(`
      #include <limits.h>
      _Static_assert(LLONG_MAX == 9223372036854775807LL, "max");
      _Static_assert(LLONG_MIN / -2 == 4611686018427387904LL, "div");
      _Static_assert((1ULL << 63 >> 63) == 1 && (-1LL >> 63) == -1 && (1LL << 64) == 1, "shifts mask to 6 bits");
      _Static_assert(-1LL < 0 && -1LL > 0u == 0 && 0xffffffffffffffff > 0 && 4294967296 - 1 == 0xffffffffu, "conversions");
      _Static_assert((_Bool)0x100000000LL == 1 && (_Bool)(1ULL << 63) && !(_Bool)0LL, "to _Bool tests all 64 bits");
      _Static_assert((1 << -1) == (int)0x80000000u && (1LL << -1) == (long long)0x8000000000000000ULL, "negative counts mask, as int's");
      _Static_assert(sizeof(4294967296) == 8 && sizeof(0xffffffff) == 4 && sizeof(2147483648) == 8, "constant types");
      unsigned long long big = 0xfedcba9876543210ULL * 3 + (1LL << 62) % 1000000007;
      int main(void) { return big == 0xfc962fc962fc9630ULL + (4611686018427387904LL % 1000000007); }`);
    expect(r.status).toBe(1);
  });

  it('prints %lld %lli %llu %llx %llX %llo with flags, width and precision; parses with strtoll', async () => {
    const r = await runC(`#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
int main(void) {
  char buf[64];
  printf("%lld %lli %llu\\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
  printf("%llx %llX %llo\\n", 0x123456789abcdefULL, 0xfedcba9876543210ULL, 01777777777777777777777ULL);
  printf("[%20lld] [%-20lld] [%+lld] [% lld] [%020lld] [%.15lld]\\n", -12345678901LL, 12345678901LL, 5LL, 7LL, -42LL, 99LL);
  printf("[%#llx] [%#llo] [%.0lld] [%5.3llu] %d\\n", 255ULL, 8ULL, 0LL, 7ULL, 42);
  snprintf(buf, sizeof buf, "%lld|%d|%llu", -1LL, 3, 1ULL << 40);
  puts(buf);
  printf("%lld %llu %lld\\n", strtoll("-9223372036854775808", 0, 10), strtoull("0xffffffffffffffff", 0, 0), atoll("  123456789012"));
  printf("%lld\\n", strtoll("99999999999999999999", 0, 10));
  int64_t x = INT64_MIN; uint64_t y = UINT64_MAX;
  printf("%lld %llu %d %d\\n", x, y, (int)sizeof(int64_t), (int)sizeof(uint64_t));
  return 0;
}
`);
    // Host gcc's output for the same program.
    expect(r.stdout).toBe('-9223372036854775808 9223372036854775807 18446744073709551615\n123456789abcdef FEDCBA9876543210 1777777777777777777777\n[        -12345678901] [12345678901         ] [+5] [ 7] [-0000000000000000042] [000000000000099]\n[0xff] [010] [] [  007] 42\n-1|3|1099511627776\n-9223372036854775808 18446744073709551615 123456789012\n9223372036854775807\n-9223372036854775808 18446744073709551615 8 8\n');
  });

  it('reports long long long and bad suffixes with their position', () => {
    const c = compileC('int main(void) {\n  long long long x;\n  return 0;\n}\n');
    expect(c.errors[0]).toMatch(/^test\.c:2:13: 'long long long' is too long/);
    expect(compileC('long long x = 1lL;').errors[0]).toMatch(/^test\.c:1:15: invalid suffix 'lL'/);
    expect(compileC('long long x = 18446744073709551616;').errors[0]).toMatch(/^test\.c:1:15: .*too large/);
  });
});
