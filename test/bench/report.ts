// The benchmark's report: its shape (also the JSON that `npm run bench`
// prints and `--json FILE` writes) and the human-readable table.
//
// Units: MIPS are millions of guest instructions per second of host wall
// time (for TypeScript: the instructions the guest loop would retire for the
// same work); the second table divides by this process's CPU time instead,
// which other processes on the machine do not inflate. Host nanoseconds
// (CR3 write, TLB miss) are CPU time. "GB/v86" is Glassbox's speed as a fraction of v86's on the same
// loop; "TS/GB" is how many times faster the plain TypeScript loop is than
// Glassbox running it (the emulation slowdown). Guest cycles come from the
// Glassbox cycle model (about 3 GHz), host nanoseconds from the wall clock.
// A negative paging tax means the paged runs were faster: noise, when the
// difference is within the runs' spread.

import { Summary } from './stats.js';

export interface LoopReport {
  title: string;
  instructionsPerIteration: number;
  iterations: number;
  glassbox?: Summary;
  /** The same loop with the compiled tier (glassbox: the interpreter only). */
  glassboxJit?: Summary;
  glassboxJitDetail?: LoopReport['glassboxDetail'];
  glassboxDetail?: {
    /** The compiled tier's code cache after the last run: regions (functions), bytes of WebAssembly and the limit, region entries. */
    codeCache?: { regions: number; bytes: number; limit: number; entered: number };
    instructionsPerRun: number;
    cyclesPerInstruction: number;
    /** Guest cycles per host microsecond: the speed of the modelled ~3 GHz CPU in real time. */
    guestMHz: number;
    tlbHits: number;
    tlbMisses: number;
    interrupts: number;
  };
  v86?: Summary;
  v86Detail?: { instructionsPerRep: number; countedPerRep: number; timerTicks: number };
  typescript?: Summary;
  /** The same speeds by this process's CPU time instead of wall time. */
  cpu: { glassbox?: Summary; glassboxJit?: Summary; v86?: Summary; typescript?: Summary };
}

export interface Report {
  /** loadAverage: the host's 1-minute load average at the end (other processes make numbers noisy). */
  host: { node: string; cpus: number; cpuModel: string; loadAverage: number; date: string; commit: string };
  settings: Record<string, unknown>;
  loops: { alu: LoopReport; mem: LoopReport; memBig: LoopReport; memFlat: LoopReport };
  /** 1 - MIPS(b) / MIPS(b with paging off). */
  /** 1 - MIPS(b) / MIPS(b with paging off), from the medians; by wall time and by CPU time. */
  pagingTax: { glassbox?: number; glassboxCpu?: number; v86?: number; v86Cpu?: number };
  /** tlb, measured with the compiled tier. */
  tlbJit?: Report['tlb'];
  tlb?: {
    missesSmall: number;
    missesBig: number;
    hitRateSmall: number;
    hitRateBig: number;
    /** Extra host CPU time of (c) over (b) per extra TLB miss. */
    hostNsPerMiss?: number;
  };
  timer: {
    glassboxPeriodCycles: number;
    glassboxInterruptsPerRun?: number;
    glassboxInterruptsPerHostSecond?: number;
    v86InterruptsPerHostSecond?: number;
  };
  cr3?: {
    tlbEntries: number;
    /** Entries each CR3 write of the flush loop dropped (from the CR3_WRITE events of a traced run). */
    entriesDroppedPerFlush?: number;
    missesPerIteration: { flush: number; warm: number; empty: number };
    /** Host CPU ns and guest cycles of a CR3 write that flushes a full TLB, with the refill it forces: flush loop - warm loop. */
    hostNsPerFullFlush: number;
    guestCyclesPerFullFlush: number;
    /** A CR3 write that finds the TLB empty but for the code page: (empty loop - flush loop) / 8. */
    hostNsPerEmptyFlush: number;
    guestCyclesPerEmptyFlush: number;
  };
  failures: string[];
}

