// The assembler: Glassbox assembly source (Intel syntax, NASM style, GNU
// directives) to an ObjectFile.
//
// Two passes over the source, as in classic assemblers:
//   pass 1  parses every line, picks each instruction's form (operand shapes
//           are syntactic, so lengths are known), lays out the sections and
//           defines every label;
//   pass 2  evaluates expressions now that all labels are known, encodes the
//           instructions with vm/isa/encoding.ts, writes data, and records a
//           relocation for every value that depends on where the linker will
//           place a section or on a symbol from another file.
//
// Names: `name:` defines a label; `.name:` is local to the previous non-local
// label (stored as `prev.name`, and `prev.name` can be written in full);
// `.Lname` is local to the file and never enters the symbol table. A name
// that is used but not defined here is external (the linker resolves it),
// except names with a dot, which cannot be external: those are errors here.
// `$` and `.` are the address of the current instruction or directive.
//
// Line info: when the file has `.loc` directives (compiler output), each
// instruction is attributed to the last `.loc`; otherwise to its own line in
// the assembly file, so hand-written code can be stepped through too. A GNU
// line marker (`# 12 "kernel/swtch.s"`, written by the preprocessor) sets
// the file and line that the following lines count from, for line info and
// errors alike.
//
// NASM's spellings of the directives are taken beside the GNU ones (see
// NASM_DIRECTIVES), and a source with % directives goes through NASM's
// preprocessor (nasm-preprocess.ts) first.
//
// Bad input never throws: every problem is a Diagnostic and assembly goes on
// with the next line.

import { FORMS_BY_MNEMONIC, MNEMONIC_ALIASES, SIZE_BYTE, SIZE_WORD, formLength, hasImm32, hasMemory } from '../isa/isa.js';
import { blankInstruction, encode } from '../isa/encoding.js';
import { Diagnostic, SourceLoc, diagSaid, suggest } from './diagnostic.js';
import { asmMessage } from './messages.js';
import type { AsmMessage } from './messages.js';
import { EvalEnv, Expr, ExprError, TokenCursor, Value, evaluate, parseExpr } from './expr.js';
import { Token, lexLine } from './lexer.js';
import { Matched, ParsedOperand, describeForms, isReservedWord, matchForm, parseOperand } from './operands.js';
import { LineEntry, ObjectFile, ObjectSymbol, Relocation, SymbolType, isAllocSection } from './object.js';
import { NOP_WORD } from './nop.js';
import { IncludeReader, nasmPreprocess, usesNasmPreprocessor } from './nasm-preprocess.js';

export interface AssembleResult {
  object?: ObjectFile;
  errors: Diagnostic[];
}

/** The directives, for "did you mean" suggestions. */
export const DIRECTIVES = [
  '.text', '.data', '.bss', '.rodata', '.section', '.globl', '.global', '.extern', '.byte', '.word', '.short',
  '.long', '.int', '.ascii', '.asciz', '.string', '.zero', '.space', '.skip', '.align', '.balign', '.equ', '.set',
  '.type', '.size', '.file', '.loc',
];

/**
 * NASM's spellings, beside the GNU directives: section/segment, global
 * (with :function or :data), extern, bits 32, db/dw/dd (strings and lists),
 * resb/resw/resd, times, align; a label before data needs no colon.
 * `[bits 32]` and `[section .text]` may be bracketed, as NASM's primitive
 * forms are. The NASM preprocessor's %define, %include and %macro are
 * nasm-preprocess.ts's.
 */
const NASM_DIRECTIVES = new Set(['section', 'segment', 'global', 'extern', 'bits', 'db', 'dw', 'dd', 'resb', 'resw', 'resd', 'times', 'align']);
const NASM_DATA = new Set(['db', 'dw', 'dd', 'resb', 'resw', 'resd', 'times']);
/** Section attributes NASM takes that change nothing here (the section's name decides). */
const NASM_SECTION_FLAGS = ['progbits', 'nobits', 'alloc', 'noalloc', 'exec', 'noexec', 'write', 'nowrite'];

/** `[bits 32]` -> `bits 32`: NASM's bracketed primitive directives. */
function unbracketDirective(tokens: Token[]): Token[] {
  const first = tokens[0];
  const last = tokens[tokens.length - 2];
  if (tokens.length >= 4 && first.kind === 'punct' && first.text === '[' && last.kind === 'punct' && last.text === ']' &&
      tokens[1].kind === 'ident' && ['bits', 'section', 'segment', 'global', 'extern'].includes(tokens[1].text.toLowerCase())) {
    return [...tokens.slice(1, -2), tokens[tokens.length - 1]];
  }
  return tokens;
}

/** Sections the linker writes itself. */
const RESERVED_SECTIONS = ['.symtab', '.strtab', '.shstrtab', '.glassbox.lines'];

const MAX_SECTION_BYTES = 64 << 20;
const MAX_BSS_BYTES = 0xffff_ffff;
const MAX_ERRORS = 200;

interface SectionState {
  name: string;
  size: number;
  align: number;
  alloc: boolean;
  bss: boolean;
  bytes?: Uint8Array;
}

interface SrcPos {
  file: string;
  line: number;
  col: number;
}

