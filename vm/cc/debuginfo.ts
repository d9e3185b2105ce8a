// Debug information: what the compiler tells the debugger and the host.
//
// For each translation unit the compiler writes one JSON document into the
// non-allocated ELF section `.glassbox.debug` (as `.ascii` lines ending in a
// NUL byte); the linker concatenates the sections of all objects. The
// document lists functions (with the ebp offsets and C types of their
// parameters and locals, and their block scopes), globals, and the layouts of
// structs, unions and enums, so the host can read kernel data structures (the
// process table) by name and a debugger can print variables.
//
// parseDebugInfo() reads the section back, merging the documents of all
// translation units. It never throws: a document that is not valid JSON of
// this shape is skipped.

import type { Obj, Scope } from './ast.js';
import type { Program } from './parse.js';
import type { SourceFile } from './diag.js';
import { Member, StructRec, isStructLike, sizeOf, typeName } from './types.js';

export const DEBUG_SECTION = '.glassbox.debug';
export const DEBUG_VERSION = 1;

export interface DebugVar {
  name: string;
  /** C spelling of the type, e.g. `struct proc *`, `char [16]`. */
  type: string;
  size: number;
  /** Offset from ebp: positive for parameters, negative for locals. */
  offset: number;
  line: number;
}

/** A block of a function: its line range and the locals it declares. */
export interface DebugScope {
  startLine: number;
  endLine: number;
  /** Indices into the function's `locals` of the variables declared in this block. */
  locals: number[];
  scopes: DebugScope[];
}

export interface DebugFunction {
  name: string;
  /** The assembly/ELF symbol (differs from name only for C names that clash with register names). */
  symbol: string;
  file: string;
  line: number;
  endLine: number;
  static: boolean;
  type: string;
  returnType: string;
  frameSize: number;
  params: DebugVar[];
  /** Every named local of the function, in declaration order (shadowed names appear twice). */
  locals: DebugVar[];
  /** The block structure: the body's scope (the parameters are in scope there too). */
  scope: DebugScope;
}

export interface DebugGlobal {
  name: string;
  symbol: string;
  type: string;
  size: number;
  file: string;
  line: number;
  static: boolean;
  /** For a static local: the function it is declared in. */
  function?: string;
}

export interface DebugMember {
  name: string;
  type: string;
  offset: number;
  size: number;
}

export interface DebugRecord {
  kind: 'struct' | 'union';
  /** The tag; '' for an anonymous struct. */
  name: string;
  size: number;
  align: number;
  file: string;
  line: number;
  /** Members of anonymous struct/union members appear here directly, with their full offsets. */
  members: DebugMember[];
}

export interface DebugEnum {
  name: string;
  values: { name: string; value: number }[];
}

export interface DebugTypedef {
  name: string;
  type: string;
}

export interface DebugInfo {
  version: number;
  files: string[];
  functions: DebugFunction[];
  globals: DebugGlobal[];
  structs: DebugRecord[];
  enums: DebugEnum[];
  typedefs: DebugTypedef[];
}

// ----------------------------------------------------------------------------
// Building (compiler side)

function debugVar(v: Obj): DebugVar {
  return { name: v.name, type: typeName(v.ty), size: sizeOf(v.ty), offset: v.offset, line: v.tok.line };
}

function debugScope(s: Scope, index: Map<Obj, number>): DebugScope {
  return {
    startLine: s.startLine,
    endLine: s.endLine,
    locals: s.vars.filter((v) => index.has(v)).map((v) => index.get(v)!),
    scopes: s.children.map((c) => debugScope(c, index)),
  };
}

function flatMembers(ms: Member[], base: number): DebugMember[] {
  const out: DebugMember[] = [];
  for (const m of ms) {
    if (m.name === undefined && isStructLike(m.type)) out.push(...flatMembers(m.type.rec!.members, base + m.offset));
    else if (m.name !== undefined) out.push({ name: m.name, type: typeName(m.type), offset: base + m.offset, size: sizeOf(m.type) });
  }
  return out;
}

function debugRecord(r: StructRec): DebugRecord {
  return {
    kind: r.kind, name: r.tag ?? '', size: r.size, align: r.align, file: r.file ?? '', line: r.line ?? 0,
    members: flatMembers(r.members, 0),
  };
}

