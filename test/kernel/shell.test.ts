// The shell (programs/sh/) on the booted kernel.
//
// Each script in test/kernel/shell/scripts/ runs through the guest's /bin/sh
// and through the host's dash, both in an empty directory with the same
// arguments; their standard output and exit status must be the same (the
// messages on stderr are each shell's own). Then what only the guest shows:
// an interactive shell's continuation lines, syntax errors that run
// nothing, long lines (issue #4), the devices (#5), #! and the environment.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import type { RamfsEntry } from '../../vm/host/cpio.js';
import { bootShell, buildDevtest, run, SCRIPT_FILES } from './helpers.js';

const DASH = '/usr/bin/dash';
const SCRIPTS = join(REPO_ROOT, 'test/kernel/shell/scripts');
const SCRIPT_NAMES = readdirSync(SCRIPTS).filter((f) => f.endsWith('.sh')).sort();
const ARGS = ['a', 'b', 'c d'];
const GUEST_ARGS = "a b 'c d'";

/** Files for the guest: every script in /tmp/t, and the #! cases of devices.test.ts in /tmp/x. */
function guestFiles(): RamfsEntry[] {
  const files: RamfsEntry[] = [{ path: '/tmp/t', kind: 'dir' }];
  for (const name of SCRIPT_NAMES) {
    files.push({ path: `/tmp/t/${name}`, kind: 'file', data: readFileSync(join(SCRIPTS, name)) });
  }
  return files.concat(SCRIPT_FILES);
}

/**
 * What the guest printed for a command line: without the echo of the line
 * (and of the `typed` lines before it) and the next prompt.
 */
function output(sh: ShellSession, line: string, typed = 0): string {
  let text = run(sh, line);
  for (let i = 0; i <= typed; i++) text = text.slice(text.indexOf('\n') + 1);
  return text.replace(/glassbox:[^\n]*\$ $/, '');
}

describe('the shell against dash', () => {
  let sh: ShellSession;
  let hostBin: string;
  beforeAll(async () => {
    sh = await bootShell({ extraFiles: guestFiles() });
    // `sh` inside the scripts must be dash on the host too.
    hostBin = mkdtempSync(join(tmpdir(), 'glassbox-bin-'));
    symlinkSync(DASH, join(hostBin, 'sh'));
  }, 120_000);
  afterAll(() => rmSync(hostBin, { recursive: true, force: true }));

  function dash(name: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'glassbox-sh-'));
    try {
      const r = spawnSync(DASH, [join(SCRIPTS, name), ...ARGS], {
        cwd: dir, encoding: 'utf8', env: { PATH: `${hostBin}:/usr/bin:/bin`, HOME: '/' },
      });
      if (r.error) throw r.error;
      return `${r.stdout}status ${r.status}\n`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  function guest(name: string): string {
    const dir = `/tmp/w-${name.replace(/\.sh$/, '')}`;
    // hashbang.sh is run as a program (execve reads its #! line); the others as `sh FILE`.
    const runner = name === 'hashbang.sh' ? `/tmp/t/${name}` : `sh /tmp/t/${name}`;
    return output(sh, `mkdir ${dir}; cd ${dir}; ${runner} ${GUEST_ARGS} 2>/dev/null; echo "status $?"; cd /`);
  }

  it('has dash on the host to compare with', () => {
    expect(spawnSync(DASH, ['-c', 'echo ok'], { encoding: 'utf8' }).stdout).toBe('ok\n');
  });

  for (const name of SCRIPT_NAMES) {
    it(`runs ${name} as dash does`, () => {
      const expected = dash(name);
      expect(expected).toMatch(/status \d+\n$/);
      expect(guest(name)).toBe(expected);
    });
  }
});

