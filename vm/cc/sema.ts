// The meaning of C's operators: constructors for typed expression nodes.
//
// Each constructor checks its operands the way C's constraints say (and
// reports a clear error otherwise), applies the conversions (integer
// promotion, usual arithmetic conversions, array/function decay, assignment
// conversion) as explicit nodes, and folds operations on constants, so
// `sizeof(int) * 4` or `'a' + 1` reach the code generator as one number.
//
// Constant folding follows the machine: 32-bit wrap-around, shift counts
// masked to 5 bits, truncating division; long long constants fold as BigInt
// with 64-bit wrap-around and shift counts masked to 6 bits, as the run-time
// code does. Division by zero is never folded (it stays a run-time
// division, which faults as the CPU says). Floating constants (fnum) fold
// with JS arithmetic, which is IEEE binary64 with round to nearest even;
// float results are rounded once more with Math.fround, which gives the
// correctly rounded binary32 result of + - * / because binary64 has more
// than 2*24+2 bits (the double-rounding theorem: Figueroa, "When is double
// rounding innocuous?", 1995). Conversions fold as the soft-float helpers
// in programs/libc/src/softfloat.c convert at run time.

import type { Node, NodeKind, Obj } from './ast.js';
import { fail } from './diag.js';
import { ccMessage } from './messages.js';
import type { CcMessage } from './messages.js';
import type { Token } from './tokenize.js';
import { bigToFloat32, floatBits } from './float-const.js';
import {
  Member, Type, commonType, is64, normalize64, tyUInt, compatible, isArith, isComplete, isFloating, isInteger, isScalar,
  isStructLike, normalize, promote, ptrTo, qualified, sizeOf, tyInt, tyVoid, typeName, unqualified,
} from './types.js';

/**
 * An integer constant of type `ty`. A long long constant keeps its exact
 * value in `big`; `val` is then only approximate (right for small values and
 * for zero tests).
 */
export function num(val: number | bigint, ty: Type, tok: Token): Node {
  if (is64(ty)) {
    const big = normalize64(BigInt(val), ty);
    return { kind: 'num', ty, tok, val: Number(big), big };
  }
  // To a narrower type the value wraps, except to _Bool, which tests all 64 bits.
  if (typeof val === 'bigint' && ty.kind === 'bool') val = val !== 0n ? 1 : 0;
  const v = typeof val === 'bigint' ? Number(BigInt.asIntN(32, val)) : val;
  return { kind: 'num', ty, tok, val: normalize(v, ty) };
}

/** A floating constant of type `ty` (float or double), rounded to that type. */
export function fnum(v: number, ty: Type, tok: Token): Node {
  return { kind: 'fnum', ty: unqualified(ty), tok, fval: ty.kind === 'float' ? Math.fround(v) : v };
}

/** Whether a constant (num or fnum) is nonzero; undefined for anything else. NaN is nonzero. */
export function constTruth(n: Node): boolean | undefined {
  if (n.kind === 'num') return n.val !== 0;
  if (n.kind === 'fnum') return n.fval !== 0;
  return undefined;
}

/**
 * A floating value converted to an N-bit integer the way the run-time
 * helpers (__fixdfsi and friends) do: truncated toward zero; a value out of
 * range, or NaN, gives the bit pattern 100…0 (x86's "integer indefinite"),
 * except that a negative value an unsigned type cannot hold but the signed
 * one can wraps, as (unsigned)(int)v would.
 */
export function fixToInt(v: number, bits: number, unsigned: boolean): bigint {
  const indefinite = unsigned ? 1n << BigInt(bits - 1) : -(1n << BigInt(bits - 1));
  if (!Number.isFinite(v)) return indefinite;
  const t = BigInt(Math.trunc(v));
  const min = -(1n << BigInt(bits - 1));
  const max = (1n << BigInt(unsigned ? bits : bits - 1)) - 1n;
  if (t > max || t < min) return indefinite;
  return t;
}

/** Fold the conversion of a constant `n` (num or fnum) to the arithmetic type `ty`. */
function convertConst(n: Node, ty: Type): Node {
  const t = unqualified(ty);
  if (n.kind === 'fnum') {
    if (isFloating(t)) return fnum(n.fval!, t, n.tok);
    if (t.kind === 'bool') return num(n.fval !== 0 ? 1 : 0, t, n.tok);
    const bits = is64(t) ? 64 : 32;
    return num(fixToInt(n.fval!, bits, bits === 64 ? t.unsigned : t.unsigned && sizeOf(t) === 4), t, n.tok);
  }
  if (t.kind === 'float' && is64(n.ty)) return fnum(bigToFloat32(bigVal(n)), t, n.tok);
  // Number(bigint) rounds to nearest even; a 32-bit value is exact in a double and Math.fround rounds it once.
  return fnum(Number(bigVal(n)), t, n.tok);
}

