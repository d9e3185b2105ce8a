// Paging and the TLB model: the walker's A/D bits, every page-fault kind with
// its error code and cr2, CR0.WP, global pages and CR4.PGE, PCIDs, invlpg,
// exact counters on hand-computed sequences, and the replacement policies.
//
// Counting rules under test (vm/ISA.md): each data access is one lookup per
// page it touches (a read-modify-write is two accesses); an instruction fetch
// looks up only when execution enters a page or after its cached translation
// was dropped (CR writes, flushes, CPL changes); a hit on an entry that is not
// yet dirty, by a write, is a hit plus a page walk that sets D.

import { describe, expect, it } from 'vitest';
import { FORMS, formLength } from '../../vm/isa/isa.js';
import { FETCH_WINDOW, TLB_FLAG } from '../../vm/isa/machine.js';
import { EAX, EBX, ECX, ESP, FIX, PTE, PageTables, Program, TestMachine, installIdt, lastVector, mem } from './harness.js';
import {
  CODE, CR0_PG, CR0_WP, CR4_PCIDE, CR4_PGE, DIR, PHYS, POOL, STACK, USER_CODE, USER_CODE_PHYS, USER_STACK,
  USER_STACK_PHYS, V, counterDelta, entriesFor, paged, runProgram, runUser,
} from './paging-fixture.js';

describe('page walker', () => {
  it('sets A in PDE and PTE on a read, D in the PTE on a write, with exact counts and cycles', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW);
    m.w32(PHYS, 0x1234);
    const p = new Program(CODE)
      .op('NOP') // absorbs the fetch lookup of the code page
      .op('MOV_RM', { a: EAX, ...mem(null, V) }) // miss + walk (sets A)
      .op('MOV_MR', { a: EAX, ...mem(null, V) }) // hit + walk (sets D)
      .op('MOV_RM', { a: EBX, ...mem(null, V) }) // hit
      .op('MOV_MR', { a: EBX, ...mem(null, V + 4) }) // hit
      .op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    m.run(1);
    expect(pt.pte(V) & (PTE.A | PTE.D)).toBe(0);
    const c0 = m.core.getCycles();
    const d1 = counterDelta(m, () => m.run(1));
    expect(d1).toEqual({ TLB_MISSES: 1, PAGE_WALKS: 1 });
    expect(m.core.getCycles() - c0).toBe(1 + 3 + 20 + 10); // base + memAccess + pageWalk + pageWalkAD
    expect(pt.pte(V) & (PTE.A | PTE.D)).toBe(PTE.A);
    expect(pt.pde(V) & PTE.A).toBe(PTE.A);
    expect(entriesFor(m, V >>> 12)[0].flags).toBe(TLB_FLAG.VALID | TLB_FLAG.RW);
    const c1 = m.core.getCycles();
    const d2 = counterDelta(m, () => m.run(1));
    expect(d2).toEqual({ TLB_HITS: 1, PAGE_WALKS: 1 });
    expect(m.core.getCycles() - c1).toBe(1 + 3 + 20 + 10);
    expect(pt.pte(V) & PTE.D).toBe(PTE.D);
    expect(entriesFor(m, V >>> 12)[0].flags).toBe(TLB_FLAG.VALID | TLB_FLAG.RW | TLB_FLAG.DIRTY);
    const d3 = counterDelta(m, () => { m.run(1); m.run(1); });
    expect(d3).toEqual({ TLB_HITS: 2 });
    expect(m.r32(PHYS + 4)).toBe(0x1234);
  });

  it('a walk that finds A and D already set costs no A/D cycles', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.A | PTE.D);
    m.w32(pt.pdeAddr(V), m.r32(pt.pdeAddr(V)) | PTE.A);
    const p = new Program(CODE).op('NOP').op('MOV_MR', { a: EAX, ...mem(null, V) }).op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    m.run(1);
    const c0 = m.core.getCycles();
    expect(counterDelta(m, () => m.run(1))).toEqual({ TLB_MISSES: 1, PAGE_WALKS: 1 });
    expect(m.core.getCycles() - c0).toBe(1 + 3 + 20);
  });

  it('with paging off there are no lookups and the counters do not move', async () => {
    const m = await TestMachine.create();
    installIdt(m, CODE);
    m.core.resetCounters();
    m.core.setReg(ESP, STACK);
    runProgram(m, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, 0x20000) }).op('PUSH_R', { a: EAX }).op('ADD_MI', mem(null, 0x20000), 1).op('HLT'));
    expect(Object.values(m.counters()).every((v) => v === 0)).toBe(true);
  });
});

