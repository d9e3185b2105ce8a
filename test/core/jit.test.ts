// The compiled tier against the interpreter: the same programs on two
// machines, one with hot blocks compiled to WebAssembly (vm/host/jit/), one
// interpreting everything, must end in the same state byte for byte — every
// register, flag, counter, cycle, TLB entry and LRU stamp, the event ring and
// RAM — with timer interrupts landing inside compiled loops, page faults in
// the middle of blocks, code that rewrites itself, CR3 switches to other code
// at the same address, and random bytes. Each test also checks that compiled
// blocks really ran (a tier that never compiled anything would pass the
// comparison trivially).

import { describe, expect, it } from 'vitest';
import { FORMS } from '../../vm/isa/isa.js';
import { Program, TestMachine, EAX, ECX } from './harness.js';
import { Scenario, firstDifference, runScenario, scenarioMachine } from './jit-programs.js';

const BASE: Scenario = {
  paging: false, ring3: false, timer: 0, faults: false, selfModify: false, cr3: false, tlbEntries: 64, tlbWays: 4,
  iterations: 300,
};

/** Runs scenario s with `seeds` programs on both tiers; returns the blocks entered in total. */
async function differential(s: Scenario, seeds: number[]): Promise<number> {
  let entered = 0;
  for (const seed of seeds) {
    const jit = runScenario(await scenarioMachine(s, seed, true), 7919);
    // The interpreter in other slices: when the tier compiles must not matter either.
    const interp = runScenario(await scenarioMachine(s, seed, false), 100_003);
    expect(interp.stop, `seed ${seed}`).toBe('exit');
    expect(interp.entered).toBe(0);
    expect({ seed, stop: jit.stop, cycles: jit.cycles, instret: jit.instret, eax: jit.eax, counters: jit.counters })
      .toEqual({ seed, stop: interp.stop, cycles: interp.cycles, instret: interp.instret, eax: interp.eax, counters: interp.counters });
    expect(firstDifference(jit.state, interp.state), `seed ${seed}: state`).toBe('none');
    entered += jit.entered;
  }
  return entered;
}

const seeds = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => (from + i) * 0x9e3779b1 >>> 0);

