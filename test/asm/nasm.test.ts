// NASM's spellings: programs as NASM tutorials write them assemble to the
// same bytes and symbols as their GNU-directive twins, and the NASM
// preprocessor's simple forms work (vm/asm/nasm-preprocess.ts).

import { describe, expect, it } from 'vitest';
import { assemble, assembleAndLink } from '../../vm/asm/index.js';
import type { ObjectFile } from '../../vm/asm/object.js';
import { asmErrors, asmOk } from './helpers.js';

/** Sections, symbols and relocations, without source positions (the two spellings differ in lines). */
function shape(obj: ObjectFile) {
  return {
    sections: obj.sections.map((s) => ({ name: s.name, size: s.size, bytes: Array.from(s.bytes ?? []) })),
    symbols: obj.symbols.map(({ loc: _loc, ...s }: { loc?: unknown } & ObjectFile["symbols"][number]) => s).sort((a, b) => a.name.localeCompare(b.name)),
    relocations: obj.relocations.map(({ loc: _loc, ...r }) => r),
  };
}

const sectionOf = (obj: ObjectFile, name: string) => obj.sections.find((s) => s.name === name)!;

describe("NASM's directives", () => {
  it("assemble a tutorial's hello world to what the GNU spelling gives", () => {
    const nasm = asmOk(`
; hello.asm: write(1, msg, len); exit(0)
section .data
    msg db 'Hello, World!', 0Ah
    len equ $ - msg

section .text
    global _start

_start:
    mov eax, 4
    mov ebx, 1
    mov ecx, msg
    mov edx, len
    int 80h

    mov eax, 1
    xor ebx, ebx
    int 80h
`);
    const gnu = asmOk(`
.data
msg: .ascii "Hello, World!\\n"
.equ len, . - msg
.text
.globl _start
_start:
    mov eax, 4
    mov ebx, 1
    mov ecx, msg
    mov edx, len
    int 0x80
    mov eax, 1
    xor ebx, ebx
    int 0x80
`);
    expect(shape(nasm)).toEqual(shape(gnu));
  });

  it('db, dw and dd take strings and lists; a string is padded to whole items', () => {
    const obj = asmOk(`section .data
a db "hi", 10, 'x', 0
b dw 'abc', 1
c dd 'ab', 0x11223344
d db \`tab\\there\``);
    expect(Array.from(sectionOf(obj, '.data').bytes!)).toEqual([
      0x68, 0x69, 10, 0x78, 0,
      0x61, 0x62, 0x63, 0, 1, 0,
      0x61, 0x62, 0, 0, 0x44, 0x33, 0x22, 0x11,
      0x74, 0x61, 0x62, 9, 0x68, 0x65, 0x72, 0x65,
    ]);
    const names = obj.symbols.map((s) => [s.name, s.offset]);
    expect(names).toEqual(expect.arrayContaining([['a', 0], ['b', 5], ['c', 11], ['d', 19]]));
  });

  it('resb, resw and resd reserve space; times repeats with $ moving; $$ is the section start', () => {
    const obj = asmOk(`section .bss
buf resb 10
words resw 3
longs resd 2
section .text
start:
    times 3 nop
    times 510-($-$$) db 0
    dw 0xAA55`);
    expect(sectionOf(obj, '.bss').size).toBe(10 + 6 + 8);
    expect(obj.symbols.find((s) => s.name === 'longs')!.offset).toBe(16);
    const text = sectionOf(obj, '.text');
    expect(text.size).toBe(512);
    expect(Array.from(text.bytes!.slice(510))).toEqual([0x55, 0xaa]);
    expect(Array.from(text.bytes!.slice(12, 510)).every((b) => b === 0)).toBe(true);
    const offsets = asmOk('section .data\nx: times 4 dd $ - x').sections.find((s) => s.name === '.data')!.bytes!;
    expect(Array.from(new Uint32Array(offsets.buffer.slice(offsets.byteOffset, offsets.byteOffset + 16)))).toEqual([0, 4, 8, 12]);
  });

  it('reads NASM numbers: 10h, 0ffh, 0x10, 1010b, 17q, 17o, 10d', () => {
    const obj = asmOk('section .data\ndb 10h, 0ffh, 0x10, 1010b, 17q, 17o, 10d, 0b11');
    expect(Array.from(sectionOf(obj, '.data').bytes!)).toEqual([16, 255, 16, 10, 15, 15, 10, 3]);
    expect(asmErrors('section .data\ndb 0fgh')).toEqual(["t.s:2:4: bad number '0fgh'"]);
  });

  it('takes jmp short and jmp near as plain jumps, bits 32, brackets, section attributes, global NAME:function', () => {
    const hinted = asmOk(`[bits 32]
section .text align=16 progbits exec
global main:function, table:data
main:
    jmp short .next
.next:
    jz near main
    call near main
section .data
table dd 1`);
    const plain = asmOk(`.text
.align 16
.globl main, table
.type main, @function
.type table, @object
main:
    jmp .next
.next:
    jz main
    call main
.data
table: .long 1`);
    expect(shape(hinted)).toEqual(shape(plain));
  });

  it('name the problem and its place', () => {
    expect(asmErrors('bits 16')).toEqual(['t.s:1:6: bits 16: Glassbox is a 32-bit machine (bits 32 only)']);
    expect(asmErrors('section .text writable')).toEqual([
      "t.s:1:15: unknown section attribute 'writable' (known: align=N, progbits, nobits, alloc, noalloc, exec, noexec, write, nowrite)",
    ]);
    expect(asmErrors('section .bss\nx db 1')).toEqual(['t.s:2:3: .bss holds no data (it is zero-filled when loaded); use .zero N to reserve space']);
    expect(asmErrors('times -1 nop')).toEqual(['t.s:1:7: repeat count -1 out of range']);
    expect(asmErrors('times 2')).toEqual(['t.s:1:8: expected a statement to repeat after times']);
    expect(asmErrors('global main:thing')).toEqual(['t.s:1:13: expected function or data after the colon']);
  });
});

