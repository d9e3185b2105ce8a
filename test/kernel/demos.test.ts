// The article's demonstrations of the heap and of thread pools, run from
// the shell: a leak against an LRU cache, heap against stack allocation
// cost, and a pool of worker threads serving a queue.

import { beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from '../../vm/host/shell-session.js';
import { bootShell, run } from './helpers.js';

/** The heap sizes a leak/lrucache run printed, in order. */
function heapSizes(out: string): number[] {
  return [...out.matchAll(/^round \d+: heap (\d+) bytes$/gm)].map((m) => Number(m[1]));
}

describe('demonstrations: heap and thread pool', () => {
  let sh: ShellSession;
  beforeAll(async () => {
    sh = await bootShell();
  });

  it('leak grows its heap without bound; lrucache stays flat after warm-up', () => {
    const leak = heapSizes(run(sh, 'leak 2000'));
    const lru = run(sh, 'lrucache 2000');
    const cached = heapSizes(lru);
    expect(leak).toHaveLength(10);
    expect(cached).toHaveLength(10);
    // The leak grows at every report, by a lot.
    for (let i = 1; i < leak.length; i++) expect(leak[i]).toBeGreaterThan(leak[i - 1]);
    expect(leak[9]).toBeGreaterThan(8 * leak[0]);
    // The same requests through a 32-entry LRU cache: far smaller, and flat.
    expect(leak[9]).toBeGreaterThan(10 * cached[9]);
    expect(new Set(cached.slice(1)).size).toBe(1);
    expect(lru).toMatch(/^\d+ hits, \d+ misses, 32 entries cached$/m);
  });

  it('leak ends in a malloc failure when it runs long enough, and the system survives it', () => {
    const out = run(sh, 'leak 200000');
    expect(out).toMatch(/^round \d+: malloc failed, out of memory \(heap \d+ bytes\)$/m);
    expect(out).toContain('[exit status 1]');
    expect(heapSizes(run(sh, 'lrucache 100'))).toHaveLength(10);
  });

  it('allocbench: a malloc + free costs more cycles than a stack allocation', () => {
    const out = run(sh, 'allocbench 1000');
    const heap = /^heap .*: +(\d+) cycles each$/m.exec(out);
    const stack = /^stack .*: +(\d+) cycles each$/m.exec(out);
    expect(heap).not.toBeNull();
    expect(stack).not.toBeNull();
    expect(Number(stack![1])).toBeGreaterThan(0);
    expect(Number(heap![1])).toBeGreaterThan(Number(stack![1]));
  });

  it('threadpool serves every request exactly once, with more than one worker', () => {
    const out = run(sh, 'threadpool 20 4');
    const served = [...out.matchAll(/^request (\d+) served by worker (\d+)$/gm)].map((m) => ({
      request: Number(m[1]),
      worker: Number(m[2]),
    }));
    expect(served.map((s) => s.request).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    const workers = new Set(served.map((s) => s.worker));
    expect(workers.size).toBeGreaterThan(1);
    for (const w of workers) expect(w >= 0 && w < 4).toBe(true);
    // The summary agrees with the log.
    let total = 0;
    for (let w = 0; w < 4; w++) {
      const n = served.filter((s) => s.worker === w).length;
      expect(out).toContain(`worker ${w} served ${n} requests\n`);
      total += n;
    }
    expect(out).toContain(`total: ${total} of 20 requests served\n`);
  });
});
