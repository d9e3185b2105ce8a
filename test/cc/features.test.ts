// Feature tests: C programs compiled with our compiler and run on the bare
// machine, checking what a comparison with x86-64 gcc cannot: the 32-bit
// target (sizes, unsigned addresses above 2 GiB), the calling convention and
// the shape of the generated code (folded operands, .loc, frames), and the
// bare runtime (exit status, console input, the heap's limit).

import { describe, expect, it } from 'vitest';
import { assemble } from '../../vm/asm/index.js';
import { buildC, compileC, diskRead, runC, runElf } from './helpers.js';

describe('the 32-bit target', () => {
  it('has ILP32 sizes and a signed char', async () => {
    const r = await runC(`
      #include <stdio.h>
      int main(void) {
        printf("%d %d %d %d %d %d\\n", (int)sizeof(char), (int)sizeof(short), (int)sizeof(int),
               (int)sizeof(long), (int)sizeof(void *), (int)sizeof(int (*)(void)));
        char c = 200;
        return c < 0;
      }`);
    expect(r.stdout).toBe('1 2 4 4 4 4\n');
    expect(r.status).toBe(1);
  });

  it('compares addresses above 0x80000000 as unsigned (kernel addresses)', async () => {
    const r = await runC(`
      int main(void) {
        char *kernel = (char *)0xC0100000;
        char *user = (char *)0x08048000;
        unsigned long a = 0xC0000000ul;
        int ok = kernel > user && user < kernel && (unsigned long)kernel >= a && a / 2 == 0x60000000ul
                 && (a >> 30) == 3 && a % 7 == 3221225472u % 7;
        return ok;
      }`);
    expect(r.status).toBe(1);
  });

  it('rejects _Complex, long long long, shifts of doubles, bad constants and constants beyond 64 bits', () => {
    for (const [src, msg] of [
      ['_Complex float z;', "'_Complex' is not supported"],
      ['int main(void) { double d = 1; return d << 1; }', 'invalid operands to binary <<'],
      ['long long long x;', "'long long long' is too long"],
      ['int x = 1.5.2;', "invalid floating constant '1.5.2'"],
      ['int x = 1LLL;', "invalid suffix 'LLL'"],
      ['int x = 18446744073709551616;', 'too large'],
    ]) {
      const c = compileC(src);
      expect(c.asm).toBeUndefined();
      expect(c.errors[0]).toContain(msg);
    }
  });
});