type Stmt =
  | { kind: 'insn'; m: Matched; section: SectionState; offset: number; loc: SourceLoc; srcPos?: SrcPos }
  | { kind: 'data'; width: 1 | 2 | 4; items: DataItem[]; section: SectionState; offset: number; loc: SourceLoc }
  | { kind: 'fill'; section: SectionState; offset: number; count: number; value: number }
  | { kind: 'size'; name: string; expr: Expr; section: SectionState; offset: number; loc: SourceLoc };

type DataItem = { expr: Expr; col: number } | { bytes: number[] };

interface SymDef {
  name: string;
  loc: SourceLoc;
  kind: 'label' | 'equ';
  section?: SectionState;
  offset: number;
  expr?: Expr;
  here?: Value;
  busy?: boolean;
  cached?: Value;
  failed?: boolean;
}

/** An error already reported elsewhere (at an .equ's definition). */
class ReportedError extends ExprError {
  constructor(col: number) {
    super(col, asmMessage('asm.already-reported'));
  }
}

export interface AssembleOptions {
  /** Where NASM's %include finds files; without it %include is an error. */
  include?: IncludeReader;
}

export function assemble(source: string, filename: string, options: AssembleOptions = {}): AssembleResult {
  if (usesNasmPreprocessor(source)) {
    const pre = nasmPreprocess(source, filename, options.include);
    if (pre.errors.length > 0) return { errors: pre.errors };
    source = pre.text;
  }
  return new Assembler(source, filename).run();
}

/** True for names that cannot be external: local labels and `.L` names. */
function isLocalName(name: string): boolean {
  return name.includes('.');
}

function fits32(v: bigint): boolean {
  return v >= -0x8000_0000n && v <= 0xffff_ffffn;
}

/**
 * A symbol's addend may be any 32-bit quantity, signed or not: `_start -
 * 0xC0000000` (a kernel's physical address) is -3 GiB as an addend but a
 * small value once the symbol is added. The linker checks the final value.
 */
function fitsAddend(v: bigint): boolean {
  return v > -0x1_0000_0000n && v < 0x1_0000_0000n;
}

/**
 * A GNU line marker, `# LINE "FILE"` (flags after it ignored): the next line
 * is line LINE of FILE. The preprocessor writes these (vm/cc/preprocess-asm.ts)
 * so that errors and the line table name the file as written.
 */
function parseLineMarker(text: string): { line: number; file: string } | undefined {
  const m = /^#\s*(\d+)\s+"((?:[^"\\]|\\.)*)"(\s+\d+)*\s*$/.exec(text);
  if (!m) return undefined;
  return { line: Number(m[1]), file: m[2].replace(/\\(.)/g, '$1') };
}

class Assembler {
  private errors: Diagnostic[] = [];
  private sections = new Map<string, SectionState>();
  private current: SectionState;
  private stmts: Stmt[] = [];
  private symbols = new Map<string, SymDef>();
  private globals = new Map<string, SourceLoc>();
  private types = new Map<string, SymbolType>();
  private sizes = new Map<string, number>();
  private files = new Map<number, string>();
  private scope = '';
  private locState: SrcPos | undefined;
  private hasLoc = false;
  private pass: 1 | 2 = 1;
  private relocations: Relocation[] = [];
  private lines: LineEntry[] = [];

  constructor(
    private source: string,
    private filename: string,
  ) {
    this.current = this.section('.text');
  }

  run(): AssembleResult {
    try {
      const lines = this.source.split('\n');
      let file = this.filename;
      let lineNo = 0;
      for (let i = 0; i < lines.length && this.errors.length < MAX_ERRORS; i++) {
        const marker = parseLineMarker(lines[i]);
        if (marker) {
          file = marker.file;
          lineNo = marker.line - 1;
          continue;
        }
        this.line(lines[i], ++lineNo, file);
      }
      if (this.errors.length === 0) this.pass2();
    } catch (e) {
      this.errors.push(diagSaid({ file: this.filename, line: 1, col: 1 }, asmMessage('asm.internal', { error: String(e) })));
    }
    if (this.errors.length >= MAX_ERRORS) {
      this.errors.push(diagSaid({ file: this.filename, line: 1, col: 1 }, asmMessage('asm.too-many-errors', { max: String(MAX_ERRORS) })));
    }
    if (this.errors.length > 0) return { errors: this.errors };
    return { object: this.object(), errors: [] };
  }

  private error(loc: SourceLoc, said: AsmMessage): void {
    this.errors.push(diagSaid(loc, said));
  }

  private section(name: string): SectionState {
    let s = this.sections.get(name);
    if (!s) {
      const alloc = isAllocSection(name);
      s = { name, size: 0, align: alloc ? 4 : 1, alloc, bss: name === '.bss' };
      this.sections.set(name, s);
    }
    return s;
  }

  /** Grow the current section by n bytes; false (with an error) when it would be too big. */
  private grow(n: number, loc: SourceLoc): boolean {
    const limit = this.current.bss ? MAX_BSS_BYTES : MAX_SECTION_BYTES;
    if (this.current.size + n > limit) {
      this.error(loc, asmMessage('asm.section-too-large', { section: this.current.name, limit: String(limit) }));
      return false;
    }
    this.current.size += n;
    return true;
  }

  // --------------------------------------------------------------------------
  // Pass 1: one line

