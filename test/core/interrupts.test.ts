// Interrupts and exceptions: IDT delivery, frames from ring 0 and ring 3,
// iret both ways, error codes, gate checks, #DF and shutdown, the int 0x80
// DPL check, #GP for privileged forms in ring 3, the timer, IRQ masking and
// priority, the sti shadow, and hlt.

import { describe, expect, it } from 'vitest';
import { EVENT } from '../../vm/isa/machine.js';
import { FORMS } from '../../vm/isa/isa.js';
import { EAX, EBX, ESP, FIX, PTE, PageTables, Program, TestMachine, encodeForm, installIdt, lastVector, mem } from './harness.js';
import type { IdtOptions } from './harness.js';

const CODE = 0x10000;
const USER = 0x40000; // paging off in most tests: ring 3 runs anywhere
const STACK = 0x30000;
const USTACK = 0x50000;
const IF = 0x200;

async function machine(opts: IdtOptions = {}): Promise<TestMachine> {
  const m = await TestMachine.create();
  installIdt(m, CODE, opts);
  m.core.setReg(ESP, STACK);
  return m;
}

function load(m: TestMachine, p: Program): void {
  m.writePhys(p.base, p.build());
  m.core.setEip(p.base);
}

function toUser(m: TestMachine, p: Program, eflags = 0x202): void {
  m.writePhys(p.base, p.build());
  m.core.setCpl(3);
  m.core.setEip(p.base);
  m.core.setEflags(eflags);
  m.core.setReg(ESP, USTACK);
}

