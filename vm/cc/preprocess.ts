// The preprocessor: tokens of a file -> tokens of the translation unit.
//
// It runs directives (#include, #define, #undef, #if/#ifdef/#ifndef/#elif/
// #else/#endif, #error, #pragma) and expands macros. Expansion follows
// Prosser's algorithm as chibicc does: every token carries a "hide set" of
// the macros it came out of, and a macro name whose own name is in its hide
// set is not expanded again, so recursion stops.
//
// Input is read from a stack of frames. A file frame holds a file's tokens
// (directives are recognised only there, at the start of a line); a macro
// frame holds the result of one expansion, rescanned before the tokens after
// it. A function-like macro's arguments may continue past the end of the
// frame its name came from, as C requires.
//
// Tokens produced by an expansion take the position of the macro's use, so
// errors and line information point at the line the programmer wrote.
//
// Assembly mode (preprocess-asm.ts) tokenizes with `;` comments, lets through
// tokens C would reject (`$`, `@function`, a lone quote) for the assembler to
// judge, and passes `#` lines that are not directives (line markers) on as
// they are.

import { CompileError, SourceFile, fail } from './diag.js';
import { ccMessage } from './messages.js';
import type { CcMessage } from './messages.js';
import { HideSet, HideSetObj, Token, badToken, charLiteralValue, normaliseSource, tokenize } from './tokenize.js';

export interface PreprocessOptions {
  /** Directories searched for <...> includes, and for "..." after the includer's directory. */
  includePaths: string[];
  /** Returns a file's text, or undefined when there is no such file. */
  readFile: (path: string) => string | undefined;
  /** Extra object-like macros (-D NAME=VALUE). */
  defines?: Record<string, string>;
  /** Preprocess assembly rather than C (see the comment at the top). */
  assembly?: boolean;
}

export interface PreprocessResult {
  tokens: Token[];
  /** Every file read, in the order first seen; index i is `.file i+1`. */
  files: SourceFile[];
}

interface Macro {
  name: string;
  /** Parameter names for a function-like macro, undefined for object-like. */
  params?: string[];
  variadic: boolean;
  body: Token[];
  /** Computes the expansion of a built-in macro (__LINE__, __FILE__, ...). */
  builtin?: (at: Token) => Token;
}

interface Frame {
  toks: Token[];
  i: number;
  /** Set for file frames: directives are recognised only in them. */
  file?: SourceFile;
  /** Depth of the conditional stack when this file was entered. */
  condBase?: number;
}

interface Cond {
  /** The directive that opened the group, for the "unterminated" message. */
  at: Token;
  /** Some branch of this #if chain was already taken. */
  taken: boolean;
  /** #else was seen. */
  sawElse: boolean;
}

const DIRECTIVES = new Set([
  'include', 'define', 'undef', 'if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'error', 'warning', 'pragma', 'line',
]);

const MAX_INCLUDE_DEPTH = 200;
const MAX_OUTPUT_TOKENS = 3_000_000;
const MAX_EXPANSION_WORK = 6_000_000;
const MAX_ARG_NESTING = 200;
const MAX_IF_NESTING = 200;

/** Normalise a '/'-separated path: drop '.', fold 'x/..', collapse '//'. */
export function normalisePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && abs) continue;
    else out.push(part);
  }
  const s = out.join('/');
  return abs ? '/' + s : s || '.';
}

function dirname(p: string): string {
  const k = p.lastIndexOf('/');
  if (k < 0) return '.';
  if (k === 0) return '/';
  return p.slice(0, k);
}

function joinPath(dir: string, name: string): string {
  if (name.startsWith('/')) return normalisePath(name);
  return normalisePath(dir === '.' ? name : `${dir}/${name}`);
}

// Hide sets are interned: one object per distinct set of names, so the
// unions done for every token of every expansion are cached lookups.
const internedHideSets = new Map<string, HideSetObj>();

function internHide(names: Set<string>): HideSet {
  if (names.size === 0) return null;
  const key = [...names].sort().join(',');
  let h = internedHideSets.get(key);
  if (!h) {
    h = { names, id: internedHideSets.size + 1, plusName: new Map(), plusSet: new Map() };
    internedHideSets.set(key, h);
  }
  return h;
}

function union(h: HideSet, name: string): HideSet {
  if (h && h.names.has(name)) return h;
  const cached = h?.plusName.get(name);
  if (cached) return cached;
  const r = internHide(new Set([...(h?.names ?? []), name]))!;
  h?.plusName.set(name, r);
  return r;
}

