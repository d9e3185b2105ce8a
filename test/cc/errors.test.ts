// Bad programs: every mistake gives one clear error at the right place
// (`file:line:col: message`, the line quoted, a caret) and no assembly; and
// no input at all — random bytes, token soup, truncated or mangled real
// programs — makes the compiler throw, hang, or emit assembly the assembler
// rejects (seeded fuzzing).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../vm/asm/index.js';
import { compile } from '../../vm/cc/compile.js';
import { tokenize } from '../../vm/cc/tokenize.js';
import { REPO_ROOT, buildC, compileC, diskRead, rng } from './helpers.js';

const NEGATIVE: [string, string, string][] = [
  // [source, position, message]
  ['int main(void) { return x; }', '1:25', "'x' undeclared"],
  ['int main(void) { foo(); return 0; }', '1:18', "implicit declaration of function 'foo'"],
  ['int main(void) { undeclared_type x; return 0; }', '1:18', "unknown type name 'undeclared_type'"],
  ['foo bar;', '1:1', "unknown type name 'foo'"],
  ['struct s { int a; };\nint main(void) { struct s v; return v + 1; }', '2:39', "invalid operands to binary + (have 'struct s' and 'int')"],
  ['int main(void) { return "abc" * 2; }', '1:31', 'invalid operands to binary *'],
  ['int main(void) { break; }', '1:18', 'break statement not within a loop or switch'],
  ['int main(void) { continue; }', '1:18', 'continue statement not within a loop'],
  ['int x = 1;\nint x = 2;', '2:5', "redefinition of 'x'"],
  ['int f(void) { return 0; }\nint f(void) { return 1; }', '2:5', "redefinition of 'f'"],
  ['int main(void) { int x; int x; return 0; }', '1:29', "redefinition of 'x'"],
  ['int f(int a, int a) { return a; }', '1:18', "redefinition of 'a'"],
  ['struct s { int a; int a; };', '1:23', "duplicate member 'a'"],
  ['int f(int a, int b);\nint main(void) { return f(1); }', '2:26', "too few arguments to function 'f' (expected 2, have 1)"],
  ['int f(int a);\nint main(void) { return f(1, 2); }', '2:26', "too many arguments to function 'f' (expected 1, have 2)"],
  ['int f(int);\nchar f(int);', '2:6', "conflicting types for 'f'"],
  ['int main(void) { int x = 0; return *x; }', '1:36', "invalid type argument of unary '*'"],
  ['int main(void) { int x = 0; return x.a; }', '1:38', "request for member 'a' in something not a structure or union"],
  ['struct s { int a; };\nint main(void) { struct s v; return v.b; }', '2:39', "'struct s' has no member named 'b'"],
  ['int main(void) { const int c = 1; c = 2; return c; }', '1:37', "assignment of read-only variable 'c'"],
  ['int main(void) { int a[3]; int b[3]; a = b; return 0; }', '1:40', 'assignment to expression with array type'],
  ['int main(void) { 5 = 3; return 0; }', '1:20', 'lvalue required as left operand of assignment'],
  ['int main(void) { int x = 1\n  return x; }', '2:3', "expected ',' or ';'"],
  ['int main(void) { return sizeof(int[3]) + ; }', '1:42', 'expected an expression'],
  ['int main(void) { return 0; } }', '1:30', 'expected a declaration'],
  ['int main(void) { /* never closed', '1:18', 'unterminated comment'],
  ['int main(void) { char *s = "abc; return 0; }', '1:28', 'missing terminating " character'],
  ['int main(void) { int a = 1 @ 2; return a; }', '1:28', "stray '@' in program"],
  ['#error custom message here', '1:2', '#error custom message here'],
  ['#include "nope.h"', '1:10', 'nope.h: no such file'],
  ['#if 1\nint x;', '1:2', 'unterminated #if'],
  ['#else\n', '1:2', '#else without #if'],
  ['#define F(a, b) a + b\nint x = F(1);', '2:9', "macro 'F' requires 2 arguments, but 1 given"],
  ['int main(void) { case 1: return 0; }', '1:18', 'case label not within a switch statement'],
  ['int main(int x) { switch (x) { case 1: case 1: return 0; } return 1; }', '1:40', 'duplicate case value 1'],
  ['int main(int x) { switch (x) { default: default: return 0; } return 1; }', '1:41', 'multiple default labels in one switch'],
  ['int main(void) { goto nowhere; }', '1:23', "label 'nowhere' used but not defined"],
  ['void f(void) { return 1; }', '1:16', "'return' with a value, in function 'f' returning void"],
  ['int f(void) { return; }', '1:15', "'return' with no value"],
  ['int main(void) { char *p; int *q = p; return 0; }', '1:36', 'incompatible pointer types'],
  ['int main(void) { int x; int *p = &x; int y = p; return y; }', '1:46', 'makes integer'],
  ['int main(void) { int *p = 5; return 0; }', '1:27', 'makes pointer'],
  ['int main(void) { int x = 3; return x(); }', '1:37', 'called object is not a function'],
  ['typedef int T; int main(void) { return T; }', '1:40', "unexpected type name 'T'"],
  ['struct s { int a : 3; };', '1:18', 'bit-fields are not supported'],
  ['int a[-1];', '1:7', 'size of array is negative'],
  ['int main(int n) { int a[n]; return 0; }', '1:25', 'variable-length arrays are not supported'],
  ['struct s; int main(void) { return sizeof(struct s); }', '1:35', "invalid application of 'sizeof' to incomplete type 'struct s'"],
  ['void v;', '1:6', "variable 'v' declared void"],
  ['int main(void) { asm("nop"); }', '1:18', 'inline assembly is not supported'],
  ['double d; int x(void) { return d % 2; }', '1:34', 'invalid operands to binary %'],
  ['double d; int x(void) { switch (d) { default: return 0; } }', '1:33', "switch quantity is not an integer ('double')"],
  ['float f; int x(void) { return ~f; }', '1:31', 'wrong type argument to bit-complement'],
  ['double d; char *p(void) { return (char *)d; }', '1:34', 'cannot convert a floating value'],
  ['double d; int x(void) { return d[0]; }', '1:33', 'subscripted value is neither array nor pointer'],
  ['_Complex double z;', '1:1', "'_Complex' is not supported"],
  ['double d = 1.5e;', '1:12', "invalid floating constant '1.5e'"],
  ['struct s { int a; }\nint main(void) { return 0; }', '1:19', "expected ';' after the definition ending here"],
  ['int a[3] = 5;', '1:12', 'an array initializer must be a brace-enclosed list'],
  ['int main(void) { int x = 08; return x; }', '1:26', "invalid digit in octal constant '08'"],
  ["int main(void) { char c = ''; return c; }", '1:27', 'empty character constant'],
  ['void f(void); int main(void) { int x = f(); return x; }', '1:41', 'void value not ignored'],
  ['int main(void) { int i = 0; while i < 3 { i++; } return 0; }', '1:35', "expected '(' after 'while'"],
  // Found by an outside test suite (issue 10).
  ['static int z;\nint z = 3;', '2:5', "non-static declaration of 'z' follows a static declaration"],
  ['static int y = 2;\nint main(void) { int y = 1; { extern int y; return y; } }', '2:42', "conflicting linkage for 'y'"],
  ['int main(void) { int n = 0; for (static int i = 0; i < 3; i++) n++; return n; }', '1:45', "declaration of static variable 'i' in 'for' loop initial declaration"],
  ['int x;\nint main(void) { for (extern int x; x < 3; x++); return x; }', '2:34', "declaration of extern variable 'x' in 'for'"],
  ['int main(void) { for (int f(void); ;) return 0; }', '1:27', "declaration of function 'f' in 'for' loop"],
  ['int main(void) { for (typedef int T; ;) return 0; }', '1:35', "declaration of typedef 'T' in 'for' loop"],
  ['int main(void) {\n  goto out;\nout:\n}', '4:1', "label 'out' at the end of a compound statement needs a statement"],
  ['int main(int c) { switch (c) { case 1: return 1; default: } return 0; }', '1:59', "'default' label at the end of a compound statement"],
  ['int main(int c) { switch (c) { case 1: } return 0; }', '1:40', 'case label at the end of a compound statement'],
  ['int f(int a, char *b, int a);', '1:27', "redefinition of 'a' (two parameters have this name)"],
  ['int g(int (*cb)(int x, int x));', '1:28', "redefinition of 'x'"],
  ['int g(int *a, unsigned *b) { return a == b; }', '1:39', "comparison of distinct pointer types ('int *' and 'unsigned int *')"],
  ['int g(void) { int a[4]; return a != &a; }', '1:34', "comparison of distinct pointer types ('int *' and 'int (*)[4]')"],
  ['int g(int *a, void *b) { return a < b; }', '1:35', "comparison of distinct pointer types ('int *' and 'void *')"],
  ['int g(int *a) { return a > 0; }', '1:26', 'ordered comparison of pointer with null pointer constant'],
  ['int g(char *a) { return 2 <= a; }', '1:27', "comparison between pointer and integer ('int' and 'char *')"],
  ['int i;\nlong *f(void) { return &i; }', '2:24', "incompatible pointer types in return from 'f': 'long *' from 'int *'"],
  ['int g(int c, long *x, int *y) { return *(c ? x : y); }', '1:44', "pointer type mismatch in conditional expression ('long *' and 'int *')"],
  ['int v = 3;\nlong v;', '2:6', "conflicting types for 'v' (was 'int', now 'long')"],
  ['unsigned f(void);\nunsigned long f(void);', '2:15', "conflicting types for 'f'"],
  ['int a[3] = {};', '1:13', "empty initializer braces '{}' are not allowed before C23"],
  ['struct s { int x; };\nint main(void) { struct s v = {}; return v.x; }', '2:32', "empty initializer braces '{}'"],
  ['int main(void) { int x = {}; return x; }', '1:27', "empty initializer braces '{}'"],
  ['int main(void) { struct { int a[2]; } v = { 1, {} }; return 0; }', '1:49', "empty initializer braces '{}'"],
];

