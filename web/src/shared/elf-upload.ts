// An uploaded executable (built with `glassbox cc`) checked before it may go
// into /bin: vm/asm's readElf (magic, class, machine, headers, segments —
// every failure a sentence), then what a user program for the kernel must
// be: loaded below the kernel at 0xC0000000 and entered in its own code.

import { readElf } from '../../../vm/asm/index.js';
import type { ReadyProgram } from './build-protocol.js';

const KERNEL_BASE = 0xc000_0000;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,27}$/;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** The program's /bin name from the uploaded file's name: `myfork` or `myfork.elf` -> `myfork`. */
export function uploadName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.(elf|out|bin)$/i, '');
}

/** Check an uploaded file; a bad one gets a message naming what is wrong. */
export function checkUpload(fileName: string, bytes: Uint8Array): { ok: true; program: ReadyProgram } | { ok: false; message: string } {
  const name = uploadName(fileName);
  const bad = (why: string): { ok: false; message: string } => ({ ok: false, message: `${fileName}: ${why}` });
  const r = readElf(bytes);
  if (!r.ok) return bad(r.error);
  if (r.elf.segments.length === 0) return bad('no loadable segments: nothing to run');
  for (const s of r.elf.segments) {
    if (s.vaddr + s.memsz > KERNEL_BASE) {
      return bad(`a segment at ${hex(s.vaddr)} reaches into the kernel's half (from ${hex(KERNEL_BASE)}): built for the bare machine or the kernel, not as a user program (glassbox cc)`);
    }
  }
  if (r.elf.entry < 0x0804_8000) {
    return bad(`entry point ${hex(r.elf.entry)} is below 0x08048000: built for the bare machine (glassbox bare), not as a user program (glassbox cc)`);
  }
  if (!NAME.test(name)) return bad(`"${name}" cannot be a program name in /bin (a letter or _, then letters, digits, _ or -, at most 28)`);
  return { ok: true, program: { name, elf: bytes, from: 'upload', sources: [] } };
}
