// The second-level TLB (STLB) behind the L1 model: an L1 miss looks there
// before walking; a hit costs stlbHit and fills L1 without a walk, a miss
// walks and fills both. Hand-computed sequences with exact counters and
// cycles, LRU replacement, the dirty-bit and permission rules, every flush
// reaching both levels, PCID tags surviving a switch, and the staircase a
// pointer chase draws with Skylake's shape (L1 64 + STLB 1536).
//
// Small machine for the sequences: L1 8 entries × 2 ways (4 sets, vpn & 3),
// STLB 16 × 2 (8 sets, vpn & 7). The code page (vpn 0x10) is in set 0 of
// both; P1, P2, P3, P4 (vpn 0x401, 0x405, 0x409, 0x411) all share L1 set 1,
// and in the STLB P1, P3, P4 share set 1 while P2 is alone in set 5.

import { describe, expect, it } from 'vitest';
import { COSTS, COST_NAMES } from '../../vm/isa/isa.js';
import { EAX, EBX, ECX, PTE, Program, TestMachine, lastVector, mem } from './harness.js';
import {
  CODE, CR0_PG, CR0_WP, CR4_PCIDE, CR4_PGE, DIR, PHYS, counterDelta, entriesFor, paged, runProgram, stlbEntriesFor,
} from './paging-fixture.js';

const P1 = 0x401000, P2 = 0x405000, P3 = 0x409000, P4 = 0x411000;
const SMALL = { tlbEntries: 8, tlbWays: 2, stlbEntries: 16, stlbWays: 2 };
const AD = PTE.A | PTE.D;
const { base, memAccess, pageWalk, pageWalkAD, stlbHit } = COSTS;

async function small(opts: { global?: boolean; pteFlags?: number } = {}) {
  const { m, pt } = await paged({ ...SMALL, global: opts.global });
  for (const [i, va] of [P1, P2, P3, P4].entries()) pt.map(va, PHYS + i * 0x1000, opts.pteFlags ?? (PTE.P | PTE.RW | AD));
  m.w32(pt.pdeAddr(P1), m.r32(pt.pdeAddr(P1)) | PTE.A); // no A/D cycles from the directory
  return { m, pt };
}

/** Loads p at CODE; each step() runs one instruction and returns its counter changes and cycles. */
function stepper(m: TestMachine, p: Program) {
  m.writePhys(CODE, p.build());
  m.core.setEip(CODE);
  return () => {
    const c0 = m.core.getCycles();
    const counters = counterDelta(m, () => m.run(1));
    return { counters, cycles: m.core.getCycles() - c0 };
  };
}

const read = (va: number) => ['MOV_RM', { a: EAX, ...mem(null, va) }] as const;
const write = (va: number) => ['MOV_MR', { a: EAX, ...mem(null, va) }] as const;

function program(...ops: (readonly [string, object])[]): Program {
  const p = new Program(CODE).op('NOP'); // absorbs the code page's own lookup
  for (const [name, fields] of ops) p.op(name, fields);
  return p.op('HLT');
}

/** Valid STLB entries as "vpn/pcid", sorted. */
function stlbPages(m: TestMachine): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.core.stlbSize(); i++) {
    if (m.core.stlbFlags(i) & 1) out.push(`${m.core.stlbVpn(i).toString(16)}/${m.core.stlbPcid(i)}`);
  }
  return out.sort();
}

