// The Glassbox measurements: the benchmark's mini kernel (kernel.s) on the
// host Machine.
//
// One configuration = one assembled kernel (its parameters are .equ lines
// prepended to kernel.s) loaded into a fresh Machine, which is snapshotted
// before the first instruction. Each sample restores that snapshot (outside
// the timed region) and runs the kernel to its exit: so every sample does the
// same work from the same state, and its result can be checked exactly.
// Configurations that are compared with each other run interleaved. The
// core runs in slices (Machine.run splits the budget into `sliceCycles`
// calls of core.run: V8 only replaces a Wasm function with its optimised
// version between calls). The first `warmups` samples are dropped.
//
// Guest MIPS = instructions retired (the core's own count, which includes the
// kernel's setup and the timer handler) / wall time of the run (and the same
// per CPU time of this process).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assembleAndLink } from '../../vm/asm/index.js';
import { Machine } from '../../vm/host/machine.js';
import type { TierTiming } from '../../vm/host/machine-config.js';
import { EVENT } from '../../vm/isa/machine.js';
import { cpuMs, median, mips } from './stats.js';

/** The extra CR3 writes per iteration of the cr3-empty loop (kernel.s). */
export const EMPTY_CR3_WRITES = 8;

/** Physical addresses shared with kernel.s. */
const RESULT = 0x20_0000;
const TICKS = 0x5000;
const FAULT_INFO = 0x5010;

export const GLASSBOX_LOOPS = { alu: 0, mem: 1, 'cr3-flush': 2, 'cr3-warm': 3, 'cr3-empty': 4 } as const;
export type GlassboxLoop = keyof typeof GLASSBOX_LOOPS;

export interface GlassboxConfig {
  loop: GlassboxLoop;
  iterations: number;
  /** Memory loop: bytes of the array walked (power of two). */
  workingSet?: number;
  paging: boolean;
  user: boolean;
  /** Cycles between timer interrupts; 0 = timer off. */
  timerPeriod: number;
  /** CR3 loops: pages touched per iteration (TLB_ENTRIES fills the TLB). */
  touchPages?: number;
  /** Cycles per core.run() call. */
  sliceCycles: number;
  /** With the compiled tier (the default machine, when unset), or false: the interpreter only. */
  jit?: boolean;
  /** When the tier starts and what it compiles (MachineOptions; unset: the machine's defaults). */
  tier?: TierTiming;
}

export interface GlassboxSample {
  /** Wall time and this process's CPU time of the run, ms. */
  ms: number;
  cpuMs: number;
  instructions: number;
  cycles: number;
  mips: number;
  cpuMips: number;
  /** eax when the loop ended. */
  result: number;
  ticks: number;
  counters: ReturnType<Machine['counters']>;
  /** The compiled tier's figures after the run (undefined for the interpreter). */
  jit: ReturnType<Machine['jitStats']>;
}

const KERNEL_PATH = fileURLToPath(new URL('./kernel.s', import.meta.url));
const RAM_BYTES = 16 << 20;
/** The machine's TLB: the default shape (64 entries, 4 ways, LRU). */
export const TLB_ENTRIES = 64;
const TLB_WAYS = 4;

/** Assemble kernel.s with `config`'s parameters; throws with the assembler's messages. */
export function buildGlassboxKernel(config: GlassboxConfig): Uint8Array {
  const params: Record<string, number> = {
    LOOP: GLASSBOX_LOOPS[config.loop],
    ITERATIONS: config.iterations,
    MASK: (config.workingSet ?? 4096) - 1,
    PAGING: config.paging ? 1 : 0,
    USER: config.user ? 1 : 0,
    TIMER_PERIOD: config.timerPeriod,
    TOUCH_PAGES: config.touchPages ?? 1,
  };
  const prelude = Object.entries(params).map(([k, v]) => `        .equ ${k}, ${v}\n`).join('');
  const source = readFileSync(KERNEL_PATH, 'utf8');
  const result = assembleAndLink([{ name: 'kernel.s', text: prelude + source }], { textBase: 0x10_0000 });
  if (!result.elf) {
    const lines = Object.keys(params).length;
    throw new Error(`kernel.s does not build (line numbers include ${lines} parameter lines):\n${result.errors.join('\n')}`);
  }
  return result.elf;
}

/**
 * One configuration, loaded and ready: each runOnce() restores the start
 * snapshot and runs the kernel to its exit.
 */
export class GlassboxBench {
  private constructor(
    readonly config: GlassboxConfig,
    private readonly machine: Machine,
    private readonly start: Uint8Array,
  ) {}

