// Diagnostics: every error the toolchain reports names a place in a source
// file (`file:line:col: message`), so an editor or a person can jump to it.
//
// The assembler and linker never throw on bad input; they collect
// Diagnostic values and keep going, so one run reports many mistakes.

import { asmText } from './messages.js';
import type { AsmMessage } from './messages.js';

/** A position in a source file. Lines and columns count from 1. */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
}

export interface Diagnostic extends SourceLoc {
  message: string;
  /** The same as a catalogue message (messages.ts), where the diagnostic has one: for a page that translates it. */
  said?: AsmMessage;
}

export function diag(loc: SourceLoc, message: string): Diagnostic {
  return { file: loc.file, line: loc.line, col: loc.col, message };
}

/** A diagnostic from the catalogue: its English is the message's. */
export function diagSaid(loc: SourceLoc, said: AsmMessage): Diagnostic {
  return { file: loc.file, line: loc.line, col: loc.col, message: asmText(said), said };
}

/**
 * `file:line:col: message`; with the source text, also the offending line
 * and a caret under the column, as compilers print them.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.message}`;
  if (sourceText === undefined) return head;
  const lines = sourceText.split('\n');
  const text = lines[d.line - 1];
  if (text === undefined) return head;
  const shown = text.replace(/\r$/, '').replace(/\t/g, ' ');
  const caret = ' '.repeat(Math.max(0, Math.min(d.col - 1, shown.length))) + '^';
  return `${head}\n    ${shown}\n    ${caret}`;
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = saved;
    }
  }
  return row[b.length];
}

/** The closest candidate within distance 2 (and less than the word's length), if any. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, word.length);
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
