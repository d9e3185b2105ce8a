// The Editor's build path: the image carries what the compiler reads, the
// compiler's messages become diagnostics at their line and column, and a
// file name becomes a program name or a clear refusal.

import { describe, expect, it } from 'vitest';
import { Compiler } from '../../web/src/compiler/compiler.js';
import { programName } from '../../web/src/shared/build-protocol.js';
import { diagnosticRange, parseDiagnostics } from '../../web/src/shared/diagnostics.js';
import { libcSourcePaths } from '../../vm/cc/libc.js';
import { libcHeaderNames } from '../../web/tools/compiler-files.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import { systemImage } from './helpers.js';

describe('the image carries the compiler\'s files', () => {
  it('every libc source, every libc header, and the kernel headers libc includes', () => {
    const texts = systemImage().texts;
    for (const p of libcSourcePaths('kernel')) expect(texts.has(p), p).toBe(true);
    for (const h of libcHeaderNames(REPO_ROOT)) expect(texts.has(`programs/libc/include/${h}`), h).toBe(true);
    expect([...texts.keys()].some((p) => /^kernel\/include\/syscall\.h$/.test(p))).toBe(true);
  });

  it('lists the headers under /usr/include', async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const paths = (await c.headers()).map((h) => h.path);
    expect(paths).toContain('/usr/include/stdio.h');
    expect(paths).toContain('/usr/include/sys/wait.h');
    expect(paths.every((p) => p.startsWith('/usr/include/'))).toBe(true);
  });
});

describe('diagnostics', () => {
  const program = '#include <stdio.h>\n\nint main(void) {\n  int x = 1\n  return y;\n}\n';

  it('a syntax error lands at its line and column', async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const r = await c.build('bad.c', program);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const d = r.diagnostics[0];
    expect(d.file).toBe('bad.c');
    expect(d.line).toBe(5);
    expect(d.message).toMatch(/expected .*';'/);
    const range = diagnosticRange(program, d, 'bad.c');
    expect(program.slice(range.from, range.to)).toBe('return');
  });

  it('an undefined name is marked on the name', async () => {
    const c = new Compiler();
    c.loadTexts(systemImage().texts);
    const text = 'int main(void) {\n  return nope;\n}\n';
    const r = await c.build('u.c', text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const range = diagnosticRange(text, r.diagnostics[0], 'u.c');
    expect(text.slice(range.from, range.to)).toBe('nope');
  });

  it('parses positions, keeps messages without one, clamps what is out of range', () => {
    const [a, b, c] = parseDiagnostics(['x.c:3:5: expected ;\n    x = 1\n    ^', 'undefined symbol: foo', 'other.h:2:1: bad']);
    expect(a).toMatchObject({ file: 'x.c', line: 3, col: 5, message: 'expected ;' });
    expect(a.text).toContain('^');
    expect(b).toMatchObject({ file: '', line: 0, col: 0, message: 'undefined symbol: foo' });
    const doc = 'ab\ncd\n';
    expect(diagnosticRange(doc, b, 'x.c')).toEqual({ from: 0, to: 2 });
    expect(diagnosticRange(doc, c, 'x.c')).toEqual({ from: 0, to: 2 }); // another file: the first line
    expect(diagnosticRange(doc, { ...a, line: 99, col: 99 }, 'x.c')).toEqual({ from: 6, to: 6 });
    expect(diagnosticRange(doc, { ...a, line: 2, col: 2 }, 'x.c')).toEqual({ from: 4, to: 5 });
  });
});

describe('program names', () => {
  it('myfork.c is myfork; a bad name says why', () => {
    expect(programName('myfork.c')).toEqual({ name: 'myfork' });
    expect(programName('my fork.c')).toHaveProperty('error');
    expect(programName('fork.s')).toHaveProperty('error');
    expect(programName('../x.c')).toHaveProperty('error');
  });
});