describe('page faults', () => {
  it('not-present PTE and PDE: error code P=0, W, cr2, the faulting eip, A untouched', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.RW); // not present
    for (const [name, va, write, err] of [
      ['pte read', V + 8, false, 0], ['pte write', V + 8, true, 2], ['pde read', 0xc00000, false, 0], ['pde write', 0xc00010, true, 2],
    ] as const) {
      m.core.setReg(ESP, STACK);
      const p = new Program(CODE).op(write ? 'MOV_MR' : 'MOV_RM', { a: EAX, ...mem(null, va) }).op('HLT');
      m.core.setReg(EAX, 0x77);
      const before = m.counter('PAGE_FAULTS');
      runProgram(m, p);
      expect(lastVector(m), name).toBe(14);
      expect(m.core.getCr(2), name).toBe(va);
      expect(m.r32(STACK - 16), name).toBe(err);
      expect(m.r32(STACK - 12), name).toBe(CODE);
      expect(m.reg(EAX), name).toBe(0x77);
      expect(m.counter('PAGE_FAULTS') - before).toBe(1);
    }
    expect(pt.pde(V) & PTE.A).toBe(0);
  });

  it('user access to a supervisor page, and user write to a read-only page (PDE AND PTE)', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW); // supervisor
    pt.map(V + 0x1000, PHYS + 0x1000, PTE.P | PTE.US); // user read-only
    pt.map(0xc00000, PHYS + 0x2000, PTE.P | PTE.RW | PTE.US, PTE.P | PTE.US); // PDE read-only
    pt.map(0x1000000, PHYS + 0x3000, PTE.P | PTE.RW | PTE.US, PTE.P | PTE.RW); // PDE supervisor
    const cases: [string, string, number, number][] = [
      ['user read of supervisor page', 'MOV_RM', V, 5],
      ['user write of supervisor page', 'MOV_MR', V, 7],
      ['user write of read-only page', 'MOV_MR', V + 0x1000, 7],
      ['user rmw of read-only page', 'ADD_MR', V + 0x1000, 7],
      ['read-only PDE', 'MOV_MR', 0xc00000, 7],
      ['supervisor PDE', 'MOV_RM', 0x1000000, 5],
    ];
    for (const [name, form, va, err] of cases) {
      const f = runUser(m, new Program(USER_CODE).op(form, { a: EAX, ...mem(null, va) }));
      expect(f.vector, name).toBe(14);
      expect(f.err, name).toBe(err);
      expect(m.core.getCr(2), name).toBe(va);
      expect(f.eip, name).toBe(USER_CODE);
      expect(f.cs, name).toBe(0x1b);
      expect(f.ss, name).toBe(0x23);
      expect(f.esp, name).toBe(USER_STACK);
    }
    // User reads of the read-only page are fine.
    m.w32(PHYS + 0x1000, 0xabcd);
    runUser(m, new Program(USER_CODE).op('MOV_RM', { a: EBX, ...mem(null, V + 0x1000) }).op('UD2'));
    expect(m.reg(EBX)).toBe(0xabcd);
  });

  it('an instruction fetch from a supervisor page in ring 3 faults with U=1, W=0', async () => {
    const { m } = await paged();
    m.core.setCpl(3);
    m.core.setEip(CODE); // supervisor code page
    m.core.setReg(ESP, USER_STACK);
    expect(m.run(10_000)).toBe('halt');
    expect(lastVector(m)).toBe(14);
    expect(m.r32(FIX.KSTACK_TOP - 24)).toBe(5);
    expect(m.core.getCr(2)).toBe(CODE);
  });

  it('CR0.WP: ring-0 writes to read-only pages succeed without WP and fault with it', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.US);
    runProgram(m, new Program(CODE).op('MOV_MI', mem(null, V), 5).op('HLT'));
    expect(lastVector(m)).toBe(0xffffffff);
    expect(m.r32(PHYS)).toBe(5);
    expect(pt.pte(V) & PTE.D).toBe(PTE.D);
    m.core.setCr(0, CR0_PG | CR0_WP); // flushes the TLB
    expect(entriesFor(m, V >>> 12)).toEqual([]);
    m.core.setReg(ESP, STACK);
    runProgram(m, new Program(CODE).op('MOV_MI', mem(null, V), 6).op('HLT'));
    expect(lastVector(m)).toBe(14);
    expect(m.r32(STACK - 16)).toBe(3);
    expect(m.r32(PHYS)).toBe(5);
  });

  it('a page fault drops the TLB entry, so a fixed PTE works without invlpg', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.US); // read-only
    m.w32(PHYS, 1);
    runUser(m, new Program(USER_CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('MOV_MI', mem(null, V), 9));
    expect(m.reg(EAX)).toBe(1);
    expect(lastVector(m)).toBe(14);
    expect(entriesFor(m, V >>> 12)).toEqual([]);
    pt.setPte(V, PHYS | PTE.P | PTE.US | PTE.RW);
    const f = runUser(m, new Program(USER_CODE).op('MOV_MI', mem(null, V), 9).op('UD2'));
    expect(f.vector).toBe(6);
    expect(m.r32(PHYS)).toBe(9);
  });

  it('a stale TLB entry is used until invlpg (the TLB is not coherent with page tables)', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW);
    pt.identity(POOL, POOL + 0x4000, PTE.P | PTE.RW); // so the test can edit page tables
    m.w32(PHYS, 111);
    m.w32(PHYS + 0x1000, 222);
    const p = new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) })
      .op('MOV_MI', mem(null, pt.pteAddr(V)), (PHYS + 0x1000) | 3) // remap (page tables are identity-mapped)
      .op('MOV_RM', { a: EBX, ...mem(null, V) })
      .op('INVLPG', mem(null, V))
      .op('MOV_RM', { a: ECX, ...mem(null, V) })
      .op('HLT');
    runProgram(m, p);
    expect([m.reg(EAX), m.reg(EBX), m.reg(ECX)]).toEqual([111, 111, 222]);
  });
});

