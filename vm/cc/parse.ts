// The parser: preprocessed tokens -> a typed syntax tree for one translation unit.
//
// Recursive descent in the shape of the C grammar (as chibicc): declarations
// (specifiers, declarators, initializers), statements, and expressions by
// precedence level. Names are resolved while parsing through a stack of
// scopes, so every identifier is known to be a variable, a typedef name or an
// enum constant when it is read; the node constructors in sema.ts give every
// expression its type and conversions.
//
// What the parser decides about storage: parameters live above the frame
// pointer ([ebp+8], [ebp+12], ...; a struct-returning function's hidden
// result pointer comes first), locals below it, each block's variables in
// their own slots. Globals, static locals and string literals become
// objects with assembly labels and, when initialised, relocatable data.

import type { InitData, Node, NodeKind, Obj, Scope } from './ast.js';
import { fail } from './diag.js';
import { ccMessage } from './messages.js';
import type { CcMessage } from './messages.js';
import { parseFloatConst } from './float-const.js';
import * as S from './sema.js';
import { Token, badToken, charLiteralValue, decodeEscapes } from './tokenize.js';
import {
  EnumRec, Member, StructRec, Type, alignOf, tyDouble, tyFloat, tyLLong, tyULLong, arrayOf, compatible, funcType, isComplete, isInteger,
  isScalar, isStructLike, promote, ptrTo, qualified, sizeOf, tyBool, tyChar, tyInt, tyLong, tyShort,
  tyUChar, tyUInt, tyULong, tyUShort, tyVoid, typeName, unqualified,
} from './types.js';

export interface Program {
  /** File-scope variables, static locals and string literals, in order of first declaration. */
  globals: Obj[];
  /** Function definitions, in source order. */
  functions: Obj[];
  /** Every struct/union and enum defined, and every typedef, for debug info. */
  structs: StructRec[];
  enums: EnumRec[];
  typedefs: { name: string; type: Type }[];
}

interface Entry {
  obj?: Obj;
  typedef?: Type;
  enumVal?: number;
}

interface Level {
  vars: Map<string, Entry>;
  tags: Map<string, Type>;
}

interface DeclAttr {
  isTypedef: boolean;
  isStatic: boolean;
  isExtern: boolean;
  isInline: boolean;
  align: number;
}

interface Attrs {
  aligned?: number;
  packed?: boolean;
}

/** An initializer being parsed: one node per object or sub-object. */
interface Init {
  ty: Type;
  /** The value of a scalar, or of a whole struct (`struct s a = b;`). */
  expr?: Node;
  /** Elements or members, created on demand (absent ones are zero). */
  kids?: (Init | undefined)[];
  /** For unions: the member that is initialised. */
  unionIdx?: number;
}

const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern',
  'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed',
  'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while',
  '_Bool', '_Alignas', '_Alignof', '_Static_assert', '_Noreturn', '_Complex', '_Imaginary', '_Atomic',
  '_Thread_local', '_Generic', '__attribute__', '__alignof__', '__typeof__', 'typeof', 'asm', '__asm__',
]);

const TYPE_WORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'struct', 'union',
  'enum', 'const', 'volatile', 'typedef', 'static', 'extern', 'inline', '_Noreturn', 'register', 'auto',
  '_Alignas', '__attribute__', '_Atomic', '_Complex', 'typeof', '__typeof__', '_Thread_local', 'restrict',
]);

/** Type specifiers that cannot follow a struct/union/enum definition in the same declaration. */
const SPECIFIER_WORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'struct', 'union', 'enum',
]);

/** Attributes that change meaning in ways this compiler does not implement. */
const UNSUPPORTED_ATTRS = new Set([
  'section', 'weak', 'alias', 'regparm', 'stdcall', 'fastcall', 'naked', 'interrupt', 'constructor',
  'destructor', 'cleanup', 'vector_size', 'mode', 'transparent_union', 'ifunc', 'visibility',
]);

/** Words that cannot name symbols in the assembler (registers, sizes): C names that clash are renamed. */
const ASM_RESERVED = new Set([
  'eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di',
  'al', 'cl', 'dl', 'bl', 'cr0', 'cr2', 'cr3', 'cr4', 'byte', 'word', 'dword', 'ptr', 'equ',
]);

/** The assembly label of a C name with external or file linkage. */
export function asmSymbol(name: string): string {
  return ASM_RESERVED.has(name.toLowerCase()) ? `__c_${name}` : name;
}

const MAX_NESTING = 300;

