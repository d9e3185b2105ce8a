// What a program must be to go into /bin and run under the kernel, checked
// before it gets there (the CLI's --add, the page's upload): an ELF that
// vm/asm's readElf accepts (magic, class, machine, headers, segments — each
// failure a sentence), loaded below the kernel at 0xC0000000 and entered in
// user space, under a name a /bin entry can have.

import { readElf } from '../asm/index.js';

const KERNEL_BASE = 0xc000_0000;
const USER_ENTRY_MIN = 0x0804_8000;

/** A /bin name: a letter or _, then letters, digits, _ or -, 28 at most (the kernel's DIRSIZ less the NUL). */
export const BIN_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,27}$/;
export const BIN_NAME_RULE = 'a letter or _, then letters, digits, _ or -, at most 28';

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Why bytes are not a user program for the kernel, or undefined when they are one. */
export function userElfProblem(bytes: Uint8Array): string | undefined {
  const r = readElf(bytes);
  if (!r.ok) return r.error;
  if (r.elf.segments.length === 0) return 'no loadable segments: nothing to run';
  for (const s of r.elf.segments) {
    if (s.vaddr + s.memsz > KERNEL_BASE) {
      return `a segment at ${hex(s.vaddr)} reaches into the kernel's half (from ${hex(KERNEL_BASE)}): built for the bare machine or the kernel, not as a user program (glassbox cc)`;
    }
  }
  if (r.elf.entry < USER_ENTRY_MIN) {
    return `entry point ${hex(r.elf.entry)} is below ${hex(USER_ENTRY_MIN)}: built for the bare machine (glassbox bare), not as a user program (glassbox cc)`;
  }
  return undefined;
}

/** Why name cannot name a program in /bin, or undefined when it can. */
export function binNameProblem(name: string): string | undefined {
  return BIN_NAME.test(name) ? undefined : `"${name}" cannot be a program name in /bin (${BIN_NAME_RULE})`;
}