describe('physical addresses outside RAM', () => {
  it('read as all-ones and ignore writes (paging on and off)', async () => {
    const { m, pt } = await paged();
    pt.map(V, 0x7fff0000, PTE.P | PTE.RW);
    runProgram(m, new Program(CODE).op('MOV_MI', mem(null, V), 5).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('HLT'));
    expect(m.reg(EAX)).toBe(0xffffffff);
    m.core.setCr(0, 0);
    runProgram(m, new Program(CODE).op('MOV_MI', mem(null, 0x500000), 5).op('MOV_RM', { a: EBX, ...mem(null, 0x3ffffe) }).op('HLT'));
    expect(m.reg(EBX)).toBe((0xffff0000 | (m.r8(0x3fffff) << 8) | m.r8(0x3ffffe)) >>> 0);
  });
});

describe('TLB flushes and contexts', () => {
  it('CR3 writes flush non-global entries; global entries (PTE.G with CR4.PGE) survive', async () => {
    const { m, pt } = await paged({ global: true });
    m.core.setCr(4, CR4_PGE);
    m.core.resetCounters();
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.G);
    pt.map(V + 0x1000, PHYS + 0x1000, PTE.P | PTE.RW);
    m.core.setTrace(1);
    runProgram(m, new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) })
      .op('MOV_RM', { a: EAX, ...mem(null, V + 0x1000) })
      .op('MOV_RI', { a: EAX }, DIR).op('MOV_CR', { a: EAX, i8: 3 })
      .op('HLT'));
    expect(entriesFor(m, V >>> 12).map((e) => e.flags & TLB_FLAG.GLOBAL)).toEqual([TLB_FLAG.GLOBAL]);
    expect(entriesFor(m, (V >>> 12) + 1)).toEqual([]);
    expect(m.counter('CR3_WRITES')).toBe(1);
    expect(m.counter('TLB_FULL_FLUSHES')).toBe(1);
    const ev = m.takeEvents();
    const cr3 = ev.find((e) => e.kind === 3)!;
    expect([cr3.a, cr3.b, cr3.c]).toEqual([DIR, DIR, 1]); // the non-global data page
    const flush = ev.find((e) => e.kind === 4)!;
    expect([flush.a, flush.b]).toEqual([0, 1]);
    // The global page hits, the other misses.
    m.core.resetCounters();
    runProgram(m, new Program(CODE).op('NOP').op('MOV_RM', { a: EAX, ...mem(null, V) }).op('MOV_RM', { a: EAX, ...mem(null, V + 0x1000) }).op('HLT'));
    expect(m.counter('TLB_HITS')).toBe(1); // V (execution never left the code page, so no fetch lookup)
    expect(m.counter('TLB_MISSES')).toBe(1);
  });

  it('with CR4.PCIDE a CR3 write switches PCID without flushing; entries are tagged', async () => {
    const { m, pt } = await paged({ global: true });
    m.core.setCr(4, CR4_PGE | CR4_PCIDE);
    // A second directory with the same kernel mappings, V mapped elsewhere.
    const DIR2 = 0x180000;
    const pt2 = new PageTables(m, DIR2, 0x181000);
    pt2.identity(0, 0x40000, PTE.P | PTE.RW | PTE.G);
    pt.map(V, PHYS, PTE.P | PTE.RW);
    pt2.map(V, PHYS + 0x5000, PTE.P | PTE.RW);
    m.w32(PHYS, 1);
    m.w32(PHYS + 0x5000, 2);
    m.core.setCr(3, DIR | 1);
    m.core.resetCounters();
    const p = new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) }) // pcid 1: miss
      .op('MOV_RI', { a: ECX }, DIR2 | 2).op('MOV_CR', { a: ECX, i8: 3 }).op('NOP')
      .op('MOV_RM', { a: EBX, ...mem(null, V) }) // pcid 2: miss
      .op('MOV_RI', { a: ECX }, DIR | 1).op('MOV_CR', { a: ECX, i8: 3 }).op('NOP')
      .op('MOV_RM', { a: ESP, ...mem(null, V) }) // pcid 1 again: hit, old mapping
      .op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    const step = () => counterDelta(m, () => m.run(1));
    expect(step()).toEqual({ TLB_MISSES: 2, PAGE_WALKS: 2 }); // code page (global; the CR4 write flushed all) + V
    step(); step(); step();
    expect(step()).toEqual({ TLB_MISSES: 1, PAGE_WALKS: 1 });
    step(); step(); step();
    expect(step()).toEqual({ TLB_HITS: 1 });
    expect([m.reg(EAX), m.reg(EBX), m.reg(ESP)]).toEqual([1, 2, 1]);
    expect(entriesFor(m, V >>> 12).map((e) => e.pcid).sort()).toEqual([1, 2]);
    expect(m.counter('CR3_WRITES')).toBe(2);
    expect(m.counter('TLB_FULL_FLUSHES')).toBe(0);
  });

  it('two usable entries for one page (a PCID entry and a global one): the first way wins; invlpg drops both', async () => {
    const { m, pt } = await paged({ global: true });
    m.core.setCr(4, CR4_PGE | CR4_PCIDE);
    const DIR2 = 0x180000;
    const pt2 = new PageTables(m, DIR2, 0x181000);
    pt2.identity(0, 0x40000, PTE.P | PTE.RW | PTE.G);
    pt.map(V, PHYS, PTE.P | PTE.RW); // PCID 1: non-global
    pt2.map(V, PHYS + 0x5000, PTE.P | PTE.RW | PTE.G); // PCID 2: global, another frame
    m.w32(PHYS, 1);
    m.w32(PHYS + 0x5000, 2);
    m.core.setCr(3, DIR | 1);
    const p = new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) }) // pcid 1 entry, way 0 of its set
      .op('MOV_RI', { a: ECX }, DIR2 | 2).op('MOV_CR', { a: ECX, i8: 3 })
      .op('MOV_RM', { a: EBX, ...mem(null, V) }) // global entry, next way
      .op('MOV_RI', { a: ECX }, DIR | 1).op('MOV_CR', { a: ECX, i8: 3 })
      .op('MOV_RM', { a: ESP, ...mem(null, V) }) // both usable: the pcid-1 entry (first way)
      .op('INVLPG', mem(null, V))
      .op('HLT');
    runProgram(m, p);
    expect([m.reg(EAX), m.reg(EBX), m.reg(ESP)]).toEqual([1, 2, 1]);
    expect(entriesFor(m, V >>> 12)).toEqual([]);
  });

  it('invlpg drops one page of the current context (and a global one), counts a single flush', async () => {
    const { m, pt } = await paged();
    m.core.setCr(4, CR4_PGE);
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.G);
    pt.map(V + 0x1000, PHYS + 0x1000, PTE.P | PTE.RW);
    m.core.setTrace(1);
    runProgram(m, new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) })
      .op('MOV_RM', { a: EAX, ...mem(null, V + 0x1000) })
      .op('INVLPG', mem(null, V + 0x10))
      .op('INVLPG', mem(null, V + 0x1000))
      .op('INVLPG', mem(null, V + 0x1000))
      .op('HLT'));
    expect(entriesFor(m, V >>> 12)).toEqual([]);
    expect(entriesFor(m, (V >>> 12) + 1)).toEqual([]);
    expect(m.counter('TLB_SINGLE_FLUSHES')).toBe(3);
    const flushes = m.takeEvents().filter((e) => e.kind === 4);
    expect(flushes.map((e) => [e.a, e.b, e.c])).toEqual([[1, 1, V + 0x10], [1, 1, V + 0x1000], [1, 0, V + 0x1000]]);
  });

  it('CR4 changes of PGE or PCIDE and host tlbFlushAll flush everything', async () => {
    const { m, pt } = await paged({ global: true });
    m.core.setCr(4, CR4_PGE);
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.G);
    runProgram(m, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('HLT'));
    expect(entriesFor(m, V >>> 12).length).toBe(1);
    m.core.setCr(4, 0);
    expect(entriesFor(m, V >>> 12).length).toBe(0);
    runProgram(m, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('HLT'));
    m.core.tlbFlushAll();
    let valid = 0;
    for (let i = 0; i < m.core.tlbSize(); i++) if (m.core.tlbFlags(i) & TLB_FLAG.VALID) valid++;
    expect(valid).toBe(0);
    expect(m.counter('TLB_FULL_FLUSHES')).toBe(3); // setCr(4, PGE), setCr(4, 0), tlbFlushAll
  });
});

