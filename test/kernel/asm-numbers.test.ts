// No hand-copied numbers in assembly where a header names them.
//
// Every .s file of kernel/ and programs/ goes through the preprocessor and
// can include trace.h, syscall.h, abi.h, mmu.h, machine.h and asm-offsets.h.
// This scan fails on the copies those headers replaced: `.equ`/`.set` with
// a numeric value, a numeric port in `in`/`out`, a numeric `int` vector, and
// a numeric system-call number loaded into eax for the `int`.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../vm/host/node-files.js';

const NUMBER = String.raw`(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9][0-9_]*|'[^']*')`;
const RULES: { what: string; re: RegExp }[] = [
  { what: 'a number in .equ/.set (#include the header that names it)', re: new RegExp(String.raw`^\s*\.(?:equ|set)\s+\w+\s*,\s*${NUMBER}\s*$|^\s*\w+\s+equ\s+${NUMBER}\s*$`, 'i') },
  { what: 'a numeric port (use PORT_* from machine.h)', re: new RegExp(String.raw`^\s*(?:\w+:\s*)*(?:out\s+${NUMBER}\s*,|in\s+\w+\s*,\s*${NUMBER}\s*$)`, 'i') },
  { what: 'a numeric interrupt vector (use VECTOR_* from machine.h)', re: new RegExp(String.raw`^\s*(?:\w+:\s*)*int\s+${NUMBER}\s*$`, 'i') },
];
const MOV_EAX = new RegExp(String.raw`^\s*(?:\w+:\s*)*mov\s+eax\s*,\s*(.+?)\s*$`, 'i');
const INT = /^\s*(?:\w+:\s*)*int\s/i;
const LABEL = /^\s*[.\w]+:/;

/** The code of a line: without its `;` comment. */
function code(line: string): string {
  const k = line.indexOf(';');
  return k < 0 ? line : line.slice(0, k);
}

/** Each hand-copied number in an assembly text, as `LINE: what`. */
export function handCopiedNumbers(text: string): string[] {
  const found: string[] = [];
  let eax: { value: string; line: number } | undefined; // what the last `mov eax` since a label loaded
  text.split('\n').forEach((raw, i) => {
    const line = code(raw);
    for (const r of RULES) if (r.re.test(line)) found.push(`${i + 1}: ${r.what}`);
    if (LABEL.test(line)) eax = undefined;
    const mov = MOV_EAX.exec(line);
    if (mov) eax = { value: mov[1], line: i + 1 };
    if (INT.test(line) && eax && new RegExp(`^${NUMBER}$`).test(eax.value)) {
      found.push(`${eax.line}: a numeric system-call number (use SYS_* from syscall.h)`);
    }
  });
  return found;
}

function assemblyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...assemblyFiles(p));
    else if (e.name.endsWith('.s')) out.push(p);
  }
  return out;
}

describe('assembly takes its numbers from the headers', () => {
  it('finds each kind of copy (so the scan below can fail)', () => {
    const bad = [
      '.equ TR_CS_SAVE, 22',
      '.set TF_EIP, 0x24 ; offsetof(struct trapframe, eip)',
      'X equ 4',
      '    out 0xf0, eax',
      '    in eax, 0xe1            ; bytes queued',
      '    int 0x80',
      'f:  mov eax, 119                        ; SYS_sigreturn',
      '    int VECTOR_SYSCALL',
    ].join('\n');
    expect(handCopiedNumbers(bad).map((f) => f.split(':')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const good = [
      '.equ BUF, buffer + 4',
      '    out PORT_TRACE, eax',
      '    out dx, eax',
      '    in eax, dx',
      '    mov eax, SYS_clone',
      '    mov ebx, 0                 ; int 0x80 in a comment is prose',
      '    int VECTOR_SYSCALL',
      'g:  mov eax, 0',
      'h:  ret',
      '    int VECTOR_SYSCALL',
    ].join('\n');
    expect(handCopiedNumbers(good)).toEqual([]);
  });

  it('has no copies in any .s file of kernel/ and programs/', () => {
    const files = [...assemblyFiles(join(REPO_ROOT, 'kernel')), ...assemblyFiles(join(REPO_ROOT, 'programs'))];
    expect(files.length).toBeGreaterThan(8);
    const found = files.flatMap((f) =>
      handCopiedNumbers(readFileSync(f, 'utf8')).map((m) => `${relative(REPO_ROOT, f)}:${m}`),
    );
    expect(found).toEqual([]);
  });
});
