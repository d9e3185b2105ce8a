// The context switch runs as real instructions and shows the article's
// seven steps: each is a global symbol in the kernel (a debugger can stop
// there) and a kernel trace event, in order.

import { beforeAll, describe, expect, it } from 'vitest';
import { readElf } from '../../vm/asm/elf.js';
import { EVENT } from '../../vm/isa/machine.js';
import { MachineEvent } from '../../vm/host/event-ring.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { bootShell, run } from './helpers.js';

const STEP_SYMBOLS = [
  'ctxsw_1_interrupt', 'ctxsw_2_save', 'ctxsw_3_enqueue', 'ctxsw_4_pick_next',
  'ctxsw_5_restore', 'ctxsw_6_page_table', 'ctxsw_7_resume',
];
const STEP_EVENTS = ['cs_interrupt', 'cs_save', 'cs_enqueue', 'cs_pick', 'cs_restore', 'cs_cr3', 'cs_resume'];

describe('a switch between threads of one process', () => {
  it('skips step 6: the address space stays, no CR3 write, no TLB flush', async () => {
    const sh = await bootShell({ trace: true });
    const names = kernelNames(nodeReader());
    run(sh, 'spinthreads 2 &');
    sh.machine.takeEvents();
    const events: MachineEvent[] = [];
    for (let i = 0; i < 10; i++) {
      sh.machine.run(3_000_000);
      events.push(...sh.machine.takeEvents());
    }
    const steps = events.filter((e) => e.kind === EVENT.KERNEL && STEP_EVENTS.includes(names.trace.get(e.a)!));
    const cr3Steps = steps.filter((e) => names.trace.get(e.a) === 'cs_cr3');
    expect(cr3Steps.length).toBeGreaterThanOrEqual(5);
    for (const e of cr3Steps) expect(e.d).toBe(0);
    const picks = steps.filter((e) => names.trace.get(e.a) === 'cs_pick');
    expect(new Set(picks.map((e) => e.b)).size).toBe(2);   // two threads take turns
    expect(events.some((e) => e.kind === EVENT.CR3_WRITE)).toBe(false);
  });
});

describe('the context switch', () => {
  let sh: ShellSession;
  let symbols: Map<string, number>;
  beforeAll(async () => {
    sh = await bootShell({ trace: true });
    const elf = readElf(sh.booted.kernel);
    if (!elf.ok) throw new Error(elf.error);
    symbols = new Map(elf.elf.symbols.map((s) => [s.name, s.value]));
    run(sh, 'spin &');
    run(sh, 'spin &');
  });

  it('has a kernel symbol for each of the seven steps', () => {
    for (const name of STEP_SYMBOLS) expect(symbols.get(name), name).toBeGreaterThan(0xc0100000);
  });

  it('stops at the seven steps in order, switching between two processes', () => {
    const m = sh.machine;
    const hits: string[] = [];
    for (const name of STEP_SYMBOLS) m.addBreakpoint(symbols.get(name)!);
    const byAddress = new Map(STEP_SYMBOLS.map((n) => [symbols.get(n)!, n]));
    // Run until a full switch (ending at step 7) has been seen after a step 1.
    for (let i = 0; i < 200 && !(hits.includes(STEP_SYMBOLS[0]) && hits[hits.length - 1] === STEP_SYMBOLS[6]); i++) {
      const info = m.run(50_000_000);
      if (info.reason !== 'breakpoint') continue;
      const name = byAddress.get(m.eip)!;
      if (name === STEP_SYMBOLS[0]) hits.length = 0;
      hits.push(name);
    }
    m.clearBreakpoints();
    expect(hits).toEqual(STEP_SYMBOLS);
  });

  it('writes the seven trace events in order, with a CR3 write at step 6', () => {
    const names = kernelNames(nodeReader());
    const events: MachineEvent[] = [];
    sh.machine.takeEvents();
    for (let i = 0; i < 10; i++) {
      sh.machine.run(3_000_000);
      events.push(...sh.machine.takeEvents());
    }
    const steps = events.filter((e) => e.kind === EVENT.KERNEL && STEP_EVENTS.includes(names.trace.get(e.a)!));
    const seq = steps.map((e) => names.trace.get(e.a)!);
    const start = seq.findIndex((s, i) => s === 'cs_interrupt' && seq.slice(i, i + 7).join() === STEP_EVENTS.join());
    expect(start).toBeGreaterThanOrEqual(0);
    const [interrupt, , , pick, , cr3, resume] = steps.slice(start, start + 7);
    expect(pick.b).not.toBe(interrupt.b);           // another process was picked
    expect(cr3.d).toBe(1);                          // different address space: CR3 written
    expect(resume.b).toBe(pick.b);
    const cr3Write = events.find((e) => e.kind === EVENT.CR3_WRITE && e.cycles >= cr3.cycles && e.cycles <= resume.cycles);
    expect(cr3Write).toBeDefined();
  });
});