function intersect(a: HideSet, b: HideSet): HideSet {
  if (!a || !b) return null;
  if (a === b) return a;
  const s = new Set<string>();
  for (const x of a.names) if (b.names.has(x)) s.add(x);
  return internHide(s);
}

function addHide(h: HideSet, add: HideSet): HideSet {
  if (!add || h === add) return h ?? add;
  if (!h) return add;
  const cached = h.plusSet.get(add.id);
  if (cached) return cached;
  const r = internHide(new Set([...h.names, ...add.names]))!;
  h.plusSet.set(add.id, r);
  return r;
}

export class Preprocessor {
  private macros = new Map<string, Macro>();
  private files: SourceFile[] = [];
  private fileByPath = new Map<string, SourceFile>();
  private pragmaOnce = new Set<string>();
  private conds: Cond[] = [];
  private frames: Frame[] = [];
  private out: Token[] = [];
  private work = 0;
  private counter = 0;
  private isolatedDepth = 0;

  constructor(private opts: PreprocessOptions) {
    this.defineBuiltins();
  }

  /** Preprocess the main file of a translation unit. */
  run(path: string, text: string): PreprocessResult {
    const prelude = this.preludeText();
    const pre = this.addFile('<built-in>', prelude);
    this.pushFile(pre, tokenize(pre));
    this.expandLoop();
    const main = this.addFile(path, text);
    this.pushFile(main, tokenize(main, this.opts.assembly));
    this.expandLoop();
    const eofAt = this.out.length ? this.out[this.out.length - 1] : { file: main, line: 1, col: 1 };
    this.out.push({ kind: 'eof', text: '', file: eofAt.file, line: eofAt.line, col: eofAt.col, bol: true, space: false, hide: null });
    // The built-in prelude is not a real file: drop it from the list.
    return { tokens: this.out, files: this.files };
  }

  private preludeText(): string {
    const lines = [
      '#define __STDC__ 1',
      '#define __STDC_VERSION__ 199901L',
      '#define __STDC_HOSTED__ 1',
      '#define __GLASSBOX__ 1',
      '#define __ILP32__ 1',
      '#define __CHAR_BIT__ 8',
      '#define __SIZEOF_SHORT__ 2',
      '#define __SIZEOF_INT__ 4',
      '#define __SIZEOF_LONG__ 4',
      '#define __SIZEOF_POINTER__ 4',
      '#define __INT_MAX__ 2147483647',
      '#define __LONG_MAX__ 2147483647L',
      '#define __SIZE_TYPE__ unsigned int',
      '#define __PTRDIFF_TYPE__ int',
      '#define __inline inline',
      '#define __inline__ inline',
      '#define __restrict',
      '#define __restrict__',
      '#define restrict',
      '#define __volatile__ volatile',
      '#define __const const',
      '#define __signed__ signed',
      '#define __extension__',
    ];
    for (const [k, v] of Object.entries(this.opts.defines ?? {})) lines.push(`#define ${k} ${v}`);
    return lines.join('\n') + '\n';
  }

  private addFile(path: string, rawText: string): SourceFile {
    const file: SourceFile = { path, text: normaliseSource(rawText), index: this.files.length };
    if (path !== '<built-in>') {
      this.files.push(file);
      this.fileByPath.set(path, file);
    } else {
      (file as { index: number }).index = -1;
    }
    return file;
  }

  private pushFile(file: SourceFile, toks: Token[]): void {
    // Drop the file's eof token: the frame simply ends.
    this.frames.push({ toks: toks.slice(0, -1), i: 0, file, condBase: this.conds.length });
  }

  // --------------------------------------------------------------------------
  // Reading tokens across frames

