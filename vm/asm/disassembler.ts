// The disassembler: bytes back to assembly text.
//
// Decoding comes from vm/isa/encoding.ts; this file only prints. The text is
// valid assembler input that re-assembles to the very same bytes: every
// instruction is checked by re-encoding what the text says and comparing.
// Bytes that are not an instruction, or an encoding the assembler would
// never produce (a register field above 7, a stray bit in an unused field),
// come out as `.long` data with the reason in a comment, which also
// round-trips. Branch targets are absolute addresses, or `symbol+off` when a
// symbolizer is given (then the text re-assembles where those symbols exist).

import { CONTROL_REGS, NO_REG, Operand, REGS16, REGS32, REGS8, SIZE_BYTE, SIZE_DWORD, SIZE_NAMES, SIZE_WORD } from '../isa/isa.js';
import { Instruction, blankInstruction, decode, encode } from '../isa/encoding.js';

export interface DisasmLine {
  address: number;
  bytes: Uint8Array;
  text: string;
  length: number;
  /** Why these bytes were shown as data. */
  error?: string;
}

export type Symbolizer = (addr: number) => string | undefined;

const SHIFTS = new Set(['shl', 'shr', 'sar']);
const CR_NAMES = new Map(Object.entries(CONTROL_REGS).map(([name, n]) => [n, name]));

export function disassemble(bytes: Uint8Array, address: number, symbols?: Symbolizer): DisasmLine[] {
  const out: DisasmLine[] = [];
  let off = 0;
  while (off < bytes.length) {
    const here = (address + off) >>> 0;
    const d = decode(bytes, off);
    if (!d.ok) {
      // Whole words as .long; a tail of fewer than 4 bytes as .byte on its own line.
      const left = bytes.length - off;
      const n = d.error !== 'truncated instruction' ? 4 : left >= 4 ? left & ~3 : left;
      out.push(dataLine(bytes.subarray(off, off + n), here, d.error));
      off += n;
      continue;
    }
    const printed = printInstruction(d.ins, here, d.length, symbols);
    const original = bytes.subarray(off, off + d.length);
    if (typeof printed !== 'string') {
      out.push(dataLine(original, here, printed.error));
    } else {
      out.push({ address: here, bytes: original.slice(), text: printed, length: d.length });
    }
    off += d.length;
  }
  return out;
}

/** Data: whole words as `.long`, or (fewer than 4 bytes) `.byte`, with the reason in a comment. */
function dataLine(bytes: Uint8Array, address: number, error: string): DisasmLine {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text =
    bytes.length >= 4
      ? '.long ' + Array.from({ length: bytes.length >> 2 }, (_, i) => '0x' + view.getUint32(i * 4, true).toString(16).padStart(8, '0')).join(', ')
      : '.byte ' + Array.from(bytes, (b) => '0x' + b.toString(16).padStart(2, '0')).join(', ');
  return { address, bytes: bytes.slice(), text: `${text} ; ${error}`, length: bytes.length, error };
}

export function formatImm(v: number): string {
  v |= 0;
  if (v >= -9 && v <= 9) return String(v);
  if (v < 0 && v >= -0x10000) return '-0x' + (-v).toString(16);
  return '0x' + (v >>> 0).toString(16);
}

function hex(v: number): string {
  return '0x' + (v >>> 0).toString(16);
}

/** The text of one instruction, or why it has none. */
function printInstruction(ins: Instruction, address: number, length: number, symbols?: Symbolizer): string | { error: string } {
  const f = ins.form;
  const canon = blankInstruction(f);
  const ops: string[] = [];
  let regs = 0;
  for (const shape of f.operands) {
    const r = printOperand(shape, ins, canon, regs, address, length, symbols);
    if (typeof r !== 'string') return r;
    if (shape === 'r' || shape === 'rs') regs++;
    ops.push(r);
  }
  const again = encode(canon);
  const orig = encode(ins);
  for (let i = 0; i < again.length; i++) {
    if (again[i] !== orig[i]) return { error: `non-canonical encoding of ${f.mnemonic} (unused or invalid field bits)` };
  }
  return ops.length ? `${f.mnemonic} ${ops.join(', ')}` : f.mnemonic;
}

function regName(n: number): string | undefined {
  return n < 8 ? REGS32[n] : undefined;
}

