// Constant expressions: parsing and evaluation.
//
// An expression is parsed to a small tree once (pass 1) and evaluated when
// its symbols are known (pass 2, or pass 1 for things that decide layout such
// as `.zero N`). Arithmetic is 64-bit two's complement, as in NASM; whoever
// uses the value checks that it fits its field.
//
// A value is either absolute (a plain number), relative to a section of this
// object (a label plus a constant), or relative to an external symbol. Only
// "symbol + constant" survives into a relocation; the difference of two
// labels in the same section is absolute. Anything else (label * 2, a + b of
// two labels, ...) cannot be expressed as a relocation and is an error.

import { asmMessage, asmText } from './messages.js';
import type { AsmMessage } from './messages.js';
import type { Token } from './lexer.js';

export type Expr =
  | { kind: 'num'; value: bigint; col: number }
  | { kind: 'sym'; name: string; col: number }
  | { kind: 'here'; col: number }
  | { kind: 'start'; col: number }
  | { kind: 'unary'; op: string; arg: Expr; col: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; col: number };

export type Value =
  | { kind: 'abs'; value: bigint }
  | { kind: 'sec'; section: string; value: bigint }
  | { kind: 'ext'; name: string; value: bigint };

/** Thrown inside the parser and evaluator only; always caught at their entry points. */
export class ExprError extends Error {
  constructor(
    readonly col: number,
    /** The error as a catalogue message (messages.ts); `message` is its English. */
    readonly said: AsmMessage,
  ) {
    super(asmText(said));
  }
}

const MAX_DEPTH = 64;
const MAX_OPERATORS = 1000;

/**
 * A cursor over one line's tokens; the expression parser and the operand
 * parser share it.
 */
export class TokenCursor {
  pos = 0;
  /** Operators in the expression being parsed (bounded, so evaluation cannot overflow the stack). */
  operators = 0;
  constructor(readonly tokens: Token[]) {}
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }
  atEnd(): boolean {
    return this.peek().kind === 'eol';
  }
}

