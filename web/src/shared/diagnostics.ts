// The compiler's error messages as editor diagnostics. vm/cc reports each
// mistake as `file:line:col: message`, then the quoted line and a caret
// (vm/cc/diag.ts); link errors come as `file:line:col: message` too when
// they map back to C, or as a bare message. Here they become positions the
// Editor can mark: a line and column in the user's file, and the character
// range they cover in its text.

import { isMessage } from './i18n/i18n.js';
import type { Message } from './i18n/i18n.js';
import type { Message as HostMessage } from '../../../vm/text/message.js';

export interface Diagnostic {
  /** The file the compiler named (the user's own, or a header). */
  file: string;
  /** 1-based; 0 when the message names no position. */
  line: number;
  col: number;
  message: string;
  /** The whole report as the compiler wrote it (quoted line and caret included). */
  text: string;
  /** The message as a catalogue message (vm/cc/messages.ts), when the compiler gave one: the page shows it in its language. */
  said?: Message;
}

const HEAD = /^(.+?):(\d+):(\d+): (.*)$/;

/** Parse the compiler's error list; `messages` gives the catalogue message of each error it has one for. */
export function parseDiagnostics(errors: readonly string[], messages?: ReadonlyMap<string, HostMessage>): Diagnostic[] {
  return errors.map((text) => {
    const first = text.split('\n')[0];
    const m = HEAD.exec(first);
    const said = messages?.get(text);
    const d: Diagnostic = m ? { file: m[1], line: Number(m[2]), col: Number(m[3]), message: m[4], text } : { file: '', line: 0, col: 0, message: first, text };
    return said && isMessage(said) ? { ...d, said } : d;
  });
}

/**
 * The whole report with its message in other words (the page's language):
 * `file:line:col: ` and the quoted line with its caret stay as the
 * compiler wrote them.
 */
export function diagnosticText(d: Diagnostic, message: string): string {
  const nl = d.text.indexOf('\n');
  const rest = nl < 0 ? '' : d.text.slice(nl);
  return (d.line > 0 ? `${d.file}:${d.line}:${d.col}: ${message}` : message) + rest;
}

/**
 * Where a diagnostic goes in `doc` (the file it is shown on): from its
 * column to the end of the word there (at least one character), clamped to
 * the text. A diagnostic in another file (a header) or with no position
 * marks the first line.
 */
export function diagnosticRange(doc: string, d: Diagnostic, fileName: string): { from: number; to: number } {
  const lines = doc.split('\n');
  const here = d.file === fileName && d.line > 0;
  const lineNo = here ? Math.min(d.line, lines.length) : 1;
  let start = 0;
  for (let i = 0; i < lineNo - 1; i++) start += lines[i].length + 1;
  const line = lines[lineNo - 1];
  const col = here ? Math.min(Math.max(d.col, 1) - 1, line.length) : 0;
  const word = /^\w+/.exec(line.slice(col));
  const len = here ? (word ? word[0].length : 1) : line.length;
  const from = start + col;
  return { from, to: Math.min(Math.max(from + len, from), doc.length) };
}