describe('the shell, interactive', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell({ extraFiles: guestFiles(), extraPrograms: new Map([['devtest', buildDevtest()]]) });
  }, 120_000);

  it('runs lists, && and || on one line', () => {
    expect(output(sh, 'echo a; echo b')).toBe('a\nb\n');
    expect(output(sh, 'false || echo ok')).toBe('ok\n');
    expect(output(sh, 'true && echo ok')).toBe('ok\n');
    expect(output(sh, '# a comment')).toBe('');
  });

  it('expands $?, $HOME, $$ and globs against the ramfs', () => {
    expect(output(sh, 'false; echo $?')).toBe('1\n');
    expect(output(sh, 'echo $HOME')).toBe('/\n');
    expect(output(sh, 'echo /bin/ca* /e*/mo?d /bin/[st]ru*')).toBe('/bin/cat /etc/motd /bin/true\n');
    expect(output(sh, 'echo /nothing/*')).toBe('/nothing/*\n');
    const pid = output(sh, 'echo $$').trim();
    expect(output(sh, 'ps')).toMatch(new RegExp(`^\\s*${pid}\\s.*\\bsh\\b`, 'm'));
  });

  it('reports a failing command, a signal and a finished background job', () => {
    expect(output(sh, 'false')).toBe('[exit status 1]\n');
    expect(output(sh, 'sh -c "exit 3"')).toBe('[exit status 3]\n');
    expect(output(sh, 'segfault')).toContain('Segmentation fault\n');
    expect(output(sh, 'segfault')).not.toContain('exit status');
    const started = output(sh, 'sleep 0.05 &');
    expect(started).toMatch(/^\[1\] \d+\n$/);                  // bash's "[job] pid"
    expect(output(sh, 'sleep 0.1')).toBe('[1]+  Done                    sleep 0.05\n');
  });

  it('joins lines that leave a command open, with a "> " prompt', () => {
    // Typed ahead in one go: the line editor echoes each line as it reads it, after its prompt.
    sh.type('if true\n');
    expect(run(sh, 'then echo continued; fi')).toBe('if true\n> then echo continued; fi\ncontinued\nglassbox:/$ ');
    sh.type('echo piped |\n');
    expect(run(sh, 'cat')).toBe('echo piped |\n> cat\npiped\nglassbox:/$ ');
    sh.type('echo "two\n');
    expect(run(sh, 'lines"')).toBe('echo "two\n> lines"\ntwo\nlines\nglassbox:/$ ');
    sh.type('cat <<EOF\n');
    sh.type('body $HOME\n');
    expect(run(sh, 'EOF')).toBe('cat <<EOF\n> body $HOME\n> EOF\nbody /\nglassbox:/$ ');
  });

  it('throws away a half-typed command on Ctrl-C', () => {
    sh.type('if true\n');
    sh.machine.run(5_000_000);
    sh.type('echo half\n');
    sh.machine.run(5_000_000);
    sh.type('\x03');
    expect(sh.waitForPrompt(1_000_000_000).outcome).toBe('prompt');
    expect(output(sh, 'fi')).toContain("syntax error: unexpected 'fi'");
    expect(output(sh, 'echo fresh')).toBe('fresh\n');
  });

  it('runs nothing of a line with a syntax error, and says where it is', () => {
    const line = 'echo start; if true; then echo half; fi fi';
    const out = output(sh, line);
    expect(out).not.toMatch(/^(start|half)$/m);
    expect(out).toMatch(new RegExp(`^sh: stdin:\\d+:${line.lastIndexOf('fi') + 1}: syntax error: unexpected 'fi'\\n$`));
    expect(output(sh, 'echo a | ; echo b')).toMatch(/^sh: stdin:\d+:10: syntax error: unexpected ';'\n$/);
    expect(output(sh, 'echo ok && || echo no')).toMatch(/syntax error: unexpected '\|\|'\n$/);
    expect(output(sh, 'echo x > ; echo y')).toMatch(/syntax error: unexpected ';'\n$/);
    sh.type('( echo later\n');                          // not an error yet: the ) may follow
    expect(run(sh, ')')).toBe('( echo later\n> )\nlater\nglassbox:/$ ');
    // A syntax error inside $( … ) is one of the whole line: nothing runs.
    expect(output(sh, 'echo before; echo $(echo in; fi)')).toMatch(/^sh: stdin:\d+:30: syntax error: unexpected 'fi'\n$/);
    expect(output(sh, 'echo $((1 + )); echo next')).toBe("sh: arithmetic: the expression ends too soon at character 5 of '1 + '\nnext\n");
    expect(output(sh, 'echo $((7 / (2 - 2)))')).toBe("sh: arithmetic: division by zero at character 3 of '7 / (2 - 2)'\n[exit status 1]\n");
  });

  it('stops a script at a syntax error with status 2, after running what came before', () => {
    const third = readFileSync(join(SCRIPTS, 'syntax.sh'), 'utf8').split('\n')[2];
    expect(output(sh, 'sh /tmp/t/syntax.sh; echo "status $?"')).toBe(
      `before\nsh: /tmp/t/syntax.sh:3:${third.lastIndexOf('fi') + 1}: syntax error: unexpected 'fi'\nstatus 2\n`,
    );
    expect(output(sh, "sh -c 'echo \"open'; echo \"status $?\"")).toMatch(/^sh: -c:1:6: syntax error: unterminated "\nstatus 2\n$/);
  });

  it('runs a long line as one command, never its tail as another (issue #4)', () => {
    run(sh, 'echo keep > /tmp/victim');
    const as = 'A'.repeat(300);
    expect(output(sh, `echo ${as} rm /tmp/victim`)).toBe(`${as} rm /tmp/victim\n`);
    expect(output(sh, 'cat /tmp/victim')).toBe('keep\n');
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');  // 2.4 KB
    expect(words.length).toBeGreaterThan(2000);
    expect(output(sh, `X="${words}"; echo "$X" | cat`)).toBe(`${words}\n`);
  });

  it('redirects to /dev/null and /dev/tty (issue #5)', () => {
    expect(output(sh, 'echo x > /dev/null; echo $?')).toBe('0\n');
    expect(output(sh, 'echo x >> /dev/null 2>/dev/null; cat /dev/null; echo $?')).toBe('0\n');
    expect(output(sh, 'echo to the terminal > /dev/tty')).toBe('to the terminal\n');
  });

  it('passes the environment through execve to getenv', () => {
    expect(output(sh, 'GREETING="hi there" devtest')).toContain('GREETING=hi there\nenviron has PATH: /bin\n');
    expect(output(sh, 'devtest')).toContain('GREETING=(unset)\n');
    expect(output(sh, 'export GREETING=exported; devtest')).toContain('GREETING=exported\n');
    expect(output(sh, 'unset GREETING; devtest')).toContain('GREETING=(unset)\n');
  });

  it('runs #! scripts and says why one cannot run', () => {
    expect(output(sh, '/tmp/x/echo-script x "y z"')).toBe('from the line /tmp/x/echo-script x y z\n');
    expect(output(sh, '/tmp/t/hashbang.sh 1 2')).toBe('script 2 args: 1 2\n');
    expect(output(sh, 'cd /tmp/t; ./hashbang.sh here; cd /')).toBe('script 1 args: here \n');
    expect(output(sh, '/tmp/x/no-interp')).toMatch(/command not found\n\[exit status 127\]\n$/);
    expect(output(sh, '/tmp/x/text')).toMatch(/cannot execute: not a program or a #! script\n\[exit status 126\]\n$/);
  });
});
