// The assembler: instruction forms, operands, expressions, labels and
// directives, checked through encoding.decode() and the object file.

import { describe, expect, it } from 'vitest';
import { FORMS, NO_REG, Operand, SIZE_BYTE, SIZE_DWORD, SIZE_WORD } from '../../vm/isa/isa.js';
import { decode } from '../../vm/isa/encoding.js';
import { NOP_WORD } from '../../vm/asm/nop.js';
import { asmOk, words } from './helpers.js';

/** Decode the instruction at `offset` of .text of an assembled snippet. */
function ins(text: string, offset = 0) {
  const obj = asmOk(text);
  const d = decode(obj.sections.find((s) => s.name === '.text')!.bytes, offset);
  if (!d.ok) throw new Error(d.error);
  return { ...d.ins, obj };
}

function section(text: string, name: string) {
  return asmOk(text).sections.find((s) => s.name === name)!;
}

// One textual operand per shape; the expected fields are checked below.
const SAMPLE: Record<Operand, string> = {
  r: 'ecx',
  rs: 'edx',
  m: '[ebx+esi*4+0x10]',
  msz: 'dword [ebx+esi*4+0x10]',
  m816: 'word [ebx+esi*4+0x10]',
  ma: '[ebx+esi*4+0x10]',
  i: '0x12345678',
  i8: '7',
  rel: 'target',
  cl: 'cl',
  dx: 'dx',
  cr: 'cr3',
};

describe('every form assembles to its own opcode and fields', () => {
  for (const form of FORMS) {
    it(form.name, () => {
      // Registers: first ecx (1), second edx (2).
      let regs = 0;
      const ops = form.operands.map((o) => (o === 'r' || o === 'rs' ? (regs++ === 0 ? 'ecx' : 'edx') : SAMPLE[o]));
      const text = `${form.mnemonic} ${ops.join(', ')}\ntarget:\n`;
      const d = ins(text);
      expect(d.form).toBe(form);
      const regShapes = form.operands.filter((o) => o === 'r' || o === 'rs');
      if (regShapes.length >= 1) expect(d.a).toBe(1);
      if (regShapes.length >= 2) expect(d.b).toBe(2);
      const hasMem = form.operands.some((o) => o === 'm' || o === 'msz' || o === 'm816' || o === 'ma');
      if (hasMem) {
        expect([d.b, d.x, d.s, d.disp]).toEqual([3, 6, 2, 0x10]);
        expect(d.z).toBe(form.operands.includes('m816') ? SIZE_WORD : SIZE_DWORD);
      }
      if (form.operands.includes('i')) expect(d.imm).toBe(0x12345678);
      if (form.operands.includes('i8')) expect(d.i8).toBe(7);
      if (form.operands.includes('cr')) expect(d.i8).toBe(3);
      if (form.operands.includes('rel')) expect(d.imm).toBe(0); // target is the next instruction
    });
  }
});