/** The targets of the issue, evaluated on a report (reported, never asserted). */
export function targets(r: Report): { name: string; want: string; got: string; met: boolean | undefined }[] {
  // Judged on the default machine: the compiled tier.
  const gbAlu = r.loops.alu.glassboxJit?.median;
  const gbMem = r.loops.mem.glassboxJit?.median;
  const cpuAlu = r.loops.alu.cpu.glassboxJit?.median;
  const cpuMem = r.loops.mem.cpu.glassboxJit?.median;
  const cpuRatio = (l: LoopReport) => (l.cpu.glassboxJit && l.cpu.v86 ? l.cpu.glassboxJit.median / l.cpu.v86.median : undefined);
  const ratio = (l: LoopReport) => (l.glassboxJit && l.v86 ? l.glassboxJit.median / l.v86.median : undefined);
  const cOverB = (pick: (l: LoopReport) => Summary | undefined) => {
    const b = pick(r.loops.mem), c = pick(r.loops.memBig);
    return b && c ? c.median / b.median : undefined;
  };
  const row = (
    name: string, want: string, value: number | undefined, cpu: number | undefined,
    show: (v: number) => string, ok: (v: number) => boolean,
  ) => ({
    name,
    want,
    got: value === undefined ? 'n/a' : `${show(value)}${cpu === undefined ? '' : ` (CPU time: ${show(cpu)})`}`,
    met: value === undefined ? undefined : ok(value),
  });
  const mipsText = (v: number) => `${fmt(v)} MIPS`;
  const ratioText = (v: number) => v.toFixed(2);
  return [
    row('(a) ALU loop', '>= 400 MIPS', gbAlu, cpuAlu, mipsText, (v) => v >= 400),
    row('(b) memory loop, paging + TLB + timer', '>= 300 MIPS', gbMem, cpuMem, mipsText, (v) => v >= 300),
    row('paging tax', '<= 10%', r.pagingTax.glassbox, r.pagingTax.glassboxCpu, pct, (v) => v <= 0.1),
    row('(a) speed vs v86', '>= 0.5', ratio(r.loops.alu), cpuRatio(r.loops.alu), ratioText, (v) => v >= 0.5),
    row('(b) speed vs v86', '>= 0.75', ratio(r.loops.mem), cpuRatio(r.loops.mem), ratioText, (v) => v >= 0.75),
    row('TLB miss path: (c) / (b)', '>= 0.4', cOverB((l) => l.glassboxJit), cOverB((l) => l.cpu.glassboxJit), ratioText,
      (v) => v >= 0.4),
  ];
}