  /** The next token, or undefined when every frame is exhausted. Ends file frames properly. */
  private next(): Token | undefined {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return undefined;
      if (f.i < f.toks.length) return f.toks[f.i++];
      this.popFrame();
    }
  }

  private popFrame(): void {
    const f = this.frames.pop()!;
    if (f.file && this.conds.length > f.condBase!) {
      const c = this.conds[this.conds.length - 1];
      fail(c.at, 'cc.unterminated-conditional', { directive: c.at.text });
    }
  }

  /** Peek the next token without consuming it, looking through exhausted macro frames only. */
  private peek(): Token | undefined {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const f = this.frames[k];
      if (f.i < f.toks.length) return f.toks[f.i];
      if (f.file) return undefined; // do not look past the end of a file
    }
    return undefined;
  }

  /** True when the token just returned by next() came from a file frame. */
  private inFileFrame(): boolean {
    const f = this.frames[this.frames.length - 1];
    return !!f && !!f.file;
  }

  /** The tokens of the rest of the current directive line (file frame only). */
  private restOfLine(): Token[] {
    const f = this.frames[this.frames.length - 1];
    const line: Token[] = [];
    while (f.i < f.toks.length && !f.toks[f.i].bol) line.push(f.toks[f.i++]);
    return line;
  }

  private emit(t: Token): void {
    if (t.kind === 'other' && !this.opts.assembly) badToken(t);
    if (this.out.length >= MAX_OUTPUT_TOKENS) fail(t, 'cc.preprocessed-too-large');
    this.out.push(t);
  }

  // --------------------------------------------------------------------------
  // The main loop

  /** Read tokens until every frame is exhausted, running directives and expanding macros. */
  private expandLoop(): void {
    for (;;) {
      const t = this.next();
      if (!t) return;
      if (t.kind === 'punct' && t.text === '#' && t.bol && this.inFileFrame()) {
        this.directive(t);
        continue;
      }
      if (t.kind === 'ident' && this.tryExpand(t)) continue;
      this.emit(t);
    }
  }

  /**
   * If `t` names a macro that may expand here, push its expansion as a new
   * frame and return true; otherwise return false.
   */
  private tryExpand(t: Token): boolean {
    const m = this.macros.get(t.text);
    if (!m || (t.hide && t.hide.names.has(t.text))) return false;
    if (m.builtin) {
      this.pushMacro([m.builtin(t)]);
      return true;
    }
    if (!m.params) {
      const hide = union(t.hide, m.name);
      const body = m.body.some((b) => b.kind === 'punct' && b.text === '##') ? this.substitute(m, [], t) : m.body;
      this.pushMacro(this.relocate(body, t, hide));
      return true;
    }
    const p = this.peek();
    if (!p || p.kind !== 'punct' || p.text !== '(') return false;
    this.next();
    const { args, rparen } = this.collectArgs(m, t);
    const hide = union(intersect(t.hide, rparen.hide), m.name);
    const body = this.substitute(m, args, t);
    this.pushMacro(this.relocate(body, t, hide));
    return true;
  }

  private pushMacro(toks: Token[]): void {
    this.work += toks.length + 1;
    if (this.work > MAX_EXPANSION_WORK) fail(toks[0], 'cc.expansion-too-large');
    if (toks.length) this.frames.push({ toks, i: 0 });
  }

  /** Copy expansion tokens to the position of the macro's use, with the hide set added. */
  private relocate(body: Token[], at: Token, hide: HideSet): Token[] {
    return body.map((b, k) => ({
      ...b,
      file: at.file,
      line: at.line,
      col: at.col,
      bol: false,
      space: k === 0 ? at.space : b.space,
      hide: addHide(b.hide, hide),
    }));
  }

  /** Read a function-like macro's arguments; the '(' is already consumed. */
  private collectArgs(m: Macro, name: Token): { args: Token[][]; rparen: Token } {
    const args: Token[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (!t) fail(name, 'cc.unterminated-macro-arguments', { name: m.name });
      if (t.kind === 'punct' && t.text === '#' && t.bol && this.inFileFrame()) {
        fail(t, 'cc.directive-in-macro-arguments', { name: m.name });
      }
      if (t.kind === 'punct') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (depth === 0) {
            return { args: this.matchArgs(m, args, name), rparen: t };
          }
          depth--;
        } else if (t.text === ',' && depth === 0 && (!m.variadic || args.length < m.params!.length)) {
          // In a variadic macro, commas after the named parameters belong to __VA_ARGS__.
          args.push([]);
          continue;
        }
      }
      args[args.length - 1].push(t);
    }
  }

  /** Check the argument count: `F()` is zero arguments for a macro with no parameters. */
  private matchArgs(m: Macro, args: Token[][], at: Token): Token[][] {
    const n = m.params!.length;
    if (n === 0 && args.length === 1 && args[0].length === 0) return [];
    if (m.variadic) {
      // The last parameter (__VA_ARGS__) may be absent entirely.
      if (args.length === n - 1) args.push([]);
      if (args.length < n) fail(at, 'cc.macro-requires-at-least', { name: m.name, n: String(n - 1), given: String(args.length) });
      return args;
    }
    if (args.length !== n) {
      fail(at, n === 1 ? 'cc.macro-requires-one-argument' : 'cc.macro-requires-arguments', { name: m.name, n: String(n), given: String(args.length) });
    }
    return args;
  }

  /** Replace parameters in a function-like macro's body: #, ## and fully expanded arguments. */
  private substitute(m: Macro, args: Token[][], at: Token): Token[] {
    const params = m.params ?? [];
    const argOf = (t: Token): Token[] | undefined => {
      if (t.kind !== 'ident') return undefined;
      const k = params.indexOf(t.text);
      return k < 0 ? undefined : args[k];
    };
    const expanded = new Map<number, Token[]>();
    const expandedArg = (t: Token): Token[] => {
      const k = params.indexOf(t.text);
      let e = expanded.get(k);
      if (!e) {
        e = this.expandIsolated(args[k]);
        expanded.set(k, e);
      }
      return e;
    };
    const body = m.body;
    const out: Token[] = [];
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      const nextTok = body[i + 1];
      if (t.kind === 'punct' && t.text === '#' && nextTok && argOf(nextTok)) {
        out.push(this.stringize(argOf(nextTok)!, t));
        i++;
        continue;
      }
      if (t.kind === 'punct' && t.text === '##') {
        if (out.length === 0) fail(at, 'cc.paste-at-end');
        const rhs = body[i + 1];
        if (!rhs) fail(at, 'cc.paste-at-end');
        i++;
        const rhsArg = argOf(rhs);
        if (rhsArg) {
          // GNU `, ## __VA_ARGS__`: with no variable arguments the comma goes;
          // with some, nothing is pasted (the comma stays, the arguments follow).
          const prev = out[out.length - 1];
          const isVarArgs = m.variadic && params.indexOf(rhs.text) === params.length - 1;
          if (isVarArgs && prev.kind === 'punct' && prev.text === ',') {
            if (rhsArg.length === 0) out.pop();
            else out.push(...rhsArg);
            continue;
          }
          if (rhsArg.length === 0) continue;
          out.push(this.paste(out.pop()!, rhsArg[0], at));
          for (let k = 1; k < rhsArg.length; k++) out.push(rhsArg[k]);
        } else {
          out.push(this.paste(out.pop()!, rhs, at));
        }
        continue;
      }
      const arg = argOf(t);
      if (arg) {
        // An operand of ## is inserted unexpanded.
        if (nextTok && nextTok.kind === 'punct' && nextTok.text === '##') {
          if (arg.length === 0) {
            // Placemarker: `x ## y` with empty x is just y.
            const rhs = body[i + 2];
            if (rhs) {
              const rhsArg = argOf(rhs);
              if (rhsArg) out.push(...rhsArg);
              else out.push(rhs);
            }
            i += 2;
            continue;
          }
          out.push(...arg);
          continue;
        }
        const e = expandedArg(t);
        if (e.length) out.push({ ...e[0], space: t.space }, ...e.slice(1));
        continue;
      }
      out.push(t);
    }
    return out;
  }

  /** Fully macro-expand an argument on its own (C99 6.10.3.1). */
  private expandIsolated(toks: Token[]): Token[] {
    if (this.isolatedDepth >= MAX_ARG_NESTING) fail(toks[0], 'cc.macro-arguments-too-deep');
    const savedFrames = this.frames;
    const savedOut = this.out;
    this.frames = [{ toks, i: 0 }];
    this.out = [];
    this.isolatedDepth++;
    try {
      for (;;) {
        const t = this.next();
        if (!t) break;
        if (t.kind === 'ident' && this.tryExpand(t)) continue;
        this.out.push(t);
      }
      return this.out;
    } finally {
      this.isolatedDepth--;
      this.frames = savedFrames;
      this.out = savedOut;
    }
  }

  /** `#x`: the spelling of the argument as a string literal. */
  private stringize(arg: Token[], at: Token): Token {
    let s = '';
    arg.forEach((t, k) => {
      if (k > 0 && t.space) s += ' ';
      s += t.text;
    });
    const quoted = '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
    // Inside string/char literals only the quote-escaping matters; re-escaping backslashes
    // outside literals is harmless since those cannot appear in valid code.
    return { kind: 'str', text: quoted, file: at.file, line: at.line, col: at.col, bol: false, space: at.space, hide: null };
  }

  /** `a ## b`: glue two tokens and re-tokenize; the result must be one token. */
  private paste(a: Token, b: Token, at: Token): Token {
    const text = a.text + b.text;
    const tmp: SourceFile = { path: at.file.path, text, index: at.file.index };
    let toks: Token[];
    try {
      toks = tokenize(tmp);
    } catch (e) {
      toks = [];
    }
    if (toks.length !== 2 || toks[0].kind === 'other') {
      fail(at, 'cc.paste-invalid-token', { left: a.text, right: b.text });
    }
    return { ...toks[0], file: a.file, line: a.line, col: a.col, bol: false, space: a.space, hide: a.hide };
  }

  // --------------------------------------------------------------------------
  // Directives

  private directive(hash: Token): void {
    const line = this.restOfLine();
    if (line.length === 0) return; // the null directive
    const name = line[0];
    const rest = line.slice(1);
    if (this.opts.assembly && !DIRECTIVES.has(name.text)) {
      for (const t of [hash, ...line]) this.emit(t);
      return;
    }
    if (name.kind !== 'ident') fail(name, 'cc.invalid-directive');
    switch (name.text) {
      case 'include':
        return this.include(name, rest);
      case 'define':
        return this.define(name, rest);
      case 'undef':
        this.expectName(name, rest, 'undef');
        if (rest.length > 1) fail(rest[1], 'cc.extra-tokens-undef');
        this.macros.delete(rest[0].text);
        return;
      case 'if':
        return this.openCond(name, this.evalIf(name, rest));
      case 'ifdef':
      case 'ifndef': {
        this.expectName(name, rest, name.text);
        const d = this.macros.has(rest[0].text);
        return this.openCond(name, name.text === 'ifdef' ? d : !d);
      }
      case 'elif':
      case 'else':
      case 'endif':
        return this.continueCond(name, rest);
      case 'error': {
        const msg = rest.map((t, k) => (k > 0 && t.space ? ' ' : '') + t.text).join('');
        fail(name, 'cc.error-directive', { text: msg });
      }
      case 'warning':
        return;
      case 'pragma':
        if (rest.length && rest[0].text === 'once') this.pragmaOnce.add(hash.file.path);
        return;
      case 'line':
        fail(name, 'cc.line-directive-unsupported');
      default:
        fail(name, 'cc.unknown-directive', { name: name.text });
    }
  }

  private expectName(d: Token, rest: Token[], what: string): void {
    if (rest.length === 0) fail(d, 'cc.no-macro-name', { what });
    if (rest[0].kind !== 'ident') fail(rest[0], 'cc.macro-name-not-identifier');
  }

  private include(d: Token, rest: Token[]): void {
    let toks = rest;
    if (toks.length && toks[0].kind !== 'str' && !(toks[0].kind === 'punct' && toks[0].text === '<')) {
      toks = this.expandIsolated(toks);
    }
    if (toks.length === 0) fail(d, 'cc.include-expects-filename');
    let name: string;
    let quoted: boolean;
    const first = toks[0];
    if (first.kind === 'str') {
      if (first.bad) badToken(first);
      name = first.text.slice(1, -1);
      quoted = true;
      if (toks.length > 1) fail(toks[1], 'cc.extra-tokens-include');
    } else if (first.kind === 'punct' && first.text === '<') {
      let k = 1;
      name = '';
      while (k < toks.length && !(toks[k].kind === 'punct' && toks[k].text === '>')) {
        if (k > 1 && toks[k].space) name += ' ';
        name += toks[k].text;
        k++;
      }
      if (k >= toks.length) fail(first, 'cc.missing-terminating-angle');
      if (k + 1 < toks.length) fail(toks[k + 1], 'cc.extra-tokens-include');
      quoted = false;
    } else {
      fail(first, 'cc.include-expects-filename');
    }
    if (name === '') fail(first, 'cc.include-empty-filename');
    const found = this.findInclude(name, quoted, d.file);
    if (!found) fail(first, 'cc.no-such-file', { name, searched: this.searchList(quoted, d.file).join(', ') || 'nothing' });
    if (this.pragmaOnce.has(found.path)) return;
    const fileFrames = this.frames.filter((f) => f.file).length;
    if (fileFrames > MAX_INCLUDE_DEPTH) fail(d, 'cc.include-too-deep');
    const file = this.fileByPath.get(found.path) ?? this.addFile(found.path, found.text);
    this.pushFile(file, tokenize(file, this.opts.assembly));
  }

  private searchList(quoted: boolean, from: SourceFile): string[] {
    const dirs = quoted ? [dirname(from.path)] : [];
    return dirs.concat(this.opts.includePaths);
  }

  private findInclude(name: string, quoted: boolean, from: SourceFile): { path: string; text: string } | undefined {
    const candidates = name.startsWith('/') ? [normalisePath(name)] : this.searchList(quoted, from).map((d) => joinPath(d, name));
    for (const path of candidates) {
      const known = this.fileByPath.get(path);
      if (known) return { path, text: known.text };
      let text: string | undefined;
      try {
        text = this.opts.readFile(path);
      } catch {
        text = undefined;
      }
      if (text !== undefined) return { path, text };
    }
    return undefined;
  }

  private define(d: Token, rest: Token[]): void {
    this.expectName(d, rest, 'define');
    const name = rest[0];
    if (name.text === 'defined') fail(name, 'cc.defined-as-macro-name');
    let body: Token[];
    let params: string[] | undefined;
    let variadic = false;
    const second = rest[1];
    if (second && second.kind === 'punct' && second.text === '(' && !second.space) {
      params = [];
      let k = 2;
      for (;;) {
        const t = rest[k];
        if (!t) fail(second, 'cc.macro-parameters-unclosed');
        if (t.kind === 'punct' && t.text === ')' && params.length === 0 && !variadic) {
          k++;
          break;
        }
        if (t.kind === 'punct' && t.text === '...') {
          variadic = true;
          params.push('__VA_ARGS__');
          const close = rest[k + 1];
          if (!close || close.text !== ')') fail(t, 'cc.expected-paren-after-ellipsis');
          k += 2;
          break;
        }
        if (t.kind !== 'ident') fail(t, 'cc.expected-parameter-name');
        if (params.includes(t.text)) fail(t, 'cc.duplicate-macro-parameter', { token: t.text });
        params.push(t.text);
        const sep = rest[k + 1];
        if (sep && sep.kind === 'punct' && sep.text === '...') {
          // GNU named variadic parameter: `args...`
          variadic = true;
          const close = rest[k + 2];
          if (!close || close.text !== ')') fail(sep, 'cc.expected-paren-after-ellipsis');
          k += 3;
          break;
        }
        if (!sep) fail(t, 'cc.macro-parameters-unclosed');
        if (sep.text === ')') {
          k += 2;
          break;
        }
        if (sep.text !== ',') fail(sep, 'cc.expected-comma-in-macro-parameters');
        k += 2;
      }
      body = rest.slice(k);
      for (let i = 0; i < body.length; i++) {
        const t = body[i];
        if (t.kind === 'punct' && t.text === '#' && !(body[i + 1] && params.includes(body[i + 1].text))) {
          fail(t, 'cc.stringify-not-parameter');
        }
      }
    } else {
      body = rest.slice(1);
    }
    if (body.length) {
      const first = body[0];
      const last = body[body.length - 1];
      if (first.text === '##' && first.kind === 'punct') fail(first, 'cc.paste-at-end');
      if (last.text === '##' && last.kind === 'punct') fail(last, 'cc.paste-at-end');
    }
    if (!this.opts.assembly) for (const t of body) if (t.kind === 'other') badToken(t);
    this.macros.set(name.text, { name: name.text, params, variadic, body: body.map((t) => ({ ...t, bol: false })) });
  }

  private defineBuiltins(): void {
    const mk = (at: Token, kind: 'num' | 'str', text: string): Token => ({
      kind, text, file: at.file, line: at.line, col: at.col, bol: false, space: at.space, hide: null,
    });
    const quote = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
    this.macros.set('__LINE__', { name: '__LINE__', variadic: false, body: [], builtin: (at) => mk(at, 'num', String(at.line)) });
    this.macros.set('__FILE__', { name: '__FILE__', variadic: false, body: [], builtin: (at) => mk(at, 'str', quote(at.file.path)) });
    this.macros.set('__COUNTER__', { name: '__COUNTER__', variadic: false, body: [], builtin: (at) => mk(at, 'num', String(this.counter++)) });
    this.macros.set('__DATE__', { name: '__DATE__', variadic: false, body: [], builtin: (at) => mk(at, 'str', '"Jan  1 1970"') });
    this.macros.set('__TIME__', { name: '__TIME__', variadic: false, body: [], builtin: (at) => mk(at, 'str', '"00:00:00"') });
  }

  // --------------------------------------------------------------------------
  // Conditional inclusion

  private openCond(d: Token, value: boolean): void {
    this.conds.push({ at: d, taken: value, sawElse: false });
    if (!value) this.skipGroup();
  }

  private continueCond(d: Token, rest: Token[]): void {
    const f = this.frames[this.frames.length - 1];
    const c = this.conds[this.conds.length - 1];
    if (!c || this.conds.length <= f.condBase!) fail(d, 'cc.directive-without-if', { directive: d.text });
    if (d.text === 'endif') {
      this.conds.pop();
      return;
    }
    if (c.sawElse) fail(d, 'cc.directive-after-else', { directive: d.text });
    if (d.text === 'else') c.sawElse = true;
    // Reached from the main loop we were in a taken group, so everything up to
    // #endif is skipped; reached from skipGroup() no branch was taken yet.
    if (c.taken) {
      this.skipGroup();
      return;
    }
    const value = d.text === 'else' ? true : this.evalIf(d, rest);
    if (value) c.taken = true;
    else this.skipGroup();
  }

  /**
   * Skip tokens of a group whose condition is false, up to the #elif, #else
   * or #endif at this nesting level, and run that directive.
   */
  private skipGroup(): void {
    const f = this.frames[this.frames.length - 1];
    let depth = 0;
    while (f.i < f.toks.length) {
      const t = f.toks[f.i++];
      if (!(t.kind === 'punct' && t.text === '#' && t.bol)) continue;
      const name = f.toks[f.i];
      if (!name || name.bol || name.kind !== 'ident') continue;
      if (name.text === 'if' || name.text === 'ifdef' || name.text === 'ifndef') depth++;
      else if (name.text === 'endif' && depth > 0) depth--;
      else if (depth === 0 && (name.text === 'elif' || name.text === 'else' || name.text === 'endif')) {
        f.i++;
        const rest = this.restOfLine();
        this.continueCond(name, rest);
        return;
      }
    }
    // End of file inside a skipped group: popFrame reports the unterminated #if.
  }

  /** Evaluate the controlling expression of #if / #elif. */
  private evalIf(d: Token, rest: Token[]): boolean {
    if (rest.length === 0) fail(d, 'cc.directive-without-expression', { directive: d.text });
    // Replace `defined X` / `defined(X)` before expansion.
    const pre: Token[] = [];
    for (let k = 0; k < rest.length; k++) {
      const t = rest[k];
      if (t.kind === 'ident' && t.text === 'defined') {
        let nameTok = rest[k + 1];
        let paren = false;
        if (nameTok && nameTok.text === '(') {
          paren = true;
          nameTok = rest[k + 2];
        }
        if (!nameTok || nameTok.kind !== 'ident') fail(t, 'cc.defined-needs-identifier');
        if (paren && (!rest[k + 3] || rest[k + 3].text !== ')')) fail(nameTok, 'cc.defined-unclosed');
        pre.push({ ...t, kind: 'num', text: this.macros.has(nameTok.text) ? '1' : '0' });
        k += paren ? 3 : 1;
        continue;
      }
      pre.push(t);
    }
    const expanded = this.expandIsolated(pre).map((t) =>
      // Identifiers left after expansion are 0 (keywords included, as in C).
      t.kind === 'ident' ? { ...t, kind: 'num' as const, text: '0' } : t,
    );
    const ev = new IfEvaluator(expanded, d);
    return ev.evaluate() !== 0n;
  }
}

