// The forms the compiled tier took over from the interpreter last (adc/sbb,
// shifts by cl and of memory, xchg/cmpxchg with memory, one-operand
// mul/imul/div/idiv, imul with memory, push/pop [m], leave, indirect jmp and
// call, rdtsc), one at a time on a table of operands: random values and the
// edge cases (carry in and out, counts 0/1/31/32+, quotient overflow and
// division by zero, INT_MIN / -1, products that need the high half). Each
// table runs on both tiers and must end in the same state byte for byte —
// results, flags read back by setcc, RAM, cycles, counters, TLB and LRU
// state — with compiled blocks really having run it. A division that faults
// raises #DE at the same instruction and state under both tiers; the handler
// counts it and makes the retry succeed.

import { describe, expect, it } from 'vitest';
import { EAX, EBP, EBX, ECX, EDI, EDX, ESI, ESP, Program, TestMachine, installIdt, mem } from './harness.js';
import { firstDifference, xorshift } from './jit-programs.js';
import { decodeBlock } from '../../vm/host/jit/decode.js';

const CODE = 0x10000;
const HANDLER = 0x8000;
const TABLE = 0x20000; // records of 12 words: x, y, z, c (carry / count), then the results
const RECORD = 48;
const STACK_TOP = 0x70000;
const DE_COUNT = 0x600;

const EDGES = [0, 1, 2, 3, 31, 32, 33, 63, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x10000, 0xffff];

/** Records: 40 random ones first (the block gets hot on them), then every edge combination, then random again. */
function table(seed: number): number[][] {
  const rnd = xorshift(seed);
  const rec = (): number[] => [rnd(), rnd(), rnd() & 1 ? 0 : rnd(), rnd()];
  const out: number[][] = [];
  for (let i = 0; i < 40; i++) out.push(rec());
  for (const x of EDGES) for (const y of EDGES) out.push([x, y, [0, 0xffffffff, x, y, 1][(x ^ y) % 5], (x + y) >>> 0]);
  for (let i = 0; i < 40; i++) out.push(rec());
  return out;
}

/**
 * The instruction(s) under test, on eax = x, ebx = y, edx = z, ecx = c,
 * [esi + 4] = y, and CF = c & 1 (set by neg just before).
 */