// Binary operators from loosest to tightest binding (C's order).
const LEVELS: string[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/** Parse an expression at the cursor. Throws ExprError. */
export function parseExpr(cur: TokenCursor, depth = 0): Expr {
  if (depth > MAX_DEPTH) throw new ExprError(cur.peek().col, asmMessage('asm.expression-too-deep'));
  if (depth === 0) cur.operators = 0;
  return parseLevel(cur, 0, depth);
}

function parseLevel(cur: TokenCursor, level: number, depth: number): Expr {
  if (level === LEVELS.length) return parseUnary(cur, depth);
  let left = parseLevel(cur, level + 1, depth);
  for (;;) {
    const t = cur.peek();
    if (t.kind !== 'punct' || !LEVELS[level].includes(t.text)) return left;
    cur.next();
    if (++cur.operators > MAX_OPERATORS) throw new ExprError(t.col, asmMessage('asm.expression-too-long'));
    const right = parseLevel(cur, level + 1, depth);
    left = { kind: 'binary', op: t.text, left, right, col: t.col };
  }
}

function parseUnary(cur: TokenCursor, depth: number): Expr {
  const t = cur.peek();
  if (t.kind === 'punct' && (t.text === '-' || t.text === '~' || t.text === '+')) {
    if (depth > MAX_DEPTH) throw new ExprError(t.col, asmMessage('asm.expression-too-deep'));
    cur.next();
    const arg = parseUnary(cur, depth + 1);
    return t.text === '+' ? arg : { kind: 'unary', op: t.text, arg, col: t.col };
  }
  return parsePrimary(cur, depth);
}

function parsePrimary(cur: TokenCursor, depth: number): Expr {
  const t = cur.next();
  if (t.kind === 'num') return { kind: 'num', value: t.value!, col: t.col };
  if (t.kind === 'ident') return { kind: 'sym', name: t.text, col: t.col };
  if (t.kind === 'punct' && t.text === '$' && cur.isPunct('$') && cur.peek().col === t.col + 1) {
    cur.next();
    return { kind: 'start', col: t.col };          // NASM's $$: the start of the current section
  }
  if (t.kind === 'punct' && (t.text === '$' || t.text === '.')) return { kind: 'here', col: t.col };
  if (t.kind === 'punct' && t.text === '(') {
    const e = parseExpr(cur, depth + 1);
    const close = cur.next();
    if (close.kind !== 'punct' || close.text !== ')') throw new ExprError(close.col, asmMessage('asm.expected-paren'));
    return e;
  }
  if (t.kind === 'eol') throw new ExprError(t.col, asmMessage('asm.expected-expression'));
  throw new ExprError(t.col, asmMessage('asm.expected-expression-found', { token: t.text }));
}

/** What the evaluator needs to know about names. */
export interface EvalEnv {
  /** The value of `$` / `.` (and so of `$$`, the start of its section). */
  here: Value;
  /** A symbol's value; undefined when it is not (yet) known. May throw ExprError. */
  lookup(name: string, col: number): Value | undefined;
}

/** Evaluate; undefined when a symbol is not known yet. Throws ExprError. */
export function evaluate(e: Expr, env: EvalEnv): Value | undefined {
  switch (e.kind) {
    case 'num':
      return { kind: 'abs', value: e.value };
    case 'here':
      return env.here;
    case 'start':
      return env.here.kind === 'sec' ? { kind: 'sec', section: env.here.section, value: 0n } : { kind: 'abs', value: 0n };
    case 'sym':
      return env.lookup(e.name, e.col);
    case 'unary': {
      const v = evaluate(e.arg, env);
      if (v === undefined) return undefined;
      if (v.kind !== 'abs') throw new ExprError(e.col, asmMessage('asm.operator-on-address', { operator: String(e.op) }));
      return abs(e.op === '-' ? -v.value : ~v.value);
    }
    case 'binary': {
      const l = evaluate(e.left, env);
      const r = evaluate(e.right, env);
      if (l === undefined || r === undefined) return undefined;
      return combine(e.op, l, r, e.col);
    }
  }
}

function abs(v: bigint): Value {
  return { kind: 'abs', value: BigInt.asIntN(64, v) };
}

function withValue(v: Value, value: bigint): Value {
  return { ...v, value: BigInt.asIntN(64, value) };
}

function sameBase(a: Value, b: Value): boolean {
  if (a.kind === 'sec' && b.kind === 'sec') return a.section === b.section;
  if (a.kind === 'ext' && b.kind === 'ext') return a.name === b.name;
  return false;
}

function combine(op: string, l: Value, r: Value, col: number): Value {
  if (l.kind === 'abs' && r.kind === 'abs') return abs(arith(op, l.value, r.value, col));
  if (op === '+' && r.kind === 'abs') return withValue(l, l.value + r.value);
  if (op === '+' && l.kind === 'abs') return withValue(r, l.value + r.value);
  if (op === '-' && r.kind === 'abs') return withValue(l, l.value - r.value);
  if (op === '-' && sameBase(l, r)) return abs(l.value - r.value);
  throw new ExprError(col, asmMessage('asm.relocation-not-expressible', { operator: op }));
}

function arith(op: string, a: bigint, b: bigint, col: number): bigint {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
    case '%':
      if (b === 0n) throw new ExprError(col, asmMessage('asm.division-by-zero'));
      return op === '/' ? a / b : a % b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return b < 0n || b > 63n ? 0n : a << b;
    case '>>': return b < 0n || b > 63n ? 0n : BigInt.asUintN(64, a) >> b;
  }
  throw new ExprError(col, asmMessage('asm.unknown-operator', { operator: op }));
}

/** Every symbol name an expression mentions. */
export function symbolsIn(e: Expr, out: string[] = []): string[] {
  if (e.kind === 'sym') out.push(e.name);
  else if (e.kind === 'unary') symbolsIn(e.arg, out);
  else if (e.kind === 'binary') {
    symbolsIn(e.left, out);
    symbolsIn(e.right, out);
  }
  return out;
}
