// C types on the Glassbox target (ILP32: int, long and pointers are 4 bytes,
// char is signed, short is 2 bytes, long long is 8 bytes aligned to 4 as in
// the i386 System V ABI; float is IEEE binary32, double and long double are
// both IEEE binary64, 8 bytes aligned to 4 as gcc -m32 lays double out in
// structs), and the rules that relate them: integer
// promotion, the usual arithmetic conversions, compatibility, and how a type
// is spelled in messages and debug info.
//
// A Type is a plain object. Struct and union types point at a shared record
// (StructRec) so a struct declared incomplete and completed later is the same
// struct everywhere, including in const-qualified copies.

import type { Token } from './tokenize.js';

export type TypeKind =
  | 'void' | 'bool' | 'char' | 'short' | 'int' | 'long' | 'llong' | 'enum' | 'float' | 'double'
  | 'ptr' | 'array' | 'func' | 'struct' | 'union';

export interface Member {
  /** Undefined for an anonymous struct/union member. */
  name?: string;
  type: Type;
  offset: number;
}

export interface StructRec {
  kind: 'struct' | 'union';
  tag?: string;
  /** Unique per definition, so two `struct foo` in different scopes differ. */
  id: number;
  members: Member[];
  size: number;
  align: number;
  complete: boolean;
  /** Where it was defined, for debug info. */
  file?: string;
  line?: number;
}

export interface EnumRec {
  tag?: string;
  id: number;
  values: { name: string; value: number }[];
  complete: boolean;
}

export interface Type {
  kind: TypeKind;
  unsigned: boolean;
  isConst: boolean;
  isVolatile: boolean;
  /** Pointee or element type. */
  base?: Type;
  /** Array length; -1 for an array of unknown size (`int a[]`). */
  len?: number;
  /** Function return type, parameters, and whether it ends in `...`. */
  ret?: Type;
  params?: Type[];
  variadic?: boolean;
  /** Declared as `f()`: no prototype, arguments are not checked. */
  noProto?: boolean;
  /** The parameter names of a function declarator (for a definition). */
  paramNames?: (Token | undefined)[];
  rec?: StructRec;
  enumRec?: EnumRec;
  /** The typedef name this type was written as (for messages and debug info). */
  typedefName?: string;
  /** Explicit `__attribute__((aligned(N)))` on a typedef. */
  alignOverride?: number;
}

function basic(kind: TypeKind, unsigned = false): Type {
  return { kind, unsigned, isConst: false, isVolatile: false };
}

export const tyVoid = basic('void');
export const tyBool = basic('bool', true);
export const tyChar = basic('char');
export const tyUChar = basic('char', true);
export const tyShort = basic('short');
export const tyUShort = basic('short', true);
export const tyInt = basic('int');
export const tyUInt = basic('int', true);
export const tyLong = basic('long');
export const tyULong = basic('long', true);
export const tyLLong = basic('llong');
export const tyULLong = basic('llong', true);
export const tyFloat = basic('float');
export const tyDouble = basic('double');

export function ptrTo(base: Type): Type {
  return { ...basic('ptr', true), base };
}

export function arrayOf(base: Type, len: number): Type {
  return { ...basic('array'), base, len };
}

export function funcType(ret: Type, params: Type[], variadic: boolean, noProto: boolean): Type {
  return { ...basic('func'), ret, params, variadic, noProto };
}

/** A copy of `t` with extra qualifiers (the struct record stays shared). */
export function qualified(t: Type, isConst: boolean, isVolatile: boolean): Type {
  if ((!isConst || t.isConst) && (!isVolatile || t.isVolatile)) return t;
  return { ...t, isConst: t.isConst || isConst, isVolatile: t.isVolatile || isVolatile };
}

/** `t` without const/volatile and without its typedef name. */
export function unqualified(t: Type): Type {
  if (!t.isConst && !t.isVolatile && !t.typedefName) return t;
  return { ...t, isConst: false, isVolatile: false, typedefName: undefined };
}

