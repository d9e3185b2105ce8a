// What Unix programs expect of the kernel below the shell: /dev/null,
// /dev/zero and /dev/tty open with O_CREAT and O_TRUNC (issue #5).
// test/kernel/devtest.c makes the calls.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, buildDevtest, run, SCRIPT_FILES } from './helpers.js';

describe('devices', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraFiles: SCRIPT_FILES, extraPrograms: new Map([['devtest', buildDevtest()]]) });
  }, 120_000);

  it('opens /dev/null, /dev/zero and /dev/tty with O_CREAT and O_TRUNC, as Unix does', () => {
    const out = run(sh, 'devtest');
    expect(out).toContain('/dev/null O_CREAT|O_TRUNC: opened\nwrite: 5\nread: 0\nO_EXCL: EEXIST\n');
    expect(out).toContain('/dev/zero: read 300, 300 zero bytes\nwrite: 10\n');
    expect(out).toContain('/dev/tty: written\n');
  });

  it('lists the devices', () => {
    expect(run(sh, 'ls /dev')).toMatch(/console\nnull\ntty\nzero\n/);
  });
});
