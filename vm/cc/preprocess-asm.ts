// Assembly through the C preprocessor, as xv6 runs its `.S` files through cpp.
//
// A kernel or libc `.s` file may `#include "trace.h"` and use TR_CS_SAVE,
// SYS_clone or TF_EIP instead of copying their numbers. The preprocessor runs
// in assembly mode (`;` comments, `__ASSEMBLER__` defined, so shared headers
// hide their C-only parts) and its tokens are written back out as text:
//
//   - one output line per input line: a directive leaves a blank line, so an
//     assembler error on line N is line N of the file as written;
//   - each token at its original column while the line has not grown (a
//     macro's expansion can push what follows it to the right);
//   - when text comes from another file (an included header that holds
//     code, not just #defines) or jumps back, a GNU line marker
//     `# LINE "FILE"` says where the next line came from; the assembler
//     reads these and reports positions in the original file.

import { CompileError, formatError } from './diag.js';
import type { SourceFile } from './diag.js';
import { PreprocessOptions, Preprocessor } from './preprocess.js';
import type { Token } from './tokenize.js';

export interface AsmPreprocessResult {
  /** The assembly to assemble; absent when there were errors. */
  text?: string;
  /** Formatted diagnostics (`file:line:col: message`). */
  errors: string[];
}

/** Preprocess one assembly file. Never throws. */
export function preprocessAssembly(path: string, text: string, opts: PreprocessOptions): AsmPreprocessResult {
  try {
    const defines = { __ASSEMBLER__: '1', ...opts.defines };
    const pp = new Preprocessor({ ...opts, defines, assembly: true }).run(path, text);
    return { text: render(pp.tokens, pp.files[0]), errors: [] };
  } catch (e) {
    if (e instanceof CompileError) return { errors: [formatError(e.pos, e.message)] };
    return { errors: [`${path}: internal preprocessor error: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

/** The GNU line marker that makes the next line `line` of `path`. */
export function lineMarker(line: number, path: string): string {
  return `# ${line} "${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A forward jump longer than this within one file gets a marker rather than blank lines. */
const MAX_BLANK_RUN = 64;

/** Tokens back to lines, keeping each at its file, line and (where it can) column. */
function render(tokens: Token[], main: SourceFile): string {
  const out: string[] = [];
  let file = main;
  let line = 1;
  let buf = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    if (t.kind === 'eof') continue;
    const forward = t.file === file && t.line >= line && t.line - line <= MAX_BLANK_RUN;
    if (!forward) {
      out.push(buf, lineMarker(t.line, t.file.path));
      buf = '';
      file = t.file;
      line = t.line;
      prev = undefined;
    }
    for (; line < t.line; line++) {
      out.push(buf);
      buf = '';
      prev = undefined;
    }
    buf = place(buf, t, prev);
    prev = t;
  }
  out.push(buf);
  return out.join('\n') + '\n';
}

const WORDISH = /[A-Za-z0-9_.@$]/;

/** Append a token to a line: at its column if there is room, else after a space if it needs one. */
function place(buf: string, t: Token, prev: Token | undefined): string {
  if (buf.length < t.col - 1) return buf.padEnd(t.col - 1) + t.text;
  if (!prev) return buf + t.text;
  // Two tokens side by side in the source stay side by side (`.loop`, `[esp+4]`);
  // an expansion's tokens must not run into their neighbours (`1` then `eax`).
  const adjacentInSource = !t.space && prev.hide === null && t.hide === null;
  if (adjacentInSource) return buf + t.text;
  const glue = t.space || (WORDISH.test(buf[buf.length - 1] ?? '') && WORDISH.test(t.text[0] ?? ''));
  return buf + (glue ? ' ' : '') + t.text;
}
