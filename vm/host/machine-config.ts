// The machine's hardware, chosen at boot: RAM size, TLB geometry and
// replacement policy, the second-level TLB, the PRNG seed, cycle-cost overrides and how long one
// core.run() slice is. The same options reach Machine.create() from the CLI
// flags (--tlb-entries, --cost NAME=CYCLES, …) and from the page's Machine
// panel. Here they get their defaults and are applied to a core: init()
// validates the geometry, then each cost override is set by name.

import { COST_NAMES, CostName } from '../isa/isa.js';
import { JIT_LIMITS, LIMITS, TLB_POLICY } from '../isa/machine.js';
import type { CoreExports } from './core-exports.js';
import { MachineError } from './machine-error.js';

export type TlbPolicyName = 'lru' | 'fifo' | 'random';

export interface MachineOptions {
  /** Guest RAM in bytes (multiple of 4096). Default 32 MiB. */
  ramBytes?: number;
  /** TLB entries (power of two, ≤ 4096). Default 64. */
  tlbEntries?: number;
  /** TLB associativity (power of two, ≤ entries). Default 4. */
  tlbWays?: number;
  tlbPolicy?: TlbPolicyName;
  /**
   * Entries of the second-level TLB (STLB), looked up on an L1 miss before
   * walking; ≤ 4096, 0 (the default) = none. Skylake's: 1536.
   */
  stlbEntries?: number;
  /**
   * STLB associativity: entries must be ways × a power of two (the sets).
   * Default: 12 if that works (1536 = 12 × 128, Skylake's shape), else 8 if
   * that works, else one fully associative set.
   */
  stlbWays?: number;
  /** Seed of the deterministic PRNG behind the random replacement policy. */
  seed?: number;
  /** Overrides of the cycle model (names from COSTS in vm/isa/isa.ts). */
  costs?: Partial<Record<CostName, number>>;
  /** Cycles per core.run() call. Default 4 M (about a millisecond of host time). */
  sliceCycles?: number;
  /**
   * The compiled tier: hot blocks of guest code run as WebAssembly compiled
   * at run time (vm/host/jit/), with results identical to the interpreter's
   * to the bit and the cycle. Default on; off = interpreter only.
   */
  jit?: boolean;
  /**
   * With the tier on: how many times a block is entered before it is
   * compiled. Default JIT_LIMITS.HOT_THRESHOLD (vm/isa/machine.ts says why
   * that many); tests set fewer to see the tier at work in short runs.
   */
  jitThreshold?: number;
  /**
   * With the tier on: guest cycles a machine runs (from its boot or
   * reinit) on the interpreter alone before the tier starts counting and
   * compiling. Default DEFAULT_JIT_START_CYCLES; 0 = at once.
   */
  jitStartCycles?: number;
}

/** When the compiled tier starts and what it compiles: the two options that tune it. */
export type TierTiming = Pick<MachineOptions, 'jitThreshold' | 'jitStartCycles'>;

/**
 * The tier waits for a machine's first 32 M cycles: a boot to the shell
 * prompt (15.7 M) and a dozen or so commands. While it counts, the
 * interpreter looks every taken branch up in its block map, which costs
 * about a tenth of the interpreter's speed (measured on the C corpus, warm,
 * nothing compiled), and a block pays for its compile only after hundreds
 * of thousands of entries (JIT_LIMITS.HOT_THRESHOLD). So a run this short
 * would pay for counting and get nothing back; a long one loses at most
 * these 32 M cycles interpreted, once per machine (about 0.1 s of host
 * time). The guest sees the same either way: only the host's time differs.
 */
export const DEFAULT_JIT_START_CYCLES = 32_000_000;

/** Options with every default filled in. */
export type MachineConfig = Required<Omit<MachineOptions, 'costs'>> & { costs: Partial<Record<CostName, number>> };

