// Restoring a snapshot, or loading a program, under the compiled tier
// (Machine.restoreInPlace and loadElf, tier.ts's beforeHostWrite/afterHostWrite):
// blocks whose page is unchanged stay installed and run at once; blocks whose
// page differs in the snapshot or the program, or all of them when the
// snapshot has other cycle costs or another TLB shape, are not run again.
// Every case must end exactly where a machine without the tier ends.

import { describe, expect, it } from 'vitest';
import { Machine } from '../../vm/host/machine.js';
import type { MachineOptions } from '../../vm/host/machine-config.js';
import { GlassboxConfig, buildGlassboxKernel } from '../bench/glassbox.js';
import { memLoopTs } from '../bench/loops.js';
import { settle } from '../../vm/host/timetravel/state.js';
import { SHORT_RUN_JIT } from '../kernel/helpers.js';

const RESULT = 0x20_0000; // where kernel.s leaves eax (glassbox.ts)
const ITERATIONS = 400_000;

function mem(workingSet: number): GlassboxConfig {
  return { loop: 'mem', iterations: ITERATIONS, workingSet, paging: true, user: true, timerPeriod: 100_000, sliceCycles: 1_000_000 };
}

async function machine(config: GlassboxConfig, jit: boolean, extra: MachineOptions = {}): Promise<Machine> {
  const m = await Machine.create({
    ramBytes: 16 << 20, tlbEntries: 64, tlbWays: 4, sliceCycles: 1_000_000, jit, ...SHORT_RUN_JIT, ...extra,
  });
  m.eip = m.loadElf(buildGlassboxKernel(config)).entry;
  return m;
}

/** The state as time travel compares it: settled (the host's slicing leaves no trace), then copied. */
function settled(m: Machine): Uint8Array {
  settle(m);
  return m.snapshot();
}

/** Byte-for-byte equality of two states (a diff of 16 MiB arrays would not fit in a test worker). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function finish(m: Machine): { cycles: number; instret: number; result: number; counters: ReturnType<Machine['counters']> } {
  const stop = m.run(2_000_000_000);
  expect(stop.reason).toBe('exit');
  return { cycles: m.cycles, instret: m.instret, result: m.readPhys32(RESULT), counters: m.counters() };
}

/**
 * A machine with the tier that has compiled the 64 KiB loop, restored to a state of `other`
 * (run 5 M cycles); both then run 100 K cycles more, in which the tier must enter no block.
 */
async function restoredFrom(other: Machine): Promise<Machine> {
  other.run(5_000_000);
  const foreign = settled(other);
  const jit = await machine(mem(65536), true);
  jit.run(5_000_000);
  expect(jit.jitStats()!.cached).toBeGreaterThan(0); // compiled here or by the test before (shared)
  jit.restore(foreign);
  const entered = jit.jitStats()!.entered;
  jit.run(100_000);
  other.run(100_000);
  expect(jit.jitStats()!.entered).toBe(entered);
  return jit;
}

