// The code generator: typed syntax tree -> Glassbox assembly (Intel syntax).
//
// An accumulator machine in the style of chibicc: every expression leaves
// its value in eax; a pending left operand waits on the stack. Three habits
// keep single-stepped code short and readable:
//
//  * Operands that need no code (constants, scalar variables, members of
//    variables, addresses of globals) are folded straight into the
//    instruction that uses them: `add eax, [ebp-8]`, `cmp dword [ebp-4], 10`,
//    `push 5`, `add dword [count], 1`.
//  * Addresses are computed as x86 addressing modes, not as values:
//    `a[i]` on a local int array is `mov eax, [ebp+eax*4-40]`.
//  * Conditions compile to compare-and-branch (`cmp eax, [ebp-8]; jge .L3`),
//    never to a 0/1 value that is then tested.
//
// Register discipline: eax holds results; ecx and edx are scratch. genAddr()
// returns a memory operand that may use eax and ecx, never edx, so a value
// can wait in edx while an address is computed. ebx, esi, edi and ebp are
// callee-saved and are touched only inside push/pop pairs (block copies).
//
// Calling convention (cdecl): arguments pushed right to left, the caller
// pops them; result in eax; a function returning a struct receives a hidden
// pointer to the result as its first argument and returns it in eax. Every
// function keeps the ebp frame chain (push ebp; mov ebp, esp) so debuggers
// and kernel panics can walk the stack. Narrow results (char, short) are
// returned already extended to 32 bits.
//
// long long: a 64-bit value lives in edx:eax (high half in edx), in memory
// low dword first. Its operations take the plain stack-machine road (left
// operand pushed, right in edx:eax), except that a constant or variable
// right operand of + - & | ^ and comparisons is folded in as two dword
// operands (`add eax, [ebp-8]; adc edx, [ebp-4]`). Results are returned in edx:eax and arguments pushed as
// two dwords, low first, as cdecl says. Multiplication and shifts by a
// constant are inline; division, modulo and shifts by a variable call the
// libgcc-named helpers in programs/libc/src/int64.c.
//
// float and double: the machine has no floating point, so every operation
// but moves, negation (a sign-bit flip) and tests against zero is a call to
// a libgcc-named soft-float helper in programs/libc/src/softfloat.c
// (__adddf3, __ltdf2, __floatsidf, ...); the section "Floating point" below
// is the one place that chooses them. A double lives where a long long does
// (edx:eax, memory low dword first, two stack words, returned in edx:eax);
// a float is its 32 bits in eax, passed and returned like an int. Floats
// are widened to double only where C says (variadic and unprototyped
// arguments); float arithmetic is done in float (FLT_EVAL_METHOD 0).

import type { Node, NodeKind, Obj } from './ast.js';
import { CompileError } from './diag.js';
import { ccMessage } from './messages.js';
import type { CcMessage } from './messages.js';
import { floatBits } from './float-const.js';
import type { Program } from './parse.js';
import { Type, alignOf, is64, isFloating, isInteger, isStructLike, isWide, sizeOf, tyInt } from './types.js';

/** A memory operand: [base + index*scale + sym + disp]. */
interface Mem {
  base?: string;
  index?: string;
  scale?: number;
  sym?: string;
  disp: number;
}

/** Node kinds handled by binary(): integer arithmetic on two operands. */
const ARITH = new Set<NodeKind>(['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor', 'shl', 'shr']);

const INVERSE: Record<string, string> = { e: 'ne', ne: 'e', l: 'ge', ge: 'l', le: 'g', g: 'le', b: 'ae', ae: 'b', be: 'a', a: 'be' };
const SWAPPED: Record<string, string> = { e: 'e', ne: 'ne', l: 'g', g: 'l', le: 'ge', ge: 'le', b: 'a', a: 'b', be: 'ae', ae: 'be' };

function log2(n: number): number {
  return n > 0 && (n & (n - 1)) === 0 ? Math.log2(n) : -1;
}

/** A displacement as the machine computes addresses: modulo 2^32, as a signed 32-bit number. */
function wrap32(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(n))));
}

/** `sym+4`, `sym-8` or `sym`: an address constant with its displacement wrapped to 32 bits. */
function symPlus(sym: string, disp: number): string {
  const d = wrap32(disp);
  return d ? `${sym}${d < 0 ? '-' : '+'}${Math.abs(d)}` : sym;
}

function fmtMem(m0: Mem): string {
  const m = { ...m0, disp: wrap32(m0.disp) };
  let s = '';
  if (m.base) s = m.base;
  if (m.index) s += (s ? '+' : '') + m.index + (m.scale && m.scale !== 1 ? `*${m.scale}` : '');
  if (m.sym) s += (s ? '+' : '') + m.sym;
  if (m.disp || !s) s += m.disp < 0 ? `-${-m.disp}` : (s ? '+' : '') + m.disp;
  return `[${s}]`;
}

/** An immediate operand (a number or an address constant), not a register or memory. */
function isImm(op: string): boolean {
  return !op.startsWith('[') && !isReg(op);
}

function isReg(op: string): boolean {
  return /^e[a-d]x$|^e[sd]i$|^e[sb]p$/.test(op);
}

function low8(reg: string): string {
  return ({ eax: 'al', ecx: 'cl', edx: 'dl', ebx: 'bl' } as Record<string, string>)[reg];
}

function low16(reg: string): string {
  return reg.slice(1);
}

function isUnsigned(t: Type): boolean {
  return t.kind === 'ptr' || t.unsigned;
}

/** A const object, or an array of const elements: it can live in .rodata. */
function isReadOnlyType(t: Type): boolean {
  while (t.kind === 'array') {
    if (t.isConst) return true;
    t = t.base!;
  }
  return t.isConst;
}

/** The low and high dwords of a 64-bit constant, as signed 32-bit numbers. */
function halves(v: bigint): [number, number] {
  return [Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))];
}

/** The libgcc helper for each 64-bit operation the code generator does not inline. */
const HELPER64: Partial<Record<NodeKind, [signed: string, unsigned: string]>> = {
  div: ['__divdi3', '__udivdi3'],
  mod: ['__moddi3', '__umoddi3'],
  shl: ['__ashldi3', '__ashldi3'],
  shr: ['__ashrdi3', '__lshrdi3'],
};

/** libgcc's soft-float helpers for + - * /: [double, float]. */
const FLOAT_OP: Partial<Record<NodeKind, [double: string, float: string]>> = {
  add: ['__adddf3', '__addsf3'],
  sub: ['__subdf3', '__subsf3'],
  mul: ['__muldf3', '__mulsf3'],
  div: ['__divdf3', '__divsf3'],
};

/**
 * libgcc's comparison helpers and the condition that means true: each
 * returns an int that compares with 0 as its operands do (`__ltdf2(a, b) < 0`
 * exactly when a < b), and a NaN operand makes every relation but != false.
 */
const FLOAT_CMP: Partial<Record<NodeKind, [double: string, float: string, cc: string]>> = {
  eq: ['__eqdf2', '__eqsf2', 'e'],
  ne: ['__nedf2', '__nesf2', 'ne'],
  lt: ['__ltdf2', '__ltsf2', 'l'],
  le: ['__ledf2', '__lesf2', 'le'],
  gt: ['__gtdf2', '__gtsf2', 'g'],
  ge: ['__gedf2', '__gesf2', 'ge'],
};

/** A conversion that changes representation: between integer and floating, or float and double. */
function floatConversion(from: Type, to: Type): boolean {
  return (isFloating(from) || isFloating(to)) && from.kind !== to.kind;
}

/**
 * The libgcc helper converting `from` to `to` (one of them floating, not to
 * _Bool): __floatsidf, __fixunssfdi, __extendsfdf2 and so on. Integers
 * narrower than int arrive extended to int; results narrower than int come
 * back as int.
 */
function conversionHelper(from: Type, to: Type): string {
  const fmt = (t: Type) => (t.kind === 'double' ? 'df' : 'sf');
  if (isFloating(from) && isFloating(to)) return from.kind === 'float' ? '__extendsfdf2' : '__truncdfsf2';
  if (isFloating(to)) {
    const unsigned = (from.unsigned || from.kind === 'ptr') && sizeOf(from) >= 4;
    return `__float${unsigned ? 'un' : ''}${is64(from) ? 'di' : 'si'}${fmt(to)}`;
  }
  const unsigned = to.unsigned && sizeOf(to) >= 4;
  return `__fix${unsigned ? 'uns' : ''}${fmt(from)}${is64(to) ? 'di' : 'si'}`;
}

/** A type whose values live in a register (not an address of an aggregate). */
function isValueType(t: Type): boolean {
  return t.kind !== 'array' && t.kind !== 'func' && !isStructLike(t);
}

export class CodeGen {
  private out: string[] = [];
  private labelCount = 0;
  private fn!: Obj;
  private lastLoc = '';
  private rodataExtra: string[] = [];

  constructor(private program: Program) {}

  generate(): string[] {
    this.out.push('    .text');
    for (const f of this.program.functions) {
      if (f.isInline && f.isStatic && !f.isUsed) continue;
      try {
        this.func(f);
      } catch (e) {
        if (e instanceof RangeError) throw new CompileError(f.tok, ccMessage('cc.function-nested-too-deeply', { name: f.name }));
        throw e;
      }
    }
    this.data();
    return this.out;
  }

  private emit(s: string): void {
    this.out.push('    ' + s);
  }

  private label(l: string): void {
    this.out.push(`${l}:`);
  }

  private newLabel(): string {
    return `.Lc${this.labelCount++}`;
  }

  private ice(n: Node, what: string): never {
    throw new CompileError(n.tok, ccMessage('cc.internal-compiler-error', { what }));
  }

  // --------------------------------------------------------------------------
  // Functions

