// Going back reaches the very state the machine had: for random runs of the
// kernel (timer interrupts, system calls, forks and execs from the shell,
// console input at random cycles), the state hash at a random cycle C is
// the same after running on and going back to C, and so is every state of
// the instructions stepped after it.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stateHash } from '../../../vm/host/timetravel/state.js';
import { COMMANDS, freshRecorder } from './helpers.js';

const action = fc.record({
  text: fc.constantFrom(...COMMANDS),
  gap: fc.integer({ min: 1, max: 8_000_000 }),
});

describe('replay', () => {
  it('goTo(C) reaches the first pass\'s state at C, and steps on through the same states', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 2, maxLength: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        async (actions, where, steps) => {
          const { rec, m } = await freshRecorder({ frameInterval: 3_000_000, pagedEvery: 3 });
          // A process that spins in the background keeps the timer and the scheduler busy.
          actions = [{ text: 'spin &\n', gap: 3_000_000 }, ...actions];
          const start = m.cycles;
          const total = actions.reduce((n, a) => n + a.gap, 0);
          const target = start + Math.floor(where * total);
          let first: { cycle: number; hashes: string[] } | undefined;
          for (const a of actions) {
            rec.type(a.text);
            const end = m.cycles + a.gap;
            if (!first && target < end) {
              rec.run(Math.max(1, target - m.cycles));
              const cycle = m.cycles;
              const hashes = [stateHash(m)];
              for (let i = 0; i < steps; i++) {
                rec.step();
                hashes.push(stateHash(m));
              }
              first = { cycle, hashes };
            }
            if (end > m.cycles) rec.run(end - m.cycles);
          }
          rec.run(5_000_000);
          expect(first).toBeDefined();
          rec.goTo(first!.cycle);
          expect(m.cycles).toBe(first!.cycle);
          expect(stateHash(m)).toBe(first!.hashes[0]);
          for (let i = 1; i <= steps; i++) {
            rec.step();
            expect(stateHash(m), `step ${i}`).toBe(first!.hashes[i]);
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('going forward again after going back passes the same states, inputs included', async () => {
    const { rec, m, output } = await freshRecorder({ frameInterval: 4_000_000 });
    const start = m.cycles;
    rec.type('echo one\n');
    rec.run(30_000_000);
    rec.type('ls\n');
    rec.run(40_000_000);
    const end = m.cycles;
    const hash = stateHash(m);
    const shown = output();
    rec.goTo(start + Math.floor((end - start) / 3));
    rec.run(end - m.cycles);
    expect(m.cycles).toBe(end);
    expect(stateHash(m)).toBe(hash);
    expect(output()).toBe(shown); // the replay showed nothing twice
  });

  it('input typed in the past starts a new future', async () => {
    const { rec, m } = await freshRecorder({ frameInterval: 4_000_000 });
    const start = m.cycles;
    rec.type('echo old\n');
    rec.run(30_000_000);
    const back = start + Math.floor((m.cycles - start) / 2);
    rec.goTo(back);
    const at = m.cycles;
    rec.type('echo new\n');
    rec.run(1);
    expect(rec.log.entries.at(-1)?.cycle).toBe(at);
    expect(rec.log.entries.every((e) => e.cycle <= at)).toBe(true);
    expect(rec.store.frames.every((f) => f.cycle <= rec.frontier)).toBe(true);
    expect(rec.frontier).toBe(m.cycles);
  });

  it('input typed at the very cycle a recorded input came replaces it', async () => {
    const { rec, m, output } = await freshRecorder();
    const at = m.cycles;
    rec.type('echo old\n');
    rec.run(30_000_000);
    expect(rec.log.entries.map((e) => e.cycle)).toEqual([at]);
    rec.goTo(at);
    const seen = output().length;
    rec.type('echo new\n');
    rec.run(30_000_000);
    expect(rec.log.entries).toHaveLength(1);
    expect(rec.log.entries[0]).toMatchObject({ cycle: at, kind: 'console', bytes: new TextEncoder().encode('echo new\n') });
    expect(output().slice(seen)).toContain('new');
    expect(output().slice(seen)).not.toContain('old');
  });
});
