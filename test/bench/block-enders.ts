// Which instructions the compiled tier leaves to the interpreter, weighted by
// how often real code runs them (not a test: a table). Run with:
//
//   npx tsx test/bench/block-enders.ts [--bare]
//
// An instrumented run, interpreter only: the kernel boots to the shell and
// runs the shell script of test/kernel/jit.test.ts (with --bare: the C
// programs of test/bench/c-workloads.ts on the bare machine instead), one
// instruction at a time. Before each step the instruction at eip is read
// through the page tables (no side effects on the machine); after it, if it
// retired, its opcode is counted, and split by whether a compiled block may
// contain it (vm/host/jit/decode.ts, asked about that one instruction) —
// every instruction it refuses ends a block there. Steps that retired more
// than one instruction (the CPU waking from hlt inside the step) are counted
// as unattributed; the table says how many.
//
// Stepping gives the same machine as running (the core is deterministic and
// an instruction never straddles a step), just slower.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_BY_OPCODE } from '../../vm/isa/isa.js';
import { Machine } from '../../vm/host/machine.js';
import type { StopInfo } from '../../vm/host/machine.js';
import { decodeBlock } from '../../vm/host/jit/decode.js';
import { bootShell, run } from '../kernel/helpers.js';
import { REPO_ROOT, buildC } from '../cc/helpers.js';

const SCRIPT = [
  'true', 'ls -l /bin', 'echo one two three | cat', 'mkdir /tmp/d', 'echo hello > /tmp/d/f', 'cat /tmp/d/f',
  'ls /tmp/d', 'rm /tmp/d/f', 'sh -c "exit 3"; echo $?', 'ps',
];
const BARE = ['sieve', 'sort', 'strings', 'hashtable', 'bigint', 'crc32', 'nqueens'];

/** Per opcode: [kernel (cpl 0) count, user count]; index 256: a form the block compiler takes. */
const counts = new Map<string, { op: number; compiled: boolean; k: number; u: number }>();
let unattributed = 0;
let counted = 0;

/** Whether a block may contain the instruction whose first 12 bytes are `bytes`. */
function compilable(bytes: Uint8Array): boolean {
  const words = new Uint32Array(1024);
  new Uint8Array(words.buffer).set(bytes);
  const src = { u32: (a: number) => words[(a & 0xfff) >>> 2], cycles: () => 1 };
  return decodeBlock(src, 0x1000).length > 0;
}

/** Machine.run, one instruction per core.run() call, counting each retired one. */
function countingRun(this: Machine, budget: number): StopInfo {
  const self = this as unknown as { runCore(b: number): string; core: { halted(): number; timerDeadline(): number } };
  const startCycles = this.cycles;
  const startInstret = this.instret;
  let reason = 'budget';
  while (this.cycles - startCycles < budget) {
    const eip = this.eip;
    const cpl = this.cpl;
    const { bytes, mapped } = this.readVirt(eip, 12);
    const before = this.instret;
    const halted = self.core.halted() !== 0;
    reason = self.runCore(1);
    if (halted && reason === 'budget' && self.core.halted() !== 0) {
      // Still asleep, nothing was pending: let the idle cycles up to the timer pass in one call.
      const left = budget - (this.cycles - startCycles);
      const idle = Math.min(left, self.core.timerDeadline() - this.cycles);
      if (idle > 0) reason = self.runCore(idle);
    }
    const retired = this.instret - before;
    if (retired === 1 && mapped[0]) {
      const op = bytes[0];
      const compiled = compilable(bytes);
      const key = `${op}:${compiled}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { op, compiled, k: 0, u: 0 }));
      if (cpl === 0) c.k++; else c.u++;
      counted++;
    } else if (retired > 0) unattributed += retired;
    if (reason !== 'budget') break;
  }
  const info: StopInfo = { reason: reason as StopInfo['reason'], cycles: this.cycles - startCycles, instructions: this.instret - startInstret };
  if (reason === 'exit') info.exitStatus = this.exitStatus;
  return info;
}

async function main(): Promise<void> {
  Machine.prototype.run = countingRun;
  let what: string;
  if (process.argv.includes('--bare')) {
    for (const name of BARE) {
      const built = buildC(readFileSync(join(REPO_ROOT, 'test/cc/corpus', `${name}.c`), 'utf8'), `${name}.c`);
      const m = await Machine.create({ jit: false });
      m.eip = m.loadElf(built.elf!).entry;
      m.setReg('esp', m.ramSize);
      m.onOutput = () => {};
      while (m.run(50_000_000).reason === 'budget');
    }
    what = `the C programs ${BARE.join(', ')} on the bare machine`;
  } else {
    const sh = await bootShell({ jit: false });
    for (const line of SCRIPT) run(sh, line);
    what = 'booting the kernel and running the shell script of test/kernel/jit.test.ts';
  }
  const rows = [...counts.values()].sort((a, b) => b.k + b.u - (a.k + a.u));
  const total = counted + unattributed;
  const pct = (n: number): string => `${((100 * n) / total).toFixed(2)}%`;
  const enders = rows.filter((r) => !r.compiled);
  const endTotal = enders.reduce((s, r) => s + r.k + r.u, 0);
  console.log(`Instructions a compiled block cannot contain, ${what}, interpreter, one step at a time.`);
  console.log(`${total} instructions retired; ${unattributed} unattributed (woken from hlt within a step);`);
  console.log(`${endTotal} (${pct(endTotal)}) are of forms that end a block:\n`);
  console.log('| form | kernel (ring 0) | user (ring 3) | total | of all instructions |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of enders) {
    const name = FORM_BY_OPCODE[r.op]?.name ?? `opcode ${r.op}`;
    console.log(`| ${name} | ${r.k} | ${r.u} | ${r.k + r.u} | ${pct(r.k + r.u)} |`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
