// An uploaded executable (built with `glassbox cc`) checked before it may go
// into /bin, by the rules vm/host/user-elf.ts states for every way in.

import { binNameProblem, userElfProblem } from '../../../vm/host/user-elf.js';
import type { ReadyProgram } from './build-protocol.js';
import type { Message } from './i18n/i18n.js';
import type { InstallMessage } from '../../../vm/host/install-messages.js';

/** The program's /bin name from the uploaded file's name: `myfork` or `myfork.elf` -> `myfork`. */
export function uploadName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.(elf|out|bin)$/i, '');
}

/** Check an uploaded file; a bad one gets a message (for the page to translate) naming what is wrong. */
export function checkUpload(fileName: string, bytes: Uint8Array): { ok: true; program: ReadyProgram } | { ok: false; message: Message } {
  const name = uploadName(fileName);
  const bad = (why: InstallMessage): { ok: false; message: Message } =>
    ({ ok: false, message: { key: 'editor.upload.rejected', params: { file: fileName, why } } });
  const problem = userElfProblem(bytes) ?? binNameProblem(name);
  if (problem) return bad(problem);
  return { ok: true, program: { name, elf: bytes, from: 'upload', sources: [] } };
}