  private line(text: string, lineNo: number, file: string): void {
    const lexed = lexLine(text);
    const at = (col: number): SourceLoc => ({ file, line: lineNo, col });
    if (!lexed.ok) {
      this.error(at(lexed.col), lexed.said);
      return;
    }
    const cur = new TokenCursor(unbracketDirective(lexed.tokens));
    try {
      while (cur.peek().kind === 'ident' && cur.isPunct(':', 1)) {
        const t = cur.next();
        cur.next();
        this.defineLabel(t.text, at(t.col));
      }
      // NASM's label without a colon, before data: `msg db "hi", 10`.
      if (cur.peek().kind === 'ident' && !NASM_DIRECTIVES.has(cur.peek().text.toLowerCase()) &&
          cur.peek(1).kind === 'ident' && NASM_DATA.has(cur.peek(1).text.toLowerCase())) {
        const t = cur.next();
        this.defineLabel(t.text, at(t.col));
      }
      this.statement(cur, at);
    } catch (e) {
      if (e instanceof ReportedError) return;
      if (e instanceof ExprError) this.error(at(e.col), e.said);
      else throw e;
    }
  }

  /** What follows a line's labels: an equ, a directive or an instruction. */
  private statement(cur: TokenCursor, at: (col: number) => SourceLoc): void {
    if (cur.atEnd()) return;
    const t = cur.peek();
    const word = t.kind === 'ident' ? t.text.toLowerCase() : '';
    if (t.kind === 'ident' && cur.peek(1).kind === 'ident' && cur.peek(1).text.toLowerCase() === 'equ') {
      cur.next();
      cur.next();
      this.defineEqu(t.text, parseExpr(cur), at(t.col));
      this.expectEnd(cur);
    } else if (t.kind === 'ident' && t.text.startsWith('.')) {
      cur.next();
      this.directive(word, cur, at(t.col), at);
    } else if (NASM_DIRECTIVES.has(word)) {
      cur.next();
      this.nasmDirective(word, cur, at(t.col), at);
    } else if (t.kind === 'ident') {
      cur.next();
      this.instruction(word, cur, at(t.col));
    } else {
      this.error(at(t.col), asmMessage('asm.expected-statement', { token: t.text }));
    }
  }

  private expectEnd(cur: TokenCursor): void {
    const t = cur.peek();
    if (t.kind !== 'eol') throw new ExprError(t.col, asmMessage('asm.unexpected-at-end', { token: t.text }));
  }

  /** The full name of a symbol as written at this point (local labels get their scope). */
  private mangle(name: string): string {
    if (name.startsWith('.') && !name.startsWith('.L') && this.scope) return this.scope + name;
    return name;
  }

  private mangleExpr(e: Expr | null): void {
    if (!e) return;
    if (e.kind === 'sym') e.name = this.mangle(e.name);
    else if (e.kind === 'unary') this.mangleExpr(e.arg);
    else if (e.kind === 'binary') {
      this.mangleExpr(e.left);
      this.mangleExpr(e.right);
    }
  }

  private checkNewSymbol(name: string, loc: SourceLoc): boolean {
    if (isReservedWord(name)) {
      this.error(loc, asmMessage('asm.reserved-symbol-name', { name }));
      return false;
    }
    const prev = this.symbols.get(name);
    if (prev) {
      this.error(loc, asmMessage('asm.duplicate-symbol', { name, file: String(prev.loc.file), line: String(prev.loc.line), col: String(prev.loc.col) }));
      return false;
    }
    return true;
  }

  private defineLabel(written: string, loc: SourceLoc): void {
    const name = this.mangle(written);
    if (!written.startsWith('.')) this.scope = written;
    if (!this.current.alloc) {
      this.error(loc, asmMessage('asm.label-in-non-alloc-section', { section: this.current.name }));
      return;
    }
    if (!this.checkNewSymbol(name, loc)) return;
    this.symbols.set(name, { name, loc, kind: 'label', section: this.current, offset: this.current.size });
  }

  private defineEqu(written: string, expr: Expr, loc: SourceLoc): void {
    const name = this.mangle(written);
    this.mangleExpr(expr);
    if (!this.checkNewSymbol(name, loc)) return;
    this.symbols.set(name, { name, loc, kind: 'equ', offset: 0, expr, here: this.hereValue() });
  }

  private hereValue(): Value {
    return { kind: 'sec', section: this.current.name, value: BigInt(this.current.size) };
  }

  // --------------------------------------------------------------------------
  // Pass 1: instructions

