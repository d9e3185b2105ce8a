// The checkpoint store: paged checkpoints restore exactly what was added,
// through any sequence of merges; the store never holds more than its
// budget; the oldest reachable cycle is where a replay can really start.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { PageHistory } from '../../../vm/host/timetravel/page-history.js';
import { Checkpoints } from '../../../vm/host/timetravel/checkpoints.js';
import { Recorder } from '../../../vm/host/timetravel/recorder.js';
import { stateHash } from '../../../vm/host/timetravel/state.js';
import { freshRecorder } from './helpers.js';

const SIZE = 5 * 4096 + 100; // five pages and a partial one

describe('PageHistory', () => {
  it('restores every kept checkpoint exactly, whatever was merged away', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ at: fc.nat(SIZE - 1), v: fc.integer({ min: 1, max: 255 }) }), { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (writes, drops) => {
          const history = new PageHistory(SIZE);
          const image = new Uint8Array(SIZE);
          const kept = new Map<number, Uint8Array>();
          writes.forEach((ws, i) => {
            for (const w of ws) image[w.at] = w.v;
            history.add(i * 10, image, history.dirtyPages(image));
            kept.set(i * 10, image.slice());
          });
          for (const d of drops) {
            const n = history.checkpoints.length;
            if (n < 2) break;
            const index = d % (n - 1);
            kept.delete(history.checkpoints[index].cycle);
            history.drop(index);
          }
          history.checkpoints.forEach((cp, index) => {
            const into = new Uint8Array(SIZE);
            history.restore(index, into);
            expect(Buffer.from(into).equals(kept.get(cp.cycle)!)).toBe(true);
          });
        },
      ),
    );
  });

  it('keeps only pages that changed', () => {
    const history = new PageHistory(SIZE);
    const image = new Uint8Array(SIZE);
    history.add(0, image, history.dirtyPages(image));
    image[4096 * 2 + 7] = 1;
    image[SIZE - 1] = 9;
    expect(history.dirtyPages(image)).toEqual([2, 5]);
  });
});

describe('Checkpoints', () => {
  it('refuses a budget that cannot hold the copies of the state it needs', () => {
    expect(() => new Checkpoints(SIZE, 3 * SIZE, 1)).toThrow(/too small/);
    expect(() => new Checkpoints(SIZE, 3 * SIZE + (1 << 20), 1)).not.toThrow();
    expect(() => new Checkpoints(SIZE, 2 * SIZE + (1 << 20), 0, 0)).not.toThrow();
  });
});

describe('the recorder within its budget', () => {
  it('never holds more than the budget, thins old checkpoints, and reports where history starts', async () => {
    const { m } = await freshRecorder();
    // Room for the base, the shadow and 1.5 MiB of changed pages: a few checkpoints' worth.
    const budget = 2 * m.core.memoryEnd() + 1.5 * 2 ** 20;
    const small = new Recorder(m, { budgetBytes: budget, frameInterval: 1_000_000, pagedEvery: 1, maxFrames: 0, scratchFrames: 0 });
    const commands = ['spin &\n', 'ls\n', 'ps\n', 'echo x\n', 'segfault\n', 'ls /bin\n'];
    for (let i = 0; i < 60; i++) {
      if (i % 10 === 0) small.type(commands[i / 10]);
      small.run(1_000_000);
      expect(small.store.usedBytes).toBeLessThanOrEqual(budget);
    }
    const cycles = small.store.pagedCycles();
    expect(cycles.length).toBeGreaterThan(3);
    // Spacing grows with age: the oldest gap is wider than the newest.
    expect(cycles[1] - cycles[0]).toBeGreaterThan(cycles[cycles.length - 1] - cycles[cycles.length - 2]);
    const oldest = small.oldestCycle;
    expect(oldest).toBe(Math.min(cycles[0], ...small.store.frames.map((f) => f.cycle)));
    const end = m.cycles;
    expect(() => small.goTo(oldest - 1)).toThrow(/before the oldest reachable cycle/);
    small.goTo(oldest);
    expect(m.cycles).toBe(oldest);
    const there = stateHash(m);
    // A replay of the same inputs from the boot reaches the same state at that cycle.
    const { rec: reference, m: m2 } = await freshRecorder();
    reference.loadInputs(small.log.entries);
    reference.goTo(oldest);
    expect(m2.cycles).toBe(oldest);
    expect(stateHash(m2)).toBe(there);
    expect(end).toBeGreaterThan(oldest);
  });
});