export function formatReport(r: Report): string {
  const out: string[] = [];
  out.push(
    `Glassbox benchmarks — ${r.host.cpuModel}, ${r.host.cpus} CPUs, Node ${r.host.node}, ` +
      `commit ${r.host.commit}, load average ${r.host.loadAverage.toFixed(2)}`,
  );
  out.push(
    'median of the kept runs [min–max]; MIPS = million guest instructions per host second;',
    'interp = Glassbox with --no-jit, JIT = with the compiled tier (the default), run interleaved', '',
  );
  out.push(...speedTable(r, (l) => [l.glassbox, l.glassboxJit, l.v86, l.typescript]), '');
  out.push('the same by CPU time of this process (not inflated by other processes on the machine):');
  out.push(...speedTable(r, (l) => [l.cpu.glassbox, l.cpu.glassboxJit, l.cpu.v86, l.cpu.typescript]), '');
  const cache = r.loops.memBig.glassboxJitDetail?.codeCache;
  if (cache) {
    out.push(
      `compiled tier's code cache after (c): ${cache.regions} regions, ${fmt(cache.bytes / 1024)} KiB of WebAssembly ` +
        `(limit ${fmt(cache.limit / (1 << 20))} MiB); ${fmt(cache.entered)} region entries`,
    );
  }

  out.push(
    `paging tax (b vs paging off): Glassbox ${opt(r.pagingTax.glassbox, pct)} (CPU time: ${opt(r.pagingTax.glassboxCpu, pct)}), ` +
      `v86 ${opt(r.pagingTax.v86, pct)} (CPU time: ${opt(r.pagingTax.v86Cpu, pct)})`,
  );
  if (r.tlb) {
    out.push(
      `TLB: hit rate (b) ${pct(r.tlb.hitRateSmall)}, (c) ${pct(r.tlb.hitRateBig)}; ` +
        `host CPU time per extra TLB miss (c vs b): interp ${opt(r.tlb.hostNsPerMiss, (v) => `${fmt(v)} ns`)}, ` +
        `JIT ${opt(r.tlbJit?.hostNsPerMiss, (v) => `${fmt(v)} ns`)}`,
    );
  }
  out.push(
    `timer: Glassbox every ${r.timer.glassboxPeriodCycles} cycles = ${opt(r.timer.glassboxInterruptsPerHostSecond, fmt)}/host s ` +
      `(${opt(r.timer.glassboxInterruptsPerRun, fmt)} per run of (b)); v86 PIT ${opt(r.timer.v86InterruptsPerHostSecond, fmt)}/host s`,
  );
  if (r.cr3) {
    const c = r.cr3;
    out.push(
      `CR3 write (TLB: ${c.tlbEntries} entries, 4 ways, LRU; host CPU ns):`,
      `  flushing a full TLB (${opt(c.entriesDroppedPerFlush, fmt)} entries), refill included: ` +
        `${fmt(c.hostNsPerFullFlush)} host ns, ${fmt(c.guestCyclesPerFullFlush)} guest cycles ` +
        `(${fmt(c.missesPerIteration.flush - c.missesPerIteration.warm)} misses)`,
      `  finding the TLB empty but for the code page:     ` +
        `${fmt(c.hostNsPerEmptyFlush)} host ns, ${fmt(c.guestCyclesPerEmptyFlush)} guest cycles`,
    );
  }
  out.push('', 'targets (reported, not asserted; judged on wall time):');
  for (const t of targets(r)) {
    const mark = t.met === undefined ? '  ?' : t.met ? ' ok' : 'MISS';
    out.push(`  ${mark.padStart(4)}  ${t.name.padEnd(40)} want ${t.want.padEnd(12)} got ${t.got}`);
  }
  if (r.failures.length) {
    out.push('', 'FAILURES:');
    for (const f of r.failures) out.push(`  ${f}`);
  }
  out.push('');
  return out.join('\n') + '\n';
}

/** One row per loop: the engines' MIPS (Glassbox on both tiers) and the ratios. */
function speedTable(r: Report, pick: (l: LoopReport) => (Summary | undefined)[]): string[] {
  const head = ['loop', 'interp MIPS', 'JIT MIPS', 'v86 MIPS', 'TypeScript MIPS', 'interp/v86', 'JIT/v86', 'JIT/interp', 'TS/JIT'];
  const ratio = (a: Summary | undefined, b: Summary | undefined) => (a && b ? (a.median / b.median).toFixed(2) : 'n/a');
  const rows = Object.values(r.loops).map((l) => {
    const [g, j, v, t] = pick(l);
    return [
      l.title,
      spread(g),
      spread(j),
      spread(v),
      spread(t),
      ratio(g, v),
      ratio(j, v),
      ratio(j, g),
      j && t ? `${(t.median / j.median).toFixed(1)}×` : 'n/a',
    ];
  });
  return table(head, rows);
}

function spread(s: Summary | undefined): string {
  if (!s) return 'n/a';
  return `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]`;
}

/** Three significant digits, no exponent. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function opt<T>(v: T | undefined, f: (v: T) => string): string {
  return v === undefined ? 'n/a' : f(v);
}

/** Left-aligned first column, right-aligned others. */
function table(head: string[], rows: string[][]): string[] {
  const all = [head, ...rows];
  const width = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