  private instruction(written: string, cur: TokenCursor, loc: SourceLoc): void {
    const mnemonic = MNEMONIC_ALIASES.get(written) ?? written;
    const forms = FORMS_BY_MNEMONIC.get(mnemonic);
    if (!forms) {
      const hint = suggest(written, [...FORMS_BY_MNEMONIC.keys(), ...MNEMONIC_ALIASES.keys()]);
      this.error(loc, hint ? asmMessage('asm.unknown-mnemonic-hint', { mnemonic: written, hint }) : asmMessage('asm.unknown-mnemonic', { mnemonic: written }));
      return;
    }
    // NASM's jump-distance hints: every branch here is rel32, so `short`
    // and `near` change nothing (documented in vm/asm/README.md).
    if (forms.some((f) => f.operands.includes('rel')) && cur.peek().kind === 'ident' &&
        ['short', 'near'].includes(cur.peek().text.toLowerCase()) && cur.peek(1).kind !== 'eol') {
      cur.next();
    }
    const ops: ParsedOperand[] = [];
    if (!cur.atEnd()) {
      for (;;) {
        ops.push(parseOperand(cur));
        if (cur.atEnd()) break;
        if (!cur.isPunct(',')) throw new ExprError(cur.peek().col, asmMessage('asm.expected-operand-comma', { token: cur.peek().text }));
        cur.next();
      }
    }
    let matched: Matched | undefined;
    let sizeError: AsmMessage | undefined;
    for (const f of forms) {
      const r = matchForm(f, ops);
      if (r.ok) {
        matched = r.m;
        break;
      }
      sizeError ??= r.sizeError;
    }
    if (!matched) {
      this.error(loc, sizeError ?? asmMessage('asm.operands-not-allowed', { mnemonic: written, forms: describeForms(mnemonic, forms) }));
      return;
    }
    if (!this.current.alloc || this.current.bss) {
      this.error(loc, asmMessage('asm.instruction-in-data-section', { section: this.current.name }));
      return;
    }
    this.mangleExpr(matched.disp);
    this.mangleExpr(matched.imm);
    if (typeof matched.i8 !== 'number') this.mangleExpr(matched.i8);
    const offset = this.current.size;
    if (!this.grow(formLength(matched.form), loc)) return;
    this.stmts.push({ kind: 'insn', m: matched, section: this.current, offset, loc, srcPos: this.locState });
  }

  // --------------------------------------------------------------------------
  // Pass 1: directives

  private directive(name: string, cur: TokenCursor, loc: SourceLoc, at: (col: number) => SourceLoc): void {
    switch (name) {
      case '.text':
      case '.data':
      case '.bss':
      case '.rodata':
        this.current = this.section(name);
        break;
      case '.section': {
        const t = cur.next();
        const secName = t.kind === 'str' ? new TextDecoder().decode(new Uint8Array(t.bytes!)) : t.kind === 'ident' ? t.text : '';
        if (!secName) throw new ExprError(t.col, asmMessage('asm.expected-section-name'));
        if (/[\0\s]/.test(secName)) throw new ExprError(t.col, asmMessage('asm.bad-section-name', { section: secName }));
        if (RESERVED_SECTIONS.includes(secName)) throw new ExprError(t.col, asmMessage('asm.reserved-section', { section: secName }));
        this.current = this.section(secName);
        break;
      }
      case '.globl':
      case '.global':
      case '.extern':
        for (const t of this.nameList(cur)) {
          const n = this.mangle(t.text);
          if (name !== '.extern' && !this.globals.has(n)) this.globals.set(n, at(t.col));
        }
        return;
      case '.byte':
        this.data(1, cur, loc, true);
        return;
      case '.word':
      case '.short':
        this.data(2, cur, loc, false);
        return;
      case '.long':
      case '.int':
        this.data(4, cur, loc, false);
        return;
      case '.ascii':
      case '.asciz':
      case '.string':
        this.strings(cur, loc, name !== '.ascii');
        return;
      case '.zero':
      case '.space':
      case '.skip':
        this.zero(cur, loc, name !== '.zero');
        return;
      case '.align':
      case '.balign':
        this.align(cur, loc);
        break;
      case '.equ':
      case '.set': {
        const t = cur.next();
        if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-symbol-after', { name }));
        this.expectComma(cur);
        this.defineEqu(t.text, parseExpr(cur), at(t.col));
        break;
      }
      case '.type':
        this.type(cur);
        break;
      case '.size': {
        const t = cur.next();
        if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-symbol-after-size'));
        this.expectComma(cur);
        const expr = parseExpr(cur);
        this.mangleExpr(expr);
        this.stmts.push({ kind: 'size', name: this.mangle(t.text), expr, section: this.current, offset: this.current.size, loc: at(t.col) });
        break;
      }
      case '.file':
        this.file(cur);
        break;
      case '.loc':
        this.loc(cur);
        break;
      default: {
        const hint = suggest(name, DIRECTIVES);
        this.error(loc, hint ? asmMessage('asm.unknown-directive-hint', { name, hint }) : asmMessage('asm.unknown-directive', { name }));
        return;
      }
    }
    this.expectEnd(cur);
  }

  private expectComma(cur: TokenCursor): void {
    const t = cur.next();
    if (t.kind !== 'punct' || t.text !== ',') throw new ExprError(t.col, t.text ? asmMessage('asm.expected-comma-found', { token: t.text }) : asmMessage('asm.expected-comma-at-end'));
  }

