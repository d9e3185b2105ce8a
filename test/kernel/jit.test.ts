// The kernel under both tiers: booting to the shell and running a script of
// commands (fork, exec, pipes, files, a faulting process, signals) must take
// the same number of cycles, print the same transcript and leave the same
// machine state byte for byte with the compiled tier as without it, and the
// compiled tier must really have run blocks on the way.

import { describe, expect, it } from 'vitest';
import { settle, stateBytes } from '../../vm/host/timetravel/state.js';
import { SHORT_RUN_JIT, bootShell, run } from './helpers.js';
import { processCache } from '../../vm/host/jit/shared-cache.js';
import { DEFAULT_JIT_START_CYCLES } from '../../vm/host/machine-config.js';

const SCRIPT = [
  'true',
  'ls -l /bin',
  'echo one two three | cat',
  'mkdir /tmp/d',
  'echo hello > /tmp/d/f',
  'cat /tmp/d/f',
  'ls /tmp/d',
  'rm /tmp/d/f',
  'sh -c "exit 3"; echo $?',
  'ps',
];

async function session(jit: boolean) {
  const t0 = performance.now();
  const sh = await bootShell({ jit, ...SHORT_RUN_JIT });
  const bootMs = performance.now() - t0;
  const outputs = SCRIPT.map((line) => run(sh, line));
  const m = sh.machine;
  settle(m);
  return {
    bootMs, outputs, transcript: sh.transcript, cycles: m.cycles, instret: m.instret, counters: m.counters(),
    state: stateBytes(m).slice(), stats: m.jitStats(),
  };
}

describe('the kernel under the compiled tier', () => {
  it('boots and runs a shell script to the same cycle, output and state as the interpreter', async () => {
    const jit = await session(true);
    const interp = await session(false);
    expect(interp.stats).toBeUndefined();
    expect(jit.outputs[2]).toContain('one two three');
    expect(jit.outputs[5]).toContain('hello');
    expect(jit.outputs).toEqual(interp.outputs);
    expect(jit.transcript).toBe(interp.transcript);
    expect({ cycles: jit.cycles, instret: jit.instret, counters: jit.counters })
      .toEqual({ cycles: interp.cycles, instret: interp.instret, counters: interp.counters });
    expect(Buffer.from(jit.state).equals(Buffer.from(interp.state))).toBe(true);
    expect(jit.stats!.entered).toBeGreaterThan(1000);
    expect(jit.stats!.errors).toBe(0);
  });

  it('boots again in the same process compiling nothing, to the interpreter\'s cycle and state', async () => {
    processCache.clear();
    const once = async (jit: boolean) => {
      const sh = await bootShell({ jit, ...SHORT_RUN_JIT });
      const m = sh.machine;
      const booted = { cycles: m.cycles, stats: m.jitStats() };
      run(sh, '/bin/true');
      settle(m);
      return { booted, cycles: m.cycles, counters: m.counters(), state: Buffer.from(stateBytes(m)), stats: m.jitStats() };
    };
    const interp = await once(false);
    const first = await once(true);
    const second = await once(true);
    for (const x of [first, second]) {
      expect({ cycles: x.cycles, counters: x.counters }).toEqual({ cycles: interp.cycles, counters: interp.counters });
      expect(x.state.equals(interp.state)).toBe(true);
    }
    // The boot's hot code (memmove, memset) is compiled; its lukewarm loops (once over every page) are not.
    expect(first.booted.stats!.compiled).toBeGreaterThan(0);
    expect(first.booted.stats!.compiled).toBeLessThan(8);
    expect(first.stats!.shared).toBe(0);
    expect(second.stats!.compiled).toBe(0);
    expect(second.stats!.shared).toBe(first.stats!.compiled);
    expect(second.stats!.entered).toBe(first.stats!.entered);
  });

  it('leaves a boot and its first commands to the interpreter with the default tier', async () => {
    // A run this short would pay for the tier and get nothing back (DEFAULT_JIT_START_CYCLES
    // and JIT_LIMITS.HOT_THRESHOLD say why): the tier has not started yet.
    processCache.clear();
    const sh = await bootShell({ jit: true });
    run(sh, 'true');
    run(sh, 'ls /bin');
    const m = sh.machine;
    const stats = m.jitStats()!;
    expect({ compiled: stats.compiled, shared: stats.shared, entered: stats.entered }).toEqual({ compiled: 0, shared: 0, entered: 0 });
    expect(stats.startsInCycles).toBeGreaterThan(0);
    expect(stats.startsInCycles).toBeLessThanOrEqual(DEFAULT_JIT_START_CYCLES - m.cycles);
    expect(m.jitEnabled).toBe(false);
    // Once the machine has run that long, it does start (the guest sees no difference: the tests above).
    for (let i = 0; i < 100 && m.jitStats()!.startsInCycles > 0; i++) run(sh, 'seq 1 5000 | wc -l');
    expect(m.cycles).toBeGreaterThanOrEqual(DEFAULT_JIT_START_CYCLES);
    expect(m.jitStats()!.startsInCycles).toBe(0);
    expect(m.jitEnabled).toBe(true);
    // With SHORT_RUN_JIT the same boot compiles at once.
    const early = await bootShell({ jit: true, ...SHORT_RUN_JIT });
    expect(early.machine.jitStats()!.compiled + early.machine.jitStats()!.shared).toBeGreaterThan(0);
  });

  it('a snapshot is the same bytes whatever slices the tier made the host run in', async () => {
    // The tier shortens the host's slices while it compiles, so a run under it ends its
    // last core.run() call at another cycle than the interpreter's; snapshot() settles
    // that bookkeeping away. From the same state, compiling nearly everything (a
    // threshold of 2) and compiling nothing must give the same snapshot.
    const sh = await bootShell({ jit: true, ...SHORT_RUN_JIT });
    const m = sh.machine;
    m.input('ls -l /bin; echo one two | cat\n');
    const start = m.snapshot();
    const runFrom = (on: number, threshold: number): Buffer => {
      m.restore(start);
      m.core.jitEnable(on, threshold);
      m.run(30_000_000);
      return Buffer.from(m.snapshot());
    };
    const interp = runFrom(0, 0);
    const compiled = runFrom(1, 2);
    expect(m.jitStats()!.compiled).toBeGreaterThan(10);
    expect(compiled.equals(interp)).toBe(true);
    m.core.jitEnable(1, 0);
  });
});
