// Kernel measurements: `npx tsx test/kernel/measure.ts`. Guest cycles are
// exact (the cycle model); host milliseconds are wall-clock time on this
// machine and vary from run to run.
//
//   - boot to the first prompt (guest cycles; host ms for Machine.create and
//     for running the guest);
//   - `true` typed at the shell: fork + exec + exit + wait, prompt to prompt;
//   - a timer tick that switches between two processes (the seven steps, CR3
//     written) vs one that switches between two threads of one process (no
//     CR3 write) vs one that resumes the same process (no switch): cycles
//     from the interrupt to the first user instruction, CR3 writes, TLB
//     misses during the tick and in the quantum after it.

import { readElf } from '../../vm/asm/elf.js';
import { boot } from '../../vm/host/boot.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { Machine } from '../../vm/host/machine.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';

const LIMIT = 10_000_000_000;

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

async function main(): Promise<void> {
  const read = nodeReader();
  let t = performance.now();
  const system = repoSystemBuild();
  console.log(`build: kernel + ${system.programs.size} programs in ${(performance.now() - t).toFixed(0)} ms host`);

  t = performance.now();
  const booted = await boot(system, read, { cmdline: 'quiet' });
  const loadMs = performance.now() - t;
  const sh = new ShellSession(booted);
  t = performance.now();
  const first = sh.waitForPrompt(LIMIT);
  const runMs = performance.now() - t;
  if (first.outcome !== 'prompt') throw new Error(`no prompt: ${first.outcome}\n${sh.transcript}`);
  const m = booted.machine;
  console.log(`boot to first prompt: ${fmt(m.cycles)} cycles, ${fmt(m.instret)} instructions; host: ` +
    `${loadMs.toFixed(1)} ms to create the machine and load the image + ${runMs.toFixed(1)} ms running the guest`);

  // Booting again in the same process: the host's JIT is warm now.
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    const again = await boot(system, read, { cmdline: 'quiet' });
    const created = performance.now() - t;
    const s2 = new ShellSession(again);
    t = performance.now();
    const r2 = s2.waitForPrompt(LIMIT);
    console.log(`  boot again: ${fmt(r2.cycles)} cycles; host ${created.toFixed(1)} ms create + load, ` +
      `${(performance.now() - t).toFixed(1)} ms running the guest`);
  }

  // /bin/true is the program (fork + exec + exit + wait); plain `true` is the shell's built-in.
  sh.command('/bin/true', LIMIT); // warm up the host's JIT on this path
  const i0 = m.instret;
  t = performance.now();
  const r = sh.command('/bin/true', LIMIT);
  console.log(`'/bin/true' at the shell (fork + exec + exit + wait, prompt to prompt): ${fmt(r.cycles)} cycles, ` +
    `${fmt(m.instret - i0)} instructions, ${(performance.now() - t).toFixed(2)} ms host`);
  const b = sh.command('true', LIMIT);
  console.log(`'true' at the shell (the built-in, prompt to prompt): ${fmt(b.cycles)} cycles`);

  const elf = readElf(booted.kernel);
  if (!elf.ok) throw new Error(elf.error);
  const step1 = elf.elf.symbols.find((s) => s.name === 'ctxsw_1_interrupt')!.value;

  const one = sh.command('spin &', LIMIT).text;
  measureTick(m, step1, 'tick, one runnable process (no switch)');
  const two = sh.command('spin &', LIMIT).text;
  measureTick(m, step1, 'tick, two processes (switch, CR3 written)');
  const pids = [one, two].map((t) => /^\[\d+\] (\d+)$/m.exec(t)![1]);
  sh.command(`kill ${pids.join(' ')}`, LIMIT);
  sh.command('spinthreads 2 &', LIMIT);
  measureTick(m, step1, 'tick, two threads of one process (switch, no CR3 write)');
}

/** Stop at the next timer interrupt taken in user mode. */
function runToUserTick(m: Machine, step1: number): void {
  m.addBreakpoint(step1);
  for (;;) {
    const info = m.run(1_000_000_000);
    if (info.reason !== 'breakpoint') throw new Error(`expected a timer tick, got ${info.reason}`);
    const frame = m.readVirt(m.getReg('esp'), 8).bytes;
    const cs = frame[4] | (frame[5] << 8);
    if ((cs & 3) === 3) break;
  }
  m.removeBreakpoint(step1);
}

function measureTick(m: Machine, step1: number, label: string): void {
  runToUserTick(m, step1);
  const c0 = m.cycles;
  const k0 = m.counters();
  while (m.cpl !== 3) m.step();
  const c1 = m.cycles;
  const k1 = m.counters();
  runToUserTick(m, step1);
  const k2 = m.counters();
  console.log(`${label}: ${fmt(c1 - c0)} cycles from the interrupt to the first user instruction, ` +
    `${k1.CR3_WRITES - k0.CR3_WRITES} CR3 write(s), ${k1.TLB_MISSES - k0.TLB_MISSES} TLB misses in the tick, ` +
    `${k2.TLB_MISSES - k1.TLB_MISSES} in the quantum after it`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
