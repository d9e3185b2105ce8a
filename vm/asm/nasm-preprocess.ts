// NASM's preprocessor, in the simple forms tutorials use, ahead of the
// assembler: lines whose first word is a % directive are read here and
// everything else is copied through with defined names replaced.
//
//   %define NAME text          %define NAME(a, b) text with a and b
//   %undef NAME
//   %ifdef NAME / %ifndef NAME / %else / %endif   (nestable)
//   %include "file"            (from the including file's directory, then
//                               the reader's own search)
//   %macro NAME N … %endmacro  (%1 … %9 the arguments, %0 their number,
//                               %%label a label of its own per expansion)
//
// The output carries GNU line markers (`# LINE "FILE"`, which the assembler
// reads) wherever the next line does not follow the previous one, so an
// error, and the line table, name the line as written: a macro's lines
// count as the line that used it. Errors are Diagnostics, never throws.

import { Diagnostic, SourceLoc, diagSaid } from './diagnostic.js';
import { asmMessage } from './messages.js';
import type { AsmMessage } from './messages.js';

/** Finds an included file: its path as the assembler should name it and its text, or undefined. */
export type IncludeReader = (path: string, fromFile: string) => { path: string; text: string } | undefined;

export interface PreprocessResult {
  text: string;
  errors: Diagnostic[];
}

interface Define {
  params?: string[];
  body: string;
}

interface Macro {
  nparams: number;
  body: { text: string; loc: SourceLoc }[];
  loc: SourceLoc;
}

