// Regions (vm/host/jit/region.ts): the hot blocks of a page compiled into one
// function, control moving among them without leaving it. The same programs
// on two machines, one with the tier, one interpreting, must end in the same
// state byte for byte (as in jit.test.ts), and control must really have
// stayed inside: a region entry runs many blocks, so the core's entry count
// is a small fraction of the blocks run (a tier entering one block per entry
// fails these tests).
//
// The program: a loop on one page that calls a function from three places
// (one of them a function it calls itself), dispatches through a switch
// table (jmp [table + index * 4]) to four cases, one of which calls a
// function 44 KiB back (a direct call out of the region, far enough that
// the exit cannot pack its target as a page offset, and a return into it),
// and adds into data pages; at least ten blocks run per iteration (loop, f
// and its two halves, the switch, a case, join, g, the returns). A tier
// entering one block per entry entered 33,000 to 36,000 times in 3,000
// iterations (12,000 with the self-modifying loop); the tests ask for far
// fewer. Around it, the scenarios of
// jit-programs.ts: timer interrupts arriving while control moves between
// the blocks, data pages unmapped by the timer (page faults in the middle of
// a region, the switch table's page among them), the loop rewriting an
// immediate of the function (another block of the region's page), and the
// timer switching CR3 to other code at the same virtual address.

import { describe, expect, it } from 'vitest';
import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, Program, encodeForm, mem } from './harness.js';
import { L, Rng, Scenario, firstDifference, runScenario, scenarioMachine } from './jit-programs.js';

const BASE: Scenario = {
  paging: false, ring3: false, timer: 0, faults: false, selfModify: false, cr3: false, tlbEntries: 64, tlbWays: 4,
  iterations: 3000,
};

/** The switch table, in data page 7. */
const TABLE = 0x7f00;
/** A function the program writes below the fixtures' boot code and calls: 44 KiB back, another page. */
const FAR = 0x5000;
const WORK = [EAX, EBX, ECX, EDX];

/** An ALU instruction on the work registers (shape picks it, values its immediate). */
function alu(p: Program, shape: Rng, values: Rng): void {
  const r = (): number => WORK[shape() & 3];
  const rr = ['ADD_RR', 'SUB_RR', 'XOR_RR', 'AND_RR', 'OR_RR', 'IMUL_RR'];
  const ri = ['ADD_RI', 'SUB_RI', 'XOR_RI', 'OR_RI'];
  if (shape() & 1) p.op(rr[shape() % rr.length], { a: r(), b: r() });
  else p.op(ri[shape() % ri.length], { a: r() }, values() | 0);
}

/** The region program (see the header); `fImm` is where f's immediate is (known from a first build). */
function regionProgram(shape: Rng, values: Rng, s: Scenario, fImm = 0): Program {
  const p = new Program(L.CODE);
  p.op('MOV_RI', { a: ESI }, L.DATA).op('MOV_RI', { a: EBP }, s.iterations).op('MOV_RI', { a: EDI }, 0);
  for (const r of WORK) p.op('MOV_RI', { a: r }, values() | 0);
  for (let k = 0; k < 4; k++) p.op('MOV_MI', { z: 2, ...mem(ESI, TABLE + 4 * k) }, `case${k}`);
  const far = [...encodeForm('ADD_RI', { a: EAX }, values() | 0), ...encodeForm('RET')];
  for (let k = 0; k < far.length; k += 4) {
    p.op('MOV_MI', { z: 2, ...mem(ESI, FAR - L.DATA + k) }, far[k] | far[k + 1] << 8 | far[k + 2] << 16 | far[k + 3] << 24);
  }
  p.label('loop');
  alu(p, shape, values);
  p.op('CALL', {}, 'f');
  p.op('MOV_RR', { a: EDI, b: EBP }).op('AND_RI', { a: EDI }, 3);
  p.op('JMP_M', { z: 2, ...mem(ESI, TABLE, EDI, 2) });
  p.label('case0'); alu(p, shape, values); p.op('JMP', {}, 'join');
  p.label('case1'); alu(p, shape, values); p.op('CALL', {}, 'g'); p.op('JMP', {}, 'join');
  p.label('case2'); alu(p, shape, values); p.op('CALL', {}, FAR - (p.here + 8)); p.op('JMP', {}, 'join');
  p.label('case3'); p.op('CALL', {}, 'f');
  p.label('join');
  p.op('MOV_RR', { a: EDI, b: EAX }).op('AND_RI', { a: EDI }, 0x3ffc); // data pages 0-3: never the table
  p.op('ADD_MR', { a: ECX, z: 2, ...mem(ESI, 0, EDI) }).op('MOV_RM', { a: EBX, z: 2, ...mem(ESI, 0, EDI) });
  if (s.selfModify) {
    // Every 64th iteration: f's immediate = eax (f is another block of this page).
    p.op('MOV_RR', { a: EDI, b: EBP }).op('AND_RI', { a: EDI }, 63).op('JNE', {}, 'kept');
    p.op('MOV_MR', { a: EAX, z: 2, ...mem(null, fImm) });
    p.label('kept');
  }
  p.op('CALL', {}, 'g');
  p.op('DEC_R', { a: EBP }).op('JNE', {}, 'loop');
  p.op('XOR_RR', { a: EAX, b: EBX }).op('ADD_RR', { a: EAX, b: ECX }).op('XOR_RR', { a: EAX, b: EDX });
  p.op('INT', { i8: 0x80 }); // the exit call
  // f: a compare and a branch (two blocks), then ret.
  p.label('f');
  p.label('fImm');
  p.op('ADD_RI', { a: EDX }, values() | 0);
  p.op('CMP_RR', { a: EDX, b: EBX }).op('JL', {}, 'fLow');
  p.op('SUB_RR', { a: EDX, b: EBX });
  p.label('fLow');
  alu(p, shape, values);
  p.op('RET');
  // g: a load, a call of f, a push and a pop around it.
  p.label('g');
  p.op('PUSH_R', { a: ECX }).op('MOV_RM', { a: ECX, z: 2, ...mem(ESI, 0x10) });
  p.op('CALL', {}, 'f');
  p.op('ADD_RR', { a: EAX, b: ECX }).op('POP_R', { a: ECX });
  p.op('RET');
  return p;
}