describe('calls and frames', () => {
  it('keeps the cdecl contract with assembly functions (args, result, callee-saved registers)', async () => {
    const asm = `
      .text
      .globl sum3
      sum3:                       ; int sum3(int a, int b, int c)
          push ebp
          mov ebp, esp
          mov eax, [ebp+8]
          add eax, [ebp+12]
          add eax, [ebp+16]
          pop ebp
          ret
      .globl clobber
      clobber:                    ; void clobber(void): trashes the caller-saved registers only
          mov eax, 0x11111111
          mov ecx, 0x22222222
          mov edx, 0x33333333
          ret
    `;
    const built = buildC(`
      int sum3(int a, int b, int c);
      void clobber(void);
      int main(void) {
        int x = 10, y = 20;
        int r = sum3(1, 2, 3);
        clobber();
        return r + x + y + sum3(x, -y, 100);
      }`, 'test.c', [{ path: 'helpers.s', text: asm }]);
    expect(built.errors).toEqual([]);
    const r = await runElf(built.elf!);
    expect(r.status).toBe(6 + 30 + 90);
  });

  it('calls through function designators, pointers and their dereferences alike', async () => {
    const r = await runC(`
      static int twice(int x) { return 2 * x; }
      int main(void) {
        int (*fp)(int) = twice;
        return (*fp)(3) + (**fp)(4) + (*twice)(5) + (***twice)(1) + fp(0) + (&twice)(1);
      }`);
    expect(r.status).toBe(6 + 8 + 10 + 2 + 0 + 2);
  });

  it('passes and returns structs by value', async () => {
    const r = await runC(`
      struct big { int a[5]; char tag; };
      static struct big make(int base) { struct big b; for (int i = 0; i < 5; i++) b.a[i] = base + i; b.tag = 'k'; return b; }
      static int total(struct big b) { b.a[0] = 1000; return b.a[0] + b.a[4] + b.tag; }
      int main(void) { struct big b = make(10); int t = total(b); return t - 1000 - 14 + b.a[0] - 'k'; }`);
    expect(r.status).toBe(10);
  });

  it('keeps the ebp frame chain in every function', () => {
    const c = compileC('static int leaf(void) { return 1; } int main(void) { return leaf(); }');
    expect(c.errors).toEqual([]);
    for (const name of ['leaf', 'main']) {
      expect(functionAsm(c.asm!, name)).toMatch(new RegExp(`^\\n${name}:\\n\\s+\\.loc [\\d ]+\\n\\s+push ebp\\n\\s+mov ebp, esp`));
    }
  });

  it('links several translation units: externs, same-named statics, shared headers', async () => {
    const header = { 'shared.h': 'struct counter { int hits; const char *name; };\nextern struct counter total;\nint bump(int n);\nstatic inline int twice(int x) { return 2 * x; }\n' };
    const read = (p: string) => (header as Record<string, string>)[p];
    const { buildProgram } = await import('../../vm/cc/build.js');
    const built = buildProgram({
      runtime: 'bare',
      readFile: (p) => read(p) ?? diskRead(p),
      sources: [
        { path: 'main.c', text: '#include "shared.h"\nstatic int helper(void) { return 100; }\nint main(void) { bump(5); bump(6); return total.hits + helper() + twice(1); }\n' },
        { path: 'lib.c', text: '#include "shared.h"\nstruct counter total = {0, "total"};\nstatic int helper(int n) { return n * twice(1); }\nint bump(int n) { total.hits += helper(n); return total.hits; }\n' },
      ],
    });
    expect(built.errors).toEqual([]);
    const r = await runElf(built.elf!);
    expect(r.status).toBe(22 + 100 + 2);
  });

  it('recurses deeply (10000 frames)', async () => {
    const r = await runC('static int depth(int n) { return n ? 1 + depth(n - 1) : 0; } int main(void) { return depth(10000) == 10000; }');
    expect(r.status).toBe(1);
  });
});

/** The lines of one function in generated assembly: from its label to its .size. */
function functionAsm(asm: string, name: string): string {
  const start = asm.indexOf(`\n${name}:\n`);
  const end = asm.indexOf(`.size ${name},`, start);
  return start < 0 || end < 0 ? '' : asm.slice(start, end);
}

/** The section each label of generated assembly is defined in. */
function sectionsOf(asm: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = '.text';
  for (const line of asm.split('\n')) {
    const d = /^\s+(\.text|\.data|\.bss|\.rodata|\.section \S+)\s*$/.exec(line);
    if (d) section = d[1];
    const l = /^([A-Za-z_.][\w.]*):/.exec(line);
    if (l) out.set(l[1], section);
  }
  return out;
}

