// The tokenizer: C source text -> preprocessing tokens.
//
// It produces the tokens the preprocessor works on (C99 6.4 "preprocessing
// tokens"): identifiers, pp-numbers, character and string literals,
// punctuators, and "other" for anything else. Keywords are just identifiers
// here; numbers stay as text until the parser converts them. Each token
// remembers where it came from and whether it began a line or followed
// whitespace (the preprocessor needs both for directives and stringizing).
//
// Lexical problems that only matter if the token is really used (a stray '@'
// or an unterminated quote inside `#if 0`) become 'other' tokens carrying the
// message; the preprocessor or parser reports it when it meets the token. An
// unterminated comment is fatal at once.
//
// In assembly mode (`.s` files run through the preprocessor) `;` also starts
// a comment to the end of the line, as in our assembly syntax: comments there
// are prose ("the thread's stack") whose apostrophes are not literals.

import { CompileError, Pos, SourceFile, fail } from './diag.js';
import { ccMessage } from './messages.js';
import type { CcMessage } from './messages.js';

export type TokenKind = 'ident' | 'punct' | 'num' | 'str' | 'char' | 'other' | 'eof';

/**
 * An immutable set of macro names a token must not be expanded by (Prosser's
 * hide set). Sets are interned by the preprocessor, so equal sets are the
 * same object and unions can be cached; null is the empty set.
 */
export interface HideSetObj {
  readonly names: ReadonlySet<string>;
  readonly id: number;
  /** this ∪ {name}, by name. */
  readonly plusName: Map<string, HideSetObj>;
  /** this ∪ other, by other's id. */
  readonly plusSet: Map<number, HideSetObj>;
}
export type HideSet = HideSetObj | null;

export interface Token extends Pos {
  kind: TokenKind;
  /** The spelling, e.g. `while`, `0x1f`, `"a\n"`, `<<=`. */
  text: string;
  /** First token on its line (directives start with a `#` that has bol set). */
  bol: boolean;
  /** Whitespace came before it (stringizing keeps one space there). */
  space: boolean;
  hide: HideSet;
  /** For 'other' tokens: why this is not a valid token. */
  bad?: CcMessage;
}

// Punctuators, longest first so the first match is the longest one.
const PUNCTS = [
  '<<=', '>>=', '...',
  '==', '!=', '<=', '>=', '->', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '++', '--', '<<', '>>', '&&', '||', '##',
];
const SINGLE = '+-*/%&|^~!=<>?:;,.()[]{}#';

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Normalise line endings and remove backslash-newline splices. Each removed
 * splice adds a newline after the end of the logical line, so every later
 * line keeps its original number.
 */
export function normaliseSource(text: string): string {
  let s = text.replace(/\r\n?/g, '\n');
  if (s.indexOf('\\\n') < 0) return s;
  let out = '';
  let pending = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '\n') {
      i++;
      pending++;
    } else if (s[i] === '\n') {
      out += '\n'.repeat(pending + 1);
      pending = 0;
    } else out += s[i];
  }
  return out + '\n'.repeat(pending);
}

