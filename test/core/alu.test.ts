// ALU semantics against a reference written here from the x86 definitions:
// results and CF/ZF/SF/OF of every arithmetic, logic, shift, multiply and
// divide instruction, property-tested with fast-check over random operands
// and carry-in, in register, immediate and memory forms.

import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EAX, EBX, ECX, EDX, ESI, FIX, Program, TestMachine, encodeForm, installIdt, mem } from './harness.js';

const CF = 1, ZF = 0x40, SF = 0x80, OF = 0x800, ARITH = CF | ZF | SF | OF;
const CODE = 0x10000;
const DATA = 0x20000;
const u32 = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constantFrom(0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff),
);

function flags(cf: boolean, of: boolean, r: number): number {
  return (cf ? CF : 0) | (of ? OF : 0) | ((r >>> 0) === 0 ? ZF : 0) | (r >>> 31 ? SF : 0);
}

interface Ref {
  r: number;
  f: number;
}

/** x86 reference for the two-operand ALU operations. */
const REF2: Record<string, (a: number, b: number, c: number) => Ref> = {
  ADD: (a, b) => { const r = (a + b) >>> 0; return { r, f: flags(a + b > 0xffffffff, (((a ^ r) & (b ^ r)) >>> 31) === 1, r) }; },
  ADC: (a, b, c) => { const r = (a + b + c) >>> 0; return { r, f: flags(a + b + c > 0xffffffff, (((a ^ r) & (b ^ r)) >>> 31) === 1, r) }; },
  SUB: (a, b) => { const r = (a - b) >>> 0; return { r, f: flags(a < b, (((a ^ b) & (a ^ r)) >>> 31) === 1, r) }; },
  SBB: (a, b, c) => { const r = (a - b - c) >>> 0; return { r, f: flags(a < b + c, (((a ^ b) & (a ^ r)) >>> 31) === 1, r) }; },
  CMP: (a, b) => { const r = (a - b) >>> 0; return { r: a, f: flags(a < b, (((a ^ b) & (a ^ r)) >>> 31) === 1, r) }; },
  AND: (a, b) => { const r = (a & b) >>> 0; return { r, f: flags(false, false, r) }; },
  OR: (a, b) => { const r = (a | b) >>> 0; return { r, f: flags(false, false, r) }; },
  XOR: (a, b) => { const r = (a ^ b) >>> 0; return { r, f: flags(false, false, r) }; },
  TEST: (a, b) => { const r = (a & b) >>> 0; return { r: a, f: flags(false, false, r) }; },
};

/** x86 reference for the one-operand forms (c is CF before). */
const REF1: Record<string, (a: number, c: number) => Ref> = {
  NEG: (a) => { const r = (0 - a) >>> 0; return { r, f: flags(a !== 0, a === 0x80000000, r) }; },
  INC: (a, c) => { const r = (a + 1) >>> 0; return { r, f: flags(c === 1, a === 0x7fffffff, r) }; },
  DEC: (a, c) => { const r = (a - 1) >>> 0; return { r, f: flags(c === 1, a === 0x80000000, r) }; },
  NOT: (a, c) => ({ r: ~a >>> 0, f: -1 }), // flags unchanged (checked separately)
};

/** Shifts: count already masked to 1..31. OF follows x86's count-1 rule for every count (documented). */
const REFSHIFT: Record<string, (a: number, n: number) => Ref> = {
  SHL: (a, n) => { const r = (a << n) >>> 0; const cf = (a >>> (32 - n)) & 1; return { r, f: flags(cf === 1, ((r >>> 31) ^ cf) === 1, r) }; },
  SHR: (a, n) => { const r = a >>> n; return { r, f: flags(((a >>> (n - 1)) & 1) === 1, a >>> 31 === 1, r) }; },
  SAR: (a, n) => { const r = (a >> n) >>> 0; return { r, f: flags(((a >> (n - 1)) & 1) === 1, false, r) }; },
};

function sext(x: number): bigint {
  return BigInt(x | 0);
}

let m: TestMachine;

beforeAll(async () => {
  m = await TestMachine.create();
  installIdt(m, CODE);
});