type Body = (p: Program) => void;
const M = mem(ESI, 4);
const FORMS_UNDER_TEST: Record<string, Body> = {};
for (const n of ['ADC', 'SBB']) {
  FORMS_UNDER_TEST[`${n}_RR`] = (p) => p.op(`${n}_RR`, { a: EAX, b: EBX });
  FORMS_UNDER_TEST[`${n}_RI`] = (p) => p.op(`${n}_RI`, { a: EAX }, 0xffffffff).op(`${n}_RI`, { a: EBX }, 0);
  FORMS_UNDER_TEST[`${n}_RM`] = (p) => p.op(`${n}_RM`, { a: EAX, z: 2, ...M });
  FORMS_UNDER_TEST[`${n}_MR`] = (p) => p.op(`${n}_MR`, { a: EAX, z: 2, ...M });
  FORMS_UNDER_TEST[`${n}_MI`] = (p) => p.op(`${n}_MI`, { z: 2, ...M }, 0x7fffffff);
  // 64-bit arithmetic as the C compiler emits it: low halves, then high halves with the carry.
  FORMS_UNDER_TEST[`${n} 64-bit`] = (p) => p.op(n === 'ADC' ? 'ADD_RR' : 'SUB_RR', { a: EAX, b: EBX }).op(`${n}_RR`, { a: EDX, b: ECX });
}
for (const n of ['SHL', 'SHR', 'SAR']) {
  FORMS_UNDER_TEST[`${n}_RC`] = (p) => p.op(`${n}_RC`, { a: EAX });
  FORMS_UNDER_TEST[`${n}_RC ecx`] = (p) => p.op(`${n}_RC`, { a: ECX });
  FORMS_UNDER_TEST[`${n}_MC`] = (p) => p.op(`${n}_MC`, { z: 2, ...M });
  for (const i8 of [0, 1, 31, 32, 7]) FORMS_UNDER_TEST[`${n}_MI ${i8}`] = (p) => p.op(`${n}_MI`, { z: 2, ...M, i8 });
}
for (const n of ['MUL', 'IMUL', 'DIV', 'IDIV']) {
  FORMS_UNDER_TEST[`${n}_R`] = (p) => p.op(`${n}_R`, { a: EBX });
  FORMS_UNDER_TEST[`${n}_M`] = (p) => p.op(`${n}_M`, { z: 2, ...M });
}
FORMS_UNDER_TEST['MUL_R eax'] = (p) => p.op('MUL_R', { a: EAX });
FORMS_UNDER_TEST['IMUL_R edx'] = (p) => p.op('IMUL_R', { a: EDX });
FORMS_UNDER_TEST['IDIV_R after cdq'] = (p) => p.op('CDQ').op('IDIV_R', { a: EBX });
FORMS_UNDER_TEST['DIV_R after xor edx'] = (p) => p.op('XOR_RR', { a: EDX, b: EDX }).op('DIV_R', { a: EBX });
FORMS_UNDER_TEST['IMUL_RM'] = (p) => p.op('IMUL_RM', { a: EAX, z: 2, ...M });
FORMS_UNDER_TEST['IMUL_RMI'] = (p) => p.op('IMUL_RMI', { a: EAX, z: 2, ...M }, 0x10001);
FORMS_UNDER_TEST['XCHG_MR'] = (p) => p.op('XCHG_MR', { a: EAX, z: 2, ...M });
FORMS_UNDER_TEST['XCHG_RM'] = (p) => p.op('XCHG_RM', { a: EDX, z: 2, ...M });
FORMS_UNDER_TEST['CMPXCHG_MR'] = (p) => p.op('CMPXCHG_MR', { a: EDX, z: 2, ...M });
FORMS_UNDER_TEST['CMPXCHG_MR equal'] = (p) => p.op('MOV_RR', { a: EAX, b: EBX }).op('CMPXCHG_MR', { a: EDX, z: 2, ...M });
FORMS_UNDER_TEST['PUSH_M / POP_M'] = (p) => p.op('PUSH_M', { z: 2, ...M }).op('POP_M', { z: 2, ...mem(ESI, 8) });
FORMS_UNDER_TEST['POP_M [esp]'] = (p) => p.op('PUSH_R', { a: EAX }).op('PUSH_R', { a: EBX }).op('POP_M', { z: 2, ...mem(ESP, 0) }).op('POP_R', { a: EDX });
FORMS_UNDER_TEST['LEAVE'] = (p) => p.op('PUSH_R', { a: EBP }).op('MOV_RR', { a: EBP, b: ESP }).op('PUSH_R', { a: EAX }).op('PUSH_R', { a: EBX }).op('LEAVE');
FORMS_UNDER_TEST['RDTSC'] = (p) => p.op('RDTSC');
FORMS_UNDER_TEST['CALL_R'] = (p) => p.op('MOV_RI', { a: EDI }, 'leaf').op('CALL_R', { a: EDI });
FORMS_UNDER_TEST['CALL_M'] = (p) => p.op('MOV_MI', { z: 2, ...mem(ESI, 8) }, 'leaf').op('CALL_M', { z: 2, ...mem(ESI, 8) });
FORMS_UNDER_TEST['JMP_R'] = (p) => p.op('MOV_RI', { a: EDI }, 'over').op('JMP_R', { a: EDI }).op('NOT_R', { a: EAX }).label('over');
FORMS_UNDER_TEST['JMP_M'] = (p) => p.op('MOV_MI', { z: 2, ...mem(ESI, 8) }, 'over').op('JMP_M', { z: 2, ...mem(ESI, 8) }).op('NOT_R', { a: EAX }).label('over');