describe("NASM's preprocessor", () => {
  it('%define replaces names (also with arguments) outside strings and comments', () => {
    const obj = asmOk(`%define SYS_WRITE 4
%define STDOUT 1
%define TWICE(x) ((x) * 2)
section .data
s db "SYS_WRITE", TWICE(STDOUT + 1) ; SYS_WRITE here stays
section .text
mov eax, SYS_WRITE
mov ebx, STDOUT`);
    expect(Array.from(sectionOf(obj, '.data').bytes!)).toEqual([...Buffer.from('SYS_WRITE'), 4]);
    const same = asmOk('section .data\ns db "SYS_WRITE", 4\nsection .text\nmov eax, 4\nmov ebx, 1');
    expect(shape(obj)).toEqual(shape(same));
  });

  it('%macro expands with %1 … and %0, and %%labels are new in each expansion', () => {
    const obj = asmOk(`%macro exit 1
    mov eax, 1
    mov ebx, %1
    int 80h
%endmacro
%macro spin 2
%%again:
    dec %1
    jnz %%again
    mov %2, %0
%endmacro
_start:
    spin ecx, eax
    spin edx, ebx
    exit 7`);
    const same = asmOk(`_start:
a1:
    dec ecx
    jnz a1
    mov eax, 2
a2:
    dec edx
    jnz a2
    mov ebx, 2
    mov eax, 1
    mov ebx, 7
    int 0x80`);
    expect(Array.from(sectionOf(obj, '.text').bytes!)).toEqual(Array.from(sectionOf(same, '.text').bytes!));
  });

  it('%include reads through the reader, relative to the including file; %ifndef guards', () => {
    const files: Record<string, string> = {
      'lib/sys.inc': '%ifndef SYS_INC\n%define SYS_INC\n%define SYS_EXIT 1\n%include "more.inc"\n%endif\n',
      'lib/more.inc': 'answer equ 42\n',
    };
    const include = (path: string, from: string) => {
      const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
      const full = files[dir + path] !== undefined ? dir + path : path;
      return files[full] !== undefined ? { path: full, text: files[full] } : undefined;
    };
    const r = assemble('%include "lib/sys.inc"\n%include "lib/sys.inc"\nmov eax, SYS_EXIT\nmov ebx, answer\n', 'main.asm', { include });
    expect(r.errors).toEqual([]);
    const same = asmOk('answer equ 42\nmov eax, 1\nmov ebx, answer\n');
    expect(shape(r.object!)).toEqual(shape(same));
  });

  it('errors point at the line as written, also after an include and inside a macro use', () => {
    const include = () => ({ path: 'defs.inc', text: '%define X 1\n\n' });
    const r = assemble('%include "defs.inc"\n%macro bad 0\n    mov eax, nosuchreg]\n%endmacro\nnop\nbad\n', 'p.asm', { include });
    expect(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual([
      "p.asm:6: expected ',' between operands, found ']'",
    ]);
    const pre = assemble('%frobnicate 3\n%include "x.inc"\n%macro m 1\nnop\n%endmacro\nm\n%endif\n%macro open 0\n', 'q.asm');
    expect(pre.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`)).toEqual([
      "q.asm:1:1: unknown preprocessor directive '%frobnicate' (known: %define, %undef, %include, %macro, %endmacro, %ifdef, %ifndef, %else, %endif)",
      "q.asm:2:1: cannot %include 'x.inc' here: no files can be read",
      'q.asm:6:1: macro m takes 1 argument, got 0',
      'q.asm:7:1: %endif without %ifdef or %ifndef',
      'q.asm:8:1: %macro open has no %endmacro',
    ]);
  });

  it('a self-referring %define is an error, not a hang', () => {
    const r = assemble('%define A A+1\nmov eax, A\n', 'r.asm');
    expect(r.errors[0].message).toMatch(/nest more than 32 deep/);
  });

  it('links a tutorial program for the kernel at 0x08048000 with its own _start', () => {
    const r = assembleAndLink([{ name: 'hello.asm', text: 'section .text\nglobal _start\n_start:\n mov eax, 1\n mov ebx, 3\n int 80h\n' }], { textBase: 0x0804_8000 });
    expect(r.errors).toEqual([]);
    expect(r.elf).toBeDefined();
  });
});
