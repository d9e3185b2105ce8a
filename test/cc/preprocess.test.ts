// The preprocessor on its own: macro expansion (including the classic
// tricky cases of C99 6.10.3.5), stringizing and pasting, conditionals,
// includes and include guards, built-in macros.

import { describe, expect, it } from 'vitest';
import { preprocess } from '../../vm/cc/preprocess.js';

/** Preprocess and join the tokens' spellings with single spaces. */
function pp(src: string, files: Record<string, string> = {}): string {
  const r = preprocess('main.c', src, { includePaths: ['inc'], readFile: (p) => files[p] });
  return r.tokens.filter((t) => t.kind !== 'eof').map((t) => t.text).join(' ');
}

describe('macros', () => {
  it('expands object-like and function-like macros', () => {
    expect(pp('#define N 10\n#define SQ(x) ((x)*(x))\nN SQ(N+1)')).toBe('10 ( ( 10 + 1 ) * ( 10 + 1 ) )');
  });

  it('does not expand a function-like macro name without arguments', () => {
    expect(pp('#define f(x) x+1\nint f; f (2)')).toBe('int f ; 2 + 1');
  });

  it('stops self-reference (hide sets)', () => {
    expect(pp('#define foo foo a\nfoo')).toBe('foo a');
    expect(pp('#define f(x) g(x)\n#define g(x) f(x)\nf(1)')).toBe('f ( 1 )');
  });

  it('follows the C99 6.10.3.5 example', () => {
    const src = [
      '#define x 3',
      '#define f(a) f(x * (a))',
      '#undef x',
      '#define x 2',
      '#define g f',
      '#define z z[0]',
      '#define h g(~',
      '#define m(a) a(w)',
      '#define w 0,1',
      '#define t(a) a',
      '#define p() int',
      '#define q(x) x',
      '#define r(x,y) x ## y',
      'f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);',
      'g(x+(3,4)-w) | h 5) & m',
      '(f)^m(m);',
      'p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };',
    ].join('\n');
    expect(pp(src)).toBe(
      'f ( 2 * ( y + 1 ) ) + f ( 2 * ( f ( 2 * ( z [ 0 ] ) ) ) ) % f ( 2 * ( 0 ) ) + t ( 1 ) ; ' +
        'f ( 2 * ( 2 + ( 3 , 4 ) - 0 , 1 ) ) | f ( 2 * ( ~ 5 ) ) & f ( 2 * ( 0 , 1 ) ) ^ m ( 0 , 1 ) ; ' +
        'int i [ ] = { 1 , 23 , 4 , 5 , } ;',
    );
  });

  it('stringizes and pastes', () => {
    expect(pp('#define s(x) #x\ns(a  +  "b\\n")')).toBe('"a + \\"b\\\\n\\""');
    expect(pp('#define xs(x) s(x)\n#define s(x) #x\n#define V 4\ns(V) xs(V)')).toBe('"V" "4"');
    expect(pp('#define cat(a,b) a##b\ncat(x,1) cat(<,<) cat(,y)')).toBe('x1 << y');
    expect(pp('#define name glass##box\nname')).toBe('glassbox');
  });

  it('supports variadic macros and the GNU comma swallowing', () => {
    expect(pp('#define L(f, ...) p(f, __VA_ARGS__)\nL("a", 1, 2)')).toBe('p ( "a" , 1 , 2 )');
    expect(pp('#define L(f, ...) p(f, ##__VA_ARGS__)\nL("a")')).toBe('p ( "a" )');
    expect(pp('#define L(f, ...) p(f, ##__VA_ARGS__)\nL("a", 1, 2)')).toBe('p ( "a" , 1 , 2 )');
    expect(pp('#define L(f, rest...) p(f, ##rest)\nL("a") L("b", 3)')).toBe('p ( "a" ) p ( "b" , 3 )');
    expect(pp('#define C(...) #__VA_ARGS__\nC(a, b)')).toBe('"a, b"');
  });

  it('rejects bad pastes and wrong argument counts', () => {
    expect(() => pp('#define cat(a,b) a##b\ncat(+,/)')).toThrow(/does not give a valid preprocessing token/);
    expect(() => pp('#define f(a,b) a\nf(1,2,3)')).toThrow(/requires 2 arguments, but 3 given/);
  });

  it('knows __LINE__, __FILE__ and __COUNTER__', () => {
    expect(pp('a\n__LINE__ __FILE__\n#define L __LINE__\nL __COUNTER__ __COUNTER__')).toBe('a 2 "main.c" 4 0 1');
  });
});