describe('replacement policies', () => {
  // 8 entries, 2 ways: 4 sets, set = vpn & 3. The code page (vpn 0x10) is in set 0;
  // P1, P2, P3 (vpn 0x401, 0x405, 0x409) all map to set 1.
  const P1 = 0x401000, P2 = 0x405000, P3 = 0x409000;

  async function sequence(policy: number, seed = 1) {
    const { m, pt } = await paged({ tlbEntries: 8, tlbWays: 2, tlbPolicy: policy, seed });
    for (const [i, va] of [P1, P2, P3].entries()) pt.map(va, PHYS + i * 0x1000, PTE.P | PTE.RW | PTE.A | PTE.D);
    const p = new Program(CODE)
      .op('NOP')
      .op('MOV_RM', { a: EAX, ...mem(null, P1) }) // miss: way 0
      .op('MOV_RM', { a: EAX, ...mem(null, P2) }) // miss: way 1
      .op('MOV_RM', { a: EAX, ...mem(null, P1) }) // hit: P1 most recent
      .op('MOV_RM', { a: EAX, ...mem(null, P3) }) // miss: evicts a victim
      .op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    m.run(1);
    m.core.resetCounters();
    for (let i = 0; i < 4; i++) m.run(1);
    const present = [P1, P2, P3].filter((va) => entriesFor(m, va >>> 12).length > 0);
    return { m, present };
  }

  function xorshift(x: number): number {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  }

  it('LRU evicts the least recently used (P2)', async () => {
    const { m, present } = await sequence(0);
    expect(present).toEqual([P1, P3]);
    expect(m.counters()).toMatchObject({ TLB_HITS: 1, TLB_MISSES: 3, TLB_EVICTIONS: 1 });
  });

  it('FIFO evicts the first filled (P1) even though it was used last', async () => {
    const { present } = await sequence(1);
    expect(present).toEqual([P2, P3]);
  });

  it('RANDOM evicts the way chosen by the seeded xorshift32, deterministically', async () => {
    for (const seed of [1, 2, 3, 12345]) {
      const { present } = await sequence(2, seed);
      const way = xorshift(seed) & 1;
      expect(present, `seed ${seed}`).toEqual(way === 0 ? [P2, P3] : [P1, P3]);
      const again = await sequence(2, seed);
      expect(again.present).toEqual(present);
    }
  });
});

