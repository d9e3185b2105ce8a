// Host time per guest instruction for C programs of the test corpus on the
// bare machine, with the compiled tier and without (not a test: numbers).
// Run with:
//
//   npx tsx test/bench/c-workloads.ts [runs] [--eager]   (default 5 runs per tier)
//
// These programs run 0.1-4.5 M cycles, less than the tier waits for by
// default (DEFAULT_JIT_START_CYCLES), so with the defaults nothing is
// compiled and both tiers run the interpreter: what a user running them
// gets. --eager starts the tier at the first cycle and compiles a block after
// EAGER_THRESHOLD entries, to show what compiled code does for them.
//
// Each program is built once (libc included, as test/cc/measure.ts does),
// then run `runs` times per tier, the tiers interleaved so both see the same
// load. Timed: the run loop only (the ELF loaded before the clock starts).
// Cold: a fresh machine per run, so the compiled tier's compile time is in
// it (it compiles while the program runs) and machine creation is not.
// Warm: the program run again on the same machine (reloaded, CPU reset):
// the tier's code cache reinstalls its blocks without compiling, so this is
// what compiled code itself costs. The two tiers must agree on the
// program's output, instructions and cycles, or the script fails. Prints
// medians and [min–max] in host ns per guest instruction, wall time and CPU
// time of this process.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import os from 'node:os';
import { Machine } from '../../vm/host/machine.js';
import { DEFAULT_JIT_START_CYCLES, TierTiming } from '../../vm/host/machine-config.js';
import { REPO_ROOT, buildC } from '../cc/helpers.js';
import { median } from './stats.js';

const PROGRAMS = ['sieve', 'sort', 'strings', 'hashtable', 'bigint', 'crc32', 'nqueens'];
/** --eager: block entries before a block is compiled (the tests that watch the tier use 32,000 or fewer). */
const EAGER_THRESHOLD = 1000;

interface Run { wallNs: number; cpuNs: number; instret: number; cycles: number; stdout: string; blocks: number }

async function runOnce(elf: Uint8Array, jit: boolean, timing: TierTiming, reuse?: Machine): Promise<Run & { machine: Machine }> {
  const m = reuse ?? await Machine.create({ jit, ...timing });
  m.resetCpu();
  const cycles0 = m.cycles;
  const instret0 = m.instret;
  const { entry } = m.loadElf(elf);
  m.eip = entry;
  m.setReg('esp', m.ramSize);
  let stdout = '';
  m.onOutput = (t) => (stdout += t);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (;;) {
    const info = m.run(50_000_000);
    if (info.reason === 'budget') continue;
    if (info.reason !== 'exit') throw new Error(`stopped: ${info.reason}`);
    break;
  }
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  return {
    wallNs, cpuNs: (cpu.user + cpu.system) * 1000, instret: m.instret - instret0, cycles: m.cycles - cycles0, stdout,
    blocks: m.jitStats()?.compiled ?? 0, machine: m,
  };
}

function fmt(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return `${median(values).toFixed(1)} [${lo.toFixed(1)}–${hi.toFixed(1)}]`;
}

async function main(): Promise<void> {
  const usage = 'usage: npx tsx test/bench/c-workloads.ts [runs] [--eager] [--help]\n' +
    '  runs     runs per tier and program (default 5)\n' +
    `  --eager  start the tier at the first cycle and compile after ${EAGER_THRESHOLD} entries\n`;
  let parsed;
  try {
    parsed = parseArgs({ options: { eager: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (e) {
    process.stderr.write(`c-workloads: ${e instanceof Error ? e.message : e}\n${usage}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const runs = Number(positionals[0] ?? 5);
  if (!Number.isInteger(runs) || runs < 1 || positionals.length > 1) {
    process.stderr.write(`c-workloads: runs must be one whole number, 1 or more\n${usage}`);
    process.exit(2);
  }
  const timing: TierTiming = values.eager ? { jitStartCycles: 0, jitThreshold: EAGER_THRESHOLD } : {};
  console.log(`C workloads on the bare machine, ${runs} runs per tier, load average ${os.loadavg()[0].toFixed(2)}`);
  console.log(values.eager
    ? `the tier from the first cycle, a block compiled after ${EAGER_THRESHOLD} entries (--eager)`
    : `the tier as configured by default: it starts after ${DEFAULT_JIT_START_CYCLES / 1e6} M cycles, so these programs end before it (--eager: at once)`);
  console.log('program    run   instructions     cycles   interp ns/insn (wall)  JIT ns/insn (wall)   interp ns/insn (CPU)   JIT ns/insn (CPU)   blocks');
  for (const name of PROGRAMS) {
    const built = buildC(readFileSync(join(REPO_ROOT, 'test/cc/corpus', `${name}.c`), 'utf8'), `${name}.c`);
    if (!built.elf) throw new Error(`${name}: ${built.errors.join('\n')}`);
    const interp: Run[] = [];
    const jit: Run[] = [];
    const interpWarm: Run[] = [];
    const jitWarm: Run[] = [];
    for (let r = 0; r < runs; r++) {
      const i = await runOnce(built.elf, false, timing);
      const j = await runOnce(built.elf, true, timing);
      interp.push(i);
      jit.push(j);
      interpWarm.push(await runOnce(built.elf, false, timing, i.machine));
      jitWarm.push(await runOnce(built.elf, true, timing, j.machine));
    }
    const ref = interp[0];
    for (const x of [...interp, ...jit, ...interpWarm, ...jitWarm]) {
      if (x.instret !== ref.instret || x.cycles !== ref.cycles || x.stdout !== ref.stdout) {
        throw new Error(`${name}: the runs disagree (${x.instret}/${x.cycles} against ${ref.instret}/${ref.cycles})`);
      }
    }
    const per = (xs: Run[], key: 'wallNs' | 'cpuNs'): number[] => xs.map((x) => x[key] / x.instret);
    for (const [run, a, b] of [['cold', interp, jit], ['warm', interpWarm, jitWarm]] as const) {
      console.log(
        `${name.padEnd(10)} ${run} ${String(ref.instret).padStart(14)} ${String(ref.cycles).padStart(10)}   ` +
        `${fmt(per(a, 'wallNs')).padEnd(22)} ${fmt(per(b, 'wallNs')).padEnd(20)} ` +
        `${fmt(per(a, 'cpuNs')).padEnd(22)} ${fmt(per(b, 'cpuNs')).padEnd(19)} ${b[0].blocks}`,
      );
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