describe('delivery', () => {
  it('int n from ring 0 pushes eflags, cs 0x08 and the next eip; an interrupt gate clears IF, a trap gate keeps it', async () => {
    const m = await machine({ trap: [0x41] });
    load(m, new Program(CODE).op('STI').op('INT', { i8: 0x40 }));
    expect(m.run(10_000)).toBe('halt'); // the stub's hlt with IF=0
    expect(lastVector(m)).toBe(0x40);
    expect([m.r32(STACK - 12), m.r32(STACK - 8), m.r32(STACK - 4)]).toEqual([CODE + 8, 0x08, 0x202]);
    expect(m.core.getEflags() & IF).toBe(0);

    m.core.setReg(ESP, STACK);
    const p = new Program(CODE).op('STI').op('INT', { i8: 0x41 });
    load(m, p);
    m.run(1); m.run(1);
    expect(m.eip).toBe(FIX.STUBS + 0x41 * 16);
    expect(m.core.getEflags() & IF).toBe(IF);
  });

  it('from ring 3: the ring-0 stack comes from the TSS; ss, esp, eflags, cs, eip are pushed; iret returns to ring 3', async () => {
    const handler = CODE + 0x100;
    const m = await machine({ dpl3: [0x80], handlers: { 0x80: handler } });
    m.writePhys(handler, new Program(handler).op('ADD_RI', { a: EAX }, 1).op('IRET').build());
    toUser(m, new Program(USER).op('MOV_RI', { a: EAX }, 10).op('INT', { i8: 0x80 }).op('MOV_RR', { a: EBX, b: EAX }).op('UD2'));
    m.core.setTrace(1);
    m.run(1); m.run(1);
    expect(m.core.getCpl()).toBe(0);
    expect(m.eip).toBe(handler);
    expect(m.reg(ESP)).toBe(FIX.KSTACK_TOP - 20);
    const frame = [0, 4, 8, 12, 16].map((o) => m.r32(FIX.KSTACK_TOP - 20 + o));
    expect(frame).toEqual([USER + 12, 0x1b, 0x202, USTACK, 0x23]);
    m.run(1); m.run(1); // add, iret
    expect(m.core.getCpl()).toBe(3);
    expect(m.eip).toBe(USER + 12);
    expect(m.reg(ESP)).toBe(USTACK);
    expect(m.core.getEflags() & IF).toBe(IF);
    m.run(1);
    expect(m.reg(EBX)).toBe(11);
    const ev = m.takeEvents();
    expect(ev.map((e) => e.kind)).toEqual([EVENT.INTERRUPT, EVENT.IRET]);
    expect([ev[0].a, ev[0].c]).toEqual([0x80, 3]);
    expect([ev[1].a, ev[1].b]).toEqual([3, USER + 12]);
    expect(m.counter('SOFT_INTS')).toBe(1);
  });

  it('int 0x80 from ring 3 through a DPL-0 gate raises #GP(vector*8+2) at the int', async () => {
    const m = await machine();
    toUser(m, new Program(USER).op('NOP').op('INT', { i8: 0x80 }));
    expect(m.run(10_000)).toBe('halt');
    expect(lastVector(m)).toBe(13);
    const f = FIX.KSTACK_TOP - 24;
    expect([m.r32(f), m.r32(f + 4), m.r32(f + 8)]).toEqual([0x80 * 8 + 2, USER + 4, 0x1b]);
  });

  it('privileged forms in ring 3 raise #GP(0); popf in ring 3 leaves IF', async () => {
    const m = await machine();
    const privileged = FORMS.filter((f) => f.privileged);
    expect(privileged.map((f) => f.name).sort()).toEqual(
      ['CLI', 'HLT', 'INVLPG', 'INVPCID', 'IN_RD', 'IN_RI', 'IRET', 'LIDT', 'LTR', 'MOV_CR', 'MOV_RC', 'OUT_DR', 'OUT_IR', 'STI'],
    );
    for (const f of privileged) {
      toUser(m, new Program(USER).raw(encodeForm(f.name, { ...(f.operands.includes('ma') ? mem(null, 0) : {}) })));
      m.w32(FIX.LAST_VECTOR, 0xffffffff);
      expect(m.run(10_000), f.name).toBe('halt');
      expect(lastVector(m), f.name).toBe(13);
      expect(m.r32(FIX.KSTACK_TOP - 24), f.name).toBe(0);
      expect(m.r32(FIX.KSTACK_TOP - 20), f.name).toBe(USER);
    }
    toUser(m, new Program(USER).op('PUSH_I', {}, 0).op('POPF').op('PUSHF').op('POP_R', { a: EAX }).op('UD2'), 0x202);
    m.run(10_000);
    expect(m.reg(EAX)).toBe(0x202);
  });

  it('error codes are pushed for #DF, #GP and #PF, not for #UD, #DE or IRQs', async () => {
    const m = await machine();
    load(m, new Program(CODE).op('UD2'));
    m.run(10_000);
    expect(lastVector(m)).toBe(6);
    expect(m.reg(ESP)).toBe(STACK - 12);
    m.core.setReg(ESP, STACK);
    m.core.setReg(EBX, 0);
    load(m, new Program(CODE).op('DIV_R', { a: EBX }));
    m.run(10_000);
    expect(lastVector(m)).toBe(0);
    expect(m.reg(ESP)).toBe(STACK - 12);
    m.core.setReg(ESP, STACK);
    m.core.setCpl(3);
    load(m, new Program(CODE).op('CLI'));
    m.core.setCpl(3);
    m.run(10_000);
    expect(lastVector(m)).toBe(13);
    expect(m.reg(ESP)).toBe(FIX.KSTACK_TOP - 24);
  });

  it('a vector beyond the IDT limit raises #GP(vector*8+2+EXT)', async () => {
    const m = await machine({ limit: 16 * 8 - 1 });
    load(m, new Program(CODE).op('INT', { i8: 0x20 }));
    m.run(10_000);
    expect(lastVector(m)).toBe(13);
    expect(m.r32(STACK - 16)).toBe(0x20 * 8 + 2);
    // A hardware IRQ (vector 32) beyond the limit: EXT = 1.
    m.core.setReg(ESP, STACK);
    m.core.raiseIrq(0);
    load(m, new Program(CODE).op('STI').op('NOP').op('NOP'));
    m.run(10_000);
    expect(lastVector(m)).toBe(13);
    expect(m.r32(STACK - 16)).toBe(32 * 8 + 3);
  });

  it('an exception whose gate is not present becomes #DF (error 0, eip of the fault)', async () => {
    const m = await machine({ absent: [6] });
    load(m, new Program(CODE).op('NOP').op('UD2'));
    m.run(10_000);
    expect(lastVector(m)).toBe(8);
    expect([m.r32(STACK - 16), m.r32(STACK - 12)]).toEqual([0, CODE + 4]);
    expect(m.counter('EXCEPTIONS')).toBe(2);
  });

  it('a fault while delivering #DF shuts the machine down (sticky until reset)', async () => {
    const m = await machine({ absent: [6, 8] });
    m.core.setTrace(1);
    load(m, new Program(CODE).op('UD2'));
    expect(m.run(10_000)).toBe('shutdown');
    expect(m.run(10_000)).toBe('shutdown');
    const ev = m.takeEvents();
    expect(ev.at(-1)!.kind).toBe(EVENT.SHUTDOWN);
    expect(ev.at(-1)!.a).toBe(8);
    m.core.resetCpu();
    load(m, new Program(0).op('HLT'));
    expect(m.run(10_000)).toBe('halt');
  });

  it('a page fault pushing the frame (unmapped kernel stack) ends in shutdown', async () => {
    const m = await machine();
    const pt = new PageTables(m, 0x100000, 0x101000);
    pt.identity(0, 0x40000, PTE.P | PTE.RW);
    m.core.setCr(3, 0x100000);
    m.core.setCr(0, 0x80000000);
    m.core.setReg(ESP, 0x800000); // not mapped
    load(m, new Program(CODE).op('UD2'));
    expect(m.run(10_000)).toBe('shutdown');
    expect(m.counter('PAGE_FAULTS')).toBeGreaterThanOrEqual(2);
  });

  it('iret to ring 0 pops eip, cs, eflags; a cs with RPL 1 or 2 raises #GP', async () => {
    const m = await machine();
    load(m, new Program(CODE)
      .op('PUSH_I', {}, 0x8c3).op('PUSH_I', {}, 0x08).op('PUSH_I', {}, CODE + 0x40).op('IRET')
      .org(CODE + 0x40).op('PUSHF').op('POP_R', { a: EAX })
      .op('PUSH_I', {}, 0x2).op('PUSH_I', {}, 0x09).op('PUSH_I', {}, CODE).op('IRET'));
    m.run(10_000);
    expect(m.reg(EAX)).toBe(0x8c3);
    expect(lastVector(m)).toBe(13);
    expect(m.r32(m.reg(ESP))).toBe(0x08);
  });
});