/** regionProgram with f's immediate address filled in (the layout does not depend on it). */
function withSelfModify(shape: Rng, values: Rng, s: Scenario): Program {
  const [shapeSeed, valueSeed] = [shape(), values()];
  const replay = (seed: number): Rng => { let x = seed | 1; return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; }; };
  const first = regionProgram(replay(shapeSeed), replay(valueSeed), s);
  first.build();
  return regionProgram(replay(shapeSeed), replay(valueSeed), s, first.addr('fImm') + 4);
}

/** Runs scenario s with each seed on both tiers, checks the states are the same; returns region entries in total. */
async function differential(s: Scenario, seeds: number[]): Promise<number> {
  let entered = 0;
  for (const seed of seeds) {
    const jit = runScenario(await scenarioMachine(s, seed, true, undefined, withSelfModify), 7919);
    const interp = runScenario(await scenarioMachine(s, seed, false, undefined, withSelfModify), 100_003);
    expect(interp.stop, `seed ${seed}`).toBe('exit');
    expect({ seed, stop: jit.stop, cycles: jit.cycles, instret: jit.instret, eax: jit.eax, counters: jit.counters })
      .toEqual({ seed, stop: interp.stop, cycles: interp.cycles, instret: interp.instret, eax: interp.eax, counters: interp.counters });
    expect(firstDifference(jit.state, interp.state), `seed ${seed}: state`).toBe('none');
    expect(jit.entered).toBeGreaterThan(0);
    entered += jit.entered;
  }
  return entered;
}

const seeds = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => (from + i) * 0x9e3779b1 >>> 0);

describe('regions = interpreter, and control stays inside them', () => {
  it('calls, a switch table and a function called from three places, ring 0, paging off', async () => {
    const n = 6;
    const entered = await differential(BASE, seeds(n));
    // One region, left only for the far function every 4th iteration (two entries: there and back).
    expect(entered).toBeLessThan(n * BASE.iterations * 0.6);
  });

  it('timer interrupts arriving while control moves between the blocks, ring 3, paging, a small TLB', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 1499, tlbEntries: 8, tlbWays: 2 };
    const n = 6;
    const entered = await differential(s, seeds(n, 100));
    // Interrupts, and the small TLB's misses evicting the code page (the fetch window gone), leave regions.
    expect(entered).toBeLessThan(n * s.iterations);
    const out = runScenario(await scenarioMachine(s, seeds(1, 100)[0], true, undefined, withSelfModify), 7919);
    expect(out.ticks).toBeGreaterThan(100);
  });

  it('page faults in the middle of a region (the switch table\'s page too)', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 3001, faults: true };
    const n = 6;
    const entered = await differential(s, seeds(n, 200));
    expect(entered).toBeLessThan(n * s.iterations);
    const out = runScenario(await scenarioMachine(s, seeds(1, 200)[0], true, undefined, withSelfModify), 7919);
    expect(out.faults).toBeGreaterThan(50);
  });

  it('the loop rewriting an immediate of another block of its page', async () => {
    const n = 6;
    for (const s of [{ ...BASE, selfModify: true }, { ...BASE, selfModify: true, paging: true, ring3: true, timer: 2003 }]) {
      const entered = await differential(s, seeds(n, 300));
      expect(entered).toBeLessThan(n * s.iterations);
    }
  });

  it('CR3 writes that map other code at the same virtual address, mid-loop', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 997, cr3: true };
    const n = 6;
    const entered = await differential(s, seeds(n, 500));
    // Each switch runs the other page's code: its own regions, entered after every interrupt.
    expect(entered).toBeLessThan(n * s.iterations * 4);
  });
});
