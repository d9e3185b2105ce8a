// Every non-ALU instruction form: data movement, sized memory access, stack,
// control flow, flags instructions, rdtsc, and #UD for malformed encodings.

import { beforeEach, describe, expect, it } from 'vitest';
import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP, FIX, Program, TestMachine, encodeForm, installIdt, mem } from './harness.js';
import { FORMS } from '../../vm/isa/isa.js';

const CODE = 0x10000;
const DATA = 0x20000;
const STACK = 0x30000;

let m: TestMachine;

beforeEach(async () => {
  m = await TestMachine.create();
  installIdt(m, CODE);
  m.core.setReg(ESP, STACK);
});

/** Loads p at CODE and runs n instructions one by one. */
function steps(p: Program, n: number): void {
  m.writePhys(CODE, p.build());
  m.core.setEip(CODE);
  for (let i = 0; i < n; i++) m.run(1);
}

/** The vector being handled, if execution is at a fixture stub. */
function stubVector(): number | undefined {
  const eip = m.eip;
  return eip >= FIX.STUBS && eip < FIX.STUBS + 0x1000 ? (eip - FIX.STUBS) >> 4 : undefined;
}

describe('data movement', () => {
  it('mov r,r / r,i / r,m / m,r / m,i and lea', () => {
    const p = new Program(CODE)
      .op('MOV_RI', { a: EAX }, 0x11223344)
      .op('MOV_RR', { a: EBX, b: EAX })
      .op('MOV_MR', { a: EBX, ...mem(null, DATA) })
      .op('MOV_RM', { a: ECX, ...mem(null, DATA) })
      .op('MOV_MI', mem(null, DATA + 4), 0xcafebabe)
      .op('MOV_RI', { a: ESI }, DATA)
      .op('MOV_RI', { a: EDI }, 3)
      .op('LEA', { a: EDX, ...mem(ESI, 0x10, EDI, 3) });
    steps(p, 8);
    expect(m.reg(EBX)).toBe(0x11223344);
    expect(m.reg(ECX)).toBe(0x11223344);
    expect(m.r32(DATA + 4)).toBe(0xcafebabe);
    expect(m.reg(EDX)).toBe(DATA + 0x10 + 3 * 8);
  });

  it('byte and word stores write only their bytes; movzx / movsx widen', () => {
    m.w32(DATA, 0xffffffff);
    m.w32(DATA + 4, 0xffffffff);
    const p = new Program(CODE)
      .op('MOV_RI', { a: EAX }, 0x12345680)
      .op('MOV_MR', { a: EAX, z: 0, ...mem(null, DATA) })
      .op('MOV_MR', { a: EAX, z: 1, ...mem(null, DATA + 4) })
      .op('MOV_MI', { z: 0, ...mem(null, DATA + 1) }, 0x1ff)
      .op('MOVZX_RM', { a: EBX, z: 0, ...mem(null, DATA) })
      .op('MOVSX_RM', { a: ECX, z: 0, ...mem(null, DATA) })
      .op('MOVZX_RM', { a: EDX, z: 1, ...mem(null, DATA + 4) })
      .op('MOVSX_RM', { a: ESI, z: 1, ...mem(null, DATA + 4) });
    steps(p, 8);
    expect(m.r32(DATA)).toBe(0xffffff80);
    expect(m.r32(DATA + 4)).toBe(0xffff5680);
    expect(m.reg(EBX)).toBe(0x80);
    expect(m.reg(ECX)).toBe(0xffffff80);
    expect(m.reg(EDX)).toBe(0x5680);
    expect(m.reg(ESI)).toBe(0x5680);
  });

  it('unaligned and page-crossing dword access', () => {
    const p = new Program(CODE)
      .op('MOV_RI', { a: EAX }, 0xa1b2c3d4)
      .op('MOV_MR', { a: EAX, ...mem(null, DATA + 0xffe) })
      .op('MOV_RM', { a: EBX, ...mem(null, DATA + 0xffe) })
      .op('ADD_MI', mem(null, DATA + 0xffd), 1);
    steps(p, 4);
    expect(m.r8(DATA + 0xffe)).toBe(0xd4);
    expect(m.r8(DATA + 0x1001)).toBe(0xa1);
    expect(m.reg(EBX)).toBe(0xa1b2c3d4);
    // [0xffd] = d4 c3 b2 ... little endian: bytes ffd..1000 = ?? d4 c3 b2
    expect(m.r8(DATA + 0xffd)).toBe(1);
  });

  it('xchg with register and memory; cmpxchg success and failure', () => {
    m.w32(DATA, 7);
    const p = new Program(CODE)
      .op('MOV_RI', { a: EAX }, 1).op('MOV_RI', { a: EBX }, 2)
      .op('XCHG_RR', { a: EAX, b: EBX })
      .op('XCHG_MR', { a: EAX, ...mem(null, DATA) }) // eax=7, [DATA]=2
      .op('MOV_RI', { a: EAX }, 2).op('MOV_RI', { a: ECX }, 99)
      .op('CMPXCHG_MR', { a: ECX, ...mem(null, DATA) }) // equal: [DATA]=99, ZF=1
      .op('SETE', { a: EDX })
      .op('CMPXCHG_MR', { a: ECX, ...mem(null, DATA) }) // eax=2 != 99: eax=99, ZF=0
      .op('SETE', { a: ESI });
    steps(p, 10);
    expect(m.reg(EBX)).toBe(1);
    expect(m.r32(DATA)).toBe(99);
    expect(m.reg(EDX)).toBe(1);
    expect(m.reg(EAX)).toBe(99);
    expect(m.reg(ESI)).toBe(0);
  });

  it('cdq sign-extends eax into edx; rdtsc reads the cycle counter', () => {
    const p = new Program(CODE).op('MOV_RI', { a: EAX }, 0x80000000).op('CDQ').op('RDTSC');
    steps(p, 2);
    expect(m.reg(EDX)).toBe(0xffffffff);
    const before = m.core.getCycles();
    m.run(1);
    expect(m.reg(EAX) + m.reg(EDX) * 2 ** 32).toBe(before);
  });
});