describe('interrupt controller and timer', () => {
  it('delivers the lowest unmasked line first, only with IF=1; masked lines wait', async () => {
    const m = await machine();
    m.core.raiseIrq(3);
    m.core.raiseIrq(1);
    load(m, new Program(CODE).op('MOV_RI', { a: EAX }, 0b10).op('OUT_IR', { a: EAX, i8: 0x21 }).op('NOP').op('STI').op('NOP').op('NOP'));
    m.run(10_000);
    expect(lastVector(m)).toBe(32 + 3);
    m.core.setReg(ESP, STACK);
    load(m, new Program(CODE).op('MOV_RI', { a: EAX }, 0).op('OUT_IR', { a: EAX, i8: 0x21 }).op('STI').op('NOP'));
    m.run(10_000);
    expect(lastVector(m)).toBe(32 + 1);
  });

  it('sti delays delivery by one instruction (the sti shadow)', async () => {
    const m = await machine();
    m.core.raiseIrq(1);
    load(m, new Program(CODE).op('STI').op('NOP').op('NOP'));
    m.run(1); m.run(1);
    expect(m.eip).toBe(CODE + 8);
    m.run(1);
    expect(m.eip).toBe(FIX.STUBS + 33 * 16);
    expect(m.r32(STACK - 12)).toBe(CODE + 8);
  });

  it('the timer preempts an endless ring-3 loop; deadlines advance by the period without drift', async () => {
    const handler = CODE + 0x200;
    const m = await machine({ handlers: { 32: handler } });
    m.writePhys(handler, new Program(handler).op('ADD_MI', mem(null, 0x600), 1).op('IRET').build());
    const period = 5000;
    load(m, new Program(CODE)
      .op('MOV_RI', { a: EAX }, period).op('OUT_IR', { a: EAX, i8: 0x40 })
      .op('PUSH_I', {}, 0x23).op('PUSH_I', {}, USTACK).op('PUSH_I', {}, 0x202).op('PUSH_I', {}, 0x1b).op('PUSH_I', {}, USER)
      .op('IRET'));
    m.writePhys(USER, new Program(USER).label('l').op('ADD_RI', { a: EBX }, 1).op('JMP', {}, 'l').build());
    m.run(2); // mov, out: the timer starts
    const start = m.core.getCycles();
    m.core.setTrace(1);
    m.run(100 * period + 10);
    const irqs = m.takeEvents().filter((e) => e.kind === EVENT.INTERRUPT && e.a === 32);
    expect(irqs.length).toBe(100);
    irqs.forEach((e, k) => {
      const deadline = start + (k + 1) * period;
      expect(e.cycles).toBeGreaterThanOrEqual(deadline);
      expect(e.cycles).toBeLessThan(deadline + 10);
      expect(e.c).toBe(3); // came from ring 3
    });
    m.run(1000); // lets the last handler run
    expect(m.r32(0x600)).toBe(100);
    expect(m.core.getCpl()).toBe(3);
  });

  it('the timer port reads back its period; 0 stops it', async () => {
    const m = await machine();
    load(m, new Program(CODE)
      .op('MOV_RI', { a: EAX }, 1234).op('OUT_IR', { a: EAX, i8: 0x40 }).op('IN_RI', { a: EBX, i8: 0x40 })
      .op('MOV_RI', { a: EAX }, 0).op('OUT_IR', { a: EAX, i8: 0x40 }).op('STI')
      .label('l').op('JMP', {}, 'l'));
    expect(m.run(100_000)).toBe('budget');
    expect(m.reg(EBX)).toBe(1234);
    expect(lastVector(m)).toBe(0xffffffff);
  });
});

