// The TLB against a reference model written the obvious way.
//
// vm/core/tlb.ts keeps its LRU model in a tuned form (stamps in a flat array
// the fast path writes, a branch-free victim search, the eviction folded into
// the fill). This file checks that the tuned form is still the model the
// README defines: sets of `ways` entries (set = vpn mod sets), a lookup hits
// an entry of its set holding the page, a miss fills the first invalid way or
// else the least recently used one, and every lookup (hit or fill) makes its
// entry the most recent. Instruction fetches look the code page up when
// execution enters it, and again after its entry was evicted.
//
// Random sequences of loads and stores over more pages than the TLB holds
// run on the machine (interpreter, and the compiled tier for a loop) and in
// the model; after each run the model's contents (vpn of each valid slot, in
// slot order), and the hit, miss, walk and eviction counters must be equal.

import { describe, expect, it } from 'vitest';
import { TLB_FLAG } from '../../vm/isa/machine.js';
import { EAX, ECX, PTE, Program, TestMachine, mem } from './harness.js';
import { CODE, PHYS, V, paged } from './paging-fixture.js';

/** The reference: LRU sets, one clock tick per lookup. */
class LruModel {
  readonly vpn: number[];
  readonly valid: boolean[];
  private readonly stamp: number[];
  private clock = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly entries: number, readonly ways: number) {
    this.vpn = new Array(entries).fill(0);
    this.valid = new Array(entries).fill(false);
    this.stamp = new Array(entries).fill(0);
  }

  /** Looks vpn up; returns the vpn of the entry a miss evicted, or -1. */
  lookup(vpn: number): number {
    const base = (vpn % (this.entries / this.ways)) * this.ways;
    this.clock++;
    for (let w = 0; w < this.ways; w++) {
      if (this.valid[base + w] && this.vpn[base + w] === vpn) {
        this.hits++;
        this.stamp[base + w] = this.clock;
        return -1;
      }
    }
    this.misses++;
    let slot = -1;
    for (let w = 0; w < this.ways && slot < 0; w++) if (!this.valid[base + w]) slot = base + w;
    let evicted = -1;
    if (slot < 0) {
      slot = base;
      for (let w = 1; w < this.ways; w++) if (this.stamp[base + w] < this.stamp[slot]) slot = base + w;
      evicted = this.vpn[slot];
      this.evictions++;
    }
    this.vpn[slot] = vpn;
    this.valid[slot] = true;
    this.stamp[slot] = this.clock;
    return evicted;
  }

  contents(): string[] {
    return this.vpn.map((v, i) => (this.valid[i] ? v.toString(16) : '-'));
  }
}

/** Deterministic xorshift32. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

interface Access {
  write: boolean;
  page: number;
}

function randomAccesses(n: number, pages: number, seed: number): Access[] {
  const r = rng(seed);
  // A few hot pages and a long tail, so that hits, misses and evictions all happen.
  return Array.from({ length: n }, () => ({
    write: r() < 0.4,
    page: r() < 0.5 ? Math.floor(r() * 3) : Math.floor(r() * pages),
  }));
}

const PAGES = 120;
const CODE_VPN = CODE >>> 12;

async function machine(entries: number, ways: number, jit: boolean) {
  const { m, pt } = await paged({ tlbEntries: entries, tlbWays: ways, jit });
  // Accessed and dirty already: a write is one lookup, as a read is.
  for (let i = 0; i < PAGES; i++) pt.map(V + i * 0x1000, PHYS + i * 0x1000, PTE.P | PTE.RW | PTE.A | PTE.D);
  return m;
}

function emit(p: Program, a: Access): void {
  const va = V + a.page * 0x1000 + 8 * (a.page % 16);
  p.op(a.write ? 'MOV_MR' : 'MOV_RM', { a: EAX, ...mem(null, va) });
}

/** The model's lookups for one instruction: the fetch (if the code page's entry is gone), then its data access. */
function step(model: LruModel, window: { valid: boolean }, page?: number): void {
  if (!window.valid) {
    model.lookup(CODE_VPN);
    window.valid = true;
  }
  if (page !== undefined && model.lookup(V / 0x1000 + page) === CODE_VPN) window.valid = false;
}

function machineContents(m: TestMachine): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.core.tlbSize(); i++) out.push(m.core.tlbFlags(i) & TLB_FLAG.VALID ? m.core.tlbVpn(i).toString(16) : '-');
  return out;
}

function expectSame(m: TestMachine, model: LruModel): void {
  expect(machineContents(m)).toEqual(model.contents());
  const c = m.counters();
  expect({ hits: c.TLB_HITS, misses: c.TLB_MISSES, walks: c.PAGE_WALKS, evictions: c.TLB_EVICTIONS })
    .toEqual({ hits: model.hits, misses: model.misses, walks: model.misses, evictions: model.evictions });
}

const SHAPES = [
  { entries: 8, ways: 2 },
  { entries: 16, ways: 4 },
  { entries: 8, ways: 8 },
  { entries: 4, ways: 1 },
  { entries: 64, ways: 4 },
];

describe('the LRU TLB is the reference model', () => {
  for (const { entries, ways } of SHAPES) {
    it(`${entries} entries, ${ways} ways: random loads and stores, straight-line (contents and counters)`, async () => {
      for (const seed of [1, 2, 3]) {
        const m = await machine(entries, ways, false);
        const accesses = randomAccesses(300, PAGES, seed * 7919 + entries);
        const p = new Program(CODE).op('NOP');
        for (const a of accesses) emit(p, a);
        p.op('HLT');
        m.writePhys(CODE, p.build());
        m.core.setEip(CODE);
        expect(m.run(1_000_000)).toBe('halt');

        const model = new LruModel(entries, ways);
        const window = { valid: false };
        step(model, window); // NOP
        for (const a of accesses) step(model, window, a.page);
        step(model, window); // HLT
        expectSame(m, model);
      }
    });
  }

  for (const jit of [false, true]) {
    it(`a loop over random accesses, ${jit ? 'compiled tier' : 'interpreter'}: contents and counters after every run`, async () => {
      const entries = 16, ways = 4, rounds = 60;
      const m = await machine(entries, ways, jit);
      const body = randomAccesses(40, PAGES, 4242);
      const p = new Program(CODE).op('NOP').op('MOV_RI', { a: ECX }, rounds).label('loop');
      for (const a of body) emit(p, a);
      p.op('DEC_R', { a: ECX }).op('JNE', {}, 'loop').op('HLT');
      m.writePhys(CODE, p.build());
      m.core.setEip(CODE);

      const model = new LruModel(entries, ways);
      const window = { valid: false };
      step(model, window); // NOP
      step(model, window); // mov ecx
      for (let r = 0; r < rounds; r++) {
        for (const a of body) step(model, window, a.page);
        step(model, window); // dec
        step(model, window); // jne
      }
      step(model, window); // hlt
      // Several run() calls, so the compiled tier compiles the loop between them and runs it.
      let stop = 'budget';
      for (let i = 0; i < 200 && stop === 'budget'; i++) stop = m.run(2_000);
      expect(stop).toBe('halt');
      expectSame(m, model);
      if (jit) expect(m.tier!.statistics().entered).toBeGreaterThan(0);
    });
  }
});