describe('stack and calls', () => {
  it('push / pop of registers, immediates and memory; push esp pushes the old value', () => {
    m.w32(DATA, 0x5555);
    const p = new Program(CODE)
      .op('PUSH_I', {}, 0x1234)
      .op('PUSH_M', mem(null, DATA))
      .op('PUSH_R', { a: ESP })
      .op('POP_R', { a: EAX })
      .op('POP_M', mem(null, DATA + 8))
      .op('POP_R', { a: EBX });
    steps(p, 6);
    expect(m.reg(EAX)).toBe(STACK - 8);
    expect(m.r32(DATA + 8)).toBe(0x5555);
    expect(m.reg(EBX)).toBe(0x1234);
    expect(m.reg(ESP)).toBe(STACK);
  });

  it('pop esp loads the popped value; pop [esp] addresses with the incremented esp', () => {
    const p = new Program(CODE)
      .op('PUSH_I', {}, 0xabc0)
      .op('POP_R', { a: ESP });
    steps(p, 2);
    expect(m.reg(ESP)).toBe(0xabc0);
    m.core.setReg(ESP, STACK);
    const q = new Program(CODE).op('PUSH_I', {}, 0x77).op('PUSH_I', {}, 0x66).op('POP_M', mem(ESP));
    steps(q, 3);
    expect(m.reg(ESP)).toBe(STACK - 4);
    expect(m.r32(STACK - 4)).toBe(0x66);
  });

  it('call / ret (rel, register, memory), leave and the ebp chain', () => {
    const p = new Program(CODE);
    p.op('MOV_RI', { a: EBP }, 0x1111)
      .op('CALL', {}, 'f')
      .op('MOV_RI', { a: ESI }, 'g')
      .op('CALL_R', { a: ESI })
      .op('MOV_MI', mem(null, DATA), 'g')
      .op('CALL_M', mem(null, DATA))
      .op('HLT')
      .label('f')
      .op('PUSH_R', { a: EBP }).op('MOV_RR', { a: EBP, b: ESP })
      .op('SUB_RI', { a: ESP }, 16)
      .op('ADD_RI', { a: EAX }, 1)
      .op('LEAVE').op('RET')
      .label('g')
      .op('ADD_RI', { a: EBX }, 1).op('RET');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    expect(m.run(10_000)).toBe('halt');
    expect(m.reg(EAX)).toBe(1);
    expect(m.reg(EBX)).toBe(2);
    expect(m.reg(EBP)).toBe(0x1111);
    expect(m.reg(ESP)).toBe(STACK);
  });

  it('pushf / popf: arithmetic flags, bit 1, IF in ring 0', () => {
    const p = new Program(CODE)
      .op('PUSH_I', {}, 0x8c1) // OF SF ZF? 0x800|0x80|0x40|1 = 0x8c1
      .op('POPF')
      .op('PUSHF')
      .op('POP_R', { a: EAX })
      .op('PUSH_I', {}, 0x200).op('POPF').op('PUSHF').op('POP_R', { a: EBX });
    steps(p, 8);
    expect(m.reg(EAX)).toBe(0x8c3);
    expect(m.reg(EBX)).toBe(0x202);
  });
});

describe('control flow', () => {
  it('jmp rel / register / memory', () => {
    m.w32(DATA, CODE + 0x40);
    const p = new Program(CODE)
      .op('JMP', {}, 0x10) // -> CODE + 8 + 0x10
      .org(CODE + 0x18).op('MOV_RI', { a: EAX }, CODE + 0x30).op('JMP_R', { a: EAX })
      .org(CODE + 0x30).op('JMP_M', mem(null, DATA))
      .org(CODE + 0x40).op('MOV_RI', { a: EBX }, 42);
    steps(p, 5);
    expect(m.reg(EBX)).toBe(42);
  });

  it('a backward loop runs the exact number of iterations', () => {
    const p = new Program(CODE)
      .op('MOV_RI', { a: ECX }, 1000)
      .label('top').op('ADD_RI', { a: EAX }, 3).op('DEC_R', { a: ECX }).op('JNE', {}, 'top').op('HLT');
    m.writePhys(CODE, p.build());
    m.core.setEip(CODE);
    expect(m.run(100_000)).toBe('halt');
    expect(m.reg(EAX)).toBe(3000);
    expect(m.core.getInstret()).toBe(5 + 1 + 3000 + 1); // boot stub (5) + mov + loop + hlt
  });
});

