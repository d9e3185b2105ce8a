// Packing and unpacking instructions, straight from the table in isa.ts.
//
// An Instruction is the decoded meaning of one encoded instruction: the form
// plus its field values. encode() and decode() are exact inverses for every
// well-formed instruction (a round-trip property the tests check), and
// decode() never throws: bytes that are not an instruction yield an error.

import { FORM_BY_OPCODE, Form, NO_REG, SIZE_DWORD, formLength, hasImm32, hasMemory } from './isa.js';

export interface Instruction {
  form: Form;
  /** A field: the first register operand (0..7), or 0 when unused. */
  a: number;
  /** B field: the second register, or the memory base (NO_REG = none). */
  b: number;
  /** X field: the memory index (NO_REG = none). */
  x: number;
  /** S field: log2 of the index scale (0..3). */
  s: number;
  /** Z field: memory access size (SIZE_BYTE/WORD/DWORD). */
  z: number;
  /** I8 field: 8-bit immediate. */
  i8: number;
  /** Memory displacement (signed 32-bit), when the form has a memory operand. */
  disp: number;
  /** Immediate, or for 'rel' the offset from the next instruction (signed 32-bit). */
  imm: number;
}

/** An instruction with every field at its neutral value. */
export function blankInstruction(form: Form): Instruction {
  return { form, a: 0, b: hasMemory(form) ? NO_REG : 0, x: NO_REG, s: 0, z: SIZE_DWORD, i8: 0, disp: 0, imm: 0 };
}

/** Encode to 4, 8 or 12 bytes. Field values are masked to their widths. */
export function encode(ins: Instruction): Uint8Array {
  const f = ins.form;
  const out = new Uint8Array(formLength(f));
  const view = new DataView(out.buffer);
  const header =
    (f.opcode & 0xff) |
    ((ins.a & 15) << 8) |
    ((ins.b & 15) << 12) |
    ((ins.x & 15) << 16) |
    ((ins.s & 3) << 20) |
    ((ins.z & 3) << 22) |
    ((ins.i8 & 0xff) << 24);
  view.setUint32(0, header >>> 0, true);
  let at = 4;
  if (hasMemory(f)) {
    view.setInt32(at, ins.disp | 0, true);
    at += 4;
  }
  if (hasImm32(f)) view.setInt32(at, ins.imm | 0, true);
  return out;
}

export type DecodeResult =
  | { ok: true; ins: Instruction; length: number }
  | { ok: false; error: string; length: number };

/**
 * Decode the instruction at `offset`. Fails (without throwing) on an
 * undefined opcode, a truncated instruction, or field values the core would
 * not accept (register fields above 7 where a register is required).
 */
export function decode(bytes: Uint8Array, offset = 0): DecodeResult {
  if (offset < 0 || offset + 4 > bytes.length) return { ok: false, error: 'truncated instruction', length: 1 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = view.getUint32(offset, true);
  const form = FORM_BY_OPCODE[header & 0xff];
  if (!form) return { ok: false, error: `undefined opcode 0x${(header & 0xff).toString(16).padStart(2, '0')}`, length: 4 };
  const length = formLength(form);
  if (offset + length > bytes.length) return { ok: false, error: 'truncated instruction', length: bytes.length - offset };
  const ins: Instruction = {
    form,
    a: (header >>> 8) & 15,
    b: (header >>> 12) & 15,
    x: (header >>> 16) & 15,
    s: (header >>> 20) & 3,
    z: (header >>> 22) & 3,
    i8: (header >>> 24) & 0xff,
    disp: 0,
    imm: 0,
  };
  let at = offset + 4;
  if (hasMemory(form)) {
    ins.disp = view.getInt32(at, true);
    at += 4;
  }
  if (hasImm32(form)) ins.imm = view.getInt32(at, true);
  return { ok: true, ins, length };
}
