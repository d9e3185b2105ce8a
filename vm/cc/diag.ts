// Diagnostics: how the compiler reports a mistake in the program.
//
// Every error names a position `file:line:col`, says what was expected, and
// quotes the source line with a caret under the column, as gcc does:
//
//   prog.c:3:9: expected ';' after expression
//       x = 1
//           ^
//
// Inside the compiler an error is thrown as a CompileError and caught at the
// translation-unit boundary (compile.ts), so the first error stops that file
// and no assembly is produced for it. Its words are a catalogue message
// (messages.ts), so the page can show them in its language.

import { ccMessage, ccText } from './messages.js';
import type { CcMessage, CcMessageKey, CcParams } from './messages.js';

/** A source file as the compiler sees it: the name used in messages and its text. */
export interface SourceFile {
  /** Path as given (used in messages, `.file` directives and debug info). */
  readonly path: string;
  /** Full text after line-ending normalisation (for quoting lines in messages). */
  readonly text: string;
  /** Index in the translation unit's file list (the `.file N` number minus 1). */
  readonly index: number;
}

/** A position in a source file. Lines and columns count from 1. */
export interface Pos {
  readonly file: SourceFile;
  readonly line: number;
  readonly col: number;
}

/** A mistake at a position; `said` is the diagnostic as a catalogue message (messages.ts), `message` its English. */
export class CompileError extends Error {
  constructor(
    readonly pos: Pos | undefined,
    readonly said: CcMessage,
  ) {
    super(ccText(said));
  }
}

/** Throw the diagnostic `key` (messages.ts) at a position: `fail(tok, 'cc.undeclared', { token })`. Never returns. */
export function fail<K extends CcMessageKey>(pos: Pos | undefined, key: K, ...params: CcParams<K>): never {
  throw new CompileError(pos, ccMessage(key, ...params));
}

/** The text of line `line` (1-based) of a file, without its newline. */
function sourceLine(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/** Render a diagnostic: `file:line:col: message`, then the quoted line and a caret. */
export function formatError(pos: Pos | undefined, message: string): string {
  if (!pos) return `<unknown>: ${message}`;
  const head = `${pos.file.path}:${pos.line}:${pos.col}: ${message}`;
  const raw = sourceLine(pos.file.text, pos.line);
  // Keep the quote printable: tabs become spaces so the caret lines up, and
  // control bytes (random input) become '?'.
  const shown = raw.replace(/\t/g, ' ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
  if (shown.length > 200) return head;
  const caret = ' '.repeat(Math.max(0, Math.min(pos.col - 1, shown.length))) + '^';
  return `${head}\n    ${shown}\n    ${caret}`;
}