describe('generated code', () => {
  const asmOf = (src: string): string => {
    const c = compileC(src);
    expect(c.errors).toEqual([]);
    return c.asm!;
  };

  it('folds constants and variables into instructions', () => {
    const a = asmOf('int g; int f(int x, int y) { int t = x + y; t += 5; g = t * 4; if (t < 10) return 1; return x + g; }');
    expect(a).toContain('add eax, [ebp+12]');
    expect(a).toContain('add dword [ebp-4], 5');
    expect(a).toMatch(/cmp dword \[ebp-4\], 10\n\s+jge /);
    expect(a).toContain('shl eax, 2');
    expect(a).toContain('add eax, [g]');
  });

  it('uses unsigned conditions, division and shifts for unsigned operands', () => {
    const a = asmOf('unsigned f(unsigned a, unsigned b) { if (a < b) return a / b; return a >> b; } int g(int a, int b) { if (a < b) return a / b; return a >> b; }');
    const f = functionAsm(a, 'f');
    const g = functionAsm(a, 'g');
    expect(f).toMatch(/jae /);
    expect(f).toMatch(/xor edx, edx\n\s+div ecx/);
    expect(f).toMatch(/shr eax, cl/);
    expect(g).toMatch(/jge /);
    expect(g).toMatch(/cdq\n\s+idiv ecx/);
    expect(g).toMatch(/sar eax, cl/);
  });

  it('indexes arrays with scaled addressing', () => {
    const a = asmOf('int f(int i) { int a[10]; a[i] = 3; return a[i]; }');
    expect(a).toMatch(/\[ebp\+eax\*4-40\]/);
  });

  it('emits .file/.loc before statements and .type/.size for functions and objects', () => {
    const a = asmOf('int counter = 1;\nint main(void) {\n  counter++;\n  return counter;\n}\n');
    expect(a).toContain('.file 1 "test.c"');
    expect(a).toContain('.loc 1 3 3');
    expect(a).toContain('.loc 1 4 3');
    expect(a).toContain('.type main, @function');
    expect(a).toContain('.size main, . - main');
    expect(a).toContain('.type counter, @object');
    expect(a).toContain('.size counter, 4');
  });

  it('puts data in the right sections: .rodata, .data, .bss', () => {
    const a = asmOf('const int table[3] = {1, 2, 3}; int inited = 5; int zeroed[100]; const char *s = "str";');
    const sections = sectionsOf(a);
    const section = (sym: string) => sections.get(sym)?.slice(1);
    expect(section('table')).toBe('rodata');
    expect(section('inited')).toBe('data');
    expect(section('zeroed')).toBe('bss');
    expect(section('s')).toBe('data');
  });

  it('uses a jump table for dense switches', () => {
    const a = asmOf('int f(int x) { switch (x) { case 1: return 5; case 2: return 7; case 3: return 9; case 4: return 2; case 5: return 4; case 6: return 1; case 7: return 0; } return -1; }');
    expect(a).toMatch(/jmp dword \[\.Lc\d+\+eax\*4\]/);
  });

  it('renames C names that are assembler registers or keywords', async () => {
    const r = await runC('int eax = 3; static int byte(int dword) { return dword + eax; } int main(void) { int ptr = byte(4); return ptr; }');
    expect(r.status).toBe(7);
  });

  it('produces assembly the assembler accepts for a large program', () => {
    const c = compileC(`#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n${'int f_N(int x) { char b[16]; snprintf(b, sizeof b, "%d", x); return (int)strlen(b) + atoi(b); }\n'.repeat(50).replace(/_N/g, () => `_${Math.random().toString(36).slice(2, 8)}`)}`);
    expect(c.errors).toEqual([]);
    expect(assemble(c.asm!, 'big.s').errors).toEqual([]);
  });
});

describe('extensions and tricky initializers', () => {
  it('takes a string literal of half a megabyte, in an array and as a pointer, split or whole', async () => {
    const big = 'A'.repeat(250_000);
    const r = await runC(`
      #include <string.h>
      #include <stdio.h>
      char whole[] = "${big}${big}";
      const char *split = "${big}" "B" "${big}";
      int main(void) {
        printf("%d %d %c%c\\n", (int)strlen(whole), (int)sizeof whole, split[250000], split[500000]);
        return 0;
      }`);
    expect(r.stdout).toBe('500000 500001 BA\n');
  }, 60_000);

  it('supports GNU statement expressions', async () => {
    const r = await runC(`
      #define MAX(a, b) ({ int _a = (a), _b = (b); _a > _b ? _a : _b; })
      struct p { int x, y; };
      int main(void) {
        int i = 3;
        int m = MAX(i++, 2);
        struct p q = ({ struct p t = {5, 6}; t; });
        ({ i += 10; });
        return m * 10 + i + q.y;
      }`);
    expect(r.status).toBe(30 + 14 + 6);
  });

  it('supports compound literals, local (re-initialised each time) and at file scope', async () => {
    const r = await runC(`
      #include <stdio.h>
      struct point { int x, y; };
      static int sum(const int *a, int n) { int s = 0; while (n--) s += a[n]; return s; }
      static struct point *origin = &(struct point){7, 8};
      static int len(struct point p) { return p.x + p.y; }
      int main(void) {
        int total = 0;
        for (int i = 0; i < 3; i++) { int *a = (int[]){i, i + 1, i + 2}; total += sum(a, 3); a[0] = 100; }
        struct point *p = &(struct point){.y = 5};
        p->x += 2;
        printf("%d %d %d %d %d %d\\n", total, p->x, p->y, origin->y, len((struct point){3, 4}), (int)sizeof (char[]){"hello"});
        return ((int[4]){[2] = 9})[2];
      }`);
    expect(r.stdout).toBe('18 2 5 8 7 6\n');
    expect(r.status).toBe(9);
  });

  it('continues after a nested designator inside the designated sub-object (C99 6.7.8p17)', async () => {
    const r = await runC(`
      #include <stdio.h>
      int main(void) {
        int x[2][3] = {1, 2, 3, 4, 5, 6, [0][1] = 7, 8, [0] = 9, [0] = 10, 11, [1][0] = 12};
        struct { int a; struct { int b, c; } s; int d; } y = {.s.b = 1, 2, 3};
        char z[][2] = {[8][1] = 1, 2};
        printf("%d %d %d %d %d %d | %d %d %d %d | %d\\n", x[0][0], x[0][1], x[0][2], x[1][0], x[1][1], x[1][2],
               y.a, y.s.b, y.s.c, y.d, (int)sizeof z);
        return 0;
      }`);
    expect(r.stdout).toBe('10 11 8 12 5 6 | 0 1 2 3 | 20\n');
  });
});

