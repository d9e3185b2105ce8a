// Address spaces seen from the host: the kernel's process table read
// through the debug info, and the page tables behind each process.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { symbolizePanic } from '../../vm/host/panic.js';
import { KernelView } from '../../vm/host/kernel-view.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { bootShell, run } from './helpers.js';

describe('address spaces', () => {
  let sh: ShellSession;
  let view: KernelView;
  beforeAll(async () => {
    sh = await bootShell();
    view = KernelView.fromElf(sh.booted.kernel, kernelNames(nodeReader()).states);
  });

  it('reads the process table by name from the kernel debug info', () => {
    const procs = view.processes(sh.machine);
    expect(procs.map((p) => [p.pid, p.ppid, p.name, view.stateName(p.state)])).toEqual([
      [1, 0, 'init', 'waiting'],
      [2, 1, 'sh', 'waiting'],
    ]);
  });

  it('shares the physical code pages of a program between processes, not its data or stack', () => {
    run(sh, 'spin &');
    run(sh, 'spin &');
    sh.machine.run(10_000_000); // the shell prompts before its children have exec'd
    const spins = view.processes(sh.machine).filter((p) => p.name === 'spin');
    expect(spins).toHaveLength(2);
    const [a, b] = spins.map((p) => p.cr3);
    expect(a).not.toBe(b);
    const code = 0x08048000;
    const ta = sh.machine.translate(code, a);
    const tb = sh.machine.translate(code, b);
    expect(ta.ok && tb.ok).toBe(true);
    if (!ta.ok || !tb.ok) return;
    expect(ta.phys).toBe(tb.phys);
    expect(ta.writable).toBe(false);
    expect(ta.user).toBe(true);
    const stack = 0xbffff000;
    const sa = sh.machine.translate(stack, a);
    const sb = sh.machine.translate(stack, b);
    expect(sa.ok && sb.ok && sa.phys !== sb.phys && sa.writable).toBe(true);
    // Page 0 and the kernel stay out of reach of user mode.
    expect(sh.machine.translate(0, a).ok).toBe(false);
    const kernel = sh.machine.translate(0xc0100000, a);
    expect(kernel.ok && !kernel.user && kernel.global).toBe(true);
    run(sh, `kill -9 ${spins[0].pid} ${spins[1].pid}`);
  });

  it('leaves the caller intact when execve fails', () => {
    expect(run(sh, '/etc/motd')).toContain('/etc/motd: cannot execute: not a program or a #! script');   // ENOEXEC
    expect(run(sh, '/tmp')).toContain('/tmp: cannot execute (Permission denied)');                     // EACCES
    expect(run(sh, 'echo fine')).toContain('fine');
  });
});

describe('a kernel panic', () => {
  it('prints the reason and a symbolized backtrace, and stops the machine', async () => {
    const read = nodeReader();
    const { boot } = await import('../../vm/host/boot.js');
    const { repoSystemBuild } = await import('../../vm/host/node-files.js');
    const booted = await boot(repoSystemBuild(), read, { cmdline: 'quiet init=/bin/nosuchinit' });
    const session = new ShellSession(booted);
    const r = session.waitForPrompt(1_000_000_000);
    expect(r.outcome).toBe('panic');
    const text = symbolizePanic(r.text, booted.kernel);
    expect(text).toContain('kernel panic: no init');
    expect(text).toMatch(/#0 0xc01[0-9a-f]{5}  panic\+0x/);
    expect(text).toMatch(/#\d 0xc01[0-9a-f]{5}  start_init\+0x/);
    expect(text).toMatch(/#\d 0xc01[0-9a-f]{5}  kmain\+0x/);
  });
});

describe('the scheduling quantum', () => {
  it('is set at boot: a shorter quantum means more timer interrupts for the same work', async () => {
    const count = async (quantum: number): Promise<number> => {
      const s = await bootShell({ quantum });
      s.command('spin &', 2_000_000_000);
      const before = s.machine.counters().INTERRUPTS;
      s.machine.run(30_000_000);
      return s.machine.counters().INTERRUPTS - before;
    };
    const coarse = await count(3_000_000);
    const fine = await count(300_000);
    expect(coarse).toBeGreaterThanOrEqual(9);
    expect(coarse).toBeLessThanOrEqual(11);
    expect(fine).toBeGreaterThanOrEqual(90);
    expect(fine).toBeLessThanOrEqual(110);
  });
});
