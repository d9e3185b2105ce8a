// The tokenizer: one line of assembly source into tokens.
//
// Assembly is line-oriented, so the lexer works a line at a time and the
// parser never looks across a newline. `;` starts a comment. Strings ("…",
// `…`, or '…' of other than one character, as NASM writes them) and
// character literals are decoded here (C escapes in all three), so later
// stages only see byte values. Numbers are BigInts: expressions are evaluated in 64 bits and
// range-checked where they are used.

import { asmMessage } from './messages.js';
import type { AsmMessage } from './messages.js';

export type TokenKind = 'ident' | 'num' | 'str' | 'punct' | 'eol';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: the decoded text is in `bytes`). */
  text: string;
  /** 1-based column of the token's first character. */
  col: number;
  /** Value of a number or character literal. */
  value?: bigint;
  /** Bytes of a string literal, UTF-8 encoded, escapes applied. */
  bytes?: number[];
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; col: number; said: AsmMessage };

const PUNCT2 = ['<<', '>>'];
const PUNCT1 = '[],:+-*/%()~&|^$.=';

function isIdentStart(c: string): boolean {
  return /[A-Za-z_.@]/.test(c);
}

function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_.@]/.test(c);
}

/** Tokenize one line (without its newline). Ends with an 'eol' token. */
export function lexLine(line: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    const col = i + 1;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === ';') {
      break;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < line.length && isIdentChar(line[j])) j++;
      const text = line.slice(i, j);
      const value = parseNumber(text);
      if (value === undefined) return { ok: false, col, said: asmMessage('asm.bad-number', { text }) };
      tokens.push({ kind: 'num', text, col, value });
      i = j;
    } else if (c === '.' && !(i + 1 < line.length && isIdentChar(line[i + 1]))) {
      tokens.push({ kind: 'punct', text: '.', col });
      i++;
    } else if (isIdentStart(c)) {
      let j = i;
      while (j < line.length && isIdentChar(line[j])) j++;
      tokens.push({ kind: 'ident', text: line.slice(i, j), col });
      i = j;
    } else if (c === '"') {
      const s = lexQuoted(line, i, '"');
      if (!s.ok) return s;
      tokens.push({ kind: 'str', text: line.slice(i, s.end), col, bytes: s.bytes });
      i = s.end;
    } else if (c === "'" || c === '`') {
      // One character in single quotes is a number ('A' is 65); more (or
      // none), or backquotes, make a string, as NASM's 'Hello', 0 is.
      const s = lexQuoted(line, i, c);
      if (!s.ok) return s;
      if (c === "'" && s.chars.length === 1) tokens.push({ kind: 'num', text: line.slice(i, s.end), col, value: BigInt(s.chars[0]) });
      else tokens.push({ kind: 'str', text: line.slice(i, s.end), col, bytes: s.bytes });
      i = s.end;
    } else if (PUNCT2.includes(line.slice(i, i + 2))) {
      tokens.push({ kind: 'punct', text: line.slice(i, i + 2), col });
      i += 2;
    } else if (PUNCT1.includes(c)) {
      tokens.push({ kind: 'punct', text: c, col });
      i++;
    } else {
      const shown = c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126 ? `\\x${c.charCodeAt(0).toString(16)}` : c;
      return { ok: false, col, said: asmMessage('asm.unexpected-character', { char: shown }) };
    }
  }
  tokens.push({ kind: 'eol', text: '', col: line.length + 1 });
  return { ok: true, tokens };
}

/**
 * Decimal; hex as 0x10 or NASM's 10h (a leading digit: 0ffh); binary as
 * 0b101 or 101b; octal as 0o17, 17o or 17q; 10d is decimal too. Undefined
 * when malformed.
 */
export function parseNumber(text: string): bigint | undefined {
  const t = text.toLowerCase().replace(/_/g, '');
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^0x([0-9a-f]+)$/))) return BigInt('0x' + m[1]);
  if ((m = t.match(/^([0-9][0-9a-f]*)h$/))) return BigInt('0x' + m[1]);
  if ((m = t.match(/^0b([01]+)$/)) || (m = t.match(/^([01]+)b$/))) return BigInt('0b' + m[1]);
  if ((m = t.match(/^0o([0-7]+)$/)) || (m = t.match(/^([0-7]+)[oq]$/))) return BigInt('0o' + m[1]);
  if ((m = t.match(/^([0-9]+)d?$/))) return BigInt(m[1]);
  return undefined;
}

/** bytes: UTF-8 encoded; chars: one value per character (a code point or an escaped byte). */
type QuotedResult = { ok: true; bytes: number[]; chars: number[]; end: number } | { ok: false; col: number; said: AsmMessage };

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, '0': 0, '\\': 92, '"': 34, "'": 39, a: 7, b: 8, f: 12, v: 11, e: 27, '?': 63,
};

/** A quoted string starting at line[start] (the quote); C escapes; UTF-8 for non-ASCII. */
function lexQuoted(line: string, start: number, quote: string): QuotedResult {
  const bytes: number[] = [];
  const chars: number[] = [];
  let i = start + 1;
  while (i < line.length) {
    const c = line[i];
    if (c === quote) return { ok: true, bytes, chars, end: i + 1 };
    if (c !== '\\') {
      const cp = line.codePointAt(i)!;
      pushUtf8(bytes, cp);
      chars.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = line[i + 1];
    if (e === undefined) break;
    if (e === 'x') {
      let j = i + 2;
      while (j < line.length && j < i + 4 && /[0-9a-fA-F]/.test(line[j])) j++;
      if (j === i + 2) return { ok: false, col: i + 1, said: asmMessage('asm.bad-string-escape-x') };
      bytes.push(parseInt(line.slice(i + 2, j), 16));
      chars.push(bytes[bytes.length - 1]);
      i = j;
    } else if (/[0-7]/.test(e)) {
      let j = i + 1;
      while (j < line.length && j < i + 4 && /[0-7]/.test(line[j])) j++;
      const v = parseInt(line.slice(i + 1, j), 8);
      if (v > 255) return { ok: false, col: i + 1, said: asmMessage('asm.bad-string-escape-above', { escape: line.slice(i, j) }) };
      bytes.push(v);
      chars.push(v);
      i = j;
    } else if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]);
      chars.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else {
      return { ok: false, col: i + 1, said: asmMessage('asm.bad-string-escape', { escape: e }) };
    }
  }
  return { ok: false, col: start + 1, said: asmMessage(quote === "'" ? 'asm.unterminated-char-or-string' : 'asm.unterminated-string') };
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}
