// The kernel, booted on the machine, driven through its shell: processes,
// faults, files, the scheduler and the process table behave as a Unix
// user expects.

import { beforeAll, describe, expect, it } from 'vitest';
import { PROGRAMS } from '../../vm/host/manifest.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, run } from './helpers.js';

describe('the kernel and its shell', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell();
  });

  it('boots to a prompt after showing /etc/motd', () => {
    expect(sh.transcript).toContain('Welcome to Glassbox');
    expect(sh.transcript).toMatch(/glassbox:\/\$ $/);
  });

  it('ls lists every program in /bin', () => {
    const out = run(sh, 'ls /bin');                          // in columns: the console is a terminal
    for (const name of PROGRAMS) expect(out.split(/\s+/)).toContain(name);
  });

  it('ls -l shows sizes', () => {
    const out = run(sh, 'ls -l /etc');
    expect(out).toMatch(/-rwxr-xr-x\s+1\s+\d+\s+\d+:\d\d:\d\d motd/);
  });

  it('reports exit statuses through fork, exec and wait', () => {
    expect(run(sh, 'true')).not.toContain('exit status');
    expect(run(sh, 'false')).toContain('[exit status 1]');
    expect(run(sh, 'exitwith 42')).toContain('[exit status 42]');
    expect(run(sh, 'exitwith 300')).toContain('[exit status 44]');
  });

  it('passes arguments to programs', () => {
    expect(run(sh, 'echo one "two three"  four')).toContain('one two three four\n');
  });

  it('connects commands with pipes', () => {
    expect(run(sh, 'echo through two pipes | cat | cat')).toContain('through two pipes\n');
    const listing = run(sh, 'ls /bin | cat');
    for (const name of ['sh', 'ls', 'cat']) expect(listing.split('\n')).toContain(name);
    run(sh, 'cat /etc/motd | cat > /tmp/motd-copy');
    expect(run(sh, 'cat /tmp/motd-copy')).toContain('Welcome to Glassbox');
    // A reader that exits early: the writer gets SIGPIPE, quietly.
    expect(run(sh, 'ls /bin | true')).not.toMatch(/Broken pipe|Segmentation/);
    // A pipe needs a command on both sides (a trailing | continues on the next line: shell.test.ts).
    expect(run(sh, 'echo x | ;')).toContain("syntax error: unexpected ';'");
  });

  it('says so for a missing program', () => {
    expect(run(sh, 'nosuchprogram')).toContain('nosuchprogram: command not found');
  });

  it('shows a zombie as Z until its parent waits', () => {
    const out = run(sh, 'zombie');
    const [before, after] = out.split('reaped child');
    const child = /child (\d+) has exited/.exec(before)![1];
    expect(before).toMatch(new RegExp(`^\\s*${child}\\s+\\d+ Z .*<defunct>`, 'm'));
    expect(after).toContain('exit status 7');
    expect(after).not.toMatch(new RegExp(`^\\s*${child}\\s`, 'm'));
  });

  it('gives an orphan to init, which reaps it', () => {
    const out = run(sh, 'orphan');
    const child = /leaving child (\d+)/.exec(out)![1];
    // Let the orphan notice its new parent and exit.
    const later = run(sh, 'sleep 0.2');
    expect(out + later).toContain(`orphan: child ${child}: my parent is now 1 (init)`);
    const ps = run(sh, 'ps');
    expect(ps).not.toMatch(new RegExp(`^\\s*${child}\\s`, 'm'));
  });

  it('kills only the faulting process, with the right signal', () => {
    expect(run(sh, 'segfault')).toContain('Segmentation fault');
    expect(run(sh, 'codewrite')).toMatch(/writing to main[^]*Segmentation fault/);
    const overflow = run(sh, 'overflow');
    expect(overflow).toContain('stack overflow');
    expect(overflow).toContain('Segmentation fault');
    expect(run(sh, 'illegal')).toContain('Illegal instruction');
    expect(run(sh, 'divzero')).toContain('Floating point exception');
    expect(run(sh, 'gpfault')).toMatch(/cli in user mode[^]*Segmentation fault/);
    expect(run(sh, 'gpfault io')).toMatch(/port 0xe0 from user mode[^]*Segmentation fault/);
    expect(run(sh, 'echo still here')).toContain('still here');
  });

  it('rejects bad pointers in every pointer-taking system call', () => {
    const out = run(sh, 'badptr');
    expect(out).not.toContain('FAIL');
    expect(out).toMatch(/badptr: \d+ bad pointers rejected, 0 accepted by mistake/);
  });

  it('survives random system calls with random arguments', () => {
    for (const seed of [1, 2, 3]) {
      expect(run(sh, `sysfuzz 3000 ${seed}`)).toMatch(/sysfuzz: 3000 calls, \d+ returned errors; the kernel survived/);
    }
    expect(run(sh, 'echo alive')).toContain('alive');
  });

  it('keeps the shell responsive while a process spins', () => {
    const started = run(sh, 'spin &');
    const [, job, pid] = /^\[(\d+)\] (\d+)$/m.exec(started)!;
    expect(run(sh, 'echo responsive')).toContain('responsive');
    expect(run(sh, 'ps')).toMatch(new RegExp(`^\\s*${pid}\\s+\\d+ R .*spin`, 'm'));
    // The shell reports the background job's end before its next prompt.
    const after = run(sh, `kill -9 ${pid}`) + run(sh, 'echo done');
    expect(after).toContain(`[${job}]+  Killed                  spin\n`);
    expect(run(sh, 'ps')).not.toMatch(new RegExp(`^\\s*${pid}\\s`, 'm'));
  });

  it('interrupts the foreground program with Ctrl-C', () => {
    sh.type('spin\n');
    sh.machine.run(20_000_000);
    sh.type('\x03');
    const r = sh.waitForPrompt(2_000_000_000);
    expect(r.outcome).toBe('prompt');
    expect(r.text).toContain('^C');
    expect(r.text).not.toContain('Segmentation');
  });

  it('gives a new prompt for Ctrl-C at the prompt (the shell catches SIGINT)', () => {
    sh.type('half a line');
    sh.machine.run(5_000_000);
    sh.type('\x03');
    const r = sh.waitForPrompt(1_000_000_000);
    expect(r.outcome).toBe('prompt');
    expect(run(sh, 'echo fresh line')).toContain('fresh line\n');
  });

  it('runs signal handlers and returns to the interrupted code', () => {
    const out = run(sh, 'sigdemo');
    expect(out).toContain('the handler ran 5 times; the loop still summed to 10');
    expect(out).toContain('a signal cut the 5-second sleep short: yes');
    expect(out).toMatch(/default action\.\.\.\nUser defined signal 1\n/);
    expect(out).not.toContain('still alive');
  });

  it('runs 64 processes at once', () => {
    const out = run(sh, 'forkbomb 64');
    expect(out).toContain('forkbomb: 64 children running at once');
    expect(out).toContain('killed and reaped 64 children');
  });

  it('fails fork with EAGAIN when the table is full, without a panic', () => {
    const out = run(sh, 'forkbomb');
    expect(out).toMatch(/fork failed after \d+ children: EAGAIN/);
    expect(out).toMatch(/killed and reaped \d+ children/);
    expect(run(sh, 'echo survived')).toContain('survived');
  });

  it('creates, reads, lists and removes files and directories', () => {
    run(sh, 'mkdir /tmp/work');
    run(sh, 'cd /tmp/work');
    expect(run(sh, 'pwd')).toContain('/tmp/work\n');
    run(sh, 'echo hello world > greeting');
    run(sh, 'echo again >> greeting');
    expect(run(sh, 'cat greeting')).toContain('hello world\nagain\n');
    expect(run(sh, 'ls -l')).toMatch(/-rwxr-xr-x\s+1\s+18\s+\d+:\d\d:\d\d greeting/);
    run(sh, 'rm greeting');
    expect(run(sh, 'cat greeting')).toContain('no such file');
    run(sh, 'cd /');
    run(sh, 'rm -d /tmp/work');
    expect(run(sh, 'ls /tmp')).not.toContain('work');
  });

  it('loses updates to a shared counter without a lock, none with a mutex', () => {
    const out = run(sh, 'race 1000000');
    expect(out).toMatch(/without a lock: expected 2000000, got \d+ \(\d+ updates lost\)/);
    expect(out).toContain('with a mutex  : expected 2000000, got 2000000\n');
  });

  it('kills the whole process when one of its threads faults', () => {
    const out = run(sh, 'threadcrash');
    expect(out).toContain('Segmentation fault');
    expect(out).not.toContain('survived');
  });

  it('runs threads of one process side by side', () => {
    const started = run(sh, 'spinthreads 3 &');
    const pid = /^\[\d+\] (\d+)$/m.exec(started)![1];
    sh.machine.run(20_000_000);
    expect(run(sh, 'ps')).toMatch(new RegExp(`^\\s*${pid}\\s+\\d+ R\\s+3 .*spinthreads`, 'm'));
    run(sh, `kill ${pid}`);
    expect(run(sh, 'ps')).not.toContain('spinthreads');
  });

  it('maps a process like the article draws it', () => {
    const out = run(sh, 'pmap 1');
    expect(out).toMatch(/^00000000-00001000 .* null/m);
    expect(out).toMatch(/^08048000-[0-9a-f]{8} .* r-x  code/m);
    expect(out).toMatch(/ rw-  data /);
    expect(out).toMatch(/ rw-  heap /);
    expect(out).toMatch(/^[0-9a-f]{8}-c0000000 .* rw-  stack/m);
    expect(out).toMatch(/^c0000000-ffffffff .* kernel/m);
  });

  it('lists processes with their states', () => {
    const out = run(sh, 'ps');
    expect(out).toMatch(/PID\s+PPID\s+STAT\s+THR\s+TIME/);
    expect(out).toMatch(/^\s+1\s+0 S .* init$/m);
    expect(out).toMatch(/^\s+\d+\s+1 S .* sh$/m);
    expect(out).toMatch(/^\s+\d+\s+\d+ R .* ps$/m);
  });
});