/** For a NaN constant expression (negations and conversions of a NaN fnum): whether its sign is set. */
function nanNegative(n: Node): boolean | undefined {
  if (n.kind === 'fnum') return Number.isNaN(n.fval) ? false : undefined;
  if (n.kind === 'neg' || (n.kind === 'cast' && isFloating(n.ty))) {
    const s = nanNegative(n.lhs!);
    return s === undefined ? undefined : n.kind === 'neg' ? !s : s;
  }
  return undefined;
}

/** The bits of a floating constant: an fnum, or a NaN with its sign (neg() leaves -NaN to run time). */
export function floatConstBits(n: Node): bigint | undefined {
  if (n.kind === 'fnum' && !Number.isNaN(n.fval)) return floatBits(n.fval!, n.ty);
  const negative = nanNegative(n);
  if (negative === undefined) return undefined;
  return floatBits(NaN, n.ty) | (negative ? 1n << BigInt(sizeOf(n.ty) * 8 - 1) : 0n);
}

/** The exact value of a constant node. */
export function bigVal(n: Node): bigint {
  return n.big ?? BigInt(n.val!);
}

function node(kind: NodeKind, ty: Type, tok: Token, lhs?: Node, rhs?: Node): Node {
  return { kind, ty, tok, lhs, rhs };
}

/** `v` as an expression (a variable, parameter or function name). */
export function varNode(obj: Obj, tok: Token): Node {
  return { kind: 'var', ty: obj.ty, tok, obj };
}

/** Array-to-pointer and function-to-pointer decay: the value of `n` where an rvalue is needed. */
export function rv(n: Node): Node {
  if (n.ty.kind === 'array') return node('addr', ptrTo(n.ty.base!), n.tok, n);
  if (n.ty.kind === 'func') {
    // `*fp` designates the function fp points to; its value is fp again.
    if (n.kind === 'deref') return n.lhs!;
    return node('addr', ptrTo(n.ty), n.tok, n);
  }
  return n;
}

/** A value must have been computed: void values cannot be operands. */
function needValue(n: Node, tok: Token): void {
  if (n.ty.kind === 'void') fail(tok, 'cc.void-value-used');
}

/** Convert without checks (the caller has checked). Folds constants. */
export function convert(n: Node, ty: Type): Node {
  if (n.ty === ty) return n;
  if (ty.kind === 'void') return node('cast', tyVoid, n.tok, n);
  if (n.kind === 'fnum' || (n.kind === 'num' && isFloating(ty))) {
    if (isArith(ty)) return convertConst(n, ty);
  } else if (n.kind === 'num' && (isInteger(ty) || ty.kind === 'ptr')) return num(n.big ?? n.val!, unqualified(ty), n.tok);
  return node('cast', ty, n.tok, n);
}

/** An explicit cast `(T)n`. */
export function castTo(n: Node, ty: Type, tok: Token): Node {
  n = rv(n);
  if (ty.kind === 'void') return node('cast', tyVoid, tok, n);
  if (!isScalar(ty)) fail(tok, 'cc.conversion-to-non-scalar', { type: typeName(ty) });
  if (!isScalar(n.ty)) fail(tok, 'cc.cannot-convert', { from: typeName(n.ty), to: typeName(ty) });
  if (ty.kind === 'ptr' && isFloating(n.ty)) fail(tok, 'cc.floating-to-pointer', { type: typeName(n.ty) });
  if (isFloating(ty) && n.ty.kind === 'ptr') fail(tok, 'cc.pointer-as-floating');
  return convert(n, ty);
}

export function isNullConst(n: Node): boolean {
  if (n.kind === 'num' && n.val === 0 && (isInteger(n.ty) || (n.ty.kind === 'ptr' && n.ty.base!.kind === 'void'))) return true;
  if (n.kind === 'cast' && n.ty.kind === 'ptr' && n.ty.base!.kind === 'void') return isNullConst(n.lhs!);
  return false;
}

function pointerAssignable(to: Type, from: Type): boolean {
  const a = to.base!;
  const b = from.base!;
  if (a.kind === 'void' || b.kind === 'void') return b.kind !== 'func' || a.kind === 'void';
  return compatible(unqualified(a), unqualified(b));
}

