// /bin/usertests on the kernel: every test passes, and the kernel has every
// page back afterwards (read by name through its debug info). The tests
// themselves are in programs/usertests.c.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, kernelGlobals, run } from './helpers.js';

const TESTS = [
  'forkbomb', 'manyexits', 'killblocked', 'execbad', 'execargs', 'badptr', 'baddesc',
  'fdtable', 'pipes', 'recursion', 'brk', 'memexhaust', 'fsfull', 'paths',
];

describe('usertests', () => {
  let sh: ShellSession;
  let global: (name: string) => number;
  beforeAll(async () => {
    sh = await bootShell();
    global = kernelGlobals(sh);
  }, 120_000);

  it('lists its tests', () => {
    expect(run(sh, 'usertests -l')).toContain(`tests: ${TESTS.join(' ')}\n`);
  });

  it('passes every test and gives every page and ramfs page back', () => {
    run(sh, 'usertests paths');                  // warm up what the first run allocates once
    const free = global('free_pages');
    const ramfs = global('ramfs_pages');
    const out = run(sh, 'usertests', 60_000_000_000);
    // A test's line may hold a kernel message first (recursion's stack overflow).
    const results = [...out.matchAll(/^test (\w+): (?:pid \d+ .*\n)?(OK|FAILED.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(results).toEqual(TESTS.map((t) => `${t} OK`));
    expect(out).toContain('ALL TESTS PASSED\n');
    expect(out).not.toContain('FAILED');
    expect(global('ramfs_pages')).toBe(ramfs);
    expect(global('free_pages')).toBe(free);
  });

  it('says so when a test name is unknown', () => {
    expect(run(sh, 'usertests nosuchtest')).toContain('usertests: no such test (usertests -l lists them)\n');
  });
});