export function sizeOf(t: Type): number {
  switch (t.kind) {
    case 'void': return 1; // as gcc: sizeof(void) and void* arithmetic step by 1
    case 'bool':
    case 'char': return 1;
    case 'short': return 2;
    case 'int':
    case 'long':
    case 'enum':
    case 'ptr':
    case 'float': return 4;
    case 'llong':
    case 'double': return 8;
    case 'array': return t.len! < 0 ? 0 : sizeOf(t.base!) * t.len!;
    case 'func': return 1;
    case 'struct':
    case 'union': return t.rec!.size;
  }
}

export function alignOf(t: Type): number {
  if (t.alignOverride) return t.alignOverride;
  switch (t.kind) {
    case 'array': return alignOf(t.base!);
    case 'struct':
    case 'union': return t.rec!.align;
    // long long and double too: 4, as gcc -m32 lays them out in structs and on the stack.
    default: return Math.min(sizeOf(t), 4) || 1;
  }
}

export function isInteger(t: Type): boolean {
  return t.kind === 'bool' || t.kind === 'char' || t.kind === 'short' || t.kind === 'int' || t.kind === 'long' || t.kind === 'llong' || t.kind === 'enum';
}

/** A 64-bit integer type: its values live in edx:eax and fold as BigInt. */
export function is64(t: Type): boolean {
  return t.kind === 'llong';
}

/** float or double (long double is double). */
export function isFloating(t: Type): boolean {
  return t.kind === 'float' || t.kind === 'double';
}

/** An arithmetic type: integer or floating. */
export function isArith(t: Type): boolean {
  return isInteger(t) || isFloating(t);
}

/** A value that lives in edx:eax (high half in edx): long long or double. */
export function isWide(t: Type): boolean {
  return t.kind === 'llong' || t.kind === 'double';
}

export function isPointer(t: Type): boolean {
  return t.kind === 'ptr';
}

export function isScalar(t: Type): boolean {
  return isArith(t) || t.kind === 'ptr';
}

export function isStructLike(t: Type): boolean {
  return t.kind === 'struct' || t.kind === 'union';
}

/** A complete object type: its size is known. */
export function isComplete(t: Type): boolean {
  if (t.kind === 'void' || t.kind === 'func') return false;
  if (t.kind === 'array') return t.len! >= 0 && isComplete(t.base!);
  if (isStructLike(t)) return t.rec!.complete;
  return true;
}

/** Integer promotion: bool, char, short and enum become int. */
export function promote(t: Type): Type {
  if (t.kind === 'bool' || t.kind === 'char' || t.kind === 'short' || t.kind === 'enum') return tyInt;
  return unqualified(t);
}

/**
 * The usual arithmetic conversions for two arithmetic operands: double wins,
 * then float (evaluated in float: FLT_EVAL_METHOD 0), then the integer
 * rules. On ILP32 a long cannot hold every unsigned int, so long with
 * unsigned int is unsigned long.
 */
export function commonType(a: Type, b: Type): Type {
  if (a.kind === 'double' || b.kind === 'double') return tyDouble;
  if (a.kind === 'float' || b.kind === 'float') return tyFloat;
  const x = promote(a);
  const y = promote(b);
  const unsigned = x.unsigned || y.unsigned;
  // long long holds every unsigned int and unsigned long, so only unsigned long long is unsigned.
  if (x.kind === 'llong' || y.kind === 'llong') {
    return (x.kind === 'llong' && x.unsigned) || (y.kind === 'llong' && y.unsigned) ? tyULLong : tyLLong;
  }
  if (x.kind === 'long' || y.kind === 'long') return unsigned ? tyULong : tyLong;
  return unsigned ? tyUInt : tyInt;
}

