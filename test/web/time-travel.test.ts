// Time travel in the worker: the Emulator records while it runs, steps
// back to the states the first pass had (the CPU view, the Code view and
// the state hash identical), goes to an event's cycle and shows the
// process table there, replays forward to the present, starts a new future
// when typed into the past, and saves and opens session files.

import { describe, expect, it } from 'vitest';
import { stateHash } from '../../vm/host/timetravel/state.js';
import type { Machine } from '../../vm/host/machine.js';
import type { Snapshot } from '../../web/src/shared/protocol.js';
import { Emulator } from '../../web/src/worker/emulator.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';
import type { Message } from '../../web/src/shared/i18n/i18n.js';
import { ALL_VIEWS, Driver, systemImage } from './helpers.js';

const say = (m: Message | undefined): string | undefined => m && translateMessage('en', m);

const machineOf = (e: Emulator): Machine => (e as unknown as { m: Machine }).m;
/** The CPU view without the speed meter (host time, not machine state). */
const cpu = (s: Snapshot) => ({ ...s.cpu, mips: 0 });

describe('time travel in the worker', () => {
  it('steps forward N instructions and back N through the same states and views', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.input('spin &\n');
    await d.run(undefined, 40);
    d.emu.pause();
    const m = machineOf(d.emu);
    const states: { hash: string; cpu: unknown; code: unknown }[] = [];
    const N = 40;
    for (let i = 0; i <= N; i++) {
      const s = await d.snap();
      states.push({ hash: stateHash(m), cpu: cpu(s), code: s.code });
      if (i < N) d.emu.step('instruction');
    }
    expect(new Set(states.map((x) => x.hash)).size).toBe(N + 1);
    for (let i = N - 1; i >= 0; i--) {
      d.emu.back('instruction');
      const s = await d.snap();
      expect(say(s.stopNote)).toBe('went back one instruction');
      expect(cpu(s)).toEqual(states[i].cpu);
      expect(s.code).toEqual(states[i].code);
      expect(stateHash(m)).toBe(states[i].hash);
    }
    // And forward again: the same states (replayed from the recording).
    for (let i = 1; i <= 5; i++) {
      d.emu.step('instruction');
      expect(stateHash(m)).toBe(states[i].hash);
    }
    const s = await d.snap();
    expect(s.timeTravel!.oldestCycle).toBe(0);
    expect(s.timeTravel!.frontier).toBeGreaterThanOrEqual(s.cpu.cycles);
    expect(s.timeTravel!.budgetBytes).toBe(256 * 2 ** 20);
    expect(s.timeTravel!.usedBytes).toBeGreaterThan(0);
    expect(s.timeTravel!.usedBytes).toBeLessThanOrEqual(256 * 2 ** 20 + m.core.memoryEnd());
  }, 120_000);

  it('goes to a fork\'s cycle and shows the process table there, then replays to the present', async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('ls');
    const present = await d.snap();
    const fork = [...d.events].reverse().find((e) => e.name === 'fork')!;
    const child = Number(fork.detail);
    const exit = d.events.find((e) => e.name === 'exit' && e.pid === child)!;
    expect(exit).toBeDefined();
    expect(present.processes!.rows.some((r) => r.pid === child)).toBe(false); // reaped by now
    d.emu.goTo(fork.cycle);
    const there = await d.snap();
    expect(there.status).toBe('paused');
    expect(there.cpu.cycles).toBeGreaterThanOrEqual(fork.cycle);
    expect(there.cpu.cycles).toBeLessThan(exit.cycle);
    const row = there.processes!.rows.find((r) => r.pid === child)!;
    expect(row).toMatchObject({ ppid: fork.pid, name: 'sh' }); // the parent's copy: it has not exec'd ls yet
    expect(there.processes!.rows.find((r) => r.pid === fork.pid)!.state).toBe('running');
    // The events after the fork are the future: the page keeps them.
    expect(there.timeTravel!.nextEventId).toBeLessThanOrEqual(exit.id);
    expect(there.events).toEqual([]);
    // The future, within what has been run: the present's table again.
    d.emu.goTo(present.cpu.cycles);
    const back = await d.snap();
    expect(back.cpu.cycles).toBe(present.cpu.cycles);
    expect(back.processes!.rows).toEqual(present.processes!.rows);
    expect(back.events).toEqual([]); // replayed events are not sent again
  }, 120_000);

  it('goes back a line in a loop written on one line: to the start of the turn before, as a line step forward came', async () => {
    const d = await new Driver().boot();
    await d.run();
    d.emu.input('spin &\n');
    await d.run(undefined, 30);
    d.emu.pause();
    const m = machineOf(d.emu);
    // Line steps until one ends at spin's loop (`for (;;) n++;`, line 6) in user mode.
    const stepLine = async (): Promise<string | undefined> => {
      d.emu.step('line');
      return say((await d.run(undefined, 50)).stopNote);
    };
    let note: string | undefined;
    for (let i = 0; i < 20 && !(note === 'programs/spin.c:6' && m.cpl === 3); i++) note = await stepLine();
    expect(note).toBe('programs/spin.c:6');
    const turnStart = { hash: stateHash(m), cycle: m.cycles };
    expect(await stepLine()).toBe('programs/spin.c:6'); // the next turn of the loop: the same line again
    const nextTurn = { hash: stateHash(m), cycle: m.cycles };
    expect(nextTurn.cycle).toBeGreaterThan(turnStart.cycle);
    d.emu.step('instruction'); // into the middle of the turn
    d.emu.back('line'); // back to the start of this turn
    expect(say((await d.snap()).stopNote)).toBe('went back to programs/spin.c:6');
    expect(stateHash(m)).toBe(nextTurn.hash);
    d.emu.back('line'); // and to the start of the turn before
    expect(stateHash(m)).toBe(turnStart.hash);
    d.emu.back('over');
    expect(say((await d.snap()).stopNote)).toBe('went back over calls to programs/spin.c:6');
    expect(m.cycles).toBeLessThan(turnStart.cycle);
  }, 120_000);

  it('goes back to the previous fork and exec, and refuses with a reason where there is none', async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('ls');
    const exec = [...d.events].reverse().find((e) => e.name === 'exec' && e.detail === '/bin/ls')!;
    d.emu.backTo('exec');
    const s = await d.snap();
    expect(say(s.stopNote)).toMatch(/^back: exec: in trace\(\), called from /);
    expect(s.cpu.cycles).toBeLessThanOrEqual(exec.cycle);
    expect(s.cpu.cycles).toBeGreaterThan(exec.cycle - 100_000);
    d.emu.goTo(0);
    const start = await d.snap();
    expect(start.cpu.cycles).toBe(0);
    d.emu.backTo('fork');
    const none = await d.snap();
    expect(none.cpu.cycles).toBe(0);
    expect(say(none.stopNote)).toBe('no fork since the oldest reachable cycle (0)');
  }, 120_000);

  it('typing into the past starts a new future: the page forgets the old one\'s events', async () => {
    const d = await new Driver().boot();
    await d.run();
    const mark = (await d.snap()).cpu.cycles;
    await d.command('ls');
    const lsExec = d.events.find((e) => e.name === 'exec' && e.detail === '/bin/ls')!;
    d.emu.goTo(mark);
    expect((await d.snap()).status).toBe('paused');
    d.emu.run();
    await d.command('ps');
    expect(d.events.some((e) => e.id === lsExec.id && e.detail === '/bin/ls')).toBe(false);
    expect(d.events.some((e) => e.name === 'exec' && e.detail === '/bin/ps')).toBe(true);
    expect(d.console).toContain('[time travel: typed into the past');
    const ids = d.events.map((e) => e.id);
    expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
  }, 120_000);

  it('saves a session and opens it in another worker to the same state; a bad file changes nothing', async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('echo saved');
    const saved = await d.emu.saveSession();
    if (!saved.ok) throw new Error(saved.message);
    const before = await d.snap();
    const hash = stateHash(machineOf(d.emu));

    const e = new Driver();
    await e.emu.loadImage(systemImage());
    await e.emu.boot({ kind: 'kernel' }, false);
    const opened = await e.emu.openSession(saved.bytes);
    expect(opened).toEqual({ ok: true, cycle: saved.cycle, target: { kind: 'kernel' } });
    const s = await e.snap(ALL_VIEWS);
    expect(cpu(s)).toEqual(cpu(before));
    expect(s.processes).toEqual(before.processes);
    expect(stateHash(machineOf(e.emu))).toBe(hash);
    expect(e.console).toContain('saved');
    expect(e.events.some((x) => x.name === 'exec' && x.detail === '/bin/sh')).toBe(true); // the whole history, from boot

    const bad = await e.emu.openSession(new TextEncoder().encode('not a zip'));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.message).toMatch(/^not opened: not a session file/);
    expect(stateHash(machineOf(e.emu))).toBe(hash);
    expect((await e.snap()).cpu.cycles).toBe(saved.cycle);
  }, 180_000);

  it('saves a bare program\'s session and opens it, there and back again, to the same state', async () => {
    const d = await new Driver().boot({ kind: 'bare', name: 'countdown' });
    for (let i = 0; i < 7; i++) d.emu.step('instruction');
    const saved = await d.emu.saveSession();
    if (!saved.ok) throw new Error(saved.message);
    const hash = stateHash(machineOf(d.emu));
    const before = await d.snap();

    const e = new Driver();
    await e.boot(); // the kernel: the session puts the bare program in its place
    const opened = await e.emu.openSession(saved.bytes);
    expect(opened).toEqual({ ok: true, cycle: saved.cycle, target: { kind: 'bare', name: 'countdown' } });
    const s = await e.snap(ALL_VIEWS);
    expect(stateHash(machineOf(e.emu))).toBe(hash);
    expect(cpu(s)).toEqual(cpu(before));
    expect(s.code).toEqual(before.code);
    expect(s.target).toEqual({ kind: 'bare', name: 'countdown' });
    e.emu.back('instruction');
    expect(say((await e.snap()).stopNote)).toBe('went back one instruction');
    expect(machineOf(e.emu).instret).toBe(6);
  }, 120_000);
});