describe('STLB lookups', () => {
  it('a page evicted from L1 but kept in the STLB hits there: exact counters and cycles', async () => {
    const { m } = await small();
    const step = stepper(m, program(read(P1), read(P2), read(P3), read(P1), read(P1), read(P2)));
    expect(step().counters).toEqual({ TLB_MISSES: 1, STLB_MISSES: 1, PAGE_WALKS: 1 }); // the code page
    const walked = { counters: { TLB_MISSES: 1, STLB_MISSES: 1, PAGE_WALKS: 1 }, cycles: base + memAccess + pageWalk };
    expect(step()).toEqual(walked); // P1
    expect(step()).toEqual(walked); // P2
    // P3: L1's set 1 is full, P1 (least recent) leaves L1 but stays in the STLB.
    expect(step()).toEqual({ counters: { ...walked.counters, TLB_EVICTIONS: 1 }, cycles: walked.cycles });
    expect(entriesFor(m, P1 >>> 12)).toEqual([]);
    expect(stlbEntriesFor(m, P1 >>> 12).length).toBe(1);
    // P1 again: an L1 miss, an STLB hit, no walk; it is back in L1 (P2 leaves).
    expect(step()).toEqual({ counters: { TLB_MISSES: 1, STLB_HITS: 1, TLB_EVICTIONS: 1 }, cycles: base + memAccess + stlbHit });
    expect(entriesFor(m, P1 >>> 12).length).toBe(1);
    expect(step()).toEqual({ counters: { TLB_HITS: 1 }, cycles: base + memAccess });
    // The cost is the machine's: change it and the next STLB hit costs that.
    m.core.setCost(COST_NAMES.indexOf('stlbHit'), 9);
    expect(step()).toEqual({ counters: { TLB_MISSES: 1, STLB_HITS: 1, TLB_EVICTIONS: 1 }, cycles: base + memAccess + 9 });
    expect(stlbHit).toBe(7);
  });

  it('replaces the least recently used way of an STLB set', async () => {
    const { m } = await small();
    // P1, P3 fill STLB set 1; P2 pushes P1 out of L1; P1 hits the STLB (now most recent there);
    // P4 misses both and evicts P3 (not P1) from the STLB.
    runProgram(m, program(read(P1), read(P3), read(P2), read(P1), read(P4)));
    expect(m.counters()).toMatchObject({ STLB_HITS: 1, STLB_MISSES: 5 });
    expect([P1, P3, P4].map((va) => stlbEntriesFor(m, va >>> 12).length)).toEqual([1, 0, 1]);
    const d = counterDelta(m, () => runProgram(m, program(read(P3))));
    expect(d).toMatchObject({ TLB_MISSES: 1, STLB_MISSES: 1, PAGE_WALKS: 1 });
  });

  it('a write through a non-dirty STLB entry walks to set D', async () => {
    const { m, pt } = await small({ pteFlags: PTE.P | PTE.RW | PTE.A });
    const step = stepper(m, program(read(P1), read(P2), read(P3), write(P1)));
    for (let i = 0; i < 4; i++) step();
    expect(entriesFor(m, P1 >>> 12)).toEqual([]);
    expect(step()).toEqual({
      counters: { TLB_MISSES: 1, STLB_HITS: 1, PAGE_WALKS: 1, TLB_EVICTIONS: 1 },
      cycles: base + memAccess + stlbHit + pageWalk + pageWalkAD,
    });
    expect(pt.pte(P1) & PTE.D).toBe(PTE.D);
    expect(stlbEntriesFor(m, P1 >>> 12)[0].flags & 8).toBe(8); // DIRTY
    expect(entriesFor(m, P1 >>> 12)[0].flags & 8).toBe(8);
  });

  it('a permission denial on an STLB hit faults and drops the entry; so does one on an L1 hit', async () => {
    const { m, pt } = await small({ pteFlags: PTE.P | AD }); // read-only
    m.core.setCr(0, CR0_PG | CR0_WP);
    runProgram(m, program(read(P1), read(P2), read(P3)));
    m.core.resetCounters();
    runProgram(m, program(write(P1)));
    expect(lastVector(m)).toBe(14);
    expect(m.counters()).toMatchObject({ STLB_HITS: 1, PAGE_FAULTS: 1 });
    expect(stlbEntriesFor(m, P1 >>> 12)).toEqual([]);
    // On an L1 hit: both levels drop the page, so once the PTE allows the write it walks, no second fault.
    runProgram(m, program(read(P1)));
    expect([entriesFor(m, P1 >>> 12).length, stlbEntriesFor(m, P1 >>> 12).length]).toEqual([1, 1]);
    runProgram(m, program(write(P1)));
    expect(lastVector(m)).toBe(14);
    expect([entriesFor(m, P1 >>> 12).length, stlbEntriesFor(m, P1 >>> 12).length]).toEqual([0, 0]);
    pt.setPte(P1, pt.pte(P1) | PTE.RW);
    m.w32(0x500, 0xffffffff);
    m.core.resetCounters();
    runProgram(m, program(write(P1)));
    expect(lastVector(m)).toBe(0xffffffff);
    expect(m.counters()).toMatchObject({ TLB_MISSES: 1, STLB_MISSES: 1, PAGE_FAULTS: 0 });
  });

  it('PCID-tagged STLB entries survive a PCID switch and hit when their context returns', async () => {
    const { m } = await small();
    m.core.setCr(4, CR4_PCIDE);
    m.core.setCr(3, DIR | 1);
    runProgram(m, program(read(P1)));
    m.core.setCr(3, DIR | 2);
    runProgram(m, program(read(P2), read(P3))); // P1/1 leaves L1
    expect(entriesFor(m, P1 >>> 12)).toEqual([]);
    const step = stepper(m, new Program(CODE)
      .op('MOV_RI', { a: ECX }, DIR | 1).op('MOV_CR', { a: ECX, i8: 3 }).op('NOP')
      .op('MOV_RM', { a: EBX, ...mem(null, P1) }).op('HLT'));
    step(); step(); step();
    expect(step()).toEqual({ counters: { TLB_MISSES: 1, STLB_HITS: 1, TLB_EVICTIONS: 1 }, cycles: base + memAccess + stlbHit });
    expect(stlbPages(m)).toEqual(['10/1', '10/2', '401/1', '405/2', '409/2']);
  });
});