/** The debug document of one translation unit. */
export function buildDebugInfo(program: Program, files: SourceFile[], emitted: (f: Obj) => boolean): DebugInfo {
  const functions: DebugFunction[] = program.functions.filter(emitted).map((f) => {
    const named = f.locals!.filter((v) => v.name);
    const index = new Map(named.map((v, i) => [v, i]));
    return {
      name: f.name,
      symbol: f.asmName,
      file: f.tok.file.path,
      line: f.tok.line,
      endLine: f.endTok!.line,
      static: f.isStatic,
      type: typeName(f.ty),
      returnType: typeName(f.ty.ret!),
      frameSize: f.frameSize!,
      params: f.params!.map(debugVar),
      locals: named.map(debugVar),
      scope: debugScope(f.scope!, index),
    };
  });
  const globals: DebugGlobal[] = program.globals
    .filter((g) => !g.isFunction && g.isDefinition && g.name !== '')
    .map((g) => {
      const d: DebugGlobal = {
        name: g.name, symbol: g.asmName, type: typeName(g.ty), size: sizeOf(g.ty), file: g.tok.file.path,
        line: g.tok.line, static: g.isStatic,
      };
      if (g.ownerFn) d.function = g.ownerFn;
      return d;
    });
  return {
    version: DEBUG_VERSION,
    files: files.map((f) => f.path),
    functions,
    globals,
    structs: program.structs.filter((r) => r.complete).map(debugRecord),
    enums: program.enums.map((e) => ({ name: e.tag ?? '', values: e.values })),
    typedefs: program.typedefs.map((t) => ({ name: t.name, type: typeName(t.type) })),
  };
}

/** The variables visible at a source line of a function: parameters, then locals of enclosing blocks, innermost last. */
export function variablesAt(fn: DebugFunction, line: number): DebugVar[] {
  const out: DebugVar[] = [...fn.params];
  let scope: DebugScope | undefined = fn.scope;
  while (scope) {
    for (const i of scope.locals) if (fn.locals[i] && fn.locals[i].line <= line) out.push(fn.locals[i]);
    scope = scope.scopes.find((s) => s.startLine <= line && line <= s.endLine);
  }
  return out;
}

// ----------------------------------------------------------------------------
// Reading (host side)

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function arrayOf<T>(x: unknown, ok: (e: unknown) => e is T): T[] {
  return Array.isArray(x) ? x.filter(ok) : [];
}

const isFn = (e: unknown): e is DebugFunction => isObject(e) && typeof e.name === 'string' && typeof e.symbol === 'string';
const isGlobal = (e: unknown): e is DebugGlobal => isObject(e) && typeof e.name === 'string' && typeof e.symbol === 'string';
const isRecord = (e: unknown): e is DebugRecord => isObject(e) && typeof e.name === 'string' && Array.isArray(e.members);
const isEnum = (e: unknown): e is DebugEnum => isObject(e) && typeof e.name === 'string' && Array.isArray(e.values);
const isTypedef = (e: unknown): e is DebugTypedef => isObject(e) && typeof e.name === 'string' && typeof e.type === 'string';

/**
 * Read a `.glassbox.debug` section: NUL-terminated JSON documents, one per
 * translation unit, merged into one DebugInfo. Structs, enums and typedefs
 * with the same name are kept once (the first definition); a non-static
 * global defined in several documents is kept once.
 */
export function parseDebugInfo(section: Uint8Array): DebugInfo {
  const out: DebugInfo = { version: DEBUG_VERSION, files: [], functions: [], globals: [], structs: [], enums: [], typedefs: [] };
  const text = new TextDecoder().decode(section);
  const seenStruct = new Set<string>();
  const seenEnum = new Set<string>();
  const seenTypedef = new Set<string>();
  const seenGlobal = new Set<string>();
  for (const doc of text.split('\0')) {
    if (!doc.trim()) continue;
    let j: unknown;
    try {
      j = JSON.parse(doc);
    } catch {
      continue;
    }
    if (!isObject(j) || j.version !== DEBUG_VERSION) continue;
    for (const f of arrayOf(j.files, (e): e is string => typeof e === 'string')) if (!out.files.includes(f)) out.files.push(f);
    out.functions.push(...arrayOf(j.functions, isFn));
    for (const g of arrayOf(j.globals, isGlobal)) {
      const key = g.static ? `${g.file}:${g.symbol}` : g.symbol;
      if (seenGlobal.has(key)) continue;
      seenGlobal.add(key);
      out.globals.push(g);
    }
    for (const s of arrayOf(j.structs, isRecord)) {
      const key = `${s.kind} ${s.name}`;
      if (s.name && seenStruct.has(key)) continue;
      seenStruct.add(key);
      out.structs.push(s);
    }
    for (const e of arrayOf(j.enums, isEnum)) {
      if (e.name && seenEnum.has(e.name)) continue;
      seenEnum.add(e.name);
      out.enums.push(e);
    }
    for (const t of arrayOf(j.typedefs, isTypedef)) {
      if (seenTypedef.has(t.name)) continue;
      seenTypedef.add(t.name);
      out.typedefs.push(t);
    }
  }
  return out;
}

/** Find a struct or union layout by tag (`proc` or `struct proc`). */
export function findStruct(info: DebugInfo, name: string): DebugRecord | undefined {
  const m = /^(struct|union)\s+(.*)$/.exec(name.trim());
  const tag = m ? m[2] : name.trim();
  return info.structs.find((s) => s.name === tag && (!m || s.kind === m[1]));
}