describe('operands', () => {
  it('reads memory operands with parts in any order, negative and symbolic displacements', () => {
    const cases: [string, number, number, number, number][] = [
      ['[ebx]', 3, NO_REG, 0, 0],
      ['[esi*4 + ebx + 8]', 3, 6, 2, 8],
      ['[8 + ebx + 4*esi]', 3, 6, 2, 8],
      ['[ebp - 4]', 5, NO_REG, 0, -4],
      ['[ebp + -0x10]', 5, NO_REG, 0, -16],
      ['[ecx*1]', NO_REG, 1, 0, 0],
      ['[eax + ebx]', 0, 3, 0, 0],
      ['[edi*8 - 2*4]', NO_REG, 7, 3, -8],
      ['[0x1000]', NO_REG, NO_REG, 0, 0x1000],
      ['[eax + (3 + 4) * 2]', 0, NO_REG, 0, 14],
      ['[ebx*1 + eax*4]', 3, 0, 2, 0],
    ];
    for (const [mem, b, x, s, disp] of cases) {
      const d = ins(`mov eax, ${mem}`);
      expect([d.b, d.x, d.s, d.disp], mem).toEqual([b, x, s, disp]);
    }
  });

  it('accepts sizes with an optional ptr, and store sources al/ax/eax', () => {
    expect(ins('mov byte ptr [edi], 5').z).toBe(SIZE_BYTE);
    expect(ins('mov DWORD PTR [edi], 5').z).toBe(SIZE_DWORD);
    expect(ins('mov [edi], al').z).toBe(SIZE_BYTE);
    expect(ins('mov [edi], bx').z).toBe(SIZE_WORD);
    expect(ins('mov word [edi], bx').a).toBe(3);
    expect(ins('mov [edi], esi').z).toBe(SIZE_DWORD);
    expect(ins('movzx eax, byte [esi]').form.name).toBe('MOVZX_RM');
    expect(ins('movsx eax, word ptr [esi]').z).toBe(SIZE_WORD);
    expect(ins('push dword 5').form.name).toBe('PUSH_I');
  });

  it('chooses forms by operand shape', () => {
    const names = (t: string) => ins(t).form.name;
    expect(names('mov eax, ebx')).toBe('MOV_RR');
    expect(names('mov eax, msg\nmsg:')).toBe('MOV_RI');
    expect(names('mov eax, [msg]\nmsg:')).toBe('MOV_RM');
    expect(names('mov eax, cr2')).toBe('MOV_RC');
    expect(names('mov cr3, eax')).toBe('MOV_CR');
    expect(names('shl eax, 3')).toBe('SHL_RI');
    expect(names('shl eax, cl')).toBe('SHL_RC');
    expect(names('sar dword [eax], cl')).toBe('SAR_MC');
    expect(names('in eax, 0x60')).toBe('IN_RI');
    expect(names('in eax, dx')).toBe('IN_RD');
    expect(names('out 0xe9, eax')).toBe('OUT_IR');
    expect(names('out dx, eax')).toBe('OUT_DR');
    expect(names('jmp eax')).toBe('JMP_R');
    expect(names('jmp [eax]')).toBe('JMP_M');
    expect(names('call dword [eax + 4]')).toBe('CALL_M');
    expect(names('imul eax, ebx, -3')).toBe('IMUL_RRI');
    expect(names('lea eax, [ebx + esi*4 + 8]')).toBe('LEA');
    expect(names('lidt [eax]')).toBe('LIDT');
  });

  it('knows the mnemonic aliases', () => {
    expect(ins('jz x\nx:').form.name).toBe('JE');
    expect(ins('jnae x\nx:').form.name).toBe('JB');
    expect(ins('setnz eax').form.name).toBe('SETNE');
    expect(ins('pushfd').form.name).toBe('PUSHF');
    expect(ins('iretd').form.name).toBe('IRET');
    expect(ins('MOV EAX, 1').form.name).toBe('MOV_RI');
  });

  it('encodes branches as offsets from the next instruction', () => {
    const obj = asmOk('top: nop\njmp top\njne fwd\nnop\nfwd: ret');
    const text = obj.sections[0].bytes;
    const jmp = decode(text, 4);
    const jne = decode(text, 12);
    expect(jmp.ok && jmp.ins.imm).toBe(-12);
    expect(jne.ok && jne.ins.imm).toBe(4);
    expect(obj.relocations).toEqual([]);
  });
});