describe('flushes reach both levels', () => {
  async function filled(global = false) {
    const { m, pt } = await small({ global });
    if (global) m.core.setCr(4, CR4_PGE);
    runProgram(m, program(read(P1), read(P2), read(P3)));
    expect(stlbPages(m)).toEqual(['10/0', '401/0', '405/0', '409/0']);
    m.core.resetCounters();
    return { m, pt };
  }

  it('a CR3 write without PCIDE drops the non-global entries; global ones stay', async () => {
    const { m } = await filled(true);
    m.core.setCr(3, DIR);
    expect(stlbPages(m)).toEqual(['10/0']);
  });

  it('invlpg drops the page from both', async () => {
    const { m } = await filled();
    runProgram(m, new Program(CODE).op('INVLPG', mem(null, P2)).op('INVLPG', mem(null, P1)).op('HLT'));
    expect(stlbPages(m)).toEqual(['10/0', '409/0']);
    expect(m.counters().TLB_SINGLE_FLUSHES).toBe(2);
  });

  it('CR4 PGE/PCIDE changes, CR0 WP changes and the host flush drop everything', async () => {
    for (const flush of [
      (m: TestMachine) => m.core.setCr(4, CR4_PCIDE),
      (m: TestMachine) => m.core.setCr(0, CR0_PG | CR0_WP),
      (m: TestMachine) => m.core.tlbFlushAll(),
    ]) {
      const { m } = await filled(true);
      flush(m);
      expect(stlbPages(m)).toEqual([]);
      expect(m.counters().TLB_FULL_FLUSHES).toBe(1);
    }
  });

  it('invpcid: type 0 one page of one PCID, 1 one PCID, 3 all but global, 2 all', async () => {
    const DESC = 0x23000; // STLB set 3, L1 set 3: away from the pages under test
    async function contexts() {
      const { m } = await small({ global: true });
      m.core.setCr(4, CR4_PGE | CR4_PCIDE);
      for (const pcid of [1, 2]) {
        m.core.setCr(3, DIR | pcid);
        runProgram(m, program(read(P1), read(P2)));
      }
      expect(stlbPages(m)).toEqual(['10/1', '401/1', '401/2', '405/1', '405/2']);
      return m;
    }
    function invpcid(m: TestMachine, type: number, pcid: number, addr = 0): void {
      m.w32(DESC, pcid);
      m.w32(DESC + 8, addr);
      runProgram(m, new Program(CODE).op('MOV_RI', { a: EBX }, type).op('INVPCID', { a: EBX, ...mem(null, DESC) }).op('HLT'));
    }
    const descPage = `${(DESC >>> 12).toString(16)}/2`; // global, filled by the descriptor read
    let m = await contexts();
    invpcid(m, 0, 1, P2 + 0x10);
    expect(stlbPages(m)).toEqual(['10/1', descPage, '401/1', '401/2', '405/2']);
    invpcid(m, 1, 2);
    expect(stlbPages(m)).toEqual(['10/1', descPage, '401/1']);
    m = await contexts();
    invpcid(m, 3, 0);
    expect(stlbPages(m)).toEqual(['10/1', descPage]);
    invpcid(m, 2, 0);
    expect(stlbPages(m)).toEqual(['10/2']); // only the hlt's fetch refilled its page
  });
});

