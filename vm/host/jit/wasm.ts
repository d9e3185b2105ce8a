// A small WebAssembly binary writer: just what the block compiler needs.
//
// Body is one function's code as bytes, written instruction by instruction
// (i32/i64 arithmetic, loads and stores at constant addresses, locals,
// structured control flow, calls). It tracks the nesting of blocks so the
// compiler can name branch targets by the label it opened instead of
// counting depths by hand. writeModule() wraps functions of one signature
// into a module that imports the core's memory and the helper functions.
//
// Reference: the WebAssembly core specification, "Binary Format" (sections,
// LEB128 integers, opcodes). Only the MVP encoding is used.

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(out: number[], v: number): void {
  v >>>= 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit value. */
export function sleb32(out: number[], v: number): void {
  v |= 0;
  while (true) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** Signed LEB128 of a 64-bit value. */
export function sleb64(out: number[], v: bigint): void {
  v = BigInt.asIntN(64, v);
  while (true) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** A label: the nesting depth a block/loop/if was opened at. */
export type Label = number;

export class Body {
  readonly code: number[] = [];
  private depth = 0;
  /**
   * Which locals the code has read (bit 1) or written (bit 2) since the last
   * clearUses(): what a block's prologue and epilogue look at, so they load
   * and store only the guest state it uses (block.ts).
   */
  readonly uses = new Uint8Array(256);

  // ---- constants, locals
  i32(v: number): this { this.code.push(0x41); sleb32(this.code, v); return this; }
  i64(v: bigint | number): this {
    this.code.push(0x42);
    // Signed LEB128 depends only on the value: one that fits 32 bits is written without BigInt
    // (most of a block's i64 constants are cycle counts; BigInt arithmetic is slow before V8 optimizes it).
    if (typeof v === 'number' && (v | 0) === v) sleb32(this.code, v);
    else sleb64(this.code, BigInt(v));
    return this;
  }
  get(l: number): this { this.code.push(0x20); uleb(this.code, l); this.uses[l] |= 1; return this; }
  set(l: number): this { this.code.push(0x21); uleb(this.code, l); this.uses[l] |= 2; return this; }
  tee(l: number): this { this.code.push(0x22); uleb(this.code, l); this.uses[l] |= 3; return this; }
  clearUses(): void { this.uses.fill(0); }
  drop(): this { this.code.push(0x1a); return this; }

  // ---- memory: address on the stack (or a constant base 0) plus a constant offset
  private mem(op: number, align: number, offset: number): this {
    this.code.push(op);
    return this.memarg(align, offset);
  }
  private memarg(align: number, offset: number): this {
    uleb(this.code, align);
    uleb(this.code, offset);
    return this;
  }
  load32(offset = 0): this { return this.mem(0x28, 2, offset); }
  load64(offset = 0): this { return this.mem(0x29, 3, offset); }
  load8u(offset = 0): this { return this.mem(0x2d, 0, offset); }
  load8s(offset = 0): this { return this.mem(0x2c, 0, offset); }
  load16u(offset = 0): this { return this.mem(0x2f, 1, offset); }
  load16s(offset = 0): this { return this.mem(0x2e, 1, offset); }
  store32(offset = 0): this { return this.mem(0x36, 2, offset); }
  store64(offset = 0): this { return this.mem(0x37, 3, offset); }
  store8(offset = 0): this { return this.mem(0x3a, 0, offset); }
  store16(offset = 0): this { return this.mem(0x3b, 1, offset); }
  /** Load of the u32 at a constant address. */
  loadAt32(addr: number): this { return this.i32(0).load32(addr); }
  loadAt64(addr: number): this { return this.i32(0).load64(addr); }

  // ---- i32 arithmetic (operands on the stack)
  op(byte: number): this { this.code.push(byte); return this; }
  eqz(): this { return this.op(0x45); }
  eq(): this { return this.op(0x46); }
  ne(): this { return this.op(0x47); }
  ltS(): this { return this.op(0x48); }
  ltU(): this { return this.op(0x49); }
  gtS(): this { return this.op(0x4a); }
  gtU(): this { return this.op(0x4b); }
  leS(): this { return this.op(0x4c); }
  leU(): this { return this.op(0x4d); }
  geS(): this { return this.op(0x4e); }
  geU(): this { return this.op(0x4f); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  and(): this { return this.op(0x71); }
  or(): this { return this.op(0x72); }
  xor(): this { return this.op(0x73); }
  shl(): this { return this.op(0x74); }
  shrS(): this { return this.op(0x75); }
  shrU(): this { return this.op(0x76); }
  rotr(): this { return this.op(0x78); }

  // ---- i64
  add64(): this { return this.op(0x7c); }
  sub64(): this { return this.op(0x7d); }
  mul64(): this { return this.op(0x7e); }
  divS64(): this { return this.op(0x7f); }
  divU64(): this { return this.op(0x80); }
  remS64(): this { return this.op(0x81); }
  remU64(): this { return this.op(0x82); }
  and64(): this { return this.op(0x83); }
  or64(): this { return this.op(0x84); }
  shl64(): this { return this.op(0x86); }
  shrS64(): this { return this.op(0x87); }
  shrU64(): this { return this.op(0x88); }
  eqz64(): this { return this.op(0x50); }
  ne64(): this { return this.op(0x52); }
  geU64(): this { return this.op(0x5a); }
  extendS(): this { return this.op(0xac); }
  extendU(): this { return this.op(0xad); }
  wrap(): this { return this.op(0xa7); }

  ctz(): this { return this.op(0x68); }

  // ---- SIMD (v128): the few a TLB set's four stamps need (miss.ts)
  private simd(op: number): this { this.code.push(0xfd); uleb(this.code, op); return this; }
  /** v128.load32_zero: the u32 at the address into lane 0, the other lanes 0. */
  load32Zero(offset = 0): this { return this.simd(0x5c).memarg(2, offset); }
  /** v128.load32_lane: the u32 at the address (below the vector on the stack) into `lane`. */
  load32Lane(offset: number, lane: number): this { this.simd(0x56).memarg(2, offset); this.code.push(lane); return this; }
  /** i8x16.shuffle of the two vectors on the stack by 32-bit lanes (each of `lanes` picks 0-7). */
  shuffle32(lanes: [number, number, number, number]): this {
    this.simd(0x0d);
    for (const l of lanes) this.code.push(4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3);
    return this;
  }
  minU32x4(): this { return this.simd(0xb7); }
  eq32x4(): this { return this.simd(0x37); }
  /** i32x4.bitmask: bit i set when lane i's top bit is. */
  bitmask32x4(): this { return this.simd(0xa4); }

  // ---- control. Each opener returns its label; br(label) branches to it.
  block(): Label { this.code.push(0x02, 0x40); return this.depth++; }
  loop(): Label { this.code.push(0x03, 0x40); return this.depth++; }
  /** `if` on the i32 on the stack. */
  if(): Label { this.code.push(0x04, 0x40); return this.depth++; }
  else(): this { this.code.push(0x05); return this; }
  end(): this { this.code.push(0x0b); this.depth--; return this; }
  br(label: Label): this { this.code.push(0x0c); uleb(this.code, this.depth - 1 - label); return this; }
  brIf(label: Label): this { this.code.push(0x0d); uleb(this.code, this.depth - 1 - label); return this; }
  /** br_table on the i32 on the stack: labels[i] for i in range, else dflt. */
  brTable(labels: Label[], dflt: Label): this {
    this.code.push(0x0e);
    uleb(this.code, labels.length);
    for (const l of labels) uleb(this.code, this.depth - 1 - l);
    uleb(this.code, this.depth - 1 - dflt);
    return this;
  }
  unreachable(): this { return this.op(0x00); }
  call(fn: number): this { this.code.push(0x10); uleb(this.code, fn); return this; }
  ret(): this { this.code.push(0x0f); return this; }
  select(): this { return this.op(0x1b); }

  /** The depth of open blocks (0 when the body is complete). */
  get open(): number {
    return this.depth;
  }
}

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Import {
  module: string;
  name: string;
  type: FuncType;
}

export interface Func {
  /** Exported under this name. */
  name: string;
  /** Local declarations beyond the parameters: [count, type] runs. */
  locals: Array<[number, number]>;
  body: Body;
}

/** The bytes of every part, one after the other (copied natively: a module is megabytes at times). */
function concat(parts: ArrayLike<number>[]): Uint8Array {
  let n = 0;
  for (const part of parts) n += part.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Appends a section with `content` (its parts, in order) to `parts`. */
function section(parts: ArrayLike<number>[], id: number, ...content: ArrayLike<number>[]): void {
  const head = [id];
  let size = 0;
  for (const part of content) size += part.length;
  uleb(head, size);
  parts.push(head, ...content);
}

function name(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  out.push(...bytes);
}

function funcType(out: number[], t: FuncType): void {
  out.push(0x60);
  uleb(out, t.params.length);
  out.push(...t.params);
  uleb(out, t.results.length);
  out.push(...t.results);
}

/** A function of the module that is not exported, with a type of its own (a helper its functions call). */
export interface Internal {
  type: FuncType;
  func: Func;
}

/**
 * A module importing memory `memModule.memName` (any size) and the function
 * imports (function indices 0..imports-1), defining the `internal` helpers
 * (indices after the imports, not exported) and `funcs` (all of type
 * `type`, indices after the helpers), exporting each of `funcs` by name.
 */
export function writeModule(
  memModule: string, memName: string, imports: Import[], type: FuncType, funcs: Func[], internal: Internal[] = [],
): Uint8Array {
  const parts: ArrayLike<number>[] = [[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]];
  // Types: one per import, then the functions' type, then one per helper.
  const types: number[] = [];
  uleb(types, imports.length + 1 + internal.length);
  for (const imp of imports) funcType(types, imp.type);
  funcType(types, type);
  for (const h of internal) funcType(types, h.type);
  section(parts, 1, types);

  const imps: number[] = [];
  uleb(imps, imports.length + 1);
  name(imps, memModule);
  name(imps, memName);
  imps.push(0x02, 0x00, 0x00); // memory, limits: min 0, no max
  imports.forEach((imp, i) => {
    name(imps, imp.module);
    name(imps, imp.name);
    imps.push(0x00);
    uleb(imps, i);
  });
  section(parts, 2, imps);

  const fsec: number[] = [];
  uleb(fsec, internal.length + funcs.length);
  for (let j = 0; j < internal.length; j++) uleb(fsec, imports.length + 1 + j);
  for (let i = 0; i < funcs.length; i++) uleb(fsec, imports.length);
  section(parts, 3, fsec);

  const first = imports.length + internal.length;
  const exp: number[] = [];
  uleb(exp, funcs.length);
  funcs.forEach((f, i) => {
    name(exp, f.name);
    exp.push(0x00);
    uleb(exp, first + i);
  });
  section(parts, 7, exp);

  const code: ArrayLike<number>[] = [];
  const count: number[] = [];
  uleb(count, internal.length + funcs.length);
  code.push(count);
  for (const f of [...internal.map((h) => h.func), ...funcs]) {
    if (f.body.open !== 0) throw new Error(`wasm writer: function ${f.name} has ${f.body.open} unclosed blocks`);
    const locals: number[] = [];
    uleb(locals, f.locals.length);
    for (const [n, t] of f.locals) {
      uleb(locals, n);
      locals.push(t);
    }
    const size: number[] = [];
    uleb(size, locals.length + f.body.code.length + 1);
    code.push(size, locals, f.body.code, [0x0b]);
  }
  section(parts, 10, ...code);
  return concat(parts);
}