describe('cycle model', () => {
  it('charges base, branchTaken, memAccess, mul and div as documented', () => {
    const costs = { base: 1, branch: 1, mul: 2, div: 24, mem: 3 };
    const cycles = (p: Program, n: number) => {
      m.writePhys(CODE, p.build());
      m.core.setEip(CODE);
      const before = m.core.getCycles();
      for (let i = 0; i < n; i++) m.run(1);
      return m.core.getCycles() - before;
    };
    expect(cycles(new Program(CODE).op('ADD_RR', { a: EAX, b: EBX }), 1)).toBe(costs.base);
    expect(cycles(new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, DATA) }), 1)).toBe(costs.base + costs.mem);
    expect(cycles(new Program(CODE).op('ADD_MI', mem(null, DATA), 1), 1)).toBe(costs.base + 2 * costs.mem);
    expect(cycles(new Program(CODE).op('JMP', {}, 0), 1)).toBe(costs.base + costs.branch);
    expect(cycles(new Program(CODE).op('CALL', {}, 0), 1)).toBe(costs.base + costs.branch + costs.mem);
    expect(cycles(new Program(CODE).op('IMUL_RR', { a: EAX, b: EBX }), 1)).toBe(costs.base + costs.mul);
    m.core.setReg(EBX, 3);
    m.core.setReg(EDX, 0);
    expect(cycles(new Program(CODE).op('DIV_R', { a: EBX }), 1)).toBe(costs.base + costs.div);
    m.core.setReg(EAX, 0);
    expect(cycles(new Program(CODE).op('CMP_RI', { a: EAX }, 1).op('JE', {}, 0), 2)).toBe(2 * costs.base);
    expect(cycles(new Program(CODE).op('CMP_RI', { a: EAX }, 0).op('JE', {}, 0), 2)).toBe(2 * costs.base + costs.branch);
  });

  it('setCost changes what instructions cost (and base never drops below 1)', () => {
    m.core.setCost(4, 10); // memAccess
    m.writePhys(CODE, new Program(CODE).op('MOV_RM', { a: EAX, ...mem(null, DATA) }).op('NOP').build());
    m.core.setEip(CODE);
    const before = m.core.getCycles();
    m.run(1);
    expect(m.core.getCycles() - before).toBe(11);
    m.core.setCost(0, 0);
    expect(m.core.getCost(0)).toBe(1);
  });
});

describe('#UD', () => {
  it('undefined opcodes and ud2 raise #UD at the instruction', () => {
    const defined = new Set(FORMS.map((f) => f.opcode));
    for (const op of [0, 0xff, 150, 0xc0].concat(FORMS.filter((f) => f.name === 'UD2').map((f) => f.opcode))) {
      if (defined.has(op) && op !== FORMS.find((f) => f.name === 'UD2')!.opcode) continue;
      m.writePhys(CODE, [op, 0, 0, 0, 0, 0, 0, 0]);
      m.core.setEip(CODE);
      m.core.setReg(ESP, STACK);
      m.run(1);
      expect(stubVector(), `opcode ${op}`).toBe(6);
      expect(m.r32(STACK - 12)).toBe(CODE); // the frame's eip is the faulting instruction
    }
  });

  it('register fields above 7 where a register is needed, and bad sizes, raise #UD', () => {
    const bad = [
      encodeForm('ADD_RR', { a: 9, b: 0 }),
      encodeForm('ADD_RR', { a: 0, b: 12 }),
      encodeForm('MOV_RI', { a: 8 }, 1),
      encodeForm('MOV_RM', { a: 0, z: 0, ...mem(null, DATA) }),
      encodeForm('MOV_MR', { a: 0, z: 3, ...mem(null, DATA) }),
      encodeForm('MOV_MR', { a: 5, z: 0, ...mem(null, DATA) }), // no 'bpl' byte register
      encodeForm('MOVZX_RM', { a: 0, z: 2, ...mem(null, DATA) }),
      encodeForm('ADD_MR', { a: 0, z: 1, ...mem(null, DATA) }),
      encodeForm('MOV_CR', { a: 0, i8: 1 }),
      encodeForm('MOV_RC', { a: 0, i8: 5 }),
    ];
    for (const bytes of bad) {
      m.writePhys(CODE, bytes);
      m.core.setEip(CODE);
      m.core.setReg(ESP, STACK);
      m.run(1);
      expect(stubVector(), Array.from(bytes.slice(0, 4)).join(',')).toBe(6);
    }
  });

  it('a memory base or index field of 8..15 means "none"', () => {
    m.w32(DATA, 0x99);
    m.writePhys(CODE, encodeForm('MOV_RM', { a: EAX, b: 12, x: 9, s: 2, disp: DATA }));
    m.core.setEip(CODE);
    m.run(1);
    expect(m.reg(EAX)).toBe(0x99);
  });
});
