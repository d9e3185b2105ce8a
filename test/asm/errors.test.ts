// Every assembler error path: the right file:line:col and message, many
// errors per run, and no exceptions on any input (fuzzed).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assemble } from '../../vm/asm/assembler.js';
import { assembleAndLink, formatDiagnostic } from '../../vm/asm/index.js';
import { asmErrors, prng } from './helpers.js';

/** The single error of a snippet, as `line:col: message`. */
function err(text: string): string {
  const e = asmErrors(text, 'e.s');
  expect(e, text).toHaveLength(1);
  expect(e[0].startsWith('e.s:'), e[0]).toBe(true);
  return e[0].slice('e.s:'.length);
}

describe('assembler errors', () => {
  const cases: [string, string][] = [
    ['mvo eax, 1', "1:1: unknown mnemonic 'mvo' (did you mean 'mov'?)"],
    ['  jmpp x', "1:3: unknown mnemonic 'jmpp' (did you mean 'jmp'?)"],
    ['frobnicate', "1:1: unknown mnemonic 'frobnicate'"],
    ['test eax, [ebx]', "1:1: operands not allowed for 'test'; accepted: test reg32, reg32 | test reg32, imm32 | test dword [mem], reg32 | test dword [mem], imm32"],
    ['out 0xe9, al', "1:1: operands not allowed for 'out'; accepted: out imm8, reg32 | out dx, reg32"],
    ['nop extra', "1:1: operands not allowed for 'nop'; accepted: nop"],
    ['mov [x], 5\nx:', '1:1: missing size: write byte, word or dword before the memory operand'],
    ['mov byte [x], eax\nx:', '1:1: size mismatch: byte memory operand with 32-bit register eax'],
    ['mov word [x], al\nx:', '1:1: size mismatch: word memory operand with 8-bit register al'],
    ['mov eax, byte [x]\nx:', "1:1: size mismatch: 'mov' accesses a dword in memory, not a byte (use movzx or movsx to load a byte or word)"],
    ['add eax, word [x]\nx:', "1:1: size mismatch: 'add' accesses a dword in memory, not a word"],
    ['movzx eax, [esi]', "1:1: missing size: 'movzx' needs 'byte' or 'word' before the memory operand"],
    ['movsx eax, dword [esi]', "1:1: size mismatch: 'movsx' loads a byte or a word; for a dword use mov"],
    ['lea eax, dword [ebx]', "1:1: 'lea' takes an address; a size ('dword') is not allowed"],
    ['jmp .nowhere', "1:5: undefined local label '.nowhere'"],
    ['f: jmp .nowhere', "1:8: undefined local label 'f.nowhere'"],
    ['mov eax, .Lmissing', "1:10: undefined local label '.Lmissing'"],
    ['foo: nop\nfoo: nop', "2:1: duplicate symbol 'foo' (first defined at e.s:1:1)"],
    ['.equ x, 1\nx equ 2', "2:1: duplicate symbol 'x' (first defined at e.s:1:6)"],
    ['eax: nop', "1:1: 'eax' is a register or keyword and cannot be a symbol name"],
    ['.globl ecx', "1:8: 'ecx' is a register or keyword, not a symbol"],
    ['shl eax, 256', '1:10: value 256 out of range for an 8-bit field (0..255)'],
    ['int -1', '1:5: value -1 out of range for an 8-bit field (0..255)'],
    ['out x, eax\nx:', '1:5: an 8-bit operand must be a constant, not an address'],
    ['.byte 256', '1:7: value 256 out of range for .byte (-128..255)'],
    ['.byte 1, -129', '1:10: value -129 out of range for .byte (-128..255)'],
    ['.word 70000', '1:7: value 70000 out of range for .word (-32768..65535)'],
    ['.long 0x100000000', '1:7: value 4294967296 does not fit in 32 bits'],
    ['.long 0xffffffff + 1', '1:7: value 4294967296 does not fit in 32 bits'],
    ['mov eax, 99999999999', '1:10: value 99999999999 does not fit in 32 bits'],
    ['mov eax, [ebx + 0x100000000]', '1:17: value 4294967296 does not fit in 32 bits'],
    ['mov byte [eax], 300', '1:17: value 300 out of range for a byte store (-128..255)'],
    ['mov word [eax], -40000', '1:17: value -40000 out of range for a word store (-32768..65535)'],
    ['mov word [eax], x\nx:', '1:17: a byte or word store cannot hold an address'],
    ['mov eax, [ebx*3]', '1:15: scale 3 is not 1, 2, 4 or 8'],
    ['mov eax, [ebx+ecx+edx]', '1:19: too many registers in an address (at most base + index*scale)'],
    ['mov eax, [ebx*2+ecx*2]', '1:17: two scaled index registers in one address'],
    ['mov eax, [ebx - ecx]', '1:17: a register cannot be subtracted in an address'],
    ['mov eax, [ax]', "1:11: 'ax' cannot be used in an address (32-bit registers only)"],
    ['mov eax, [ebx + 4', "1:18: expected ']'"],
    ['.ascii "abc', '1:8: unterminated string'],
    ['.ascii "\\q"', "1:9: bad string escape '\\q'"],
    ['.ascii "\\x"', "1:9: bad string escape '\\x' (expected hex digits)"],
    ['.ascii "\\777"', "1:9: bad string escape '\\777' (above 255)"],
    [".long 'ab'", '1:7: a string is not a value here (strings go in .ascii, .asciz, .byte, db, dw or dd)'],
    [".long 'a", '1:7: unterminated character literal or string'],
    ['.bogus 1', "1:1: unknown directive '.bogus'"],
    ['.asci "x"', "1:1: unknown directive '.asci' (did you mean '.ascii'?)"],
    ['.zero later\nlater:', '1:7: the size must be a constant known at this point'],
    ['.zero -1', '1:7: size -1 out of range'],
    ['.align 3', '1:8: alignment 3 is not a power of two from 1 to 4096'],
    ['.align 8192', '1:8: alignment 8192 is not a power of two from 1 to 4096'],
    ['mov eax, 1 +', '1:13: expected an expression'],
    ['mov eax, (1', "1:12: expected ')'"],
    ['mov eax, 1 2', "1:12: expected ',' between operands, found '2'"],
    ['mov eax, x * 2\nx:', "1:12: '*' on addresses needs a relocation that cannot be expressed (only symbol + constant, or the difference of two labels in one section)"],
    ['mov eax, -x\nx:', "1:10: '-' cannot be applied to an address"],
    ['mov eax, ext1 - ext2', "1:15: '-' on addresses needs a relocation that cannot be expressed (only symbol + constant, or the difference of two labels in one section)"],
    ['.data\nx: .byte x', '2:10: a byte cannot hold an address (only .long can be relocated)'],
    ['.bss\n.long 5', '2:1: .bss holds no data (it is zero-filled when loaded); use .zero N to reserve space'],
    ['.bss\nnop', '2:1: instructions are not allowed in section .bss'],
    ['.section .dbg\nnop', '2:1: instructions are not allowed in section .dbg'],
    ['.section .dbg\nfoo: .byte 1', '2:1: labels are not allowed in the non-allocated section .dbg'],
    ['.section .dbg\n.long foo', '2:7: the non-allocated section .dbg cannot hold addresses'],
    ['.equ a, b\n.equ b, a', "1:9: 'a' is defined in terms of itself"],
    ['.equ z, 1/0\nmov eax, z', '1:10: division by zero'],
    ['.equ z, 1 % 0', '1:11: division by zero'],
    ['.loc 1 2', '1:6: file number 1 was not declared with .file'],
    ['.file 1', '1:8: expected the file name in double quotes'],
    ['.loc', '1:5: expected a file number'],
    ['.size nosuch, 4', "1:7: .size of undefined symbol 'nosuch'"],
    ['f:\n.size f, ext', '2:10: .size needs a constant (for example `. - name`)'],
    ['.type f, @banana', '1:10: expected @function, @object or @notype'],
    ['#', "1:1: unexpected character '#'"],
    ['mov eax, "str"', "1:10: expected an expression, found '\"str\"'"],
    ['push byte 5', "1:6: 'byte' is allowed only before a memory operand"],
    [': nop', "1:1: expected a label, directive or instruction, found ':'"],
    ['.text junk', "1:7: unexpected 'junk' at end of line"],
    ['.section', '1:9: expected a section name'],
    ['.section .symtab', '1:10: section name .symtab is reserved for the linker'],
    ['mov eax, 0x', "1:10: bad number '0x'"],
    ['mov eax, 12abc', "1:10: bad number '12abc'"],
    ['mov eax, ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1', '1:75: expression nested too deeply'],
    ['mov eax, eax + 1', "1:14: expected ',' between operands, found '+'"],
    ['.long eax', "1:7: 'eax' is a register or keyword and cannot be used as a value here"],
    ['jmp 0x100000000', '1:5: branch target 4294967296 is not a 32-bit address'],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text).slice(0, 60), () => expect(err(text)).toBe(expected));
  }

  it('collects many errors in one run and keeps going', () => {
    const e = asmErrors('mvo eax, 1\nnop\n.byte 300\nmov [eax], 1\njmp .x\n', 'many.s');
    expect(e).toEqual([
      "many.s:1:1: unknown mnemonic 'mvo' (did you mean 'mov'?)",
      'many.s:4:1: missing size: write byte, word or dword before the memory operand',
    ]);
    // Pass-2 errors appear once pass 1 is clean.
    expect(asmErrors('.byte 300\njmp .x\n.word 1, 99999', 'p2.s')).toEqual([
      'p2.s:1:7: value 300 out of range for .byte (-128..255)',
      "p2.s:2:5: undefined local label '.x'",
      'p2.s:3:10: value 99999 out of range for .word (-32768..65535)',
    ]);
  });

  it('stops after 200 errors with a note', () => {
    const e = asmErrors('bad\n'.repeat(500));
    expect(e).toHaveLength(201);
    expect(e[200]).toMatch(/too many errors/);
  });

  it('formatDiagnostic quotes the line with a caret', () => {
    const src = 'nop\n  mov byte [x], eax\nx:';
    const r = assemble(src, 'q.s');
    expect(formatDiagnostic(r.errors[0], src)).toBe('q.s:2:3: size mismatch: byte memory operand with 32-bit register eax\n      mov byte [x], eax\n      ^');
    expect(formatDiagnostic(r.errors[0])).toBe('q.s:2:3: size mismatch: byte memory operand with 32-bit register eax');
  });

  it('assembleAndLink formats errors with the source line', () => {
    const r = assembleAndLink([{ name: 'a.s', text: '_start:\n  jmp .away' }], { textBase: 0x100000 });
    expect(r.elf).toBeUndefined();
    expect(r.errors).toEqual(["a.s:2:7: undefined local label '_start.away'\n      jmp .away\n          ^"]);
  });
});