  private func(f: Obj): void {
    this.fn = f;
    this.lastLoc = '';
    this.out.push('');
    if (!f.isStatic) this.emit(`.globl ${f.asmName}`);
    this.emit(`.type ${f.asmName}, @function`);
    this.label(f.asmName);
    this.loc(f.tok);
    this.emit('push ebp');
    this.emit('mov ebp, esp');
    if (f.frameSize! > 0) this.emit(`sub esp, ${f.frameSize}`);
    this.stmt(f.body!);
    const stmts = f.body!.stmts!;
    const last = stmts[stmts.length - 1];
    if (!last || last.kind !== 'return') {
      this.loc(f.endTok!);
      if (f.name === 'main' && f.ty.ret!.kind === 'int') this.emit('mov eax, 0');
      if (isStructLike(f.ty.ret!)) this.emit(`mov eax, [ebp+${f.retPtr!.offset}]`);
      this.emit('leave');
      this.emit('ret');
    }
    this.emit(`.size ${f.asmName}, . - ${f.asmName}`);
  }

  private loc(t: { file: { index: number }; line: number; col: number }): void {
    const s = `.loc ${t.file.index + 1} ${t.line} ${t.col}`;
    if (s === this.lastLoc) return;
    this.lastLoc = s;
    // A .loc with no instruction after it says nothing: replace it.
    if (this.out.length && this.out[this.out.length - 1].startsWith('    .loc ')) this.out.pop();
    this.emit(s);
  }

  // --------------------------------------------------------------------------
  // Statements

  private stmt(n: Node): void {
    switch (n.kind) {
      case 'block':
        for (const s of n.stmts!) this.stmt(s);
        return;
      case 'nop':
        return;
      case 'exprstmt':
        this.loc(n.tok);
        this.gen(n.lhs!, false);
        return;
      case 'memzero':
        this.loc(n.tok);
        for (const [from, to] of n.ranges!) this.zero({ base: 'ebp', disp: n.obj!.offset + from }, to - from);
        return;
      case 'if': {
        this.loc(n.tok);
        const jump = this.jumpTarget(n.then!);
        if (jump && !n.els) {
          // `if (c) break;` and friends: one conditional jump.
          this.branch(n.cond!, true, jump);
          return;
        }
        const els = this.newLabel();
        this.branch(n.cond!, false, els);
        this.stmt(n.then!);
        if (n.els) {
          const end = this.newLabel();
          if (!this.endsInJump()) this.emit(`jmp ${end}`);
          this.label(els);
          this.stmt(n.els);
          this.label(end);
        } else {
          this.label(els);
        }
        return;
      }
      case 'for': {
        // init; jmp cond; body: ...; cont: inc; cond: if (cond) goto body; brk:
        this.loc(n.tok);
        if (n.init) this.stmt(n.init);
        const body = this.newLabel();
        const test = this.newLabel();
        if (n.cond) this.emit(`jmp ${test}`);
        this.label(body);
        this.stmt(n.body!);
        this.label(n.cont!);
        if (n.inc) {
          this.loc(n.inc.tok);
          this.gen(n.inc, false);
        }
        this.label(test);
        if (n.cond) {
          this.loc(n.cond.tok);
          this.branch(n.cond, true, body);
        } else {
          this.emit(`jmp ${body}`);
        }
        this.label(n.brk!);
        return;
      }
      case 'do': {
        const body = this.newLabel();
        this.label(body);
        this.stmt(n.body!);
        this.label(n.cont!);
        this.loc(n.cond!.tok);
        this.branch(n.cond!, true, body);
        this.label(n.brk!);
        return;
      }
      case 'switch':
        this.loc(n.tok);
        this.switchStmt(n);
        return;
      case 'case':
        this.label(n.label!);
        this.stmt(n.body!);
        return;
      case 'break':
      case 'continue':
      case 'goto':
        this.loc(n.tok);
        this.emit(`jmp ${n.label}`);
        return;
      case 'label':
        this.label(n.label!);
        this.stmt(n.body!);
        return;
      case 'return':
        this.loc(n.tok);
        this.returnStmt(n);
        return;
      default:
        this.ice(n, `unexpected statement '${n.kind}'`);
    }
  }

  /** The label a statement only jumps to (break, continue, goto), if that is all it does. */
  private jumpTarget(n: Node): string | undefined {
    if (n.kind === 'break' || n.kind === 'continue' || n.kind === 'goto') return n.label;
    if (n.kind === 'block' && n.stmts!.length === 1) return this.jumpTarget(n.stmts![0]);
    return undefined;
  }

  private endsInJump(): boolean {
    const last = this.out[this.out.length - 1]?.trim() ?? '';
    return last.startsWith('jmp ') || last === 'ret';
  }

  private returnStmt(n: Node): void {
    const f = this.fn;
    if (n.lhs) {
      if (isStructLike(f.ty.ret!)) {
        this.gen(n.lhs);
        this.emit(`mov ecx, [ebp+${f.retPtr!.offset}]`);
        this.copy('eax', 'ecx', sizeOf(f.ty.ret!));
        this.emit(`mov eax, [ebp+${f.retPtr!.offset}]`);
      } else {
        this.gen(n.lhs, f.ty.ret!.kind !== 'void');
      }
    }
    this.emit('leave');
    this.emit('ret');
  }

  private switchStmt(n: Node): void {
    this.gen(n.cond!);
    const cases = n.cases!;
    if (is64(n.cond!.ty)) {
      this.switch64(n);
      return;
    }
    const dflt = n.defaultCase ? n.defaultCase.label! : n.brk!;
    const vals = cases.map((c) => c.val!);
    const unsigned = n.cond!.ty.unsigned;
    const key = (v: number) => (unsigned ? v >>> 0 : v);
    const min = cases.length ? Math.min(...vals.map(key)) : 0;
    const max = cases.length ? Math.max(...vals.map(key)) : 0;
    const range = max - min + 1;
    if (cases.length >= 6 && range <= cases.length * 3 && range <= 4096) {
      // Dense: a jump table indexed by (value - min), bounds-checked unsigned.
      const table = this.newLabel();
      if (min !== 0) this.emit(`sub eax, ${min}`);
      this.emit(`cmp eax, ${range - 1}`);
      this.emit(`ja ${dflt}`);
      this.emit(`jmp dword [${table}+eax*4]`);
      const slots = new Array<string>(range).fill(dflt);
      for (const c of cases) slots[key(c.val!) - min] = c.label!;
      this.rodataExtra.push('    .align 4', `${table}:`);
      for (let i = 0; i < slots.length; i += 8) this.rodataExtra.push(`    .long ${slots.slice(i, i + 8).join(', ')}`);
    } else {
      for (const c of cases) {
        this.emit(`cmp eax, ${c.val}`);
        this.emit(`je ${c.label}`);
      }
      this.emit(`jmp ${dflt}`);
    }
    this.stmt(n.body!);
    this.label(n.brk!);
  }

  // --------------------------------------------------------------------------
  // Operands that need no code

