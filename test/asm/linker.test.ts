// The linker: layout, symbols, relocations across files, the linker-defined
// symbols, errors, the line table, and acceptance by the host's readelf.

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, assembleAndLink, link } from '../../vm/asm/index.js';
import { readElf } from '../../vm/asm/elf.js';
import { decode } from '../../vm/isa/encoding.js';
import { BARE, asmOk, buildImage, words } from './helpers.js';

const A = `
.globl _start
.type _start, @function
_start:
    call helper
    mov eax, [shared]
    mov ebx, greeting
    jmp .out
.out:
    hlt
.size _start, . - _start
.rodata
greeting: .asciz "hi"
.data
mine: .long shared, helper
.bss
abuf: .zero 10
`;

const B = `
.globl helper, shared
.type helper, @function
helper:
    mov eax, _end
    ret
.size helper, . - helper
.align 16
local_fn:
    ret
.rodata
.align 8
table: .long local_fn, _start
.data
shared: .long 42
.bss
.align 16
bbuf: .zero 100
`;

function map(files: { name: string; text: string }[], textBase = BARE) {
  const r = assembleAndLink(files, { textBase });
  expect(r.errors).toEqual([]);
  return { ...r, img: (readElf(r.elf!) as { ok: true; elf: ReturnType<typeof buildImage> }).elf };
}

describe('layout', () => {
  it('places .text then .rodata from the base, .data on the next page, then .bss', () => {
    const { map: m, img } = map([{ name: 'a.s', text: A }, { name: 'b.s', text: B }]);
    const sec = Object.fromEntries(m!.sections.map((s) => [s.name, [s.address, s.size]]));
    // a.s .text: call(8) mov(8) mov(8) jmp(8) hlt(4) = 36 bytes. b.s's .text has
    // alignment 16 (from its .align), so it starts at 48: mov(8) ret(4), pad to 16, ret(4).
    expect(sec['.text']).toEqual([BARE, 48 + 20]);
    // .rodata: "hi\0" (3 bytes at 68), then b's .rodata aligned to 8 (at 72, 8 bytes)
    expect(sec['.rodata']).toEqual([BARE + 68, 12]);
    expect(sec['.data']).toEqual([BARE + 0x1000, 12]);
    // .bss: a's 10 bytes at 0x10100c, b's aligned to 16 at 0x101020, 100 bytes
    expect(sec['.bss']).toEqual([BARE + 0x100c, 0x20 - 0xc + 100]);
    const sym = (n: string) => m!.symbols.find((s) => s.name === n)!.address;
    expect(sym('_etext')).toBe(BARE + 80);
    expect(sym('_edata')).toBe(BARE + 0x100c);
    expect(sym('__bss_start')).toBe(BARE + 0x100c);
    expect(sym('_end')).toBe(BARE + 0x1020 + 100);
    expect(sym('helper')).toBe(BARE + 48);
    expect(sym('local_fn')).toBe(BARE + 64);
    expect(sym('bbuf')).toBe(BARE + 0x1020);
    expect(img.entry).toBe(BARE);
  });

  it('makes PT_LOAD segments: R+X for text, R+W with filesz < memsz for data + bss', () => {
    const { img } = map([{ name: 'a.s', text: A }, { name: 'b.s', text: B }]);
    expect(img.segments.map((s) => [s.vaddr, s.paddr, s.filesz, s.memsz, s.flags])).toEqual([
      [BARE, BARE, 80, 80, 5],
      [BARE + 0x1000, BARE + 0x1000, 12, 0x20 + 100, 6],
    ]);
    expect(img.segments[0].data.subarray(0, 68)).toEqual(img.section('.text')!.data);
  });

  it('leaves out the read+write segment when there is no .data or .bss', () => {
    const img = buildImage([{ name: 't.s', text: '.globl _start\n_start: hlt' }]);
    expect(img.segments).toHaveLength(1);
  });

  it('links the kernel high and loads it low with physOffset', () => {
    const r = assembleAndLink([{ name: 'k.s', text: '.globl _start\n_start: mov eax, stack\nhlt\n.bss\nstack: .zero 16' }], {
      textBase: 0xc0100000,
      physOffset: 0xc0000000,
    });
    const img = (readElf(r.elf!) as { ok: true; elf: ReturnType<typeof buildImage> }).elf;
    expect(img.entry).toBe(0xc0100000);
    expect(img.segments.map((s) => [s.vaddr, s.paddr])).toEqual([
      [0xc0100000, 0x100000],
      [0xc0101000, 0x101000],
    ]);
    const d = decode(img.section('.text')!.data);
    expect(d.ok && d.ins.imm >>> 0).toBe(0xc0101000);
  });
});

