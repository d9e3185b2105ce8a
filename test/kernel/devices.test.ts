// What Unix programs expect of the kernel below the shell: /dev/null,
// /dev/zero and /dev/tty open with O_CREAT and O_TRUNC (issue #5), execve
// runs "#!" scripts through their interpreter, and the console hands a
// reader whole lines — one too long for its buffer is discarded, never cut
// in two (issue #4). test/kernel/devtest.c makes the calls.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, buildDevtest, run, SCRIPT_FILES } from './helpers.js';

describe('devices, #! and the console', () => {
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
    expect(run(sh, 'ls /dev')).toMatch(/console  null  tty  zero\n/);       // columns on the terminal, as GNU ls
    expect(run(sh, 'ls /dev | cat')).toMatch(/console\nnull\ntty\nzero\n/);  // one per line into a pipe
  });

  it('runs a #! script as its interpreter with the line\'s argument, the path and the arguments', () => {
    expect(run(sh, 'devtest exec /tmp/x/echo-script one two')).toContain('\nfrom the line /tmp/x/echo-script one two\n');
    expect(run(sh, 'devtest exec /tmp/x/bare-script one')).toContain('\n/tmp/x/bare-script one\n');
  });

  it('fails execve of a script it cannot run, with the caller intact', () => {
    expect(run(sh, 'devtest exec /tmp/x/no-interp')).toContain('execve /tmp/x/no-interp: ENOENT\n');
    expect(run(sh, 'devtest exec /tmp/x/empty-interp')).toContain('execve /tmp/x/empty-interp: ENOEXEC\n');
    expect(run(sh, 'devtest exec /tmp/x/script-interp')).toContain('execve /tmp/x/script-interp: ENOEXEC\n');
    expect(run(sh, 'devtest exec /tmp/x/long-line')).toContain('execve /tmp/x/long-line: ENOEXEC\n');
    expect(run(sh, 'devtest exec /tmp/x/text')).toContain('execve /tmp/x/text: ENOEXEC\n');
    // The interpreter's argv is longer by the interpreter and its argument; MAXARG is 32.
    expect(run(sh, 'devtest execn 30 /tmp/x/echo-script')).toMatch(/\nfrom the line \/tmp\/x\/echo-script a1 .* a29\n/);
    expect(run(sh, 'devtest execn 31 /tmp/x/echo-script')).toContain('execve /tmp/x/echo-script: E2BIG\n');
    expect(run(sh, 'devtest execn 31 /tmp/x/bare-script')).toMatch(/\n\/tmp\/x\/bare-script a1 .* a30\n/);
    expect(run(sh, 'devtest execn 32 /tmp/x/bare-script')).toContain('execve /tmp/x/bare-script: E2BIG\n');
  });

  it('discards a line longer than its buffer with a message, and gives the reader an empty line (issue #4)', () => {
    // A program reading cooked lines (the read built-in) meets the console's limit …
    sh.type('read x; echo "got ${#x} bytes"; echo ran\n');
    sh.machine.run(50_000_000);
    const out = run(sh, `MARK${'B'.repeat(5000)}`);
    expect(out).toContain('console: line longer than 4095 bytes, discarded\n');
    expect(out).toMatch(/^got 0 bytes\nran\n/m);
    expect(out).not.toMatch(/^MARK/m);
    expect(run(sh, 'echo after')).toContain('after\n');
    // … while the shell's line editor takes a line of any length, as one command.
    const long = run(sh, `echo MARK${'B'.repeat(5000)}; echo ran`);
    expect(long).toContain(`\nMARK${'B'.repeat(5000)}\nran\n`);
  });
});
