// Keeps kernel/README.md's "how to add a system call" honest: a number in
// include/syscall.h needs a handler in syscall.c's table (declared in
// defs.h) and a way in from libc (a C wrapper or an assembly stub that uses
// the name), and nothing else needs to change.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDefines } from '../../vm/host/header-defines.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';

/** Calls the kernel offers that libc has no wrapper for, and why. */
const KERNEL_ONLY: Record<string, string> = {};

const read = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');

function libcTexts(dir = 'programs/libc'): string {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })
    .map((e) => (e.isDirectory() ? libcTexts(`${dir}/${e.name}`) : /\.(c|s)$/.test(e.name) ? read(`${dir}/${e.name}`) : ''))
    .join('\n');
}

const calls = [...parseDefines(read('kernel/include/syscall.h')).keys()]
  .filter((n) => n.startsWith('SYS_'))
  .map((n) => n.slice(4));

describe('every system call of syscall.h', () => {
  it('has an entry in the kernel table, declared in defs.h', () => {
    const table = read('kernel/syscall.c');
    const defs = read('kernel/include/defs.h');
    expect(calls.length).toBeGreaterThan(30);
    expect(calls.filter((c) => !table.includes(`{SYS_${c}, sys_${c}}`))).toEqual([]);
    expect(calls.filter((c) => !new RegExp(`\\bint sys_${c}\\(void\\);`).test(defs))).toEqual([]);
  });

  it('has a libc wrapper or stub that uses its name', () => {
    const libc = libcTexts();
    const missing = calls.filter((c) => !(c in KERNEL_ONLY) && !new RegExp(`\\bSYS_${c}\\b`).test(libc));
    expect(missing).toEqual([]);
    for (const c of Object.keys(KERNEL_ONLY)) expect(calls).toContain(c);
  });
});
