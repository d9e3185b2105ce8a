// The reverse verbs land where the first pass was: back N instructions,
// back to the previous context switch's step 1 (registers and the switch
// step as the Context switch view names it), back to the previous fork.

import { beforeAll, describe, expect, it } from 'vitest';
import { Program } from '../../../vm/host/program.js';
import { kernelNames, KernelNames } from '../../../vm/host/kernel-events.js';
import { nodeReader, repoSystemBuild } from '../../../vm/host/node-files.js';
import { Reverse } from '../../../vm/host/timetravel/reverse.js';
import { stateHash } from '../../../vm/host/timetravel/state.js';
import { decodeEvent } from '../../../vm/host/event-text.js';
import { SwitchTracker } from '../../../web/src/worker/switch-steps.js';
import { freshRecorder } from './helpers.js';

let kernel: Program;
let names: KernelNames;

beforeAll(() => {
  kernel = Program.fromElf('kernel', repoSystemBuild().kernel);
  names = kernelNames(nodeReader());
});

describe('reverse', () => {
  it('steps back one instruction at a time, and many at once, through the first pass\'s states', async () => {
    const { rec, m } = await freshRecorder();
    const rv = new Reverse(rec);
    rec.type('spin &\n');
    rec.run(20_000_000);
    rec.type('ls\n');
    rec.run(3_000_000);
    const seen: Array<[number, string]> = [];
    for (let i = 0; i < 60; i++) {
      if (i >= 56 || i === 0) seen.push([m.cycles, stateHash(m)]);
      rec.step();
    }
    const end = m.cycles;
    for (let k = seen.length - 1; k >= 1; k--) {
      expect(rv.stepBack(1)).toBe(1);
      expect(m.cycles).toBe(seen[k][0]);
      expect(stateHash(m)).toBe(seen[k][1]);
    }
    expect(rv.stepBack(56)).toBe(56);
    expect(m.cycles).toBe(seen[0][0]);
    expect(stateHash(m)).toBe(seen[0][1]);
    rec.goTo(end);
    expect(m.cycles).toBe(end);
  });

  it('keeps a prepared window of positions: steps back and forward in it land on the first pass\'s states', async () => {
    const { rec, m } = await freshRecorder();
    const rv = new Reverse(rec);
    rec.type('spin &\n');
    rec.run(12_000_000);
    const seen: Array<[number, string]> = [];
    for (let i = 0; i < 40; i++) {
      seen.push([m.cycles, stateHash(m)]);
      rec.step();
    }
    seen.push([m.cycles, stateHash(m)]);
    rv.prepare();
    // prepare() leaves the machine where it was, bit for bit.
    expect(m.cycles).toBe(seen[40][0]);
    expect(stateHash(m)).toBe(seen[40][1]);
    for (let k = 39; k >= 30; k--) {
      expect(rv.stepBack(1)).toBe(1);
      expect([m.cycles, stateHash(m)]).toEqual(seen[k]);
    }
    // Forward single steps from inside the window go through the same states.
    for (let k = 31; k <= 35; k++) {
      rv.stepForward();
      expect([m.cycles, stateHash(m)]).toEqual(seen[k]);
    }
    expect(rv.stepBack(5)).toBe(5);
    expect([m.cycles, stateHash(m)]).toEqual(seen[30]);
    // New input rewrites the future: the window is not trusted after it.
    rec.goTo(seen[40][0]);
    rec.type('x');
    rv.stepForward();
    const after = m.cycles;
    const hash = stateHash(m);
    expect(rv.stepBack(1)).toBe(1);
    expect(m.cycles).toBe(seen[40][0]);
    rv.stepForward();
    expect([m.cycles, stateHash(m)]).toEqual([after, hash]);
  });

  it('goes back over a whole context switch to its step 1', async () => {
    const { rec, m } = await freshRecorder();
    const rv = new Reverse(rec);
    const tracker = new SwitchTracker(kernel, names.events);
    expect(tracker.available).toBe(true);
    const [step1, , , , , , step7] = tracker.addresses;
    // Two spinning processes: every timer interrupt switches from one to the other.
    rec.type('spin &\n');
    rec.run(5_000_000);
    rec.type('spin &\n');
    rec.run(5_000_000);
    rec.addBreakpoint(step1);
    expect(rec.run(1e9).reason).toBe('breakpoint');
    const atStep1 = { cycle: m.cycles, regs: m.registers(), hash: stateHash(m) };
    rec.removeBreakpoint(step1);
    rec.addBreakpoint(step7);
    expect(rec.run(1e9).reason).toBe('breakpoint');
    rec.removeBreakpoint(step7);
    expect(tracker.stepAt(m.eip)).toBe(7);
    expect(rv.previousStop([step1])).toBe(atStep1.cycle);
    expect(tracker.stepAt(m.eip)).toBe(1);
    expect(m.registers()).toEqual(atStep1.regs);
    expect(stateHash(m)).toBe(atStep1.hash);
  });

  it('goes back to the previous fork, found in the event ring', async () => {
    const { rec, m } = await freshRecorder();
    const rv = new Reverse(rec);
    rec.type('ls\n');
    rec.run(40_000_000);
    rec.type('ls\n');
    rec.run(40_000_000);
    const now = m.cycles;
    const isFork = (e: Parameters<typeof decodeEvent>[0]) =>
      decodeEvent(e, { schema: names.events, states: names.states, syscalls: names.syscalls, readString: () => '' }).name === 'fork';
    const second = rv.previousEvent(isFork);
    expect(second).toBeDefined();
    expect(m.cycles).toBeGreaterThanOrEqual(second!.cycles);
    expect(m.cycles).toBeLessThan(now);
    const first = rv.previousEvent(isFork);
    expect(first).toBeDefined();
    expect(first!.cycles).toBeLessThan(second!.cycles);
    expect(m.cycles).toBeLessThan(second!.cycles);
    // There is no fork before the first ls's: the search stays where it is.
    const here = m.cycles;
    expect(rv.previousEvent(isFork)).toBeUndefined();
    expect(m.cycles).toBe(here);
  });
});
