// INVPCID and RDPMC, as on x86 (Haswell+ / P6+).
//
// invpcid r32, m: the type in the register (0 one address in one PCID, 1 one
// PCID, 2 all contexts with global entries, 3 all contexts but global ones),
// a 16-byte descriptor at m (PCID in bits 11:0 of the first dword, the
// address in the third). rdpmc: ecx = counter index, edx:eax = the counter,
// exact at that instruction; ring 3 only with CR4.PCE. Both levels of the TLB
// are flushed (the STLB side is in stlb.test.ts).

import { describe, expect, it } from 'vitest';
import { COUNTER, COUNTER_COUNT, EVENT, FLUSH_CAUSE } from '../../vm/isa/machine.js';
import { COSTS } from '../../vm/isa/isa.js';
import { EAX, EBX, ECX, EDX, ESI, PTE, Program, lastVector, mem } from './harness.js';
import {
  CODE, CR4_PCIDE, CR4_PGE, PHYS, STACK, V, counterDelta, entriesFor, paged, runProgram, runUser,
} from './paging-fixture.js';

const DESC = 0x21000; // in the identity-mapped kernel pages; TLB set 1, away from V's (set 0)
const CR4_PCE = 0x100;
const VPN = V >>> 12;

/** A machine with PCIDE and PGE: V and V+4K cached under PCIDs 1 and 2, the kernel pages global. */
async function contexts(opts: { stlbEntries?: number; stlbWays?: number } = {}) {
  const { m, pt } = await paged({ global: true, ...opts });
  m.core.setCr(4, CR4_PGE | CR4_PCIDE);
  pt.map(V, PHYS, PTE.P | PTE.RW | PTE.A | PTE.D);
  pt.map(V + 0x1000, PHYS + 0x1000, PTE.P | PTE.RW | PTE.A | PTE.D);
  const touch = new Program(CODE)
    .op('MOV_RM', { a: EAX, ...mem(null, V) })
    .op('MOV_RM', { a: EAX, ...mem(null, V + 0x1000) })
    .op('MOV_RM', { a: EAX, ...mem(null, DESC) })
    .op('HLT');
  for (const pcid of [2, 1]) {
    m.core.setCr(3, pt.dir | pcid);
    runProgram(m, touch);
  }
  m.core.resetCounters();
  return { m, pt };
}

function pcidsOf(m: Awaited<ReturnType<typeof contexts>>['m'], vpn: number): number[] {
  return entriesFor(m, vpn).map((e) => e.pcid).sort();
}

/** Runs `mov ebx, type; invpcid ebx, [DESC]; hlt` with the descriptor (pcid, address); returns the invpcid's cycles. */
function invpcid(m: Awaited<ReturnType<typeof contexts>>['m'], type: number, pcid: number, addr = 0, high = 0): number {
  m.w32(DESC, pcid);
  m.w32(DESC + 4, high);
  m.w32(DESC + 8, addr);
  m.w32(DESC + 12, high);
  const p = new Program(CODE).op('MOV_RI', { a: EBX }, type).op('INVPCID', { a: EBX, ...mem(null, DESC) }).op('HLT');
  m.writePhys(CODE, p.build());
  m.core.setEip(CODE);
  m.run(1);
  const c0 = m.core.getCycles();
  m.run(1);
  const cycles = m.core.getCycles() - c0;
  m.run(1);
  return cycles;
}

