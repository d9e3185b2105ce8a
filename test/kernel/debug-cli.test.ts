// `glassbox debug --batch`: breakpoints, stepping, reverse stepping and the
// info commands, each checked against values known from the kernel's
// symbols and from the run itself; a session saved by one process and
// loaded by another reaches the same state.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, repoSystemBuild } from '../../vm/host/node-files.js';
import { Program } from '../../vm/host/program.js';
import { encodeSession } from '../../vm/host/timetravel/session-file.js';
import { withDefaults } from '../../vm/host/machine-config.js';

function debug(...commands: string[]): { status: number | null; parts: string[]; stderr: string } {
  const args = ['vm/cli/main.ts', 'debug', '--batch'];
  // Markers between the commands split the output into one part per command.
  commands.forEach((c, i) => args.push('-ex', `echo @@${i}`, '-ex', c));
  return run(args);
}

function run(args: string[]): { status: number | null; parts: string[]; stderr: string } {
  const r = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), args, { encoding: 'utf8', cwd: REPO_ROOT, timeout: 300_000 });
  const parts = r.stdout.split(/^@@\d+\n/m).slice(1);
  return { status: r.status, parts, stderr: r.stderr };
}

const cycleOf = (text: string): number => Number(/\[cycle (\d+)\]/.exec(text)?.[1]);
const reg = (text: string, name: string): number => {
  const m = new RegExp(`^${name}\\s+0x([0-9a-f]{8})\\s+(\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no ${name} in:\n${text}`);
  expect(Number.parseInt(m[1], 16)).toBe(Number(m[2]));
  return Number(m[2]);
};

let kernel: Program;
beforeAll(() => {
  kernel = Program.fromElf('kernel', repoSystemBuild().kernel);
});

