// The ramfs under pressure from several processes: a directory removed while
// another process sits in it, getdents after lseek, and the ramfs's limit.
// Each was found by a hostile probe (issue 12); each program is in
// test/kernel/fs/ and is run from the shell, with the kernel's page and
// inode counts read by name through its debug info.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { nodeReader, REPO_ROOT } from '../../vm/host/node-files.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import { bootShell, kernelGlobals, run } from './helpers.js';

const PROGRAMS = ['rmdirtest', 'dirseek', 'fillfs'];

function build(name: string): Uint8Array {
  const path = `test/kernel/fs/${name}.c`;
  return buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], nodeReader());
}

describe('the ramfs under pressure', () => {
  let sh: ShellSession;
  let global: (name: string) => number;
  beforeAll(async () => {
    sh = await bootShell({ extraPrograms: new Map(PROGRAMS.map((n) => [n, build(n)])) });
    global = kernelGlobals(sh);
  }, 120_000);

  it('a directory removed under another process has no "." or ".." and takes no new entries', () => {
    const out = run(sh, 'rmdirtest');
    expect(out).toContain('rmdir /tmp/P/d: 0 errno=0\nrmdir /tmp/P: 0 errno=0\n');
    expect(out).toContain('open ..: -1 errno=2\n');
    expect(out).toContain('create x: -1 errno=2\n');
    expect(out).toContain('mkdir y: -1 errno=2\n');
    expect(out).toContain('getcwd: -1 errno=2\n');
    expect(out).toContain('entries here: -2\n');          // opendir("."): no "." either
    expect(out).toContain('chdir ..: -1 errno=2\nchdir /tmp: 0 errno=0\n');
    expect(out).toContain('child status 0\n');
    expect(run(sh, 'ls /tmp')).not.toMatch(/\bP\b/);
  });

  it('loses no page and no inode over many rounds', () => {
    // Warm up what the shell allocates once; the same line again, so that
    // its history (which keeps each new line) does not grow either.
    run(sh, 'rmdirtest 50');
    const pages = global('free_pages');
    const ramfs = global('ramfs_pages');
    expect(run(sh, 'rmdirtest 50')).toContain('50 rounds done');
    expect(global('ramfs_pages')).toBe(ramfs);
    expect(global('free_pages')).toBe(pages);
  });

  it('getdents after lseek: offsets between entries are refused, whole entries read clean', () => {
    const out = run(sh, 'dirseek');
    expect(out).toContain('size a multiple of entries: 1\n');
    expect(out).toContain('misaligned refused, whole entries read: 0 bad, 1 whole\n');
    expect(out).toContain('SEEK_CUR between entries: -1 errno=22\n');
    expect(out).toContain('from the start: clean\n');
    expect(out).toContain('at the end: 0\n');
  });

  it('the ramfs stops at half of RAM with ENOSPC, and fork, exec and pipes still work', () => {
    const limit = global('ramfs_limit');
    const before = global('ramfs_pages');
    const free = global('free_pages');
    expect(limit).toBeGreaterThan(before);
    const out = run(sh, 'fillfs');
    const m = /^(\d+) full files, (\d+) pages of data in all, then errno=(\d+)$/m.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![3])).toBe(28);                          // ENOSPC, not EFBIG or ENOMEM
    expect(Number(m![1])).toBeGreaterThan(0);                // past one file's 4 MiB
    expect(global('ramfs_pages')).toBe(limit);               // it stopped at the limit…
    expect(free - global('free_pages')).toBe(limit - before);  // …and only the ramfs grew
    expect(out).toContain("exec works with the ramfs full\nchild status 0, pipe gave 'p'\n");
    expect(run(sh, 'fillfs clean')).toContain(`removed ${Number(m![1]) + 1} files`);
    expect(global('ramfs_pages')).toBe(before);
    expect(global('free_pages')).toBe(free);
  });
});