  static async create(config: GlassboxConfig): Promise<GlassboxBench> {
    const elf = buildGlassboxKernel(config);
    const machine = await Machine.create({
      ramBytes: RAM_BYTES, tlbEntries: TLB_ENTRIES, tlbWays: TLB_WAYS, tlbPolicy: 'lru', sliceCycles: config.sliceCycles,
      jit: config.jit ?? true, ...config.tier,
    });
    machine.eip = machine.loadElf(elf).entry;
    return new GlassboxBench(config, machine, machine.snapshot());
  }

  /** One timed run from the snapshot. Throws if the kernel does not exit cleanly. */
  runOnce(): GlassboxSample {
    const machine = this.machine;
    machine.restore(this.start);
    const c0 = cpuMs();
    const t0 = performance.now();
    const stop = machine.run(cycleLimit(this.config));
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    if (stop.reason !== 'exit' || stop.exitStatus !== 0) throw new Error(describeFailure(machine, this.config, stop.reason));
    return {
      ms,
      cpuMs: cpu,
      instructions: stop.instructions,
      cycles: stop.cycles,
      mips: mips(stop.instructions, ms),
      cpuMips: mips(stop.instructions, cpu),
      result: machine.readPhys32(RESULT),
      ticks: machine.readPhys32(TICKS),
      counters: machine.counters(),
      jit: machine.jitStats(),
    };
  }
}

/**
 * Run several configurations `warmups + samples` times each, taking turns
 * (a, b, c, a, b, c, …) so that a change in the host's load hits all of them
 * alike — what matters when they are compared with each other. Returns the
 * kept samples of each.
 */
export async function runInterleaved<K extends string>(
  configs: Record<K, GlassboxConfig>, samples: number, warmups: number,
): Promise<Record<K, GlassboxSample[]>> {
  const keys = Object.keys(configs) as K[];
  const benches = new Map<K, GlassboxBench>();
  for (const k of keys) benches.set(k, await GlassboxBench.create(configs[k]));
  const out = Object.fromEntries(keys.map((k) => [k, [] as GlassboxSample[]])) as Record<K, GlassboxSample[]>;
  for (let i = 0; i < warmups + samples; i++) {
    for (const k of keys) {
      const sample = benches.get(k)!.runOnce();
      if (i >= warmups) out[k].push(sample);
    }
  }
  return out;
}

/** Run one configuration `warmups + samples` times; returns the kept samples. */
export async function runGlassbox(config: GlassboxConfig, samples: number, warmups: number): Promise<GlassboxSample[]> {
  return (await runInterleaved({ only: config }, samples, warmups)).only;
}

/**
 * How many TLB entries each CR3 write of a CR3 loop drops: a short traced run
 * (4 iterations), read from the CR3_WRITE events. The first write is the
 * kernel's own, during setup; the loop's first write also drops the setup's
 * entries; the median of the rest is the steady state.
 */
export async function entriesDroppedPerCr3Write(config: GlassboxConfig): Promise<number> {
  const machine = await Machine.create({ ramBytes: RAM_BYTES, tlbEntries: TLB_ENTRIES, tlbWays: TLB_WAYS, tlbPolicy: 'lru' });
  machine.eip = machine.loadElf(buildGlassboxKernel({ ...config, iterations: 4 })).entry;
  machine.setTrace(true);
  const stop = machine.run(100_000_000);
  if (stop.reason !== 'exit' || stop.exitStatus !== 0) throw new Error(describeFailure(machine, config, stop.reason));
  const dropped = machine.takeEvents().filter((e) => e.kind === EVENT.CR3_WRITE).map((e) => e.c);
  if (dropped.length < 3) throw new Error(`expected CR3 writes in the loop, saw ${dropped.length - 1}`);
  return median(dropped.slice(2));
}

/** A generous bound on the cycles a run may take (a hung kernel must not hang the benchmark). */
function cycleLimit(config: GlassboxConfig): number {
  return config.iterations * Math.max(1, config.touchPages ?? 1) * 200 + 100_000_000;
}

function describeFailure(machine: Machine, config: GlassboxConfig, reason: string): string {
  const what = `glassbox ${config.loop} (paging ${config.paging}, user ${config.user}, timer ${config.timerPeriod})`;
  if (reason === 'exit' && machine.exitStatus === 255) {
    const w = [0, 4, 8, 12].map((o) => '0x' + machine.readPhys32(FAULT_INFO + o).toString(16));
    return `${what}: unexpected exception; stack top ${w.slice(0, 3).join(' ')}, cr2 ${w[3]}`;
  }
  return `${what}: stopped with '${reason}' (exit status ${machine.exitStatus}) at eip 0x${machine.eip.toString(16)}`;
}