describe('glassbox debug --batch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glassbox-debug-'));
  const session = join(dir, 'fork.gbs');
  let saved = '';

  it('breaks, steps, goes back and reports registers, processes and memory', () => {
    const forkAt = kernel.lookup('sys_fork')!;
    const r = debug(
      'info registers', 'break sys_fork', 'continue', 'info registers', 'info state',
      'stepi 3', 'reverse-stepi 3', 'info state', 'next', 'reverse-next', 'reverse-stepi', 'stepi',
      'stepi 3', 'reverse-finish', 'info proc', 'x/2x $esp', 'print ticks', 'reverse-continue', 'bogus',
      'goto 9000000', 'continue', 'info state',
      'delete', 'type echo hi', 'continue', 'info state', `save ${session}`,
    );
    const p = r.parts;
    expect(p).toHaveLength(27);
    // At the kernel's first instruction, cycle 0.
    expect(reg(p[0], 'eip')).toBe(0x100000);
    expect(reg(p[0], 'cycles')).toBe(0);
    expect(p[1]).toBe(`Breakpoint 1 at 0x${forkAt.toString(16).padStart(8, '0')}: sys_fork (kernel/sysproc.c:42)\n`);
    expect(p[2]).toMatch(/Breakpoint 1, sys_fork\n\[cycle \d+\] 0x[0-9a-f]{8} in sys_fork \(kernel\/sysproc\.c:42\)\n$/);
    const atBreak = cycleOf(p[2]);
    expect(reg(p[3], 'eip')).toBe(forkAt);
    expect(reg(p[3], 'cycles')).toBe(atBreak);
    const state = p[4];
    expect(cycleOf(p[5])).toBeGreaterThan(atBreak);
    expect(cycleOf(p[6])).toBe(atBreak);
    expect(p[7]).toBe(state);
    expect(p[8]).toMatch(/^kernel\/sysproc\.c:43\n/);
    expect(p[9]).toMatch(/^kernel\/sysproc\.c:42\n/);
    expect(cycleOf(p[9])).toBe(atBreak);
    const beforeCall = cycleOf(p[10]);
    expect(beforeCall).toBeLessThan(atBreak);
    expect(p[10]).toMatch(/in syscall\+0x[0-9a-f]+ \(kernel\/syscall\.c:\d+\)/);
    expect(cycleOf(p[11])).toBe(atBreak);
    // Three instructions into sys_fork is fork()'s entry; reverse-finish goes back to
    // sys_fork's call of it, where `next` had stopped (line 43 is that call).
    expect(p[12]).toMatch(/in fork \(kernel\/proc\.c:\d+\)/);
    expect(p[13]).toMatch(/^back at the call at 0x[0-9a-f]{8}\n\[cycle \d+\] 0x[0-9a-f]{8} in sys_fork\+0x[0-9a-f]+ \(kernel\/sysproc\.c:43\)/);
    expect(cycleOf(p[13])).toBe(cycleOf(p[8]));
    expect(p[14]).toMatch(/^ {2}PID {2}PPID {2}STATE {16}NAME\n\* {3}1 {5}0 {2}Running {14}init\n/);
    expect(p[15]).toMatch(/^0x[0-9a-f]{8}: 0x[0-9a-f]{8} 0x[0-9a-f]{8}\n$/);
    expect(p[16]).toMatch(/^ticks = \d+ \(0x[0-9a-f]+\) at 0x[0-9a-f]{8}\n$/);
    expect(p[17]).toMatch(/Breakpoint 1, sys_fork/); // the same hit: the only one before now
    expect(cycleOf(p[17])).toBe(atBreak);
    expect(r.stderr).toContain("error: unknown command 'bogus' (try help)\n");
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(cycleOf(p[19])).toBeGreaterThanOrEqual(9_000_000);
    expect(cycleOf(p[20])).toBe(atBreak); // forward again from the past: the same hit
    expect(p[21]).toBe(state);
    // Typed before the shell read it: the console echoed it, and the line editor again after its prompt (as bash).
    expect(p[24]).toMatch(/^echo hi\n[^]*\$ echo hi\nhi\nglassbox:\/\$ the guest waits for input/);
    saved = p[25];
    expect(p[26]).toMatch(/^saved .*fork\.gbs \(\d+ bytes, cycle \d+, 1 inputs\)\n$/);
    expect(r.status).toBe(1); // one command failed
  }, 400_000);

  it('runs on to the next TLB flush and back to it', () => {
    const r = debug('until-flush', 'until-flush', 'reverse-until-flush', 'reverse-until-flush');
    const p = r.parts;
    const flush = (text: string) => {
      const m = /^(tlb-flush|cr3-write) at cycle (\d+)\n\[cycle (\d+)\]/.exec(text);
      if (!m) throw new Error(`not a flush stop:\n${text}`);
      return { event: Number(m[2]), at: Number(m[3]) };
    };
    const first = flush(p[0]);
    const second = flush(p[1]);
    expect(first.at).toBeGreaterThanOrEqual(first.event);
    expect(second.event).toBeGreaterThan(first.at);
    // Back from the second: the first flush's position again; before the first there is none, and the machine stays.
    expect(flush(p[2]).at).toBe(first.at);
    expect(p[3]).toBe('');
    expect(r.stderr).toBe('error: no TLB flush since the oldest reachable cycle (0)\n');
    expect(r.status).toBe(1);
  }, 300_000);

  it('loads the saved session in a fresh process to the same state', () => {
    expect(saved).not.toBe('');
    const r = run(['vm/cli/main.ts', 'debug', '--session', session, '--batch', '-ex', 'echo @@0', '-ex', 'info state', '-ex', 'echo @@1', '-ex', 'info registers']);
    expect(r.stderr).toBe('');
    expect(r.parts[0]).toBe(saved); // the typed line replayed at its cycle, and nothing printed twice
    expect(r.parts[1]).not.toContain('hi');
    expect(reg(r.parts[1], 'cycles')).toBe(Number(/cycle (\d+)/.exec(saved)![1]));
    expect(r.status).toBe(0);
  }, 400_000);

  it('refuses a bare program\'s session (saved by the page) in one line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gb-bare-')), 'bare.gbs');
    writeFileSync(file, encodeSession({
      machine: withDefaults({}), cycle: 0, hash: 'x', inputs: [], start: new Uint8Array(8),
      programs: new Map(), bare: { name: 'countdown', elf: new Uint8Array(4) },
    }));
    const r = run(['vm/cli/main.ts', 'debug', '--session', file, '--batch', '-ex', 'info registers']);
    expect(r.stderr).toBe("glassbox debug: this session ran the bare program 'countdown' (saved by the page); glassbox debug replays kernel sessions\n");
    expect(r.status).not.toBe(0);
  }, 60_000);
});