describe('errors in C programs', () => {
  for (const [src, pos, msg] of NEGATIVE) {
    it(`${msg} (${pos})`, () => {
      const r = compileC(src);
      expect(r.asm).toBeUndefined();
      expect(r.errors).toHaveLength(1);
      const [head, quoted, caret] = r.errors[0].split('\n');
      expect(head).toBe(`test.c:${pos}: ${head.slice(`test.c:${pos}: `.length)}`);
      expect(head).toContain(msg);
      // The quoted line is the source line, and the caret sits under the column.
      const [line, col] = pos.split(':').map(Number);
      const text = src.split('\n')[line - 1];
      expect(quoted).toBe(`    ${text}`);
      expect(caret).toBe(`    ${' '.repeat(Math.min(col - 1, text.length))}^`);
    });
  }

  it('maps link errors back to the C line that needs the symbol', () => {
    const r = buildC('int helper(int);\nint main(void) {\n  int x = 1;\n  return helper(x);\n}\n');
    expect(r.elf).toBeUndefined();
    expect(r.errors[0]).toMatch(/^test\.c:4:3: undefined symbol 'helper'/);
    expect(r.errors[0]).toContain('return helper(x);');
  });

  it('reports errors inside included headers at the header line', () => {
    const r = compile('main.c', '#include "bad.h"\nint main(void) { return 0; }\n', {
      readFile: (p) => (p === 'bad.h' ? 'int ok;\nint broken(;\n' : undefined),
    });
    expect(r.errors[0]).toMatch(/^bad\.h:2:12: /);
  });
});

