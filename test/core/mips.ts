// Quick guest-MIPS measurement of the core (not a test: `npx tsx test/core/mips.ts`).
// The official numbers come from `npm run bench` (test/bench); this is the
// core engineer's own check while tuning the interpreter.
//
//   alu      : add/sub/cmp/jne counted loop, ring 0, paging off
//   mem-pg   : ring 3, paging on (TLB model 64x4 LRU), timer IRQ every 10000 cycles,
//              a load/add/store loop over a 4 KiB array (6 instructions, 2 accesses)
//   mem-flat : the same loop with paging off (the paging tax is the ratio)

import { EAX, ECX, ESI, ESP, Program, TestMachine, mem } from './harness.js';

const CR0_PG = 0x80000000;

function aluProgram(): Program {
  const p = new Program(0x100000);
  p.op('MOV_RI', { a: ECX }, 0x7fffffff).op('MOV_RI', { a: EAX }, 0)
    .label('loop')
    .op('ADD_RR', { a: EAX, b: ECX })
    .op('SUB_RI', { a: ECX }, 1)
    .op('CMP_RI', { a: ECX }, 0)
    .op('JNE', {}, 'loop')
    .op('OUT_IR', { a: EAX, i8: 0xf4 });
  return p;
}

/** The user loop at 0x300000 and a kernel that sets up paging, IDT, TSS, timer, then irets to it. */
function memPrograms(paging: boolean): Program[] {
  const user = new Program(0x300000);
  user.op('MOV_RI', { a: ESI }, 0x310000).op('MOV_RI', { a: ECX }, 0)
    .label('loop')
    .op('MOV_RM', { a: EAX, ...mem(ESI, 0, ECX, 2) })
    .op('ADD_RI', { a: EAX }, 1)
    .op('MOV_MR', { a: EAX, ...mem(ESI, 0, ECX, 2) })
    .op('ADD_RI', { a: ECX }, 1)
    .op('AND_RI', { a: ECX }, 1023)
    .op('JMP', {}, 'loop');

  const k = new Program(0x100000);
  k.op('LIDT', mem(null, 0x100800))
    .op('MOV_RI', { a: EAX }, 0x203000).op('LTR', { a: EAX });
  if (paging) {
    k.op('MOV_RI', { a: EAX }, 0x200000).op('MOV_CR', { a: EAX, i8: 3 })
      .op('MOV_RI', { a: EAX }, CR0_PG).op('MOV_CR', { a: EAX, i8: 0 });
  }
  k.op('MOV_RI', { a: EAX }, 10000).op('OUT_IR', { a: EAX, i8: 0x40 })
    .op('MOV_RI', { a: ESP }, 0x205000)
    .op('PUSH_I', {}, 0x23).op('PUSH_I', {}, 0x3f0000).op('PUSH_I', {}, 0x202)
    .op('PUSH_I', {}, 0x1b).op('PUSH_I', {}, 0x300000)
    .op('IRET')
    .label('timer')
    .op('IRET')
    .org(0x100800)
    .raw([0xff, 0x07]).u32(0x202000); // idtr: limit, base
  return [k, user];
}

function setupTables(m: TestMachine, timerHandler: number): void {
  // Page directory at 0x200000: entry 0 -> table at 0x201000 identity-mapping 4 MiB, user + writable.
  m.w32(0x200000, 0x201000 | 7);
  for (let i = 0; i < 1024; i++) m.w32(0x201000 + i * 4, (i << 12) | 7);
  // IDT gate 32: interrupt gate, DPL 0, present.
  m.w32(0x202000 + 32 * 8, (timerHandler & 0xffff) | (0x08 << 16));
  m.w32(0x202000 + 32 * 8 + 4, (timerHandler & 0xffff0000) | 0x8e00);
  // TSS esp0.
  m.w32(0x203004, 0x206000);
}

async function measure(name: string, build: () => Promise<TestMachine>, seconds = 2): Promise<void> {
  const m = await build();
  m.run(20_000_000); // warm up (V8 tiers up between calls)
  const i0 = m.core.getInstret();
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    const r = m.core.run(5_000_000);
    if (r !== 0) throw new Error(`${name}: stopped (${r}) at ${m.eip.toString(16)}`);
    t = performance.now();
  }
  const mips = (m.core.getInstret() - i0) / ((t - t0) * 1000);
  console.log(`${name.padEnd(9)} ${mips.toFixed(0).padStart(5)} MIPS   counters ${JSON.stringify(m.counters())}`);
}

await measure('alu', async () => {
  const m = await TestMachine.create({ ramBytes: 32 << 20 });
  m.load(aluProgram());
  return m;
});
for (const paging of [true, false]) {
  await measure(paging ? 'mem-pg' : 'mem-flat', async () => {
    const m = await TestMachine.create({ ramBytes: 32 << 20 });
    const [k, user] = memPrograms(paging);
    m.writePhys(user.base, user.build());
    m.load(k);
    setupTables(m, k.addr('timer'));
    return m;
  });
}
