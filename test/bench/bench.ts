// `npm run bench`: how fast Glassbox runs guest code, next to two references.
//
//   npm run bench                      full run (30-40 s; Glassbox runs dominate)
//   npm run bench -- --json FILE       also write the JSON report to FILE
//   npm run bench -- --quick           a tenth of the work, fewer samples (a smoke test)
//
// Prints a table, then the same numbers as JSON on stdout. Speeds are
// measured twice: by wall time (the headline; the targets are judged on it)
// and by this process's CPU time, which stays meaningful when other
// processes compete for the CPUs (the load average is printed with the
// results). Measured, per loop
// (the loops are described in loops.ts and kernel.s):
//   (a) ALU/branch loop, ring 0, paging off, no timer
//   (b) memory loop in ring 3 with paging on and the timer firing every
//       3 M cycles (the kernel's quantum); 16 pages
//   (c) the same with a working set of 1024 pages, 16 times the TLB
//   (b) again with paging off: the paging tax is 1 - MIPS(b) / MIPS(this)
//   the CR3 loops: host ns and guest cycles of a CR3 write that flushes a
//   full TLB (refill included), and of one that finds the TLB empty
//   time travel (timetravel.ts): recording's cost, going back one instruction
//   short workloads (boot.ts): booting the kernel to the prompt and /bin/true,
//   host ms, a fresh process per sample, both tiers interleaved
// each on Glassbox, on v86 (same x86 loop; not the CR3 loops) and in plain
// TypeScript (the same computation with no emulator), with the ratios.
// Glassbox runs the loops twice, interleaved in the same run: with the
// interpreter only (--no-jit) and with the compiled tier (the default); the
// CR3 loops and time travel run on the default machine.
// Every result is checked (eax at the end of each loop must equal the
// TypeScript reference's) and a mismatch fails the run. The targets are
// reported, not asserted: the exit status is 0 unless a measurement failed.

import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { ALU_INSTRUCTIONS_PER_ITERATION, MEM_INSTRUCTIONS_PER_ITERATION } from './loops.js';
import {
  EMPTY_CR3_WRITES, GlassboxConfig, TLB_ENTRIES, GlassboxSample, entriesDroppedPerCr3Write, runGlassbox, runInterleaved,
} from './glassbox.js';
import { V86KernelOptions, V86Run, runV86 } from './v86-ref.js';
import { TsRun, timeAluTs, timeMemTs } from './ts-ref.js';
import { Summary, median, mips, round3, summarize } from './stats.js';
import { LoopReport, Report, formatReport, targets } from './report.js';
import { formatTimeTravel, measureTimeTravel } from './timetravel.js';
import { formatBoot, measureBoot } from './boot.js';

interface Settings {
  quick: boolean;
  jsonFile?: string;
  aluIterations: number;
  memIterations: number;
  cr3Iterations: number;
  smallWorkingSet: number;
  bigWorkingSet: number;
  /** Glassbox: runs kept, after warm-up runs. */
  samples: number;
  warmups: number;
  /** v86 and TypeScript: repetitions, of which the first `refWarmups` are dropped. */
  refReps: number;
  refWarmups: number;
  timerPeriod: number;
  sliceCycles: number;
  touchPages: number;
}

function parseArgs(argv: string[]): Settings {
  let quick = false;
  let jsonFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--json' && i + 1 < argv.length) jsonFile = argv[++i];
    else if (a.startsWith('--json=')) jsonFile = a.slice('--json='.length);
    else {
      process.stderr.write(`bench: unknown argument '${a}'\nusage: npm run bench -- [--quick] [--json FILE]\n`);
      process.exit(2);
    }
  }
  const scale = quick ? 0.1 : 1;
  return {
    quick,
    jsonFile,
    aluIterations: Math.round(12_500_000 * scale),
    memIterations: Math.round(12_000_000 * scale),
    cr3Iterations: Math.round(50_000 * scale),
    smallWorkingSet: 64 << 10,
    bigWorkingSet: 4 << 20,
    samples: quick ? 3 : 5,
    warmups: 1,
    refReps: quick ? 4 : 7,
    refWarmups: quick ? 1 : 2,
    timerPeriod: 3_000_000, // the kernel's default quantum (kernel/include/param.h): 1 ms at 3 GHz, like v86's 1 kHz PIT
    sliceCycles: 4_000_000,
    touchPages: TLB_ENTRIES,
  };
}