/** The loop over `records` records running `body`; results and four flags stored into each record. */
function program(body: Body, records: number): Program {
  const p = new Program(CODE);
  p.op('MOV_RI', { a: ESI }, TABLE).op('MOV_RI', { a: EBP }, records);
  p.label('loop');
  p.op('MOV_RM', { a: EAX, z: 2, ...mem(ESI, 0) }).op('MOV_RM', { a: EBX, z: 2, ...mem(ESI, 4) });
  p.op('MOV_RM', { a: EDX, z: 2, ...mem(ESI, 8) }).op('MOV_RM', { a: ECX, z: 2, ...mem(ESI, 12) });
  p.op('MOV_RR', { a: EDI, b: ECX }).op('AND_RI', { a: EDI }, 1).op('NEG_R', { a: EDI }); // CF = c & 1
  body(p);
  for (const [k, cc] of [[0, 'SETB'], [1, 'SETO'], [2, 'SETE'], [3, 'SETS']] as const) {
    p.op(cc, { a: EDI }).op('MOV_MR', { a: EDI, z: 2, ...mem(ESI, 32 + 4 * k) });
  }
  p.op('MOV_MR', { a: EAX, z: 2, ...mem(ESI, 16) }).op('MOV_MR', { a: EDX, z: 2, ...mem(ESI, 20) });
  p.op('MOV_MR', { a: EBX, z: 2, ...mem(ESI, 24) }).op('MOV_MR', { a: ECX, z: 2, ...mem(ESI, 28) });
  p.op('ADD_RI', { a: ESI }, RECORD).op('DEC_R', { a: EBP }).op('JNE', {}, 'loop');
  p.label('end');
  p.op('OUT_IR', { a: EAX, i8: 0xf4 });
  p.label('leaf').op('XOR_RI', { a: EAX }, 0x5555).op('RET');
  return p;
}

/** #DE: count it; ebx = [esi + 4] = 3 and edx = 0, so the retried division fits. */
function divideErrorHandler(): Program {
  const p = new Program(HANDLER);
  p.op('ADD_MI', { z: 2, ...mem(null, DE_COUNT) }, 1);
  p.op('MOV_RI', { a: EBX }, 3).op('MOV_MI', { z: 2, ...mem(ESI, 4) }, 3).op('XOR_RR', { a: EDX, b: EDX });
  p.op('IRET');
  return p;
}

async function runTable(body: Body, seed: number, jit: boolean) {
  const m = await TestMachine.create({ ramBytes: 1 << 20, jit });
  const rows = table(seed);
  installIdt(m, CODE, { handlers: { 0: HANDLER } });
  m.writePhys(HANDLER, divideErrorHandler().build());
  const words = new Uint32Array(rows.length * (RECORD / 4));
  rows.forEach((r, i) => words.set(r, i * (RECORD / 4)));
  m.writePhys(TABLE, new Uint8Array(words.buffer));
  const code = program(body, rows.length);
  m.writePhys(CODE, code.build());
  m.core.setReg(ESP, STACK_TOP);
  m.core.setEip(CODE);
  let stop = 'budget';
  for (let i = 0; i < 2000 && stop === 'budget'; i++) stop = m.run(997);
  m.core.settle();
  return {
    stop, cycles: m.core.getCycles(), instret: m.core.getInstret(), counters: m.counters(), state: m.snapshot(),
    divideErrors: m.r32(DE_COUNT), entered: m.core.jitBlocksEntered(), errors: m.tier?.statistics().errors,
    uncompiled: uncompiled(m, code.addr('loop'), code.addr('end')),
  };
}

/** Instructions in [from, to) that a compiled block cannot contain (0: the whole loop compiles). */
function uncompiled(m: TestMachine, from: number, to: number): number {
  const view = new DataView(m.core.memory.buffer);
  const src = { u32: (a: number) => view.getUint32(a, true), cycles: () => 1 };
  let n = 0;
  for (let at = from; at < to;) {
    const insns = decodeBlock(src, m.core.ramBase() + at);
    if (insns.length === 0) { n++; at += 4; continue; }
    const last = insns[insns.length - 1];
    at += last.off + last.len - insns[0].off;
  }
  return n;
}

describe('newly compiled forms = interpreter, on random and edge operands', () => {
  for (const [name, body] of Object.entries(FORMS_UNDER_TEST)) {
    it(name, async () => {
      for (const seed of [1, 2]) {
        const jit = await runTable(body, seed * 0x9e3779b1, true);
        const interp = await runTable(body, seed * 0x9e3779b1, false);
        expect(interp.stop).toBe('exit');
        expect({ stop: jit.stop, cycles: jit.cycles, instret: jit.instret, counters: jit.counters, de: jit.divideErrors })
          .toEqual({ stop: interp.stop, cycles: interp.cycles, instret: interp.instret, counters: interp.counters, de: interp.divideErrors });
        expect(firstDifference(jit.state, interp.state)).toBe('none');
        // The whole loop is compiled code, and compiled blocks ran it.
        expect(jit.uncompiled).toBe(0);
        expect(jit.entered).toBeGreaterThan(0);
        expect(jit.errors).toBe(0);
        if (name.startsWith('DIV') || name.startsWith('IDIV')) expect(jit.divideErrors).toBeGreaterThan(10);
      }
    });
  }
});