describe('expressions', () => {
  const value = (e: string) => words(section(`.data\n.long ${e}`, '.data').bytes)[0] | 0;
  it('follows C precedence', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('1 << 4 | 1')).toBe(17);
    expect(value('0xff & ~0x0f')).toBe(0xf0);
    expect(value('6 ^ 3')).toBe(5);
    expect(value('-7 / 2')).toBe(-3);
    expect(value('-7 % 2')).toBe(-1);
    expect(value('0x80000000 >> 31')).toBe(1);
    expect(value('- - 5')).toBe(5);
    expect(value('0b1010 + 0o17')).toBe(25);
    expect(value('1 << 64')).toBe(0);
  });
  it('reads character literals with escapes', () => {
    expect(value("'A'")).toBe(65);
    expect(value("'\\n'")).toBe(10);
    expect(value("'\\0'")).toBe(0);
    expect(value("'\\x41' + 1")).toBe(66);
    expect(value("'\\''")).toBe(39);
    expect(value("'\\\\'")).toBe(92);
    expect(value("'\\177'")).toBe(127);
  });
  it('has $ and . for the current address, and label differences', () => {
    const data = section('.data\n.long 1\na: .long $ - a, . - a\n.long b - a\nb:', '.data'); // $ is the directive's start, as in NASM
    expect(words(data.bytes)).toEqual([1, 0, 0, 12]);
  });
  it('resolves .equ and `name equ expr`, also forward and chained', () => {
    const d = section('.equ A, B * 2\nB equ 21\n.set C, A + 1\n.data\n.long A, B, C', '.data');
    expect(words(d.bytes)).toEqual([42, 21, 43]);
  });
  it('evaluates `len equ $ - msg` where it is written', () => {
    const d = section('.data\nmsg: .ascii "hello"\nlen equ $ - msg\n.long len', '.data');
    expect(words(d.bytes.subarray(5, 9))).toEqual([5]);
  });
});

describe('labels', () => {
  it('scopes .local labels to the previous non-local label', () => {
    const obj = asmOk('f: jmp .x\n.x: ret\ng: jmp .x\n.x: ret\nh: jmp f.x');
    const names = obj.symbols.map((s) => [s.name, s.offset]);
    expect(names).toEqual([['f', 0], ['f.x', 8], ['g', 12], ['g.x', 20], ['h', 24]]);
    const text = obj.sections[0].bytes;
    const at = (o: number) => {
      const d = decode(text, o);
      return d.ok ? d.ins.imm : NaN;
    };
    expect([at(0), at(12), at(24)]).toEqual([0, 0, -24]);
  });

  it('keeps .L labels file-local and out of the symbol table', () => {
    const obj = asmOk('.section .rodata\n.LC0: .asciz "x"\n.text\nf: mov eax, .LC0\n.Lend_f:\n.size f, .Lend_f - f\n.type f, @function');
    expect(obj.symbols.map((s) => s.name)).toEqual(['f']);
    expect(obj.symbols[0]).toMatchObject({ size: 8, type: 'function', global: false });
    expect(obj.relocations).toMatchObject([{ section: '.text', offset: 4, kind: 'ABS32', target: { kind: 'section', name: '.rodata' }, addend: 0 }]);
  });

  it('allows several labels on one line, and labels before instructions', () => {
    const obj = asmOk('a: b: nop\nc: nop');
    expect(obj.symbols.map((s) => [s.name, s.offset])).toEqual([['a', 0], ['b', 0], ['c', 4]]);
  });
});

describe('relocations', () => {
  it('records ABS32 for addresses and REL32 for branches to other sections or files', () => {
    const obj = asmOk('.globl f\nf: mov eax, [ext + 8]\ncall ext\njmp other\nmov dword [ebx], ext\npush data_label + 4\n.data\ndata_label: .long ext - 4, f\n.section .text\nother: ret');
    expect(obj.relocations.map((r) => [r.section, r.offset, r.kind, r.target, r.addend])).toEqual([
      ['.text', 4, 'ABS32', { kind: 'symbol', name: 'ext' }, 8],
      ['.text', 12, 'REL32', { kind: 'symbol', name: 'ext' }, 0],
      ['.text', 32, 'ABS32', { kind: 'symbol', name: 'ext' }, 0],
      ['.text', 40, 'ABS32', { kind: 'section', name: '.data' }, 4],
      ['.data', 0, 'ABS32', { kind: 'symbol', name: 'ext' }, -4],
      ['.data', 4, 'ABS32', { kind: 'section', name: '.text' }, 0],
    ]);
    // `jmp other`: same section, resolved at assembly time.
    const d = decode(obj.sections[0].bytes, 16);
    expect(d.ok && d.ins.imm).toBe(44 - 24);
  });

  it('makes a branch to a constant address a REL32 against address 0', () => {
    const obj = asmOk('jmp 0x100000');
    expect(obj.relocations).toMatchObject([{ kind: 'REL32', target: { kind: 'absolute' }, addend: 0x100000 }]);
  });
});

