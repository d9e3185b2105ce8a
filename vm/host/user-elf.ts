// What a program must be to go into /bin and run under the kernel, checked
// before it gets there (the CLI's --add, the page's upload): an ELF that
// vm/asm's readElf accepts (magic, class, machine, headers, segments — each
// failure a sentence), loaded below the kernel at 0xC0000000 and entered in
// user space, under a name a /bin entry can have.

import { readElf } from '../asm/index.js';
import { installMessage, installText } from './install-messages.js';
import type { InstallMessage } from './install-messages.js';

const KERNEL_BASE = 0xc000_0000;
const USER_ENTRY_MIN = 0x0804_8000;

/** A /bin name: a letter or _, then letters, digits, _ or -, 28 at most (the kernel's DIRSIZ less the NUL). */
export const BIN_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,27}$/;
export const BIN_NAME_RULE = installText(installMessage('install.name-rule'));

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Why bytes are not a user program for the kernel (a message of
 * install-messages.ts or the ELF reader's; installText() is its English),
 * or undefined when they are one.
 */
export function userElfProblem(bytes: Uint8Array): InstallMessage | undefined {
  const r = readElf(bytes);
  if (!r.ok) return r.said;
  if (r.elf.segments.length === 0) return installMessage('install.no-segments');
  for (const s of r.elf.segments) {
    if (s.vaddr + s.memsz > KERNEL_BASE) return installMessage('install.segment-in-kernel', { vaddr: hex(s.vaddr), base: hex(KERNEL_BASE) });
  }
  if (r.elf.entry < USER_ENTRY_MIN) return installMessage('install.entry-too-low', { entry: hex(r.elf.entry), min: hex(USER_ENTRY_MIN) });
  return undefined;
}

/** Why name cannot name a program in /bin, or undefined when it can. */
export function binNameProblem(name: string): InstallMessage | undefined {
  return BIN_NAME.test(name) ? undefined : installMessage('install.bad-name', { name, rule: installMessage('install.name-rule') });
}