  private nameList(cur: TokenCursor): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = cur.next();
      if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-symbol-name'));
      if (isReservedWord(t.text)) throw new ExprError(t.col, asmMessage('asm.reserved-not-symbol', { token: t.text }));
      out.push(t);
      if (cur.atEnd()) return out;
      this.expectComma(cur);
    }
  }

  /** Where data may go: an error for .bss. */
  private checkDataSection(loc: SourceLoc): boolean {
    if (this.current.bss) {
      this.error(loc, asmMessage('asm.bss-no-data'));
      return false;
    }
    return true;
  }

  /**
   * Data of one width. With allowStrings a string gives its bytes, padded
   * with zeros to a whole number of items (NASM's `dd 'ab'` is 4 bytes).
   */
  private data(width: 1 | 2 | 4, cur: TokenCursor, loc: SourceLoc, allowStrings: boolean): void {
    if (!this.checkDataSection(loc)) return;
    const items: DataItem[] = [];
    let size = 0;
    for (;;) {
      const t = cur.peek();
      if (t.kind === 'str' && allowStrings) {
        cur.next();
        const bytes = [...t.bytes!];
        while (bytes.length % width !== 0) bytes.push(0);
        items.push({ bytes });
        size += bytes.length;
      } else if (t.kind === 'str') {
        throw new ExprError(t.col, asmMessage('asm.string-not-value'));
      } else {
        const expr = parseExpr(cur);
        this.mangleExpr(expr);
        items.push({ expr, col: t.col });
        size += width;
      }
      if (cur.atEnd()) break;
      this.expectComma(cur);
    }
    const offset = this.current.size;
    if (!this.grow(size, loc)) return;
    this.stmts.push({ kind: 'data', width, items, section: this.current, offset, loc });
  }

  private strings(cur: TokenCursor, loc: SourceLoc, terminate: boolean): void {
    if (!this.checkDataSection(loc)) return;
    const items: DataItem[] = [];
    let size = 0;
    for (;;) {
      const t = cur.next();
      if (t.kind !== 'str') throw new ExprError(t.col, asmMessage('asm.expected-string'));
      const bytes = terminate ? [...t.bytes!, 0] : t.bytes!;
      items.push({ bytes });
      size += bytes.length;
      if (cur.atEnd()) break;
      this.expectComma(cur);
    }
    const offset = this.current.size;
    if (!this.grow(size, loc)) return;
    this.stmts.push({ kind: 'data', width: 1, items, section: this.current, offset, loc });
  }

  /** A constant needed for layout: known by now, or an error. */
  private layoutConstant(cur: TokenCursor, what: AsmMessage): { value: bigint; col: number } {
    const col = cur.peek().col;
    const expr = parseExpr(cur);
    this.mangleExpr(expr);
    const v = evaluate(expr, this.env(this.hereValue()));
    if (v === undefined || v.kind !== 'abs') throw new ExprError(col, asmMessage('asm.needs-constant', { what }));
    return { value: v.value, col };
  }

  private zero(cur: TokenCursor, loc: SourceLoc, allowFill: boolean): void {
    const n = this.layoutConstant(cur, asmMessage('asm.what.size'));
    let fill = 0n;
    if (allowFill && cur.isPunct(',')) {
      cur.next();
      const f = this.layoutConstant(cur, asmMessage('asm.what.fill-byte'));
      if (f.value < -128n || f.value > 255n) throw new ExprError(f.col, asmMessage('asm.fill-out-of-range', { value: String(f.value) }));
      fill = f.value;
    }
    if (n.value < 0n || n.value > BigInt(MAX_BSS_BYTES)) throw new ExprError(n.col, asmMessage('asm.size-out-of-range', { value: String(n.value) }));
    if (fill !== 0n && !this.checkDataSection(loc)) return;
    const offset = this.current.size;
    if (!this.grow(Number(n.value), loc)) return;
    if (fill !== 0n) this.stmts.push({ kind: 'fill', section: this.current, offset, count: Number(n.value), value: Number(fill) & 0xff });
  }

  private align(cur: TokenCursor, loc: SourceLoc): void {
    const n = this.layoutConstant(cur, asmMessage('asm.what.alignment'));
    if (n.value < 1n || n.value > 4096n || (n.value & (n.value - 1n)) !== 0n) {
      throw new ExprError(n.col, asmMessage('asm.alignment-not-power-of-two', { value: String(n.value) }));
    }
    const a = Number(n.value);
    const pad = (a - (this.current.size % a)) % a;
    this.current.align = Math.max(this.current.align, a);
    const offset = this.current.size;
    if (!this.grow(pad, loc)) return;
    if (pad > 0 && !this.current.bss) this.stmts.push({ kind: 'fill', section: this.current, offset, count: pad, value: -1 });
  }

  // --------------------------------------------------------------------------
  // Pass 1: NASM's spellings of the directives (see NASM_DIRECTIVES)

  private nasmDirective(name: string, cur: TokenCursor, loc: SourceLoc, at: (col: number) => SourceLoc): void {
    switch (name) {
      case 'section':
      case 'segment':
        this.nasmSection(cur);
        return;
      case 'global':
      case 'extern':
        this.nasmSymbols(name, cur, at);
        return;
      case 'bits': {
        const n = this.layoutConstant(cur, asmMessage('asm.what.mode'));
        if (n.value !== 32n) throw new ExprError(n.col, asmMessage('asm.bits-not-32', { value: String(n.value) }));
        break;
      }
      case 'db':
      case 'dw':
      case 'dd':
        this.data(name === 'db' ? 1 : name === 'dw' ? 2 : 4, cur, loc, true);
        return;
      case 'resb':
      case 'resw':
      case 'resd': {
        const n = this.layoutConstant(cur, asmMessage('asm.what.count'));
        const width = name === 'resb' ? 1n : name === 'resw' ? 2n : 4n;
        if (n.value < 0n || n.value * width > BigInt(MAX_BSS_BYTES)) throw new ExprError(n.col, asmMessage('asm.count-out-of-range', { value: String(n.value) }));
        this.grow(Number(n.value * width), loc);
        break;
      }
      case 'times':
        this.times(cur, at);
        return;
      case 'align':
        this.align(cur, loc);
        break;
    }
    this.expectEnd(cur);
  }

  /** `section NAME [align=N]`: .text, .data, .bss, .rodata or a name of one's own. */
  private nasmSection(cur: TokenCursor): void {
    const t = cur.next();
    if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-section-name'));
    if (RESERVED_SECTIONS.includes(t.text)) throw new ExprError(t.col, asmMessage('asm.reserved-section-token', { token: t.text }));
    this.current = this.section(t.text);
    while (!cur.atEnd()) {
      const a = cur.next();
      const attr = a.kind === 'ident' ? a.text.toLowerCase() : '';
      if (attr === 'align' && cur.isPunct('=')) {
        cur.next();
        this.align(cur, { file: '', line: 0, col: a.col });
      } else if (!NASM_SECTION_FLAGS.includes(attr)) {
        throw new ExprError(a.col, asmMessage('asm.unknown-section-attribute', { attribute: a.text, flags: String(NASM_SECTION_FLAGS.join(', ')) }));
      }
    }
  }

  /** `global NAME[:function|:data], …` and `extern NAME, …`. */
  private nasmSymbols(name: string, cur: TokenCursor, at: (col: number) => SourceLoc): void {
    for (;;) {
      const t = cur.next();
      if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-symbol-name'));
      if (isReservedWord(t.text)) throw new ExprError(t.col, asmMessage('asm.reserved-not-symbol', { token: t.text }));
      const n = this.mangle(t.text);
      if (cur.isPunct(':')) {
        cur.next();
        const k = cur.next();
        const kind = k.kind === 'ident' ? ({ function: 'function', data: 'object', object: 'object' } as const)[k.text.toLowerCase() as 'function'] : undefined;
        if (!kind) throw new ExprError(k.col, asmMessage('asm.expected-function-or-data'));
        this.types.set(n, kind);
      }
      if (name === 'global' && !this.globals.has(n)) this.globals.set(n, at(t.col));
      if (cur.atEnd()) return;
      this.expectComma(cur);
    }
  }

  /** `times N STATEMENT`: the statement N times, `$` moving on each time. */
  private times(cur: TokenCursor, at: (col: number) => SourceLoc): void {
    const n = this.layoutConstant(cur, asmMessage('asm.what.repeat-count'));
    if (n.value < 0n || n.value > BigInt(MAX_SECTION_BYTES)) throw new ExprError(n.col, asmMessage('asm.repeat-count-out-of-range', { value: String(n.value) }));
    if (cur.atEnd()) throw new ExprError(cur.peek().col, asmMessage('asm.times-needs-statement'));
    const from = cur.pos;
    for (let i = 0n; i < n.value && this.errors.length === 0; i++) {
      const again = new TokenCursor(cur.tokens);
      again.pos = from;
      this.statement(again, at);
    }
    while (!cur.atEnd()) cur.next();
  }

  private type(cur: TokenCursor): void {
    const t = cur.next();
    if (t.kind !== 'ident') throw new ExprError(t.col, asmMessage('asm.expected-symbol-after-type'));
    this.expectComma(cur);
    const k = cur.next();
    const kinds: Record<string, SymbolType> = { '@function': 'function', '@object': 'object', '@notype': 'notype' };
    const kind = k.kind === 'ident' ? kinds[k.text.toLowerCase()] : undefined;
    if (!kind) throw new ExprError(k.col, asmMessage('asm.expected-symbol-type'));
    this.types.set(this.mangle(t.text), kind);
  }

  private file(cur: TokenCursor): void {
    const t = cur.next();
    if (t.kind === 'str') return; // `.file "name"`: names the source; nothing to record
    if (t.kind !== 'num') throw new ExprError(t.col, asmMessage('asm.expected-file-number'));
    const s = cur.next();
    if (s.kind !== 'str') throw new ExprError(s.col, asmMessage('asm.expected-file-name'));
    if (t.value! < 0n || t.value! > 0xffffn) throw new ExprError(t.col, asmMessage('asm.file-number-out-of-range', { value: String(t.value) }));
    this.files.set(Number(t.value), new TextDecoder().decode(new Uint8Array(s.bytes!)));
  }

  private loc(cur: TokenCursor): void {
    const f = cur.next();
    if (f.kind !== 'num') throw new ExprError(f.col, asmMessage('asm.expected-file-number'));
    const file = this.files.get(Number(f.value!));
    if (file === undefined) throw new ExprError(f.col, asmMessage('asm.file-number-undeclared', { value: String(f.value) }));
    const l = cur.next();
    if (l.kind !== 'num' || l.value! < 0n || l.value! > 0xffff_ffffn) throw new ExprError(l.col, asmMessage('asm.expected-line-number'));
    let col = 0n;
    if (!cur.atEnd()) {
      const c = cur.next();
      if (c.kind !== 'num' || c.value! < 0n || c.value! > 0xffff_ffffn) throw new ExprError(c.col, asmMessage('asm.expected-column-number'));
      col = c.value!;
    }
    this.hasLoc = true;
    this.locState = { file, line: Number(l.value!), col: Number(col) };
  }

  // --------------------------------------------------------------------------
  // Symbol lookup

  private env(here: Value): EvalEnv {
    return { here, lookup: (name, col) => this.lookup(name, col) };
  }

  private lookup(name: string, col: number): Value | undefined {
    if (isReservedWord(name)) throw new ExprError(col, asmMessage('asm.reserved-as-value', { name }));
    const def = this.symbols.get(name);
    if (!def) {
      if (this.pass === 1) return undefined;
      if (isLocalName(name)) throw new ExprError(col, asmMessage('asm.undefined-local-label', { name }));
      return { kind: 'ext', name, value: 0n };
    }
    if (def.kind === 'label') return { kind: 'sec', section: def.section!.name, value: BigInt(def.offset) };
    if (def.cached) return def.cached;
    if (def.failed) throw new ReportedError(col);
    if (def.busy) throw new ExprError(col, asmMessage('asm.self-defined', { name }));
    def.busy = true;
    try {
      const v = evaluate(def.expr!, this.env(def.here!));
      if (v) def.cached = v;
      return v;
    } finally {
      def.busy = false;
    }
  }

  // --------------------------------------------------------------------------
  // Pass 2

  private pass2(): void {
    this.pass = 2;
    for (const s of this.sections.values()) if (!s.bss && s.size > 0) s.bytes = new Uint8Array(s.size);
    for (const def of this.symbols.values()) {
      if (def.kind !== 'equ') continue;
      try {
        this.lookup(def.name, def.loc.col);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        def.failed = true;
        if (!(e instanceof ReportedError)) this.error({ ...def.loc, col: e.col }, e.said);
      }
    }
    const lastLine = new Map<SectionState, SrcPos>();
    for (const st of this.stmts) {
      if (this.errors.length >= MAX_ERRORS) return;
      try {
        if (st.kind === 'insn') {
          this.encodeInsn(st);
          this.lineEntry(st, lastLine);
        } else if (st.kind === 'data') this.emitData(st);
        else if (st.kind === 'fill') this.emitFill(st);
        else this.emitSize(st);
      } catch (e) {
        if (e instanceof ReportedError) continue;
        if (!(e instanceof ExprError)) throw e;
        this.error({ ...('loc' in st ? st.loc : { file: this.filename, line: 1 }), col: e.col }, e.said);
      }
    }
  }

  private eval(expr: Expr, section: SectionState, offset: number): Value {
    const v = evaluate(expr, this.env({ kind: 'sec', section: section.name, value: BigInt(offset) }));
    if (!v) throw new ExprError(expr.col, asmMessage('asm.expression-has-no-value')); // unreachable in pass 2: unknown names are external
    return v;
  }

  /** A 32-bit word at `at`: a constant, or 0 plus an ABS32 relocation. */
  private word32(v: Value, section: SectionState, at: number, col: number, loc: SourceLoc): number {
    if (v.kind === 'abs') {
      if (!fits32(v.value)) throw new ExprError(col, asmMessage('asm.value-does-not-fit', { value: String(v.value) }));
      return Number(BigInt.asIntN(32, v.value));
    }
    if (!section.alloc) throw new ExprError(col, asmMessage('asm.address-in-non-alloc-section', { section: section.name }));
    if (!fitsAddend(v.value)) throw new ExprError(col, asmMessage('asm.offset-does-not-fit', { value: String(v.value) }));
    const target = v.kind === 'sec' ? ({ kind: 'section', name: v.section } as const) : ({ kind: 'symbol', name: v.name } as const);
    this.relocations.push({ section: section.name, offset: at, kind: 'ABS32', target, addend: Number(v.value), loc: { ...loc, col } });
    return 0;
  }

  private encodeInsn(st: Extract<Stmt, { kind: 'insn' }>): void {
    const { m, section, offset, loc } = st;
    const ins = blankInstruction(m.form);
    ins.a = m.a;
    ins.b = m.b;
    ins.x = m.x;
    ins.s = m.s;
    ins.z = m.z;
    const length = formLength(m.form);
    if (typeof m.i8 === 'number') ins.i8 = m.i8;
    else {
      const v = this.eval(m.i8, section, offset);
      if (v.kind !== 'abs') throw new ExprError(m.i8.col, asmMessage('asm.imm8-not-address'));
      if (v.value < 0n || v.value > 255n) throw new ExprError(m.i8.col, asmMessage('asm.imm8-out-of-range', { value: String(v.value) }));
      ins.i8 = Number(v.value);
    }
    if (hasMemory(m.form)) {
      ins.disp = m.disp ? this.word32(this.eval(m.disp, section, offset), section, offset + 4, m.disp.col, loc) : 0;
    }
    if (hasImm32(m.form) && m.imm) {
      const at = offset + length - 4;
      const v = this.eval(m.imm, section, offset);
      if (m.form.operands.includes('rel')) ins.imm = this.branch(v, section, offset + length, at, m.imm.col, loc);
      else {
        if (m.storeSize !== undefined && v.kind === 'abs') checkStoreRange(v.value, m.storeSize, m.imm.col);
        if (m.storeSize !== undefined && m.storeSize !== 2 && v.kind !== 'abs') {
          throw new ExprError(m.imm.col, asmMessage('asm.short-store-address'));
        }
        ins.imm = this.word32(v, section, at, m.imm.col, loc);
      }
    }
    section.bytes!.set(encode(ins), offset);
  }

  /** A branch offset: resolved here within one section, otherwise a REL32 relocation. */
  private branch(v: Value, section: SectionState, next: number, at: number, col: number, loc: SourceLoc): number {
    if (v.kind === 'sec' && v.section === section.name) {
      const rel = v.value - BigInt(next);
      if (rel < -0x8000_0000n || rel > 0x7fff_ffffn) throw new ExprError(col, asmMessage('asm.branch-out-of-range'));
      return Number(rel);
    }
    if (v.kind === 'abs' && (v.value < 0n || v.value > 0xffff_ffffn)) throw new ExprError(col, asmMessage('asm.branch-not-32-bit', { value: String(v.value) }));
    if (!fitsAddend(v.value)) throw new ExprError(col, asmMessage('asm.offset-does-not-fit', { value: String(v.value) }));
    const target =
      v.kind === 'sec' ? ({ kind: 'section', name: v.section } as const)
      : v.kind === 'ext' ? ({ kind: 'symbol', name: v.name } as const)
      : ({ kind: 'absolute' } as const);
    this.relocations.push({ section: section.name, offset: at, kind: 'REL32', target, addend: Number(v.value), loc: { ...loc, col } });
    return 0;
  }

  private lineEntry(st: Extract<Stmt, { kind: 'insn' }>, last: Map<SectionState, SrcPos>): void {
    const pos = this.hasLoc ? st.srcPos : { file: st.loc.file, line: st.loc.line, col: st.loc.col };
    if (!pos) return;
    const prev = last.get(st.section);
    if (prev && prev.file === pos.file && prev.line === pos.line && prev.col === pos.col) return;
    last.set(st.section, pos);
    this.lines.push({ section: st.section.name, offset: st.offset, ...pos });
  }

  private emitData(st: Extract<Stmt, { kind: 'data' }>): void {
    const { section, loc, width } = st;
    let at = st.offset;
    const view = new DataView(section.bytes!.buffer);
    for (const item of st.items) {
      if ('bytes' in item) {
        section.bytes!.set(item.bytes, at);
        at += item.bytes.length;
        continue;
      }
      const v = this.eval(item.expr, section, st.offset);
      if (width === 4) view.setInt32(at, this.word32(v, section, at, item.col, loc), true);
      else {
        if (v.kind !== 'abs') throw new ExprError(item.col, asmMessage('asm.data-cannot-hold-address', { width: width === 1 ? 'byte' : 'word' }));
        const lo = width === 1 ? -128n : -32768n;
        const hi = width === 1 ? 255n : 65535n;
        if (v.value < lo || v.value > hi) throw new ExprError(item.col, asmMessage('asm.data-value-out-of-range', { value: String(v.value), width: width === 1 ? 'byte' : 'word', low: String(lo), high: String(hi) }));
        if (width === 1) view.setUint8(at, Number(v.value) & 0xff);
        else view.setUint16(at, Number(v.value) & 0xffff, true);
      }
      at += width;
    }
  }

  /** Fill bytes; value -1 means alignment padding (nop instructions in .text where they fit). */
  private emitFill(st: Extract<Stmt, { kind: 'fill' }>): void {
    const bytes = st.section.bytes!;
    if (st.value >= 0) {
      bytes.fill(st.value, st.offset, st.offset + st.count);
      return;
    }
    if (st.section.name === '.text' && st.offset % 4 === 0 && st.count % 4 === 0) {
      const view = new DataView(bytes.buffer);
      for (let k = 0; k < st.count; k += 4) view.setUint32(st.offset + k, NOP_WORD, true);
    }
  }

  private emitSize(st: Extract<Stmt, { kind: 'size' }>): void {
    const v = this.eval(st.expr, st.section, st.offset);
    if (v.kind !== 'abs') throw new ExprError(st.expr.col, asmMessage('asm.size-needs-constant'));
    if (v.value < 0n || v.value > 0xffff_ffffn) throw new ExprError(st.expr.col, asmMessage('asm.size-out-of-range', { value: String(v.value) }));
    if (!this.symbols.has(st.name)) throw new ExprError(st.loc.col, asmMessage('asm.size-undefined-symbol', { name: st.name }));
    this.sizes.set(st.name, Number(v.value));
  }

  // --------------------------------------------------------------------------
  // The object

  private object(): ObjectFile {
    const symbols: ObjectSymbol[] = [];
    for (const def of this.symbols.values()) {
      const global = this.globals.has(def.name);
      if (def.name.startsWith('.L') && !global) continue;
      const common = { name: def.name, global, size: this.sizes.get(def.name) ?? 0, type: this.types.get(def.name) ?? 'notype', loc: def.loc };
      if (def.kind === 'label') {
        symbols.push({ ...common, section: def.section!.name, offset: def.offset });
      } else if (global) {
        const v = def.cached;
        // An exported .equ must be a plain number; label-relative ones stay file-local.
        if (v && v.kind === 'abs' && fits32(v.value)) symbols.push({ ...common, section: null, offset: Number(BigInt.asUintN(32, v.value)) });
        else if (v && v.kind === 'sec') symbols.push({ ...common, section: v.section, offset: Number(v.value) });
      }
    }
    return {
      source: this.filename,
      sections: [...this.sections.values()].map((s) => ({
        name: s.name,
        bytes: s.bytes ?? new Uint8Array(0),
        size: s.size,
        align: s.align,
      })),
      symbols,
      relocations: this.relocations,
      lines: this.lines,
    };
  }
}

function checkStoreRange(v: bigint, size: number, col: number): void {
  if (size === SIZE_BYTE && (v < -128n || v > 255n)) throw new ExprError(col, asmMessage('asm.byte-store-out-of-range', { value: String(v) }));
  if (size === SIZE_WORD && (v < -32768n || v > 65535n)) throw new ExprError(col, asmMessage('asm.word-store-out-of-range', { value: String(v) }));
}