/**
 * Convert `n` for assignment to an object of type `ty` (assignment,
 * initialization, argument passing, return). `what` describes the context
 * for messages, e.g. "assignment to 'x'" or "passing argument 2 of 'f'".
 */
export function convertAssign(n: Node, ty: Type, tok: Token, what: CcMessage): Node {
  n = rv(n);
  needValue(n, tok);
  const from = n.ty;
  const t = unqualified(ty);
  if (isStructLike(t)) {
    if (isStructLike(from) && from.rec === t.rec) return n;
    fail(tok, 'cc.incompatible-types', { what, type: typeName(ty), from: typeName(from) });
  }
  if (t.kind === 'bool' && isScalar(from)) return convert(n, ty);
  if (isArith(t)) {
    if (isArith(from)) return convert(n, ty);
    if (from.kind === 'ptr') fail(tok, 'cc.integer-from-pointer', { what, type: typeName(ty), from: typeName(from) });
  }
  if (t.kind === 'ptr') {
    if (from.kind === 'ptr') {
      if (!pointerAssignable(t, from)) {
        fail(tok, 'cc.incompatible-pointer-types', { what, type: typeName(ty), from: typeName(from) });
      }
      return convert(n, ty);
    }
    if (isNullConst(n)) return convert(n, ty);
    if (isInteger(from)) fail(tok, 'cc.pointer-from-integer', { what, type: typeName(ty), from: typeName(from) });
  }
  fail(tok, 'cc.incompatible-types', { what, type: typeName(ty), from: typeName(from) });
}

// ----------------------------------------------------------------------------
// Folding

function foldBinary(kind: NodeKind, a: number, b: number, ty: Type, operandTy: Type): number | undefined {
  const u = operandTy.unsigned;
  const ua = a >>> 0;
  const ub = b >>> 0;
  switch (kind) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return Math.imul(a, b);
    case 'div':
      if (b === 0) return undefined;
      if (u) return Math.floor(ua / ub);
      if (a === -0x80000000 && b === -1) return undefined; // overflows: the CPU faults
      return Math.trunc(a / b);
    case 'mod':
      if (b === 0) return undefined;
      if (u) return ua % ub;
      if (a === -0x80000000 && b === -1) return undefined;
      return a % b;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return a << (b & 31);
    case 'shr': return ty.unsigned ? ua >>> (b & 31) : a >> (b & 31);
    case 'eq': return a === b ? 1 : 0;
    case 'ne': return a !== b ? 1 : 0;
    case 'lt': return (u ? ua < ub : a < b) ? 1 : 0;
    case 'le': return (u ? ua <= ub : a <= b) ? 1 : 0;
    case 'gt': return (u ? ua > ub : a > b) ? 1 : 0;
    case 'ge': return (u ? ua >= ub : a >= b) ? 1 : 0;
  }
  return undefined;
}

/** foldBinary for long long operands: BigInt arithmetic, wrapped by num(). */
function foldBinary64(kind: NodeKind, a: bigint, b: bigint, ty: Type, operandTy: Type): bigint | undefined {
  const u = operandTy.unsigned;
  const x = normalize64(a, operandTy);
  const y = normalize64(b, operandTy);
  const min = -(1n << 63n);
  switch (kind) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'div':
      if (y === 0n || (!u && x === min && y === -1n)) return undefined;
      return x / y; // BigInt division truncates, as C's
    case 'mod':
      if (y === 0n || (!u && x === min && y === -1n)) return undefined;
      return x % y;
    case 'and': return x & y;
    case 'or': return x | y;
    case 'xor': return x ^ y;
    case 'shl': return x << (BigInt.asUintN(6, b));
    case 'shr': return normalize64(x, ty) >> (BigInt.asUintN(6, b));
    case 'eq': return x === y ? 1n : 0n;
    case 'ne': return x !== y ? 1n : 0n;
    case 'lt': return x < y ? 1n : 0n;
    case 'le': return x <= y ? 1n : 0n;
    case 'gt': return x > y ? 1n : 0n;
    case 'ge': return x >= y ? 1n : 0n;
  }
  return undefined;
}

/** foldBinary for floating operands: IEEE binary64 arithmetic (rounded to float by fnum()). */
function foldFloating(kind: NodeKind, a: number, b: number): number | undefined {
  switch (kind) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'eq': return a === b ? 1 : 0;
    case 'ne': return a !== b ? 1 : 0;
    case 'lt': return a < b ? 1 : 0;
    case 'le': return a <= b ? 1 : 0;
    case 'gt': return a > b ? 1 : 0;
    case 'ge': return a >= b ? 1 : 0;
  }
  return undefined;
}