describe('the compiled tier across a snapshot restore', () => {
  it('keeps the blocks of unchanged pages: they run right after the restore, with the interpreter\'s results', async () => {
    const jit = await machine(mem(65536), true);
    const interp = await machine(mem(65536), false);
    for (const m of [jit, interp]) m.run(5_000_000);
    const point = settled(jit);
    expect(same(settled(interp), point)).toBe(true);
    expect(jit.jitStats()!.cached).toBeGreaterThan(0);
    for (const m of [jit, interp]) m.run(3_000_000);
    for (const m of [jit, interp]) m.restore(point);
    const compiled = jit.jitStats()!.compiled + jit.jitStats()!.shared;
    const entered = jit.jitStats()!.entered;
    // Far fewer than the 16,000 entries a block needs to become hot again.
    jit.run(100_000);
    interp.run(100_000);
    expect(jit.jitStats()!.entered).toBeGreaterThan(entered);
    expect(same(settled(jit), settled(interp))).toBe(true);
    const [a, b] = [finish(jit), finish(interp)];
    expect(a).toEqual(b);
    expect(a.result).toBe(memLoopTs(new Int32Array(65536 / 4), ITERATIONS, 65536));
    expect(jit.jitStats()!.compiled + jit.jitStats()!.shared).toBe(compiled);
  });

  it('does not run a block whose page holds other code in the snapshot', async () => {
    // Same layout, but the loop masks with another immediate: the loop's page differs, nothing else moves.
    const other = await machine(mem(131072), false);
    const jit = await restoredFrom(other);
    // The 64 KiB loop's block is stale; the new one is not hot yet.
    expect(same(settled(jit), settled(other))).toBe(true);
    const [a, b] = [finish(jit), finish(other)];
    expect(a).toEqual(b);
    expect(a.result).toBe(memLoopTs(new Int32Array(131072 / 4), ITERATIONS, 131072));
  });

  it('drops every block when the snapshot has another TLB shape (the miss in the block is compiled for one)', async () => {
    // Restore takes a machine's own snapshots; one of a machine with other options but the same size still loads.
    const other = await machine(mem(65536), false, { tlbWays: 2 });
    const jit = await restoredFrom(other);
    expect(same(settled(jit), settled(other))).toBe(true);
    expect(finish(jit)).toEqual(finish(other));
  });

  it('flushes every block when the snapshot has other cycle costs', async () => {
    const costs = { memAccess: 5 };
    const other = await machine(mem(65536), false, { costs });
    const jit = await restoredFrom(other);
    expect(same(settled(jit), settled(other))).toBe(true);
    expect(finish(jit)).toEqual(finish(other));
  });
});

describe('the compiled tier across loading a program again (Machine.loadElf)', () => {
  /** Both machines run the 64 KiB loop 5 M cycles, then reset and load `next`; the tier's block entries in the next 100 K cycles. */
  async function reload(next: GlassboxConfig): Promise<{ jit: Machine; interp: Machine; entered: number; compiled: number }> {
    const jit = await machine(mem(65536), true);
    const interp = await machine(mem(65536), false);
    for (const m of [jit, interp]) m.run(5_000_000);
    expect(jit.jitStats()!.cached).toBeGreaterThan(0);
    const compiled = jit.jitStats()!.compiled + jit.jitStats()!.shared;
    const elf = buildGlassboxKernel(next);
    for (const m of [jit, interp]) {
      m.resetCpu();
      m.eip = m.loadElf(elf).entry;
    }
    const before = jit.jitStats()!.entered;
    jit.run(100_000);
    interp.run(100_000);
    expect(same(settled(jit), settled(interp))).toBe(true);
    return { jit, interp, entered: jit.jitStats()!.entered - before, compiled };
  }

  it('keeps the blocks of the same program: they run at once, with the interpreter\'s results', async () => {
    const { jit, interp, entered, compiled } = await reload(mem(65536));
    expect(entered).toBeGreaterThan(0); // far fewer cycles than a block needs to become hot again
    const [a, b] = [finish(jit), finish(interp)];
    expect(a).toEqual(b);
    expect(a.result).toBe(memLoopTs(new Int32Array(65536 / 4), ITERATIONS, 65536));
    expect(jit.jitStats()!.compiled + jit.jitStats()!.shared).toBe(compiled);
  });

  it('counts a program\'s block entries afresh: the last run\'s do not make its code hot', async () => {
    // The loop's head is entered once an iteration: 400,000 entries a run, under this threshold,
    // which two runs' entries together would pass.
    const m = await machine(mem(65536), true, { jitThreshold: 600_000 });
    const elf = buildGlassboxKernel(mem(65536));
    for (let run = 0; run < 2; run++) {
      m.resetCpu();
      m.eip = m.loadElf(elf).entry;
      finish(m);
    }
    expect(m.jitStats()!.compiled + m.jitStats()!.shared).toBe(0);
  });

  it('does not run a block of the program before when the new one differs on its page', async () => {
    const { jit, interp, entered } = await reload(mem(131072));
    expect(entered).toBe(0);
    const [a, b] = [finish(jit), finish(interp)];
    expect(a).toEqual(b);
    expect(a.result).toBe(memLoopTs(new Int32Array(131072 / 4), ITERATIONS, 131072));
  });
});
