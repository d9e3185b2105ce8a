// libc on the kernel: programs that use stdio on files, time, condition
// variables and sigaction, built from test/kernel/libc/*.c, added to /bin
// and run from the shell. (What needs no kernel is tested on the bare
// machine in test/cc/libc.test.ts.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { nodeReader, REPO_ROOT } from '../../vm/host/node-files.js';
import { buildUserProgram } from '../../vm/host/system-build.js';
import { bootShell, run } from './helpers.js';

const PROGRAMS = ['ftest'];

function build(name: string): Uint8Array {
  const path = `test/kernel/libc/${name}.c`;
  return buildUserProgram([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8') }], nodeReader());
}

describe('libc on the kernel', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraPrograms: new Map(PROGRAMS.map((n) => [n, build(n)])) });
  });

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
});