/** Fold `a kind b` in operand type `operandTy`, giving a value of type `ty` (or undefined: not folded). */
function fold(kind: NodeKind, a: Node, b: Node, ty: Type, operandTy: Type): number | bigint | undefined {
  if (isFloating(operandTy)) return foldFloating(kind, a.fval!, b.fval!);
  if (is64(operandTy)) return foldBinary64(kind, bigVal(a), bigVal(b), ty, operandTy);
  return foldBinary(kind, a.val!, b.val!, ty, operandTy);
}

const OP_TEXT: Partial<Record<NodeKind, string>> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', and: '&', or: '|', xor: '^', shl: '<<', shr: '>>',
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', logand: '&&', logor: '||',
};

function badOperands(kind: NodeKind, l: Node, r: Node, tok: Token): never {
  fail(tok, 'cc.invalid-operands', { operator: OP_TEXT[kind] ?? kind, left: typeName(l.ty), right: typeName(r.ty) });
}

// ----------------------------------------------------------------------------
// Binary operators

/**
 * The type a shift count is converted to: promoted, and a long long count
 * becomes int (only counts 0..63 mean anything), so every shift's count is
 * one register.
 */
function shiftCountType(t: Type): Type {
  const p = promote(t);
  return is64(p) ? (p.unsigned ? tyUInt : tyInt) : p;
}

/** Whether both operands are constants (integer or floating) that fold. */
function bothConst(a: Node, b: Node): boolean {
  return (a.kind === 'num' || a.kind === 'fnum') && (b.kind === 'num' || b.kind === 'fnum');
}

/** A folded result of type `ty`: an integer or a floating constant. */
function constOf(v: number | bigint, ty: Type, tok: Token): Node {
  return isFloating(ty) ? fnum(Number(v), ty, tok) : num(v, ty, tok);
}

/** The operators that take floating operands: + - * / (the others want integers). */
function takesFloating(kind: NodeKind): boolean {
  return kind === 'add' || kind === 'sub' || kind === 'mul' || kind === 'div';
}

/** Arithmetic: * / % & | ^ << >> and arithmetic + -. */
export function arith(kind: NodeKind, l: Node, r: Node, tok: Token): Node {
  l = rv(l);
  r = rv(r);
  const ok = takesFloating(kind) ? isArith(l.ty) && isArith(r.ty) : isInteger(l.ty) && isInteger(r.ty);
  if (!ok) badOperands(kind, l, r, tok);
  if (kind === 'shl' || kind === 'shr') {
    const ty = promote(l.ty);
    const a = convert(l, ty);
    const b = convert(r, shiftCountType(r.ty));
    if (a.kind === 'num' && b.kind === 'num') {
      const v = fold(kind, a, b, ty, ty);
      if (v !== undefined) return num(v, ty, tok);
    }
    return node(kind, ty, tok, a, b);
  }
  const ty = commonType(l.ty, r.ty);
  const a = convert(l, ty);
  const b = convert(r, ty);
  if (bothConst(a, b)) {
    const v = fold(kind, a, b, ty, ty);
    if (v !== undefined) return constOf(v, ty, tok);
  }
  // A constant goes on the right of a commutative operator (`8 * x` is `x * 8`),
  // where the code generator folds it into the instruction.
  if (a.kind === 'num' && (kind === 'add' || kind === 'mul' || kind === 'and' || kind === 'or' || kind === 'xor')) {
    return node(kind, ty, tok, b, a);
  }
  return node(kind, ty, tok, a, b);
}

function checkPointerArith(p: Node, tok: Token): void {
  const base = p.ty.base!;
  if (base.kind === 'func') fail(tok, 'cc.function-pointer-arithmetic');
  if (base.kind !== 'void' && !isComplete(base)) fail(tok, 'cc.incomplete-pointer-arithmetic', { type: typeName(base) });
}

export function add(l: Node, r: Node, tok: Token): Node {
  l = rv(l);
  r = rv(r);
  if (isArith(l.ty) && isArith(r.ty)) return arith('add', l, r, tok);
  if (l.ty.kind === 'ptr' && isInteger(r.ty)) return ptrOffset('ptradd', l, r, tok);
  if (isInteger(l.ty) && r.ty.kind === 'ptr') return ptrOffset('ptradd', r, l, tok);
  badOperands('add', l, r, tok);
}

