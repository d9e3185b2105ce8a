// The machine as the host sees it: init validation, run/step/budget, devices
// (console, exit, trace, unknown ports), breakpoints, stop requests,
// determinism, snapshot/restore exactness, and robustness against random
// bytes (no WebAssembly trap, no host exception) in ring 0 and ring 3.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVENT, TLB_FLAG } from '../../vm/isa/machine.js';
import { FORMS } from '../../vm/isa/isa.js';
import { EAX, EBX, ECX, EDX, ESP, PTE, PageTables, Program, TestMachine, installIdt, instantiateCore, mem } from './harness.js';

const CODE = 0x10000;
const STACK = 0x30000;

describe('init', () => {
  it('rejects bad configurations and accepts good ones', async () => {
    const core = await instantiateCore();
    expect(core.init(0, 64, 4, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(4097, 64, 4, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init((1 << 30) + 4096, 64, 4, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(1 << 20, 48, 4, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(1 << 20, 8192, 4, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(1 << 20, 64, 3, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(1 << 20, 64, 128, 0, 1, 0, 0)).not.toBe(0);
    expect(core.init(1 << 20, 64, 4, 3, 1, 0, 0)).not.toBe(0);
    expect(core.init(32 << 20, 64, 4, 0, 1, 0, 0)).toBe(0);
    expect(core.ramSize()).toBe(32 << 20);
    expect(core.memoryEnd()).toBe(core.ramBase() + (32 << 20));
    expect(core.memory.buffer.byteLength).toBeGreaterThanOrEqual(core.memoryEnd());
    expect(core.init(1 << 20, 4096, 4096, 2, 0, 0, 0)).toBe(0);
    expect(core.tlbSize()).toBe(4096);
    expect(core.stlbSize()).toBe(0);
  });

  it('checks the second-level TLB: at most 4096 entries, entries = ways × a power of two', async () => {
    const core = await instantiateCore();
    expect(core.init(1 << 20, 64, 4, 0, 1, 4096 + 12, 12)).toBe(7);
    expect(core.init(1 << 20, 64, 4, 0, 1, 1536, 0)).toBe(8);
    expect(core.init(1 << 20, 64, 4, 0, 1, 1536, 8)).toBe(8); // 192 sets
    expect(core.init(1 << 20, 64, 4, 0, 1, 1000, 10)).toBe(8); // 100 sets
    expect(core.init(1 << 20, 64, 4, 0, 1, 12, 24)).toBe(8); // more ways than entries
    expect(core.init(1 << 20, 64, 4, 0, 1, 1536, 12)).toBe(0);
    expect(core.stlbSize()).toBe(1536);
    expect(core.init(1 << 20, 64, 4, 0, 1, 4096, 4096)).toBe(0);
    expect(core.stlbSize()).toBe(4096);
    expect(core.init(1 << 20, 64, 4, 0, 1, 0, 7)).toBe(0); // no STLB: ways ignored
    expect(core.stlbSize()).toBe(0);
  });

  it('starts reset: eip 0, ring 0, paging off, IF=0, eflags bit 1, zeroed RAM and registers', async () => {
    const m = await TestMachine.create();
    expect([m.eip, m.core.getCpl(), m.core.getCr(0), m.core.getEflags()]).toEqual([0, 0, 0, 2]);
    expect(m.regs()).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.r32(0x1000)).toBe(0);
    expect(m.core.getCost(0)).toBe(1);
  });
});

describe('running', () => {
  it('run(1) steps one instruction; the budget stops a loop; instret and cycles count', async () => {
    const m = await TestMachine.create();
    m.load(new Program(CODE).label('l').op('ADD_RI', { a: EAX }, 1).op('JMP', {}, 'l'));
    expect(m.run(1)).toBe('budget');
    expect(m.reg(EAX)).toBe(1);
    expect(m.core.getInstret()).toBe(1);
    expect(m.run(1)).toBe('budget');
    expect(m.eip).toBe(CODE);
    expect(m.run(3000)).toBe('budget');
    expect(m.core.getCycles()).toBeGreaterThanOrEqual(3003);
    expect(m.core.getCycles()).toBeLessThan(3003 + 3);
  });

  it('requestStop stops the next run at its first event check', async () => {
    const m = await TestMachine.create();
    m.load(new Program(CODE).label('l').op('JMP', {}, 'l'));
    m.core.requestStop();
    expect(m.run(1000)).toBe('stop-request');
    expect(m.core.getInstret()).toBe(0);
    expect(m.run(1000)).toBe('budget');
  });

  it('resetCpu resets registers and control state but keeps RAM', async () => {
    const m = await TestMachine.create();
    m.w32(0x100, 0xdead);
    m.core.setReg(EBX, 5);
    m.core.setEip(0x1234);
    m.core.setCpl(3);
    m.core.setEflags(0xfff);
    m.core.resetCpu();
    expect([m.reg(EBX), m.eip, m.core.getCpl(), m.core.getEflags()]).toEqual([0, 0, 0, 2]);
    expect(m.r32(0x100)).toBe(0xdead);
  });
});

describe('devices', () => {
  it('console output goes to the buffer; a full buffer stops before the out and resumes after draining', async () => {
    const m = await TestMachine.create();
    m.load(new Program(CODE)
      .op('MOV_RI', { a: EAX }, 0x41).op('MOV_RI', { a: ECX }, 70000)
      .label('l').op('OUT_IR', { a: EAX, i8: 0xe9 }).op('DEC_R', { a: ECX }).op('JNE', {}, 'l')
      .op('MOV_RI', { a: EAX }, 0x1ff).op('OUT_IR', { a: EAX, i8: 0xf4 }));
    expect(m.runToStop(100_000_000)).toBe('output-full');
    expect(m.core.consoleOutLen()).toBe(65536);
    expect(m.output()[0]).toBe('A');
    m.core.consoleOutClear();
    expect(m.runToStop(100_000_000)).toBe('exit');
    expect(m.core.consoleOutLen()).toBe(70000 - 65536);
    expect(m.core.exitStatus()).toBe(0xff);
    expect(m.run(1000)).toBe('exit'); // sticky
  });

  it('console input: status counts bytes, data returns them in order then 0xFFFFFFFF; each byte raises IRQ 33', async () => {
    const m = await TestMachine.create();
    for (const b of [0x61, 0x62]) expect(m.core.consoleInput(b)).toBe(0);
    m.load(new Program(CODE)
      .op('IN_RI', { a: EAX, i8: 0xe1 }).op('IN_RI', { a: EBX, i8: 0xe0 }).op('IN_RI', { a: ECX, i8: 0xe0 })
      .op('MOV_RI', { a: EDX }, 0xe0).op('IN_RD', { a: EDX })
      .op('IN_RI', { a: ESP, i8: 0x77 }) // unknown port
      .op('HLT'));
    expect(m.run(10_000)).toBe('halt');
    expect([m.reg(EAX), m.reg(EBX), m.reg(ECX), m.reg(EDX), m.reg(ESP)]).toEqual([2, 0x61, 0x62, 0xffffffff, 0xffffffff]);
    let full = 0;
    for (let i = 0; i < 5000; i++) full += m.core.consoleInput(1);
    expect(full).toBe(5000 - 4096);
  });

  it('the trace port records EVENT_KERNEL (value, ebx, ecx, edx) only while tracing is on', async () => {
    const m = await TestMachine.create();
    m.load(new Program(CODE)
      .op('MOV_RI', { a: EAX }, 7).op('MOV_RI', { a: EBX }, 1).op('MOV_RI', { a: ECX }, 2).op('MOV_RI', { a: EDX }, 3)
      .op('OUT_IR', { a: EAX, i8: 0xf0 }).op('HLT'));
    m.run(10_000);
    expect(m.core.eventCount()).toBe(0);
    m.core.setTrace(1);
    m.load(new Program(CODE).op('OUT_IR', { a: EAX, i8: 0xf0 }).op('MOV_RI', { a: EAX }, 3).op('OUT_IR', { a: EAX, i8: 0xf4 }));
    expect(m.run(10_000)).toBe('exit');
    const ev = m.takeEvents();
    expect(ev.map((e) => [e.kind, e.eip, e.a, e.b, e.c, e.d])).toEqual([
      [EVENT.KERNEL, CODE, 7, 1, 2, 3], [EVENT.EXIT, CODE + 12, 3, 0, 0, 0],
    ]);
  });
});

describe('breakpoints', () => {
  it('stop before the instruction; run() resumes from a breakpoint it starts at; remove works', async () => {
    const m = await TestMachine.create();
    m.load(new Program(CODE)
      .op('MOV_RI', { a: ECX }, 3)
      .label('l').op('ADD_RI', { a: EAX }, 1).op('DEC_R', { a: ECX }).op('JNE', {}, 'l').op('HLT'));
    expect(m.core.addBreakpoint(CODE + 8)).toBe(0);
    expect(m.run(1000)).toBe('breakpoint');
    expect([m.eip, m.reg(EAX)]).toEqual([CODE + 8, 0]);
    expect(m.run(1000)).toBe('breakpoint');
    expect([m.eip, m.reg(EAX)]).toEqual([CODE + 8, 1]);
    expect(m.core.removeBreakpoint(CODE + 8)).toBe(0);
    expect(m.core.removeBreakpoint(CODE + 8)).toBe(1);
    expect(m.run(1000)).toBe('halt');
    expect(m.reg(EAX)).toBe(3);
  });

  it('work with paging on and cost no TLB lookups of their own', async () => {
    const m = await TestMachine.create();
    const pt = new PageTables(m, 0x100000, 0x101000);
    pt.identity(0, 0x40000, PTE.P | PTE.RW);
    m.core.setCr(3, 0x100000);
    m.core.setCr(0, 0x80000000);
    const p = new Program(CODE).label('l').op('ADD_RI', { a: EAX }, 1).op('JMP', {}, 'l');
    m.load(p);
    m.run(100);
    const hits = m.counter('TLB_HITS') + m.counter('TLB_MISSES');
    m.core.addBreakpoint(CODE + 8);
    expect(m.run(1000)).toBe('breakpoint');
    expect(m.eip).toBe(CODE + 8);
    expect(m.counter('TLB_HITS') + m.counter('TLB_MISSES')).toBe(hits);
    m.core.clearBreakpoints();
    expect(m.run(1000)).toBe('budget');
  });

  it('allows 64', async () => {
    const m = await TestMachine.create();
    for (let i = 0; i < 64; i++) expect(m.core.addBreakpoint(0x1000 + i)).toBe(0);
    expect(m.core.addBreakpoint(0x2000)).toBe(1);
  });
});

/** The hardware the workload runs on: the RANDOM-policy TLB alone, and with a second-level TLB behind it. */
const WORKLOAD_HARDWARE = {
  'TLB': {},
  'TLB + STLB': { stlbEntries: 32, stlbWays: 4 },
} as const;

/** A ring-3 workload with paging, a timer, syscalls and output: used for determinism and snapshots. */
async function workload(hardware: { stlbEntries?: number; stlbWays?: number } = {}): Promise<TestMachine> {
  const m = await TestMachine.create({ tlbEntries: 16, tlbWays: 2, tlbPolicy: 2, seed: 7, ...hardware });
  const handler = CODE + 0x400;
  installIdt(m, CODE, { dpl3: [0x80], handlers: { 32: handler, 0x80: handler + 0x40 } });
  const pt = new PageTables(m, 0x100000, 0x101000);
  pt.identity(0, 0x40000, PTE.P | PTE.RW);
  for (let i = 0; i < 40; i++) pt.map(0x400000 + i * 0x1000, 0x200000 + i * 0x1000, PTE.P | PTE.RW | PTE.US);
  pt.map(0x800000, 0x60000, PTE.P | PTE.US);
  m.writePhys(handler, new Program(handler)
    .op('PUSH_R', { a: EAX }).op('MOV_RI', { a: EAX }, 0x2e).op('OUT_IR', { a: EAX, i8: 0xe9 }).op('POP_R', { a: EAX }).op('IRET')
    .org(handler + 0x40).op('OUT_IR', { a: EAX, i8: 0xe9 }).op('IRET').build());
  m.writePhys(0x60000, new Program(0x800000)
    .label('top').op('MOV_RI', { a: ECX }, 0)
    .label('l').op('MOV_RR', { a: EBX, b: ECX }).op('SHL_RI', { a: EBX, i8: 12 })
    .op('ADD_MR', { a: ECX, ...mem(EBX, 0x400000) })
    .op('IMUL_RRI', { a: EDX, b: ECX }, 7).op('ADD_RR', { a: EAX, b: EDX })
    .op('INC_R', { a: ECX }).op('CMP_RI', { a: ECX }, 40).op('JNE', {}, 'l')
    .op('MOV_RI', { a: EAX }, 0x30).op('INT', { i8: 0x80 })
    .op('JMP', {}, 'top').build());
  m.writePhys(CODE, new Program(CODE)
    .op('MOV_RI', { a: EAX }, 0x100000).op('MOV_CR', { a: EAX, i8: 3 })
    .op('MOV_RI', { a: EAX }, 0x80000000).op('MOV_CR', { a: EAX, i8: 0 })
    .op('MOV_RI', { a: EAX }, 3000).op('OUT_IR', { a: EAX, i8: 0x40 })
    .op('MOV_RI', { a: ESP }, STACK)
    .op('PUSH_I', {}, 0x23).op('PUSH_I', {}, 0x801000).op('PUSH_I', {}, 0x202).op('PUSH_I', {}, 0x1b).op('PUSH_I', {}, 0x800000)
    .op('IRET').build());
  m.core.setEip(CODE);
  m.core.setTrace(1);
  return m;
}

function fingerprint(m: TestMachine) {
  return {
    regs: m.regs(), eip: m.eip, eflags: m.core.getEflags(), cycles: m.core.getCycles(), instret: m.core.getInstret(),
    counters: m.counters(), output: m.output(), events: m.core.eventCount(),
    tlb: Array.from({ length: m.core.tlbSize() }, (_, i) => [m.core.tlbVpn(i), m.core.tlbFlags(i) & TLB_FLAG.VALID]),
    stlb: Array.from({ length: m.core.stlbSize() }, (_, i) => [m.core.stlbVpn(i), m.core.stlbPcid(i), m.core.stlbFlags(i)]),
  };
}

for (const [hardwareName, hardware] of Object.entries(WORKLOAD_HARDWARE)) describe(`determinism and snapshots (${hardwareName})`, () => {
  const withStlb = 'stlbEntries' in hardware;

  it('the same program twice gives the same cycles, counters, TLB and output', async () => {
    const a = await workload(hardware);
    const b = await workload(hardware);
    for (let i = 0; i < 20; i++) { a.run(50_000); b.run(50_000); }
    const fa = fingerprint(a);
    expect(fingerprint(b)).toEqual(fa);
    expect(fa.counters.INTERRUPTS).toBeGreaterThan(100);
    expect(fa.counters.SOFT_INTS).toBeGreaterThan(10);
    expect(fa.counters.TLB_EVICTIONS).toBeGreaterThan(100);
    expect(fa.output).toContain('0');
    if (withStlb) {
      expect(fa.counters.STLB_HITS).toBeGreaterThan(100);
      expect(fa.counters.STLB_MISSES).toBeGreaterThan(10);
      expect(fa.counters.STLB_HITS + fa.counters.STLB_MISSES).toBe(fa.counters.TLB_MISSES);
      expect(fa.stlb.filter(([, , flags]) => flags & TLB_FLAG.VALID).length).toBeGreaterThan(20);
    } else {
      expect([fa.counters.STLB_HITS, fa.counters.STLB_MISSES]).toEqual([0, 0]);
    }
  });

  it('slicing does not change what happens: the event logs agree', async () => {
    const a = await workload(hardware);
    for (const s of [1, 7, 333, 12_345, 99_999, 1, 250_000, 3, 400_000]) a.run(s);
    const b = await workload(hardware);
    b.run(1_000_000);
    const until = Math.min(a.core.getCycles(), b.core.getCycles());
    const log = (m: TestMachine) => m.takeEvents().filter((e) => e.cycles < until - 1000);
    const la = log(a), lb = log(b);
    expect(la.length).toBeGreaterThan(200);
    expect(la).toEqual(lb);
  });

  it('slicing does not change the end state: cycles, counters and both TLB levels agree', async () => {
    const a = await workload(hardware);
    while (a.core.getCycles() < 1_000_000) a.run(1 + (a.core.getCycles() % 9_973));
    const b = await workload(hardware);
    while (b.core.getCycles() < a.core.getCycles()) b.run(a.core.getCycles() - b.core.getCycles());
    expect(fingerprint(b)).toEqual(fingerprint(a));
  });

  it('restore after a snapshot reproduces the run exactly', async () => {
    const m = await workload(hardware);
    m.run(300_000);
    const snap = m.snapshot();
    m.run(400_000);
    const first = fingerprint(m);
    m.restore(snap);
    m.run(400_000);
    expect(fingerprint(m)).toEqual(first);
  });
});

const FIX_ENTRY = 0x8000;

describe('random bytes', () => {
  function randomMachineRun(seed: number, ring3: boolean, paging: boolean, stlb = false): Promise<void> {
    return (async () => {
      const m = await TestMachine.create({ ramBytes: 1 << 20, tlbEntries: 8, tlbWays: 2, ...(stlb ? { stlbEntries: 24, stlbWays: 3 } : {}) });
      let x = seed | 1;
      const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
      const bytes = new Uint8Array(1 << 20);
      for (let i = 0; i < bytes.length; i += 4) new DataView(bytes.buffer).setUint32(i, rnd(), true);
      // Bias the opcodes towards defined ones so more of the core is exercised.
      for (let i = 0; i < bytes.length; i += 4) if (rnd() & 1) bytes[i] = 1 + (rnd() % FORMS.length);
      m.writePhys(0, bytes);
      if (paging) {
        m.core.setCr(3, (rnd() & 0xff000) >>> 0);
        m.core.setCr(0, 0x80000000 | (rnd() & 0x10000));
        m.core.setCr(4, rnd() & 0x20080);
      }
      if (ring3) m.core.setCpl(3);
      m.core.setEip(rnd() & 0xfffff);
      m.core.setTrace(1);
      for (let i = 0; i < 20; i++) {
        m.core.consoleOutClear();
        const r = m.core.run(20_000);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(7);
        if (r === 1 || r === 2 || r === 5 || r === 6) {
          m.core.resetCpu();
          if (ring3) m.core.setCpl(3);
          m.core.setEip(rnd() & 0xfffff);
        }
      }
    })();
  }

  async function shortRandomPrograms(hardware: { stlbEntries?: number; stlbWays?: number }): Promise<void> {
    let x = 0x2545f491;
    const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
    const machines = await Promise.all([0, 1, 2, 3].map(() => TestMachine.create({ ramBytes: 1 << 20, tlbEntries: 16, tlbWays: 4, ...hardware })));
    for (let n = 0; n < 3000; n++) {
      const m = machines[n & 3];
      const ring3 = (n & 1) === 1;
      const paging = (n & 2) === 2;
      m.core.resetCpu();
      // Half of them with an IDT, so faults are delivered and execution goes on in the handlers.
      if ((n & 4) === 0) installIdt(m, FIX_ENTRY, { dpl3: [0x80] });
      // A random page directory and tables somewhere in RAM (whatever the bytes say), random program bytes.
      const bytes = new Uint8Array(256);
      for (let i = 0; i < bytes.length; i += 4) new DataView(bytes.buffer).setUint32(i, rnd(), true);
      for (let i = 0; i < bytes.length; i += 4) if (rnd() & 1) bytes[i] = 1 + (rnd() % FORMS.length);
      const at = (rnd() & 0xfff00) >>> 0;
      m.writePhys(at, bytes);
      for (let r = 0; r < 8; r++) m.core.setReg(r, r === 4 ? (rnd() & 0xffffc) >>> 0 : rnd());
      if (paging) {
        m.core.setCr(3, (rnd() & 0xff000) >>> 0);
        m.core.setCr(4, rnd() & 0x20080);
        m.core.setCr(0, 0x80000000 | (rnd() & 0x10000));
      }
      if (ring3) m.core.setCpl(3);
      m.core.setEip(at + (rnd() & 0xfc));
      for (let slice = 0; slice < 4; slice++) {
        const r = m.core.run(500);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(7);
        m.core.consoleOutClear();
      }
    }
  }

  it('3000 short random programs: no trap, no exception, in ring 0 and 3, paging off and on', async () => {
    await shortRandomPrograms({});
  });

  it('3000 short random programs with a second-level TLB', async () => {
    await shortRandomPrograms({ stlbEntries: 64, stlbWays: 4 });
  });

  it('never trap the core or throw, in ring 0 and ring 3, paging off and on (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), fc.boolean(), fc.boolean(), (seed, ring3, paging) =>
        randomMachineRun(seed, ring3, paging)),
      { numRuns: 40, seed: 4242 },
    );
  });

  it('never trap the core or throw with a second-level TLB (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 0x7fffffff }), fc.boolean(), fc.boolean(), (seed, ring3, paging) =>
        randomMachineRun(seed, ring3, paging, true)),
      { numRuns: 20, seed: 4343 },
    );
  });
});

