// The short-workload part of `npm run bench`: host time of booting the
// kernel to the shell prompt and of `/bin/true` at the prompt, with the
// interpreter only (--no-jit) and with the compiled tier, interleaved.
//
// A short workload is where the compiled tier can lose: it compiles code
// that then runs only briefly. What a user waits for is a boot in a fresh
// process (the CLI, a new tab), so each sample is a child process:
//
//   cold boot   Machine.create + loading the image, then running the guest
//               to the first prompt (the headline: "boot"), wall and CPU time
//   /bin/true   typed at that first prompt (fork + exec + exit + wait, prompt
//               to prompt), then a second time (the figure measure.ts prints)
//   pipeline    then `seq 1 20000 | sort -n | uniq | wc -l` (about 380 M
//               instructions of kernel and user code: pipes, forks, execs,
//               sorting), where blocks are short and the tier has to pay for
//               entering them
//   warm boot   a second machine booted in the same process, to the prompt
//               (the host's JavaScript and any process-wide cache are warm)
//
// The guest cycles of each phase must be the same under both tiers (the tier
// is exact); a difference is a failure. Standalone:
//   npx tsx test/bench/boot.ts [--quick]        interleaved samples, a table
//   npx tsx test/bench/boot.ts --child on|off   one sample as JSON (internal)
// This file only uses APIs that existed before the compiled tier (boot,
// ShellSession), so it also measures an older tree (`jit` is then ignored).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { boot } from '../../vm/host/boot.js';
import { ShellSession } from '../../vm/host/shell-session.js';
import { nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { Summary, cpuMs, summarize } from './stats.js';

const LIMIT = 10_000_000_000;

/** Wall and CPU milliseconds of one timed phase, and the guest cycles it ran. */
export interface Phase {
  ms: number;
  cpuMs: number;
  cycles: number;
}

type PhaseName = 'create' | 'boot' | 'trueFirst' | 'trueAgain' | 'pipeline' | 'warmBoot';
const PHASES: PhaseName[] = ['create', 'boot', 'trueFirst', 'trueAgain', 'pipeline', 'warmBoot'];
/** The pipeline phase's command line. */
export const PIPELINE = 'seq 1 20000 | sort -n | uniq | wc -l';

/** One child process's figures. */
export interface BootSample {
  jit: boolean;
  /** Machine.create and loading the boot image (host only, no guest cycles). */
  create: Phase;
  /** Running the guest from reset to the first prompt. */
  boot: Phase;
  trueFirst: Phase;
  trueAgain: Phase;
  /** PIPELINE at the prompt after them. */
  pipeline: Phase;
  /** A second machine in the same process, created, loaded and booted to the prompt. */
  warmBoot: Phase;
  /** Machine.jitStats() after the first boot's /bin/true commands (absent when the tier is off or absent). */
  jit1?: Record<string, unknown>;
  /** The same for the second machine after its boot. */
  jit2?: Record<string, unknown>;
}

function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

async function timedAsync<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = cpuMs();
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

async function bootToPrompt(jit: boolean): Promise<{ sh: ShellSession; create: Phase; boot: Phase }> {
  const system = repoSystemBuild();
  const read = nodeReader();
  const created = await timedAsync(() => boot(system, read, { cmdline: 'quiet', jit }));
  const sh = new ShellSession(created.value);
  const ran = timed(() => sh.waitForPrompt(LIMIT));
  if (ran.value.outcome !== 'prompt') throw new Error(`boot: no prompt (${ran.value.outcome})\n${sh.transcript}`);
  return {
    sh,
    create: { ms: created.ms, cpuMs: created.cpuMs, cycles: 0 },
    boot: { ms: ran.ms, cpuMs: ran.cpuMs, cycles: ran.value.cycles },
  };
}

function command(sh: ShellSession, line: string): Phase {
  const r = timed(() => sh.command(line, LIMIT));
  if (r.value.outcome !== 'prompt') throw new Error(`'${line}': ${r.value.outcome}\n${sh.transcript}`);
  return { ms: r.ms, cpuMs: r.cpuMs, cycles: r.value.cycles };
}

/** jitStats() where the Machine has it (not before the tier existed). */
function jitStats(sh: ShellSession): Record<string, unknown> | undefined {
  const m = sh.machine as unknown as { jitStats?: () => Record<string, unknown> | undefined };
  return m.jitStats?.();
}

/** One sample, in this process (meant to be its first boot). */
export async function sampleInProcess(jit: boolean): Promise<BootSample> {
  const first = await bootToPrompt(jit);
  const trueFirst = command(first.sh, '/bin/true');
  const trueAgain = command(first.sh, '/bin/true');
  const jit1 = jitStats(first.sh);
  const pipeline = command(first.sh, PIPELINE);
  const t0 = performance.now();
  const c0 = cpuMs();
  const second = await bootToPrompt(jit);
  const warmBoot = { ms: performance.now() - t0, cpuMs: cpuMs() - c0, cycles: second.boot.cycles };
  return { jit, create: first.create, boot: first.boot, trueFirst, trueAgain, pipeline, warmBoot, jit1, jit2: jitStats(second.sh) };
}

/** One sample in a fresh child process (so the boot is the process's first). */
export function sampleInChild(jit: boolean): BootSample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', jit ? 'on' : 'off'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as BootSample;
}