const POLICY: Record<TlbPolicyName, number> = { lru: TLB_POLICY.LRU, fifo: TLB_POLICY.FIFO, random: TLB_POLICY.RANDOM };

/** The STLB associativity used when none is given (see MachineOptions.stlbWays). */
export function defaultStlbWays(entries: number): number {
  for (const ways of [12, 8]) if (entries % ways === 0 && isPowerOfTwo(entries / ways)) return ways;
  return Math.max(1, entries);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

export function withDefaults(options: MachineOptions): MachineConfig {
  const stlbEntries = options.stlbEntries ?? 0;
  return {
    ramBytes: options.ramBytes ?? 32 << 20,
    tlbEntries: options.tlbEntries ?? 64,
    tlbWays: options.tlbWays ?? 4,
    tlbPolicy: options.tlbPolicy ?? 'lru',
    stlbEntries,
    stlbWays: options.stlbWays ?? defaultStlbWays(stlbEntries),
    seed: options.seed ?? 1,
    sliceCycles: options.sliceCycles ?? 4_000_000,
    jit: options.jit ?? true,
    jitThreshold: options.jitThreshold ?? JIT_LIMITS.HOT_THRESHOLD,
    jitStartCycles: options.jitStartCycles ?? DEFAULT_JIT_START_CYCLES,
    costs: options.costs ?? {},
  };
}

/** (Re)create the core's machine with this hardware: all state and RAM zeroed, then the cost overrides. */
export function initCore(core: CoreExports, config: MachineConfig): void {
  const policy = POLICY[config.tlbPolicy];
  if (policy === undefined) throw new MachineError(`unknown TLB policy '${config.tlbPolicy}' (lru, fifo, random)`);
  const err = core.init(
    config.ramBytes, config.tlbEntries, config.tlbWays, policy, config.seed >>> 0, config.stlbEntries, config.stlbWays,
  );
  if (err !== 0) throw new MachineError(`bad machine configuration (code ${err}): ${initRule(err, config)}`);
  if (!Number.isInteger(config.jitThreshold) || config.jitThreshold < 1 || config.jitThreshold > 0xffffffff) {
    throw new MachineError(`jitThreshold is ${config.jitThreshold}; it must be a whole number of block entries from 1 to ${0xffffffff}`);
  }
  if (!Number.isSafeInteger(config.jitStartCycles) || config.jitStartCycles < 0) {
    throw new MachineError(`jitStartCycles is ${config.jitStartCycles}; it must be a whole number of cycles, 0 or more`);
  }
  for (const [name, cycles] of Object.entries(config.costs)) {
    const index = COST_NAMES.indexOf(name as CostName);
    if (index < 0) throw new MachineError(`unknown cost '${name}' (known: ${COST_NAMES.join(', ')})`);
    core.setCost(index, cycles as number);
  }
}

/** The rule core.init's error code says was broken. */
function initRule(err: number, c: MachineConfig): string {
  switch (err) {
    case 1:
      return `RAM is ${c.ramBytes} bytes; it must be a nonzero multiple of 4096, at most 1 GiB`;
    case 2:
      return `TLB entries is ${c.tlbEntries}; it must be a power of two, at most ${LIMITS.TLB_MAX_ENTRIES}`;
    case 3:
      return `TLB ways is ${c.tlbWays}; it must be a power of two, at most the entries (${c.tlbEntries})`;
    case 7:
      return `STLB entries is ${c.stlbEntries}; it must be at most ${LIMITS.STLB_MAX_ENTRIES} (0 = no STLB)`;
    case 8:
      return (
        `STLB ${c.stlbEntries} entries with ${c.stlbWays} ways: entries must be ways × a power of two ` +
        `(sets), e.g. 1536 = 12 ways × 128 sets`
      );
    default:
      return `the core refused it (RAM ${c.ramBytes} bytes, TLB ${c.tlbEntries} × ${c.tlbWays}, ` +
        `STLB ${c.stlbEntries} × ${c.stlbWays})`;
  }
}