describe('the staircase: L1 64 × 4 + STLB 1536 × 12, a pointer chase over N pages', () => {
  // Data pages are the vpns from 0x1000 up whose low nibble is not the code page's (0), so the
  // code page (vpn 0x10: L1 set 0, STLB set 16) never competes: each access is then exactly
  // 7 cycles of loop (mov 1 + memAccess 3, dec 1, taken jne 2) plus its translation.
  const LOOP = base + memAccess + base + base + COSTS.branchTaken;

  function dataVpns(n: number): number[] {
    const out: number[] = [];
    for (let vpn = 0x1000; out.length < n; vpn++) if ((vpn & 15) !== 0) out.push(vpn);
    return out;
  }

  /** Cycles of one round in the steady state: L1 sets with > 4 pages miss always (LRU, cyclic), likewise STLB sets with > 12 of those. */
  function expectedRound(vpns: number[]): { cycles: number; l1Misses: number; walks: number } {
    const bySet = (list: number[], sets: number) => {
      const groups = new Map<number, number[]>();
      for (const v of list) groups.set(v % sets, [...(groups.get(v % sets) ?? []), v]);
      return groups;
    };
    const l1Miss = [...bySet(vpns, 16).values()].filter((s) => s.length > 4).flat();
    const walks = [...bySet(l1Miss, 128).values()].filter((s) => s.length > 12).flat().length;
    return { cycles: vpns.length * LOOP + (l1Miss.length - walks) * stlbHit + walks * pageWalk, l1Misses: l1Miss.length, walks };
  }

  async function chase(n: number) {
    const { m, pt } = await paged({ stlbEntries: 1536, stlbWays: 12 });
    const vpns = dataVpns(n);
    // Page i keeps its pointer at offset (i mod 1024) * 4 of a frame shared by 1024 pages.
    const slot = (i: number) => ({ va: vpns[i] * 0x1000 + (i % 1024) * 4, pa: PHYS + (i >> 10) * 0x1000 + (i % 1024) * 4 });
    vpns.forEach((vpn, i) => pt.map(vpn * 0x1000, PHYS + (i >> 10) * 0x1000, PTE.P | PTE.RW));
    vpns.forEach((_, i) => m.w32(slot(i).pa, slot((i + 1) % n).va));
    const loop = (count: number) => new Program(CODE)
      .op('MOV_RI', { a: EAX }, slot(0).va).op('MOV_RI', { a: ECX }, count)
      .label('l').op('MOV_RM', { a: EAX, ...mem(EAX) }).op('DEC_R', { a: ECX }).op('JNE', {}, 'l')
      .op('HLT');
    runProgram(m, loop(2 * n)); // warm up: A bits set, both levels in their steady state
    const rounds = 3;
    const c0 = m.core.getCycles();
    const counters = counterDelta(m, () => runProgram(m, loop(rounds * n)));
    const setup = 3 * base - COSTS.branchTaken; // two movs and the hlt; the last jne is not taken
    return { perRound: (m.core.getCycles() - c0 - setup) / rounds, counters, rounds, vpns };
  }

  it('three plateaus: 7 cycles per access in L1, 7 + stlbHit in the STLB, 7 + pageWalk beyond', async () => {
    const plateaus: [number, number][] = [];
    for (const n of [16, 60, 120, 500, 1440, 1920, 2400]) {
      const r = await chase(n);
      plateaus.push([n, r.perRound / n]);
    }
    expect(plateaus).toEqual([
      [16, LOOP], [60, LOOP],
      [120, LOOP + stlbHit], [500, LOOP + stlbHit], [1440, LOOP + stlbHit],
      [1920, LOOP + pageWalk], [2400, LOOP + pageWalk],
    ]);
  });

  it('every point, on the edges too, is exactly the model: counters and cycles', async () => {
    for (const n of [16, 64, 100, 1000, 1536, 1600, 1920]) {
      const r = await chase(n);
      const want = expectedRound(r.vpns);
      expect(r.perRound, `N = ${n}`).toBe(want.cycles);
      expect(r.counters.TLB_MISSES ?? 0, `N = ${n}`).toBe(r.rounds * want.l1Misses);
      expect(r.counters.STLB_HITS ?? 0, `N = ${n}`).toBe(r.rounds * (want.l1Misses - want.walks));
      expect(r.counters.PAGE_WALKS ?? 0, `N = ${n}`).toBe(r.rounds * want.walks);
      expect(r.counters.TLB_HITS ?? 0, `N = ${n}`).toBe(r.rounds * (n - want.l1Misses));
    }
  });
});