describe('instruction fetch lookups', () => {
  it('one lookup each time execution enters a page (calls and returns across pages)', async () => {
    const { m } = await paged();
    const F = CODE + 0x3000; // another page of the identity map
    m.writePhys(F, new Program(F).op('RET').build());
    const p = new Program(CODE)
      .op('MOV_RI', { a: ECX }, 100)
      .label('l').op('CALL', {}, F - (CODE + 8 + 8)) // call F (rel from the next instruction)
      .op('DEC_R', { a: ECX }).op('JNE', {}, 'l').op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    m.run(1); // mov: the code page is looked up (miss)
    m.core.resetCounters();
    expect(m.run(100_000)).toBe('halt');
    // Per iteration: enter F, pop (ret), enter CODE again, push (call). The stack page (first
    // push: its walk also sets D) and F miss once each; everything else hits.
    expect(m.counters()).toMatchObject({ TLB_HITS: 4 * 100 - 2, TLB_MISSES: 2, PAGE_WALKS: 2 });
  });

  it('an instruction that straddles two pages looks up both, then runs in the second', async () => {
    const { m } = await paged();
    const at = CODE + 0x1000 - 4; // a 12-byte instruction from the last 4 bytes of the page
    m.writePhys(at, new Program(at).op('MOV_MI', mem(null, STACK), 7).op('NOP').op('HLT').build());
    m.core.setEip(at);
    m.core.resetCounters();
    expect(m.run(10_000)).toBe('halt');
    expect(m.r32(STACK)).toBe(7);
    // Both code pages miss (one lookup each), the data page misses (then a D walk on the write).
    expect(m.counters()).toMatchObject({ TLB_HITS: 0, TLB_MISSES: 3 });
  });
});