/** p + i or p - i: the index is converted to int (32-bit arithmetic wraps the same either way). */
function ptrOffset(kind: 'ptradd' | 'ptrsub', p: Node, i: Node, tok: Token): Node {
  checkPointerArith(p, tok);
  const idx = convert(i, i.ty.unsigned ? shiftCountType(i.ty) : tyInt);
  if (idx.kind === 'num' && idx.val === 0) return p;
  if (p.kind === 'num' && idx.kind === 'num') {
    const base = p.ty.base!;
    const d = Math.imul(idx.val!, base.kind === 'void' ? 1 : sizeOf(base));
    return num(kind === 'ptradd' ? p.val! + d : p.val! - d, p.ty, tok);
  }
  return node(kind, p.ty, tok, p, idx);
}

export function sub(l: Node, r: Node, tok: Token): Node {
  l = rv(l);
  r = rv(r);
  if (isArith(l.ty) && isArith(r.ty)) return arith('sub', l, r, tok);
  if (l.ty.kind === 'ptr' && isInteger(r.ty)) return ptrOffset('ptrsub', l, r, tok);
  if (l.ty.kind === 'ptr' && r.ty.kind === 'ptr') {
    if (!compatible(unqualified(l.ty.base!), unqualified(r.ty.base!))) {
      fail(tok, 'cc.subtract-different-pointers', { left: typeName(l.ty), right: typeName(r.ty) });
    }
    checkPointerArith(l, tok);
    if (l.kind === 'num' && r.kind === 'num') {
      const size = l.ty.base!.kind === 'void' ? 1 : sizeOf(l.ty.base!);
      return num(Math.trunc(((l.val! - r.val!) | 0) / size), tyInt, tok);
    }
    return node('ptrdiff', tyInt, tok, l, r);
  }
  badOperands('sub', l, r, tok);
}

const MIRRORED: Partial<Record<NodeKind, NodeKind>> = { lt: 'gt', gt: 'lt', le: 'ge', ge: 'le', eq: 'eq', ne: 'ne' };

/** == != < <= > >=: arithmetic operands in their common type, or pointers (unsigned). */
export function compare(kind: NodeKind, l: Node, r: Node, tok: Token): Node {
  l = rv(l);
  r = rv(r);
  needValue(l, tok);
  needValue(r, tok);
  if (isArith(l.ty) && isArith(r.ty)) {
    const ty = commonType(l.ty, r.ty);
    const a = convert(l, ty);
    const b = convert(r, ty);
    if (bothConst(a, b)) return num(fold(kind, a, b, ty, ty)!, tyInt, tok);
    // `5 < x` is `x > 5`: the constant goes where it folds into `cmp`.
    if (a.kind === 'num') return node(MIRRORED[kind] ?? kind, tyInt, tok, b, a);
    return node(kind, tyInt, tok, a, b);
  }
  const equality = kind === 'eq' || kind === 'ne';
  if (l.ty.kind === 'ptr' && r.ty.kind === 'ptr') {
    // == !=: compatible pointees, or void * and another pointer (C11 6.5.9p2); < <= > >=:
    // compatible object types only (6.5.8p2).
    const ok = equality ? pointerAssignable(l.ty, r.ty) || pointerAssignable(r.ty, l.ty)
      : compatible(unqualified(l.ty.base!), unqualified(r.ty.base!)) && l.ty.base!.kind !== 'func';
    if (!ok) fail(tok, 'cc.compare-distinct-pointers', { left: typeName(l.ty), right: typeName(r.ty) });
    return node(kind, tyInt, tok, l, r);
  }
  if ((l.ty.kind === 'ptr' && isNullConst(r)) || (r.ty.kind === 'ptr' && isNullConst(l))) {
    // A null pointer constant is only for == and != (6.5.9p2); 6.5.8 has no such case.
    if (!equality) fail(tok, 'cc.ordered-compare-with-null', { left: typeName(l.ty), right: typeName(r.ty) });
    if (l.ty.kind === 'ptr') return node(kind, tyInt, tok, l, convert(r, l.ty));
    return node(kind, tyInt, tok, convert(l, r.ty), r);
  }
  if ((l.ty.kind === 'ptr' && isArith(r.ty)) || (isArith(l.ty) && r.ty.kind === 'ptr')) {
    fail(tok, isFloating(l.ty) || isFloating(r.ty) ? 'cc.comparison-pointer-floating' : 'cc.comparison-pointer-integer', { left: typeName(l.ty), right: typeName(r.ty) });
  }
  badOperands(kind, l, r, tok);
}