describe('compiled tier = interpreter', () => {
  it('ALU, memory and branch loops, ring 0, paging off', async () => {
    expect(await differential(BASE, seeds(25))).toBeGreaterThan(25 * 3);
    // The generator's divisions fault too (#DE inside compiled blocks, retried after the handler).
    let divideErrors = 0;
    for (const seed of seeds(25)) divideErrors += runScenario(await scenarioMachine(BASE, seed, true), 7919).divideErrors;
    expect(divideErrors).toBeGreaterThan(100);
  });

  it('ring 3 with paging, a small TLB (misses inside blocks) and timer interrupts landing in compiled loops', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 1499, tlbEntries: 8, tlbWays: 2 };
    expect(await differential(s, seeds(20, 100))).toBeGreaterThan(20 * 3);
    // The interrupts really came: the handler counted them.
    const out = runScenario(await scenarioMachine(s, seeds(1, 100)[0], true), 7919);
    expect(out.ticks).toBeGreaterThan(5);
    expect(out.counters.INTERRUPTS).toBe(out.ticks);
  });

  it('page faults in the middle of blocks (data pages unmapped by the timer, mapped by the #PF handler)', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 3001, faults: true, iterations: 600 };
    expect(await differential(s, seeds(15, 200))).toBeGreaterThan(15 * 3);
    const out = runScenario(await scenarioMachine(s, seeds(1, 200)[0], true), 7919);
    expect(out.faults).toBeGreaterThan(9);
    expect(out.counters.PAGE_FAULTS).toBe(out.faults);
  });

  it('code that rewrites an immediate of its own loop every iteration', async () => {
    expect(await differential({ ...BASE, selfModify: true }, seeds(10, 300))).toBeGreaterThan(10);
    expect(await differential({ ...BASE, selfModify: true, paging: true, ring3: true, timer: 2003 }, seeds(10, 400)))
      .toBeGreaterThan(10);
  });

  it('CR3 writes that map other code at the same virtual address, mid-loop', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 997, cr3: true, iterations: 400 };
    expect(await differential(s, seeds(15, 500))).toBeGreaterThan(15 * 3);
  });

  it('a code cache over its limit is dropped and filled again, with the interpreter\'s results', async () => {
    const s = { ...BASE, paging: true, ring3: true, timer: 2003, tlbEntries: 8, tlbWays: 2 };
    let drops = 0;
    for (const seed of seeds(6, 600)) {
      const m = await scenarioMachine(s, seed, true, 4096);
      const jit = runScenario(m, 7919);
      const interp = runScenario(await scenarioMachine(s, seed, false), 100_003);
      expect(firstDifference(jit.state, interp.state), `seed ${seed}`).toBe('none');
      const stats = m.tier!.statistics();
      expect(stats.codeBytesLimit).toBe(4096);
      expect(stats.errors).toBe(0);
      drops += stats.cacheDrops;
    }
    expect(drops).toBeGreaterThan(0);
  });

  it('a self-modifying loop computes what the interpreter computes, and the tier compiled it', async () => {
    // mov [imm], eax; add ebx, imm; inc eax; dec ecx; jnz — ebx = sum of eax's values
    // each round (0 + 1 + … + 99), which only holds if every rewrite is seen.
    const p = new Program(0x10000);
    p.op('MOV_RI', { a: ECX }, 100).op('MOV_RI', { a: EAX }, 0).op('MOV_RI', { a: 3 }, 0);
    p.label('loop');
    p.op('MOV_MR', { a: EAX, z: 2, b: 8, x: 8, disp: 0x10000 + 24 + 8 + 4 });
    p.op('ADD_RI', { a: 3 }, 12345);
    p.op('INC_R', { a: EAX }).op('DEC_R', { a: ECX }).op('JNE', {}, 'loop');
    p.op('OUT_IR', { a: 3, i8: 0xf4 });
    const m = await TestMachine.create({ jit: true });
    m.load(p);
    let stop = 'budget';
    for (let i = 0; i < 100 && stop === 'budget'; i++) stop = m.run(97);
    expect(stop).toBe('exit');
    expect(m.reg(3)).toBe(4950);
    expect(m.tier!.statistics().compiled).toBeGreaterThan(0);
  });

  it('the host rewriting code between runs (writePhys) is what runs next', async () => {
    const run = async (jit: boolean): Promise<number[]> => {
      const m = await TestMachine.create({ jit });
      const loop = (step: number): Program => {
        const p = new Program(0x10000);
        p.op('MOV_RI', { a: ECX }, 1_000_000).label('loop').op('ADD_RI', { a: EAX }, step).op('DEC_R', { a: ECX }).op('JNE', {}, 'loop');
        p.op('OUT_IR', { a: EAX, i8: 0xf4 });
        return p;
      };
      m.load(loop(1));
      for (let i = 0; i < 20; i++) m.run(10_000);
      const mid = m.reg(EAX);
      m.writePhys(0x10000 + 8, loop(1000).build().subarray(8, 16)); // the add's immediate, mid-loop
      for (let i = 0; i < 20; i++) m.run(10_000);
      return [mid, m.reg(EAX), m.core.getCycles(), m.core.jitBlocksEntered() > 0 ? 1 : 0];
    };
    const [jit, interp] = [await run(true), await run(false)];
    expect(jit.slice(0, 3)).toEqual(interp.slice(0, 3));
    expect(jit[3]).toBe(1);
    expect(jit[1] - jit[0]).toBeGreaterThan(1000 * 1000); // the new immediate was used
  });
});

