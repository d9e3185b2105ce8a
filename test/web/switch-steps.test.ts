// Where each of the seven switch steps' own code lies: found from the
// kernel's symbols (a sized function is C; an assembly label runs to the
// next global symbol), and from trace.h's step lines, not from a list.

import { beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../vm/host/boot.js';
import { kernelNames } from '../../vm/host/kernel-events.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { Program } from '../../vm/host/program.js';
import { SwitchTracker } from '../../web/src/worker/switch-steps.js';

describe('the switch steps in the kernel', () => {
  let kernel: Program;
  let tracker: SwitchTracker;
  const at = (name: string): number => kernel.lookup(name)!;
  beforeAll(async () => {
    const booted = await boot(repoSystemBuild(), nodeReader(), { cmdline: 'quiet' });
    kernel = Program.fromElf('kernel', booted.kernel);
    tracker = new SwitchTracker(kernel, kernelNames(nodeReader()).events);
  });

  it('are the seven symbols trace.h names', () => {
    expect(tracker.available).toBe(true);
    expect(tracker.addresses).toEqual(['ctxsw_1_interrupt', 'ctxsw_2_save', 'ctxsw_3_enqueue', 'ctxsw_4_pick_next',
      'ctxsw_5_restore', 'ctxsw_6_page_table', 'ctxsw_7_resume'].map(at));
  });

  it('end where the symbols say: C functions by size, labels at the next global symbol', () => {
    const size = (name: string): number => kernel.elf.symbols.find((s) => s.name === name)!.size;
    const ends: [number, string, number][] = [
      [1, 'ctxsw_2_save', 2], [2, 'alltraps', 0], [5, 'ctxsw_6_page_table', 6], [6, 'memset', 0], [7, 'swtch', 0],
    ];
    for (const [step, next, after] of ends) {
      expect(tracker.stepAt(at(next) - 1), `step ${step} before ${next}`).toBe(step);
      expect(tracker.stepAt(at(next)), `${next}`).toBe(after);
    }
    for (const [step, fn] of [[3, 'ctxsw_3_enqueue'], [4, 'ctxsw_4_pick_next']] as const) {
      expect(tracker.stepAt(at(fn) + size(fn) - 1)).toBe(step);
      expect(tracker.stepAt(at(fn) + size(fn))).not.toBe(step);
    }
    // Local labels are branches inside a step: swtch's other path is step 6 (and a "next step" stop).
    expect(tracker.stepAt(at('swtch_same_space'))).toBe(6);
    expect(tracker.stops).toContain(at('swtch_same_space'));
  });

  it('are not available without trace.h\'s step lines', () => {
    expect(new SwitchTracker(kernel).available).toBe(false);
  });
});