describe('symbols and relocations', () => {
  it('patches absolute and relative references across files', () => {
    const { img } = map([{ name: 'a.s', text: A }, { name: 'b.s', text: B }]);
    const text = img.section('.text')!.data;
    const at = (o: number) => {
      const d = decode(text, o);
      if (!d.ok) throw new Error(d.error);
      return d.ins;
    };
    const sym = (n: string) => img.lookup(n)!;
    expect(BARE + 8 + at(0).imm).toBe(sym('helper')); // call helper
    expect(at(8).disp).toBe(sym('shared')); // mov eax, [shared]
    expect(at(16).imm).toBe(sym('greeting')); // mov ebx, greeting (a local in another section)
    expect(at(48).imm).toBe(sym('_end')); // mov eax, _end
    expect(words(img.section('.data')!.data)).toEqual([sym('shared'), sym('helper'), 42]);
    expect(words(img.section('.rodata')!.data.subarray(4))).toEqual([sym('local_fn'), sym('_start')]);
  });

  it('writes a symbol table with types, sizes and bindings', () => {
    const { img } = map([{ name: 'a.s', text: A }, { name: 'b.s', text: B }]);
    const s = (n: string) => img.symbols.find((x) => x.name === n);
    expect(s('_start')).toMatchObject({ type: 'function', global: true, size: 36, section: '.text' });
    expect(s('helper')).toMatchObject({ type: 'function', global: true, size: 12 });
    expect(s('local_fn')).toMatchObject({ type: 'notype', global: false });
    expect(s('_start.out')).toMatchObject({ global: false, value: BARE + 32 });
    expect(s('_end')).toMatchObject({ global: true, section: undefined });
    expect(img.symbolize(BARE + 52)).toEqual({ name: 'helper', offset: 4, text: 'helper+0x4' });
    expect(img.symbolize(BARE + 60)?.text).toBe('helper+0xc'); // the padding after helper (size 12) is nobody's: nearest symbol
    expect(img.symbolize(BARE + 64)?.text).toBe('local_fn');
    expect(img.symbolize(BARE + 0x1024)?.text).toBe('bbuf+0x4');
    expect(img.symbolize(0x50)).toBeUndefined();
  });

  it('keeps file-local names apart', () => {
    const f = (n: string) => ({ name: n, text: `.globl ${n === 'a.s' ? '_start\n_start' : 'other\nother'}: jmp .x\n.x: call helper\nhelper: ret` });
    const { img } = map([f('a.s'), f('b.s')]);
    const helpers = img.symbols.filter((s) => s.name === 'helper').map((s) => s.value);
    expect(helpers).toEqual([BARE + 16, BARE + 36]);
  });

  it('resolves an exported .equ constant', () => {
    const { img } = map([
      { name: 'a.s', text: '.globl _start\n_start: mov eax, PAGE + 1' },
      { name: 'b.s', text: '.globl PAGE\n.equ PAGE, 4096' },
    ]);
    const d = decode(img.section('.text')!.data);
    expect(d.ok && d.ins.imm).toBe(4097);
  });

  it('uses the entry option and accepts a local _start', () => {
    const r1 = assembleAndLink([{ name: 'a.s', text: 'nop\n.globl go\ngo: hlt' }], { textBase: BARE, entry: 'go' });
    expect((readElf(r1.elf!) as { ok: true; elf: { entry: number } }).elf.entry).toBe(BARE + 4);
    const r2 = assembleAndLink([{ name: 'a.s', text: 'nop\n_start: hlt' }], { textBase: BARE });
    expect((readElf(r2.elf!) as { ok: true; elf: { entry: number } }).elf.entry).toBe(BARE + 4);
  });
});