function printOperand(
  shape: Operand,
  ins: Instruction,
  canon: Instruction,
  regIndex: number,
  address: number,
  length: number,
  symbols?: Symbolizer,
): string | { error: string } {
  switch (shape) {
    case 'r': {
      const n = regIndex === 0 ? ins.a : ins.b;
      const name = regName(n);
      if (!name) return { error: `register field ${n} is not a register` };
      if (regIndex === 0) canon.a = n;
      else canon.b = n;
      return name;
    }
    case 'rs': {
      const names: readonly string[] = ins.z === SIZE_BYTE ? REGS8 : ins.z === SIZE_WORD ? REGS16 : ins.z === SIZE_DWORD ? REGS32 : [];
      const name = names[ins.a];
      if (!name) return { error: `no ${SIZE_NAMES[ins.z] ?? 'valid'}-sized name for register field ${ins.a}` };
      canon.a = ins.a;
      return name;
    }
    case 'm':
    case 'msz':
    case 'm816':
    case 'ma':
      return printMemory(shape, ins, canon, symbols);
    case 'i': {
      if (ins.form.operands.includes('msz')) {
        const v = ins.imm;
        if (ins.z === SIZE_BYTE && (v < -128 || v > 255)) return { error: 'immediate does not fit the byte store' };
        if (ins.z === SIZE_WORD && (v < -32768 || v > 65535)) return { error: 'immediate does not fit the word store' };
      }
      canon.imm = ins.imm;
      return formatImm(ins.imm);
    }
    case 'i8':
      // Shift counts read best in decimal; ports and vectors in hex.
      canon.i8 = ins.i8;
      return ins.i8 < 10 || SHIFTS.has(ins.form.mnemonic) ? String(ins.i8) : hex(ins.i8);
    case 'rel': {
      canon.imm = ins.imm;
      const target = (address + length + ins.imm) >>> 0;
      return symbols?.(target) ?? hex(target);
    }
    case 'cl':
      return 'cl';
    case 'dx':
      return 'dx';
    case 'cr': {
      const name = CR_NAMES.get(ins.i8);
      if (!name) return { error: `cr${ins.i8} is not a control register` };
      canon.i8 = ins.i8;
      return name;
    }
  }
}

function printMemory(shape: Operand, ins: Instruction, canon: Instruction, symbols?: Symbolizer): string | { error: string } {
  let size = '';
  if (shape === 'm') {
    if (ins.z !== SIZE_DWORD) return { error: 'a dword memory operand with another size' };
    size = 'dword ';
  } else if (shape === 'msz') {
    if (ins.z > SIZE_DWORD) return { error: `memory size field ${ins.z} is invalid` };
    size = SIZE_NAMES[ins.z] + ' ';
    canon.z = ins.z;
  } else if (shape === 'm816') {
    if (ins.z !== SIZE_BYTE && ins.z !== SIZE_WORD) return { error: `${ins.form.mnemonic} needs a byte or word size` };
    size = SIZE_NAMES[ins.z] + ' ';
    canon.z = ins.z;
  }
  if (ins.b !== NO_REG && ins.b > 7) return { error: `base field ${ins.b} is not a register` };
  if (ins.x !== NO_REG && ins.x > 7) return { error: `index field ${ins.x} is not a register` };
  canon.b = ins.b;
  canon.x = ins.x;
  canon.s = ins.x === NO_REG ? 0 : ins.s;
  canon.disp = ins.disp;
  const parts: string[] = [];
  if (ins.b !== NO_REG) parts.push(REGS32[ins.b]);
  // An unscaled index is written `*1` when there is no base, or it would read back as the base.
  if (ins.x !== NO_REG) parts.push(ins.s === 0 && ins.b !== NO_REG ? REGS32[ins.x] : `${REGS32[ins.x]}*${1 << ins.s}`);
  let inner = parts.join('+');
  if (parts.length === 0) inner = symbols?.(ins.disp >>> 0) ?? hex(ins.disp);
  else if (ins.disp !== 0) inner += ins.disp < 0 ? `-${hex(-ins.disp)}` : `+${hex(ins.disp)}`;
  return `${size}[${inner}]`;
}

/** One line per instruction: `address: text`, for listings. */
export function formatListing(lines: DisasmLine[]): string {
  return lines.map((l) => `${l.address.toString(16).padStart(8, '0')}:  ${l.text}`).join('\n');
}
