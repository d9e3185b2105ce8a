// The machine's hardware, chosen at boot: RAM size, TLB geometry and
// replacement policy, the PRNG seed, cycle-cost overrides and how long one
// core.run() slice is. The same options reach Machine.create() from the CLI
// flags (--tlb-entries, --cost NAME=CYCLES, …) and from the page's Machine
// panel. Here they get their defaults and are applied to a core: init()
// validates the geometry, then each cost override is set by name.

import { COST_NAMES, CostName } from '../isa/isa.js';
import { TLB_POLICY } from '../isa/machine.js';
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
  /** Seed of the deterministic PRNG behind the random replacement policy. */
  seed?: number;
  /** Overrides of the cycle model (names from COSTS in vm/isa/isa.ts). */
  costs?: Partial<Record<CostName, number>>;
  /** Cycles per core.run() call. Default 4 M (about a millisecond of host time). */
  sliceCycles?: number;
}

/** Options with every default filled in. */
export type MachineConfig = Required<Omit<MachineOptions, 'costs'>> & { costs: Partial<Record<CostName, number>> };

const POLICY: Record<TlbPolicyName, number> = { lru: TLB_POLICY.LRU, fifo: TLB_POLICY.FIFO, random: TLB_POLICY.RANDOM };

export function withDefaults(options: MachineOptions): MachineConfig {
  return {
    ramBytes: options.ramBytes ?? 32 << 20,
    tlbEntries: options.tlbEntries ?? 64,
    tlbWays: options.tlbWays ?? 4,
    tlbPolicy: options.tlbPolicy ?? 'lru',
    seed: options.seed ?? 1,
    sliceCycles: options.sliceCycles ?? 4_000_000,
    costs: options.costs ?? {},
  };
}

/** (Re)create the core's machine with this hardware: all state and RAM zeroed, then the cost overrides. */
export function initCore(core: CoreExports, config: MachineConfig): void {
  const policy = POLICY[config.tlbPolicy];
  if (policy === undefined) throw new MachineError(`unknown TLB policy '${config.tlbPolicy}' (lru, fifo, random)`);
  const err = core.init(config.ramBytes, config.tlbEntries, config.tlbWays, policy, config.seed >>> 0);
  if (err !== 0) {
    throw new MachineError(
      `bad machine configuration (code ${err}): RAM ${config.ramBytes} bytes (multiple of 4096, ≤ 1 GiB), ` +
        `TLB ${config.tlbEntries} entries × ${config.tlbWays} ways (powers of two, ways ≤ entries ≤ 4096)`,
    );
  }
  for (const [name, cycles] of Object.entries(config.costs)) {
    const index = COST_NAMES.indexOf(name as CostName);
    if (index < 0) throw new MachineError(`unknown cost '${name}' (known: ${COST_NAMES.join(', ')})`);
    core.setCost(index, cycles as number);
  }
}
