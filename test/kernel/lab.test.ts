// The TLB lab's experiments, run from the shell as a user would: tlbbench's
// staircase (cycles per access against pages touched) and where its step
// sits for a given TLB size.

import { describe, expect, it } from 'vitest';
import { bootShell, run } from './helpers.js';
import { SwitchRow, ctxbenchRows, flushcostRows, tlbbenchRows } from '../../web/src/shared/lab-output.js';

/** tlbbench's rows: pages -> cycles per access. */
function staircase(out: string): Map<number, number> {
  return new Map(tlbbenchRows(out).map((p) => [p.pages, p.cycles]));
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

  it('climbs two steps with a second-level TLB: L1 hits, then STLB hits, then walks', async () => {
    const out = run(await bootShell({ stlbEntries: 1536 }), 'tlbbench -p 4096');
    expect(run(await bootShell({ stlbEntries: 1536 }), 'tlbbench -p 4096')).toBe(out); // to the cycle
    const s = staircase(out);
    const hit = s.get(1)!;
    const stlb = s.get(256)!;
    for (const n of [2, 4, 8, 16, 32]) expect(s.get(n)).toBe(hit);
    // 128 to 1024 pages miss the 64-entry L1 but hit the 1536-entry STLB: a plateau of its own.
    for (const n of [128, 512, 1024]) expect(s.get(n)).toBe(stlb);
    expect(stlb).toBeGreaterThan(1.5 * hit);
    // From 2048 pages on they walk.
    expect(s.get(2048)!).toBeGreaterThan(1.5 * stlb);
    expect(s.get(4096)).toBe(s.get(2048));
  });

  it('moves the step with the TLB size: 256 entries keep 128 pages on the flat part', async () => {
    const s = staircase(run(await bootShell({ tlbEntries: 256 }), 'tlbbench -p 1024'));
    const hit = s.get(1)!;
    for (const n of [2, 4, 8, 16, 32, 64, 128]) expect(s.get(n)).toBe(hit);
    expect(s.get(512)!).toBeGreaterThanOrEqual(3 * hit);
    expect(s.get(1024)!).toBeGreaterThanOrEqual(3 * hit);
  });
});

/** ctxbench's rows: "process"/"thread" -> pages -> figures. */
function switches(out: string): Map<string, Map<number, SwitchRow>> {
  const rows = new Map<string, Map<number, SwitchRow>>([['process', new Map()], ['thread', new Map()]]);
  for (const r of ctxbenchRows(out)) rows.get(r.kind)!.set(r.pages, r);
  return rows;
}

