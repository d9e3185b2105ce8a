// Stripping an executable: what the guest's /bin gets.
//
// The host keeps a program's full ELF file for symbols and line tables; the
// guest only needs what the loader reads. stripElf() cuts the file after its
// last loaded byte (or the program headers, whichever ends later) and drops
// the section headers, as `strip` does, more or less. The loaded segments
// keep their file offsets, so the result loads exactly as the original; it
// is several times smaller, since the compiler's debug sections are most of
// a program file.

import { readElfSegments } from './elf.js';
import * as E from './elf-format.js';

export class StripError extends Error {}

const stripped = new WeakMap<Uint8Array, Uint8Array>();

export function stripElf(elf: Uint8Array): Uint8Array {
  const cached = stripped.get(elf);
  if (cached) return cached;
  const parsed = readElfSegments(elf);
  if (!parsed.ok) throw new StripError(parsed.error);
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const phoff = view.getUint32(28, true);
  const phnum = view.getUint16(44, true);
  let end = Math.max(E.EHDR_SIZE, phoff + phnum * E.PHDR_SIZE);
  for (const seg of parsed.elf.segments) end = Math.max(end, seg.offset + seg.filesz);
  const out = elf.slice(0, end);
  const outView = new DataView(out.buffer);
  outView.setUint32(32, 0, true); // e_shoff
  outView.setUint16(46, 0, true); // e_shentsize
  outView.setUint16(48, 0, true); // e_shnum
  outView.setUint16(50, 0, true); // e_shstrndx
  stripped.set(elf, out);
  return out;
}
