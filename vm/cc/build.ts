// Building programs: C (and assembly) sources + libc -> a linked ELF executable.
//
// A program is compiled file by file (compile.ts), then assembled and linked
// (vm/asm) together with libc for its runtime:
//
//   'bare'    the bare machine (no kernel): programs/libc/src/*.c plus
//             programs/libc/bare/* (crt0 calls main(0, 0); console ports;
//             heap after _end). Linked at 0x00100000.
//   'kernel'  a user program for the Glassbox kernel: programs/libc/src/*.c
//             plus programs/libc/kernel/* (crt0 with argc/argv, system
//             calls). Linked at 0x08048000.
//   'none'    only the given sources (the caller supplies _start), linked at
//             textBase / physOffset — how the kernel itself is built.
//
// libc's file list is vm/cc/libc.ts; its files, like every include file,
// come from the caller's readFile (Node reads the repository, the browser
// its system image). Compiled libc units are cached per process, keyed by
// their text.
//
// libc's C files are linked like the members of a static archive: only those
// that define a global symbol something already linked names (crt0, the
// program, libc's assembly, and the units this pulls in, to a fixed point).
// A program that never touches a double carries no soft-float code.
//
// Assembly files (libc's and the program's own) go through the preprocessor
// first (preprocess-asm.ts), so they can include the C headers and the
// generated machine.h; errors still name the `.s` file as written.
//
// Errors are `file:line:col: message` with the line quoted. Link errors
// (an undefined function, say) are mapped back from the generated assembly
// to the C line that caused them.

import { assembleAndLink } from '../asm/index.js';
import type { Diagnostic } from '../asm/index.js';
import { formatError, type SourceFile } from './diag.js';
import type { Message } from '../text/message.js';
import { ccMessage, ccText } from './messages.js';
import { CompileResult, compile } from './compile.js';
import { GENERATED_INCLUDE, withGeneratedHeaders } from './generated-headers.js';
import { preprocessAssembly } from './preprocess-asm.js';
import { LIBC_INCLUDE, Runtime, libcSourcePaths } from './libc.js';

export const BARE_TEXT_BASE = 0x0010_0000;
export const USER_TEXT_BASE = 0x0804_8000;


export interface BuildSource {
  /** Path used for messages and line info; also the base for "..." includes. */
  path: string;
  text: string;
}

export interface BuildOptions {
  /** The program's files: `.c` are compiled, `.s` assembled as they are. */
  sources: BuildSource[];
  runtime: Runtime;
  /** Reads include files (and libc files, by repository-relative path). */
  readFile?: (path: string) => string | undefined;
  /** Link address of .text (default: 0x00100000 bare, 0x08048000 kernel). */
  textBase?: number;
  /** p_paddr = p_vaddr - physOffset (the kernel: 0xC0000000). */
  physOffset?: number;
  /** Entry symbol (default _start). */
  entry?: string;
  /** Extra include directories, searched before libc's. */
  includePaths?: string[];
  /** Object-like macros for every C file of the program (not for libc). */
  defines?: Record<string, string>;
}

export interface BuildResult {
  elf?: Uint8Array;
  errors: string[];
  /** The compiler's and the linker's errors as catalogue messages (messages.ts, vm/asm/messages.ts), by the error's text, for a page that translates them. */
  messages?: Map<string, Message>;
  /** The assembly of each compiled C file (by source path), for inspection. */
  asm?: Map<string, string>;
}

const libcCache = new Map<string, CompileResult>();

/** A unit of assembly as the archive selection sees it: what it defines and what words it uses. */
interface LinkUnit {
  defines: string[];
  words: Set<string>;
}

const unitCache = new Map<string, LinkUnit>();

/**
 * The global symbols of an assembly text (`.globl NAME`) and every
 * identifier in its instructions and data directives (string and debug
 * text, `.ascii`, and line directives left out). Over-counting a word only
 * links a unit too many, never one too few.
 */