describe('fuzzing the compiler (seeded)', () => {
  const corpus = readdirSync(join(REPO_ROOT, 'test/cc/corpus'))
    .filter((f) => f.endsWith('.c'))
    .map((f) => readFileSync(join(REPO_ROOT, 'test/cc/corpus', f), 'utf8'));
  const TOKENS = [
    'int', 'char', 'unsigned', 'struct', 'union', 'enum', 'typedef', 'static', 'extern', 'const', 'void', 'if', 'else',
    'while', 'for', 'do', 'switch', 'case', 'default', 'break', 'continue', 'return', 'goto', 'sizeof', 'x', 'y', 'f',
    'main', 's', 'p', '0', '1', '42', '0x10', '"str"', "'c'", '(', ')', '{', '}', '[', ']', ';', ',', '=', '==', '+',
    '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '<<', '>>', '&&', '||', '?', ':', '->', '.', '++', '--',
    '+=', '...', '#', '##', '#define', '#include', '#if', '#endif', '\n',
  ];

  /** compile() must return errors in the standard form, or assembly the assembler accepts. */
  function check(src: string): void {
    let r: ReturnType<typeof compile>;
    expect(() => {
      r = compile('fuzz.c', src, { includePaths: ['programs/libc/include'], readFile: diskRead });
    }).not.toThrow();
    if (r!.asm !== undefined) {
      expect(assemble(r!.asm, 'fuzz.s').errors).toEqual([]);
    } else {
      expect(r!.errors.length).toBeGreaterThan(0);
      for (const e of r!.errors) {
        expect(e).toMatch(/^[^\n]+:\d+:\d+: /);
        expect(e).not.toMatch(/internal/);
      }
    }
  }

  it('survives random bytes', () => {
    const r = rng(1);
    for (let i = 0; i < 400; i++) {
      let s = '';
      const n = Math.floor(r() * 300);
      for (let k = 0; k < n; k++) s += String.fromCharCode(r() < 0.8 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256));
      check(s);
    }
  });

  it('survives token soup', () => {
    const r = rng(2);
    for (let i = 0; i < 400; i++) {
      const n = Math.floor(r() * 80);
      let s = '';
      for (let k = 0; k < n; k++) s += TOKENS[Math.floor(r() * TOKENS.length)] + ' ';
      check(s);
    }
  });

  it('survives truncated and mangled real programs', () => {
    const r = rng(3);
    for (let i = 0; i < 300; i++) {
      const c = corpus[Math.floor(r() * corpus.length)];
      if (i % 2 === 0) check(c.slice(0, Math.floor(r() * c.length)));
      else {
        const a = Math.floor(r() * c.length);
        const b = a + Math.floor(r() * 40);
        check(c.slice(0, a) + (r() < 0.5 ? '' : TOKENS[Math.floor(r() * TOKENS.length)]) + c.slice(b));
      }
    }
  });

  it('survives every single-token deletion from real programs (and emits only valid assembly)', () => {
    // Deletions keep most of a program intact, so many variants still compile
    // and reach the code generator with unusual shapes (`arr[-2u]`, say).
    for (const name of ['unsigned.c', 'structs.c']) {
      const text = readFileSync(join(REPO_ROOT, 'test/cc/corpus', name), 'utf8');
      const tokens = tokenize({ path: name, text, index: 0 }).filter((t) => t.kind !== 'eof');
      const lineStart = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStart.push(i + 1);
      for (const t of tokens) {
        const at = lineStart[t.line - 1] + t.col - 1;
        check(text.slice(0, at) + text.slice(at + t.text.length));
      }
    }
  });

  it('survives real programs with one token replaced by another of the same program', () => {
    const r = rng(5);
    for (let i = 0; i < 1500; i++) {
      const text = corpus[Math.floor(r() * corpus.length)];
      const tokens = tokenize({ path: 'x.c', text, index: 0 }).filter((t) => t.kind !== 'eof');
      const lineStart = [0];
      for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStart.push(k + 1);
      const t = tokens[Math.floor(r() * tokens.length)];
      const u = tokens[Math.floor(r() * tokens.length)];
      const at = lineStart[t.line - 1] + t.col - 1;
      check(text.slice(0, at) + u.text + text.slice(at + t.text.length));
    }
  });

  it('compiles very long flat expressions (generated code) without exhausting the stack', () => {
    const terms = (op: string, n: number) => Array.from({ length: n }, () => 'y').join(` ${op} `);
    for (const src of [
      `int f(int y) { return ${terms('+', 50000)}; }`,
      `int f(int y) { return ${terms('&&', 20000)}; }`,
      `int f(int y) { if (${terms('||', 20000)}) return 1; return (${terms(',', 20000)}); }`,
    ]) {
      const r = compile('long.c', src);
      expect(r.errors).toEqual([]);
      expect(assemble(r.asm!, 'long.s').errors).toEqual([]);
    }
  });

  it('stops on absurd nesting and recursive includes instead of hanging or overflowing', () => {
    check('int x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ';');
    check('int main(void) { ' + '{'.repeat(3000) + '}'.repeat(3000) + ' }');
    check('int main(void) { return ' + '- '.repeat(100000) + '1; }');
    check('int main(void) { return ' + '(int)'.repeat(100000) + '1; }');
    check('#define F(x) (x+1)\nint v = ' + 'F('.repeat(5000) + '0' + ')'.repeat(5000) + ';');
    check('#if ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + '\n#endif');
    check('#if ' + '- '.repeat(20000) + '1\n#endif');
    check('int a' + '[1]'.repeat(50000) + ';');
    check('int ' + '*'.repeat(50000) + 'p;');
    check('struct { '.repeat(5000) + 'int x; ' + '} a; '.repeat(5000));
    check('int x = ' + '{'.repeat(5000) + '1' + '}'.repeat(5000) + ';');
    const self = compile('loop.h', '#include "loop.h"\n', { readFile: (p) => (p === 'loop.h' ? '#include "loop.h"\n' : undefined) });
    expect(self.errors[0]).toContain('#include nested too deeply');
    const bomb = compile('bomb.c', '#define A B B\n#define B C C\n#define C D D\n#define D E E\n#define E F F\n#define F G G\n#define G H H\n#define H I I\n#define I J J\n#define J K K\n#define K L L\n#define L M M\n#define M N N\n#define N O O\n#define O P P\n#define P Q Q\n#define Q R R\n#define R S S\n#define S T T\n#define T U U\n#define U V V\n#define V W W\n#define W X X\n#define X Y Y\n#define Y Z Z\nA\n');
    expect(bomb.errors[0]).toMatch(/too large/);
  });
});