// ----------------------------------------------------------------------------
// #if expressions: intmax_t arithmetic (64-bit, as gcc), over tokens.

interface PPValue {
  v: bigint;
  unsigned: boolean;
}

class IfEvaluator {
  private k = 0;
  private depth = 0;
  constructor(
    private toks: Token[],
    private at: Token,
  ) {}

  evaluate(): bigint {
    const r = this.cond();
    if (this.k < this.toks.length) fail(this.toks[this.k], 'cc.missing-binary-operator', { token: this.toks[this.k].text });
    return r.v;
  }

  private peekText(): string | undefined {
    const t = this.toks[this.k];
    return t && (t.kind === 'punct') ? t.text : undefined;
  }

  private norm(v: bigint, unsigned: boolean): PPValue {
    return { v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned };
  }

  private cond(): PPValue {
    const c = this.binary(0);
    if (this.peekText() === '?') {
      this.k++;
      const a = this.cond();
      if (this.peekText() !== ':') fail(this.toks[this.k] ?? this.at, 'cc.if-expected-colon');
      this.k++;
      const b = this.cond();
      const u = a.unsigned || b.unsigned;
      return this.norm(c.v !== 0n ? a.v : b.v, u);
    }
    return c;
  }

  private static PREC: Record<string, number> = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
    '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };

