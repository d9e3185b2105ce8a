// Copy-on-write fork, seen from the host: both processes' page tables read
// through Machine.translate, and the kernel's free-page count.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { KernelView } from '../../vm/host/kernel-view.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { COMMAND_LIMIT, bootShell, run } from './helpers.js';

const PAGE_MASK = ~0xfff >>> 0;

/** Run the machine until `text` appears in the output after `mark`. */
function runUntil(sh: ShellSession, mark: number, text: string): void {
  const start = sh.machine.cycles;
  while (!sh.transcript.slice(mark).includes(text)) {
    if (sh.machine.cycles - start > COMMAND_LIMIT) throw new Error(`no '${text}' in:\n${sh.transcript.slice(mark)}`);
    sh.machine.run(1_000_000);
  }
}

describe('copy-on-write fork', () => {
  let sh: ShellSession;
  let view: KernelView;
  beforeAll(async () => {
    sh = await bootShell();
    view = KernelView.fromElf(sh.booted.kernel, kernelNames(nodeReader()).states);
  });

  it('shares data pages read-only after fork and copies one when the child writes it', () => {
    const mark = sh.transcript.length;
    sh.type('cowdemo\n');
    runUntil(sh, mark, 'child: before writing');
    const addrs = /global at 0x([0-9a-f]+), heap at 0x([0-9a-f]+)/.exec(sh.transcript.slice(mark));
    expect(addrs).not.toBeNull();
    const pages = [parseInt(addrs![1], 16) & PAGE_MASK, parseInt(addrs![2], 16) & PAGE_MASK];
    const procs = view.processes(sh.machine).filter((p) => p.name === 'cowdemo');
    expect(procs).toHaveLength(2);
    const parent = procs.find((p) => procs.some((c) => c.ppid === p.pid))!;
    const child = procs.find((p) => p.ppid === parent.pid)!;
    expect(parent && child).toBeTruthy();

    const before = pages.map((va) => {
      const a = sh.machine.translate(va, parent.cr3);
      const b = sh.machine.translate(va, child.cr3);
      if (!a.ok || !b.ok) throw new Error('data page not mapped');
      // One frame, read-only in both (until someone writes).
      expect(a.phys).toBe(b.phys);
      expect(a.writable).toBe(false);
      expect(b.writable).toBe(false);
      return a.phys;
    });
    // Code stays shared and read-only, as before.
    const ca = sh.machine.translate(0x08048000, parent.cr3);
    const cb = sh.machine.translate(0x08048000, child.cr3);
    expect(ca.ok && cb.ok && ca.phys === cb.phys && !ca.writable).toBe(true);

    runUntil(sh, mark, 'child: after writing');
    pages.forEach((va, i) => {
      const a = sh.machine.translate(va, parent.cr3);
      const b = sh.machine.translate(va, child.cr3);
      if (!a.ok || !b.ok) throw new Error('data page not mapped');
      // The child got its own writable copy; the parent kept the original frame.
      expect(b.phys).not.toBe(a.phys);
      expect(b.writable).toBe(true);
      expect(a.phys).toBe(before[i]);
    });

    const r = sh.waitForPrompt(COMMAND_LIMIT);
    expect(r.outcome).toBe('prompt');
    const out = sh.transcript.slice(mark);
    expect(out).toContain('child: before writing: global=1 heap=parent');
    expect(out).toContain('child: after writing: global=2 heap=child');
    // The child's writes did not reach the parent.
    expect(out).toContain('parent: after the child wrote: global=1 heap=parent');
    expect(out).toContain('parent: after writing: global=3 heap=parent again');
  });

  it('gives every page back: free pages return to the baseline after many fork/exit rounds', () => {
    run(sh, 'cowdemo rounds 5'); // warm up anything the shell allocates once
    const baseline = view.readGlobal(sh.machine, 'free_pages');
    expect(run(sh, 'cowdemo rounds 60')).toContain('60 rounds done, global=-59');
    expect(view.readGlobal(sh.machine, 'free_pages')).toBe(baseline);
    run(sh, 'cowdemo');
    run(sh, 'cowdemo stack');
    run(sh, 'cowdemo overflow');
    run(sh, 'cowdemo codewrite');
    run(sh, 'echo hello | cat');
    expect(view.readGlobal(sh.machine, 'free_pages')).toBe(baseline);
  });

  it('still kills a write to code with SIGSEGV, in a forked child and after exec', () => {
    expect(run(sh, 'cowdemo codewrite')).toMatch(/child \d+ killed by signal 11/);
    expect(run(sh, 'codewrite')).toContain('Segmentation fault');
  });

  it('still grows the stack in a child and stops it at the guard page', () => {
    expect(run(sh, 'cowdemo stack')).toMatch(/child: grew the stack, sum \d+\n.*child \d+ exited with status 0/);
    const out = run(sh, 'cowdemo overflow');
    expect(out).toContain('stack overflow');
    expect(out).toMatch(/child \d+ killed by signal 11/);
  });

  it('makes fork cost nearly independent of how much memory the parent has written', () => {
    const cycles = (pages: number): number => {
      const m = /: (\d+) cycles/.exec(run(sh, `cowdemo bench ${pages}`));
      expect(m).not.toBeNull();
      return Number(m![1]);
    };
    const none = cycles(0);
    const many = cycles(64);
    // Copying 64 pages took ~7x the cost of an empty fork; sharing them is a PTE each.
    expect(many).toBeLessThan(2 * none);
  });
});