describe('conditionals', () => {
  it('evaluates #if arithmetic in 64 bits with unsigned promotion, like gcc', () => {
    expect(pp('#if 0xffffffff > 0 && -1 < 0 && (-1 < 0u) == 0 && (1 << 40) > 0\nyes\n#else\nno\n#endif')).toBe('yes');
    expect(pp("#if 'a' == 97 && (3 ? 4 : 5) == 4 && 7 / 2 == 3 && -7 % 3 == -1\nyes\n#endif")).toBe('yes');
  });

  it('handles defined, #elif chains, nesting and skipped garbage', () => {
    const src = [
      '#define A',
      '#if defined(B)',
      'b',
      "#elif defined A && !defined(B)",
      '#if 0',
      "  don't care: ' unterminated and @ stray",
      '#else',
      'a',
      '#endif',
      '#else',
      'c',
      '#endif',
      '#ifndef A',
      'x',
      '#endif',
      '#ifdef A',
      'y',
      '#endif',
    ].join('\n');
    expect(pp(src)).toBe('a y');
  });

  it('treats undefined identifiers as 0 and rejects malformed expressions', () => {
    expect(pp('#if UNDEFINED + 1 == 1\nok\n#endif')).toBe('ok');
    expect(() => pp('#if 1 +\n#endif')).toThrow(/ends unexpectedly/);
    expect(() => pp('#if 1 / 0\n#endif')).toThrow(/division by zero/);
    expect(() => pp('#endif')).toThrow(/#endif without #if/);
    expect(() => pp('#if 1\n#else\n#else\n#endif')).toThrow(/#else after #else/);
  });
});

describe('includes', () => {
  it('searches the includer\'s directory for "..." and the include paths for <...>', () => {
    const files = { 'dir/a.h': '#include "b.h"\nA', 'dir/b.h': 'B', 'inc/sys.h': 'SYS' };
    const r = preprocess('dir/main.c', '#include "a.h"\n#include <sys.h>\nMAIN', { includePaths: ['inc'], readFile: (p) => files[p as keyof typeof files] });
    expect(r.tokens.filter((t) => t.kind !== 'eof').map((t) => t.text).join(' ')).toBe('B A SYS MAIN');
    expect(r.files.map((f) => f.path)).toEqual(['dir/main.c', 'dir/a.h', 'dir/b.h', 'inc/sys.h']);
  });

  it('honours include guards and #pragma once, and computed includes', () => {
    const files = { 'inc/g.h': '#ifndef G\n#define G\nG_BODY\n#endif', 'inc/o.h': '#pragma once\nONCE' };
    expect(pp('#include <g.h>\n#include <g.h>\n#include <o.h>\n#include <o.h>\n#define H <g.h>\n#include H', files)).toBe('G_BODY ONCE');
  });

  it('keeps token positions in the file they come from', () => {
    const r = preprocess('main.c', '#include "h.h"\nint y;', { includePaths: [], readFile: (p) => (p === 'h.h' ? '\n\n  int x;' : undefined) });
    const x = r.tokens.find((t) => t.text === 'x')!;
    expect([x.file.path, x.line, x.col]).toEqual(['h.h', 3, 7]);
    const y = r.tokens.find((t) => t.text === 'y')!;
    expect([y.file.path, y.line, y.col]).toEqual(['main.c', 2, 5]);
  });
});