export interface BootReport {
  samples: number;
  loadAverage: number;
  /** Per tier and phase: medians and ranges of wall and CPU ms. */
  tiers: Record<'interpreter' | 'jit', Record<PhaseName, { wall: Summary; cpu: Summary }>>;
  cycles: { boot: number; trueFirst: number; trueAgain: number; pipeline: number };
  /** The compiled tier's figures after the first boot and /bin/true, and after the second boot (last sample). */
  jitAfterFirst?: Record<string, unknown>;
  jitAfterSecond?: Record<string, unknown>;
  failures: string[];
}

/** `samples` child processes per tier, alternating interpreter and compiled tier. */
export function measureBoot(samples: number): BootReport {
  const runs: Record<'interpreter' | 'jit', BootSample[]> = { interpreter: [], jit: [] };
  for (let i = 0; i < samples; i++) {
    runs.interpreter.push(sampleInChild(false));
    runs.jit.push(sampleInChild(true));
  }
  const failures: string[] = [];
  const all = [...runs.interpreter, ...runs.jit];
  for (const k of ['boot', 'trueFirst', 'trueAgain', 'pipeline', 'warmBoot'] as const) {
    const cycles = new Set(all.map((x) => x[k].cycles));
    if (cycles.size !== 1) failures.push(`boot bench: ${k} ran ${[...cycles].join(' / ')} guest cycles in different samples`);
  }
  const tier = (xs: BootSample[]) =>
    Object.fromEntries(PHASES.map((k) => [k, { wall: summarize(xs.map((x) => x[k].ms)), cpu: summarize(xs.map((x) => x[k].cpuMs)) }])) as
      BootReport['tiers']['jit'];
  const last = runs.jit[runs.jit.length - 1];
  return {
    samples,
    loadAverage: loadavg()[0],
    tiers: { interpreter: tier(runs.interpreter), jit: tier(runs.jit) },
    cycles: { boot: all[0].boot.cycles, trueFirst: all[0].trueFirst.cycles, trueAgain: all[0].trueAgain.cycles, pipeline: all[0].pipeline.cycles },
    jitAfterFirst: last.jit1,
    jitAfterSecond: last.jit2,
    failures,
  };
}

function range(s: Summary): string {
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

export function formatBoot(r: BootReport): string {
  const rows: [string, PhaseName][] = [
    ['create the machine, load the image', 'create'],
    [`boot to the prompt (${r.cycles.boot.toLocaleString('en-US')} cycles)`, 'boot'],
    [`/bin/true at the first prompt (${r.cycles.trueFirst.toLocaleString('en-US')} cycles)`, 'trueFirst'],
    [`/bin/true again (${r.cycles.trueAgain.toLocaleString('en-US')} cycles)`, 'trueAgain'],
    [`the pipeline below (${r.cycles.pipeline.toLocaleString('en-US')} cycles)`, 'pipeline'],
    ['a second boot in the same process (create + run)', 'warmBoot'],
  ];
  const lines = [
    '',
    `Short workloads: a fresh process per sample, ${r.samples} per tier, interleaved; host ms, median (min–max); ` +
      `load average ${r.loadAverage.toFixed(2)}`,
    `  ${'phase'.padEnd(50)} ${'--no-jit wall'.padEnd(24)} ${'cpu'.padEnd(24)} ${'compiled tier wall'.padEnd(24)} cpu`,
  ];
  for (const [label, k] of rows) {
    const a = r.tiers.interpreter[k], b = r.tiers.jit[k];
    lines.push(`  ${label.padEnd(50)} ${range(a.wall).padEnd(24)} ${range(a.cpu).padEnd(24)} ${range(b.wall).padEnd(24)} ${range(b.cpu)}`);
  }
  const j = r.jitAfterFirst, j2 = r.jitAfterSecond;
  lines.push(`  the pipeline: ${PIPELINE}`);
  if (j) lines.push(`  compiled tier after boot + 2 × /bin/true: ${JSON.stringify(j)}`);
  if (j2) lines.push(`  compiled tier after the second boot:     ${JSON.stringify(j2)}`);
  for (const f of r.failures) lines.push(`  FAILED: ${f}`);
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const child = argv.indexOf('--child');
  if (child >= 0) {
    const sample = await sampleInProcess(argv[child + 1] !== 'off');
    process.stdout.write(JSON.stringify(sample) + '\n');
    return;
  }
  const samplesArg = argv.find((a) => a.startsWith('--samples='));
  const samples = samplesArg ? Number(samplesArg.slice('--samples='.length)) : argv.includes('--quick') ? 3 : 7;
  const report = measureBoot(samples);
  process.stdout.write(formatBoot(report));
  process.exitCode = report.failures.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`boot bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