function checkScalar(n: Node, tok: Token, what: CcMessage): void {
  if (!isScalar(n.ty)) fail(tok, 'cc.scalar-operand-required', { what, type: typeName(n.ty) });
}

export function logical(kind: 'logand' | 'logor', l: Node, r: Node, tok: Token): Node {
  l = rv(l);
  r = rv(r);
  checkScalar(l, tok, ccMessage('cc.what.token', { token: String(OP_TEXT[kind]) }));
  checkScalar(r, tok, ccMessage('cc.what.token', { token: String(OP_TEXT[kind]) }));
  const lv = constTruth(l);
  if (lv !== undefined) {
    if (kind === 'logand' && !lv) return num(0, tyInt, tok);
    if (kind === 'logor' && lv) return num(1, tyInt, tok);
    const rt = constTruth(r);
    if (rt !== undefined) return num(rt ? 1 : 0, tyInt, tok);
  }
  return node(kind, tyInt, tok, l, r);
}

// ----------------------------------------------------------------------------
// Unary operators

export function neg(n: Node, tok: Token): Node {
  n = rv(n);
  if (!isArith(n.ty)) fail(tok, 'cc.wrong-type-unary-minus', { type: typeName(n.ty) });
  const ty = promote(n.ty);
  const a = convert(n, ty);
  // -NaN is not folded: a JS NaN has no sign to flip (float-const.ts floatBits).
  if (a.kind === 'fnum' && !Number.isNaN(a.fval)) return fnum(-a.fval!, ty, tok);
  if (a.kind === 'num') return num(is64(ty) ? -bigVal(a) : -a.val!, ty, tok);
  return node('neg', ty, tok, a);
}

export function plus(n: Node, tok: Token): Node {
  n = rv(n);
  if (!isArith(n.ty)) fail(tok, 'cc.wrong-type-unary-plus', { type: typeName(n.ty) });
  return convert(n, promote(n.ty));
}

export function bitnot(n: Node, tok: Token): Node {
  n = rv(n);
  if (!isInteger(n.ty)) fail(tok, 'cc.wrong-type-complement', { type: typeName(n.ty) });
  const ty = promote(n.ty);
  const a = convert(n, ty);
  if (a.kind === 'num') return num(is64(ty) ? ~bigVal(a) : ~a.val!, ty, tok);
  return node('bitnot', ty, tok, a);
}

export function not(n: Node, tok: Token): Node {
  n = rv(n);
  checkScalar(n, tok, ccMessage('cc.what.token', { token: '!' }));
  const t = constTruth(n);
  if (t !== undefined) return num(t ? 0 : 1, tyInt, tok);
  return node('not', tyInt, tok, n);
}

export function cond(c: Node, a: Node, b: Node, tok: Token): Node {
  c = rv(c);
  a = rv(a);
  b = rv(b);
  checkScalar(c, tok, ccMessage('cc.what.token', { token: '?:' }));
  let ty: Type;
  if (isArith(a.ty) && isArith(b.ty)) {
    ty = commonType(a.ty, b.ty);
    a = convert(a, ty);
    b = convert(b, ty);
  } else if (a.ty.kind === 'void' || b.ty.kind === 'void') {
    // C wants both void; gcc accepts one, and the result is void either way.
    ty = tyVoid;
  } else if (isStructLike(a.ty) && isStructLike(b.ty) && a.ty.rec === b.ty.rec) {
    ty = a.ty;
  } else if (a.ty.kind === 'ptr' && isNullConst(b)) {
    // A null pointer constant takes the other operand's type (so `c ? f : 0` is still callable).
    ty = a.ty;
    b = convert(b, ty);
  } else if (b.ty.kind === 'ptr' && isNullConst(a)) {
    ty = b.ty;
    a = convert(a, ty);
  } else if (a.ty.kind === 'ptr' && b.ty.kind === 'ptr') {
    ty = a.ty.base!.kind === 'void' ? a.ty : b.ty.base!.kind === 'void' ? b.ty : a.ty;
    if (!pointerAssignable(a.ty, b.ty)) fail(tok, 'cc.conditional-pointer-mismatch', { left: typeName(a.ty), right: typeName(b.ty) });
  } else {
    fail(tok, 'cc.conditional-type-mismatch', { left: typeName(a.ty), right: typeName(b.ty) });
  }
  const ct = constTruth(c);
  if (ct !== undefined && bothConst(a, b)) return ct ? a : b;
  return { kind: 'cond', ty, tok, cond: c, then: a, els: b };
}