describe('hlt', () => {
  it('with IF=0 stops with halt (EVENT_HLT a=0) and stays halted', async () => {
    const m = await machine();
    m.core.setTrace(1);
    load(m, new Program(CODE).op('HLT').op('NOP'));
    expect(m.run(1000)).toBe('halt');
    expect(m.run(1000)).toBe('halt');
    expect(m.eip).toBe(CODE + 4);
    const ev = m.takeEvents();
    expect(ev.map((e) => [e.kind, e.a])).toEqual([[EVENT.HLT, 0]]);
  });

  it('with IF=1 and nothing to wake it: idle; console input then wakes it with IRQ 33', async () => {
    const m = await machine();
    load(m, new Program(CODE).op('STI').op('HLT').op('NOP'));
    expect(m.run(100_000)).toBe('idle');
    const cycles = m.core.getCycles();
    expect(m.run(100_000)).toBe('idle');
    expect(m.core.getCycles()).toBe(cycles);
    expect(m.core.consoleInput(0x41)).toBe(0);
    m.run(1);
    expect(m.eip).toBe(FIX.STUBS + 33 * 16);
    expect(m.r32(STACK - 12)).toBe(CODE + 8); // returns after the hlt
  });

  it('with the timer running, idle cycles pass to the next deadline', async () => {
    const m = await machine();
    load(m, new Program(CODE).op('MOV_RI', { a: EAX }, 100_000).op('OUT_IR', { a: EAX, i8: 0x40 }).op('STI').op('HLT'));
    m.run(1); m.run(1); m.run(1);
    const start = m.core.getCycles();
    const instret = m.core.getInstret();
    expect(m.run(40_000)).toBe('budget'); // still halted at the budget's end
    expect(m.core.getInstret()).toBe(instret + 1);
    expect(m.run(1_000_000)).toBe('halt'); // the timer stub
    expect(lastVector(m)).toBe(32);
    expect(start).toBeGreaterThan(0);
  });

  it('with an IRQ already pending, hlt delivers it at once', async () => {
    const m = await machine();
    m.core.raiseIrq(1);
    load(m, new Program(CODE).op('CLI').op('STI').op('HLT').op('NOP'));
    expect(m.run(100_000)).toBe('halt');
    expect(lastVector(m)).toBe(33);
    expect(m.r32(STACK - 12)).toBe(CODE + 12);
  });
});


