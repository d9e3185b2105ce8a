// The benchmark's memory loop (test/bench/kernel.s) over 1,024 pages with the
// default TLB (64 entries, four-way LRU): a quarter of its data pages share a
// set with its code page, whose stamp only a fetch lookup renews, so LRU
// evicts the code page's entry every 49 iterations or so. The compiled block
// then has the core make the next instruction's fetch (jitRefetch, from the
// module's F_AFTER helper, vm/host/jit/block.ts) instead of leaving for the
// interpreter to make it: the loop enters its block a few times in all, not
// once per eviction, and ends in the interpreter's state.

import { expect, it } from 'vitest';
import { Machine } from '../../vm/host/machine.js';
import { GlassboxConfig, buildGlassboxKernel } from '../bench/glassbox.js';
import { memLoopTs } from '../bench/loops.js';
import { settle } from '../../vm/host/timetravel/state.js';
import { SHORT_RUN_JIT } from '../kernel/helpers.js';

const RESULT = 0x20_0000; // where kernel.s leaves eax (glassbox.ts)
const ITERATIONS = 200_000;
const WORKING_SET = 4 << 20;

async function machine(jit: boolean): Promise<Machine> {
  const config: GlassboxConfig = {
    loop: 'mem', iterations: ITERATIONS, workingSet: WORKING_SET, paging: true, user: true, timerPeriod: 3_000_000,
    sliceCycles: 1_000_000,
  };
  const m = await Machine.create({
    ramBytes: 16 << 20, tlbEntries: 64, tlbWays: 4, tlbPolicy: 'lru', sliceCycles: 1_000_000, jit, ...SHORT_RUN_JIT,
  });
  m.eip = m.loadElf(buildGlassboxKernel(config)).entry;
  return m;
}

function settled(m: Machine): Buffer {
  settle(m);
  return Buffer.from(m.snapshot());
}

it('stays in the compiled loop when its data evict its code page\'s TLB entry, with the interpreter\'s state', async () => {
  const [jit, interp] = [await machine(true), await machine(false)];
  for (const m of [jit, interp]) expect(m.run(2_000_000_000).reason).toBe('exit');
  expect(jit.readPhys32(RESULT)).toBe(memLoopTs(new Int32Array(WORKING_SET / 4), ITERATIONS, WORKING_SET));
  expect(settled(jit).equals(settled(interp))).toBe(true);
  // About 4,000 code-page evictions; leaving the block at each made as many entries.
  const stats = jit.jitStats()!;
  expect(stats.compiled).toBeGreaterThan(0);
  expect(stats.entered).toBeGreaterThan(0);
  expect(stats.entered).toBeLessThan(200);
});
