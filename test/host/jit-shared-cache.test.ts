// The compiled tier's process-wide cache (vm/host/jit/shared-cache.ts): a
// second machine in the same process installs the blocks the first compiled
// without compiling them, only when its layout is the same, with results
// identical to the interpreter's; the cache keeps to its byte limit.

import { beforeEach, describe, expect, it } from 'vitest';
import { SharedCache, processCache } from '../../vm/host/jit/shared-cache.js';
import { GlassboxConfig, runGlassbox } from '../bench/glassbox.js';
import { SHORT_RUN_JIT } from '../kernel/helpers.js';

const MODULE = new WebAssembly.Module(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));

describe('SharedCache', () => {
  it('finds what was added by key and counts modules and bytes', () => {
    const c = new SharedCache(1000);
    c.add(MODULE, 300, [['k1', 'b0'], ['k2', 'b1']]);
    expect(c.get('k1')).toEqual({ module: MODULE, moduleBytes: 300, name: 'b0' });
    expect(c.get('k2')?.name).toBe('b1');
    expect(c.get('k3')).toBeUndefined();
    expect(c.statistics()).toEqual({ blocks: 2, modules: 1, bytes: 300, bytesLimit: 1000, drops: 0 });
  });

  it('drops everything when a module would take it past its limit, and skips a module bigger than the limit', () => {
    const c = new SharedCache(1000);
    c.add(MODULE, 600, [['a', 'b0']]);
    c.add(MODULE, 600, [['b', 'b0']]);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')?.moduleBytes).toBe(600);
    expect(c.statistics()).toEqual({ blocks: 1, modules: 1, bytes: 600, bytesLimit: 1000, drops: 1 });
    c.add(MODULE, 1001, [['huge', 'b0']]);
    expect(c.get('huge')).toBeUndefined();
    expect(c.statistics()).toEqual({ blocks: 1, modules: 1, bytes: 600, bytesLimit: 1000, drops: 1 });
  });

  it('refuses a limit that is not positive', () => {
    expect(() => new SharedCache(0)).toThrow(/must be positive/);
    expect(() => new SharedCache(Number.NaN)).toThrow(/must be positive/);
  });
});

describe('machines sharing compiled blocks', () => {
  const base: GlassboxConfig = {
    loop: 'mem', iterations: 60_000, workingSet: 65536, paging: true, user: true, timerPeriod: 100_000, sliceCycles: 1_000_000,
    tier: SHORT_RUN_JIT,
  };
  beforeEach(() => processCache.clear());

  it('a second machine installs the first one\'s blocks without compiling, with the interpreter\'s results', async () => {
    const [interp] = await runGlassbox({ ...base, jit: false }, 1, 0);
    const [first] = await runGlassbox({ ...base, jit: true }, 1, 0);
    const [second] = await runGlassbox({ ...base, jit: true }, 1, 0);
    const outcome = (x: typeof interp) => ({ cycles: x.cycles, instructions: x.instructions, result: x.result, counters: x.counters });
    expect(outcome(first)).toEqual(outcome(interp));
    expect(outcome(second)).toEqual(outcome(interp));
    const a = first.jit!, b = second.jit!;
    expect(a.compiled).toBeGreaterThan(0);
    expect(a.shared).toBe(0);
    expect(b.compiled).toBe(0);
    expect(b.shared).toBe(a.compiled);
    expect({ cached: b.cached, codeBytes: b.codeBytes, entered: b.entered }).toEqual({ cached: a.cached, codeBytes: a.codeBytes, entered: a.entered });
    expect(b.errors).toBe(0);
    expect(processCache.statistics().blocks).toBe(a.compiled);
  });

  it('a machine with another layout (more RAM, so the tables move) compiles its own', async () => {
    const [first] = await runGlassbox({ ...base, jit: true }, 1, 0);
    const { Machine } = await import('../../vm/host/machine.js');
    // The bench's machines have 16 MiB of RAM; the same program in 32 MiB has its page table elsewhere.
    const m = await Machine.create({ ramBytes: 32 << 20, tlbEntries: 64, tlbWays: 4, sliceCycles: 1_000_000, ...SHORT_RUN_JIT });
    const { buildGlassboxKernel } = await import('../bench/glassbox.js');
    m.eip = m.loadElf(buildGlassboxKernel({ ...base, jit: true })).entry;
    const stop = m.run(100_000_000);
    expect(stop.reason).toBe('exit');
    const s = m.jitStats()!;
    expect(first.jit!.compiled).toBeGreaterThan(0);
    expect(s.shared).toBe(0);
    expect(s.compiled).toBeGreaterThan(0);
  });
});