  /** The memory operand of an lvalue whose address is known without code. */
  private staticMem(n: Node): Mem | undefined {
    switch (n.kind) {
      case 'var': {
        const o = n.obj!;
        if (o.isFunction) return undefined;
        return o.isLocal ? { base: 'ebp', disp: o.offset } : { sym: o.asmName, disp: 0 };
      }
      case 'member': {
        const m = this.staticMem(n.lhs!);
        return m && { ...m, disp: m.disp + n.member!.offset };
      }
      case 'deref': {
        const p = n.lhs!;
        if (p.kind === 'addr') return this.staticMem(p.lhs!);
        if ((p.kind === 'ptradd' || p.kind === 'ptrsub') && p.rhs!.kind === 'num' && p.lhs!.kind === 'addr') {
          const m = this.staticMem(p.lhs!.lhs!);
          const d = p.rhs!.val! * this.elemSize(p.lhs!.ty);
          return m && { ...m, disp: m.disp + (p.kind === 'ptradd' ? d : -d) };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** An address constant (`sym+4`) usable as an immediate, for addresses of globals and functions. */
  private addressImm(n: Node): string | undefined {
    const a = this.addressConst(n);
    return a && symPlus(a.sym, a.disp);
  }

  /** The symbol and displacement of an address constant (see addressImm). */
  private addressConst(n: Node): { sym: string; disp: number } | undefined {
    if (n.kind !== 'addr') {
      if (n.kind === 'ptradd' || n.kind === 'ptrsub') {
        if (n.rhs!.kind !== 'num') return undefined;
        const base = this.addressConst(n.lhs!);
        if (base === undefined) return undefined;
        const d = n.rhs!.val! * this.elemSize(n.lhs!.ty) * (n.kind === 'ptradd' ? 1 : -1);
        return { sym: base.sym, disp: wrap32(base.disp + d) };
      }
      if (n.kind === 'cast' && sizeOf(n.ty) === 4 && isValueType(n.ty)) return this.addressConst(n.lhs!);
      return undefined;
    }
    const x = n.lhs!;
    if (x.kind === 'var' && x.obj!.isFunction) return { sym: x.obj!.asmName, disp: 0 };
    const m = this.staticMem(x);
    if (!m || m.base || m.index) return undefined;
    return { sym: m.sym!, disp: m.disp };
  }

  /**
   * A dword operand for `n` that needs no code: an immediate, or a memory
   * operand of a 4-byte variable (written without a size: callers add
   * `dword` where no register gives the size). Undefined when code is needed.
   */
  private simple(n: Node): string | undefined {
    if (isWide(n.ty)) return undefined;
    if (n.kind === 'num') return String(n.val);
    if (n.kind === 'fnum') return String(Number(BigInt.asIntN(32, floatBits(n.fval!, n.ty))));
    if (n.kind === 'cast' && is64(n.lhs!.ty) && sizeOf(n.ty) === 4 && n.ty.kind !== 'bool') {
      // (int)x of a long long variable: its low dword.
      const m = this.simple64(n.lhs!);
      return m && !isImm(m[0]) ? m[0].replace('dword ', '') : undefined;
    }
    if (n.kind === 'cast' && sizeOf(n.ty) === 4 && isValueType(n.ty) && isValueType(n.lhs!.ty) && sizeOf(n.lhs!.ty) === 4 && n.ty.kind !== 'bool' &&
      !floatConversion(n.lhs!.ty, n.ty)) {
      return this.simple(n.lhs!);
    }
    const imm = this.addressImm(n);
    if (imm !== undefined) return imm;
    if (isValueType(n.ty) && sizeOf(n.ty) === 4 && n.ty.kind !== 'bool') {
      const m = this.staticMem(n);
      if (m) return fmtMem(m);
    }
    return undefined;
  }

  /**
   * The address of an lvalue that one register can compute without touching
   * any other: a variable's, or a member/element reached through a pointer
   * held in a variable (`p->x`, `*p`, `p->a[3]`). Emits into `reg`.
   */
  private cheapAddr(n: Node, reg: string, emit = true): Mem | undefined {
    const fixed = this.staticMem(n);
    if (fixed) return fixed;
    if (n.kind === 'member') {
      const m = this.cheapAddr(n.lhs!, reg, emit);
      return m && { ...m, disp: m.disp + n.member!.offset };
    }
    if (n.kind === 'deref') {
      let p = n.lhs!;
      let disp = 0;
      if ((p.kind === 'ptradd' || p.kind === 'ptrsub') && p.rhs!.kind === 'num') {
        disp = p.rhs!.val! * this.elemSize(p.lhs!.ty) * (p.kind === 'ptradd' ? 1 : -1);
        p = p.lhs!;
      }
      const ps = this.simple(p);
      if (ps === undefined || !ps.startsWith('[')) return undefined;
      if (emit) this.emit(`mov ${reg}, ${ps}`);
      return { base: reg, disp };
    }
    return undefined;
  }

  /**
   * A cast to a narrow type of a value loaded from memory (`(unsigned char)*p`,
   * `(char)s->w`): loading just the bytes the target keeps (little-endian),
   * widened the target's way, is the whole conversion.
   */
  private isNarrowingLoad(n: Node): boolean {
    const x = n.lhs!;
    return (x.kind === 'var' || x.kind === 'member' || x.kind === 'deref') && isValueType(x.ty) && isValueType(n.ty) &&
      !floatConversion(x.ty, n.ty) &&
      n.ty.kind !== 'bool' && x.ty.kind !== 'bool' && sizeOf(n.ty) <= sizeOf(x.ty) && sizeOf(n.ty) < 4 &&
      !(x.kind === 'var' && x.obj!.isFunction);
  }

  /** A dword reached through a pointer variable (`p->count`): its memory operand, via ecx. */
  private cheapDword(n: Node): Mem | undefined {
    if ((n.kind !== 'member' && n.kind !== 'deref') || !isValueType(n.ty) || sizeOf(n.ty) !== 4 || n.ty.kind === 'bool') return undefined;
    if (!this.cheapAddr(n, 'ecx', false)) return undefined;
    return this.cheapAddr(n, 'ecx');
  }

  /** True when cheapValue() can compute `n`. */
  private isCheap(n: Node): boolean {
    if (isWide(n.ty)) return false;
    if (this.simple(n) !== undefined) return true;
    if (n.kind === 'cast') {
      return isValueType(n.lhs!.ty) && n.ty.kind !== 'void' && !floatConversion(n.lhs!.ty, n.ty) && this.isCheap(n.lhs!);
    }
    if ((n.kind === 'var' || n.kind === 'member' || n.kind === 'deref') && isValueType(n.ty) && !n.ty.isVolatile) {
      return this.cheapAddr(n, 'ecx', false) !== undefined;
    }
    return false;
  }

  /** Compute a cheap value (see isCheap) into `reg` using no other register. */
  private cheapValue(n: Node, reg: string): void {
    const s = this.simple(n);
    if (s !== undefined) {
      this.emit(`mov ${reg}, ${s}`);
      return;
    }
    if (n.kind === 'cast') {
      const x = n.lhs!;
      if (this.isNarrowingLoad(n)) {
        this.load(this.cheapAddr(x, reg)!, n.ty, reg);
        return;
      }
      this.cheapValue(x, reg);
      this.castReg(reg, x.ty, n.ty);
      return;
    }
    this.load(this.cheapAddr(n, reg)!, n.ty, reg);
  }

  private elemSize(ptr: Type): number {
    const b = ptr.base!;
    return b.kind === 'void' || b.kind === 'func' ? 1 : sizeOf(b);
  }

  // --------------------------------------------------------------------------
  // Loads, stores, copies

  /** Load a value of type `ty` from memory into `reg`, widening narrow types. */
  private load(m: Mem, ty: Type, reg = 'eax'): void {
    if (!isValueType(ty)) {
      this.lea(reg, m);
      return;
    }
    const s = sizeOf(ty);
    if (isWide(ty) && reg === 'eax') {
      this.load64(m);
      return;
    }
    if (s === 1) this.emit(`${ty.unsigned ? 'movzx' : 'movsx'} ${reg}, byte ${fmtMem(m)}`);
    else if (s === 2) this.emit(`${ty.unsigned ? 'movzx' : 'movsx'} ${reg}, word ${fmtMem(m)}`);
    else if (!this.justStored(m, reg)) this.emit(`mov ${reg}, ${fmtMem(m)}`);
  }

  /**
   * The previous instruction stored `reg` to the local `m` (a frame slot),
   * so loading it back would change nothing: `x = f(); if (x) ...`.
   */
  private justStored(m: Mem, reg: string): boolean {
    if (m.base !== 'ebp' || m.index || m.sym) return false;
    for (let i = this.out.length - 1; i >= 0; i--) {
      const line = this.out[i];
      if (line.startsWith('    .loc ')) continue;
      return line === `    mov ${fmtMem(m)}, ${reg}`;
    }
    return false;
  }

  /** Store the low bytes of `reg` (or an immediate) to memory. */
  private store(m: Mem, src: string, ty: Type): void {
    const s = sizeOf(ty);
    if (isImm(src)) {
      const size = s === 1 ? 'byte' : s === 2 ? 'word' : 'dword';
      let v = src;
      if (/^-?\d+$/.test(src)) v = String(s === 1 ? Number(src) & 0xff : s === 2 ? Number(src) & 0xffff : Number(src));
      this.emit(`mov ${size} ${fmtMem(m)}, ${v}`);
      return;
    }
    if (s === 1) this.emit(`mov ${fmtMem(m)}, ${low8(src)}`);
    else if (s === 2) this.emit(`mov ${fmtMem(m)}, ${low16(src)}`);
    else this.emit(`mov ${fmtMem(m)}, ${src}`);
  }

  private lea(reg: string, m: Mem): void {
    if (!m.base && !m.index && m.sym) {
      this.emit(`mov ${reg}, ${symPlus(m.sym, m.disp)}`);
    } else if (m.base === reg && !m.index && !m.sym && m.disp === 0) {
      // already there
    } else if (m.base && !m.index && !m.sym && m.disp === 0) {
      this.emit(`mov ${reg}, ${m.base}`);
    } else {
      this.emit(`lea ${reg}, ${fmtMem(m)}`);
    }
  }

  /** Make `m` addressable through a single register (for code that needs eax/ecx back). */
  private pinAddress(m: Mem, reg: string): Mem {
    this.lea(reg, m);
    return { base: reg, disp: 0 };
  }

  /** Copy `size` bytes from [src] to [dst] (registers), using edx (and ebx for long copies). */
  private copy(src: string, dst: string, size: number): void {
    let off = 0;
    if (size > 64) {
      const loop = this.newLabel();
      this.emit('push ebx');
      this.emit(`mov ebx, ${Math.floor(size / 4)}`);
      this.label(loop);
      this.emit(`mov edx, [${src}]`);
      this.emit(`mov [${dst}], edx`);
      this.emit(`add ${src}, 4`);
      this.emit(`add ${dst}, 4`);
      this.emit('dec ebx');
      this.emit(`jne ${loop}`);
      this.emit('pop ebx');
      const done = Math.floor(size / 4) * 4;
      // Continue with the tail, then move the pointers back.
      this.copyTail(src, dst, 0, size - done);
      this.emit(`sub ${src}, ${done}`);
      this.emit(`sub ${dst}, ${done}`);
      return;
    }
    for (; off + 4 <= size; off += 4) {
      this.emit(`mov edx, [${src}+${off}]`);
      this.emit(`mov [${dst}+${off}], edx`);
    }
    this.copyTail(src, dst, off, size - off);
  }

  private copyTail(src: string, dst: string, off: number, rest: number): void {
    if (rest >= 2) {
      this.emit(`movzx edx, word [${src}+${off}]`);
      this.emit(`mov [${dst}+${off}], dx`);
      off += 2;
      rest -= 2;
    }
    if (rest >= 1) {
      this.emit(`movzx edx, byte [${src}+${off}]`);
      this.emit(`mov [${dst}+${off}], dl`);
    }
  }

  /** Zero `size` bytes at m (uses eax and ecx for long runs). */
  private zero(m: Mem, size: number): void {
    let off = 0;
    if (size > 64) {
      const loop = this.newLabel();
      this.lea('eax', m);
      this.emit(`mov ecx, ${Math.floor(size / 4)}`);
      this.label(loop);
      this.emit('mov dword [eax], 0');
      this.emit('add eax, 4');
      this.emit('dec ecx');
      this.emit(`jne ${loop}`);
      const rest = size % 4;
      if (rest >= 2) this.emit('mov word [eax], 0');
      if (rest % 2) this.emit(`mov byte [eax+${rest - 1}], 0`);
      return;
    }
    for (; off + 4 <= size; off += 4) this.emit(`mov dword ${fmtMem({ ...m, disp: m.disp + off })}, 0`);
    if (size - off >= 2) {
      this.emit(`mov word ${fmtMem({ ...m, disp: m.disp + off })}, 0`);
      off += 2;
    }
    if (size - off >= 1) this.emit(`mov byte ${fmtMem({ ...m, disp: m.disp + off })}, 0`);
  }

  // --------------------------------------------------------------------------
  // Addresses

  /** The memory operand an lvalue (or struct-valued expression) designates. May use eax and ecx. */
  private genAddr(n: Node): Mem {
    const s = this.staticMem(n);
    if (s) return s;
    switch (n.kind) {
      case 'member': {
        const m = this.genAddr(n.lhs!);
        return { ...m, disp: m.disp + n.member!.offset };
      }
      case 'deref':
        return this.addrFromPointer(n.lhs!);
      case 'complit':
        this.stmt(n.body!);
        return { base: 'ebp', disp: n.obj!.offset };
      case 'call':
      case 'cond':
      case 'comma':
      case 'assign':
      case 'stmtexpr':
        if (isStructLike(n.ty)) {
          this.gen(n);
          return { base: 'eax', disp: 0 };
        }
        break;
    }
    this.ice(n, `not an lvalue (${n.kind})`);
  }

  /** The memory a pointer-valued expression points to. */
  private addrFromPointer(p: Node): Mem {
    if (p.kind === 'addr') return this.genAddr(p.lhs!);
    if (p.kind === 'ptradd' || p.kind === 'ptrsub') {
      const size = this.elemSize(p.lhs!.ty);
      const i = p.rhs!;
      if (i.kind === 'num') {
        const m = this.addrFromPointer(p.lhs!);
        const d = i.val! * size;
        return { ...m, disp: m.disp + (p.kind === 'ptradd' ? d : -d) };
      }
      if (p.kind === 'ptradd' && log2(size) >= 0 && log2(size) <= 3) {
        // Base + index*scale: an array element.
        const q = p.lhs!;
        const fixed = q.kind === 'addr' ? this.staticMem(q.lhs!) : undefined;
        if (fixed && !fixed.index) {
          this.gen(i);
          return { ...fixed, index: 'eax', scale: size };
        }
        const is = this.simple(i);
        if (is !== undefined && !isImm(is)) {
          this.gen(q);
          this.emit(`mov ecx, ${is}`);
          return { base: 'eax', index: 'ecx', scale: size, disp: 0 };
        }
        this.gen(i);
        this.emit('push eax');
        this.gen(q);
        this.emit('pop ecx');
        return { base: 'eax', index: 'ecx', scale: size, disp: 0 };
      }
    }
    this.gen(p);
    return { base: 'eax', disp: 0 };
  }

  // --------------------------------------------------------------------------
  // Expressions

  /** Compute `n` into eax. With want=false the value is not needed (statement context). */
  private gen(n: Node, want = true): void {
    if (this.genFloating(n, want)) return;
    if (is64(n.ty) && this.gen64(n, want)) return;
    switch (n.kind) {
      case 'num':
        if (want) this.emit(`mov eax, ${n.val}`);
        return;
      case 'var':
      case 'member':
      case 'deref':
      case 'complit': {
        if (n.kind === 'var' && n.obj!.isFunction) {
          this.emit(`mov eax, ${n.obj!.asmName}`);
          return;
        }
        const m = this.genAddr(n);
        if (want || n.ty.isVolatile) this.load(m, n.ty);
        return;
      }
      case 'addr': {
        const imm = this.addressImm(n);
        if (imm !== undefined) {
          this.emit(`mov eax, ${imm}`);
          return;
        }
        this.lea('eax', this.genAddr(n.lhs!));
        return;
      }
      case 'cast': {
        const x = n.lhs!;
        if (this.isNarrowingLoad(n)) {
          this.load(this.genAddr(x), n.ty);
          return;
        }
        this.gen(x, want || n.ty.kind !== 'void');
        if (n.ty.kind !== 'void') this.castReg('eax', x.ty, n.ty);
        return;
      }
      case 'add': case 'sub': case 'mul': case 'div': case 'mod':
      case 'and': case 'or': case 'xor': case 'shl': case 'shr':
        this.binary(n);
        return;
      case 'ptradd':
      case 'ptrsub':
        this.ptrArith(n);
        return;
      case 'ptrdiff': {
        this.twoOperands(n.lhs!, n.rhs!);
        this.emit('sub eax, ecx');
        const size = this.elemSize(n.lhs!.ty);
        const k = log2(size);
        if (k > 0) this.emit(`sar eax, ${k}`);
        else if (k < 0) {
          this.emit(`mov ecx, ${size}`);
          this.emit('cdq');
          this.emit('idiv ecx');
        }
        return;
      }
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
        const cc = this.compare(n);
        this.emit(`set${cc} eax`);
        return;
      }
      case 'neg':
        this.gen(n.lhs!);
        this.emit('neg eax');
        return;
      case 'bitnot':
        this.gen(n.lhs!);
        this.emit('not eax');
        return;
      case 'not':
        this.gen(n.lhs!);
        this.testZero(n.lhs!.ty);
        this.emit('sete eax');
        return;
      case 'logand':
      case 'logor':
      case 'cond':
        this.condValue(n, want);
        return;
      case 'comma': {
        const parts: Node[] = [];
        let c = n;
        while (c.kind === 'comma') {
          parts.push(c.rhs!);
          c = c.lhs!;
        }
        this.gen(c, false);
        for (let i = parts.length - 1; i >= 0; i--) this.gen(parts[i], i === 0 ? want : false);
        return;
      }
      case 'assign':
        this.assign(n, want);
        return;
      case 'opassign':
        if (is64(n.opTy!)) this.opAssign64(n);
        else this.opAssign(n, want);
        return;
      case 'postinc':
        this.postInc(n, want);
        return;
      case 'call':
        this.call(n);
        return;
      case 'stmtexpr': {
        const stmts = n.body!.stmts!;
        stmts.forEach((s, i) => {
          if (i === stmts.length - 1 && s.kind === 'exprstmt') {
            this.loc(s.tok);
            this.gen(s.lhs!, want);
          } else this.stmt(s);
        });
        return;
      }
      default:
        this.ice(n, `unexpected expression '${n.kind}'`);
    }
  }

  /** Convert the value in `reg` from type `from` to type `to` (both scalar). */
  private castReg(reg: string, from: Type, to: Type): void {
    if (!isValueType(from)) return; // an aggregate's address: already a pointer
    if (floatConversion(from, to)) throw new Error('castReg: a floating conversion needs convertFloating');
    if (to.kind === 'bool') {
      if (from.kind === 'bool') return;
      if (is64(from)) this.emit(`or ${reg}, edx`);
      this.emit(`test ${reg}, ${reg}`);
      this.emit(`setne ${reg}`);
      return;
    }
    const ts = sizeOf(to);
    const fs = sizeOf(from);
    if (ts === 4) return;
    // Values in registers are already extended for their type: nothing to do
    // when every value of `from` is a value of `to`.
    const fits =
      from.kind === 'bool' ||
      (fs < ts && (!to.unsigned || from.unsigned)) ||
      (fs === ts && from.unsigned === to.unsigned);
    if (fits) return;
    if (ts === 1) {
      if (to.unsigned) this.emit(`and ${reg}, 255`);
      else {
        this.emit(`shl ${reg}, 24`);
        this.emit(`sar ${reg}, 24`);
      }
    } else if (to.unsigned) {
      this.emit(`and ${reg}, 65535`);
    } else {
      this.emit(`shl ${reg}, 16`);
      this.emit(`sar ${reg}, 16`);
    }
  }

  /** Evaluate l into eax and r into ecx (left first). */
  private twoOperands(l: Node, r: Node): void {
    if (this.isCheap(r)) {
      this.gen(l);
      this.cheapValue(r, 'ecx');
      return;
    }
    const ls = this.simple(l);
    if (ls !== undefined) {
      this.gen(r);
      this.emit('mov ecx, eax');
      this.emit(`mov eax, ${ls}`);
      return;
    }
    this.gen(l);
    this.emit('push eax');
    this.gen(r);
    this.emit('mov ecx, eax');
    this.emit('pop eax');
  }

  private binary(n: Node): void {
    // A long left-leaning chain (a + b + c + ...) is walked iteratively, so
    // generated code with thousands of terms does not exhaust the host stack.
    const spine: Node[] = [];
    let bottom = n;
    while (ARITH.has(bottom.kind) && ARITH.has(bottom.lhs!.kind) && spine.length < 1_000_000) {
      spine.push(bottom);
      bottom = bottom.lhs!;
    }
    this.binaryStep(bottom);
    for (let i = spine.length - 1; i >= 0; i--) this.applyRight(spine[i]);
  }

  /** One binary node whose left operand is not itself part of a chain. */
  private binaryStep(n: Node): void {
    const kind = n.kind;
    const commutative = kind === 'add' || kind === 'mul' || kind === 'and' || kind === 'or' || kind === 'xor';
    const ls = this.simple(n.lhs!);
    if (this.simple(n.rhs!) === undefined && commutative && ls !== undefined) {
      this.gen(n.rhs!);
      this.applyOp(kind, ls, n.ty);
      return;
    }
    this.gen(n.lhs!);
    this.applyRight(n);
  }

  /** eax holds n's left operand: combine it with the right operand. */
  private applyRight(n: Node): void {
    const rs = this.simple(n.rhs!);
    if (rs !== undefined) {
      this.applyOp(n.kind, rs, n.ty);
      return;
    }
    if (this.isCheap(n.rhs!)) {
      this.cheapValue(n.rhs!, 'ecx');
      this.applyOp(n.kind, 'ecx', n.ty);
      return;
    }
    this.emit('push eax');
    this.gen(n.rhs!);
    this.emit('mov ecx, eax');
    this.emit('pop eax');
    this.applyOp(n.kind, 'ecx', n.ty);
  }

  /**
   * eax = eax OP src, in type `ty` (which decides signedness). src is an
   * immediate, a dword memory operand, or ecx. May clobber ecx and edx.
   */
  private applyOp(kind: NodeKind, src: string, ty: Type): void {
    const imm = isImm(src) ? src : undefined;
    const num = imm !== undefined && /^-?\d+$/.test(imm) ? Number(imm) : undefined;
    switch (kind) {
      case 'add':
      case 'sub':
      case 'and':
      case 'or':
      case 'xor':
        this.emit(`${kind} eax, ${src}`);
        return;
      case 'mul': {
        if (num !== undefined && log2(num >>> 0) >= 0) {
          const k = log2(num >>> 0);
          if (k > 0) this.emit(`shl eax, ${k}`);
          return;
        }
        if (imm !== undefined) this.emit(`imul eax, eax, ${imm}`);
        else this.emit(`imul eax, ${src}`);
        return;
      }
      case 'div':
      case 'mod': {
        const u = ty.unsigned;
        if (u && num !== undefined && log2(num >>> 0) >= 0) {
          const k = log2(num >>> 0);
          if (kind === 'div') {
            if (k > 0) this.emit(`shr eax, ${k}`);
          } else this.emit(`and eax, ${(num >>> 0) - 1}`);
          return;
        }
        if (src !== 'ecx') this.emit(`mov ecx, ${src}`);
        if (u) {
          this.emit('xor edx, edx');
          this.emit('div ecx');
        } else {
          this.emit('cdq');
          this.emit('idiv ecx');
        }
        if (kind === 'mod') this.emit('mov eax, edx');
        return;
      }
      case 'shl':
      case 'shr': {
        const op = kind === 'shl' ? 'shl' : ty.unsigned ? 'shr' : 'sar';
        if (num !== undefined) {
          this.emit(`${op} eax, ${num & 31}`);
          return;
        }
        if (src !== 'ecx') this.emit(`mov ecx, ${src}`);
        this.emit(`${op} eax, cl`);
        return;
      }
    }
    throw new Error(`applyOp: ${kind}`);
  }

  /** Scale the index in `reg` by `size` bytes. */
  private scale(reg: string, size: number): void {
    const k = log2(size);
    if (k === 0) return;
    if (k > 0) this.emit(`shl ${reg}, ${k}`);
    else this.emit(`imul ${reg}, ${reg}, ${size}`);
  }

  private ptrArith(n: Node): void {
    const size = this.elemSize(n.lhs!.ty);
    const i = n.rhs!;
    const sub = n.kind === 'ptrsub';
    if (i.kind === 'num') {
      const imm = this.addressImm(n);
      if (imm !== undefined) {
        this.emit(`mov eax, ${imm}`);
        return;
      }
      this.gen(n.lhs!);
      const d = wrap32(i.val! * size);
      if (d) this.emit(`${sub ? 'sub' : 'add'} eax, ${d}`);
      return;
    }
    const q = n.lhs!;
    const fixed = q.kind === 'addr' ? this.staticMem(q.lhs!) : undefined;
    if (!sub && fixed && !fixed.index && log2(size) >= 0 && log2(size) <= 3) {
      this.gen(i);
      this.lea('eax', { ...fixed, index: 'eax', scale: size });
      return;
    }
    const ls = this.simple(q);
    if (!sub && ls !== undefined) {
      this.gen(i);
      this.scale('eax', size);
      this.emit(`add eax, ${ls}`);
      return;
    }
    const is = this.simple(i);
    if (is !== undefined) {
      this.gen(q);
      this.emit(`mov ecx, ${is}`);
    } else {
      this.gen(q);
      this.emit('push eax');
      this.gen(i);
      this.emit('mov ecx, eax');
      this.emit('pop eax');
    }
    if (!sub && log2(size) >= 0 && log2(size) <= 3) {
      this.emit(`lea eax, [eax+ecx${size > 1 ? '*' + size : ''}]`);
      return;
    }
    this.scale('ecx', size);
    this.emit(`${sub ? 'sub' : 'add'} eax, ecx`);
  }

  /** Set the flags for a comparison node; returns the condition code that means "true". */
  private compare(n: Node): string {
    const ty = n.lhs!.ty;
    if (isFloating(ty)) return this.compareFloating(n);
    if (is64(ty)) return this.compare64(n);
    const u = isUnsigned(ty);
    const cc = ({
      eq: 'e', ne: 'ne', lt: u ? 'b' : 'l', le: u ? 'be' : 'le', gt: u ? 'a' : 'g', ge: u ? 'ae' : 'ge',
    } as Record<string, string>)[n.kind];
    const l = n.lhs!;
    const r = n.rhs!;
    const rs = this.simple(r);
    if (rs !== undefined) {
      const ls = this.simple(l);
      if (ls !== undefined && ls.startsWith('[') && isImm(rs)) {
        this.emit(`cmp dword ${ls}, ${rs}`);
        return cc;
      }
      const lm = isImm(rs) ? this.cheapDword(l) : undefined;
      if (lm) {
        this.emit(`cmp dword ${fmtMem(lm)}, ${rs}`);
        return cc;
      }
      this.gen(l);
      this.emit(`cmp eax, ${rs}`);
      return cc;
    }
    const ls = this.simple(l);
    if (ls !== undefined) {
      this.gen(r);
      if (ls.startsWith('[')) {
        this.emit(`cmp ${ls}, eax`);
        return cc;
      }
      this.emit(`cmp eax, ${ls}`);
      return SWAPPED[cc];
    }
    if (this.isCheap(r)) {
      this.gen(l);
      this.cheapValue(r, 'ecx');
      this.emit('cmp eax, ecx');
      return cc;
    }
    this.gen(l);
    this.emit('push eax');
    this.gen(r);
    this.emit('mov ecx, eax');
    this.emit('pop eax');
    this.emit('cmp eax, ecx');
    return cc;
  }

  /** Jump to `label` when `n` is true (jumpIf) or false (!jumpIf); fall through otherwise. */
  private branch(n: Node, jumpIf: boolean, label: string): void {
    switch (n.kind) {
      case 'num':
        if ((n.val !== 0) === jumpIf) this.emit(`jmp ${label}`);
        return;
      case 'not':
        this.branch(n.lhs!, !jumpIf, label);
        return;
      case 'logand':
      case 'logor': {
        // Flatten a && b && c (left-leaning) into its operands, in order.
        const ops: Node[] = [];
        let c = n;
        while (c.kind === n.kind) {
          ops.push(c.rhs!);
          c = c.lhs!;
        }
        ops.push(c);
        ops.reverse();
        // && jumping when false (|| jumping when true): every operand jumps to the label.
        // Otherwise every operand but the last skips past the last one's test.
        const direct = (n.kind === 'logand') !== jumpIf;
        if (direct) {
          for (const op of ops) this.branch(op, jumpIf, label);
          return;
        }
        const skip = this.newLabel();
        for (let i = 0; i < ops.length - 1; i++) this.branch(ops[i], !jumpIf, skip);
        this.branch(ops[ops.length - 1], jumpIf, label);
        this.label(skip);
        return;
      }
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
        const cc = this.compare(n);
        this.emit(`j${jumpIf ? cc : INVERSE[cc]} ${label}`);
        return;
      }
      case 'cast':
        // A widening or same-size conversion keeps zero-ness; test the operand itself.
        // (Not floating to integer: 0.5 is true, (int)0.5 is not.)
        if (isValueType(n.lhs!.ty) && (n.ty.kind === 'bool' || sizeOf(n.ty) >= sizeOf(n.lhs!.ty)) &&
          !(isFloating(n.lhs!.ty) && isInteger(n.ty))) {
          this.branch(n.lhs!, jumpIf, label);
          return;
        }
        break;
    }
    // A float's zero test ignores the sign bit (-0.0 is false), so it is not a dword compare.
    const s = isFloating(n.ty) ? undefined : this.simple(n);
    const m = s === undefined && !isFloating(n.ty) ? this.cheapDword(n) : undefined;
    if (s !== undefined && s.startsWith('[')) {
      this.emit(`cmp dword ${s}, 0`);
    } else if (m) {
      this.emit(`cmp dword ${fmtMem(m)}, 0`);
    } else {
      this.gen(n);
      this.testZero(n.ty);
    }
    this.emit(`j${jumpIf ? 'ne' : 'e'} ${label}`);
  }

  /** &&, || and ?: as values. */
  private condValue(n: Node, want: boolean): void {
    if (n.kind === 'cond') {
      const els = this.newLabel();
      const end = this.newLabel();
      this.branch(n.cond!, false, els);
      this.gen(n.then!, want);
      this.emit(`jmp ${end}`);
      this.label(els);
      this.gen(n.els!, want);
      this.label(end);
      return;
    }
    const f = this.newLabel();
    const end = this.newLabel();
    this.branch(n, false, f);
    this.emit('mov eax, 1');
    this.emit(`jmp ${end}`);
    this.label(f);
    this.emit('mov eax, 0');
    this.label(end);
  }

  // --------------------------------------------------------------------------
  // Assignment

  private assign(n: Node, want: boolean): void {
    const l = n.lhs!;
    const r = n.rhs!;
    const ty = n.ty;
    if (isStructLike(ty) || ty.kind === 'array') {
      const size = sizeOf(ty);
      const fixed = this.staticMem(l);
      this.gen(r);
      if (fixed) {
        this.lea('ecx', fixed);
      } else {
        this.emit('push eax');
        const m = this.genAddr(l);
        this.lea('ecx', m);
        this.emit('pop eax');
      }
      this.copy('eax', 'ecx', size);
      this.emit('mov eax, ecx');
      return;
    }
    const fixed = this.staticMem(l);
    const rs = this.simple(r);
    if (fixed) {
      if (rs !== undefined && isImm(rs)) {
        this.store(fixed, rs, ty);
        if (want) this.gen(r);
        return;
      }
      this.gen(r);
      this.store(fixed, 'eax', ty);
      return;
    }
    if (rs !== undefined) {
      const m = this.genAddr(l);
      if (isImm(rs)) {
        this.store(m, rs, ty);
        if (want) this.emit(`mov eax, ${rs}`);
        return;
      }
      this.emit(`mov edx, ${rs}`);
      this.store(m, 'edx', ty);
      if (want) this.emit('mov eax, edx');
      return;
    }
    if (this.cheapAddr(l, 'ecx', false)) {
      this.gen(r);
      this.store(this.cheapAddr(l, 'ecx')!, 'eax', ty);
      return;
    }
    this.gen(r);
    this.emit('push eax');
    const m = this.genAddr(l);
    this.emit('pop edx');
    this.store(m, 'edx', ty);
    if (want) this.emit('mov eax, edx');
  }

  private opAssign(n: Node, want: boolean): void {
    const l = n.lhs!;
    const ty = n.ty;
    const op = n.op!;
    const isPtr = op === 'ptradd' || op === 'ptrsub';
    const scaleBy = isPtr ? this.elemSize(ty) : 1;
    const aluOp = op === 'ptradd' ? 'add' : op === 'ptrsub' ? 'sub' : op;
    const direct = sizeOf(ty) === 4 && ty.kind !== 'bool' && ['add', 'sub', 'and', 'or', 'xor'].includes(aluOp);
    let rs = this.simple(n.rhs!);
    if (rs !== undefined && isPtr && scaleBy !== 1) {
      rs = /^-?\d+$/.test(rs) ? String(Math.imul(Number(rs), scaleBy)) : undefined;
    }
    const rsImm = rs !== undefined && isImm(rs) ? rs : undefined;
    const fixed = this.staticMem(l);
    if (direct) {
      // Operate on memory: add dword [x], 5 / add [x], eax.
      if (rsImm !== undefined) {
        const m = fixed ?? this.genAddr(l);
        this.emit(`${aluOp} dword ${fmtMem(m)}, ${rsImm}`);
        if (want) this.load(m, ty);
        return;
      }
      this.gen(n.rhs!);
      this.scale('eax', scaleBy);
      if (fixed) {
        this.emit(`${aluOp} ${fmtMem(fixed)}, eax`);
        if (want) this.load(fixed, ty);
        return;
      }
      this.emit('push eax');
      const m = this.genAddr(l);
      this.emit('pop edx');
      this.emit(`${aluOp} ${fmtMem(m)}, edx`);
      if (want) this.load(m, ty);
      return;
    }
    // Load, operate, convert, store.
    const opTy = n.opTy!;
    if (fixed) {
      if (rs !== undefined) {
        this.load(fixed, ty);
        this.applyOp(isPtr ? aluOp : op, rs, opTy);
      } else {
        this.gen(n.rhs!);
        this.scale('eax', scaleBy);
        this.emit('mov ecx, eax');
        this.load(fixed, ty);
        this.applyOp(isPtr ? aluOp : op, 'ecx', opTy);
      }
      if (want || ty.kind === 'bool') this.castReg('eax', opTy, ty);
      this.store(fixed, 'eax', ty);
      return;
    }
    const m = this.genAddr(l);
    this.lea('eax', m);
    this.emit('push eax');
    if (rs !== undefined) {
      this.emit('mov edx, [esp]');
      this.load({ base: 'edx', disp: 0 }, ty);
      this.applyOp(isPtr ? aluOp : op, rs, opTy);
    } else {
      this.gen(n.rhs!);
      this.scale('eax', scaleBy);
      this.emit('mov ecx, eax');
      this.emit('mov edx, [esp]');
      this.load({ base: 'edx', disp: 0 }, ty);
      this.applyOp(isPtr ? aluOp : op, 'ecx', opTy);
    }
    if (want || ty.kind === 'bool') this.castReg('eax', opTy, ty);
    this.emit('pop edx');
    this.store({ base: 'edx', disp: 0 }, 'eax', ty);
  }

  private postInc(n: Node, want: boolean): void {
    const l = n.lhs!;
    const ty = n.ty;
    const step = n.val!;
    const dword = sizeOf(ty) === 4 && ty.kind !== 'bool';
    let m = this.staticMem(l) ?? this.genAddr(l);
    if (dword) {
      if (want) {
        if (m.base === 'eax' || m.index === 'eax') m = this.pinAddress(m, 'ecx');
        this.load(m, ty);
      }
      this.emit(`add dword ${fmtMem(m)}, ${step}`);
      return;
    }
    if (m.base === 'eax' || m.index === 'eax' || m.index === 'ecx') m = this.pinAddress(m, 'ecx');
    this.load(m, ty);
    this.emit(`lea edx, [eax${step < 0 ? '-' : '+'}${Math.abs(step)}]`);
    if (ty.kind === 'bool') this.castReg('edx', tyInt, ty);
    this.store(m, 'edx', ty);
  }

  // --------------------------------------------------------------------------
  // 64-bit integers (long long): values in edx:eax

  /** Compute a long long `n` into edx:eax. False: not a 64-bit special case (gen's general code applies). */
  private gen64(n: Node, want: boolean): boolean {
    switch (n.kind) {
      case 'num': {
        const [lo, hi] = halves(n.big!);
        this.emit(`mov eax, ${lo}`);
        this.emit(`mov edx, ${hi}`);
        return true;
      }
      case 'cast':
        this.gen(n.lhs!);
        this.extendTo64(n.lhs!.ty);
        return true;
      case 'add': case 'sub': case 'mul': case 'div': case 'mod':
      case 'and': case 'or': case 'xor': case 'shl': case 'shr':
        this.binary64(n);
        return true;
      case 'neg':
        // -(hi:lo) = (-hi - (lo != 0)) : -lo; neg sets CF exactly when lo != 0.
        this.gen(n.lhs!);
        this.emit('neg eax');
        this.emit('adc edx, 0');
        this.emit('neg edx');
        return true;
      case 'bitnot':
        this.gen(n.lhs!);
        this.emit('not eax');
        this.emit('not edx');
        return true;
      case 'assign':
        this.assign64(n, want);
        return true;
      case 'postinc':
        this.postInc64(n);
        return true;
      default:
        return false; // loads, calls, ?:, comma, ...: the general code leaves edx:eax
    }
  }

  /** edx:eax = eax converted from the 32-bit (or narrower) type `from`; nothing when `from` is 64-bit already. */
  private extendTo64(from: Type): void {
    if (is64(from)) return;
    if (isUnsigned(from) || from.kind === 'bool') this.emit('xor edx, edx');
    else this.emit('cdq');
  }

  private load64(m: Mem): void {
    // The address never uses edx, so the high half goes first.
    this.emit(`mov edx, ${fmtMem({ ...m, disp: m.disp + 4 })}`);
    this.emit(`mov eax, ${fmtMem(m)}`);
  }

  /** Store edx:eax to `m`, which must not use eax or edx. */
  private store64(m: Mem): void {
    this.emit(`mov ${fmtMem(m)}, eax`);
    this.emit(`mov ${fmtMem({ ...m, disp: m.disp + 4 })}, edx`);
  }

  /** The low and high dword operands of a long long constant or variable that needs no code. */
  private simple64(n: Node): [string, string] | undefined {
    if (n.kind === 'num') return halves(n.big!).map(String) as [string, string];
    if (n.kind === 'fnum') return halves(floatBits(n.fval!, n.ty)).map(String) as [string, string];
    // long long <-> unsigned long long: the same bits.
    if (n.kind === 'cast' && is64(n.lhs!.ty) && is64(n.ty)) return this.simple64(n.lhs!);
    const m = n.kind === 'var' || n.kind === 'member' ? this.staticMem(n) : undefined;
    if (!m || n.ty.isVolatile) return undefined;
    return [`dword ${fmtMem(m)}`, `dword ${fmtMem({ ...m, disp: m.disp + 4 })}`];
  }

  private binary64(n: Node): void {
    const ls = this.simple64(n.lhs!);
    if (ls && !this.foldsRight64(n.kind, n.rhs!)) {
      // The left operand goes to the stack straight from memory.
      this.emit(`push ${ls[1]}`);
      this.emit(`push ${ls[0]}`);
      this.gen(n.rhs!);
      this.op64(n.kind, n.ty);
      return;
    }
    this.gen(n.lhs!);
    this.applyRight64(n.kind, n.rhs!, n.ty);
  }

  /** applyRight64 combines `r` without the stack: a constant shift, or + - & | ^ with a simple operand. */
  private foldsRight64(kind: NodeKind, r: Node): boolean {
    if (kind === 'shl' || kind === 'shr') return r.kind === 'num';
    return ['add', 'sub', 'and', 'or', 'xor'].includes(kind) && this.simple64(r) !== undefined;
  }

  /** edx:eax = edx:eax OP r in type `ty` (r is the count, an int, for a shift). */
  private applyRight64(kind: NodeKind, r: Node, ty: Type): void {
    if ((kind === 'shl' || kind === 'shr') && r.kind === 'num') {
      this.shift64(kind, r.val! & 63, ty.unsigned);
      return;
    }
    const carry = { add: 'adc', sub: 'sbb', and: 'and', or: 'or', xor: 'xor' } as Partial<Record<NodeKind, string>>;
    const rs = this.foldsRight64(kind, r) ? this.simple64(r) : undefined;
    if (rs && carry[kind]) {
      // x | 0, x ^ 0 and x & -1 leave a half as it is.
      const idle = kind === 'or' || kind === 'xor' ? '0' : kind === 'and' ? '-1' : undefined;
      if (rs[0] !== idle) this.emit(`${kind} eax, ${rs[0]}`);
      if (rs[1] !== idle) this.emit(`${carry[kind]} edx, ${rs[1]}`);
      return;
    }
    this.emit('push edx');
    this.emit('push eax');
    this.gen(r);
    this.op64(kind, ty);
  }

  /**
   * edx:eax = [esp] OP edx:eax in type `ty`, popping the left operand's 8
   * bytes. For a shift the right operand is the count, in eax.
   */
  private op64(kind: NodeKind, ty: Type): void {
    const helper = HELPER64[kind];
    if (helper) {
      this.callHelper64(helper[ty.unsigned ? 1 : 0], kind === 'shl' || kind === 'shr');
      return;
    }
    switch (kind) {
      case 'add': case 'and': case 'or': case 'xor': {
        const hi = kind === 'add' ? 'adc' : kind;
        this.emit('pop ecx');
        this.emit(`${kind} eax, ecx`);
        this.emit('pop ecx');
        this.emit(`${hi} edx, ecx`);
        return;
      }
      case 'sub':
        this.emit('mov ecx, eax');
        this.emit('pop eax');
        this.emit('sub eax, ecx');
        this.emit('mov ecx, edx');
        this.emit('pop edx');
        this.emit('sbb edx, ecx');
        return;
      case 'mul':
        // (ah:al) * (bh:bl) mod 2^64 = al*bl + ((ah*bl + al*bh) << 32)
        this.emit('mov ecx, [esp+4]');
        this.emit('imul ecx, eax');
        this.emit('imul edx, [esp]');
        this.emit('add ecx, edx');
        this.emit('mul dword [esp]');
        this.emit('add edx, ecx');
        this.emit('add esp, 8');
        return;
    }
    throw new Error(`op64: ${kind}`);
  }

  /** A 64-bit helper: the left operand at [esp], the right one in edx:eax (or the shift count in eax). */
  private callHelper64(name: string, countArg: boolean): void {
    this.callWithLeft(name, 8, countArg ? 4 : 8);
  }

  /**
   * Call helper(left, right) with the left operand (leftSize bytes) waiting
   * at [esp] and the right one in eax (rightSize 4) or edx:eax (8): push the
   * right operand, then a copy of the left one, call, and pop all three.
   */
  private callWithLeft(name: string, leftSize: number, rightSize: number): void {
    if (rightSize === 8) this.emit('push edx');
    this.emit('push eax');
    // The left operand's high dword first; each push brings the next one to the same offset.
    for (let i = 0; i < leftSize; i += 4) {
      this.emit(`mov ecx, [esp+${rightSize + leftSize - 4}]`);
      this.emit('push ecx');
    }
    this.emit(`call ${name}`);
    this.emit(`add esp, ${2 * leftSize + rightSize}`);
  }

  /** Shift edx:eax by the constant k (0..63). */
  private shift64(kind: 'shl' | 'shr', k: number, unsigned: boolean): void {
    if (k === 0) return;
    const sr = unsigned ? 'shr' : 'sar';
    if (kind === 'shl') {
      if (k >= 32) {
        this.emit('mov edx, eax');
        if (k > 32) this.emit(`shl edx, ${k - 32}`);
        this.emit('xor eax, eax');
        return;
      }
      this.emit('mov ecx, eax');
      this.emit(`shr ecx, ${32 - k}`);
      this.emit(`shl edx, ${k}`);
      this.emit('or edx, ecx');
      this.emit(`shl eax, ${k}`);
      return;
    }
    if (k >= 32) {
      this.emit('mov eax, edx');
      if (k > 32) this.emit(`${sr} eax, ${k - 32}`);
      if (unsigned) this.emit('xor edx, edx');
      else this.emit('sar edx, 31');
      return;
    }
    this.emit('mov ecx, edx');
    this.emit(`shl ecx, ${32 - k}`);
    this.emit(`shr eax, ${k}`);
    this.emit('or eax, ecx');
    this.emit(`${sr} edx, ${k}`);
  }

  /**
   * Compare two long longs and set the flags; returns the condition code
   * that means true. `cmp` of the low halves then `sbb` of the high ones
   * leaves the flags of the full 64-bit subtraction except ZF, so < and >=
   * are direct, > and <= compare the other way round, == and != or the
   * differences of both halves.
   */
  private compare64(n: Node): string {
    const u = n.lhs!.ty.unsigned;
    const rs = this.simple64(n.rhs!);
    if (rs) return this.compare64With(n, rs, u);
    this.gen(n.lhs!);
    this.emit('push edx');
    this.emit('push eax');
    this.gen(n.rhs!);
    this.emit('pop ecx');
    switch (n.kind) {
      case 'eq':
      case 'ne':
        this.emit('xor eax, ecx');
        this.emit('pop ecx');
        this.emit('xor edx, ecx');
        this.emit('or eax, edx');
        return n.kind === 'eq' ? 'e' : 'ne';
      case 'lt':
      case 'ge':
        this.emit('cmp ecx, eax');
        this.emit('pop ecx');
        this.emit('sbb ecx, edx');
        return n.kind === 'lt' ? (u ? 'b' : 'l') : u ? 'ae' : 'ge';
      default:
        // l > r is r < l; l <= r is r >= l.
        this.emit('cmp eax, ecx');
        this.emit('pop ecx');
        this.emit('sbb edx, ecx');
        return n.kind === 'gt' ? (u ? 'b' : 'l') : u ? 'ae' : 'ge';
    }
  }

  /** compare64 with a right operand that needs no code: the left one in edx:eax, the right one folded in. */
  private compare64With(n: Node, [lo, hi]: [string, string], u: boolean): string {
    this.gen(n.lhs!);
    switch (n.kind) {
      case 'eq':
      case 'ne':
        if (lo !== '0') this.emit(`xor eax, ${lo}`);
        if (hi !== '0') this.emit(`xor edx, ${hi}`);
        this.emit('or eax, edx');
        return n.kind === 'eq' ? 'e' : 'ne';
      case 'lt':
      case 'ge':
        this.emit(`cmp eax, ${lo}`);
        this.emit(`sbb edx, ${hi}`);
        return n.kind === 'lt' ? (u ? 'b' : 'l') : u ? 'ae' : 'ge';
      default:
        this.emit(`mov ecx, ${lo.replace('dword ', '')}`);
        this.emit('cmp ecx, eax');
        this.emit(`mov ecx, ${hi.replace('dword ', '')}`);
        this.emit('sbb ecx, edx');
        return n.kind === 'gt' ? (u ? 'b' : 'l') : u ? 'ae' : 'ge';
    }
  }

  private assign64(n: Node, want: boolean): void {
    const l = n.lhs!;
    const r = n.rhs!;
    const fixed = this.staticMem(l);
    if (fixed && r.kind === 'num' && !want) {
      const [lo, hi] = halves(r.big!);
      this.emit(`mov dword ${fmtMem(fixed)}, ${lo}`);
      this.emit(`mov dword ${fmtMem({ ...fixed, disp: fixed.disp + 4 })}, ${hi}`);
      return;
    }
    this.gen(r);
    if (fixed) {
      this.store64(fixed);
      return;
    }
    if (this.cheapAddr(l, 'ecx', false)) {
      // `*p = v`, `p->x = v`: the address through a pointer variable, in ecx.
      this.store64(this.cheapAddr(l, 'ecx')!);
      return;
    }
    this.emit('push edx');
    this.emit('push eax');
    this.lea('ecx', this.genAddr(l));
    this.emit('pop eax');
    this.emit('pop edx');
    this.store64({ base: 'ecx', disp: 0 });
  }

  /** `l op= r` done in a long long type (l itself may be narrower). */
  private opAssign64(n: Node): void {
    const l = n.lhs!;
    const ty = n.ty;
    const opTy = n.opTy!;
    // A variable's address needs no register; anything else waits on the stack.
    const fixed = this.staticMem(l);
    if (!fixed) {
      this.lea('eax', this.genAddr(l));
      this.emit('push eax');
    }
    const at: Mem = fixed ?? { base: 'eax', disp: 0 };
    this.load(at, ty);
    this.extendTo64(ty);
    this.applyRight64(n.op!, n.rhs!, opTy);
    if (!is64(ty)) this.castReg('eax', opTy, ty);
    if (!fixed) this.emit('pop ecx');
    const dst: Mem = fixed ?? { base: 'ecx', disp: 0 };
    if (is64(ty)) this.store64(dst);
    else this.store(dst, 'eax', ty);
  }

  /** x++ / x-- on a long long: the old value in edx:eax, memory stepped with a carry. */
  private postInc64(n: Node): void {
    const m = this.genAddr(n.lhs!);
    this.lea('ecx', m);
    const at: Mem = { base: 'ecx', disp: 0 };
    this.load64(at);
    const [op, carry] = n.val! > 0 ? ['add', 'adc'] : ['sub', 'sbb'];
    this.emit(`${op} dword ${fmtMem(at)}, ${Math.abs(n.val!)}`);
    this.emit(`${carry} dword ${fmtMem({ ...at, disp: 4 })}, 0`);
  }

  /** switch on a long long: compare both halves for each case. */
  private switch64(n: Node): void {
    for (const c of n.cases!) {
      const [lo, hi] = halves(c.big!);
      const next = this.newLabel();
      this.emit(`cmp eax, ${lo}`);
      this.emit(`jne ${next}`);
      this.emit(`cmp edx, ${hi}`);
      this.emit(`je ${c.label}`);
      this.label(next);
    }
    this.emit(`jmp ${n.defaultCase ? n.defaultCase.label! : n.brk!}`);
    this.stmt(n.body!);
    this.label(n.brk!);
  }

  // --------------------------------------------------------------------------
  // Floating point: moves are inline, everything else calls a soft-float helper

  /** Compute a node that involves floating values. False: not such a node (gen's other code applies). */
  private genFloating(n: Node, want: boolean): boolean {
    switch (n.kind) {
      case 'fnum': {
        const bits = floatBits(n.fval!, n.ty);
        if (n.ty.kind === 'float') this.emit(`mov eax, ${Number(BigInt.asIntN(32, bits))}`);
        else {
          const [lo, hi] = halves(bits);
          this.emit(`mov eax, ${lo}`);
          this.emit(`mov edx, ${hi}`);
        }
        return true;
      }
      case 'cast':
        if (!floatConversion(n.lhs!.ty, n.ty)) return false;
        this.gen(n.lhs!);
        this.convertFloating(n.lhs!.ty, n.ty);
        return true;
      case 'add': case 'sub': case 'mul': case 'div':
        if (!isFloating(n.ty)) return false;
        this.floatCall(FLOAT_OP[n.kind]![n.ty.kind === 'double' ? 0 : 1], n.lhs!, n.rhs!);
        return true;
      case 'neg':
        // IEEE negation flips the sign bit, of zeros, infinities and NaNs too.
        if (!isFloating(n.ty)) return false;
        this.gen(n.lhs!);
        this.emit(`xor ${n.ty.kind === 'double' ? 'edx' : 'eax'}, -2147483648`);
        return true;
      case 'assign':
        if (n.ty.kind !== 'double') return false; // a float moves as a dword
        this.assign64(n, want);
        return true;
      case 'opassign':
        if (!isFloating(n.opTy!)) return false;
        this.opAssignFloating(n);
        return true;
      case 'postinc':
        if (!isFloating(n.ty)) return false;
        this.postIncFloating(n);
        return true;
      default:
        return false;
    }
  }

  /** Push the value in eax (or edx:eax for a wide type) as the left operand of what follows. */
  private pushValue(ty: Type): void {
    if (isWide(ty)) this.emit('push edx');
    this.emit('push eax');
  }

  /** eax/edx:eax = [esp] OP eax/edx:eax in the floating type `ty`, popping the left operand. */
  private floatOp(kind: NodeKind, ty: Type): void {
    const helper = FLOAT_OP[kind];
    if (!helper) throw new Error(`floatOp: ${kind}`);
    const size = sizeOf(ty);
    this.callWithLeft(helper[ty.kind === 'double' ? 0 : 1], size, size);
  }

  /** Set ZF exactly when the value in eax (edx:eax) of type `ty` is zero; -0.0 is zero, NaN is not. */
  private testZero(ty: Type): void {
    if (ty.kind === 'double') {
      this.emit('and edx, 2147483647');
      this.emit('or eax, edx');
    } else if (ty.kind === 'float') {
      this.emit('and eax, 2147483647');
    } else if (is64(ty)) {
      this.emit('or eax, edx');
    } else {
      this.emit('test eax, eax');
    }
  }

  /** Convert the value in eax (edx:eax) from `from` to `to`, one of them floating. */
  private convertFloating(from: Type, to: Type): void {
    if (to.kind === 'bool') {
      this.testZero(from);
      this.emit('setne eax');
      return;
    }
    this.pushValue(from);
    this.emit(`call ${conversionHelper(from, to)}`);
    this.emit(`add esp, ${isWide(from) ? 8 : 4}`);
    if (isInteger(to) && sizeOf(to) < 4) this.castReg('eax', tyInt, to);
  }

  /** Convert between any two scalar types, floating or not, in eax (edx:eax). */
  private convertValue(from: Type, to: Type): void {
    if (from.kind === to.kind && from.unsigned === to.unsigned) return;
    if (floatConversion(from, to)) this.convertFloating(from, to);
    else if (is64(to)) this.extendTo64(from);
    else this.castReg('eax', from, to);
  }

  /** A floating comparison: call the helper, compare its result with 0. */
  private compareFloating(n: Node): string {
    const [dbl, flt, cc] = FLOAT_CMP[n.kind]!;
    this.floatCall(n.lhs!.ty.kind === 'double' ? dbl : flt, n.lhs!, n.rhs!);
    this.emit('cmp eax, 0');
    return cc;
  }

  /**
   * helper(l, r) for two operands of one floating type. A right operand
   * that needs no code (a constant or a variable) is pushed straight from
   * memory after l is computed; otherwise l waits on the stack while r is.
   */
  private floatCall(helper: string, l: Node, r: Node): void {
    const ty = l.ty;
    const size = sizeOf(ty);
    const s = size === 4 ? this.simple(r) : undefined;
    const words = size === 8 ? this.simple64(r) : s === undefined ? undefined : [s.startsWith('[') ? `dword ${s}` : s];
    if (!words) {
      this.gen(l);
      this.pushValue(ty);
      this.gen(r);
      this.callWithLeft(helper, size, size);
      return;
    }
    this.gen(l);
    for (let i = words.length - 1; i >= 0; i--) this.emit(`push ${words[i]}`);
    this.pushValue(ty);
    this.emit(`call ${helper}`);
    this.emit(`add esp, ${2 * size}`);
  }

  /**
   * `l op= r` done in a floating type: load l, convert it to the operation's
   * type, operate, convert back, store. l's address (unless it needs no
   * register) waits on the stack under the operands.
   */
  private opAssignFloating(n: Node): void {
    const ty = n.ty;
    const opTy = n.opTy!;
    const fixed = this.staticMem(n.lhs!);
    if (!fixed) {
      this.lea('eax', this.genAddr(n.lhs!));
      this.emit('push eax');
    }
    this.load(fixed ?? { base: 'eax', disp: 0 }, ty);
    this.convertValue(ty, opTy);
    this.pushValue(opTy);
    this.gen(n.rhs!);
    this.floatOp(n.op!, opTy);
    this.convertValue(opTy, ty);
    if (!fixed) this.emit('pop ecx');
    this.storeValue(fixed ?? { base: 'ecx', disp: 0 }, ty);
  }

  /** Store eax (edx:eax) of type `ty` to `m`, which uses neither eax nor edx. */
  private storeValue(m: Mem, ty: Type): void {
    if (isWide(ty)) this.store64(m);
    else this.store(m, 'eax', ty);
  }

  /** x++ / x-- on a float or double: the old value stays the result; x + ±1.0 is stored. */
  private postIncFloating(n: Node): void {
    const ty = n.ty;
    const size = sizeOf(ty);
    const fixed = this.staticMem(n.lhs!);
    if (!fixed) {
      this.lea('eax', this.genAddr(n.lhs!));
      this.emit('push eax');
    }
    this.load(fixed ?? { base: 'eax', disp: 0 }, ty);
    this.pushValue(ty); // the result
    this.pushValue(ty); // the left operand of the addition
    this.genFloating({ kind: 'fnum', ty, tok: n.tok, fval: n.val! }, true);
    this.floatOp('add', ty);
    if (!fixed) this.emit(`mov ecx, [esp+${size}]`);
    this.storeValue(fixed ?? { base: 'ecx', disp: 0 }, ty);
    this.emit('pop eax');
    if (size === 8) this.emit('pop edx');
    if (!fixed) this.emit('add esp, 4');
  }

  // --------------------------------------------------------------------------
  // Calls

  private call(n: Node): void {
    let pushed = 0;
    const args = n.args!;
    for (let i = args.length - 1; i >= 0; i--) {
      const a = args[i];
      if (isStructLike(a.ty)) {
        const size = Math.ceil(sizeOf(a.ty) / 4) * 4;
        this.gen(a);
        this.emit(`sub esp, ${size}`);
        this.emit('mov ecx, esp');
        this.copy('eax', 'ecx', sizeOf(a.ty));
        pushed += size;
        continue;
      }
      if (isWide(a.ty)) {
        const [lo, hi] = this.simple64(a) ?? [];
        if (lo === undefined) this.gen(a);
        this.emit(`push ${hi ?? 'edx'}`);
        this.emit(`push ${lo ?? 'eax'}`);
        pushed += 8;
        continue;
      }
      const s = this.simple(a);
      if (s !== undefined) this.emit(`push ${s.startsWith('[') ? 'dword ' + s : s}`);
      else {
        this.gen(a);
        this.emit('push eax');
      }
      pushed += 4;
    }
    if (n.retBuf) {
      this.emit(`lea eax, [ebp${n.retBuf.offset < 0 ? '-' : '+'}${Math.abs(n.retBuf.offset)}]`);
      this.emit('push eax');
      pushed += 4;
    }
    const f = n.lhs!;
    if (f.kind === 'addr' && f.lhs!.kind === 'var' && f.lhs!.obj!.isFunction) {
      this.emit(`call ${f.lhs!.obj!.asmName}`);
    } else {
      const s = this.simple(f);
      if (s !== undefined && s.startsWith('[')) this.emit(`call dword ${s}`);
      else {
        // A computed function pointer (evaluated after the arguments, which C allows).
        this.gen(f);
        this.emit('call eax');
      }
    }
    if (pushed) this.emit(`add esp, ${pushed}`);
  }

  // --------------------------------------------------------------------------
  // Data

  private data(): void {
    const rodata: Obj[] = [];
    const data: Obj[] = [];
    const bss: Obj[] = [];
    for (const g of this.program.globals) {
      if (g.isFunction || !g.isDefinition) continue;
      if (g.init) (g.isReadOnly || isReadOnlyType(g.ty) ? rodata : data).push(g);
      else bss.push(g);
    }
    if (rodata.length || this.rodataExtra.length) {
      this.out.push('', '    .rodata');
      this.out.push(...this.rodataExtra);
      for (const g of rodata) this.object(g);
    }
    if (data.length) {
      this.out.push('', '    .data');
      for (const g of data) this.object(g);
    }
    if (bss.length) {
      this.out.push('', '    .bss');
      for (const g of bss) {
        this.objectHeader(g);
        this.emit(`.zero ${sizeOf(g.ty)}`);
      }
    }
  }

  private objectHeader(g: Obj): void {
    const align = Math.max(alignOf(g.ty), g.align ?? 1, sizeOf(g.ty) >= 16 ? 4 : 1);
    if (align > 1) this.emit(`.align ${Math.min(align, 4096)}`);
    if (!g.isStatic) this.emit(`.globl ${g.asmName}`);
    if (!g.asmName.startsWith('.')) this.emit(`.type ${g.asmName}, @object`);
    this.label(g.asmName);
  }

  private object(g: Obj): void {
    this.objectHeader(g);
    const { bytes, relocs } = g.init!;
    const relocAt = new Map(relocs.map((r) => [r.offset, r]));
    let i = 0;
    while (i < bytes.length) {
      const r = relocAt.get(i);
      if (r) {
        const add = r.addend ? (r.addend < 0 ? `-${-r.addend}` : `+${r.addend}`) : '';
        this.emit(`.long ${r.label}${add}`);
        i += 4;
        continue;
      }
      // Next stop: a relocation or the end.
      let end = bytes.length;
      for (const off of relocAt.keys()) if (off > i && off < end) end = off;
      this.bytesRun(bytes, i, end);
      i = end;
    }
    if (!g.asmName.startsWith('.')) this.emit(`.size ${g.asmName}, ${bytes.length}`);
  }

  /** Emit bytes [from, to): zero runs as .zero, printable text as .ascii, the rest as .byte. */
  private bytesRun(b: Uint8Array, from: number, to: number): void {
    let i = from;
    while (i < to) {
      let j = i;
      while (j < to && b[j] === 0) j++;
      if (j - i >= 8 || (j === to && j > i && j - i >= 4)) {
        this.emit(`.zero ${j - i}`);
        i = j;
        continue;
      }
      j = i;
      while (j < to && j - i < 60 && ((b[j] >= 32 && b[j] < 127) || b[j] === 10 || b[j] === 9)) j++;
      if (j - i >= 4) {
        let s = '';
        for (let k = i; k < j; k++) {
          const c = b[k];
          s += c === 10 ? '\\n' : c === 9 ? '\\t' : c === 34 ? '\\"' : c === 92 ? '\\\\' : String.fromCharCode(c);
        }
        this.emit(`.ascii "${s}"`);
        i = j;
        continue;
      }
      const row: number[] = [];
      while (i < to && row.length < 16) {
        // Stop before a long zero run or a text run so they get their own lines.
        if (row.length > 0 && b[i] === 0 && i + 8 <= to && b.subarray(i, i + 8).every((x) => x === 0)) break;
        row.push(b[i]);
        i++;
      }
      this.emit(`.byte ${row.join(', ')}`);
    }
  }
}

export function generate(program: Program): string[] {
  return new CodeGen(program).generate();
}