function linkUnit(text: string): LinkUnit {
  const cached = unitCache.get(text);
  if (cached) return cached;
  const defines: string[] = [];
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('.ascii') || t.startsWith('.loc') || t.startsWith('.file') || t.startsWith(';') || t.startsWith('.section')) continue;
    const g = /^\.globl\s+([\w.$]+)/.exec(t);
    if (g) {
      defines.push(g[1]);
      continue;
    }
    for (const w of t.replace(/;.*$/, '').match(/[A-Za-z_.$][\w.$]*/g) ?? []) words.add(w);
  }
  const unit = { defines, words };
  unitCache.set(text, unit);
  return unit;
}

/** The optional units (libc's C files) that the roots need, directly or through each other. */
function selectArchiveMembers<T extends { text: string }>(roots: T[], members: T[]): T[] {
  const needed = new Set<string>();
  for (const r of roots) for (const w of linkUnit(r.text).words) needed.add(w);
  const chosen = new Set<T>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const m of members) {
      if (chosen.has(m)) continue;
      const unit = linkUnit(m.text);
      if (!unit.defines.some((d) => needed.has(d))) continue;
      chosen.add(m);
      for (const w of unit.words) needed.add(w);
      changed = true;
    }
  }
  return members.filter((m) => chosen.has(m));
}

function safeRead(read: ((path: string) => string | undefined) | undefined, path: string): string | undefined {
  if (!read) return undefined;
  try {
    return read(path);
  } catch {
    return undefined;
  }
}

/** Compile a kernel C file: freestanding (no libc linked), with the given include paths. */
export function compileKernelSource(
  path: string,
  text: string,
  readFile: (path: string) => string | undefined,
  includePaths: string[],
): CompileResult {
  return compile(path, text, { includePaths, readFile: (p) => safeRead(readFile, p), defines: { __GLASSBOX_KERNEL__: '1' } });
}

/** An assembly file for the assembler: preprocessed, with its text as written kept for messages. */
export interface AssemblyFile {
  name: string;
  text: string;
  source: string;
}

/**
 * Run an assembly file through the preprocessor, with the generated headers
 * (machine.h, and whatever `read` adds) on the include path after
 * `includePaths`.
 */
export function prepareAssembly(
  path: string,
  text: string,
  read: (path: string) => string | undefined,
  includePaths: string[],
): { file?: AssemblyFile; errors: string[] } {
  const readFile = withGeneratedHeaders((p) => safeRead(read, p));
  const r = preprocessAssembly(path, text, { includePaths: [...includePaths, GENERATED_INCLUDE], readFile });
  return r.text === undefined ? { errors: r.errors } : { file: { name: path, text: r.text, source: text }, errors: [] };
}

/** Map a diagnostic in generated assembly to the C position of the nearest preceding `.loc`. */
function mapToC(d: Diagnostic, asm: string, files: Map<string, SourceFile>): string | undefined {
  const lines = asm.split('\n');
  const fileNames = new Map<number, string>();
  for (const l of lines) {
    const m = /^\s*\.file (\d+) "((?:[^"\\]|\\.)*)"/.exec(l);
    if (m) fileNames.set(Number(m[1]), m[2].replace(/\\(.)/g, '$1'));
  }
  for (let i = Math.min(d.line, lines.length) - 1; i >= 0; i--) {
    const m = /^\s*\.loc (\d+) (\d+) (\d+)/.exec(lines[i]);
    if (!m) continue;
    const path = fileNames.get(Number(m[1]));
    if (path === undefined) return undefined;
    const file = files.get(path) ?? { path, text: '', index: 0 };
    return formatError({ file, line: Number(m[2]), col: Number(m[3]) }, d.message);
  }
  return undefined;
}

/** Build a program: compile, assemble, link. Never throws. */
export function buildProgram(opts: BuildOptions): BuildResult {
  try {
    return build(opts);
  } catch (e) {
    const said = ccMessage('cc.build.internal', { error: e instanceof Error ? e.message : String(e) });
    return { errors: [ccText(said)], messages: new Map([[ccText(said), said]]) };
  }
}