  private binary(minPrec: number): PPValue {
    let lhs = this.unary();
    for (;;) {
      const op = this.peekText();
      const p = op !== undefined ? IfEvaluator.PREC[op] : undefined;
      if (p === undefined || p < minPrec) break;
      const opTok = this.toks[this.k++];
      const rhs = this.binary(p + 1);
      lhs = this.apply(op!, lhs, rhs, opTok);
    }
    return lhs;
  }

  private apply(op: string, a: PPValue, b: PPValue, at: Token): PPValue {
    const u = a.unsigned || b.unsigned;
    const x = u ? BigInt.asUintN(64, a.v) : a.v;
    const y = u ? BigInt.asUintN(64, b.v) : b.v;
    switch (op) {
      case '||': return { v: a.v !== 0n || b.v !== 0n ? 1n : 0n, unsigned: false };
      case '&&': return { v: a.v !== 0n && b.v !== 0n ? 1n : 0n, unsigned: false };
      case '|': return this.norm(x | y, u);
      case '^': return this.norm(x ^ y, u);
      case '&': return this.norm(x & y, u);
      case '==': return { v: x === y ? 1n : 0n, unsigned: false };
      case '!=': return { v: x !== y ? 1n : 0n, unsigned: false };
      case '<': return { v: x < y ? 1n : 0n, unsigned: false };
      case '>': return { v: x > y ? 1n : 0n, unsigned: false };
      case '<=': return { v: x <= y ? 1n : 0n, unsigned: false };
      case '>=': return { v: x >= y ? 1n : 0n, unsigned: false };
      case '<<': return this.norm(x << (BigInt.asUintN(64, b.v) & 63n), a.unsigned);
      case '>>': return this.norm((a.unsigned ? BigInt.asUintN(64, a.v) : a.v) >> (BigInt.asUintN(64, b.v) & 63n), a.unsigned);
      case '+': return this.norm(x + y, u);
      case '-': return this.norm(x - y, u);
      case '*': return this.norm(x * y, u);
      case '/':
      case '%':
        if (y === 0n) fail(at, 'cc.if-division-by-zero');
        return this.norm(op === '/' ? x / y : x % y, u);
    }
    fail(at, 'cc.if-bad-operator', { operator: op });
  }