describe('ctxbench', () => {
  it('prints its usage with -h', async () => {
    expect(run(await bootShell(), 'ctxbench -h')).toContain('usage: ctxbench [-w PAGES] [-n ROUNDS]');
  });

  it('shows a process switch writing CR3 and a thread switch not, the same to the cycle on every run', async () => {
    const first = run(await bootShell(), 'ctxbench -w 16 -n 40');
    expect(run(await bootShell(), 'ctxbench -w 16 -n 40')).toBe(first);
    const s = switches(first);
    expect([...s.get('process')!.keys()]).toEqual([0, 1, 2, 4, 8, 16]);
    for (const [pages, p] of s.get('process')!) {
      const t = s.get('thread')!.get(pages)!;
      expect(p.cr3, `process, ${pages} pages`).toBe(2);   // one CR3 write per switch, two per round trip
      expect(t.cr3, `thread, ${pages} pages`).toBe(0);    // same address space: no CR3 write, no flush
      expect(p.misses).toBeGreaterThan(t.misses);
      expect(p.cycles).toBeGreaterThan(t.cycles);
    }
    // Without PCIDs every process switch flushes: the working set is walked again each time;
    // between threads with nothing to touch, nothing is lost.
    expect(s.get('process')!.get(16)!.misses).toBeGreaterThanOrEqual(16);
    expect(s.get('process')!.get(0)!.misses).toBeGreaterThanOrEqual(1);
    // Point by point the counts also hold conflict misses: where the kernel's hot pages (the
    // pipes' buffers, the thread table, a kernel stack, sys_read's code) fall in the 4-way
    // TLB's sets moves whenever the kernel, libc or the shell grows or frees in another order.
    // So the size of the effect is asserted where placement cannot matter, in a fully
    // associative TLB of the same 64 entries: over the whole curve thread switches lose less
    // than half of what process switches lose.
    const assoc = switches(run(await bootShell({ tlbWays: 64 }), 'ctxbench -w 16 -n 40'));
    const total = (kind: string): number => [...assoc.get(kind)!.values()].reduce((sum, r) => sum + r.misses, 0);
    expect(total('thread')).toBeLessThan(total('process') / 2);
    for (const [pages, p] of assoc.get('process')!) expect(p.misses, `fully associative, ${pages} pages`).toBeGreaterThan(assoc.get('thread')!.get(pages)!.misses);
  });

  it('with PCIDs keeps the other process\'s entries: fewer misses and cycles per process switch', async () => {
    const off = switches(run(await bootShell(), 'ctxbench -w 16 -n 40')).get('process')!;
    const onText = run(await bootShell({ cmdline: 'quiet pcid=on' }), 'ctxbench -w 16 -n 40');
    expect(run(await bootShell({ cmdline: 'quiet pcid=on' }), 'ctxbench -w 16 -n 40')).toBe(onText); // to the cycle
    const on = switches(onText).get('process')!;
    for (const pages of [0, 1, 2, 4, 8, 16]) {
      expect(on.get(pages)!.cr3).toBe(2);            // the CR3 writes still happen …
      expect(on.get(pages)!.misses).toBeLessThan(off.get(pages)!.misses);   // … but flush nothing
    }
    for (const pages of [1, 4, 16]) expect(on.get(pages)!.cycles).toBeLessThan(off.get(pages)!.cycles);
  });

  it('with PCIDs and a TLB that holds both working sets, a process switch costs what a thread switch does', async () => {
    // In the 64-entry TLB the two processes' pages (at the same virtual addresses) and the
    // kernel's compete for the same sets, so how much of the flush's cost PCIDs win back there
    // moves with where the kernel's hot pages land. With 256 entries everything fits: what a
    // process switch loses beyond a thread switch of the same boot is the flush alone, and PCIDs
    // must take away 90% of it over the curve.
    const offRows = switches(run(await bootShell({ tlbEntries: 256 }), 'ctxbench -w 16 -n 40'));
    const on = switches(run(await bootShell({ tlbEntries: 256, cmdline: 'quiet pcid=on' }), 'ctxbench -w 16 -n 40')).get('process')!;
    const total = (rows: Map<number, SwitchRow>): number => [...rows.values()].reduce((sum, r) => sum + r.misses, 0);
    const thread = total(offRows.get('thread')!);
    const flush = total(offRows.get('process')!) - thread;
    expect(flush).toBeGreaterThan(40);                           // 2 × 16 pages and the kernel's, per row
    expect(total(on) - thread).toBeLessThan(0.1 * flush);
  });

  it('without global pages the kernel\'s own entries go with every CR3 write', async () => {
    const global = switches(run(await bootShell(), 'ctxbench -w 0 -n 40')).get('process')!.get(0)!;
    const local = switches(run(await bootShell({ cmdline: 'quiet global_pages=off' }), 'ctxbench -w 0 -n 40')).get('process')!.get(0)!;
    expect(local.misses).toBeGreaterThan(global.misses + 2);
    expect(local.cycles).toBeGreaterThan(global.cycles);
  });
});

describe('flushcost', () => {
  it('times a CR3 write and an invlpg in ring 0, and the refills after each', async () => {
    const out = run(await bootShell(), 'flushcost -p 32');
    const rows = flushcostRows(out);
    expect(rows.map((r) => [r.what, r.pages]), out).toEqual([['CR3 write', 32], ['invlpg', 32]]);
    const { cycles: cr3, after: cr3After, warm, refill: cr3Refill } = rows[0];
    const { cycles: inv, after: invAfter, warm: warm2, refill: invRefill } = rows[1];
    expect(cr3).toBeGreaterThanOrEqual(100);        // at least the cycle model's cr3Write
    expect(inv).toBeGreaterThanOrEqual(250);        // and its invlpg
    expect(warm2).toBe(warm);                       // the unflushed touch is the same both times
    expect(cr3After).toBe(warm + cr3Refill);
    expect(invAfter).toBe(warm2 + invRefill);
    // A CR3 write drops all 32 pages' entries, invlpg one: 32 walks against 1.
    expect(cr3Refill).toBeGreaterThanOrEqual(32 * 20);
    expect(invRefill).toBeGreaterThanOrEqual(20);
    expect(invRefill).toBeLessThan(cr3Refill / 16);
    expect(run(await bootShell(), 'flushcost -p 0')).toContain('flushcost: -p needs a number from 1 to 256');
  });

  it('with PCIDs a CR3 write keeps the entries: nothing to refill', async () => {
    const out = run(await bootShell({ cmdline: 'quiet pcid=on' }), 'flushcost -p 32');
    expect(out).toMatch(/^CR3 write +\d+ cycles; touching 32 pages after it: (\d+) cycles \(\1 without a flush, refill 0\)$/m);
  });
});