export function comma(l: Node, r: Node, tok: Token): Node {
  r = rv(r);
  return node('comma', r.ty, tok, l, r);
}

// ----------------------------------------------------------------------------
// Lvalues, assignment, ++ and --

export function isLvalue(n: Node): boolean {
  switch (n.kind) {
    case 'var': return n.ty.kind !== 'func';
    case 'deref':
    case 'complit': return true;
    case 'member': return isLvalue(n.lhs!);
    default: return false;
  }
}

function describe(n: Node): CcMessage {
  if (n.kind === 'var') return ccMessage('cc.what.variable', { name: n.obj!.name });
  if (n.kind === 'member' && n.member!.name) return ccMessage('cc.what.member', { name: n.member!.name });
  return ccMessage('cc.what.location');
}

function hasConstMember(t: Type): boolean {
  if (!isStructLike(t)) return false;
  return t.rec!.members.some((m) => m.type.isConst || hasConstMember(m.type));
}

/** `n` can be assigned to: an lvalue that is not an array, function or const. */
export function checkModifiable(n: Node, tok: Token, what: CcMessage): void {
  if (!isLvalue(n)) fail(tok, 'cc.lvalue-required', { what });
  if (n.ty.kind === 'array') fail(tok, 'cc.assign-to-array', { type: typeName(n.ty) });
  if (n.ty.isConst) fail(tok, 'cc.assign-to-read-only', { what: describe(n) });
  if (hasConstMember(n.ty)) fail(tok, 'cc.assign-to-read-only-members', { type: typeName(n.ty) });
  if (!isComplete(n.ty)) fail(tok, 'cc.assign-to-incomplete', { type: typeName(n.ty) });
}

export function assign(l: Node, r: Node, tok: Token): Node {
  checkModifiable(l, tok, ccMessage('cc.what.assignment-left-operand'));
  const what = l.kind === 'var' ? ccMessage('cc.what.assignment-to', { name: l.obj!.name }) : ccMessage('cc.what.assignment');
  return node('assign', unqualified(l.ty), tok, l, convertAssign(r, l.ty, tok, what));
}

/** An assignment that initialises (const objects may be initialised). */
export function initAssign(l: Node, r: Node, tok: Token, name: string): Node {
  return node('assign', unqualified(l.ty), tok, l, convertAssign(r, l.ty, tok, ccMessage('cc.what.initialization-of', { name })));
}

/** `l op= r` for op in add sub mul div mod and or xor shl shr. */
export function opAssign(op: NodeKind, l: Node, r: Node, tok: Token): Node {
  checkModifiable(l, tok, ccMessage('cc.what.assignment-left-operand'));
  r = rv(r);
  needValue(r, tok);
  if (l.ty.kind === 'ptr' && (op === 'add' || op === 'sub')) {
    if (!isInteger(r.ty)) badOperands(op, l, r, tok);
    checkPointerArith(l, tok);
    const n = node('opassign', unqualified(l.ty), tok, l, convert(r, tyInt));
    n.op = op === 'add' ? 'ptradd' : 'ptrsub';
    n.opTy = l.ty;
    return n;
  }
  const ok = takesFloating(op) ? isArith(l.ty) && isArith(r.ty) : isInteger(l.ty) && isInteger(r.ty);
  if (!ok) badOperands(op, l, r, tok);
  const opTy = op === 'shl' || op === 'shr' ? promote(l.ty) : commonType(l.ty, r.ty);
  const rr = op === 'shl' || op === 'shr' ? convert(r, shiftCountType(r.ty)) : convert(r, opTy);
  const n = node('opassign', unqualified(l.ty), tok, l, rr);
  n.op = op;
  n.opTy = opTy;
  return n;
}

/** ++x, --x, x++, x--. `delta` is +1 or -1. */
export function incDec(l: Node, delta: number, post: boolean, tok: Token): Node {
  const what = ccMessage(delta > 0 ? 'cc.what.increment-operand' : 'cc.what.decrement-operand');
  checkModifiable(l, tok, what);
  if (!isScalar(l.ty)) fail(tok, delta > 0 ? 'cc.wrong-type-increment' : 'cc.wrong-type-decrement', { type: typeName(l.ty) });
  if (!post) return opAssign('add', l, num(delta, tyInt, tok), tok);
  let step = delta;
  if (l.ty.kind === 'ptr') {
    checkPointerArith(l, tok);
    step = delta * (l.ty.base!.kind === 'void' ? 1 : sizeOf(l.ty.base!));
  }
  const n = node('postinc', unqualified(l.ty), tok, l);
  n.val = step;
  return n;
}