describe('branch fusion (cmp/dec + jcc in one trip of the fast loop)', () => {
  /**
   * A ring-0 program whose loops end in dec/jnz and cmp/jcc pairs, with a timer
   * whose odd period makes interrupts land between the two halves of a pair.
   * The timer handler records the eip it interrupted, so an interrupt taken one
   * instruction late changes the output.
   */
  async function pairs(period: number): Promise<TestMachine> {
    const m = await TestMachine.create();
    const handler = CODE + 0x800;
    installIdt(m, CODE, { handlers: { 32: handler } });
    m.writePhys(handler, new Program(handler)
      .op('PUSH_R', { a: EAX }).op('MOV_RM', { a: EAX, ...mem(ESP, 4) }).op('OUT_IR', { a: EAX, i8: 0xe9 })
      .op('POP_R', { a: EAX }).op('IRET').build());
    m.load(new Program(CODE)
      .op('MOV_RI', { a: ESP }, STACK).op('MOV_RI', { a: EAX }, period).op('OUT_IR', { a: EAX, i8: 0x40 }).op('STI')
      .op('MOV_RI', { a: EBX }, 0).op('MOV_RI', { a: ECX }, 300)
      .label('outer').op('MOV_RI', { a: EDX }, 0)
      .label('inner').op('ADD_RR', { a: EBX, b: EDX }).op('INC_R', { a: EDX })
      .op('CMP_RI', { a: EDX }, 17).op('JL', {}, 'inner')
      .op('CMP_RR', { a: EBX, b: ECX }).op('JB', {}, 'skip').op('SUB_RR', { a: EBX, b: ECX })
      .label('skip').op('DEC_R', { a: ECX }).op('JNE', {}, 'outer')
      .op('MOV_RR', { a: EAX, b: EBX }).op('OUT_IR', { a: EAX, i8: 0xf4 }));
    return m;
  }

  it.each([1001, 997, 409, 263])('the fast loop and the one-instruction path agree (timer every %i cycles)', async (period) => {
    const fast = await pairs(period);
    expect(fast.run(5_000_000)).toBe('exit');
    // A breakpoint in the code page (at an address never reached) empties the
    // fetch window, so every instruction there runs through the one-instruction
    // slow path, which never fuses: an independent oracle.
    const slow = await pairs(period);
    expect(slow.core.addBreakpoint(CODE + 0x7f0)).toBe(0);
    expect(slow.run(5_000_000)).toBe('exit');
    expect(fingerprint(fast)).toEqual(fingerprint(slow));
    // Interrupts did land between the halves of a pair (the handler printed a jcc's address).
    const jccs = [0x40, 0x4c, 0x5c];
    expect([...slow.output()].some((c) => jccs.includes(c.charCodeAt(0)))).toBe(true);
  });
});