/** Executes one instruction (bytes) at CODE with the given registers and CF; returns what it left. */
function exec(bytes: Uint8Array, regs: Record<number, number>, cf = 0, memValue?: number) {
  m.writePhys(CODE, bytes);
  m.writePhys(CODE + bytes.length, encodeForm('NOP'));
  for (let i = 0; i < 8; i++) m.core.setReg(i, 0);
  for (const [r, v] of Object.entries(regs)) m.core.setReg(Number(r), v);
  m.core.setReg(4, 0x9000);
  m.core.setEflags(cf ? 3 : 2);
  if (memValue !== undefined) m.w32(DATA, memValue);
  m.w32(FIX.LAST_VECTOR, 0xffffffff);
  m.core.setEip(CODE);
  const stop = m.run(1);
  const inStub = m.eip >= FIX.STUBS && m.eip < FIX.STUBS + 0x1000;
  return { stop, eip: m.eip, flags: m.core.getEflags() & ARITH, regs: m.regs(), memValue: m.r32(DATA), vector: inStub ? (m.eip - FIX.STUBS) >> 4 : 0xffffffff };
}

describe('two-operand ALU', () => {
  for (const op of Object.keys(REF2)) {
    const forms = op === 'TEST' ? ['RR', 'RI', 'MR', 'MI'] : ['RR', 'RI', 'RM', 'MR', 'MI'];
    for (const shape of forms) {
      it(`${op}_${shape} matches x86`, () => {
        fc.assert(
          fc.property(u32, u32, fc.integer({ min: 0, max: 1 }), (a, b, c) => {
            const ref = REF2[op](a, b, c);
            let bytes: Uint8Array;
            let regs: Record<number, number>;
            let memValue: number | undefined;
            if (shape === 'RR') { bytes = encodeForm(`${op}_RR`, { a: EAX, b: EBX }); regs = { [EAX]: a, [EBX]: b }; }
            else if (shape === 'RI') { bytes = encodeForm(`${op}_RI`, { a: EAX }, b); regs = { [EAX]: a }; }
            else if (shape === 'RM') { bytes = encodeForm(`${op}_RM`, { a: EAX, ...mem(ESI) }); regs = { [EAX]: a, [ESI]: DATA }; memValue = b; }
            else if (shape === 'MR') { bytes = encodeForm(`${op}_MR`, { a: EBX, ...mem(ESI) }); regs = { [EBX]: b, [ESI]: DATA }; memValue = a; }
            else { bytes = encodeForm(`${op}_MI`, mem(ESI), b); regs = { [ESI]: DATA }; memValue = a; }
            const out = exec(bytes, regs, c, memValue);
            expect(out.flags).toBe(ref.f);
            const result = shape === 'MR' || shape === 'MI' ? out.memValue : out.regs[EAX];
            expect(result).toBe(ref.r);
          }),
          { numRuns: 150 },
        );
      });
    }
  }
});

describe('one-operand ALU', () => {
  for (const op of Object.keys(REF1)) {
    for (const shape of ['R', 'M']) {
      it(`${op}_${shape} matches x86`, () => {
        fc.assert(
          fc.property(u32, fc.integer({ min: 0, max: 1 }), (a, c) => {
            const ref = REF1[op](a, c);
            const out = shape === 'R'
              ? exec(encodeForm(`${op}_R`, { a: ECX }), { [ECX]: a }, c)
              : exec(encodeForm(`${op}_M`, mem(ESI)), { [ESI]: DATA }, c, a);
            expect(shape === 'R' ? out.regs[ECX] : out.memValue).toBe(ref.r);
            expect(out.flags).toBe(ref.f === -1 ? (c ? CF : 0) : ref.f);
          }),
          { numRuns: 150 },
        );
      });
    }
  }
});

describe('shifts', () => {
  for (const op of Object.keys(REFSHIFT)) {
    for (const shape of ['RI', 'RC', 'MI', 'MC']) {
      it(`${op}_${shape} matches x86 (count masked to 5 bits, count 0 keeps flags)`, () => {
        fc.assert(
          fc.property(u32, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 1 }), (a, count, c) => {
            const n = count & 31;
            const isReg = shape[0] === 'R';
            const byCl = shape[1] === 'C';
            const fields = isReg ? { a: EDX } : mem(ESI);
            const bytes = encodeForm(`${op}_${shape}`, { ...fields, i8: byCl ? 0 : count });
            const regs: Record<number, number> = { [ESI]: DATA, [EDX]: isReg ? a : 0 };
            if (byCl) regs[ECX] = count;
            const out = exec(bytes, regs, c, isReg ? undefined : a);
            const value = isReg ? out.regs[EDX] : out.memValue;
            if (n === 0) {
              expect(value).toBe(a);
              expect(out.flags).toBe(c ? CF : 0);
            } else {
              const ref = REFSHIFT[op](a, n);
              expect(value).toBe(ref.r);
              expect(out.flags).toBe(ref.f);
            }
          }),
          { numRuns: 150 },
        );
      });
    }
  }
});

