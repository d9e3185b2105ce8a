// libc: which files every program links with, for each runtime.
//
// Like ULIB in xv6's Makefile, this is the list; the files themselves are
// read through the caller's reader (Node reads the repository, the browser
// its system image). test/cc/libc.test.ts fails when a file is added to or
// removed from programs/libc/ without this list following.
//
//   'bare'    the bare machine (no kernel): crt0 calls main(0, 0), console
//             ports, a heap after _end.
//   'kernel'  a user program for the Glassbox kernel: crt0 with argc/argv,
//             system calls, threads.
//   'none'    nothing: the caller supplies _start (how the kernel is built).

export type Runtime = 'bare' | 'kernel' | 'none';

export const LIBC_INCLUDE = 'programs/libc/include';

/** The runtime-independent part: programs/libc/src/. */
const COMMON = [
  'ctype.c', 'file.c', 'fmtfloat.c', 'getopt.c', 'int64.c', 'malloc.c', 'math.c', 'scanf.c', 'softfloat.c', 'stdio.c', 'stdlib.c', 'strtod.c',
  'string.c',
  'x86intrin.s',
].map((f) => `programs/libc/src/${f}`);

/** Each runtime's back-end, crt0 first (it must be the first code linked: _start). */
const BACKEND: Record<Exclude<Runtime, 'none'>, string[]> = {
  bare: ['crt0.s', 'console.s', 'heap.c', 'nofiles.c'].map((f) => `programs/libc/bare/${f}`),
  kernel: ['crt0.s', 'dirent.c', 'glassbox.c', 'pthread.c', 'signal.c', 'start.c', 'syscall.s', 'thread.s', 'unistd.c']
    .map((f) => `programs/libc/kernel/${f}`),
};

/** The libc source files a runtime links with, crt0 first. */
export function libcSourcePaths(runtime: Runtime): string[] {
  if (runtime === 'none') return [];
  const [crt0, ...rest] = BACKEND[runtime];
  return [crt0, ...[...COMMON, ...rest].sort()];
}
