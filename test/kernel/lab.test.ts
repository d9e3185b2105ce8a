// The TLB lab's experiments, run from the shell as a user would: tlbbench's
// staircase (cycles per access against pages touched) and where its step
// sits for a given TLB size.

import { describe, expect, it } from 'vitest';
import { bootShell, run } from './helpers.js';

/** tlbbench's rows: pages -> cycles per access. */
function staircase(out: string): Map<number, number> {
  const rows = [...out.matchAll(/^ +(\d+) +(\d+\.\d\d)$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  return new Map(rows);
}

describe('tlbbench', () => {
  it('prints its usage with -h, and rejects a bad size', async () => {
    const sh = await bootShell();
    expect(run(sh, 'tlbbench -h')).toContain('usage: tlbbench [-p MAXPAGES] [-r ROUNDS]');
    const bad = run(sh, 'tlbbench -p 0');
    expect(bad).toContain('tlbbench: -p needs a number from 1 to 16384');
    expect(bad).toContain('[exit status 2]');
  });

  it('draws the staircase of the default 64-entry TLB, the same to the cycle on every run', async () => {
    const first = run(await bootShell(), 'tlbbench -p 1024');
    const again = run(await bootShell(), 'tlbbench -p 1024');
    expect(again).toBe(first);
    const s = staircase(first);
    expect([...s.keys()]).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    const hit = s.get(1)!;
    // Up to half the TLB every access hits: flat.
    for (const n of [2, 4, 8, 16, 32]) expect(s.get(n)).toBe(hit);
    // From twice its size on, (nearly) every access pays a page walk.
    for (const n of [128, 256, 512, 1024]) expect(s.get(n)!).toBeGreaterThanOrEqual(3 * hit);
  });

  it('moves the step with the TLB size: 256 entries keep 128 pages on the flat part', async () => {
    const s = staircase(run(await bootShell({ tlbEntries: 256 }), 'tlbbench -p 1024'));
    const hit = s.get(1)!;
    for (const n of [2, 4, 8, 16, 32, 64, 128]) expect(s.get(n)).toBe(hit);
    expect(s.get(512)!).toBeGreaterThanOrEqual(3 * hit);
    expect(s.get(1024)!).toBeGreaterThanOrEqual(3 * hit);
  });
});