describe('compiled tier: exits at the limits of their packed form (block.ts L_X)', () => {
  // A block of MAX_BLOCK instructions leaves with 64 pending (more than the packed
  // form holds: charged before the exit), and jumps of about ±10 KiB leave with a
  // next eip too far to pack (computed at the exit); a loop makes both hot.
  it('a 64-instruction block and jumps 10 KiB away end as the interpreter ends', async () => {
    const run = async (jit: boolean): Promise<{ regs: number[]; cycles: number; instret: number; snap: Uint8Array; entered: number }> => {
      const p = new Program(0x10000);
      p.op('MOV_RI', { a: ECX }, 500).op('MOV_RI', { a: EAX }, 0);
      p.label('loop');
      for (let k = 0; k < 70; k++) p.op(k % 3 === 0 ? 'ADD_RI' : k % 3 === 1 ? 'XOR_RI' : 'SUB_RI', { a: k % 2 === 0 ? EAX : 3 }, 0x1234567 * (k + 1));
      p.op('JMP', {}, 'far');
      p.org(0x10000 + 10 * 1024 + 0x20);
      p.label('far');
      p.op('INC_R', { a: EAX }).op('DEC_R', { a: ECX }).op('JNE', {}, 'loop');
      p.op('OUT_IR', { a: EAX, i8: 0xf4 });
      const m = await TestMachine.create({ jit });
      m.load(p);
      let stop = 'budget';
      for (let i = 0; i < 1000 && stop === 'budget'; i++) stop = m.run(997);
      expect(stop).toBe('exit');
      return { regs: m.regs(), cycles: m.core.getCycles(), instret: m.core.getInstret(), snap: m.snapshot(), entered: m.core.jitBlocksEntered() };
    };
    const [jit, interp] = [await run(true), await run(false)];
    expect({ regs: jit.regs, cycles: jit.cycles, instret: jit.instret }).toEqual({ regs: interp.regs, cycles: interp.cycles, instret: interp.instret });
    expect(firstDifference(jit.snap, interp.snap)).toBe('none');
    expect(jit.entered).toBeGreaterThan(500);
  });
});

describe('compiled tier under random bytes', () => {
  it('never traps or throws, and ends where the interpreter ends (ring 0/3, paging off/on)', async () => {
    let entered = 0;
    for (let n = 0; n < 48; n++) {
      const ring3 = (n & 1) === 1;
      const paging = (n & 2) === 2;
      const run = async (jit: boolean): Promise<{ state: Uint8Array; entered: number }> => {
        const m = await TestMachine.create({ ramBytes: 1 << 20, tlbEntries: 8, tlbWays: 2, jit });
        let x = (n + 1) * 0x2545f491;
        const rnd = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
        const bytes = new Uint8Array(1 << 20);
        const view = new DataView(bytes.buffer);
        for (let i = 0; i < bytes.length; i += 4) view.setUint32(i, rnd(), true);
        // Mostly defined opcodes with sane fields, and many short backward branches, so loops form and get hot.
        for (let i = 0; i < bytes.length; i += 4) {
          const k = rnd() % 8;
          if (k < 5) { bytes[i] = 1 + (rnd() % FORMS.length); bytes[i + 1] &= 0x77; bytes[i + 2] = (bytes[i + 2] & 0x07) | 0x80; }
          else if (k === 5 && i + 8 <= bytes.length) { bytes[i] = FORMS.find((f) => f.name === 'JNE')!.opcode; view.setInt32(i + 4, -((rnd() % 12) * 4 + 8), true); }
        }
        m.writePhys(0, bytes);
        if (paging) {
          m.core.setCr(3, (rnd() & 0xff000) >>> 0);
          m.core.setCr(0, 0x80000000 | (rnd() & 0x10000));
        }
        if (ring3) m.core.setCpl(3);
        m.core.setEip(rnd() & 0xffffc);
        m.core.setTrace(1);
        for (let i = 0; i < 30; i++) {
          m.core.consoleOutClear();
          const r = m.runCore(20_000);
          expect(r).toBeGreaterThanOrEqual(0);
          expect(r).toBeLessThanOrEqual(7);
          if (r === 1 || r === 2 || r === 5 || r === 6) {
            m.core.resetCpu();
            if (ring3) m.core.setCpl(3);
            m.core.setEip(rnd() & 0xffffc);
          }
        }
        m.core.settle();
        return { state: m.snapshot(), entered: m.core.jitBlocksEntered() };
      };
      const [jit, interp] = [await run(true), await run(false)];
      expect(firstDifference(jit.state, interp.state), `program ${n}`).toBe('none');
      entered += jit.entered;
    }
    expect(entered).toBeGreaterThan(100);
  });
});

