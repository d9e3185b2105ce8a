// The system's build manifest: the Makefile of Glassbox, as data.
//
// Which sources make the kernel (in link order), where the kernel is linked,
// which programs go into /bin and what else the guest's file tree holds.
// system-build.ts turns this into ELF files and boot-image.ts into a ramfs;
// the CLI and the web build both read it from here. libc's own file list
// (what every user program links with) is vm/cc/libc.ts.
//
// To add a program: write programs/NAME.c (and programs/NAME.s if it needs
// assembly) and add NAME to PROGRAMS; a program of several C files lives in
// programs/NAME/ and is listed in MULTI_FILE_PROGRAMS too.

import type { RamfsEntry } from './cpio.js';
import { LIBC_INCLUDE } from '../cc/libc.js';
import { GENERATED_INCLUDE } from '../cc/generated-headers.js';
import type { AsmOffsetsStruct } from './asm-offsets.js';
import { vectorsAssembly } from './vectors.js';

export const KERNEL_INCLUDE = 'kernel/include';

/**
 * Kernel files see the kernel's headers first, then libc's (for stdarg.h,
 * stddef.h …), then the headers the build generates (machine.h, asm-offsets.h).
 */
export const KERNEL_INCLUDE_PATHS = [KERNEL_INCLUDE, LIBC_INCLUDE, GENERATED_INCLUDE];

/** The kernel's virtual link address (its physical load address is this minus KERNBASE). */
export const KERNEL_TEXT_BASE = 0xc010_0000;
export const KERNEL_ENTRY = '_start';

/** Kernel sources, in link order (entry.s first: _start at KERNEL_TEXT_BASE). */
export const KERNEL_SOURCES = [
  'kernel/entry.s', 'kernel/x86.s', 'kernel/vectors.s', 'kernel/trapasm.s', 'kernel/swtch.s', 'kernel/memory.s',
  'kernel/main.c', 'kernel/string.c', 'kernel/printf.c', 'kernel/console.c', 'kernel/kalloc.c', 'kernel/vm.c',
  'kernel/trap.c', 'kernel/proc.c', 'kernel/syscall.c', 'kernel/sysproc.c', 'kernel/sysfile.c', 'kernel/file.c',
  'kernel/ramfs.c', 'kernel/cpio.c', 'kernel/exec.c', 'kernel/pipe.c', 'kernel/signal.c', 'kernel/lab.c',
  'kernel/time.c', 'kernel/futex.c', 'kernel/install.c', 'kernel/sysinfo.c',
  'kernel/systrace.c',
];

/** Kernel sources the build generates rather than reads (never on disk), by path. */
export const KERNEL_GENERATED: Record<string, () => string> = {
  'kernel/vectors.s': vectorsAssembly, // the trap vector stubs and the IDT's address table
};

/**
 * The structs whose layouts the kernel's assembly uses, and the prefix of
 * their names in the generated asm-offsets.h (TF_EIP, THREAD_TID, TF_SIZE …).
 */
export const ASM_OFFSETS: AsmOffsetsStruct[] = [
  { struct: 'trapframe', prefix: 'TF' },
  { struct: 'context', prefix: 'CONTEXT' },
  { struct: 'thread', prefix: 'THREAD' },
  { struct: 'proc', prefix: 'PROC' },
];

/** The programs installed in /bin, each built from programSources(NAME). */
export const PROGRAMS = [
  'init', 'sh', 'ls', 'cat', 'echo', 'ps', 'kill', 'sleep', 'true', 'false', 'pmap', 'mkdir', 'rm', 'exitwith',
  'zombie', 'orphan', 'segfault', 'codewrite', 'overflow', 'illegal', 'divzero', 'spin', 'forkbomb', 'badptr',
  'sysfuzz', 'race', 'threadcrash', 'spinthreads', 'gpfault', 'sigdemo', 'leak', 'lrucache', 'allocbench',
  'threadpool', 'cowdemo', 'tlbbench', 'ctxbench', 'flushcost', 'sort', 'usertests',
  // the everyday commands
  'wc', 'head', 'tail', 'grep', 'uniq', 'tee', 'seq', 'yes', 'printf', 'basename', 'dirname', 'xargs', 'env',
  'which', 'cp', 'mv', 'touch', 'date', 'uptime', 'free', 'top', 'time',
  'trace',
];

/**
 * Programs too big for one file: their C files in programs/NAME/, named here
 * because a source reader cannot list a directory.
 */
const MULTI_FILE_PROGRAMS: Record<string, string[]> = {
  sh: ['main', 'input', 'edit', 'history', 'complete', 'arena', 'lex', 'parse', 'expand', 'subst', 'arith', 'glob', 'var', 'exec',
    'redir', 'jobs', 'builtin', 'test']
    .map((f) => `programs/sh/${f}.c`),
};

/** The sources of program NAME: its C files (programs/NAME.c, or those of MULTI_FILE_PROGRAMS), and programs/NAME.s. */
export const programSources = (name: string): { c: string[]; asm: string } => ({
  c: MULTI_FILE_PROGRAMS[name] ?? [`programs/${name}.c`],
  asm: `programs/${name}.s`,
});

export const DEFAULT_MOTD =
  'Welcome to Glassbox. Programs are in /bin (try ls /bin, ps, pmap 1, zombie, orphan, segfault).\n';

/** The guest's file tree besides /bin's programs: directories, devices, /etc/motd. */
export function baseFileTree(motd = DEFAULT_MOTD): RamfsEntry[] {
  return [
    { path: '/bin', kind: 'dir' },
    { path: '/dev', kind: 'dir' },
    { path: '/etc', kind: 'dir' },
    { path: '/tmp', kind: 'dir' },
    { path: '/dev/console', kind: 'chardev', major: 1 },
    { path: '/dev/null', kind: 'chardev', major: 2 },
    { path: '/dev/zero', kind: 'chardev', major: 3 },
    { path: '/dev/tty', kind: 'chardev', major: 1 }, // the one terminal there is: the console
    { path: '/etc/motd', kind: 'file', data: new TextEncoder().encode(motd) },
  ];
}
