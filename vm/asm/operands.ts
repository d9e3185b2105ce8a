// Instruction operands: parsing them from tokens, and choosing the form.
//
// An operand's shape is decided by syntax alone (a register, something in
// brackets, or an expression), never by symbol values, so the form, and with
// it the instruction's length, is known in pass 1. Matching an operand list
// against the forms of a mnemonic gives either the form or an error that
// says what was wrong (a size mismatch, a missing size, or the shapes the
// mnemonic accepts).

import { CONTROL_REGS, Form, NO_REG, Operand, REGS16, REGS32, REGS8, SIZE_BYTE, SIZE_DWORD, SIZE_NAMES, SIZE_WORD } from '../isa/isa.js';
import { Expr, ExprError, TokenCursor, parseExpr } from './expr.js';
import { asmMessage } from './messages.js';
import type { AsmMessage } from './messages.js';

export type ParsedOperand =
  | { kind: 'reg'; bits: 8 | 16 | 32; reg: number; name: string; col: number }
  | { kind: 'cr'; n: number; name: string; col: number }
  | { kind: 'mem'; size: number | undefined; base: number; index: number; scale: number; disp: Expr | null; col: number }
  | { kind: 'imm'; expr: Expr; col: number };

const SIZE_KEYWORDS: Record<string, number> = { byte: SIZE_BYTE, word: SIZE_WORD, dword: SIZE_DWORD };

/** Words that are never symbol names. */
export function isReservedWord(name: string): boolean {
  const n = name.toLowerCase();
  return registerByName(n) !== undefined || n in CONTROL_REGS || n in SIZE_KEYWORDS || n === 'ptr' || n === 'equ';
}

export function registerByName(name: string): { bits: 8 | 16 | 32; reg: number } | undefined {
  const n = name.toLowerCase();
  let i = (REGS32 as readonly string[]).indexOf(n);
  if (i >= 0) return { bits: 32, reg: i };
  i = (REGS16 as readonly string[]).indexOf(n);
  if (i >= 0) return { bits: 16, reg: i };
  i = (REGS8 as readonly string[]).indexOf(n);
  if (i >= 0) return { bits: 8, reg: i };
  return undefined;
}

/** Parse one operand at the cursor. Throws ExprError. */
export function parseOperand(cur: TokenCursor): ParsedOperand {
  const t = cur.peek();
  let size: number | undefined;
  if (t.kind === 'ident' && t.text.toLowerCase() in SIZE_KEYWORDS) {
    size = SIZE_KEYWORDS[t.text.toLowerCase()];
    cur.next();
    const p = cur.peek();
    if (p.kind === 'ident' && p.text.toLowerCase() === 'ptr') cur.next();
    if (!cur.isPunct('[')) {
      // `push dword 5`: a size on an immediate; only dword makes sense.
      if (size !== SIZE_DWORD) throw new ExprError(t.col, asmMessage('asm.size-before-memory-only', { token: t.text }));
      return { kind: 'imm', expr: parseExpr(cur), col: cur.peek().col };
    }
  }
  if (cur.isPunct('[')) return parseMemory(cur, size, t.col);
  if (t.kind === 'ident') {
    const r = registerByName(t.text);
    if (r) {
      cur.next();
      return { kind: 'reg', ...r, name: t.text.toLowerCase(), col: t.col };
    }
    const n = t.text.toLowerCase();
    if (n in CONTROL_REGS) {
      cur.next();
      return { kind: 'cr', n: CONTROL_REGS[n], name: n, col: t.col };
    }
  }
  return { kind: 'imm', expr: parseExpr(cur), col: t.col };
}

/**
 * `[base + index*scale + disp]` with the parts in any order; `-` only before
 * displacement terms. Two plain registers: the first is the base.
 */
function parseMemory(cur: TokenCursor, size: number | undefined, col: number): ParsedOperand {
  cur.next(); // [
  let base = NO_REG;
  let index = NO_REG;
  let scale = 0;
  let disp: Expr | null = null;
  let first = true;
  for (;;) {
    let sign = '+';
    const s = cur.peek();
    if (s.kind === 'punct' && (s.text === '+' || s.text === '-')) {
      cur.next();
      sign = s.text;
    } else if (!first) {
      throw new ExprError(s.col, s.kind === 'eol' ? asmMessage('asm.expected-bracket') : asmMessage('asm.expected-address-term', { token: s.text }));
    }
    first = false;
    const reg = registerTerm(cur);
    if (reg) {
      if (sign === '-') throw new ExprError(reg.col, asmMessage('asm.address-register-subtracted'));
      if (reg.scale === undefined) {
        if (base === NO_REG) base = reg.reg;
        else if (index === NO_REG) index = reg.reg;
        else throw new ExprError(reg.col, asmMessage('asm.address-too-many-registers'));
      } else {
        if (index !== NO_REG) {
          if (base !== NO_REG) throw new ExprError(reg.col, asmMessage('asm.address-too-many-registers'));
          if (scale !== 0) throw new ExprError(reg.col, asmMessage('asm.address-two-indexes'));
          base = index; // `[ebx*1 + eax*4]`: the unscaled index becomes the base
        }
        index = reg.reg;
        scale = reg.scale;
      }
    } else {
      const term = parseTermExpr(cur);
      const signed: Expr = sign === '-' ? { kind: 'unary', op: '-', arg: term, col: s.col } : term;
      disp = disp === null ? signed : { kind: 'binary', op: '+', left: disp, right: signed, col: s.col };
    }
    if (cur.isPunct(']')) {
      cur.next();
      return { kind: 'mem', size, base, index, scale, disp, col };
    }
  }
}