function build(opts: BuildOptions): BuildResult {
  const errors: string[] = [];
  const messages = new Map<string, Message>();
  const asmFiles: { name: string; text: string }[] = [];
  const libcUnits: { name: string; text: string }[] = [];
  // libc in its list's order (C units and assembly mixed), for a stable layout.
  const libcOrder: { name: string; text: string }[] = [];
  const asm = new Map<string, string>();
  const cSources = new Map<string, SourceFile>();
  const read = withGeneratedHeaders((p) => safeRead(opts.readFile, p));
  const includePaths = [...(opts.includePaths ?? []), LIBC_INCLUDE, GENERATED_INCLUDE];

  const libc = libcSourcePaths(opts.runtime);
  if (opts.runtime !== 'none' && !libc.some((p) => p.startsWith(`programs/libc/${opts.runtime}/`))) {
    const said = ccMessage('cc.build.no-runtime', { runtime: opts.runtime });
    return { errors: [ccText(said)], messages: new Map([[ccText(said), said]]) };
  }
  for (const path of libc) {
    const text = read(path);
    if (text === undefined) {
      errors.push(`${path}: missing`);
      continue;
    }
    if (path.endsWith('.s')) {
      const r = prepareAssembly(path, text, read, [LIBC_INCLUDE]);
      errors.push(...r.errors);
      if (r.file) {
        asmFiles.push(r.file);
        libcOrder.push(r.file);
      }
      continue;
    }
    const key = `${opts.runtime}\0${path}\0${text}`;
    let r = libcCache.get(key);
    if (!r) {
      r = compile(path, text, { includePaths: [LIBC_INCLUDE, GENERATED_INCLUDE], readFile: read });
      libcCache.set(key, r);
    }
    errors.push(...r.errors);
    if (r.asm !== undefined) {
      const unit = { name: `${path}.s`, text: r.asm };
      libcUnits.push(unit);
      libcOrder.push(unit);
    }
  }
  // The program's own files go first after crt0, so main.c's code starts near the entry.
  const own: { name: string; text: string; source?: string }[] = [];
  for (const src of opts.sources) {
    if (/\.(s|asm)$/i.test(src.path)) {
      const r = prepareAssembly(src.path, src.text, read, includePaths);
      errors.push(...r.errors);
      if (r.file) own.push(r.file);
      continue;
    }
    const r = compile(src.path, src.text, { includePaths, readFile: read, defines: opts.defines });
    errors.push(...r.errors);
    for (const [text, said] of r.messages ?? []) messages.set(text, said);
    if (r.asm !== undefined) {
      asm.set(src.path, r.asm);
      own.push({ name: `${src.path}.s`, text: r.asm });
      cSources.set(src.path, { path: src.path, text: src.text, index: 0 });
    }
  }
  if (errors.length) return { errors, asm, messages };
  const crt0 = asmFiles.filter((f) => f.name.endsWith('/crt0.s'));
  const members = new Set(selectArchiveMembers([...asmFiles, ...own], libcUnits));
  const rest = libcOrder.filter((f) => !f.name.endsWith('/crt0.s') && (asmFiles.includes(f) || members.has(f)));
  const files = [...crt0, ...own, ...rest];
  const textBase = opts.textBase ?? (opts.runtime === 'kernel' ? USER_TEXT_BASE : BARE_TEXT_BASE);
  const linked = assembleAndLink(files, { textBase, physOffset: opts.physOffset, entry: opts.entry ?? '_start' });
  if (!linked.elf) {
    const texts = new Map(files.map((f) => [f.name, f.text]));
    const mapped = linked.diagnostics.map((d, i) => {
      const text = texts.get(d.file);
      const isGenerated = d.file.endsWith('.c.s');
      const m = isGenerated && text ? mapToC(d, text, cSources) : undefined;
      const shown = m ?? linked.errors[i];
      if (d.said) messages.set(shown, d.said);
      return shown;
    });
    return { errors: mapped, asm, messages };
  }
  return { elf: linked.elf, errors: [], asm };
}

/** Compile and link one C file for the bare machine (the C path of `glassbox bare`). */
export function buildBareProgram(path: string, text: string, readFile?: (path: string) => string | undefined): BuildResult {
  return buildProgram({ sources: [{ path, text }], runtime: 'bare', readFile });
}