/** Tokenize a whole file (assembly: `;` comments too). The result always ends with an 'eof' token. */
export function tokenize(file: SourceFile, assembly = false): Token[] {
  const src = file.text;
  const n = src.length;
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let bol = true;
  let space = false;

  const make = (kind: TokenKind, start: number, end: number, l = line, ls = lineStart): Token => {
    const t: Token = { kind, text: src.slice(start, end), file, line: l, col: start - ls + 1, bol, space, hide: null };
    bol = false;
    space = false;
    toks.push(t);
    return t;
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      bol = true;
      space = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 13) {
      i++;
      space = true;
      continue;
    }
    if ((c === 47 && src.charCodeAt(i + 1) === 47) || (c === 59 && assembly)) {
      // Line comment: up to (not including) the newline.
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      space = true;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) fail({ file, line, col: i - lineStart + 1 }, 'cc.unterminated-comment');
      for (let j = i; j < end; j++) {
        if (src.charCodeAt(j) === 10) {
          line++;
          lineStart = j + 1;
        }
      }
      i = end + 2;
      space = true;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)))) {
      // pp-number: digits, letters, '.', and e+ e- p+ p- pairs.
      i++;
      while (i < n) {
        const d = src.charCodeAt(i);
        const prev = src.charCodeAt(i - 1) | 0x20;
        if ((d === 43 || d === 45) && (prev === 101 || prev === 112)) i++;
        else if (isIdentChar(d) || d === 46) i++;
        else break;
      }
      make('num', start, i);
      continue;
    }
    // String and character literals, with an optional L/u/U/u8 prefix.
    let q = i;
    if (src[q] === 'u' && src[q + 1] === '8') q += 2;
    else if (src[q] === 'L' || src[q] === 'u' || src[q] === 'U') q++;
    const qc = src.charCodeAt(q);
    if ((qc === 34 || qc === 39) && (q === i || src.charCodeAt(q) === 34 || q === i + 1)) {
      let j = q + 1;
      let closed = false;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (d === 10) break;
        if (d === 92) {
          j += 2;
          continue;
        }
        j++;
        if (d === qc) {
          closed = true;
          break;
        }
      }
      if (j > n) j = n;
      if (!closed) {
        const t = make('other', start, Math.min(j, n));
        t.bad = ccMessage(qc === 34 ? 'cc.missing-terminating-double-quote' : 'cc.missing-terminating-quote');
        i = Math.min(j, n);
        continue;
      }
      const t = make(qc === 34 ? 'str' : 'char', start, j);
      if (q !== i) t.bad = ccMessage('cc.prefixed-literal', { prefix: src.slice(i, q) });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentChar(src.charCodeAt(i))) i++;
      make('ident', start, i);
      continue;
    }
    let matched = '';
    for (const p of PUNCTS) {
      if (src.startsWith(p, i)) {
        matched = p;
        break;
      }
    }
    if (!matched && SINGLE.indexOf(src[i]) >= 0) matched = src[i];
    if (matched) {
      i += matched.length;
      make('punct', start, i);
      continue;
    }
    // Anything else: one character (a whole surrogate pair) the preprocessor may skip.
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const t = make('other', start, i);
    const shown = c < 32 || c === 127 ? `\\x${c.toString(16).padStart(2, '0')}` : t.text;
    t.bad = ccMessage('cc.stray', { char: shown });
  }
  toks.push({ kind: 'eof', text: '', file, line, col: i - lineStart + 1, bol: true, space: false, hide: null });
  return toks;
}

/** Raise the error an 'other' token carries (or a generic one). */
export function badToken(t: Token): never {
  throw new CompileError(t, t.bad ?? ccMessage('cc.unexpected', { token: t.text }));
}

// ----------------------------------------------------------------------------
// Literal contents, shared by the preprocessor (#if 'a') and the parser.

/**
 * Decode the escapes in the body of a string or character literal (without
 * its quotes) into bytes. Non-ASCII characters are encoded as UTF-8.
 * `at` is the position of the literal, for errors.
 */
export function decodeEscapes(body: string, at: Pos): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c !== 92) {
      if (c < 0x80) out.push(c);
      else {
        const cp = body.codePointAt(i)!;
        if (cp > 0xffff) i++;
        for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) out.push(b);
      }
      continue;
    }
    i++;
    const e = body[i];
    const simple: Record<string, number> = {
      n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, e: 27,
      '\\': 92, "'": 39, '"': 34, '?': 63,
    };
    if (e === 'x') {
      let j = i + 1;
      let v = 0;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j])) {
        v = v * 16 + parseInt(body[j], 16);
        j++;
      }
      if (j === i + 1) fail(at, 'cc.hex-escape-no-digits');
      if (v > 255) fail(at, 'cc.hex-escape-out-of-range');
      out.push(v);
      i = j - 1;
    } else if (e >= '0' && e <= '7') {
      let j = i;
      let v = 0;
      while (j < body.length && j < i + 3 && body[j] >= '0' && body[j] <= '7') {
        v = v * 8 + (body.charCodeAt(j) - 48);
        j++;
      }
      if (v > 255) fail(at, 'cc.octal-escape-out-of-range');
      out.push(v);
      i = j - 1;
    } else if (e !== undefined && e in simple) {
      out.push(simple[e]);
    } else {
      fail(at, 'cc.unknown-escape', { escape: e ?? '' });
    }
  }
  return out;
}

/** The int value of a character literal token ('a', '\n', '\x41'): a signed char, as gcc. */
export function charLiteralValue(t: Token): number {
  if (t.bad) badToken(t);
  const bytes = decodeEscapes(t.text.slice(1, -1), t);
  if (bytes.length === 0) fail(t, 'cc.empty-char-constant');
  if (bytes.length > 4) fail(t, 'cc.char-constant-too-long');
  // Multi-character constants are big-endian packed as in gcc; one char is sign-extended.
  if (bytes.length === 1) return (bytes[0] << 24) >> 24;
  let v = 0;
  for (const b of bytes) v = ((v << 8) | b) | 0;
  return v;
}