/** Failures collected along the way; any one makes the exit status 1. */
const failures: string[] = [];

function check(ok: boolean, message: string): void {
  if (!ok) failures.push(message);
}

async function attempt<T>(what: string, f: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await f();
  } catch (err) {
    failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Which clock a speed is measured with: wall time, or this process's CPU time. */
type Clock = 'wall' | 'cpu';

function gbSummary(samples: GlassboxSample[] | undefined, clock: Clock = 'wall'): Summary | undefined {
  return samples ? summarize(samples.map((x) => (clock === 'wall' ? x.mips : x.cpuMips))) : undefined;
}

function v86Summary(run: V86Run | undefined, s: Settings, clock: Clock = 'wall'): Summary | undefined {
  if (!run) return undefined;
  return summarize(run.reps.slice(s.refWarmups).map((r) => mips(run.instructionsPerRep, clock === 'wall' ? r.ms : r.cpuMs)));
}

/** What the Glassbox runs did besides their speed (medians over the kept runs). */
function gbDetail(samples: GlassboxSample[] | undefined): LoopReport['glassboxDetail'] {
  if (!samples) return undefined;
  const m = (f: (x: GlassboxSample) => number) => median(samples.map(f));
  const last = samples[samples.length - 1].jit;
  return {
    codeCache: last ? { regions: last.cached, bytes: last.codeBytes, limit: last.codeBytesLimit, entered: last.entered } : undefined,
    instructionsPerRun: m((x) => x.instructions),
    cyclesPerInstruction: m((x) => x.cycles / x.instructions),
    guestMHz: m((x) => x.cycles / (x.ms * 1000)),
    tlbHits: m((x) => x.counters.TLB_HITS),
    tlbMisses: m((x) => x.counters.TLB_MISSES),
    interrupts: m((x) => x.counters.INTERRUPTS),
  };
}

/** v86's own instruction counter per repetition (a cross-check of the exact count) and its timer ticks. */
function v86Detail(run: V86Run | undefined, s: Settings): LoopReport['v86Detail'] {
  if (!run) return undefined;
  return {
    instructionsPerRep: run.instructionsPerRep,
    countedPerRep: median(run.reps.slice(s.refWarmups).map((r) => r.counted)),
    timerTicks: run.ticks,
  };
}

function tsSummary(run: TsRun | undefined, s: Settings, clock: Clock = 'wall'): Summary | undefined {
  return run ? summarize((clock === 'wall' ? run.mipsPerRep : run.cpuMipsPerRep).slice(s.refWarmups)) : undefined;
}

type Samples = GlassboxSample[] | undefined;

interface TsResults { alu: TsRun; mem: TsRun; memBig: TsRun }
interface GlassboxResults {
  alu: Samples; mem: Samples; memBig: Samples; memFlat: Samples;
  /** The same four with the compiled tier. */
  jit: { alu: Samples; mem: Samples; memBig: Samples; memFlat: Samples };
  cr3?: { flush: GlassboxSample[]; warm: GlassboxSample[]; empty: GlassboxSample[] };
  cr3Dropped?: number;
}
interface V86Results { alu?: V86Run; mem?: V86Run; memBig?: V86Run; memFlat?: V86Run }

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The TypeScript references; they are also the expected results. */
function measureTypeScript(s: Settings): TsResults {
  progress('TypeScript references');
  return {
    alu: timeAluTs(s.aluIterations, s.refReps),
    mem: timeMemTs(s.memIterations, s.smallWorkingSet, s.refReps),
    memBig: timeMemTs(s.memIterations, s.bigWorkingSet, s.refReps),
  };
}

async function measureGlassbox(s: Settings): Promise<GlassboxResults> {
  // The loops measure compiled code once warm, so the tier starts at their first cycle (the
  // machine's default waits 32 M cycles, longer than a --quick warm-up run); the boot section
  // below measures what a machine's start costs.
  const gb = (c: Omit<GlassboxConfig, 'sliceCycles' | 'timerPeriod'> & { timerPeriod?: number }): GlassboxConfig =>
    ({ sliceCycles: s.sliceCycles, timerPeriod: 0, tier: { jitStartCycles: 0 }, ...c });
  const mem = (workingSet: number, paging: boolean) =>
    gb({ loop: 'mem', iterations: s.memIterations, workingSet, paging, user: true, timerPeriod: s.timerPeriod });
  const cr3 = (loop: 'cr3-flush' | 'cr3-warm' | 'cr3-empty') =>
    gb({ loop, iterations: s.cr3Iterations, paging: true, user: false, touchPages: s.touchPages });

  const both = <K extends string>(configs: Record<K, GlassboxConfig>) => {
    const out: Record<string, GlassboxConfig> = {};
    for (const [k, c] of Object.entries(configs) as [K, GlassboxConfig][]) {
      out[k] = { ...c, jit: false };
      out[`${k}Jit`] = { ...c, jit: true };
    }
    return out;
  };
  progress('Glassbox (a) ALU loop, interpreter and compiled tier (interleaved)');
  const alu = await attempt('glassbox alu', () =>
    runInterleaved(both({ alu: gb({ loop: 'alu', iterations: s.aluIterations, paging: false, user: false }) }), s.samples, s.warmups));
  // (c) is reported against (b) and (b) against paging off: the three take turns, so that the
  // host's changes of speed (large on a shared machine) hit all of them alike.
  progress('Glassbox (b) and (c) memory loops, and (b) with paging off, both tiers (interleaved)');
  const mems = await attempt('glassbox mem/memFlat/memBig', () => runInterleaved(both({
    mem: mem(s.smallWorkingSet, true), memFlat: mem(s.smallWorkingSet, false), memBig: mem(s.bigWorkingSet, true),
  }), s.samples, s.warmups));
  progress('Glassbox CR3 loops (interleaved)');
  const cr3Runs = await attempt('glassbox cr3', () =>
    runInterleaved({ flush: cr3('cr3-flush'), warm: cr3('cr3-warm'), empty: cr3('cr3-empty') }, s.samples, s.warmups));
  const cr3Dropped = await attempt('glassbox cr3 entries dropped', () => entriesDroppedPerCr3Write(cr3('cr3-flush')));
  return {
    alu: alu?.alu, mem: mems?.mem, memFlat: mems?.memFlat, memBig: mems?.memBig, cr3: cr3Runs, cr3Dropped,
    jit: { alu: alu?.aluJit, mem: mems?.memJit, memFlat: mems?.memFlatJit, memBig: mems?.memBigJit },
  };
}

async function measureV86(s: Settings): Promise<V86Results> {
  const mem = (workingSet: number, paging: boolean): V86KernelOptions => ({
    loop: { kind: 'mem', iterations: s.memIterations, workingSet }, reps: s.refReps, paging, user: true, timer: true,
  });
  progress('v86 (a) ALU loop');
  const alu = await attempt('v86 alu', () =>
    runV86({ loop: { kind: 'alu', iterations: s.aluIterations }, reps: s.refReps, paging: false, user: false, timer: false }));
  progress('v86 (b) memory loop');
  const memRun = await attempt('v86 mem', () => runV86(mem(s.smallWorkingSet, true)));
  progress('v86 (c) memory loop, big working set');
  const memBig = await attempt('v86 memBig', () => runV86(mem(s.bigWorkingSet, true)));
  progress('v86 memory loop, paging off');
  const memFlat = await attempt('v86 memFlat', () => runV86(mem(s.smallWorkingSet, false)));
  return { alu, mem: memRun, memBig, memFlat };
}

/**
 * Every engine must leave the TypeScript reference's eax: each Glassbox run
 * starts from the same snapshot (so rep 0's value), v86's repetitions share
 * one array (so rep k's value).
 */
function checkResults(ts: TsResults, gb: GlassboxResults, v86: V86Results): void {
  const expectGb = (name: string, samples: Samples, expected: number) => {
    for (const x of samples ?? []) check(x.result === expected, `glassbox ${name}: eax 0x${hex(x.result)}, expected 0x${hex(expected)}`);
  };
  expectGb('alu', gb.alu, ts.alu.results[0]);
  expectGb('mem', gb.mem, ts.mem.results[0]);
  expectGb('memBig', gb.memBig, ts.memBig.results[0]);
  expectGb('memFlat', gb.memFlat, ts.mem.results[0]);
  expectGb('alu (compiled)', gb.jit.alu, ts.alu.results[0]);
  expectGb('mem (compiled)', gb.jit.mem, ts.mem.results[0]);
  expectGb('memBig (compiled)', gb.jit.memBig, ts.memBig.results[0]);
  expectGb('memFlat (compiled)', gb.jit.memFlat, ts.mem.results[0]);
  // The tiers must agree exactly: the same cycles, instructions and counters.
  for (const k of ['alu', 'mem', 'memBig', 'memFlat'] as const) {
    const a = gb[k]?.[0], b = gb.jit[k]?.[0];
    if (a && b) {
      check(a.cycles === b.cycles && a.instructions === b.instructions && JSON.stringify(a.counters) === JSON.stringify(b.counters),
        `glassbox ${k}: the compiled tier ran ${b.cycles} cycles / ${b.instructions} instructions, the interpreter ${a.cycles} / ${a.instructions}`);
    }
  }
  const expectV86 = (name: string, run: V86Run | undefined, expected: number[]) => {
    run?.results.forEach((r, k) => check(r === expected[k], `v86 ${name} rep ${k}: eax 0x${hex(r)}, expected 0x${hex(expected[k])}`));
  };
  expectV86('alu', v86.alu, ts.alu.results);
  expectV86('mem', v86.mem, ts.mem.results);
  expectV86('memBig', v86.memBig, ts.memBig.results);
  expectV86('memFlat', v86.memFlat, ts.mem.results);
}

function buildReport(s: Settings, ts: TsResults, gb: GlassboxResults, v86: V86Results): Report {
  const loop = (
    title: string, perIteration: number, iterations: number, g: Samples, j: Samples, v: V86Run | undefined, t: TsRun,
  ): LoopReport => ({
    title,
    instructionsPerIteration: perIteration,
    iterations,
    glassbox: gbSummary(g),
    glassboxDetail: gbDetail(g),
    glassboxJit: gbSummary(j),
    glassboxJitDetail: gbDetail(j),
    v86: v86Summary(v, s),
    v86Detail: v86Detail(v, s),
    typescript: tsSummary(t, s),
    cpu: {
      glassbox: gbSummary(g, 'cpu'), glassboxJit: gbSummary(j, 'cpu'), v86: v86Summary(v, s, 'cpu'), typescript: tsSummary(t, s, 'cpu'),
    },
  });
  const A = ALU_INSTRUCTIONS_PER_ITERATION, M = MEM_INSTRUCTIONS_PER_ITERATION;
  return {
    host: {
      node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverage: loadavg()[0],
      date: new Date().toISOString(), commit: gitCommit(),
    },
    settings: { ...s },
    loops: {
      alu: loop('(a) ALU/branch loop: ring 0, paging off, no timer', A, s.aluIterations, gb.alu, gb.jit.alu, v86.alu, ts.alu),
      mem: loop(`(b) memory loop: ring 3, paging, timer; ${s.smallWorkingSet / 4096} pages`, M, s.memIterations, gb.mem,
        gb.jit.mem, v86.mem, ts.mem),
      memBig: loop(`(c) memory loop: as (b), ${s.bigWorkingSet / 4096} pages (TLB: ${TLB_ENTRIES} entries)`, M, s.memIterations,
        gb.memBig, gb.jit.memBig, v86.memBig, ts.memBig),
      memFlat: loop('    memory loop: as (b) with paging off', M, s.memIterations, gb.memFlat, gb.jit.memFlat, v86.memFlat, ts.mem),
    },
    pagingTax: {
      glassbox: tax(gbSummary(gb.mem), gbSummary(gb.memFlat)),
      glassboxCpu: tax(gbSummary(gb.mem, 'cpu'), gbSummary(gb.memFlat, 'cpu')),
      v86: tax(v86Summary(v86.mem, s), v86Summary(v86.memFlat, s)),
      v86Cpu: tax(v86Summary(v86.mem, s, 'cpu'), v86Summary(v86.memFlat, s, 'cpu')),
    },
    tlb: tlbFacts(gb.mem, gb.memBig),
    tlbJit: tlbFacts(gb.jit.mem, gb.jit.memBig),
    timer: timerFacts(gb.mem, v86.mem, s),
    cr3: cr3Facts(gb.cr3?.flush, gb.cr3?.warm, gb.cr3?.empty, gb.cr3Dropped, s),
    failures,
  };
}

async function main(): Promise<void> {
  const s = parseArgs(process.argv.slice(2));
  const ts = measureTypeScript(s);
  const gb = await measureGlassbox(s);
  const v86 = await measureV86(s);
  checkResults(ts, gb, v86);
  const report = buildReport(s, ts, gb, v86);
  process.stdout.write(formatReport(report));
  const timeTravel = await attempt('time travel', () => measureTimeTravel(s.quick));
  if (timeTravel) process.stdout.write(formatTimeTravel(timeTravel));
  progress('short workloads: boot to the prompt and /bin/true, a process per sample, both tiers (interleaved)');
  const boot = await attempt('boot', () => measureBoot(s.quick ? 3 : 7));
  if (boot) {
    process.stdout.write(formatBoot(boot));
    failures.push(...boot.failures);
  }
  const json = JSON.stringify({ ...report, timeTravel, boot, targets: targets(report) }, (_k, v) => (typeof v === 'number' ? round3(v) : v), 2);
  process.stdout.write(json + '\n');
  if (s.jsonFile) writeFileSync(s.jsonFile, json + '\n');
  process.exitCode = failures.length ? 1 : 0;
}

/** 1 - paged / unpaged, as a fraction of the medians. */
function tax(paged: Summary | undefined, flat: Summary | undefined): number | undefined {
  return paged && flat ? 1 - paged.median / flat.median : undefined;
}

/** Host CPU time per guest TLB miss, from (c) against (b): the extra time divided by the extra misses. */
function tlbFacts(small: GlassboxSample[] | undefined, big: GlassboxSample[] | undefined): Report['tlb'] {
  if (!small || !big) return undefined;
  const perRun = (xs: GlassboxSample[]) => ({
    ms: median(xs.map((x) => x.cpuMs)),
    misses: median(xs.map((x) => x.counters.TLB_MISSES)),
    hits: median(xs.map((x) => x.counters.TLB_HITS)),
  });
  const b = perRun(small), c = perRun(big);
  return {
    missesSmall: b.misses,
    missesBig: c.misses,
    hitRateSmall: b.hits / (b.hits + b.misses),
    hitRateBig: c.hits / (c.hits + c.misses),
    hostNsPerMiss: c.misses > b.misses ? ((c.ms - b.ms) * 1e6) / (c.misses - b.misses) : undefined,
  };
}

function timerFacts(gbMem: GlassboxSample[] | undefined, v86Mem: V86Run | undefined, s: Settings): Report['timer'] {
  return {
    glassboxPeriodCycles: s.timerPeriod,
    glassboxInterruptsPerRun: gbMem ? median(gbMem.map((x) => x.ticks)) : undefined,
    glassboxInterruptsPerHostSecond: gbMem ? median(gbMem.map((x) => x.ticks / (x.ms / 1000))) : undefined,
    v86InterruptsPerHostSecond: v86Mem ? v86Mem.ticks / (v86Mem.wallMs / 1000) : undefined,
  };
}

/**
 * The CR3 figures, per outer iteration of the CR3 loops (kernel.s), from
 * medians of host CPU time and of (exact) guest cycles: flush - warm is a CR3
 * write that flushes a full TLB with the refill it forces; (empty - flush) /
 * EMPTY_CR3_WRITES is a CR3 write that finds the TLB empty but for the code
 * page (with the re-fetch miss it causes).
 */
function cr3Facts(
  flush: Samples, warm: Samples, empty: Samples, dropped: number | undefined, s: Settings,
): Report['cr3'] {
  if (!flush || !warm || !empty) return undefined;
  const per = (xs: GlassboxSample[]) => ({
    ns: (median(xs.map((x) => x.cpuMs)) * 1e6) / s.cr3Iterations,
    cycles: median(xs.map((x) => x.cycles)) / s.cr3Iterations,
    misses: median(xs.map((x) => x.counters.TLB_MISSES)) / s.cr3Iterations,
  });
  const f = per(flush), w = per(warm), e = per(empty);
  return {
    tlbEntries: s.touchPages,
    entriesDroppedPerFlush: dropped,
    missesPerIteration: { flush: f.misses, warm: w.misses, empty: e.misses },
    hostNsPerFullFlush: f.ns - w.ns,
    guestCyclesPerFullFlush: f.cycles - w.cycles,
    hostNsPerEmptyFlush: (e.ns - f.ns) / EMPTY_CR3_WRITES,
    guestCyclesPerEmptyFlush: (e.cycles - f.cycles) / EMPTY_CR3_WRITES,
  };
}

/** The work tree's commit (with "+dirty" when it has changes), so a result names what it measured. */
function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return dirty.trim() ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

function hex(n: number): string {
  return (n >>> 0).toString(16);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