describe('invpcid', () => {
  it('type 0 drops one page of one PCID (not the current one here), counted and charged like invlpg', async () => {
    const { m } = await contexts();
    m.core.setTrace(1);
    m.takeEvents();
    let cycles = 0;
    const d = counterDelta(m, () => { cycles = invpcid(m, 0, 2, V + 0x123); });
    // The descriptor page hits (global); base + memAccess + invlpg.
    expect(cycles).toBe(COSTS.base + COSTS.memAccess + COSTS.invlpg);
    expect(d).toEqual({ TLB_HITS: 1, TLB_SINGLE_FLUSHES: 1 });
    expect(pcidsOf(m, VPN)).toEqual([1]);
    expect(pcidsOf(m, VPN + 1)).toEqual([1, 2]);
    const ev = m.takeEvents().filter((e) => e.kind === EVENT.TLB_FLUSH);
    expect(ev.map((e) => [e.a, e.b, e.c, e.d])).toEqual([[FLUSH_CAUSE.INVPCID, 1, V + 0x123, 2]]);
  });

  it('type 0 never drops a global entry', async () => {
    const { m } = await contexts();
    invpcid(m, 0, 1, DESC);
    expect(entriesFor(m, DESC >>> 12).length).toBe(1);
  });

  it('type 1 drops every non-global entry of one PCID, the current one too; costs a cr3 write', async () => {
    const { m } = await contexts();
    m.core.setTrace(1);
    m.takeEvents();
    let cycles = 0;
    const d = counterDelta(m, () => { cycles = invpcid(m, 1, 1); });
    expect(cycles).toBe(COSTS.base + COSTS.memAccess + COSTS.cr3Write);
    // The descriptor hits; the hlt after it looks its page up again (a full flush drops the fetch translation).
    expect(d).toEqual({ TLB_HITS: 2, TLB_FULL_FLUSHES: 1 });
    expect([pcidsOf(m, VPN), pcidsOf(m, VPN + 1)]).toEqual([[2], [2]]);
    expect(entriesFor(m, DESC >>> 12).length).toBe(1); // global
    const ev = m.takeEvents().filter((e) => e.kind === EVENT.TLB_FLUSH);
    expect(ev.map((e) => [e.a, e.b, e.c, e.d])).toEqual([[FLUSH_CAUSE.INVPCID, 2, 0, (1 << 12) | 1]]);
    // The current context misses on V now: the flat index was kept exact.
    const p = new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('HLT');
    expect(counterDelta(m, () => runProgram(m, p))).toEqual({ TLB_MISSES: 1, PAGE_WALKS: 1 });
  });

  it('type 2 drops everything, global entries too; type 3 everything but global entries', async () => {
    const a = (await contexts()).m;
    // The descriptor hits; then the hlt's fetch misses: the code page (global) is gone.
    expect(counterDelta(a, () => invpcid(a, 2, 0))).toEqual({ TLB_HITS: 1, TLB_MISSES: 1, PAGE_WALKS: 1, TLB_FULL_FLUSHES: 1 });
    const left = Array.from({ length: a.core.tlbSize() }, (_, i) => i).filter((i) => a.core.tlbFlags(i) !== 0);
    expect(left.map((i) => a.core.tlbVpn(i))).toEqual([CODE >>> 12]); // refilled by the hlt's fetch
    const b = (await contexts()).m;
    expect(counterDelta(b, () => invpcid(b, 3, 0))).toEqual({ TLB_HITS: 2, TLB_FULL_FLUSHES: 1 });
    expect([pcidsOf(b, VPN), pcidsOf(b, VPN + 1)]).toEqual([[], []]);
    expect(entriesFor(b, DESC >>> 12).length).toBe(1);
    expect(entriesFor(b, CODE >>> 12).length).toBe(1);
  });

  it('raises #GP(0) for a type above 3, reserved descriptor bits, or a PCID without CR4.PCIDE; nothing is flushed', async () => {
    for (const [type, pcid, cr4] of [[4, 0, -1], [0xffffffff, 0, -1], [0, 0x1001, -1], [1, 1, CR4_PGE], [0, 3, 0]]) {
      const { m } = await contexts();
      if (cr4 >= 0) m.core.setCr(4, cr4);
      const before = [pcidsOf(m, VPN), pcidsOf(m, VPN + 1)];
      m.core.resetCounters();
      invpcid(m, type, pcid);
      expect(lastVector(m), `type ${type} pcid ${pcid}`).toBe(13);
      expect([m.r32(STACK - 16), m.r32(STACK - 12)], 'error code, eip').toEqual([0, CODE + 8]);
      expect(m.counters().TLB_FULL_FLUSHES + m.counters().TLB_SINGLE_FLUSHES).toBe(0);
      if (cr4 < 0) expect([pcidsOf(m, VPN), pcidsOf(m, VPN + 1)]).toEqual(before);
    }
  });

  it('without CR4.PCIDE, type 1 with PCID 0 drops every non-global entry', async () => {
    const { m, pt } = await paged({ global: true });
    m.core.setCr(4, CR4_PGE);
    pt.map(V, PHYS, PTE.P | PTE.RW);
    runProgram(m, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, V) }).op('MOV_RM', { a: EAX, ...mem(null, DESC) }).op('HLT'));
    invpcid(m, 1, 0);
    expect(entriesFor(m, VPN)).toEqual([]);
    expect(entriesFor(m, DESC >>> 12).length).toBe(1);
  });

  it('raises #GP(0) in ring 3', async () => {
    const { m } = await paged();
    const f = runUser(m, new Program(0x800000).op('MOV_RI', { a: EBX }, 2).op('INVPCID', { a: EBX, ...mem(null, DESC) }));
    expect([f.vector, f.err, f.eip]).toEqual([13, 0, 0x800000 + 8]);
    expect(m.counters().TLB_FULL_FLUSHES).toBe(0);
  });
});