function alignTo(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function isCharType(t: Type): boolean {
  return t.kind === 'char';
}

export class Parser {
  private k = 0;
  private levels: Level[] = [];
  private globals: Obj[] = [];
  private globalByName = new Map<string, Obj>();
  private functions: Obj[] = [];
  private structs: StructRec[] = [];
  private enums: EnumRec[] = [];
  private typedefs: { name: string; type: Type }[] = [];
  private strings = new Map<string, Obj>();
  private recId = 0;
  private uniq = 0;
  private depth = 0;
  private fnCount = 0;
  /** Assembler names of the current function's static locals (one per block's `static int i`). */
  private staticNames = new Set<string>();
  // The function being parsed.
  private fn?: Obj;
  private locals: Obj[] = [];
  private dbgScopes: Scope[] = [];
  private brkLabels: string[] = [];
  private contLabels: string[] = [];
  private switches: Node[] = [];
  private labels = new Map<string, { label: string; defined: boolean; tok: Token }>();
  private funcName?: Obj;

  constructor(private toks: Token[]) {}

  // --------------------------------------------------------------------------
  // Tokens

  private get tok(): Token {
    return this.toks[this.k];
  }

  private peek(n = 1): Token {
    return this.toks[Math.min(this.k + n, this.toks.length - 1)];
  }

  private is(text: string, t: Token = this.tok): boolean {
    return t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  private advance(): Token {
    const t = this.tok;
    if (t.kind === 'other') badToken(t);
    if (t.kind !== 'eof') this.k++;
    return t;
  }

  private consume(text: string): boolean {
    if (!this.is(text)) return false;
    this.k++;
    return true;
  }

  private found(t: Token = this.tok): CcMessage {
    if (t.kind === 'eof') return ccMessage('cc.found.eof');
    return ccMessage('cc.found.before', { token: t.text.length > 40 ? t.text.slice(0, 40) + '…' : t.text });
  }

  private errExpected(what: CcMessage): never {
    if (this.tok.kind === 'other') badToken(this.tok);
    fail(this.tok, 'cc.expected', { what, found: this.found() });
  }

  private expect(text: string, context?: CcMessage): Token {
    if (!this.is(text)) this.errExpected(context ? ccMessage('cc.what.token-context', { token: text, context }) : ccMessage('cc.what.token', { token: text }));
    return this.advance();
  }

  private isIdent(t: Token = this.tok): boolean {
    return t.kind === 'ident' && !KEYWORDS.has(t.text);
  }

  private expectIdent(what: CcMessage): Token {
    if (!this.isIdent()) this.errExpected(what);
    return this.advance();
  }

  private newLabel(): string {
    return `.L${this.uniq++}`;
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_NESTING) fail(this.tok, 'cc.nested-too-deeply', { max: String(MAX_NESTING) });
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  // --------------------------------------------------------------------------
  // Scopes

  private enter(): void {
    this.levels.push({ vars: new Map(), tags: new Map() });
  }

  private leave(): void {
    this.levels.pop();
  }

  private lookup(name: string): Entry | undefined {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const e = this.levels[i].vars.get(name);
      if (e) return e;
    }
    return undefined;
  }

  private lookupTag(name: string): Type | undefined {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const t = this.levels[i].tags.get(name);
      if (t) return t;
    }
    return undefined;
  }

  private get top(): Level {
    return this.levels[this.levels.length - 1];
  }

  /** Declare a name in the innermost scope; redeclaring a different thing there is an error. */
  private declareName(tok: Token, e: Entry): void {
    const prev = this.top.vars.get(tok.text);
    if (prev) {
      const same =
        (prev.typedef && e.typedef && compatible(prev.typedef, e.typedef)) ||
        (prev.obj && e.obj && prev.obj === e.obj);
      if (!same) {
        const kind = ccMessage(prev.typedef ? 'cc.what.typedef' : prev.enumVal !== undefined ? 'cc.what.enumerator' : 'cc.what.variable-kind');
        fail(tok, 'cc.redefinition-in-scope', { name: tok.text, kind });
      }
    }
    this.top.vars.set(tok.text, e);
  }

  private isTypename(t: Token = this.tok): boolean {
    if (t.kind !== 'ident') return false;
    if (TYPE_WORDS.has(t.text)) return true;
    return !!this.lookup(t.text)?.typedef;
  }

  // --------------------------------------------------------------------------
  // Program

  parseProgram(): Program {
    this.enter();
    while (this.tok.kind !== 'eof') {
      if (this.consume(';')) continue;
      if (this.is('_Static_assert')) {
        this.staticAssert();
        continue;
      }
      if (this.is('asm') || this.is('__asm__')) fail(this.tok, 'cc.inline-asm');
      if (!this.isTypename()) {
        if (this.isIdent() && (this.isIdent(this.peek()) || this.is('*', this.peek()))) {
          fail(this.tok, 'cc.unknown-type-name', { name: this.tok.text });
        }
        this.errExpected(ccMessage('cc.what.declaration'));
      }
      try {
        this.topLevelDeclaration();
      } catch (e) {
        if (e instanceof RangeError) fail(this.tok, 'cc.declaration-too-deep', { error: e.message });
        throw e;
      }
    }
    this.finishProgram();
    return {
      globals: this.globals,
      functions: this.functions,
      structs: this.structs,
      enums: this.enums,
      typedefs: this.typedefs,
    };
  }

  private topLevelDeclaration(): void {
    const attr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false, align: 0 };
    const base = this.declspec(attr);
    if (this.consume(';')) return;
    let first = true;
    for (;;) {
      const d = this.declarator(base, 'named');
      const attrs = this.attributes();
      if (attrs.aligned) attr.align = Math.max(attr.align, attrs.aligned);
      const name = d.name!;
      if (attr.isTypedef) {
        this.declareTypedef(name, d.ty);
      } else if (d.ty.kind === 'func') {
        if (first && this.is('{')) {
          this.functionDefinition(name, d.ty, attr);
          return;
        }
        this.declareFunction(name, d.ty, attr);
      } else {
        this.globalVariable(name, d.ty, attr);
      }
      if (this.consume(';')) return;
      if (!this.is(',')) this.errExpected(ccMessage(first && d.ty.kind === 'func' ? 'cc.what.semicolon-or-body' : 'cc.what.comma-or-semicolon-after-declarator'));
      this.k++;
      first = false;
    }
  }

  private finishProgram(): void {
    for (const g of this.globals) {
      if (g.isFunction) continue;
      if (g.isDefinition && !g.init && g.ty.kind === 'array' && g.ty.len! < 0) {
        // `int a[];` at file scope: one element, as gcc does.
        g.ty = arrayOf(g.ty.base!, 1);
      }
      if (g.isDefinition && !isComplete(g.ty)) fail(g.tok, 'cc.storage-size-unknown', { name: g.name });
    }
    for (const f of this.globalByName.values()) {
      if (f.isFunction && f.isStatic && f.isUsed && !f.body) fail(f.tok, 'cc.static-function-undefined', { name: f.name });
      // C99: a function declared `inline` everywhere and never `extern` is an
      // inline definition; it gets no external symbol (each unit that uses it
      // keeps its own copy), so headers may define it.
      if (f.isFunction && f.body && f.isInline) f.isStatic = true;
    }
  }

  private declareTypedef(name: Token, ty: Type): void {
    const named: Type = { ...ty, typedefName: name.text };
    this.typedefs.push({ name: name.text, type: ty });
    this.declareName(name, { typedef: named });
  }

  private staticAssert(): void {
    const kw = this.advance();
    this.expect('(', ccMessage('cc.after.static-assert'));
    const v = this.constExpr(ccMessage('cc.what.static-assertion'));
    let msg = '';
    if (this.consume(',')) msg = this.stringLiteralText();
    this.expect(')');
    this.expect(';', ccMessage('cc.after.static-assert-unquoted'));
    if (v === 0 && msg) fail(kw, 'cc.static-assertion-failed-text', { text: msg });
    if (v === 0) fail(kw, 'cc.static-assertion-failed');
  }

  // --------------------------------------------------------------------------
  // Declaration specifiers

  private declspec(attr?: DeclAttr): Type {
    const VOID = 1 << 0, BOOL = 1 << 2, CHAR = 1 << 4, SHORT = 1 << 6, INT = 1 << 8, LONG = 1 << 10;
    const OTHER = 1 << 12, SIGNED = 1 << 13, UNSIGNED = 1 << 14, FLOAT = 1 << 15, DOUBLE = 1 << 16;
    let ty: Type = tyInt;
    let counter = 0;
    let isConst = false;
    let isVolatile = false;
    let sawAny = false;
    let definedBody: Token | undefined; // the '}' of a struct/union/enum defined here
    const start = this.tok;
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'ident') break;
      if (definedBody && SPECIFIER_WORDS.has(t.text)) {
        fail(definedBody, 'cc.expected-semicolon-after-definition');
      }
      const s = t.text;
      if (s === 'typedef' || s === 'static' || s === 'extern' || s === 'inline' || s === '_Noreturn' || s === 'auto' || s === 'register' || s === '_Thread_local') {
        if (!attr) fail(t, 'cc.storage-class-not-allowed', { word: s });
        if (s === '_Thread_local') fail(t, 'cc.thread-local-unsupported');
        if (s === 'typedef') attr.isTypedef = true;
        else if (s === 'static') attr.isStatic = true;
        else if (s === 'extern') attr.isExtern = true;
        else if (s === 'inline') attr.isInline = true;
        if (attr.isTypedef && (attr.isStatic || attr.isExtern)) fail(t, 'cc.typedef-with-storage-class');
        if (attr.isStatic && attr.isExtern) fail(t, 'cc.multiple-storage-classes');
        this.k++;
        sawAny = true;
        continue;
      }
      if (s === 'const') {
        isConst = true;
        this.k++;
        sawAny = true;
        continue;
      }
      if (s === 'volatile') {
        isVolatile = true;
        this.k++;
        sawAny = true;
        continue;
      }
      if (s === 'restrict') {
        this.k++;
        continue;
      }
      if (s === '_Atomic') fail(t, 'cc.atomic-unsupported');
      if (s === '__attribute__') {
        const a = this.attributes();
        if (a.aligned && attr) attr.align = Math.max(attr.align, a.aligned);
        continue;
      }
      if (s === '_Alignas') {
        this.k++;
        this.expect('(', ccMessage('cc.after.alignas'));
        const n = this.isTypename() ? alignOf(this.typename()) : this.constExpr(ccMessage('cc.what.alignment'));
        this.expect(')');
        if (n <= 0 || (n & (n - 1)) !== 0 || n > 4096) fail(t, 'cc.alignment-not-power-of-two');
        if (!attr) fail(t, 'cc.alignas-not-allowed');
        attr.align = Math.max(attr.align, n);
        continue;
      }
      const td = !KEYWORDS.has(s) ? this.lookup(s)?.typedef : undefined;
      if (s === 'struct' || s === 'union' || s === 'enum' || s === 'typeof' || s === '__typeof__' || td) {
        if (counter) {
          if (td) break; // a typedef name after a type: it is the declarator's name
          fail(t, 'cc.two-data-types');
        }
        if (s === 'struct' || s === 'union' || s === 'enum') {
          ty = this.nest(() => (s === 'enum' ? this.enumDecl() : this.structDecl(s)));
          const prev = this.toks[this.k - 1];
          if (this.is('}', prev)) definedBody = prev;
        } else if (td) {
          ty = td;
          this.k++;
        } else ty = this.typeofSpec();
        counter += OTHER;
        sawAny = true;
        continue;
      }
      if (s === '_Complex' || s === '_Imaginary') fail(t, 'cc.not-supported', { word: s });
      let bit = 0;
      switch (s) {
        case 'void': bit = VOID; break;
        case '_Bool': bit = BOOL; break;
        case 'char': bit = CHAR; break;
        case 'short': bit = SHORT; break;
        case 'int': bit = INT; break;
        case 'long': bit = LONG; break;
        case 'signed': bit = SIGNED; break;
        case 'unsigned': bit = UNSIGNED; break;
        case 'float': bit = FLOAT; break;
        case 'double': bit = DOUBLE; break;
      }
      if (!bit) break;
      if (bit === LONG && (counter & (LONG * 3)) === LONG * 2) fail(t, 'cc.long-long-long');
      if ((bit === SIGNED && counter & (SIGNED | UNSIGNED)) || (bit === UNSIGNED && counter & (SIGNED | UNSIGNED))) {
        fail(t, 'cc.conflicting-signedness');
      }
      if (counter & bit && bit !== LONG) fail(t, 'cc.duplicate', { word: s });
      counter += bit;
      sawAny = true;
      this.k++;
      switch (counter) {
        case VOID: ty = tyVoid; break;
        case BOOL: ty = tyBool; break;
        case CHAR:
        case SIGNED + CHAR: ty = tyChar; break;
        case UNSIGNED + CHAR: ty = tyUChar; break;
        case SHORT:
        case SHORT + INT:
        case SIGNED + SHORT:
        case SIGNED + SHORT + INT: ty = tyShort; break;
        case UNSIGNED + SHORT:
        case UNSIGNED + SHORT + INT: ty = tyUShort; break;
        case INT:
        case SIGNED:
        case SIGNED + INT: ty = tyInt; break;
        case UNSIGNED:
        case UNSIGNED + INT: ty = tyUInt; break;
        case LONG:
        case LONG + INT:
        case SIGNED + LONG:
        case SIGNED + LONG + INT: ty = tyLong; break;
        case UNSIGNED + LONG:
        case UNSIGNED + LONG + INT: ty = tyULong; break;
        case LONG * 2:
        case LONG * 2 + INT:
        case SIGNED + LONG * 2:
        case SIGNED + LONG * 2 + INT: ty = tyLLong; break;
        case UNSIGNED + LONG * 2:
        case UNSIGNED + LONG * 2 + INT: ty = tyULLong; break;
        case FLOAT: ty = tyFloat; break;
        // long double is double: there is no wider format without an FPU to want it.
        case DOUBLE:
        case LONG + DOUBLE: ty = tyDouble; break;
        default: fail(t, 'cc.two-data-types');
      }
    }
    if (counter === 0) {
      if (sawAny) fail(this.tok, 'cc.type-specifier-missing', { found: this.found() });
      fail(start, 'cc.expected-type', { found: this.found(start) });
    }
    return qualified(ty, isConst, isVolatile);
  }

  private typeofSpec(): Type {
    this.k++;
    this.expect('(', ccMessage('cc.after.typeof'));
    let ty: Type;
    if (this.isTypename()) ty = this.typename();
    else ty = this.expr().ty;
    this.expect(')');
    return ty;
  }

  /** Zero or more `__attribute__((...))`. Unknown harmless attributes are ignored, as gcc warns and ignores them. */
  private attributes(): Attrs {
    const out: Attrs = {};
    while (this.is('__attribute__')) {
      this.k++;
      this.expect('(', ccMessage('cc.after.attribute'));
      this.expect('(', ccMessage('cc.after.attribute-paren'));
      while (!this.is(')')) {
        if (this.tok.kind !== 'ident') this.errExpected(ccMessage('cc.what.attribute-name'));
        const t = this.advance();
        const name = t.text.replace(/^__(.*)__$/, '$1');
        if (UNSUPPORTED_ATTRS.has(name)) fail(t, 'cc.attribute-not-supported', { name });
        if (name === 'packed') out.packed = true;
        if (this.is('(')) {
          if (name === 'aligned') {
            this.k++;
            const n = this.constExpr(ccMessage('cc.what.alignment'));
            if (n <= 0 || (n & (n - 1)) !== 0 || n > 4096) fail(t, 'cc.alignment-not-power-of-two');
            out.aligned = Math.max(out.aligned ?? 0, n);
            this.expect(')');
          } else {
            this.skipBalanced();
          }
        } else if (name === 'aligned') {
          out.aligned = 16;
        }
        if (!this.consume(',')) break;
      }
      this.expect(')', ccMessage('cc.after.close-attribute-list'));
      this.expect(')', ccMessage('cc.after.close-attribute-list'));
    }
    return out;
  }

  /** Skip a parenthesised token group (attribute arguments we ignore). */
  private skipBalanced(): void {
    let depth = 0;
    do {
      if (this.tok.kind === 'eof') this.errExpected(ccMessage('cc.what.token', { token: ')' }));
      if (this.is('(')) depth++;
      else if (this.is(')')) depth--;
      this.advance();
    } while (depth > 0);
  }

  // --------------------------------------------------------------------------
  // Declarators

  /** Pointer stars with their qualifiers: `* const * volatile`. */
  private pointers(ty: Type): Type {
    let levels = 0;
    while (this.is('*')) {
      if (++levels > MAX_NESTING) fail(this.tok, 'cc.too-many-pointer-levels');
      this.k++;
      ty = ptrTo(ty);
      for (;;) {
        if (this.consume('const')) ty = qualified(ty, true, false);
        else if (this.consume('volatile')) ty = qualified(ty, false, true);
        else if (this.consume('restrict') || this.consume('__restrict')) continue;
        else if (this.is('__attribute__')) this.attributes();
        else break;
      }
    }
    return ty;
  }

  /** After '(' in a declarator: is this a nested declarator (vs a parameter list)? */
  private nestedDeclaratorAhead(): boolean {
    const t = this.peek();
    if (this.is('*', t) || this.is('(', t) || this.is('[', t)) return true;
    if (t.kind === 'ident' && !this.isTypename(t) && !KEYWORDS.has(t.text)) return true;
    return this.is('__attribute__', t);
  }

  /**
   * A declarator: pointers, then a name or a parenthesised declarator, then
   * array and function suffixes. mode 'named' requires a name, 'abstract'
   * forbids one, 'optional' (parameters) allows either.
   */
  private declarator(ty: Type, mode: 'named' | 'abstract' | 'optional'): { ty: Type; name?: Token } {
    return this.nest(() => {
      ty = this.pointers(ty);
      if (this.is('(') && this.nestedDeclaratorAhead()) {
        // Parse the suffix first (it applies to the outer type), then the inner declarator.
        const start = this.k;
        this.k++;
        this.attributes();
        this.declarator(tyInt, mode);
        this.expect(')');
        const outer = this.typeSuffix(ty);
        const end = this.k;
        this.k = start + 1;
        this.attributes();
        const inner = this.declarator(outer, mode);
        this.expect(')');
        this.k = end;
        return inner;
      }
      let name: Token | undefined;
      if (this.isIdent()) {
        if (mode === 'abstract') this.errExpected(ccMessage('cc.what.paren-or-type'));
        name = this.advance();
      } else if (mode === 'named') {
        if (this.tok.kind === 'ident' && KEYWORDS.has(this.tok.text)) fail(this.tok, 'cc.keyword-as-name', { name: this.tok.text });
        this.errExpected(ccMessage('cc.what.identifier'));
      }
      return { ty: this.typeSuffix(ty), name };
    });
  }

  private typeSuffix(ty: Type): Type {
    if (this.is('(')) {
      this.k++;
      return this.funcParams(ty);
    }
    if (this.is('[')) {
      const open = this.advance();
      while (this.consume('static') || this.consume('const') || this.consume('restrict') || this.consume('volatile'));
      let len = -1;
      if (!this.is(']')) {
        const n = this.assign();
        const c = S.rv(n);
        if (!isInteger(c.ty)) fail(n.tok, 'cc.array-size-not-integer');
        if (c.kind !== 'num') fail(n.tok, 'cc.vla-unsupported');
        if (c.ty.unsigned ? c.val! >>> 0 > 0x7fffffff : c.val! < 0) fail(n.tok, 'cc.array-size-negative');
        len = c.val!;
      }
      this.expect(']', ccMessage('cc.after.close-array-size'));
      const elem = this.nest(() => this.typeSuffix(ty));
      if (elem.kind === 'func') fail(open, 'cc.array-of-functions');
      if (elem.kind === 'void') fail(open, 'cc.array-of-voids');
      if (!isComplete(elem)) fail(open, 'cc.array-incomplete-element', { type: typeName(elem) });
      if (len >= 0 && sizeOf(elem) * len > 0x7fffffff) fail(open, 'cc.array-too-large');
      return arrayOf(elem, len);
    }
    return ty;
  }

  private funcParams(ret: Type): Type {
    const open = this.toks[this.k - 1];
    if (ret.kind === 'array') fail(open, 'cc.function-returns-array');
    if (ret.kind === 'func') fail(open, 'cc.function-returns-function');
    if (this.consume(')')) {
      const ft = funcType(ret, [], false, true);
      ft.paramNames = [];
      return ft;
    }
    if (this.is('void') && this.is(')', this.peek())) {
      this.k += 2;
      const ft = funcType(ret, [], false, false);
      ft.paramNames = [];
      return ft;
    }
    const params: Type[] = [];
    const names: (Token | undefined)[] = [];
    let variadic = false;
    this.enter();
    try {
      for (;;) {
        if (this.is('...')) {
          if (params.length === 0) fail(this.tok, 'cc.variadic-needs-named-parameter');
          this.k++;
          variadic = true;
          this.expect(')', ccMessage('cc.after.ellipsis'));
          break;
        }
        if (!this.isTypename()) {
          if (this.isIdent()) fail(this.tok, 'cc.unknown-type-name-kr', { name: this.tok.text });
          this.errExpected(ccMessage('cc.what.parameter-declaration'));
        }
        const attr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false, align: 0 };
        const at = this.tok;
        const base = this.declspec(attr);
        if (attr.isTypedef || attr.isStatic || attr.isExtern || attr.isInline) fail(at, 'cc.parameter-storage-class');
        const d = this.declarator(base, 'optional');
        this.attributes();
        let t = d.ty;
        if (t.kind === 'void') fail(d.name ?? at, 'cc.parameter-void');
        if (t.kind === 'array') t = qualified(ptrTo(t.base!), t.isConst, false);
        else if (t.kind === 'func') t = ptrTo(t);
        // Parameters are declared in one scope, prototype or definition (C11 6.2.1p4, 6.7p3).
        if (d.name && names.some((n) => n?.text === d.name!.text)) fail(d.name, 'cc.duplicate-parameter', { name: d.name.text });
        params.push(t);
        names.push(d.name);
        if (this.consume(')')) break;
        if (!this.is(',')) this.errExpected(ccMessage('cc.what.comma-or-paren-in-parameters'));
        this.k++;
      }
    } finally {
      this.leave();
    }
    const ft = funcType(ret, params, variadic, false);
    ft.paramNames = names;
    return ft;
  }

  /** A type name, as in casts and sizeof: specifiers plus an abstract declarator. */
  private typename(): Type {
    const ty = this.declspec();
    return this.declarator(ty, 'abstract').ty;
  }

  // --------------------------------------------------------------------------
  // struct, union, enum

  private newStruct(kind: 'struct' | 'union', tag: string | undefined, at: Token): Type {
    const rec: StructRec = { kind, tag, id: this.recId++, members: [], size: 0, align: 1, complete: false, file: at.file.path, line: at.line };
    return { kind, unsigned: false, isConst: false, isVolatile: false, rec };
  }

  private structDecl(kind: 'struct' | 'union'): Type {
    const kw = this.advance();
    const attrs = this.attributes();
    let tag: Token | undefined;
    if (this.isIdent()) tag = this.advance();
    if (!tag && !this.is('{')) this.errExpected(ccMessage('cc.what.brace-or-tag', { kind }));
    if (tag && !this.is('{')) {
      const found = this.lookupTag(tag.text);
      // `struct s;` alone declares a new incomplete type in this scope.
      const aloneDecl = this.is(';') && this.levels.length > 1 && !this.top.tags.has(tag.text);
      if (found && !aloneDecl) {
        if (found.kind !== kind) fail(tag, 'cc.wrong-kind-of-tag', { tag: tag.text });
        return found;
      }
      const t = this.newStruct(kind, tag.text, tag);
      this.top.tags.set(tag.text, t);
      return t;
    }
    this.k++; // '{'
    let ty: Type;
    if (tag) {
      const here = this.top.tags.get(tag.text);
      if (here && here.kind !== kind) fail(tag, 'cc.wrong-kind-of-tag', { tag: tag.text });
      if (here && here.rec!.complete) fail(tag, 'cc.redefinition-tag', { kind, tag: tag.text });
      if (here) {
        ty = here;
        ty.rec!.file = tag.file.path;
        ty.rec!.line = tag.line;
      } else {
        ty = this.newStruct(kind, tag.text, tag);
        this.top.tags.set(tag.text, ty);
      }
    } else {
      ty = this.newStruct(kind, undefined, kw);
    }
    const members: (Member & { tok: Token; align?: number })[] = [];
    while (!this.consume('}')) {
      if (this.tok.kind === 'eof') this.errExpected(ccMessage('cc.what.close-kind', { kind }));
      if (this.is('_Static_assert')) {
        this.staticAssert();
        continue;
      }
      if (this.consume(';')) continue;
      const mtok = this.tok;
      if (!this.isTypename()) this.errExpected(ccMessage('cc.what.member-declaration', { kind }));
      const mattr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false, align: 0 };
      const mty = this.declspec(mattr);
      if (mattr.isTypedef || mattr.isStatic || mattr.isExtern || mattr.isInline) fail(mtok, 'cc.member-storage-class', { kind });
      if (isStructLike(mty) && this.is(';')) {
        // An anonymous struct/union member: its members are reached directly.
        this.k++;
        members.push({ name: undefined, type: mty, offset: 0, tok: mtok });
        continue;
      }
      for (;;) {
        const d = this.declarator(mty, 'named');
        if (this.is(':')) fail(this.tok, 'cc.bit-fields-unsupported');
        const ma = this.attributes();
        if (d.ty.kind === 'func') fail(d.name!, 'cc.field-is-function', { name: d.name!.text });
        const malign = Math.max(ma.aligned ?? 0, mattr.align) || undefined;
        members.push({ name: d.name!.text, type: d.ty, offset: 0, tok: d.name!, align: malign });
        if (this.consume(';')) break;
        if (!this.is(',')) this.errExpected(ccMessage('cc.what.comma-or-semicolon-after-member'));
        this.k++;
      }
    }
    const after = this.attributes();
    this.layout(ty.rec!, members, !!(attrs.packed || after.packed), Math.max(attrs.aligned ?? 0, after.aligned ?? 0));
    this.structs.push(ty.rec!);
    return ty;
  }

  private layout(rec: StructRec, members: (Member & { tok: Token; align?: number })[], packed: boolean, minAlign: number): void {
    const seen = new Set<string>();
    const checkNames = (ms: Member[], at: Token) => {
      for (const m of ms) {
        if (m.name !== undefined) {
          if (seen.has(m.name)) fail(at, 'cc.duplicate-member', { name: m.name });
          seen.add(m.name);
        } else if (isStructLike(m.type)) checkNames(m.type.rec!.members, at);
      }
    };
    let offset = 0;
    let size = 0;
    let align = 1;
    members.forEach((m, i) => {
      checkNames([m], m.tok);
      let msize = sizeOf(m.type);
      if (!isComplete(m.type)) {
        const flexible = m.type.kind === 'array' && m.type.len! < 0 && i === members.length - 1 && rec.kind === 'struct' && i > 0;
        if (!flexible) fail(m.tok, 'cc.field-incomplete-type', { name: m.name ?? '<anonymous>', type: typeName(m.type) });
        msize = 0;
      }
      const a = packed ? m.align ?? 1 : Math.max(alignOf(m.type), m.align ?? 1);
      align = Math.max(align, a);
      if (rec.kind === 'struct') {
        offset = alignTo(offset, a);
        m.offset = offset;
        offset += msize;
        size = offset;
      } else {
        m.offset = 0;
        size = Math.max(size, msize);
      }
    });
    align = Math.max(align, minAlign || 1);
    rec.members = members.map((m) => ({ name: m.name, type: m.type, offset: m.offset }));
    rec.align = align;
    rec.size = alignTo(size, align);
    rec.complete = true;
  }

  private enumDecl(): Type {
    this.advance();
    this.attributes();
    let tag: Token | undefined;
    if (this.isIdent()) tag = this.advance();
    if (!tag && !this.is('{')) this.errExpected(ccMessage('cc.what.brace-or-tag-after-enum'));
    const make = (rec: EnumRec): Type => ({ kind: 'enum', unsigned: false, isConst: false, isVolatile: false, enumRec: rec });
    if (tag && !this.is('{')) {
      const found = this.lookupTag(tag.text);
      if (found) {
        if (found.kind !== 'enum') fail(tag, 'cc.wrong-kind-of-tag', { tag: tag.text });
        return found;
      }
      const t = make({ tag: tag.text, id: this.recId++, values: [], complete: false });
      this.top.tags.set(tag.text, t);
      return t;
    }
    this.k++;
    let ty: Type;
    if (tag) {
      const here = this.top.tags.get(tag.text);
      if (here && here.kind !== 'enum') fail(tag, 'cc.wrong-kind-of-tag', { tag: tag.text });
      if (here && here.enumRec!.complete) fail(tag, 'cc.redeclaration-enum', { tag: tag.text });
      ty = here ?? make({ tag: tag.text, id: this.recId++, values: [], complete: false });
      this.top.tags.set(tag.text, ty);
    } else {
      ty = make({ tag: undefined, id: this.recId++, values: [], complete: false });
    }
    const rec = ty.enumRec!;
    let val = 0;
    let first = true;
    while (!this.consume('}')) {
      if (!first) {
        this.expect(',', ccMessage('cc.after.between-enumerators'));
        if (this.consume('}')) break;
      }
      first = false;
      const name = this.expectIdent(ccMessage('cc.what.enumerator-name'));
      if (this.consume('=')) val = this.constExpr(ccMessage('cc.what.enumerator-value'));
      if (val > 0x7fffffff || val < -0x80000000) fail(name, 'cc.enumerator-out-of-range');
      this.declareName(name, { enumVal: val });
      rec.values.push({ name: name.text, value: val });
      val = val + 1;
      if (val > 0x7fffffff) val = 0x80000000; // only an error if used
    }
    rec.complete = true;
    this.attributes();
    this.enums.push(rec);
    return ty;
  }

  // --------------------------------------------------------------------------
  // File-scope declarations

  private declareFunction(name: Token, ty: Type, attr: DeclAttr): Obj {
    const prev = this.globalByName.get(name.text);
    if (prev) {
      if (!prev.isFunction) fail(name, 'cc.redeclared-different-kind', { name: name.text });
      if (!compatible(prev.ty, ty)) fail(name, 'cc.conflicting-types', { name: name.text, was: typeName(prev.ty), now: typeName(ty) });
      if (attr.isStatic && !prev.isStatic) fail(name, 'cc.static-after-non-static', { name: name.text });
      if (prev.ty.noProto && !ty.noProto) prev.ty = ty;
      if (!attr.isInline || attr.isExtern) prev.isInline = false;
      this.levels[this.levels.length - 1].vars.set(name.text, { obj: prev });
      return prev;
    }
    const obj: Obj = {
      name: name.text, ty, tok: name, asmName: asmSymbol(name.text), isLocal: false, offset: 0,
      isStatic: attr.isStatic, isDefinition: false, isFunction: true, isInline: attr.isInline && !attr.isExtern,
    };
    this.globalByName.set(name.text, obj);
    this.globals.push(obj);
    this.levels[this.levels.length - 1].vars.set(name.text, { obj });
    if (this.levels.length > 1) this.levels[0].vars.set(name.text, this.levels[0].vars.get(name.text) ?? { obj });
    return obj;
  }

  private globalVariable(name: Token, ty: Type, attr: DeclAttr): void {
    if (ty.kind === 'void') fail(name, 'cc.variable-declared-void', { name: name.text });
    if (attr.isInline) fail(name, 'cc.variable-declared-inline', { name: name.text });
    let obj = this.globalByName.get(name.text);
    if (obj) {
      if (obj.isFunction) fail(name, 'cc.redeclared-different-kind', { name: name.text });
      if (!compatible(unqualified(obj.ty), unqualified(ty))) {
        fail(name, 'cc.conflicting-types', { name: name.text, was: typeName(obj.ty), now: typeName(ty) });
      }
      if (attr.isStatic && !obj.isStatic) fail(name, 'cc.static-after-non-static', { name: name.text });
      // Without a storage class a file-scope object has external linkage (C11 6.2.2p5, p7).
      if (!attr.isStatic && !attr.isExtern && obj.isStatic) fail(name, 'cc.non-static-after-static', { name: name.text });
      if (obj.ty.kind === 'array' && obj.ty.len! < 0 && ty.kind === 'array' && ty.len! >= 0) obj.ty = ty;
    } else {
      obj = {
        name: name.text, ty, tok: name, asmName: asmSymbol(name.text), isLocal: false, offset: 0,
        isStatic: attr.isStatic, isDefinition: false, isFunction: false,
      };
      this.globalByName.set(name.text, obj);
      this.globals.push(obj);
    }
    if (attr.align) obj.align = Math.max(obj.align ?? 0, attr.align);
    this.levels[0].vars.set(name.text, { obj });
    if (this.consume('=')) {
      if (obj.init) fail(name, 'cc.redefinition', { name: name.text });
      if (attr.isExtern && this.levels.length > 1) fail(name, 'cc.extern-with-initializer', { name: name.text });
      this.globalInit(obj);
      obj.isDefinition = true;
      obj.isTentative = false;
    } else if (!attr.isExtern) {
      obj.isDefinition = true;
      if (!obj.init) obj.isTentative = true;
    }
  }

  // --------------------------------------------------------------------------
  // Functions

  private functionDefinition(name: Token, ty: Type, attr: DeclAttr): void {
    const obj = this.declareFunction(name, ty, attr);
    if (obj.body) fail(name, 'cc.redefinition', { name: name.text });
    obj.ty = ty;
    obj.isDefinition = true;
    // The definition, not an earlier prototype (often in a header), is where
    // the function's code and its debug information point.
    obj.tok = name;
    const ret = ty.ret!;
    if (ret.kind !== 'void' && !isComplete(ret)) fail(name, 'cc.return-type-incomplete', { type: typeName(ret) });
    this.fn = obj;
    this.fnCount++;
    this.staticNames.clear();
    this.locals = [];
    this.labels = new Map();
    this.brkLabels = [];
    this.contLabels = [];
    this.switches = [];
    this.funcName = undefined;
    this.enter();
    const root: Scope = { startLine: name.line, endLine: name.line, vars: [], children: [] };
    this.dbgScopes = [root];
    let offset = 8;
    if (isStructLike(ret)) {
      obj.retPtr = this.newParam('.ret', ptrTo(ret), name, offset);
      offset += 4;
    }
    const params: Obj[] = [];
    ty.params!.forEach((pty, i) => {
      const pname = ty.paramNames![i];
      if (!pname) fail(name, 'cc.parameter-unnamed', { n: String(i + 1), name: name.text });
      if (!isComplete(pty)) fail(pname, 'cc.parameter-incomplete-type', { name: pname.text, type: typeName(pty) });
      const p = this.newParam(pname.text, pty, pname, offset);
      offset += alignTo(sizeOf(pty), 4);
      this.declareName(pname, { obj: p });
      root.vars.push(p);
      params.push(p);
    });
    obj.params = params;
    const body = this.compoundStatement(false);
    root.endLine = this.toks[this.k - 1].line;
    for (const [n, l] of this.labels) if (!l.defined) fail(l.tok, 'cc.label-undefined', { n: String(n) });
    // Lay out locals below ebp, each aligned.
    let off = 0;
    for (const v of this.locals) {
      const a = Math.max(alignOf(v.ty), v.align ?? 1, 1);
      off = alignTo(off + sizeOf(v.ty), a);
      v.offset = -off;
    }
    if (off > 0x10000000) fail(name, 'cc.locals-too-large', { name: name.text });
    obj.frameSize = alignTo(off, 4);
    obj.body = body;
    obj.locals = this.locals;
    obj.endTok = this.toks[this.k - 1];
    obj.scope = root;
    this.leave();
    this.fn = undefined;
    this.functions.push(obj);
  }

  private newParam(name: string, ty: Type, tok: Token, offset: number): Obj {
    return {
      name, ty, tok, asmName: '', isLocal: true, offset, isStatic: false, isDefinition: true, isFunction: false, isParam: true,
    };
  }

  private newLocal(name: string, ty: Type, tok: Token): Obj {
    const v: Obj = { name, ty, tok, asmName: '', isLocal: true, offset: 0, isStatic: false, isDefinition: true, isFunction: false };
    this.locals.push(v);
    return v;
  }

  /** An unnamed local for a struct returned by a call. */
  private tempLocal(ty: Type, tok: Token): Obj {
    return this.newLocal('', ty, tok);
  }

  // --------------------------------------------------------------------------
  // Statements

  private compoundStatement(newScope = true): Node {
    const open = this.expect('{');
    const parent = this.dbgScopes[this.dbgScopes.length - 1];
    let scope = parent;
    if (newScope) {
      this.enter();
      scope = { startLine: open.line, endLine: open.line, vars: [], children: [] };
      parent.children.push(scope);
      this.dbgScopes.push(scope);
    }
    const stmts: Node[] = [];
    try {
      while (!this.is('}')) {
        if (this.tok.kind === 'eof') this.errExpected(ccMessage('cc.what.close-block'));
        if (this.isDeclarationStart()) stmts.push(...this.localDeclaration(scope));
        else stmts.push(this.statement());
      }
      const close = this.advance();
      scope.endLine = close.line;
    } finally {
      if (newScope) {
        this.leave();
        this.dbgScopes.pop();
      }
    }
    return { kind: 'block', ty: tyVoid, tok: open, stmts };
  }

  private isDeclarationStart(): boolean {
    if (this.is('_Static_assert')) return true;
    // `T:` is a label even when T names a typedef.
    if (this.tok.kind === 'ident' && this.is(':', this.peek()) && !TYPE_WORDS.has(this.tok.text)) return false;
    return this.isTypename();
  }

  /** `inFor`: the declaration of a for statement, which declares only auto/register objects (C11 6.8.5p3). */
  private localDeclaration(scope: Scope, inFor = false): Node[] {
    if (this.is('_Static_assert')) {
      this.staticAssert();
      return [];
    }
    const attr: DeclAttr = { isTypedef: false, isStatic: false, isExtern: false, isInline: false, align: 0 };
    const base = this.declspec(attr);
    const out: Node[] = [];
    if (this.consume(';')) return out;
    for (;;) {
      const d = this.declarator(base, 'named');
      const attrs = this.attributes();
      const name = d.name!;
      const align = Math.max(attr.align, attrs.aligned ?? 0);
      if (inFor) {
        const word = attr.isTypedef ? 'cc.what.typedef' : d.ty.kind === 'func' ? 'cc.what.function' :
          attr.isStatic ? 'cc.what.static-variable' : attr.isExtern ? 'cc.what.extern-variable' : undefined;
        const what = word && ccMessage(word);
        if (what) fail(name, 'cc.for-declaration-storage', { what, name: name.text });
      }
      if (attr.isTypedef) {
        this.declareTypedef(name, d.ty);
      } else if (d.ty.kind === 'func') {
        if (attr.isStatic) fail(name, 'cc.function-storage-class', { name: name.text });
        const f = this.declareFunction(name, d.ty, attr);
        this.top.vars.set(name.text, { obj: f });
      } else if (attr.isExtern) {
        const prev = this.globalByName.get(name.text);
        // extern takes the linkage of a visible prior declaration, else external (C11 6.2.2p4).
        if (prev?.isStatic && this.lookup(name.text)?.obj !== prev) {
          fail(name, 'cc.conflicting-linkage', { name: name.text });
        }
        this.globalVariable(name, d.ty, attr);
        const g = this.globalByName.get(name.text)!;
        // globalVariable made it visible at file scope; C says a block-scope extern is visible only here.
        if (!prev) this.levels[0].vars.delete(name.text);
        this.declareName(name, { obj: g });
      } else if (attr.isStatic) {
        out.push(...this.staticLocal(name, d.ty, align));
      } else {
        out.push(...this.autoLocal(name, d.ty, align, scope));
      }
      if (this.consume(';')) return out;
      if (!this.is(',')) this.errExpected(ccMessage('cc.what.comma-or-semicolon-after-declarator'));
      this.k++;
    }
  }

  private staticLocal(name: Token, ty: Type, align: number): Node[] {
    if (ty.kind === 'void') fail(name, 'cc.variable-declared-void', { name: name.text });
    // Statics of the same name in different blocks are different objects.
    let asmName = `__s${this.fnCount}_${name.text}`;
    for (let n = 2; this.staticNames.has(asmName); n++) asmName = `__s${this.fnCount}_${name.text}.${n}`;
    this.staticNames.add(asmName);
    const obj: Obj = {
      name: name.text, ty, tok: name, asmName, isLocal: false, offset: 0,
      isStatic: true, isDefinition: true, isFunction: false, align: align || undefined, ownerFn: this.fn!.name,
    };
    this.declareName(name, { obj });
    if (this.consume('=')) this.globalInit(obj);
    if (!isComplete(obj.ty)) fail(name, 'cc.storage-size-unknown', { name: name.text });
    this.globals.push(obj);
    return [];
  }

  private autoLocal(name: Token, ty: Type, align: number, scope: Scope): Node[] {
    if (ty.kind === 'void') fail(name, 'cc.variable-declared-void', { name: name.text });
    const v = this.newLocal(name.text, ty, name);
    if (align) v.align = align;
    // The name is in scope in its own initializer (C99 6.2.1p7).
    this.declareName(name, { obj: v });
    scope.vars.push(v);
    if (!this.is('=')) {
      if (!isComplete(v.ty)) fail(name, 'cc.storage-size-unknown', { name: name.text });
      return [];
    }
    const eq = this.advance();
    const init = this.newInit(v.ty);
    this.topInitializer(init);
    v.ty = init.ty;
    if (!isComplete(v.ty)) fail(name, 'cc.storage-size-unknown', { name: name.text });
    return this.lowerLocalInit(v, init, eq);
  }

  private statement(): Node {
    return this.nest(() => this.statementInner());
  }

  private statementInner(): Node {
    const t = this.tok;
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'if': return this.ifStatement();
        case 'while': return this.whileStatement();
        case 'do': return this.doStatement();
        case 'for': return this.forStatement();
        case 'switch': return this.switchStatement();
        case 'case': return this.caseStatement();
        case 'default': return this.defaultStatement();
        case 'break': {
          this.k++;
          if (this.brkLabels.length === 0) fail(t, 'cc.break-outside-loop');
          this.expect(';', ccMessage('cc.after.break'));
          return { kind: 'break', ty: tyVoid, tok: t, label: this.brkLabels[this.brkLabels.length - 1] };
        }
        case 'continue': {
          this.k++;
          if (this.contLabels.length === 0) fail(t, 'cc.continue-outside-loop');
          this.expect(';', ccMessage('cc.after.continue'));
          return { kind: 'continue', ty: tyVoid, tok: t, label: this.contLabels[this.contLabels.length - 1] };
        }
        case 'return': return this.returnStatement();
        case 'goto': {
          this.k++;
          if (this.is('*')) fail(this.tok, 'cc.computed-goto-unsupported');
          const name = this.expectIdent(ccMessage('cc.what.goto-label'));
          this.expect(';', ccMessage('cc.after.goto'));
          return { kind: 'goto', ty: tyVoid, tok: t, label: this.userLabel(name, false) };
        }
        case 'asm':
        case '__asm__':
          fail(t, 'cc.inline-asm');
      }
      if (this.isIdent() && this.is(':', this.peek())) {
        this.k += 2;
        const label = this.userLabel(t, true);
        const body = this.labeledBody(ccMessage('cc.what.label', { name: t.text }));
        return { kind: 'label', ty: tyVoid, tok: t, label, body };
      }
    }
    if (this.is('{')) return this.compoundStatement();
    if (this.consume(';')) return { kind: 'nop', ty: tyVoid, tok: t };
    const e = this.expr();
    if (!this.is(';')) this.errExpected(ccMessage('cc.what.semicolon-after-expression'));
    this.k++;
    return { kind: 'exprstmt', ty: tyVoid, tok: t, lhs: e };
  }

  /** The statement after a label: C11 6.8.1 requires one (C23 allows a label before '}'). */
  private labeledBody(what: CcMessage): Node {
    if (this.is('}')) fail(this.tok, 'cc.label-at-block-end', { what });
    return this.statement();
  }

  private userLabel(name: Token, define: boolean): string {
    let l = this.labels.get(name.text);
    if (!l) {
      l = { label: `.Lu${this.fnCount}_${name.text}`, defined: false, tok: name };
      this.labels.set(name.text, l);
    }
    if (define) {
      if (l.defined) fail(name, 'cc.duplicate-label', { name: name.text });
      l.defined = true;
    }
    return l.label;
  }

  /** A controlling expression: scalar, decayed. */
  private condition(what: string): Node {
    this.expect('(', ccMessage('cc.after.keyword', { keyword: what }));
    const e = S.rv(this.expr());
    if (!isScalar(e.ty)) fail(e.tok, 'cc.scalar-required', { type: typeName(e.ty) });
    if (!this.is(')')) this.errExpected(ccMessage('cc.what.close-condition', { keyword: what }));
    this.k++;
    return e;
  }

  private ifStatement(): Node {
    const t = this.advance();
    const cond = this.condition('if');
    const then = this.statement();
    const els = this.consume('else') ? this.statement() : undefined;
    return { kind: 'if', ty: tyVoid, tok: t, cond, then, els };
  }

  private loopBody(brk: string, cont: string): Node {
    this.brkLabels.push(brk);
    this.contLabels.push(cont);
    try {
      return this.statement();
    } finally {
      this.brkLabels.pop();
      this.contLabels.pop();
    }
  }

  private whileStatement(): Node {
    const t = this.advance();
    const cond = this.condition('while');
    const brk = this.newLabel();
    const cont = this.newLabel();
    const body = this.loopBody(brk, cont);
    return { kind: 'for', ty: tyVoid, tok: t, cond, body, brk, cont };
  }

  private doStatement(): Node {
    const t = this.advance();
    const brk = this.newLabel();
    const cont = this.newLabel();
    const body = this.loopBody(brk, cont);
    if (!this.is('while')) this.errExpected(ccMessage('cc.what.while-after-do'));
    this.k++;
    const cond = this.condition('do-while');
    this.expect(';', ccMessage('cc.after.do-while'));
    return { kind: 'do', ty: tyVoid, tok: t, cond, body, brk, cont };
  }

  private forStatement(): Node {
    const t = this.advance();
    this.expect('(', ccMessage('cc.after.for'));
    this.enter();
    const parent = this.dbgScopes[this.dbgScopes.length - 1];
    const scope: Scope = { startLine: t.line, endLine: t.line, vars: [], children: [] };
    parent.children.push(scope);
    this.dbgScopes.push(scope);
    try {
      let init: Node | undefined;
      if (this.isDeclarationStart()) {
        const stmts = this.localDeclaration(scope, true);
        init = { kind: 'block', ty: tyVoid, tok: t, stmts };
      } else if (!this.consume(';')) {
        init = { kind: 'exprstmt', ty: tyVoid, tok: this.tok, lhs: this.expr() };
        this.expect(';', ccMessage('cc.after.in-for'));
      }
      let cond: Node | undefined;
      if (!this.is(';')) {
        cond = S.rv(this.expr());
        if (!isScalar(cond.ty)) fail(cond.tok, 'cc.scalar-required', { type: typeName(cond.ty) });
      }
      this.expect(';', ccMessage('cc.after.in-for'));
      let inc: Node | undefined;
      if (!this.is(')')) inc = this.expr();
      this.expect(')', ccMessage('cc.after.close-for'));
      const brk = this.newLabel();
      const cont = this.newLabel();
      const body = this.loopBody(brk, cont);
      scope.endLine = this.toks[this.k - 1].line;
      return { kind: 'for', ty: tyVoid, tok: t, init, cond, inc, body, brk, cont };
    } finally {
      this.leave();
      this.dbgScopes.pop();
    }
  }

  private switchStatement(): Node {
    const t = this.advance();
    this.expect('(', ccMessage('cc.after.switch'));
    let cond = S.rv(this.expr());
    if (!isInteger(cond.ty)) fail(cond.tok, 'cc.switch-not-integer', { type: typeName(cond.ty) });
    cond = S.convert(cond, promote(cond.ty));
    this.expect(')', ccMessage('cc.after.close-switch-condition'));
    const n: Node = { kind: 'switch', ty: tyVoid, tok: t, cond, cases: [], brk: this.newLabel() };
    this.switches.push(n);
    this.brkLabels.push(n.brk!);
    try {
      n.body = this.statement();
    } finally {
      this.switches.pop();
      this.brkLabels.pop();
    }
    return n;
  }

  private caseStatement(): Node {
    const t = this.advance();
    const sw = this.switches[this.switches.length - 1];
    if (!sw) fail(t, 'cc.case-outside-switch');
    const c = S.num(S.bigVal(this.constNode(ccMessage('cc.what.case-label'))), sw.cond!.ty, t);
    const v = c.big ?? c.val!;
    if (this.is('...')) fail(this.tok, 'cc.case-ranges-unsupported');
    this.expect(':', ccMessage('cc.after.case-label'));
    if (sw.cases!.some((k) => (k.big ?? k.val) === v)) fail(t, 'cc.duplicate-case-value', { value: String(v) });
    const n: Node = { kind: 'case', ty: tyVoid, tok: t, val: c.val, big: c.big, label: this.newLabel() };
    sw.cases!.push(n);
    n.body = this.labeledBody(ccMessage('cc.what.case-label'));
    return n;
  }

  private defaultStatement(): Node {
    const t = this.advance();
    const sw = this.switches[this.switches.length - 1];
    if (!sw) fail(t, 'cc.default-outside-switch');
    this.expect(':', ccMessage('cc.after.default'));
    if (sw.defaultCase) fail(t, 'cc.multiple-defaults');
    const n: Node = { kind: 'case', ty: tyVoid, tok: t, label: this.newLabel() };
    sw.defaultCase = n;
    n.body = this.labeledBody(ccMessage('cc.what.default-label'));
    return n;
  }

  private returnStatement(): Node {
    const t = this.advance();
    const ret = this.fn!.ty.ret!;
    if (this.consume(';')) {
      if (ret.kind !== 'void') fail(t, 'cc.return-without-value', { function: this.fn!.name, type: typeName(ret) });
      return { kind: 'return', ty: tyVoid, tok: t };
    }
    let e = this.expr();
    this.expect(';', ccMessage('cc.after.return-value'));
    if (ret.kind === 'void') {
      if (e.ty.kind !== 'void') fail(t, 'cc.return-value-in-void', { function: this.fn!.name });
      return { kind: 'return', ty: tyVoid, tok: t, lhs: e };
    }
    e = S.convertAssign(e, ret, e.tok, ccMessage('cc.what.return-from', { name: this.fn!.name }));
    return { kind: 'return', ty: tyVoid, tok: t, lhs: e };
  }

  // --------------------------------------------------------------------------
  // Initializers

  private newInit(ty: Type): Init {
    return { ty };
  }

  private kid(init: Init, i: number): Init {
    if (!init.kids) init.kids = [];
    let k = init.kids[i];
    if (!k) {
      const t = init.ty;
      const kty = t.kind === 'array' ? t.base! : t.rec!.members[i].type;
      k = this.newInit(kty);
      init.kids[i] = k;
    }
    return k;
  }

  /** After an initializer's '{': C17's grammar has no empty list (6.7.9p1; C23 added '{}'). */
  private noEmptyBraces(): void {
    if (this.is('}')) fail(this.tok, 'cc.empty-initializer-braces');
  }

  private initEnd(): boolean {
    if (this.is('}')) return true;
    if (this.is(',')) {
      const n = this.peek();
      return this.is('}', n) || this.is('[', n) || this.is('.', n);
    }
    return false;
  }

  /** The whole initializer of a declaration: an array needs braces (or a string). */
  private topInitializer(init: Init): void {
    if (init.ty.kind === 'array' && !this.is('{') && this.tok.kind !== 'str') {
      fail(this.tok, isCharType(init.ty.base!) ? 'cc.array-initializer-list-or-string' : 'cc.array-initializer-list');
    }
    this.initializer(init);
  }

  private initializer(init: Init): void {
    this.nest(() => this.initializerInner(init));
  }

  private initializerInner(init: Init): void {
    const ty = init.ty;
    if (ty.kind === 'array') {
      if (isCharType(ty.base!) && this.tok.kind === 'str') return this.stringInit(init);
      if (isCharType(ty.base!) && this.is('{') && this.peek().kind === 'str' && (this.is('}', this.peek(2)) || (this.is(',', this.peek(2)) && this.is('}', this.peek(3))))) {
        this.k++;
        this.stringInit(init);
        this.consume(',');
        this.expect('}');
        return;
      }
      if (this.is('{')) return this.arrayBraced(init);
      return this.arrayElided(init);
    }
    if (isStructLike(ty)) {
      if (this.is('{')) return this.structBraced(init);
      const save = this.k;
      const e = this.assign();
      if (isStructLike(e.ty) && e.ty.rec === ty.rec) {
        init.expr = e;
        return;
      }
      this.k = save;
      return this.structElided(init);
    }
    if (this.is('{')) {
      this.k++;
      this.noEmptyBraces();
      this.initializer(init);
      this.consume(',');
      this.expect('}', ccMessage('cc.after.close-scalar-initializer'));
      return;
    }
    init.expr = this.assign();
  }

  private stringInit(init: Init): void {
    const at = this.tok;
    const bytes = this.stringLiteralBytes();
    bytes.push(0);
    const ty = init.ty;
    let len = ty.len!;
    if (len < 0) {
      len = bytes.length;
      init.ty = arrayOf(ty.base!, len);
    } else if (bytes.length - 1 > len) {
      fail(at, 'cc.initializer-string-too-long');
    }
    for (let i = 0; i < Math.min(len, bytes.length); i++) {
      if (bytes[i] !== 0) this.kid(init, i).expr = S.num(bytes[i], ty.base!, at);
    }
    if (!init.kids) init.kids = [];
  }

  private arrayBraced(init: Init): void {
    this.expect('{');
    this.noEmptyBraces();
    const len = init.ty.len!;
    let i = 0;
    let max = 0;
    let first = true;
    while (!this.consume('}')) {
      if (this.tok.kind === 'eof') this.errExpected(ccMessage('cc.what.close-initializer'));
      if (!first) {
        this.expect(',', ccMessage('cc.after.between-initializers'));
        if (this.consume('}')) break;
      }
      first = false;
      if (this.is('[')) {
        const lb = this.advance();
        i = this.constExpr(ccMessage('cc.what.array-designator'));
        if (i < 0 || (len >= 0 && i >= len)) fail(lb, 'cc.array-index-out-of-bounds');
        this.expect(']');
        this.designation(this.kid(init, i));
      } else if (this.is('.')) {
        fail(this.tok, 'cc.field-name-not-in-record');
      } else {
        if (len >= 0 && i >= len) fail(this.tok, 'cc.excess-array-elements');
        this.initializer(this.kid(init, i));
      }
      i++;
      max = Math.max(max, i);
    }
    if (len < 0) init.ty = arrayOf(init.ty.base!, max);
    if (!init.kids) init.kids = [];
  }

  private arrayElided(init: Init): void {
    const len = init.ty.len!;
    if (len < 0) fail(this.tok, 'cc.array-initializer-not-list');
    for (let i = 0; i < len && !this.initEnd(); i++) {
      if (i > 0) this.expect(',', ccMessage('cc.after.between-initializers'));
      this.initializer(this.kid(init, i));
    }
    if (!init.kids) init.kids = [];
  }

  private memberIndex(ty: Type, name: Token): number[] {
    const path = S.findMember(ty, name.text);
    if (!path) fail(name, 'cc.no-such-member', { type: typeName(ty), name: name.text });
    // Turn the member path into indices at each level.
    const idx: number[] = [];
    let t = ty;
    for (const m of path) {
      idx.push(t.rec!.members.indexOf(m));
      t = m.type;
    }
    return idx;
  }

  private structBraced(init: Init): void {
    this.expect('{');
    const rec = init.ty.rec!;
    if (!rec.complete) fail(this.tok, 'cc.variable-incomplete-type', { type: typeName(init.ty) });
    this.noEmptyBraces();
    let i = 0;
    let first = true;
    while (!this.consume('}')) {
      if (this.tok.kind === 'eof') this.errExpected(ccMessage('cc.what.close-initializer'));
      if (!first) {
        this.expect(',', ccMessage('cc.after.between-initializers'));
        if (this.consume('}')) break;
      }
      first = false;
      if (this.is('.')) {
        this.k++;
        const name = this.expectIdent(ccMessage('cc.what.member-name-after-dot-unquoted'));
        const path = this.memberIndex(init.ty, name);
        let cur = init;
        for (let d = 0; d < path.length; d++) {
          if (cur.ty.kind === 'union') cur.unionIdx = path[d];
          cur = this.kid(cur, path[d]);
        }
        this.designation(cur);
        i = path[0] + 1;
        continue;
      }
      if (this.is('[')) fail(this.tok, 'cc.array-index-in-non-array');
      if (rec.kind === 'union') {
        if (i > 0) fail(this.tok, 'cc.excess-union-elements');
        init.unionIdx = 0;
      }
      if (i >= rec.members.length) fail(this.tok, 'cc.excess-record-elements', { kind: rec.kind });
      this.checkFlexibleInit(init.ty, i);
      this.initializer(this.kid(init, i));
      i++;
    }
    if (!init.kids) init.kids = [];
  }

  private checkFlexibleInit(ty: Type, i: number): void {
    const m = ty.rec!.members[i];
    if (m.type.kind === 'array' && m.type.len! < 0) fail(this.tok, 'cc.flexible-array-initializer');
  }

  private structElided(init: Init): void {
    const rec = init.ty.rec!;
    for (let i = 0; i < rec.members.length && !this.initEnd(); i++) {
      if (i > 0) this.expect(',', ccMessage('cc.after.between-initializers'));
      this.checkFlexibleInit(init.ty, i);
      this.initializer(this.kid(init, i));
      if (rec.kind === 'union') {
        init.unionIdx = 0;
        break;
      }
    }
    if (!init.kids) init.kids = [];
  }

  /**
   * The rest of a designator chain (`[2].x = v`), then '=' and the
   * initializer. After a nested designator, initialization goes on with the
   * following elements of that same sub-object (C99 6.7.8p17): in
   * `{[0][1] = 7, 8}` the 8 goes to [0][2].
   */
  private designation(init: Init): void {
    if (this.is('[')) {
      const lb = this.advance();
      if (init.ty.kind !== 'array') fail(lb, 'cc.array-index-in-non-array');
      const i = this.constExpr(ccMessage('cc.what.array-designator'));
      if (i < 0 || (init.ty.len! >= 0 && i >= init.ty.len!)) fail(lb, 'cc.array-index-out-of-bounds');
      this.expect(']');
      this.designation(this.kid(init, i));
      for (let j = i + 1; j < init.ty.len! && !this.initEnd(); j++) {
        this.expect(',', ccMessage('cc.after.between-initializers'));
        this.initializer(this.kid(init, j));
      }
      return;
    }
    if (this.is('.')) {
      const dot = this.advance();
      if (!isStructLike(init.ty)) fail(dot, 'cc.field-name-not-in-record');
      const name = this.expectIdent(ccMessage('cc.what.member-name-after-dot-unquoted'));
      const path = this.memberIndex(init.ty, name);
      let cur = init;
      for (const p of path) {
        if (cur.ty.kind === 'union') cur.unionIdx = p;
        cur = this.kid(cur, p);
      }
      this.designation(cur);
      if (init.ty.kind === 'struct') {
        const members = init.ty.rec!.members;
        for (let j = path[0] + 1; j < members.length && !this.initEnd(); j++) {
          this.expect(',', ccMessage('cc.after.between-initializers'));
          this.checkFlexibleInit(init.ty, j);
          this.initializer(this.kid(init, j));
        }
      }
      return;
    }
    // `[i] value` without '=' is the old GNU form (xv6's syscall table uses it).
    const gnuArray = this.is(']', this.toks[this.k - 1]);
    if (!(gnuArray && !this.is('='))) this.expect('=', ccMessage('cc.after.in-designated-initializer'));
    this.initializer(init);
  }

  /**
   * A local's initializer as statements: clear the bytes no initializer
   * stores to (gaps, padding, elements not given, zeros), then assign each
   * given element.
   */
  private lowerLocalInit(v: Obj, init: Init, eq: Token): Node[] {
    const base = S.varNode(v, v.tok);
    if (init.expr && !init.kids) {
      return [{ kind: 'exprstmt', ty: tyVoid, tok: eq, lhs: S.initAssign(base, init.expr, init.expr.tok, v.name) }];
    }
    const leaves: { offset: number; ty: Type; expr: Node }[] = [];
    const walk = (it: Init, offset: number): void => {
      if (it.expr) {
        leaves.push({ offset, ty: it.ty, expr: it.expr });
        return;
      }
      if (!it.kids) return;
      if (it.ty.kind === 'array') {
        const es = sizeOf(it.ty.base!);
        it.kids.forEach((k, i) => k && walk(k, offset + i * es));
      } else if (it.ty.kind === 'union') {
        const k = it.kids[it.unionIdx ?? 0];
        if (k) walk(k, offset + it.ty.rec!.members[it.unionIdx ?? 0].offset);
      } else {
        it.kids.forEach((k, i) => k && walk(k, offset + it.ty.rec!.members[i].offset));
      }
    };
    walk(init, 0);
    const size = sizeOf(v.ty);
    const stores: Node[] = [];
    // Byte ranges that stores cover; everything else is cleared first.
    const covered: [number, number][] = [];
    for (const leaf of leaves) {
      const lv: Node = leaf.offset === 0 && leaf.ty === v.ty ? base : { kind: 'member', ty: unqualified(leaf.ty), tok: eq, lhs: base, member: { type: leaf.ty, offset: leaf.offset } };
      const assign = S.initAssign(lv, leaf.expr, leaf.expr.tok, v.name);
      // A constant zero is left to the clearing, which merges neighbours into one run.
      if (assign.rhs!.kind === 'num' && assign.rhs!.val === 0) continue;
      stores.push({ kind: 'exprstmt', ty: tyVoid, tok: leaf.expr.tok, lhs: assign });
      covered.push([leaf.offset, leaf.offset + sizeOf(leaf.ty)]);
    }
    covered.sort((a, b) => a[0] - b[0]);
    const gaps: [number, number][] = [];
    let at = 0;
    for (const [from, to] of covered) {
      if (from > at) gaps.push([at, from]);
      at = Math.max(at, to);
    }
    if (at < size) gaps.push([at, size]);
    // Many small gaps in a big object: clear it all at once instead.
    const clear: [number, number][] = gaps.length > 8 ? [[0, size]] : gaps;
    const out: Node[] = [];
    if (clear.length) out.push({ kind: 'memzero', ty: tyVoid, tok: eq, obj: v, ranges: clear });
    return out.concat(stores);
  }

  /** A global's (or static local's) initializer as bytes plus relocations. */
  private globalInit(obj: Obj): void {
    const init = this.newInit(obj.ty);
    this.topInitializer(init);
    obj.ty = init.ty;
    if (!isComplete(obj.ty)) fail(obj.tok, 'cc.storage-size-unknown', { name: obj.name });
    const data: InitData = { bytes: new Uint8Array(sizeOf(obj.ty)), relocs: [] };
    const write = (it: Init, offset: number): void => {
      if (it.expr) {
        if (isStructLike(it.ty)) fail(it.expr.tok, 'cc.initializer-not-constant', { name: obj.name });
        const e = S.convertAssign(it.expr, it.ty, it.expr.tok, ccMessage('cc.what.initialization-of', { name: obj.name }));
        const size = sizeOf(it.ty);
        const fbits = S.floatConstBits(e);
        if (e.kind === 'num' || fbits !== undefined) {
          let v = fbits ?? S.bigVal(e);
          for (let b = 0; b < size; b++) {
            data.bytes[offset + b] = Number(v & 0xffn);
            v >>= 8n;
          }
          return;
        }
        const r = S.evalReloc(e);
        if (!r) fail(it.expr.tok, 'cc.initializer-not-constant', { name: obj.name });
        if (size !== 4) fail(it.expr.tok, 'cc.initializer-not-load-time', { name: obj.name });
        r.obj.isUsed = true;
        data.relocs.push({ offset, label: r.label, addend: r.addend });
        return;
      }
      if (!it.kids) return;
      if (it.ty.kind === 'array') {
        const es = sizeOf(it.ty.base!);
        it.kids.forEach((k, i) => k && write(k, offset + i * es));
      } else if (it.ty.kind === 'union') {
        const k = it.kids[it.unionIdx ?? 0];
        if (k) write(k, offset + it.ty.rec!.members[it.unionIdx ?? 0].offset);
      } else {
        it.kids.forEach((k, i) => k && write(k, offset + it.ty.rec!.members[i].offset));
      }
    };
    write(init, 0);
    obj.init = data;
  }

  // --------------------------------------------------------------------------
  // Expressions

  private constExpr(what: CcMessage): number {
    return this.constNode(what).val!;
  }

  /** An integer constant expression as its folded node (exact for long long: `big`). */
  private constNode(what: CcMessage): Node {
    const n = S.rv(this.conditional());
    if (n.kind !== 'num' || !isInteger(n.ty)) fail(n.tok, 'cc.not-integer-constant', { what });
    return n;
  }

  expr(): Node {
    let n = this.assign();
    while (this.is(',')) {
      const t = this.advance();
      n = S.comma(n, this.assign(), t);
    }
    return n;
  }

  private assign(): Node {
    return this.nest(() => {
      const l = this.conditional();
      const t = this.tok;
      if (t.kind !== 'punct') return l;
      switch (t.text) {
        case '=': this.k++; return S.assign(l, this.assign(), t);
        case '+=': this.k++; return S.opAssign('add', l, this.assign(), t);
        case '-=': this.k++; return S.opAssign('sub', l, this.assign(), t);
        case '*=': this.k++; return S.opAssign('mul', l, this.assign(), t);
        case '/=': this.k++; return S.opAssign('div', l, this.assign(), t);
        case '%=': this.k++; return S.opAssign('mod', l, this.assign(), t);
        case '&=': this.k++; return S.opAssign('and', l, this.assign(), t);
        case '|=': this.k++; return S.opAssign('or', l, this.assign(), t);
        case '^=': this.k++; return S.opAssign('xor', l, this.assign(), t);
        case '<<=': this.k++; return S.opAssign('shl', l, this.assign(), t);
        case '>>=': this.k++; return S.opAssign('shr', l, this.assign(), t);
      }
      return l;
    });
  }

  private conditional(): Node {
    const c = this.logor();
    if (!this.is('?')) return c;
    const t = this.advance();
    if (this.is(':')) fail(this.tok, 'cc.gnu-elvis-unsupported');
    const a = this.expr();
    this.expect(':', ccMessage('cc.after.in-conditional-expression'));
    const b = this.nest(() => this.conditional());
    return S.cond(c, a, b, t);
  }

  private logor(): Node {
    let n = this.logand();
    while (this.is('||')) {
      const t = this.advance();
      n = S.logical('logor', n, this.logand(), t);
    }
    return n;
  }

  private logand(): Node {
    let n = this.bitor();
    while (this.is('&&')) {
      const t = this.advance();
      n = S.logical('logand', n, this.bitor(), t);
    }
    return n;
  }

  private bitor(): Node {
    let n = this.bitxor();
    while (this.is('|')) {
      const t = this.advance();
      n = S.arith('or', n, this.bitxor(), t);
    }
    return n;
  }

  private bitxor(): Node {
    let n = this.bitand();
    while (this.is('^')) {
      const t = this.advance();
      n = S.arith('xor', n, this.bitand(), t);
    }
    return n;
  }

  private bitand(): Node {
    let n = this.equality();
    while (this.is('&')) {
      const t = this.advance();
      n = S.arith('and', n, this.equality(), t);
    }
    return n;
  }

  private equality(): Node {
    let n = this.relational();
    for (;;) {
      const t = this.tok;
      if (this.is('==')) {
        this.k++;
        n = S.compare('eq', n, this.relational(), t);
      } else if (this.is('!=')) {
        this.k++;
        n = S.compare('ne', n, this.relational(), t);
      } else return n;
    }
  }

  private relational(): Node {
    let n = this.shift();
    for (;;) {
      const t = this.tok;
      const kind: NodeKind | undefined = this.is('<') ? 'lt' : this.is('<=') ? 'le' : this.is('>') ? 'gt' : this.is('>=') ? 'ge' : undefined;
      if (!kind) return n;
      this.k++;
      n = S.compare(kind, n, this.shift(), t);
    }
  }

  private shift(): Node {
    let n = this.additive();
    for (;;) {
      const t = this.tok;
      if (this.is('<<')) {
        this.k++;
        n = S.arith('shl', n, this.additive(), t);
      } else if (this.is('>>')) {
        this.k++;
        n = S.arith('shr', n, this.additive(), t);
      } else return n;
    }
  }

  private additive(): Node {
    let n = this.multiplicative();
    for (;;) {
      const t = this.tok;
      if (this.is('+')) {
        this.k++;
        n = S.add(n, this.multiplicative(), t);
      } else if (this.is('-')) {
        this.k++;
        n = S.sub(n, this.multiplicative(), t);
      } else return n;
    }
  }

  private multiplicative(): Node {
    let n = this.cast();
    for (;;) {
      const t = this.tok;
      const kind: NodeKind | undefined = this.is('*') ? 'mul' : this.is('/') ? 'div' : this.is('%') ? 'mod' : undefined;
      if (!kind) return n;
      this.k++;
      n = S.arith(kind, n, this.cast(), t);
    }
  }

  private cast(): Node {
    if (this.is('(') && this.isTypename(this.peek())) {
      return this.nest(() => {
        const t = this.advance();
        const ty = this.typename();
        this.expect(')', ccMessage('cc.after.type-name'));
        if (this.is('{')) return this.postfixOps(this.compoundLiteral(ty, t));
        return S.castTo(this.cast(), ty, t);
      });
    }
    return this.unary();
  }

  /** The operand of a prefix operator (nesting is counted, so `- - - ... x` cannot exhaust the stack). */
  private operand(): Node {
    return this.nest(() => this.cast());
  }

  private unary(): Node {
    const t = this.tok;
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': this.k++; return S.plus(this.operand(), t);
        case '-': this.k++; return S.neg(this.operand(), t);
        case '!': this.k++; return S.not(this.operand(), t);
        case '~': this.k++; return S.bitnot(this.operand(), t);
        case '*': this.k++; return S.deref(this.operand(), t);
        case '&': {
          this.k++;
          return S.addrOf(this.operand(), t);
        }
        case '++': this.k++; return S.incDec(this.nest(() => this.unary()), 1, false, t);
        case '--': this.k++; return S.incDec(this.nest(() => this.unary()), -1, false, t);
        case '&&': fail(t, 'cc.label-values-unsupported');
      }
    }
    if (this.is('sizeof')) {
      this.k++;
      let ty: Type;
      if (this.is('(') && this.isTypename(this.peek())) {
        const open = this.advance();
        ty = this.typename();
        this.expect(')', ccMessage('cc.after.type-name'));
        if (this.is('{')) ty = this.postfixOps(this.compoundLiteral(ty, open)).ty;
      } else {
        ty = this.nest(() => this.unary()).ty;
      }
      if (ty.kind === 'func') fail(t, 'cc.sizeof-function');
      if (!isComplete(ty) && ty.kind !== 'void') fail(t, 'cc.sizeof-incomplete', { type: typeName(ty) });
      return S.num(sizeOf(ty), tyULong, t);
    }
    if (this.is('_Alignof') || this.is('__alignof__')) {
      this.k++;
      this.expect('(', ccMessage('cc.after.alignof'));
      const ty = this.isTypename() ? this.typename() : this.expr().ty;
      this.expect(')');
      return S.num(alignOf(ty), tyULong, t);
    }
    return this.postfix();
  }

  private postfix(): Node {
    return this.postfixOps(this.primary());
  }

  /**
   * `(T){ ... }`: an unnamed object initialised in place, an lvalue. In a
   * function it is a local, (re)initialised each time the expression runs;
   * at file scope a static object.
   */
  private compoundLiteral(ty: Type, open: Token): Node {
    if (ty.kind === 'func' || ty.kind === 'void') fail(open, 'cc.compound-literal-type', { type: typeName(ty) });
    if (!this.fn) {
      const obj: Obj = {
        name: '', ty, tok: open, asmName: `.Lcl${this.uniq++}`, isLocal: false, offset: 0, isStatic: true,
        isDefinition: true, isFunction: false,
      };
      this.globalInit(obj);
      this.globals.push(obj);
      return S.varNode(obj, open);
    }
    const v = this.newLocal('', ty, open);
    const init = this.newInit(ty);
    this.initializer(init);
    v.ty = init.ty;
    if (!isComplete(v.ty)) fail(open, 'cc.compound-literal-incomplete', { type: typeName(v.ty) });
    const body: Node = { kind: 'block', ty: tyVoid, tok: open, stmts: this.lowerLocalInit(v, init, open) };
    return { kind: 'complit', ty: v.ty, tok: open, obj: v, body };
  }

  private postfixOps(start: Node): Node {
    let n = start;
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'punct') return n;
      switch (t.text) {
        case '[': {
          this.k++;
          const idx = this.expr();
          this.expect(']', ccMessage('cc.after.close-subscript'));
          const l = S.rv(n);
          const r = S.rv(idx);
          if (!(l.ty.kind === 'ptr' && isInteger(r.ty)) && !(isInteger(l.ty) && r.ty.kind === 'ptr')) {
            fail(t, 'cc.subscript-not-array', { type: typeName(n.ty) });
          }
          n = S.deref(S.add(l, r, t), t);
          continue;
        }
        case '.': {
          this.k++;
          const name = this.expectIdent(ccMessage('cc.what.member-name-after-dot'));
          n = S.member(n, name);
          continue;
        }
        case '->': {
          this.k++;
          const name = this.expectIdent(ccMessage('cc.what.member-name-after-arrow'));
          const p = S.rv(n);
          if (p.ty.kind !== 'ptr' || !isStructLike(p.ty.base!)) {
            fail(t, 'cc.arrow-not-pointer', { type: typeName(n.ty) });
          }
          n = S.member({ kind: 'deref', ty: p.ty.base!, tok: t, lhs: p }, name);
          continue;
        }
        case '(':
          this.k++;
          n = this.call(n, t);
          continue;
        case '++':
          this.k++;
          n = S.incDec(n, 1, true, t);
          continue;
        case '--':
          this.k++;
          n = S.incDec(n, -1, true, t);
          continue;
      }
      return n;
    }
  }

  private call(fn: Node, open: Token): Node {
    const f = S.rv(fn);
    if (f.ty.kind !== 'ptr' || f.ty.base!.kind !== 'func') {
      fail(open, 'cc.call-not-function', { type: typeName(fn.ty) });
    }
    const fnTy = f.ty.base!;
    const name = fn.kind === 'var' ? ccMessage('cc.what.function-name', { name: fn.obj!.name }) : ccMessage('cc.what.the-function');
    const raw: Node[] = [];
    if (!this.consume(')')) {
      for (;;) {
        raw.push(this.assign());
        if (this.consume(')')) break;
        if (!this.is(',')) this.errExpected(ccMessage('cc.what.comma-or-paren-in-arguments'));
        this.k++;
      }
    }
    const params = fnTy.params!;
    if (!fnTy.noProto) {
      if (raw.length < params.length) fail(open, 'cc.too-few-arguments', { name, expected: String(params.length), have: String(raw.length) });
      if (raw.length > params.length && !fnTy.variadic) fail(open, 'cc.too-many-arguments', { name, expected: String(params.length), have: String(raw.length) });
    }
    const args = raw.map((a, i) => {
      if (i < params.length && !fnTy.noProto) return S.convertAssign(a, params[i], a.tok, ccMessage('cc.what.passing-argument', { n: String(i + 1), name }));
      const v = S.rv(a);
      if (v.ty.kind === 'void') fail(a.tok, 'cc.void-expression-used');
      if (isInteger(v.ty)) return S.convert(v, promote(v.ty));
      // The default argument promotions: float goes as double.
      if (v.ty.kind === 'float') return S.convert(v, tyDouble);
      if (isStructLike(v.ty) && !isComplete(v.ty)) fail(a.tok, 'cc.argument-incomplete-type');
      return v;
    });
    const ret = fnTy.ret!;
    const n: Node = { kind: 'call', ty: ret, tok: open, lhs: f, args, fnTy };
    if (isStructLike(ret)) n.retBuf = this.tempLocal(ret, open);
    if (fn.kind === 'var' && fn.obj!.isFunction) fn.obj!.isUsed = true;
    return n;
  }

  private primary(): Node {
    const t = this.tok;
    if (this.is('(')) {
      this.k++;
      if (this.is('{')) return this.statementExpression(t);
      const n = this.expr();
      this.expect(')', ccMessage('cc.after.close-parenthesis'));
      return n;
    }
    if (t.kind === 'num') {
      this.k++;
      return this.number(t);
    }
    if (t.kind === 'char') {
      this.k++;
      if (t.bad) badToken(t);
      return S.num(charLiteralValue(t), tyInt, t);
    }
    if (t.kind === 'str') {
      const bytes = this.stringLiteralBytes();
      bytes.push(0);
      return S.varNode(this.stringObject(bytes, t), t);
    }
    if (t.kind === 'ident') {
      if (t.text === '__func__' || t.text === '__FUNCTION__') {
        this.k++;
        if (!this.fn) fail(t, 'cc.func-outside-function');
        if (!this.funcName) {
          const bytes = [...new TextEncoder().encode(this.fn.name), 0];
          this.funcName = this.stringObject(bytes, t);
        }
        return S.varNode(this.funcName, t);
      }
      if (t.text === '__builtin_va_start' || t.text === '__builtin_va_arg' || t.text === '__builtin_va_end') {
        fail(t, 'cc.needs-stdarg', { token: t.text });
      }
      if (KEYWORDS.has(t.text)) {
        this.errExpected(ccMessage('cc.what.expression'));
      }
      this.k++;
      const e = this.lookup(t.text);
      if (!e) {
        if (this.is('(')) fail(t, 'cc.implicit-declaration', { token: t.text });
        if (this.isIdent()) fail(t, 'cc.unknown-type-name', { name: t.text });
        fail(t, 'cc.undeclared', { token: t.text });
      }
      if (e.typedef) fail(t, 'cc.unexpected-type-name', { token: t.text });
      if (e.enumVal !== undefined) return S.num(e.enumVal, tyInt, t);
      const obj = e.obj!;
      if (!obj.isLocal && !obj.isFunction) obj.isUsed = true;
      if (obj.isFunction) obj.isUsed = true;
      return S.varNode(obj, t);
    }
    if (t.kind === 'other') badToken(t);
    this.errExpected(ccMessage('cc.what.expression'));
  }

  /** GNU `({ stmt; ...; expr; })`: the value of the last expression statement (void otherwise). */
  private statementExpression(open: Token): Node {
    if (!this.fn) fail(open, 'cc.statement-expression-outside-function');
    const body = this.compoundStatement();
    this.expect(')', ccMessage('cc.after.close-statement-expression'));
    const stmts = body.stmts!;
    const last = stmts[stmts.length - 1];
    let ty: Type = tyVoid;
    if (last && last.kind === 'exprstmt') {
      last.lhs = S.rv(last.lhs!);
      ty = last.lhs.ty;
    }
    return { kind: 'stmtexpr', ty, tok: open, body };
  }

  /** A floating constant, rounded exactly to float or double (float-const.ts). */
  private floatNumber(t: Token): Node {
    const c = parseFloatConst(t.text);
    if (!c) fail(t, 'cc.invalid-floating-constant', { token: t.text });
    return S.fnum(c.value, c.suffix === 'f' ? tyFloat : tyDouble, t);
  }

  /** An integer constant: its value and the first type of C99 6.4.4.1's list that holds it. */
  private number(t: Token): Node {
    const text = t.text;
    if (/^0[xX]/.test(text) ? /[.pP]/.test(text) : /[.eE]/.test(text) || /[fF]$/.test(text)) return this.floatNumber(t);
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(text);
    if (!m) fail(t, 'cc.invalid-integer-constant', { text });
    const digits = m[1];
    const suffix = m[2].toLowerCase();
    if (!['', 'u', 'l', 'ul', 'lu', 'll', 'ull', 'llu'].includes(suffix) || /lL|Ll/.test(m[2])) {
      fail(t, 'cc.invalid-integer-suffix', { suffix: m[2] });
    }
    let v: bigint;
    const decimal = !/^0[xXbB]/.test(digits) && !(digits.length > 1 && digits[0] === '0');
    if (/^0[xXbB]/.test(digits)) v = BigInt(digits);
    else if (!decimal) {
      if (/[89]/.test(digits)) fail(t, 'cc.invalid-octal-digit', { text });
      v = BigInt('0o' + digits.slice(1));
    } else v = BigInt(digits);
    if (v > 0xffffffffffffffffn) fail(t, 'cc.integer-constant-too-large-for-type', { text });
    const isU = suffix.includes('u');
    const rank = suffix.includes('ll') ? 2 : suffix.includes('l') ? 1 : 0;
    // The candidates in order; a decimal constant without 'u' tries only signed types
    // (except the last resort, unsigned long long, which gcc also takes with a warning).
    const candidates: [Type, bigint][] = [
      [tyInt, 0x7fffffffn], [tyUInt, 0xffffffffn], [tyLong, 0x7fffffffn], [tyULong, 0xffffffffn],
      [tyLLong, 0x7fffffffffffffffn], [tyULLong, 0xffffffffffffffffn],
    ];
    const ty = candidates.slice(rank * 2).find(([c, max], i, all) =>
      v <= max && (isU ? c.unsigned : !c.unsigned || !decimal || i === all.length - 1))![0];
    return S.num(v, ty, t);
  }

  /** Adjacent string literals, concatenated, as bytes (no terminating NUL). */
  private stringLiteralBytes(): number[] {
    const out: number[] = [];
    while (this.tok.kind === 'str') {
      const t = this.advance();
      if (t.bad) badToken(t);
      for (const b of decodeEscapes(t.text.slice(1, -1), t)) out.push(b);   // no spread: a literal may be megabytes
    }
    return out;
  }

  private stringLiteralText(): string {
    if (this.tok.kind !== 'str') this.errExpected(ccMessage('cc.what.string-literal'));
    return this.stringLiteralBytes().map((b) => String.fromCharCode(b)).join('');
  }

  /** The read-only array object for a string literal (identical literals share one). */
  private stringObject(bytes: number[], t: Token): Obj {
    const key = bytes.join(',');
    const prev = this.strings.get(key);
    if (prev) return prev;
    const obj: Obj = {
      name: '', ty: arrayOf(tyChar, bytes.length), tok: t, asmName: `.LC${this.strings.size}`, isLocal: false,
      offset: 0, isStatic: true, isDefinition: true, isFunction: false, isReadOnly: true,
      init: { bytes: Uint8Array.from(bytes), relocs: [] },
    };
    this.strings.set(key, obj);
    this.globals.push(obj);
    return obj;
  }
}

/** Parse a preprocessed translation unit. Throws CompileError on the first error. */
export function parse(tokens: Token[]): Program {
  return new Parser(tokens).parseProgram();
}