describe('the bare runtime', () => {
  it('exits with main\'s return value, or exit()\'s, mod 256', async () => {
    expect((await runC('int main(void) { return 300; }')).status).toBe(44);
    const r = await runC('#include <stdlib.h>\n#include <stdio.h>\nint main(void) { printf("bye"); exit(9); return 1; }');
    expect(r).toMatchObject({ stdout: 'bye', status: 9, stop: 'exit' });
  });

  it('reads console input and sees end of file when it runs out', async () => {
    const r = await runC(`
      #include <stdio.h>
      int main(void) { int c, n = 0; char line[32]; fgets(line, sizeof line, stdin); printf("[%s]", line);
        while ((c = getchar()) != EOF) n++; printf("%d\\n", n); return getchar() == EOF; }`, { stdin: 'first line\nabc' });
    expect(r.stdout).toBe('[first line\n]3\n');
    expect(r.status).toBe(1);
  });

  it('gives malloc memory up to a limit below the stack, then NULL', async () => {
    const r = await runC(`
      #include <stdlib.h>
      #include <stdio.h>
      int main(void) {
        int n = 0;
        char *p;
        while ((p = malloc(1 << 20)) != NULL) { p[0] = 1; p[(1 << 20) - 1] = 2; n++; }
        char *small = malloc(100);
        printf("%d\\n", n > 20 && n < 40);
        return small != 0;
      }`);
    expect(r.stdout).toBe('1\n');
    expect(r.status).toBe(1);
  });

  it('reports failed assertions on the console and aborts', async () => {
    const r = await runC('#include <assert.h>\nint main(void) {\n  int x = 2;\n  assert(x == 3);\n  return 0;\n}\n');
    expect(r.stdout).toContain("test.c:4: main: Assertion `x == 3' failed.");
    expect(r.status).toBe(134);
  });
});

describe('declarations', () => {
  it('gives same-named static locals in different blocks their own objects', async () => {
    const r = await runC(`
      #include <stdio.h>
      static int bump(int which) {
        static int n = 100;
        if (which == 1) { static int n = 10; return ++n; }
        if (which == 2) { static int n = 20; return ++n; }
        return ++n;
      }
      int main(void) {
        bump(1); bump(2); bump(2); bump(0);
        printf("%d %d %d\\n", bump(1), bump(2), bump(0));
        return 0;
      }`);
    expect(r.stdout).toBe('12 23 102\n');
  });
});

describe('linkage (C11 6.2.2)', () => {
  it('lets extern, at file scope or in a block, take the internal linkage of a visible static', async () => {
    const r = await runC(`
      static int x = 4;
      extern int x;
      static int get(void);
      int get(void);
      int main(void) {
        extern int x;
        { int y = 1; { extern int x; return x + y + get(); } }
      }
      static int get(void) { return 10; }`);
    expect(r.status).toBe(15);
  });
});

describe('pointer comparisons (C11 6.5.8, 6.5.9)', () => {
  it('compares void * with object pointers, qualified pointees and null pointer constants', async () => {
    const r = await runC(`
      int main(void) {
        int a[3] = {1, 2, 3};
        void *v = a;
        const int *c = a + 1;
        int *n = 0;
        int r = (v == a) + (a != v) * 2 + (c > a) * 4 + (c == a + 1) * 8 + (n == 0) * 16 + (0 != a) * 32
          + (n == (void *)0) * 64 + (v == (1 - 1)) * 128;
        return r;
      }`);
    expect(r.status).toBe(1 + 4 + 8 + 16 + 32 + 64);
  });
});