describe('the fetch window', () => {
  it('spans every page offset from which the longest instruction stays in the page', () => {
    const longest = Math.max(...FORMS.map(formLength));
    expect(FETCH_WINDOW.SPAN).toBe(4096 - longest + 1);
  });

  it('a longest instruction ending on the last byte of the page looks up one code page', async () => {
    const { m } = await paged();
    const at = CODE + FETCH_WINDOW.SPAN - 1; // its 12 bytes end at the page's last byte
    m.writePhys(at, new Program(at).op('MOV_MI', mem(null, STACK), 7).build());
    m.writePhys(CODE + 0x1000, new Program(CODE + 0x1000).op('HLT').build());
    m.core.setEip(at);
    m.core.resetCounters();
    m.run(1);
    expect(m.r32(STACK)).toBe(7);
    // The code page and the data page miss; the next code page is not touched yet.
    expect(m.counters()).toMatchObject({ TLB_HITS: 0, TLB_MISSES: 2 });
  });
});

describe('read-modify-writes that cross a page', () => {
  // Both halves of add [m], r cross into the next page, so neither can take the fast path: the
  // read is served in place and the write must be too. Handing the write to the slow step took
  // back the read's clock tick after the read's slow lookup had already synced the hit count, and
  // TLB_HITS jumped by 2^32 - 1. Each iteration is exactly four lookups (two pages, two halves).
  const lookups = async (jit: boolean, n: number) => {
    const { m, pt } = await paged({ jit });
    for (let i = 0; i < 2; i++) pt.map(V + i * 0x1000, PHYS + i * 0x1000, PTE.P | PTE.RW | PTE.A | PTE.D);
    const p = new Program(CODE).op('MOV_RI', { a: EAX }, 3).op('MOV_RI', { a: ECX }, n).label('loop')
      .op('ADD_MR', { a: EAX, ...mem(null, V + 0xffe) }).op('DEC_R', { a: ECX }).op('JNE', {}, 'loop').op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    // Short slices: the tier compiles the loop between two run() calls.
    let slices = 0;
    while (m.run(20_000) !== 'halt') expect(++slices).toBeLessThan(1000);
    m.core.settle();
    expect(m.r32(PHYS + 0xffe)).toBe(3 * n); // the two pages are contiguous in RAM too
    const c = m.counters();
    expect(c.TLB_HITS).toBeLessThan(8 * n);
    return { lookups: c.TLB_HITS + c.TLB_MISSES, misses: c.TLB_MISSES, state: m.snapshot(), entered: Number(m.core.jitBlocksEntered()) };
  };
  for (const jit of [false, true]) {
    it(`look up four times each, with exact hit counts (${jit ? 'compiled tier' : 'interpreter'})`, async () => {
      const short = await lookups(jit, 10);
      const long = await lookups(jit, 5000);
      expect(long.misses).toBe(short.misses);
      expect(long.lookups - short.lookups).toBe(4 * (5000 - 10));
      if (jit) expect(long.entered).toBeGreaterThan(0); // the loop ran compiled (it loops inside its block)
      if (jit) expect(Buffer.from(long.state).equals(Buffer.from((await lookups(false, 5000)).state))).toBe(true);
    });
  }
});

describe('counters on a mixed sequence', () => {
  it('exceptions, soft ints, interrupts, cr3 writes and page faults are counted exactly', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.RW); // not present
    const p = new Program(CODE)
      .op('MOV_RI', { a: EAX }, DIR).op('MOV_CR', { a: EAX, i8: 3 }).op('MOV_CR', { a: EAX, i8: 3 })
      .op('INT', { i8: 0x40 });
    runProgram(m, p);
    expect(lastVector(m)).toBe(0x40);
    m.core.setReg(ESP, STACK);
    runProgram(m, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }));
    m.core.setReg(ESP, STACK);
    m.core.raiseIrq(1);
    runProgram(m, new Program(CODE).op('STI').op('NOP').op('HLT'));
    expect(lastVector(m)).toBe(33);
    expect(m.counters()).toMatchObject({
      CR3_WRITES: 2, TLB_FULL_FLUSHES: 2, SOFT_INTS: 1, EXCEPTIONS: 1, PAGE_FAULTS: 1, INTERRUPTS: 1,
    });
  });
});


