// An uploaded executable (built with `glassbox cc`) checked before it may go
// into /bin, by the rules vm/host/user-elf.ts states for every way in.

import { binNameProblem, userElfProblem } from '../../../vm/host/user-elf.js';
import type { ReadyProgram } from './build-protocol.js';

/** The program's /bin name from the uploaded file's name: `myfork` or `myfork.elf` -> `myfork`. */
export function uploadName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.(elf|out|bin)$/i, '');
}

/** Check an uploaded file; a bad one gets a message naming what is wrong. */
export function checkUpload(fileName: string, bytes: Uint8Array): { ok: true; program: ReadyProgram } | { ok: false; message: string } {
  const name = uploadName(fileName);
  const bad = (why: string): { ok: false; message: string } => ({ ok: false, message: `${fileName}: ${why}` });
  const problem = userElfProblem(bytes) ?? binNameProblem(name);
  if (problem) return bad(problem);
  return { ok: true, program: { name, elf: bytes, from: 'upload', sources: [] } };
}
