// The Editor's builds: what the page asks the compile worker
// (src/compiler/compile-worker.ts) and what comes back, and the one rule for
// a program's name. Plain data only, so it crosses Comlink as it is.

import type { Diagnostic } from './diagnostics.js';
import type { SourceText } from './protocol.js';
import { translateMessage } from './i18n/i18n.js';
import type { Message } from './i18n/i18n.js';

/** A program ready to go into /bin: from a build, or an uploaded ELF. */
export interface ReadyProgram {
  /** Its name in /bin (`myfork` for `myfork.c`). */
  name: string;
  elf: Uint8Array;
  from: 'build' | 'upload';
  /** The C sources it was built from, by the names its line table uses (none for an upload). */
  sources: SourceText[];
}

export type BuildOutcome =
  | { ok: true; name: string; elf: Uint8Array; ms: number }
  | { ok: false; errors: string[]; diagnostics: Diagnostic[]; ms: number };

/** A header the Editor shows read-only, as the guest would name it (`/usr/include/stdio.h`). */
export interface HeaderFile {
  path: string;
  text: string;
}

export interface CompilerApi {
  /** Fetch the system image and keep the texts the compiler reads. */
  load(imageUrl: string): Promise<void>;
  /** Build a C file for the kernel's runtime (crt0 with argc/argv, system calls, threads). */
  build(fileName: string, text: string): Promise<BuildOutcome>;
  /** libc's headers, under /usr/include. */
  headers(): Promise<HeaderFile[]>;
}

const FILE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,27}\.c$/;

/** The /bin name of a C file's program, or why the file name cannot be one (in English, and as a message the page translates). */
export function programName(fileName: string): { name: string } | { error: string; said: Message } {
  if (!FILE_NAME.test(fileName)) {
    const said: Message = { key: 'editor.bad-file-name', params: { name: fileName } };
    return { error: translateMessage('en', said), said };
  }
  return { name: fileName.slice(0, -2) };
}
