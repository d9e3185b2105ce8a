// glassbox objdump (vm/asm/objdump.ts): its views of a linked program agree
// with the ELF itself and with host objdump where host objdump can read
// our files (section headers and symbols).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleAndLink } from '../../vm/asm/index.js';
import { objdump } from '../../vm/asm/objdump.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';

const SOURCE = `.text
.globl _start
.type _start, @function
_start:
    mov eax, 1
    call helper
    jmp _start
.type helper, @function
helper:
    add eax, 2
    ret
.size helper, . - helper
.data
.globl counter
.type counter, @object
counter: .long 7
`;

function program(): Uint8Array {
  const r = assembleAndLink([{ name: 'prog.s', text: SOURCE }], { textBase: 0x0804_8000 });
  if (!r.elf) throw new Error(r.errors.join('\n'));
  return r.elf;
}

function dump(opts: Parameters<typeof objdump>[2]): string {
  const r = objdump('prog', program(), { ...opts, readSource: (p) => (p === 'prog.s' ? SOURCE : undefined) });
  if (!r.ok) throw new Error(r.error);
  return r.text;
}

describe('glassbox objdump', () => {
  it('-d disassembles each function under its name, calls and jumps named by symbol', () => {
    const text = dump({ disassemble: true });
    expect(text).toContain('prog:     file format elf32-glassbox');
    expect(text).toContain('Disassembly of section .text:');
    expect(text).toMatch(/\n08048000 <_start>:\n 8048000:\t[0-9a-f ]+\tmov eax, 1\n 8048008:\t[0-9a-f ]+\tcall 8048018 <helper>\n 8048010:\t[0-9a-f ]+\tjmp 8048000 <_start>\n/);
    expect(text).toMatch(/\n08048018 <helper>:\n 8048018:\t[0-9a-f ]+\tadd eax, 2\n 8048020:\t[0-9a-f ]+\tret\n/);
  });

  it('-S puts each source line above its code', () => {
    const text = dump({ source: true });
    expect(text).toMatch(/prog\.s:5\n    mov eax, 1\n 8048000:/);
    expect(text).toMatch(/prog\.s:11\n    ret\n 8048020:/);
  });

  it('-h and -t agree with host objdump', () => {
    const dir = mkdtempSync(join(tmpdir(), 'objdump-'));
    const file = join(dir, 'prog');
    writeFileSync(file, program());
    const host = (flag: string) => execFileSync('objdump', [flag, file], { encoding: 'utf8' });
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ours = dump({ headers: true, syms: true });
    for (const m of host('-h').matchAll(/^\s*\d+ (\S+)\s+([0-9a-f]{8})\s+([0-9a-f]{8})\s+[0-9a-f]{8}\s+([0-9a-f]{8})/gm)) {
      expect(ours).toMatch(new RegExp(`\\d+ ${esc(m[1])}\\s+${m[2]}  ${m[3]}  ${m[4]}\\n`));
    }
    const symbols = host('-t').split('\n').filter((l) => /^[0-9a-f]{8} /.test(l));
    expect(symbols.length).toBeGreaterThan(5);
    for (const line of symbols) expect(ours).toContain(`${line}\n`);   // the same line, byte for byte
    expect(ours).toContain('08048018 l     F .text\t0000000c helper\n');
  });

  it('says what is wrong with a file that is not a Glassbox ELF', () => {
    expect(objdump('x', new Uint8Array(10), { disassemble: true })).toEqual({ ok: false, error: 'x: file too short for an ELF header (10 bytes)' });
  });

  it('as a command: usage errors exit 2, a bad file 1, --help 0', () => {
    const cli = (...args: string[]) =>
      spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'vm/cli/main.ts'), 'objdump', ...args], { encoding: 'utf8' });
    expect(cli('--help').status).toBe(0);
    const none = cli('/bin/true');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('at least one of -d, -S, -t, -h, -f');
    expect(cli('-d', '/nonexistent').stderr).toContain('cannot read /nonexistent: ENOENT');
    const text = cli('-d', join(REPO_ROOT, 'package.json'));
    expect(text.status).toBe(1);
    expect(text.stderr).toMatch(/package\.json: not an ELF file/);
    expect(cli('-q', 'x').status).toBe(2);
  }, 60_000);
});