describe('linker errors', () => {
  const errors = (files: { name: string; text: string }[], opts = { textBase: BARE }) => assembleAndLink(files, opts).errors.map((e) => e.split('\n')[0]);

  it('undefined symbol, reported once at its first reference', () => {
    expect(errors([{ name: 'a.s', text: '.globl _start\n_start:\n  call missing\n  jmp missing\n  mov eax, [other]' }])).toEqual([
      "a.s:3:8: undefined symbol 'missing' (first referenced in a.s)",
      "a.s:5:13: undefined symbol 'other' (first referenced in a.s)",
    ]);
  });

  it('duplicate global', () => {
    expect(errors([{ name: 'a.s', text: '.globl _start, f\n_start:\nf: ret' }, { name: 'b.s', text: '\n.globl f\nf: ret' }])).toEqual([
      "b.s:3:1: duplicate global symbol 'f' (first defined at a.s:3:1)",
    ]);
  });

  it('a global definition of a linker symbol', () => {
    expect(errors([{ name: 'a.s', text: '.globl _start, _end\n_start:\n_end: ret' }])).toEqual([
      "a.s:3:1: '_end' is defined by the linker and cannot be defined globally",
    ]);
  });

  it('missing entry symbol', () => {
    expect(errors([{ name: 'a.s', text: 'main: ret' }])).toEqual(["<linker>:1:1: entry symbol '_start' is not defined"]);
  });

  it('relocation overflow', () => {
    expect(errors([
      { name: 'a.s', text: '.globl _start\n_start: ret\n.data\n  .long BIG + 0x20000000' },
      { name: 'b.s', text: '.globl BIG\n.equ BIG, 0xf0000000' },
    ])).toEqual(['a.s:4:9: relocation overflow: 0x110000000 does not fit in 32 bits']);
  });

  it('a symbol minus a large constant: the addend wraps, the final value is checked', () => {
    // The kernel's physical entry point: linked at 0xC0100000, loaded at 0x100000.
    const r = assembleAndLink([{ name: 'k.s', text: '.globl _start\n_start: mov eax, _start - 0xC0000000\n' }], { textBase: 0xc0100000, physOffset: 0xc0000000 });
    expect(r.errors).toEqual([]);
    const elf = readElf(r.elf!);
    if (!elf.ok) throw new Error(elf.error);
    const text = elf.elf.section('.text')!;
    expect(new DataView(text.data.buffer, text.data.byteOffset).getUint32(4, true)).toBe(0x100000);
    expect(errors([{ name: 'a.s', text: '.globl _start\n_start: mov eax, _start + 0x40000000\n' }], { textBase: 0xc0100000 }))
      .toEqual(['a.s:2:25: relocation overflow: 0x100100000 does not fit in 32 bits']);
  });

  it('a bad text base or an image past 4 GiB', () => {
    expect(errors([{ name: 'a.s', text: '_start: ret' }], { textBase: 0x100010 })).toEqual(['<linker>:1:1: text base 1048592 is not a page-aligned 32-bit address']);
    expect(errors([{ name: 'a.s', text: '_start: ret\n.bss\n.zero 0x2000' }], { textBase: 0xfffff000 })[0]).toMatch(/does not fit below 4 GiB/);
  });

  it('link() never throws on malformed objects', () => {
    const obj = asmOk('.globl _start\n_start: call x');
    obj.relocations[0].offset = 9999;
    expect(link([obj], { textBase: BARE }).errors[0].message).toMatch(/outside the section/);
  });
});