describe('directives', () => {
  it('.byte .word .long lists with expressions, strings in .byte', () => {
    const d = section('.data\n.byte 1, -1, 255, "hi", \'c\'\n.word 0x1234, -2\n.short 7\n.long 0xdeadbeef, -1\n.int 3', '.data');
    expect(Array.from(d.bytes)).toEqual([1, 255, 255, 104, 105, 99, 0x34, 0x12, 0xfe, 0xff, 7, 0, 0xef, 0xbe, 0xad, 0xde, 255, 255, 255, 255, 3, 0, 0, 0]);
  });

  it('.ascii .asciz .string with C escapes and UTF-8', () => {
    const d = section('.data\n.ascii "a\\tb\\n", "\\x41\\101\\""\n.asciz "z"\n.string "é"', '.data');
    expect(Array.from(d.bytes)).toEqual([97, 9, 98, 10, 0x41, 0x41, 34, 122, 0, 0xc3, 0xa9, 0]);
  });

  it('.zero .space .skip reserve and fill', () => {
    const d = section('.data\n.zero 3\n.space 2, 0xaa\n.skip 1', '.data');
    expect(Array.from(d.bytes)).toEqual([0, 0, 0, 0xaa, 0xaa, 0]);
    const bss = section('.bss\n.zero 100\n.align 16\nx: .space 4096', '.bss');
    expect([bss.size, bss.bytes.length, bss.align]).toEqual([112 + 4096, 0, 16]);
  });

  it('.align pads data with zeros and .text with nops, and raises the section alignment', () => {
    const d = section('.data\n.byte 1\n.align 8\n.byte 2', '.data');
    expect(Array.from(d.bytes)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(d.align).toBe(8);
    const t = section('ret\n.balign 16\nret', '.text');
    expect(words(t.bytes).slice(1, 4)).toEqual([NOP_WORD, NOP_WORD, NOP_WORD]);
  });

  it('.globl marks symbols global (also before the definition); .extern is accepted', () => {
    const obj = asmOk('.globl main, helper\n.extern printf\nmain: call printf\nhelper: ret');
    expect(obj.symbols.map((s) => [s.name, s.global])).toEqual([['main', true], ['helper', true]]);
  });

  it('.type and .size', () => {
    const obj = asmOk('.type f, @function\nf: nop\nnop\n.size f, . - f\n.data\n.type v, @object\nv: .long 1\n.size v, 4');
    expect(obj.symbols.map((s) => [s.name, s.type, s.size])).toEqual([['f', 'function', 8], ['v', 'object', 4]]);
  });

  it('.section NAME makes a non-allocated section; standard names switch to the standard sections', () => {
    const obj = asmOk('.section .glassbox.debug\n.ascii "{}"\n.byte 0\n.section .data\n.long 1\n.section ".note"\n.ascii "n"');
    expect(obj.sections.map((s) => [s.name, s.size])).toEqual([['.text', 0], ['.glassbox.debug', 3], ['.data', 4], ['.note', 1]]);
  });

  it('line info comes from .loc when present', () => {
    const obj = asmOk('.file 1 "prog.c"\n.file 2 "inc.h"\nnop\n.loc 1 10 5\nnop\nnop\n.loc 2 3\nnop\n.loc 1 11 1\nnop');
    expect(obj.lines.map((l) => [l.offset, l.file, l.line, l.col])).toEqual([[4, 'prog.c', 10, 5], [12, 'inc.h', 3, 0], [16, 'prog.c', 11, 1]]);
  });

  it('line info comes from the assembly lines without .loc', () => {
    const obj = asmOk('start:\n  nop\n\n  mov eax, 1 ; comment\n', 'boot.s');
    expect(obj.lines).toEqual([
      { section: '.text', offset: 0, file: 'boot.s', line: 2, col: 3 },
      { section: '.text', offset: 4, file: 'boot.s', line: 4, col: 3 },
    ]);
  });

  it('exports a global .equ as an absolute symbol', () => {
    const obj = asmOk('.globl SIZE\n.equ SIZE, 4096\n.equ LOCAL_ONLY, 1');
    expect(obj.symbols).toMatchObject([{ name: 'SIZE', section: null, offset: 4096, global: true }]);
  });
});
