// The typed syntax tree the parser builds and the code generator walks.
//
// Every expression node carries its C type after conversions: the parser
// inserts explicit 'cast' nodes for integer promotions, the usual arithmetic
// conversions, assignment and argument conversions, and 'addr' nodes where an
// array or function decays to a pointer. So the code generator never has to
// reason about C's conversion rules, only about sizes and signedness.

import type { Token } from './tokenize.js';
import type { Member, Type } from './types.js';

export type NodeKind =
  // expressions
  | 'num'       // integer constant: val
  | 'fnum'      // floating constant: fval (already rounded to its type, float or double)
  | 'var'       // a variable or function: obj
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'and' | 'or' | 'xor' | 'shl' | 'shr'
  | 'ptradd'    // pointer + integer: lhs is the pointer, rhs the index (scaled by sizeof *lhs)
  | 'ptrsub'    // pointer - integer
  | 'ptrdiff'   // pointer - pointer, in elements
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'   // operands have a common type
  | 'neg' | 'bitnot' | 'not'
  | 'logand' | 'logor'
  | 'cond'      // cond ? then : els
  | 'comma'
  | 'assign'
  | 'opassign'  // lhs op= rhs: op, with the operation done in opTy
  | 'postinc'   // lhs++ / lhs-- : val is the step (already scaled for pointers)
  | 'addr' | 'deref'
  | 'member'    // lhs.member
  | 'cast'      // lhs converted to ty
  | 'call'      // fn(args); retBuf for struct results
  | 'memzero'   // zero the local obj (start of a local initializer)
  | 'stmtexpr'  // GNU ({ ... }): body is a block; its last expression statement is the value
  | 'complit'   // (T){ ... }: body initialises the local obj, which is the value (an lvalue)
  // statements
  | 'block' | 'exprstmt' | 'if' | 'for' | 'do' | 'switch' | 'case' | 'break' | 'continue'
  | 'return' | 'goto' | 'label' | 'nop';

export interface Node {
  kind: NodeKind;
  ty: Type;
  tok: Token;
  lhs?: Node;
  rhs?: Node;
  // if / for / do / cond / switch
  cond?: Node;
  then?: Node;
  els?: Node;
  init?: Node;
  inc?: Node;
  body?: Node;
  stmts?: Node[];
  val?: number;
  /** num of a long long type: the exact value (val is then approximate). */
  big?: bigint;
  /** fnum: the value (a JS number is IEEE binary64; a float's value is exactly a binary32). */
  fval?: number;
  obj?: Obj;
  member?: Member;
  /** opassign: the arithmetic node kind ('add', 'shl', 'ptradd', ...). */
  op?: NodeKind;
  /** opassign: the type the operation is done in (usual arithmetic conversions). */
  opTy?: Type;
  /** call: the function's type and arguments (converted), and a temp for a struct result. */
  fnTy?: Type;
  args?: Node[];
  retBuf?: Obj;
  /** Jump targets assigned by the parser: break/continue labels, case/goto labels. */
  brk?: string;
  cont?: string;
  label?: string;
  /** switch: its cases and default. */
  cases?: Node[];
  defaultCase?: Node;
  /** memzero: the byte ranges [from, to) of the object to clear. */
  ranges?: [number, number][];
  /** The innermost enclosing block's scope, for debug info of declarations. */
  scope?: Scope;
}

/** Relocated data of a global's initial value: bytes plus addresses to patch in. */
export interface InitData {
  bytes: Uint8Array;
  relocs: { offset: number; label: string; addend: number }[];
}

/** A lexical block in a function, for debug info: line range and what it declares. */
export interface Scope {
  startLine: number;
  endLine: number;
  vars: Obj[];
  children: Scope[];
}

/** A variable (global, static, local or parameter) or a function. */
export interface Obj {
  name: string;
  ty: Type;
  tok: Token;
  /** The assembly label for globals, statics and functions. */
  asmName: string;
  isLocal: boolean;
  /** ebp-relative offset of a local or parameter. */
  offset: number;
  isStatic: boolean;
  /** Declared at file scope with internal linkage or defined here (vs only extern-declared). */
  isDefinition: boolean;
  isFunction: boolean;
  /** A file-scope definition without initializer (`int x;`): becomes .bss unless initialised later. */
  isTentative?: boolean;
  /** Explicit alignment (`__attribute__((aligned(N)))`). */
  align?: number;
  init?: InitData;
  /** String literal contents place the object in .rodata. */
  isReadOnly?: boolean;
  // functions
  params?: Obj[];
  locals?: Obj[];
  body?: Node;
  frameSize?: number;
  endTok?: Token;
  scope?: Scope;
  isParam?: boolean;
  /** The function is referenced (a static function never referenced is still emitted). */
  isUsed?: boolean;
  /** A `static inline` function from a header that is never used need not be emitted. */
  isInline?: boolean;
  /** For a static local: the name of the function it is declared in. */
  ownerFn?: string;
  /** The hidden struct-return pointer parameter. */
  retPtr?: Obj;
}
