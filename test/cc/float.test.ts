// float and double in the compiler: the i386 layout, the calling contract
// with assembly (a double is two stack words, low first, and comes back in
// edx:eax; a float is one word, back in eax), the lowering to soft-float
// helpers (one call per operation; negation and zero tests inline), exact
// constant folding, the debug info's type names, and the errors for what
// is still refused. Arithmetic itself is checked bit for bit in
// softfloat.test.ts and against gcc in differential.test.ts (corpus/floating.c
// and the generated float programs).

import { describe, expect, it } from 'vitest';
import { readElf } from '../../vm/asm/index.js';
import { DEBUG_SECTION, parseDebugInfo } from '../../vm/cc/debuginfo.js';
import { buildC, compileC, runC, runElf } from './helpers.js';

describe('float and double', () => {
  it('are 4 and 8 bytes aligned to 4, as gcc -m32 lays them out; long double is double', async () => {
    const r = await runC(`
      #include <stdio.h>
      struct s { char c; double d; float f; };
      struct t { short a; long double ld; };
      double g1; char g2; double g3;
      int main(void) {
        printf("%d %d %d %d %d %d %d %d %d\\n", (int)sizeof(double), (int)_Alignof(double), (int)sizeof(float),
               (int)sizeof(struct s), (int)&((struct s *)0)->d, (int)&((struct s *)0)->f,
               (int)sizeof(struct t), (int)sizeof(long double), (int)sizeof(1.0f + 1));
        return ((unsigned)&g3 & 3) | ((unsigned)&g1 & 3);
      }`);
    expect(r.stdout).toBe('8 4 4 16 4 12 12 8 4\n');
    expect(r.status).toBe(0);
  });

  it('passes a double as two stack words, low first, returns it in edx:eax, and a float in eax', async () => {
    const asm = `
      .text
      .globl swap_words
      swap_words:                 ; double swap_words(double v): its two halves exchanged
          push ebp
          mov ebp, esp
          mov edx, [ebp+8]
          mov eax, [ebp+12]
          pop ebp
          ret
      .globl float_bits
      float_bits:                 ; unsigned float_bits(float f, double d): f's bits + d's low word
          push ebp
          mov ebp, esp
          mov eax, [ebp+8]
          add eax, [ebp+12]
          pop ebp
          ret
    `;
    const c = buildC(`
      double swap_words(double v);
      unsigned float_bits(float f, double d);
      union u { double d; unsigned w[2]; };
      int main(void) {
        union u x; x.w[0] = 0x11111111; x.w[1] = 0x3ff00000;
        union u y; y.d = swap_words(x.d);
        union u one; one.d = 1.0;
        return (y.w[0] == 0x3ff00000 && y.w[1] == 0x11111111) + 2 * (float_bits(1.0f, 0x1.00000000000ffp0) == 0x3f800000u + 0xff);
      }`, 'test.c', [{ path: 'swap.s', text: asm }]);
    expect(c.errors).toEqual([]);
    const r = await runElf(c.elf!);
    expect(r.status).toBe(3);
  });

  it('lowers each operation to one libgcc helper call; negation and tests stay inline', () => {
    const asm = compileC(`
      double add(double a, double b) { return a + b; }
      float mulf(float a, float b) { return a * b; }
      int lt(double a, double b) { return a < b; }
      double neg(double a) { return -a; }
      int truth(double a) { return !a; }
      long long fix(double a) { return (long long)a; }
      double widen(float f) { return f; }
      double conv(unsigned u) { return u; }`).asm!;
    const fn = (name: string) => asm.slice(asm.indexOf(`${name}:`), asm.indexOf(`.size ${name},`));
    expect(fn('add')).toContain('call __adddf3');
    expect(fn('mulf')).toContain('call __mulsf3');
    expect(fn("lt")).toMatch(/call __ltdf2\n\s+add esp, 16\n\s+cmp eax, 0\n\s+setl eax/);
    expect(fn('neg')).not.toContain('call');
    expect(fn('neg')).toContain('xor edx, -2147483648');
    expect(fn('truth')).not.toContain('call');
    expect(fn('fix')).toContain('call __fixdfdi');
    expect(fn('widen')).toContain('call __extendsfdf2');
    expect(fn('conv')).toContain('call __floatunsidf');
    for (const f of ['add', 'mulf', 'lt', 'fix', 'widen', 'conv']) expect(fn(f).match(/call /g)).toHaveLength(1);
  });

  it('folds constants exactly: float constants round once, from the decimal', async () => {
    const r = await runC(`
      _Static_assert(0.1 + 0.2 != 0.3 && 0.1f + 0.2f == 0.3f, "binary64 and binary32 folding");
      _Static_assert(1.00000005960464477550f == 1.0000001192092896, "no double rounding through double");
      _Static_assert(0x1p-1074 == 4.9406564584124654e-324 && 0x1p-1075 == 0 && 1e400 > 1.7976931348623157e308, "range");
      _Static_assert((int)-2.9 == -2 && (unsigned char)300.5 == 44 && (_Bool)0.1 && !(_Bool)-0.0, "conversions");
      _Static_assert((float)16777217 == 16777216 && (float)9007199254740993LL == 9007199254740992.0f, "int to float");
      static const double folded = 1.0 / 3 * 3 - 1;
      int main(void) { volatile double a = 1, b = 3; return folded == a / b * b - a; }`);
    expect(r.status).toBe(1);
  });

  it('describes float and double variables in the debug info', () => {
    const built = buildC('double g; int main(void) { float f = 1; double d = f; return (int)(d + g); }', 'dbg.c');
    const elf = readElf(built.elf!);
    if (!elf.ok) throw new Error(elf.error);
    const info = parseDebugInfo(elf.elf.section(DEBUG_SECTION)!.data)!;
    expect(info.globals.find((x) => x.name === 'g')).toMatchObject({ type: 'double', size: 8 });
    const main = info.functions.find((f) => f.name === 'main')!;
    expect(main.locals.map((v) => [v.name, v.type, v.size])).toEqual([['f', 'float', 4], ['d', 'double', 8]]);
  });

  it('links soft-float and the floating libc only into programs that use them (archive style)', () => {
    const names = (src: string) => {
      const elf = readElf(buildC(src).elf!);
      if (!elf.ok) throw new Error(elf.error);
      return new Set(elf.elf.symbols.map((x) => x.name));
    };
    const plain = names('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }');
    expect(plain.has('puts')).toBe(true);
    expect(plain.has('__adddf3') || plain.has('exp') || plain.has('strtod')).toBe(false);
    const floating = names('#include <math.h>\ndouble d = 2; int main(void) { return exp(d) > 7; }');
    expect(floating.has('exp') && floating.has('__adddf3') && floating.has('__gtdf2')).toBe(true);
  });

  it('still refuses what C forbids on floating values', () => {
    for (const [src, msg] of [
      ['double d; int x = 1 ? d : (int *)0;', 'type mismatch in conditional expression'],
      ['float f; int *p = f;', 'incompatible types'],
      ['double d; int main(void) { return d & 1; }', 'invalid operands to binary &'],
      ['double d; int main(void) { d %= 2; return 0; }', 'invalid operands to binary %'],
      ['double d; int main(void) { int a[3]; return a[d]; }', 'subscripted value is neither array nor pointer'],
      ['double d; int main(void) { return (int)(char *)0 + (int)(d == (char *)0); }', 'comparison between pointer and floating value'],
      ['int a[2.0];', 'size of array has non-integer type'],
      ['int main(void) { switch (1) { case 1.0: return 0; } }', 'not an integer constant expression'],
    ]) {
      const c = compileC(src);
      expect(c.asm, src).toBeUndefined();
      expect(c.errors[0], src).toContain(msg);
    }
  });
});
