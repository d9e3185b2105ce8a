// libc on the kernel: programs that use stdio on files, time, condition
// variables (the futex) and sigaction, built from test/kernel/libc/*.c, added to /bin
// and run from the shell. (What needs no kernel is tested on the bare
// machine in test/cc/libc.test.ts.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { nodeReader, REPO_ROOT } from '../../vm/host/node-files.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import { bootShell, run } from './helpers.js';

const PROGRAMS = ['ftest', 'timetest', 'condtest', 'sigtest'];

function build(name: string): Uint8Array {
  const path = `test/kernel/libc/${name}.c`;
  return buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], nodeReader());
}

describe('libc on the kernel', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraPrograms: new Map(PROGRAMS.map((n) => [n, build(n)])) });
  }, 120_000);

  it('stdio on files: fopen modes, fgets, fseek/ftell, ungetc, fscanf, errors, flush at exit', () => {
    const out = run(sh, 'ftest');
    expect(out).toContain('missing: NULL errno=2\n');
    expect(out).toContain('ftell after writes: 18\n');
    expect(out).toContain('fileno above 2: 1\n');
    expect(out).toContain('read: line 1\nread: line two\nread: x\nfeof=1 ferror=0\n');
    expect(out).toContain('first=l pushed=L ftell after=1\n');
    expect(out).toContain("at -2 from end: 'x' ftell=17\n");
    expect(out).toContain('fread=3 bytes=1\nl\n');
    expect(out).toContain('write on r: EOF, ferror=1\n');
    expect(out).toContain('r+:\nline 1\nLINE two\nx\nappended\n27 bytes\n');
    expect(out).toContain('w+: fresh\n');
    expect(out).toContain('a+: fresh!\n');
    expect(out).toContain('fscanf: 3 [abc]\nfscanf at end: -1\n');
    expect(out).toContain('bad mode: NULL errno=22\n');
    expect(out).toContain('to stderr 42\nto stdout ok\n');
    expect(run(sh, 'cat /tmp-g.txt')).toContain('left in the buffer at exit');
  });

  it('time, clock and clock_gettime: time since boot, CPU time, errors', () => {
    const check = (out: string, seconds: number) => {
      const since = /^since boot: (\d+) s, time\(\) (\d+) agrees$/m.exec(out);
      expect(since, out).not.toBeNull();
      expect(Number(since![1])).toBeGreaterThanOrEqual(seconds);
      expect(out).toContain('realtime matches the cycle counter: 1\n');
      expect(out).toContain('realtime <= monotonic: 1, nsec in range: 1\n');
      const sleep = /^sleep 50 ms: (\d+) ms passed, (\d+) ms of CPU$/m.exec(out);
      expect(Number(sleep![1])).toBeGreaterThanOrEqual(45);      // whole ticks; the first may be partial
      expect(Number(sleep![1])).toBeLessThan(60);
      expect(Number(sleep![2])).toBeLessThan(2);                 // asleep, not running
      const busy = /^busy loop: (\d+) us passed, (\d+) us of CPU$/m.exec(out);
      expect(Number(busy![2])).toBeGreaterThan(1000);
      expect(Number(busy![2])).toBeLessThanOrEqual(Number(busy![1]) + 5);
      expect(out).toContain('CLOCKS_PER_SEC 1000000\nclock 7: errno 22\nbad pointer: errno 14\ntime kernel pointer: errno 14\n');
    };
    check(run(sh, 'timetest'), 0);
    run(sh, 'sleep 1');                     // past 1.5e9 cycles: the division's carry path
    check(run(sh, 'timetest'), 1);
  });

  it('condition variables and mutexes sleep on the futex instead of spinning', () => {
    const out = run(sh, 'condtest');
    expect(out).toContain('queue: consumed 400, sum 240200, split 400\n');
    expect(out).toContain('broadcast released 3 of 3\n');
    // A spinning waiter would use the CPU for most of the 50 ms the main thread sleeps.
    for (const what of ['condition', 'mutex']) {
      const m = new RegExp(`^waiting on a ${what}: (\\d+) us of CPU in 50 ms$`, 'm').exec(out);
      expect(m, out).not.toBeNull();
      expect(Number(m![1])).toBeLessThan(1000);
    }
    expect(out).toContain('before unlock: 0\nafter unlock: 1\n');
    expect(out).toContain('futex wait on a changed word: -11\nfutex wake with no waiters: 0\n');
    expect(out).toContain('futex bad pointer: -14, kernel pointer: -14\nfutex misaligned: -22, unknown op: -38\n');
  });

  it('sigaction and sigprocmask: masks, SA_RESETHAND, SA_RESTART, blocked signals, errors', () => {
    expect(run(sh, 'sigtest')).toBe([
      'sigtest',
      'old action is the handler: 1, mask has USR2: 1',
      'order: ab2 (usr1 1, usr2 1)',              // SIGUSR2 waited for SIGUSR1's handler to return
      'blocked: usr2 1, was blocked 0',
      'unblocked: usr2 2',
      "read: -1 EINTR",                           // without SA_RESTART
      "read: 1 'x'",                              // with it: the read was made again
      'resethand: handled once, now default: 1',
      'resethand child: killed by signal 10',
      'SIGTERM blocked: still alive',
      'blocked SIGTERM child: killed by signal 15',
      'everything blocked child: killed by signal 9',
      'errors: SIGKILL 22, signal 0 22, bad act 14, bad old 14, bad how 22, sigaddset 99 22',
      'glassbox:/$ ',
    ].join('\n'));
  });

  it('/bin/sort: getopt, fopen/fgets and qsort together', () => {
    for (const line of ['echo pear > /f1', 'echo 10 apples >> /f1', 'echo 9 kiwis >> /f1', 'echo pear >> /f1']) run(sh, line);
    const lines = (out: string) => out.split('\n').slice(1, -1);   // without the echoed command and the prompt
    expect(lines(run(sh, 'sort /f1'))).toEqual(['10 apples', '9 kiwis', 'pear', 'pear']);
    expect(lines(run(sh, 'sort -n /f1'))).toEqual(['pear', 'pear', '9 kiwis', '10 apples']);
    expect(lines(run(sh, 'sort -ru /f1'))).toEqual(['pear', '9 kiwis', '10 apples']);
    expect(lines(run(sh, 'sort < /f1'))).toEqual(['10 apples', '9 kiwis', 'pear', 'pear']);
    expect(run(sh, 'sort -x')).toContain("sort: invalid option -- 'x'\nusage: sort [-rnu] [FILE ...]\n[exit status 2]");
    expect(run(sh, 'sort /nope')).toContain('sort: /nope: No such file or directory\n[exit status 2]');
  });
});