  private unary(): PPValue {
    const t = this.toks[this.k];
    if (!t) fail(this.at, 'cc.if-ends-unexpectedly');
    if (++this.depth > MAX_IF_NESTING) fail(t, 'cc.if-too-deep');
    try {
      return this.unaryInner(t);
    } finally {
      this.depth--;
    }
  }

  private unaryInner(t: Token): PPValue {
    if (t.kind === 'punct') {
      if (t.text === '(') {
        this.k++;
        const v = this.cond();
        if (this.peekText() !== ')') fail(this.toks[this.k] ?? this.at, 'cc.if-unclosed');
        this.k++;
        return v;
      }
      if (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!') {
        this.k++;
        const v = this.unary();
        if (t.text === '-') return this.norm(-v.v, v.unsigned);
        if (t.text === '+') return v;
        if (t.text === '~') return this.norm(~v.v, v.unsigned);
        return { v: v.v === 0n ? 1n : 0n, unsigned: false };
      }
    }
    this.k++;
    if (t.kind === 'num') return parsePPNumber(t);
    if (t.kind === 'char') return { v: BigInt(charLiteralValue(t)), unsigned: false };
    if (t.kind === 'other') badToken(t);
    fail(t, 'cc.if-invalid-token', { token: t.text });
  }
}

function parsePPNumber(t: Token): PPValue {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(t.text);
  if (!m) fail(t, 'cc.if-invalid-integer', { token: t.text });
  let digits = m[1];
  let v: bigint;
  try {
    if (/^0[bB]/.test(digits)) v = BigInt(digits);
    else if (/^0[xX]/.test(digits)) v = BigInt(digits);
    else if (digits.length > 1 && digits[0] === '0') {
      if (/[89]/.test(digits)) throw new Error();
      v = BigInt('0o' + digits.slice(1));
    } else v = BigInt(digits);
  } catch {
    throw new CompileError(t, ccMessage('cc.invalid-integer-constant', { text: t.text }));
  }
  if (v >= 1n << 64n) fail(t, 'cc.integer-constant-too-large');
  const unsigned = /[uU]/.test(m[2]) || v >= 1n << 63n;
  return { v: unsigned ? v : BigInt.asIntN(64, v), unsigned };
}

/** Preprocess one translation unit. Throws CompileError on the first error. */
export function preprocess(path: string, text: string, opts: PreprocessOptions): PreprocessResult {
  return new Preprocessor(opts).run(path, text);
}