describe('line table and non-allocated sections', () => {
  it('maps addresses to .loc positions and assembly lines across objects', () => {
    const c = '.file 1 "main.c"\n.globl _start\n_start:\n.loc 1 5 3\n  nop\n  nop\n.loc 1 6\n  ret\n.section .glassbox.debug\n.asciz "{\\"tu\\":1}"';
    const s = '.globl util\nutil:\n  nop\n  ret\n.section .glassbox.debug\n.asciz "{\\"tu\\":2}"';
    const img = buildImage([{ name: 'main.c.s', text: c }, { name: 'util.s', text: s }]);
    expect(img.lineFor(BARE)).toEqual({ file: 'main.c', line: 5, col: 3 });
    expect(img.lineFor(BARE + 4)).toEqual({ file: 'main.c', line: 5, col: 3 });
    expect(img.lineFor(BARE + 8)).toEqual({ file: 'main.c', line: 6, col: 0 });
    expect(img.lineFor(BARE + 12)).toEqual({ file: 'util.s', line: 3, col: 3 });
    expect(img.lineFor(BARE + 16)).toEqual({ file: 'util.s', line: 4, col: 3 });
    expect(img.lineFor(BARE + 20)).toBeUndefined();
    expect(img.lineFor(BARE - 4)).toBeUndefined();
    expect(img.lines.map((l) => [l.addr - BARE, l.end - BARE, l.file, l.line])).toEqual([
      [0, 8, 'main.c', 5], [8, 12, 'main.c', 6], [12, 16, 'util.s', 3], [16, 20, 'util.s', 4],
    ]);
    const debug = img.section('.glassbox.debug')!;
    expect(new TextDecoder().decode(debug.data)).toBe('{"tu":1}\0{"tu":2}\0');
    expect(debug.addr).toBe(0);
  });
});

describe("the host's readelf accepts our executables", () => {
  const readelf = (elf: Uint8Array) => {
    const dir = mkdtempSync(join(tmpdir(), 'gbelf-'));
    try {
      const file = join(dir, 'a.out');
      writeFileSync(file, elf);
      return execFileSync('readelf', ['-lSsW', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('user program: two LOAD segments, p_filesz < p_memsz, every section listed, no warnings', () => {
    const r = assembleAndLink([{ name: 'a.s', text: A }, { name: 'b.s', text: B }, { name: 'd.s', text: '.section .glassbox.debug\n.asciz "{}"' }], { textBase: 0x08048000 });
    const out = readelf(r.elf!);
    expect(out).not.toMatch(/warning|error/i);
    expect(out).toMatch(/LOAD\s+0x001000 0x08048000 0x08048000 0x00050 0x00050 R E 0x1000/);
    expect(out).toMatch(/LOAD\s+0x002000 0x08049000 0x08049000 0x0000c 0x00084 RW  0x1000/);
    for (const name of ['.text', '.rodata', '.data', '.bss', '.glassbox.debug', '.glassbox.lines', '.symtab', '.strtab', '.shstrtab']) {
      expect(out).toContain(` ${name} `);
    }
    expect(out).toMatch(/\.bss\s+NOBITS/);
    expect(out).toMatch(/GLOBAL DEFAULT\s+1 _start/);
  });

  it('kernel: physical addresses below virtual ones', () => {
    const r = assembleAndLink([{ name: 'k.s', text: '.globl _start\n_start: hlt\n.data\n.long 1\n.bss\n.zero 64' }], { textBase: 0xc0100000, physOffset: 0xc0000000 });
    const out = readelf(r.elf!);
    expect(out).not.toMatch(/warning|error/i);
    expect(out).toMatch(/LOAD\s+0x001000 0xc0100000 0x00100000 0x00004 0x00004 R E 0x1000/);
    expect(out).toMatch(/LOAD\s+0x002000 0xc0101000 0x00101000 0x00004 0x00044 RW  0x1000/);
  });

  it('fixture programs', () => {
    for (const name of ['hello.s', 'kernel-bits.s', 'sort.s']) {
      const text = execFileSync('cat', [new URL(`./fixtures/${name}`, import.meta.url).pathname], { encoding: 'utf8' });
      const r = assembleAndLink([{ name, text }], { textBase: BARE });
      expect(r.errors).toEqual([]);
      expect(readelf(r.elf!)).not.toMatch(/warning|error/i);
    }
  });
});

describe('assemble + link of objects built separately', () => {
  it('link() takes ObjectFiles from assemble()', () => {
    const a = assemble('.globl _start\n_start: jmp f', 'a.s').object!;
    const b = assemble('.globl f\nf: hlt', 'b.s').object!;
    const r = link([a, b], { textBase: BARE });
    expect(r.errors).toEqual([]);
    const img = (readElf(r.elf!) as { ok: true; elf: ReturnType<typeof buildImage> }).elf;
    const d = decode(img.section('.text')!.data);
    expect(d.ok && d.ins.imm).toBe(0);
  });
});