describe('rdpmc', () => {
  it('reads a counter exactly at the instruction in ring 0, fast-path hits included', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.A | PTE.D);
    const p = new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) }) // miss (the code page missed too)
      .op('MOV_RM', { a: EAX, ...mem(null, V) }) // three hits on the fast path
      .op('MOV_RM', { a: EAX, ...mem(null, V + 4) })
      .op('MOV_MR', { a: EAX, ...mem(null, V + 8) })
      .op('MOV_RI', { a: ECX }, COUNTER.TLB_HITS).op('RDPMC')
      .op('MOV_RR', { a: EBX, b: EAX }).op('MOV_RR', { a: ESI, b: EDX })
      .op('MOV_RI', { a: ECX }, COUNTER.TLB_MISSES).op('RDPMC')
      .op('MOV_RM', { a: ECX, ...mem(null, V) }) // one more hit after the reads
      .op('HLT');
    runProgram(m, p);
    expect([m.reg(EBX), m.reg(ESI), m.reg(EAX), m.reg(EDX)]).toEqual([3, 0, 2, 0]);
    expect([m.counter('TLB_HITS'), m.counter('TLB_MISSES')]).toEqual([4, 2]);
  });

  it('gives the same values single-stepped, and costs base cycles', async () => {
    const { m, pt } = await paged();
    pt.map(V, PHYS, PTE.P | PTE.RW | PTE.A | PTE.D);
    const p = new Program(CODE)
      .op('MOV_RM', { a: EAX, ...mem(null, V) }).op('MOV_RM', { a: EAX, ...mem(null, V) })
      .op('MOV_RI', { a: ECX }, COUNTER.PAGE_WALKS).op('RDPMC').op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    for (let i = 0; i < 3; i++) m.run(1);
    const c0 = m.core.getCycles();
    m.run(1);
    expect(m.core.getCycles() - c0).toBe(COSTS.base);
    expect([m.reg(EAX), m.reg(EDX)]).toEqual([2, 0]); // the code page's walk and V's
  });

  it('in ring 3 raises #GP(0) without CR4.PCE and reads the counter with it', async () => {
    const user = () => new Program(0x800000).op('MOV_RI', { a: ECX }, COUNTER.PAGE_WALKS).op('RDPMC').op('UD2');
    const a = (await paged()).m;
    const fa = runUser(a, user());
    expect([fa.vector, fa.err, fa.eip]).toEqual([13, 0, 0x800000 + 8]);
    const b = (await paged()).m;
    b.core.setCr(4, CR4_PCE);
    b.core.resetCounters();
    const fb = runUser(b, user());
    expect([fb.vector, fb.eip]).toEqual([6, 0x800000 + 12]); // ud2
    expect([b.reg(EAX), b.reg(EDX)]).toEqual([1, 0]); // the user code page's walk
  });

  it('raises #GP(0) for an index past the last counter; the last one reads', async () => {
    for (const index of [COUNTER_COUNT, 0xffffffff]) {
      const { m } = await paged();
      const p = new Program(CODE).op('MOV_RI', { a: EAX }, 0x1234).op('MOV_RI', { a: ECX }, index).op('RDPMC').op('HLT');
      m.writePhys(CODE, p.build());
      m.core.setEip(CODE);
      expect(m.run(100_000)).toBe('halt');
      expect(lastVector(m)).toBe(13);
      expect(m.reg(EAX)).toBe(0x1234);
    }
    const { m } = await paged();
    runProgram(m, new Program(CODE).op('MOV_RI', { a: EAX }, 0x1234).op('MOV_RI', { a: ECX }, COUNTER_COUNT - 1).op('RDPMC').op('HLT'));
    expect(m.reg(EAX)).toBe(0);
  });
});