describe('fuzz: assemble() never throws', () => {
  const ALPHABET = [
    'mov', 'add', 'jmp', 'call', 'lea', 'movzx', 'shl', 'out', 'in', 'push', 'int', 'eax', 'ebx', 'esi', 'al', 'ax', 'cl', 'dx', 'cr3',
    'byte', 'word', 'dword', 'ptr', '[', ']', '+', '-', '*', '/', '%', '<<', '>>', '(', ')', ',', ':', '$', '.', '~', '&', '|', '^',
    '.text', '.data', '.bss', '.section', '.byte', '.long', '.ascii', '.asciz', '.zero', '.align', '.equ', '.globl', '.size', '.type',
    '.loc', '.file', '@function', 'equ', '"s\\n"', '"', "'a'", "'", '0', '1', '4', '8', '0x10', '0xffffffff', '99999999999', 'x', '.x',
    '.Lx', 'f', 'f.x', 'equ', ';', '\\', '\t', ' ', '\n', '\n', '\n', '\u00e9', '\0', '#', '{',
  ];
  it('on 3000 random token soups', () => {
    const rand = prng(1234);
    for (let i = 0; i < 3000; i++) {
      const n = Math.floor(rand() * 40);
      let text = '';
      for (let k = 0; k < n; k++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)] + (rand() < 0.6 ? ' ' : '');
      const r = assemble(text, 'fuzz.s');
      expect(r.object !== undefined || r.errors.length > 0).toBe(true);
      for (const e of r.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.col).toBeGreaterThanOrEqual(1);
        expect(e.message.length).toBeGreaterThan(0);
      }
    }
  });

  it('on 1000 random byte strings and 1000 mutated real programs', () => {
    const rand = prng(99);
    const programs = ['hello.s', 'kernel-bits.s', 'sort.s'].map((n) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8'));
    for (let i = 0; i < 1000; i++) {
      const bytes = Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
      assemble(String.fromCharCode(...bytes), 'bytes.s');
      const p = programs[i % programs.length].split('');
      for (let k = 0; k < 5; k++) {
        const at = Math.floor(rand() * p.length);
        const op = rand();
        if (op < 0.33) p.splice(at, 1);
        else if (op < 0.66) p.splice(at, 0, String.fromCharCode(32 + Math.floor(rand() * 95)));
        else p[at] = '\n';
      }
      const r = assembleAndLink([{ name: 'm.s', text: p.join('') }], { textBase: 0x100000 });
      expect(r.elf !== undefined || r.errors.length > 0).toBe(true);
    }
  });
});