/** A register term: `reg`, `reg*N` or `N*reg`; undefined (cursor unmoved) when the term is not one. */
function registerTerm(cur: TokenCursor): { reg: number; scale?: number; col: number } | undefined {
  const t = cur.peek();
  if (t.kind === 'ident') {
    const r = registerByName(t.text);
    if (!r) return undefined;
    if (r.bits !== 32) throw new ExprError(t.col, asmMessage('asm.address-register-not-32', { token: t.text }));
    cur.next();
    if (!cur.isPunct('*')) return { reg: r.reg, col: t.col };
    cur.next();
    const n = cur.next();
    if (n.kind !== 'num') throw new ExprError(n.col, asmMessage('asm.expected-scale'));
    return { reg: r.reg, scale: scaleLog2(n.value!, n.col), col: t.col };
  }
  if (t.kind === 'num' && cur.isPunct('*', 1)) {
    const r = cur.peek(2);
    const reg = r.kind === 'ident' ? registerByName(r.text) : undefined;
    if (!reg) return undefined;
    if (reg.bits !== 32) throw new ExprError(r.col, asmMessage('asm.address-register-not-32', { token: r.text }));
    cur.next();
    cur.next();
    cur.next();
    return { reg: reg.reg, scale: scaleLog2(t.value!, t.col), col: r.col };
  }
  return undefined;
}

function scaleLog2(v: bigint, col: number): number {
  const i = [1n, 2n, 4n, 8n].indexOf(v);
  if (i < 0) throw new ExprError(col, asmMessage('asm.bad-scale', { value: String(v) }));
  return i;
}

/**
 * One displacement term: a product (`4*8`, `label`, `(a+b)`); stops at + and -
 * so registers after them are seen by the memory parser.
 */
function parseTermExpr(cur: TokenCursor): Expr {
  let left = parseFactor(cur);
  for (;;) {
    const t = cur.peek();
    if (t.kind !== 'punct' || !['*', '/', '%', '<<', '>>', '&', '|', '^'].includes(t.text)) return left;
    cur.next();
    const right = parseFactor(cur);
    left = { kind: 'binary', op: t.text, left, right, col: t.col };
  }
}

function parseFactor(cur: TokenCursor): Expr {
  const t = cur.peek();
  if (t.kind === 'ident' && registerByName(t.text)) {
    throw new ExprError(t.col, asmMessage('asm.register-in-arithmetic', { token: t.text }));
  }
  if (t.kind === 'punct' && (t.text === '-' || t.text === '~')) {
    cur.next();
    return { kind: 'unary', op: t.text, arg: parseFactor(cur), col: t.col };
  }
  if (t.kind === 'punct' && t.text === '(') {
    cur.next();
    const inner = parseExpr(cur, 1);
    const close = cur.next();
    if (close.kind !== 'punct' || close.text !== ')') throw new ExprError(close.col, asmMessage('asm.expected-paren'));
    return inner;
  }
  const sub = new TokenCursor([t, { kind: 'eol', text: '', col: t.col }]);
  cur.next();
  return parseExpr(sub, 1);
}

// ----------------------------------------------------------------------------
// Form matching

/** Field values of a matched instruction; expressions are evaluated in pass 2. */
export interface Matched {
  form: Form;
  a: number;
  b: number;
  x: number;
  s: number;
  z: number;
  /** The i8 operand (shift count, vector, port), or a cr number as a constant. */
  i8: Expr | number;
  disp: Expr | null;
  /** The i or rel operand. */
  imm: Expr | null;
  /** For sized immediate stores: the store size, to range-check the value. */
  storeSize?: number;
}

export type MatchResult = { ok: true; m: Matched } | { ok: false; sizeError?: AsmMessage };

const SHAPE_NAMES: Record<Operand, string> = {
  r: 'reg32',
  rs: 'reg8/16/32',
  m: 'dword [mem]',
  msz: 'byte/word/dword [mem]',
  m816: 'byte/word [mem]',
  ma: '[mem]',
  i: 'imm32',
  i8: 'imm8',
  rel: 'label',
  cl: 'cl',
  dx: 'dx',
  cr: 'cr0/cr2/cr3/cr4',
};

