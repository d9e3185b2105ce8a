// Assembly through the C preprocessor (vm/cc/preprocess-asm.ts): header
// macros in `.s` files, one output line per input line, and errors that
// name the file, line and column as written.

import { describe, expect, it } from 'vitest';
import { preprocessAssembly } from '../../vm/cc/preprocess-asm.js';
import { assemble, assembleAndLink } from '../../vm/asm/index.js';

const HEADER = [
  '// A header shared by C and assembly.',
  '#ifndef H_H',
  '#define H_H',
  '#define TR_SAVE 22        // (tid, frame): the thread\'s state saved',
  '#define FLAGS (0x100 | 0x200)',
  '#ifndef __ASSEMBLER__',
  'struct frame { int eip; };  // C only: the assembler would reject it',
  '#endif',
  '#endif',
].join('\n');

function pp(text: string, files: Record<string, string> = { 'inc/h.h': HEADER }) {
  return preprocessAssembly('kernel/x.s', text, { includePaths: ['inc'], readFile: (p) => files[p] });
}

describe('assembly through the preprocessor', () => {
  it('lets a .s file use a macro from a header', () => {
    const src = '#include "h.h"\n    mov eax, TR_SAVE\n    mov ebx, FLAGS\n';
    const r = pp(src);
    expect(r.errors).toEqual([]);
    const viaNames = assemble(r.text!, 'kernel/x.s');
    const byHand = assemble('\n    mov eax, 22\n    mov ebx, 0x300\n', 'kernel/x.s');
    expect(viaNames.errors).toEqual([]);
    expect(viaNames.object!.sections[0].bytes).toEqual(byHand.object!.sections[0].bytes);
  });

  it('keeps one line per input line, comments with apostrophes and all', () => {
    const src = [
      '; the thread\'s entry: it\'s here',
      '#include "h.h"',
      '.globl f',
      '.type f, @function',
      'f:',
      '.loop: jmp .loop       ; don\'t stop',
      '    mov eax, $',
      '.size f, . - f',
    ].join('\n');
    const r = pp(src);
    expect(r.errors).toEqual([]);
    const lines = r.text!.split('\n');
    expect(lines[2]).toBe('.globl f');
    expect(lines[3]).toBe('.type f, @function');
    expect(lines[5]).toBe('.loop: jmp .loop');
    expect(lines[6]).toBe('    mov eax, $');
    expect(assemble(r.text!, 'kernel/x.s').errors).toEqual([]);
  });

  it('reports an assembler error at the original file, line and column', () => {
    const src = '; header first\n#include "h.h"\n\n    mov eax, TR_SAVE\n    bogus eax\n';
    const r = pp(src);
    const linked = assembleAndLink([{ name: 'kernel/x.s', text: r.text!, source: src }], { textBase: 0x1000 });
    expect(linked.errors[0]).toMatch(/^kernel\/x\.s:5:5: /);
    expect(linked.errors[0]).toContain('    bogus eax');
  });

  it('reports a preprocessor error at the original position', () => {
    expect(pp('\n  #include "nope.h"\n').errors[0]).toMatch(/^kernel\/x\.s:2:12: nope\.h: no such file/);
  });

  it('marks text that comes from another file with a line marker the assembler follows', () => {
    const files = { 'inc/code.h': '\n\n    bogus\n' };
    const src = '#include "code.h"\n    nop\n    also_bogus\n';
    const r = pp(src, files);
    expect(r.text).toContain('# 3 "inc/code.h"');
    const errors = assemble(r.text!, 'kernel/x.s').errors.map((d) => `${d.file}:${d.line}:${d.col}`);
    expect(errors).toEqual(['inc/code.h:3:5', 'kernel/x.s:3:5']);
  });

  it('passes # lines that are not directives on to the assembler', () => {
    const r = pp('# 7 "kernel/y.s"\n    bogus\n');
    expect(r.errors).toEqual([]);
    const d = assemble(r.text!, 'kernel/x.s').errors[0];
    expect(`${d.file}:${d.line}`).toBe('kernel/y.s:7');
  });
});
