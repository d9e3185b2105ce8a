// Assembler <-> disassembler round trips: every form of the ISA table with
// random field values, and whole programs.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORMS, Form, NO_REG, Operand, SIZE_BYTE, SIZE_DWORD, SIZE_WORD, formLength } from '../../vm/isa/isa.js';
import { Instruction, blankInstruction, decode, encode } from '../../vm/isa/encoding.js';
import { disassemble } from '../../vm/asm/disassembler.js';
import { BARE, buildImage, textBytes } from './helpers.js';
import { readFileSync } from 'node:fs';

const int32 = fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
const reg = fc.integer({ min: 0, max: 7 });
const regOrNone = fc.integer({ min: 0, max: 8 });

/** Random canonical field values for a form, as the assembler would produce them. */
function arbInstruction(form: Form): fc.Arbitrary<Instruction> {
  const shapes = form.operands;
  const memSize = (s: Operand) => (s === 'msz' ? fc.constantFrom(SIZE_BYTE, SIZE_WORD, SIZE_DWORD) : s === 'm816' ? fc.constantFrom(SIZE_BYTE, SIZE_WORD) : fc.constant(SIZE_DWORD));
  const mem = shapes.find((s) => s === 'm' || s === 'msz' || s === 'm816' || s === 'ma');
  return fc
    .record({
      a: reg,
      b: reg,
      base: regOrNone,
      index: regOrNone,
      s: fc.integer({ min: 0, max: 3 }),
      z: mem ? memSize(mem) : fc.constant(SIZE_DWORD),
      i8: fc.integer({ min: 0, max: 255 }),
      cr: fc.constantFrom(0, 2, 3, 4),
      disp: int32,
      imm: int32,
    })
    .map((r) => {
      const ins = blankInstruction(form);
      let regs = 0;
      for (const shape of shapes) {
        if (shape === 'r' || shape === 'rs') {
          if (regs++ === 0) ins.a = r.a;
          else ins.b = r.b;
        } else if (shape === 'i8') ins.i8 = r.i8;
        else if (shape === 'cr') ins.i8 = r.cr;
        else if (shape === 'i' || shape === 'rel') ins.imm = r.imm;
      }
      if (mem) {
        ins.b = r.base;
        ins.x = r.index;
        ins.s = r.index === NO_REG ? 0 : r.s;
        ins.z = r.z;
        ins.disp = r.disp;
      }
      if (shapes.includes('rs') && ins.z === SIZE_BYTE) ins.a &= 3; // only al cl dl bl exist
      if (shapes.includes('msz') && shapes.includes('i')) {
        if (ins.z === SIZE_BYTE) ins.imm = ((r.imm % 256) + 256) % 256;
        if (ins.z === SIZE_WORD) ins.imm = (r.imm % 32768);
      }
      return ins;
    });
}

describe('every form round-trips: encode -> disassemble -> assemble + link -> same bytes', () => {
  for (const form of FORMS) {
    it(form.name, () => {
      fc.assert(
        fc.property(arbInstruction(form), (ins) => {
          const bytes = encode(ins);
          const lines = disassemble(bytes, BARE);
          expect(lines).toHaveLength(1);
          expect(lines[0].error).toBeUndefined();
          expect(lines[0].length).toBe(formLength(form));
          const again = textBytes(lines[0].text);
          expect(Array.from(again), lines[0].text).toEqual(Array.from(bytes));
        }),
        { numRuns: 12, seed: form.opcode },
      );
    });
  }
});

describe('the disassembler', () => {
  it('prints the documented syntax', () => {
    const asm = 'mov eax, dword [ebx+ecx*4+0x10]\nmov byte [edi], al\nmovsx eax, word [esi-0x4]\nlea eax, [ecx*1]\nout 0xe9, eax\nshl eax, cl\nmov cr3, eax\njmp 0x100000';
    const text = disassemble(textBytes(asm), BARE).map((l) => l.text);
    expect(text).toEqual(asm.split('\n'));
  });

  it('shows undefined opcodes and stray field bits as .long data that re-assembles', () => {
    const nop = encode(blankInstruction(FORMS.find((f) => f.name === 'NOP')!));
    const bad = new Uint8Array([0, 0, 0, 0, ...nop, 0xff, 0xff, 0xff, 0xff]);
    const stray = encode(blankInstruction(FORMS.find((f) => f.name === 'RET')!));
    stray[1] = 0x05; // A = 5 on an instruction without operands
    const bytes = new Uint8Array([...bad, ...stray, 0xaa, 0xbb]);
    const lines = disassemble(bytes, BARE);
    expect(lines.map((l) => l.error !== undefined)).toEqual([true, false, true, true, true]);
    expect(lines[0].text).toMatch(/^\.long 0x00000000 ; undefined opcode 0x00$/);
    expect(lines[3].text).toMatch(/non-canonical/);
    expect(lines[4].text).toMatch(/^\.byte 0xaa, 0xbb ;/);
    // A truncated instruction: whole words, then the byte tail, one line each.
    const call = encode(blankInstruction(FORMS.find((f) => f.name === 'CALL')!));
    const cut = disassemble(new Uint8Array([...call.subarray(0, 4), 1, 2, 3]), BARE);
    const header = '0x' + Array.from(call.subarray(0, 4)).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(cut.map((l) => l.text)).toEqual([`.long ${header} ; truncated instruction`, '.byte 0x01, 0x02, 0x03 ; truncated instruction']);
    const again = textBytes(lines.map((l) => l.text).join('\n'));
    expect(Array.from(again)).toEqual(Array.from(bytes));
  });

  it('names branch targets with a symbolizer', () => {
    const img = buildImage([{ name: 'p.s', text: '.globl _start\n_start: call f\njmp .x\n.x: ret\nf: ret\n' }]);
    const text = img.section('.text')!;
    const lines = disassemble(text.data, text.addr, (a) => img.symbolize(a)?.text);
    expect(lines.map((l) => l.text)).toEqual(['call f', 'jmp _start.x', 'ret', 'ret']);
  });

  it('never throws on random bytes, and its output always re-assembles to them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (bytes) => {
        const lines = disassemble(bytes, BARE);
        expect(lines.reduce((n, l) => n + l.length, 0)).toBe(bytes.length);
        if (bytes.length === 0) return;
        const again = textBytes(lines.map((l) => l.text).join('\n'));
        expect(Array.from(again)).toEqual(Array.from(bytes));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('whole programs round-trip', () => {
  for (const name of ['hello.s', 'kernel-bits.s', 'sort.s']) {
    it(name, () => {
      const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
      const img = buildImage([{ name, text }]);
      const sec = img.section('.text')!;
      const lines = disassemble(sec.data, sec.addr);
      expect(lines.every((l) => !l.error)).toBe(true);
      const again = textBytes(lines.map((l) => l.text).join('\n'), sec.addr);
      expect(Array.from(again)).toEqual(Array.from(sec.data));
      // And each instruction decodes to what was printed.
      for (const l of lines) expect(decode(l.bytes).ok).toBe(true);
    });
  }
});