/** "mov reg32, reg32 | reg32, imm32 | ..." for error messages. */
export function describeForms(mnemonic: string, forms: readonly Form[]): string {
  return forms.map((f) => (f.operands.length ? `${mnemonic} ${f.operands.map((o) => SHAPE_NAMES[o]).join(', ')}` : mnemonic)).join(' | ');
}

/** Match operands against one form. */
export function matchForm(form: Form, ops: ParsedOperand[]): MatchResult {
  if (form.operands.length !== ops.length) return { ok: false };
  const m: Matched = { form, a: 0, b: 0, x: NO_REG, s: 0, z: SIZE_DWORD, i8: 0, disp: null, imm: null };
  let regsUsed = 0;
  let mem: Extract<ParsedOperand, { kind: 'mem' }> | undefined;
  let memShape: Operand | undefined;
  let storeReg: Extract<ParsedOperand, { kind: 'reg' }> | undefined;
  let hasImm = false;
  for (let k = 0; k < ops.length; k++) {
    const shape = form.operands[k];
    const op = ops[k];
    switch (shape) {
      case 'r':
      case 'rs':
        if (op.kind !== 'reg' || (shape === 'r' && op.bits !== 32)) return { ok: false };
        if (shape === 'rs') storeReg = op;
        if (regsUsed === 0) m.a = op.reg;
        else m.b = op.reg;
        regsUsed++;
        break;
      case 'm':
      case 'msz':
      case 'm816':
      case 'ma':
        if (op.kind !== 'mem') return { ok: false };
        mem = op;
        memShape = shape;
        m.b = op.base;
        m.x = op.index;
        m.s = op.scale;
        m.disp = op.disp;
        break;
      case 'i':
      case 'rel':
        if (op.kind !== 'imm') return { ok: false };
        m.imm = op.expr;
        hasImm = true;
        break;
      case 'i8':
        if (op.kind !== 'imm') return { ok: false };
        m.i8 = op.expr;
        break;
      case 'cl':
        if (op.kind !== 'reg' || op.bits !== 8 || op.reg !== 1) return { ok: false };
        break;
      case 'dx':
        if (op.kind !== 'reg' || op.bits !== 16 || op.reg !== 2) return { ok: false };
        break;
      case 'cr':
        if (op.kind !== 'cr') return { ok: false };
        m.i8 = op.n;
        break;
    }
  }
  if (storeReg && storeReg.bits !== 32 && !mem) return { ok: false };
  if (mem && memShape) {
    const sizeError = memorySize(form, mem, memShape, storeReg, hasImm, m);
    if (sizeError) return { ok: false, sizeError };
  }
  return { ok: true, m };
}

/** Settle the Z field; a message when the sizes disagree or are missing. */
function memorySize(
  form: Form,
  mem: Extract<ParsedOperand, { kind: 'mem' }>,
  shape: Operand,
  storeReg: Extract<ParsedOperand, { kind: 'reg' }> | undefined,
  hasImm: boolean,
  m: Matched,
): AsmMessage | undefined {
  const given = mem.size === undefined ? undefined : SIZE_NAMES[mem.size];
  switch (shape) {
    case 'm':
      if (mem.size !== undefined && mem.size !== SIZE_DWORD) {
        return asmMessage(form.mnemonic === 'mov' ? 'asm.size-not-dword-mov' : 'asm.size-not-dword', { mnemonic: form.mnemonic, size: String(given) });
      }
      m.z = SIZE_DWORD;
      return undefined;
    case 'm816':
      if (mem.size === undefined) return asmMessage('asm.missing-size-byte-word', { mnemonic: form.mnemonic });
      if (mem.size === SIZE_DWORD) return asmMessage('asm.size-dword-use-mov', { mnemonic: form.mnemonic });
      m.z = mem.size;
      return undefined;
    case 'ma':
      if (mem.size !== undefined) return asmMessage('asm.size-not-allowed', { mnemonic: form.mnemonic, size: String(given) });
      m.z = SIZE_DWORD;
      return undefined;
    case 'msz': {
      if (storeReg) {
        const regSize = storeReg.bits === 8 ? SIZE_BYTE : storeReg.bits === 16 ? SIZE_WORD : SIZE_DWORD;
        if (mem.size !== undefined && mem.size !== regSize) {
          return asmMessage('asm.size-register-mismatch', { size: String(given), bits: String(storeReg.bits), register: storeReg.name });
        }
        m.z = regSize;
        return undefined;
      }
      if (mem.size === undefined) return asmMessage('asm.missing-size');
      m.z = mem.size;
      if (hasImm) m.storeSize = mem.size;
      return undefined;
    }
  }
  return undefined;
}