const MAX_INCLUDE_DEPTH = 16;
const MAX_EXPANSION_DEPTH = 32;
const IDENT = /[A-Za-z_.@?$][A-Za-z0-9_.@?$#~]*/y;

/** True when source uses the NASM preprocessor: a line that starts with %. */
export function usesNasmPreprocessor(source: string): boolean {
  return /^[ \t]*%/m.test(source);
}

export function nasmPreprocess(source: string, filename: string, include?: IncludeReader): PreprocessResult {
  return new NasmPreprocessor(include).run(source, filename);
}

class NasmPreprocessor {
  private readonly defines = new Map<string, Define>();
  private readonly macros = new Map<string, Macro>();
  private readonly out: string[] = [];
  private readonly errors: Diagnostic[] = [];
  private expansions = 0;
  private lastFile = '';
  private lastLine = -1;

  constructor(private readonly include?: IncludeReader) {}

  run(source: string, filename: string): PreprocessResult {
    this.file(source, filename, 0);
    return { text: this.out.join('\n') + '\n', errors: this.errors };
  }

  private error(loc: SourceLoc, said: AsmMessage): void {
    if (this.errors.length < 200) this.errors.push(diagSaid(loc, said));
  }

  /** Copy a line to the output, with a line marker first when it does not follow the last one. */
  private emit(text: string, loc: SourceLoc): void {
    if (loc.file !== this.lastFile || loc.line !== this.lastLine + 1) {
      this.out.push(`# ${loc.line} "${loc.file.replace(/["\\]/g, '\\$&')}"`);
    }
    this.out.push(text);
    this.lastFile = loc.file;
    this.lastLine = loc.line;
  }

  private file(source: string, file: string, depth: number): void {
    const lines = source.split('\n');
    const conds: { taking: boolean; sawElse: boolean; loc: SourceLoc }[] = [];
    let macro: { name: string; m: Macro } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i];
      const loc: SourceLoc = { file, line: i + 1, col: 1 };
      const d = /^[ \t]*%([a-z]+)\b[ \t]*(.*)$/i.exec(text);
      const word = d?.[1].toLowerCase();
      if (macro) {                                   // inside %macro … %endmacro: keep the body
        if (word === 'endmacro') {
          this.macros.set(macro.name, macro.m);
          macro = undefined;
        } else if (word === 'macro') {
          this.error(loc, asmMessage('asm.nested-macro'));
        } else {
          macro.m.body.push({ text, loc });
        }
        continue;
      }
      const taking = conds.every((c) => c.taking);
      if (word === 'ifdef' || word === 'ifndef') {
        const name = d![2].trim().split(/[\s;]/)[0];
        if (!name) this.error(loc, asmMessage('asm.directive-needs-name', { word }));
        const known = this.defines.has(name) || this.macros.has(name);
        conds.push({ taking: word === 'ifdef' ? known : !known, sawElse: false, loc });
        continue;
      }
      if (word === 'else' || word === 'endif') {
        const top = conds[conds.length - 1];
        if (!top) this.error(loc, asmMessage('asm.without-ifdef', { word }));
        else if (word === 'endif') conds.pop();
        else if (top.sawElse) this.error(loc, asmMessage('asm.else-after-else'));
        else {
          top.taking = !top.taking;
          top.sawElse = true;
        }
        continue;
      }
      if (!taking) continue;
      if (d) {
        const started = this.directive(word!, stripComment(d[2]).trim(), loc, depth);
        if (started) macro = started;
        continue;
      }
      this.line(text, loc, 0);
    }
    if (macro) this.error(macro.m.loc, asmMessage('asm.macro-unterminated', { name: macro.name }));
    for (const c of conds) this.error(c.loc, asmMessage('asm.ifdef-without-endif'));
  }

  /** A % directive; returns the macro it starts, for %macro. */
  private directive(word: string, rest: string, loc: SourceLoc, depth: number): { name: string; m: Macro } | undefined {
    switch (word) {
      case 'define': {
        const m = /^([A-Za-z_.@?$][A-Za-z0-9_.@?$#~]*)(\(([^)]*)\))?\s*(.*)$/.exec(rest);
        if (!m) {
          this.error(loc, asmMessage('asm.define-needs-name'));
          return undefined;
        }
        const params = m[2] ? m[3].split(',').map((p) => p.trim()).filter((p) => p) : undefined;
        this.defines.set(m[1], { params, body: m[4] });
        return undefined;
      }
      case 'undef':
        this.defines.delete(rest.split(/\s/)[0]);
        return undefined;
      case 'include': {
        const m = /^(["'<])(.*)["'>]$/.exec(rest);
        if (!m) {
          this.error(loc, asmMessage('asm.include-needs-file'));
          return undefined;
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
          this.error(loc, asmMessage('asm.include-too-deep', { max: String(MAX_INCLUDE_DEPTH) }));
          return undefined;
        }
        const found = this.include?.(m[2], loc.file);
        if (!found) {
          this.error(loc, asmMessage(this.include ? 'asm.include-not-found' : 'asm.include-unreadable', { file: m[2] }));
          return undefined;
        }
        this.file(found.text, found.path, depth + 1);
        return undefined;
      }
      case 'macro': {
        const m = /^([A-Za-z_.@?$][A-Za-z0-9_.@?$#~]*)\s+(\d+)$/.exec(rest);
        if (!m) {
          this.error(loc, asmMessage('asm.macro-needs-name-and-count'));
          return undefined;
        }
        return { name: m[1].toLowerCase(), m: { nparams: Number(m[2]), body: [], loc } };
      }
      case 'endmacro':
        this.error(loc, asmMessage('asm.endmacro-without-macro'));
        return undefined;
      default:
        this.error(loc, asmMessage('asm.unknown-preprocessor-directive', { word }));
        return undefined;
    }
  }

  /** An ordinary line: a macro use is expanded, anything else gets its defines replaced. */
  private line(text: string, loc: SourceLoc, depth: number): void {
    const replaced = this.replaceDefines(text, loc);
    const use = /^(\s*(?:[A-Za-z_.@?$][\w.@?$#~]*:\s*)?)([A-Za-z_.@?$][\w.@?$#~]*)(.*)$/.exec(stripComment(replaced));
    const macro = use ? this.macros.get(use[2].toLowerCase()) : undefined;
    if (!use || !macro) {
      this.emit(replaced, loc);
      return;
    }
    if (depth >= MAX_EXPANSION_DEPTH) {
      this.error(loc, asmMessage('asm.macro-recursive', { name: use[2], max: String(MAX_EXPANSION_DEPTH) }));
      return;
    }
    const args = splitArgs(use[3].trim());
    if (args.length !== macro.nparams) {
      this.error(loc, asmMessage(macro.nparams === 1 ? 'asm.macro-takes-one' : 'asm.macro-takes', { name: use[2], n: String(macro.nparams), given: String(args.length) }));
      return;
    }
    if (use[1].trim()) this.emit(use[1].trim(), loc);     // a label before the use
    const id = ++this.expansions;
    for (const b of macro.body) {
      const body = b.text
        .replace(/%%([A-Za-z_][\w]*)/g, (_, name: string) => `__macro${id}_${name}`)
        .replace(/%(\d)/g, (all, n: string) => (n === '0' ? String(args.length) : args[Number(n) - 1] ?? all));
      this.line(body, loc, depth + 1);
    }
  }

  /** Replace every defined name outside strings and comments (a replacement is scanned again). */
  private replaceDefines(text: string, loc: SourceLoc, depth = 0): string {
    if (this.defines.size === 0) return text;
    let out = '';
    let i = 0;
    let changed = false;
    while (i < text.length) {
      const c = text[i];
      if (c === ';') {
        out += text.slice(i);
        break;
      }
      if (c === '"' || c === "'" || c === '`') {
        const end = closingQuote(text, i);
        out += text.slice(i, end);
        i = end;
        continue;
      }
      IDENT.lastIndex = i;
      const m = /[0-9]/.test(c) ? null : IDENT.exec(text);
      if (!m) {
        out += c;
        i++;
        continue;
      }
      const name = m[0];
      const def = this.defines.get(name);
      i += name.length;
      if (!def) {
        out += name;
        continue;
      }
      if (!def.params) {
        out += def.body;
        changed = true;
        continue;
      }
      const call = /^\s*\(/.exec(text.slice(i));
      if (!call) {
        out += name;                                  // a function-like define without arguments stays
        continue;
      }
      const close = matchingParen(text, i + call[0].length - 1);
      if (close < 0) {
        this.error({ ...loc, col: i + 1 }, asmMessage('asm.missing-paren-after-call', { name }));
        out += text.slice(i - name.length);
        break;
      }
      const args = splitArgs(text.slice(i + call[0].length, close));
      if (args.length !== def.params.length) {
        this.error({ ...loc, col: i + 1 }, asmMessage(def.params.length === 1 ? 'asm.define-takes-one' : 'asm.define-takes', { name, n: String(def.params.length), given: String(args.length) }));
      }
      out += def.body.replace(/[A-Za-z_][\w]*/g, (w) => {
        const k = def.params!.indexOf(w);
        return k >= 0 ? args[k] ?? '' : w;
      });
      i = close + 1;
      changed = true;
    }
    if (!changed) return out;
    if (depth >= MAX_EXPANSION_DEPTH) {
      this.error(loc, asmMessage('asm.define-too-deep', { max: String(MAX_EXPANSION_DEPTH) }));
      return out;
    }
    return this.replaceDefines(out, loc, depth + 1);
  }
}

/** The index just past the string starting at text[start]. */
function closingQuote(text: string, start: number): number {
  const q = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== q) i += text[i] === '\\' && q !== "'" ? 2 : 1;
  return Math.min(i + 1, text.length);
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
    else if (text[i] === '"' || text[i] === "'") i = closingQuote(text, i) - 1;
  }
  return -1;
}

/** A line without its ; comment (a ; inside a string stays). */
function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ';') return text.slice(0, i);
    if (text[i] === '"' || text[i] === "'" || text[i] === '`') i = closingQuote(text, i) - 1;
  }
  return text;
}

/** Comma-separated arguments; commas inside quotes, brackets or parentheses do not split. */
function splitArgs(text: string): string[] {
  if (!text.trim()) return [];
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = closingQuote(text, i) - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out;
}