export function addrOf(n: Node, tok: Token): Node {
  if (n.ty.kind === 'func' && n.kind === 'var') return node('addr', ptrTo(n.ty), tok, n);
  if (n.kind === 'deref' && n.ty.kind === 'func') return n.lhs!;
  if (!isLvalue(n)) fail(tok, 'cc.address-of-needs-lvalue');
  const c = constantAddress(n);
  if (c !== undefined) return num(c, ptrTo(n.ty), tok);
  return node('addr', ptrTo(n.ty), tok, n);
}

/** The address of an lvalue reached from a constant pointer (`&((T *)0)->m`, i.e. offsetof). */
function constantAddress(n: Node): number | undefined {
  if (n.kind === 'member') {
    const base = constantAddress(n.lhs!);
    return base === undefined ? undefined : base + n.member!.offset;
  }
  if (n.kind === 'deref' && n.lhs!.kind === 'num') return n.lhs!.val!;
  return undefined;
}

export function deref(n: Node, tok: Token): Node {
  n = rv(n);
  if (n.ty.kind !== 'ptr') fail(tok, 'cc.dereference-not-pointer', { type: typeName(n.ty) });
  const base = n.ty.base!;
  if (base.kind === 'void') fail(tok, 'cc.dereference-void-pointer');
  return node('deref', base, tok, n);
}

/** The path to member `name` of a struct/union, through anonymous members. */
export function findMember(t: Type, name: string): Member[] | undefined {
  for (const m of t.rec!.members) {
    if (m.name === name) return [m];
    if (m.name === undefined && isStructLike(m.type)) {
      const sub = findMember(m.type, name);
      if (sub) return [m, ...sub];
    }
  }
  return undefined;
}

/** `n.name` (the caller has turned `p->name` into `(*p).name`). */
export function member(n: Node, name: Token): Node {
  if (!isStructLike(n.ty)) fail(name, 'cc.member-of-non-record', { name: name.text, type: typeName(n.ty) });
  if (!n.ty.rec!.complete) fail(name, 'cc.incomplete-type-used', { type: typeName(n.ty) });
  const path = findMember(n.ty, name.text);
  if (!path) fail(name, 'cc.no-such-member', { type: typeName(n.ty), name: name.text });
  let cur = n;
  for (const m of path) {
    const ty = qualified(m.type, cur.ty.isConst, cur.ty.isVolatile);
    cur = { kind: 'member', ty, tok: name, lhs: cur, member: m };
  }
  return cur;
}

// ----------------------------------------------------------------------------
// Address constants (for static initializers)

export interface Reloc {
  label: string;
  addend: number;
  obj: Obj;
}

/** The address an lvalue designates, when it is a link-time constant. */
function staticAddress(n: Node): Reloc | undefined {
  switch (n.kind) {
    case 'var':
      if (n.obj!.isLocal) return undefined;
      return { label: n.obj!.asmName, addend: 0, obj: n.obj! };
    case 'member': {
      const a = staticAddress(n.lhs!);
      return a && { ...a, addend: a.addend + n.member!.offset };
    }
    case 'deref':
      return evalReloc(n.lhs!);
    default:
      return undefined;
  }
}

/** `n` as "address of a global + constant", or undefined when it is not one. */
export function evalReloc(n: Node): Reloc | undefined {
  switch (n.kind) {
    case 'addr':
      return staticAddress(n.lhs!);
    case 'cast':
      if (sizeOf(n.ty) !== 4 || !isScalar(n.ty)) return undefined;
      return evalReloc(n.lhs!);
    case 'ptradd':
    case 'ptrsub': {
      const a = evalReloc(n.lhs!);
      if (!a || n.rhs!.kind !== 'num') return undefined;
      const base = n.lhs!.ty.base!;
      const scale = base.kind === 'void' ? 1 : sizeOf(base);
      const d = n.rhs!.val! * scale;
      return { ...a, addend: (a.addend + (n.kind === 'ptradd' ? d : -d)) | 0 };
    }
    case 'add':
    case 'sub': {
      // (int)&x + 4 style arithmetic on addresses cast to integers
      const a = evalReloc(n.lhs!);
      if (!a || n.rhs!.kind !== 'num') return undefined;
      return { ...a, addend: (a.addend + (n.kind === 'add' ? n.rhs!.val! : -n.rhs!.val!)) | 0 };
    }
    case 'comma':
      return undefined;
    default:
      return undefined;
  }
}