describe('multiply', () => {
  it('imul r, r / r, m / r, r, i / r, m, i: low 32 bits, CF=OF=overflow, ZF/SF from the result', () => {
    fc.assert(
      fc.property(u32, u32, (a, b) => {
        const full = sext(a) * sext(b);
        const r = Number(BigInt.asUintN(32, full));
        const over = full !== sext(r);
        const want = flags(over, over, r);
        const cases = [
          exec(encodeForm('IMUL_RR', { a: EAX, b: EBX }), { [EAX]: a, [EBX]: b }),
          exec(encodeForm('IMUL_RM', { a: EAX, ...mem(ESI) }), { [EAX]: a, [ESI]: DATA }, 0, b),
          exec(encodeForm('IMUL_RRI', { a: EAX, b: EBX }, a), { [EBX]: b }),
          exec(encodeForm('IMUL_RMI', { a: EAX, ...mem(ESI) }, a), { [ESI]: DATA }, 0, b),
        ];
        for (const out of cases) {
          expect(out.regs[EAX]).toBe(r);
          expect(out.flags).toBe(want);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('mul / imul one-operand write edx:eax; CF=OF when the high half is needed', () => {
    fc.assert(
      fc.property(u32, u32, fc.boolean(), (a, b, signed) => {
        const full = signed ? sext(a) * sext(b) : BigInt(a) * BigInt(b);
        const lo = Number(BigInt.asUintN(32, full));
        const hi = Number(BigInt.asUintN(32, full >> 32n));
        const over = signed ? full !== sext(lo) : hi !== 0;
        const name = signed ? 'IMUL' : 'MUL';
        for (const out of [
          exec(encodeForm(`${name}_R`, { a: EBX }), { [EAX]: a, [EBX]: b }),
          exec(encodeForm(`${name}_M`, mem(ESI)), { [EAX]: a, [ESI]: DATA }, 0, b),
        ]) {
          expect(out.regs[EAX]).toBe(lo);
          expect(out.regs[EDX]).toBe(hi);
          expect(out.flags).toBe(flags(over, over, lo));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('divide', () => {
  it('div / idiv divide edx:eax, flags unchanged; #DE on zero or quotient overflow', () => {
    const divisor = fc.oneof(u32, fc.constantFrom(0, 1, 0xffffffff, 2, 0x80000000));
    fc.assert(
      fc.property(u32, u32, divisor, fc.boolean(), fc.boolean(), (hi, lo, d, signed, inMemory) => {
        const name = signed ? 'IDIV' : 'DIV';
        const bytes = inMemory ? encodeForm(`${name}_M`, mem(ESI)) : encodeForm(`${name}_R`, { a: EBX });
        const out = exec(bytes, { [EDX]: hi, [EAX]: lo, [EBX]: d, [ESI]: DATA }, 1, d);
        const n = signed ? BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)) : (BigInt(hi) << 32n) | BigInt(lo);
        const dv = signed ? sext(d) : BigInt(d);
        let fault = dv === 0n;
        let q = 0n, r = 0n;
        if (!fault) {
          q = n / dv; // BigInt division truncates toward zero, as idiv does
          r = n % dv;
          fault = signed ? q < -(2n ** 31n) || q >= 2n ** 31n : q > 0xffffffffn;
        }
        if (fault) {
          expect(out.vector).toBe(0);
          expect(out.regs[EAX]).toBe(lo);
          expect(out.regs[EDX]).toBe(hi);
        } else {
          expect(out.vector).toBe(0xffffffff);
          expect(out.regs[EAX]).toBe(Number(BigInt.asUintN(32, q)));
          expect(out.regs[EDX]).toBe(Number(BigInt.asUintN(32, r)));
          expect(out.flags).toBe(CF); // unchanged (CF was set before)
        }
      }),
      { numRuns: 300 },
    );
  });

  it('idiv of INT_MIN by -1 raises #DE (no wasm trap)', () => {
    const out = exec(encodeForm('IDIV_R', { a: EBX }), { [EDX]: 0xffffffff, [EAX]: 0x80000000, [EBX]: 0xffffffff });
    expect(out.vector).toBe(0);
    const out2 = exec(encodeForm('IDIV_R', { a: EBX }), { [EDX]: 0x80000000, [EAX]: 0, [EBX]: 0xffffffff });
    expect(out2.vector).toBe(0);
  });
});

describe('conditions', () => {
  // [name, predicate on (a, b) after cmp a, b]
  const CONDS: [string, (a: number, b: number) => boolean][] = [
    ['O', (a, b) => { const r = (a - b) >>> 0; return (((a ^ b) & (a ^ r)) >>> 31) === 1; }],
    ['NO', (a, b) => { const r = (a - b) >>> 0; return (((a ^ b) & (a ^ r)) >>> 31) === 0; }],
    ['B', (a, b) => a < b], ['AE', (a, b) => a >= b], ['E', (a, b) => a === b], ['NE', (a, b) => a !== b],
    ['BE', (a, b) => a <= b], ['A', (a, b) => a > b],
    ['S', (a, b) => ((a - b) >>> 0) >>> 31 === 1], ['NS', (a, b) => ((a - b) >>> 0) >>> 31 === 0],
    ['L', (a, b) => (a | 0) < (b | 0)], ['GE', (a, b) => (a | 0) >= (b | 0)],
    ['LE', (a, b) => (a | 0) <= (b | 0)], ['G', (a, b) => (a | 0) > (b | 0)],
  ];

  it('jcc and setcc after cmp, and after the same flags loaded by popf', () => {
    fc.assert(
      fc.property(u32, u32, (a, b) => {
        for (const [cc, pred] of CONDS) {
          // cmp then jcc: taken goes 0x100 further.
          const p = new Program(CODE);
          p.op('CMP_RR', { a: EAX, b: EBX }).op(`J${cc}`, {}, 0x100);
          m.writePhys(CODE, p.build());
          m.core.setReg(EAX, a); m.core.setReg(EBX, b); m.core.setEip(CODE);
          m.run(1); m.run(1);
          expect(m.eip, `j${cc} ${a} ${b}`).toBe(pred(a, b) ? CODE + 12 + 0x100 : CODE + 12);
          // The same flags made eager (setEflags) then setcc.
          const f = m.core.getEflags();
          m.core.setEflags(f);
          m.writePhys(CODE, encodeForm(`SET${cc}`, { a: ECX }));
          m.core.setReg(ECX, 0x12345678); m.core.setEip(CODE);
          m.run(1);
          expect(m.reg(ECX), `set${cc}`).toBe(pred(a, b) ? 1 : 0);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('conditions after add, logic, inc and dec (lazy kinds)', () => {
    fc.assert(
      fc.property(u32, u32, (a, b) => {
        for (const [first, ref] of [
          ['ADD_RR', REF2.ADD(a, b, 0)], ['AND_RR', REF2.AND(a, b, 0)], ['INC_R', REF1.INC(a, 1)], ['DEC_R', REF1.DEC(a, 0)],
        ] as const) {
          for (const [cc] of CONDS) {
            const p = new Program(CODE);
            p.op(first, { a: EAX, b: EBX }).op(`SET${cc}`, { a: ECX });
            m.writePhys(CODE, p.build());
            m.core.setEflags(first === 'INC_R' ? 3 : 2);
            m.core.setReg(EAX, a); m.core.setReg(EBX, b); m.core.setEip(CODE);
            m.run(1); m.run(1);
            // Evaluate the condition on the reference flags.
            const f = ref.f;
            const c = !!(f & CF), z = !!(f & ZF), s = !!(f & SF), o = !!(f & OF);
            const want: Record<string, boolean> = {
              O: o, NO: !o, B: c, AE: !c, E: z, NE: !z, BE: c || z, A: !c && !z, S: s, NS: !s,
              L: s !== o, GE: s === o, LE: z || s !== o, G: !z && s === o,
            };
            expect(m.reg(ECX), `${first} set${cc}`).toBe(want[cc] ? 1 : 0);
            expect(m.core.getEflags() & ARITH).toBe(f);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