/** Type compatibility (C99 6.2.7), a little lenient where ILP32 makes types identical in practice. */
export function compatible(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (isInteger(a) && isInteger(b)) {
    if (a.kind === 'enum' || b.kind === 'enum') return sizeOf(a) === sizeOf(b);
    if (a.kind === 'llong' || b.kind === 'llong') return a.kind === b.kind && a.unsigned === b.unsigned;
    // int and long have one size here but are different types (C11 6.2.7, 6.7.2p2);
    // signedness must match except for char, whose plain/signed/unsigned forms
    // are interchangeable for pointers.
    if (sizeOf(a) !== sizeOf(b) || a.kind === 'bool' || b.kind === 'bool') return a.kind === b.kind;
    return (a.unsigned === b.unsigned && a.kind === b.kind) || a.kind === 'char';
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'void':
    case 'float':
    case 'double': return true;
    case 'ptr': return compatible(a.base!, b.base!);
    case 'array':
      return compatible(a.base!, b.base!) && (a.len! < 0 || b.len! < 0 || a.len === b.len);
    case 'func':
      if (!compatible(a.ret!, b.ret!)) return false;
      if (a.noProto || b.noProto) return true;
      if (a.variadic !== b.variadic || a.params!.length !== b.params!.length) return false;
      return a.params!.every((p, i) => compatible(unqualified(p), unqualified(b.params![i])));
    case 'struct':
    case 'union': return a.rec === b.rec;
    default: return false;
  }
}

function baseName(t: Type): string {
  if (t.typedefName) return t.typedefName;
  switch (t.kind) {
    case 'void': return 'void';
    case 'bool': return '_Bool';
    case 'char': return t.unsigned ? 'unsigned char' : 'char';
    case 'short': return t.unsigned ? 'unsigned short' : 'short';
    case 'int': return t.unsigned ? 'unsigned int' : 'int';
    case 'long': return t.unsigned ? 'unsigned long' : 'long';
    case 'llong': return t.unsigned ? 'unsigned long long' : 'long long';
    case 'float': return 'float';
    case 'double': return 'double';
    case 'enum': return t.enumRec!.tag ? `enum ${t.enumRec!.tag}` : 'enum <anonymous>';
    case 'struct':
    case 'union': return `${t.kind} ${t.rec!.tag ?? '<anonymous>'}`;
    default: return '?';
  }
}

/** The C spelling of a type, e.g. `char *`, `int [10]`, `void (*)(int)`, `const struct proc *`. */
export function typeName(t: Type, inner = ''): string {
  if (t.typedefName) {
    const q = t.isConst ? 'const ' : '';
    return q + t.typedefName + (inner ? ' ' + inner : '');
  }
  switch (t.kind) {
    case 'ptr': {
      const q = t.isConst ? ' const' : '';
      const b = t.base!;
      const star = '*' + q + (inner && q ? ' ' : '') + inner;
      return typeName(b, b.kind === 'array' || b.kind === 'func' ? `(${star})` : star);
    }
    case 'array':
      return typeName(t.base!, `${inner}[${t.len! < 0 ? '' : t.len}]`);
    case 'func': {
      const ps = t.noProto ? '' : t.params!.length === 0 && !t.variadic ? 'void' : t.params!.map((p) => typeName(p)).join(', ') + (t.variadic ? ', ...' : '');
      return typeName(t.ret!, `${inner}(${ps})`);
    }
    default: {
      const q = (t.isConst ? 'const ' : '') + (t.isVolatile ? 'volatile ' : '');
      const name = q + baseName(t);
      if (!inner) return name;
      return name + (inner.startsWith('[') || inner.startsWith('(') && !inner.startsWith('(*') ? '' : ' ') + inner;
    }
  }
}

/** Normalise a JS number to the value range of an integer type (wrap-around, as the machine does). */
export function normalize(v: number, t: Type): number {
  switch (t.kind) {
    case 'llong': return Number(normalize64(BigInt(Math.trunc(v)), t));
    case 'bool': return v !== 0 ? 1 : 0;
    case 'char': return t.unsigned ? v & 0xff : (v << 24) >> 24;
    case 'short': return t.unsigned ? v & 0xffff : (v << 16) >> 16;
    default: return t.unsigned || t.kind === 'ptr' ? v >>> 0 : v | 0;
  }
}

/** A 64-bit value wrapped to the range of the long long type `t`. */
export function normalize64(v: bigint, t: Type): bigint {
  return t.unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
}
