// The hardware a user can choose at boot: one table of settings behind the
// CLI's flags (`--tlb-entries 256`), the page's Machine panel and its URL
// (`?tlb-entries=256`), so each choice has one name, one range and one
// error message everywhere.
//
// A setting is a name, what it means, and a parser that checks the value
// and writes it into a HardwareConfig; machineOptions() turns a config into
// what Machine.create() takes, kernelArgs() into the boot command line for
// the choices the kernel makes (PCIDs, global pages). Values are checked here, before a machine
// exists, so a bad choice is a one-line error naming the allowed range.

import { COSTS, COST_NAMES, CostName } from '../isa/isa.js';
import { LIMITS } from '../isa/machine.js';
import { defaultStlbWays } from './machine-config.js';
import type { MachineOptions, TlbPolicyName } from './machine-config.js';

export interface HardwareConfig {
  tlbEntries: number;
  tlbWays: number;
  tlbPolicy: TlbPolicyName;
  /** Second-level TLB entries; 0 = none. */
  stlbEntries: number;
  /** Its associativity; undefined = the machine's default for that size (defaultStlbWays). */
  stlbWays?: number;
  /** Cycle-model overrides (names from COSTS in vm/isa/isa.ts). */
  costs: Partial<Record<CostName, number>>;
  /** The kernel gives every address space its own PCID (CR4.PCIDE): switches keep the TLB. */
  pcid: boolean;
  /** The kernel maps its own pages global (CR4.PGE): CR3 writes keep them. */
  globalPages: boolean;
  /** The compiled tier (MachineOptions.jit): off runs everything in the interpreter, with the same results. */
  jit: boolean;
}

export const DEFAULT_HARDWARE: Readonly<HardwareConfig> = Object.freeze({
  tlbEntries: 64,
  tlbWays: 4,
  tlbPolicy: 'lru',
  stlbEntries: 0,
  costs: {},
  pcid: false,
  globalPages: true,
  jit: true,
});

/** The smallest TLB a user may choose (the machine takes smaller ones, for tests). */
export const TLB_MIN_ENTRIES = 16;
export const TLB_POLICIES: readonly TlbPolicyName[] = ['lru', 'fifo', 'random'];

export class HardwareError extends Error {}

export interface HardwareSetting {
  /** The flag without its dashes, and the URL parameter. */
  name: string;
  /** What VALUE looks like in the usage line. */
  value: string;
  help: string;
  /** May be given more than once (each adds to the config). */
  repeatable?: boolean;
  /** A choice the kernel makes at boot (so it means nothing on the bare machine). */
  kernel?: boolean;
  /** Checks `text` and stores it in `config`; throws HardwareError naming the allowed values. */
  apply(config: HardwareConfig, text: string): void;
  /** The value to write back for a config, or undefined when it is the default. */
  show(config: HardwareConfig): string[] | undefined;
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

function onOff(flag: string, text: string): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new HardwareError(`--${flag}: '${text}' is not on or off`);
}

const onOffText = (b: boolean): string => (b ? 'on' : 'off');

function powerOfTwo(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isPowerOfTwo(n) || n < min || n > max) {
    throw new HardwareError(`--${flag}: '${text}' is not a power of two from ${min} to ${max}`);
  }
  return n;
}

export const HARDWARE_SETTINGS: readonly HardwareSetting[] = [
  {
    name: 'tlb-entries',
    value: 'N',
    help: `TLB entries, a power of two from ${TLB_MIN_ENTRIES} to ${LIMITS.TLB_MAX_ENTRIES} (default ${DEFAULT_HARDWARE.tlbEntries})`,
    apply: (c, t) => void (c.tlbEntries = powerOfTwo('tlb-entries', t, TLB_MIN_ENTRIES, LIMITS.TLB_MAX_ENTRIES)),
    show: (c) => (c.tlbEntries === DEFAULT_HARDWARE.tlbEntries ? undefined : [String(c.tlbEntries)]),
  },
  {
    name: 'tlb-ways',
    value: 'W',
    help: `TLB associativity, a power of two up to the entries (default ${DEFAULT_HARDWARE.tlbWays})`,
    apply: (c, t) => void (c.tlbWays = powerOfTwo('tlb-ways', t, 1, LIMITS.TLB_MAX_ENTRIES)),
    show: (c) => (c.tlbWays === DEFAULT_HARDWARE.tlbWays ? undefined : [String(c.tlbWays)]),
  },
  {
    name: 'tlb-policy',
    value: TLB_POLICIES.join('|'),
    help: `TLB replacement policy (default ${DEFAULT_HARDWARE.tlbPolicy})`,
    apply: (c, t) => {
      if (!(TLB_POLICIES as readonly string[]).includes(t)) {
        throw new HardwareError(`--tlb-policy: '${t}' is not one of ${TLB_POLICIES.join(', ')}`);
      }
      c.tlbPolicy = t as TlbPolicyName;
    },
    show: (c) => (c.tlbPolicy === DEFAULT_HARDWARE.tlbPolicy ? undefined : [c.tlbPolicy]),
  },
  {
    name: 'stlb-entries',
    value: 'N',
    help: `second-level TLB entries, 0 (none, the default) or up to ${LIMITS.STLB_MAX_ENTRIES} in a power-of-two number of sets (Skylake: 1536)`,
    apply: (c, t) => {
      const n = /^\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isInteger(n) || n > LIMITS.STLB_MAX_ENTRIES) {
        throw new HardwareError(`--stlb-entries: '${t}' is not a number from 0 to ${LIMITS.STLB_MAX_ENTRIES}`);
      }
      c.stlbEntries = n;
    },
    show: (c) => (c.stlbEntries === DEFAULT_HARDWARE.stlbEntries ? undefined : [String(c.stlbEntries)]),
  },
  {
    name: 'stlb-ways',
    value: 'W',
    help: 'STLB associativity (default: 12 when the entries are 12 × a power of two, else 8, else fully associative)',
    apply: (c, t) => {
      const n = /^\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > LIMITS.STLB_MAX_ENTRIES) {
        throw new HardwareError(`--stlb-ways: '${t}' is not a number from 1 to ${LIMITS.STLB_MAX_ENTRIES}`);
      }
      c.stlbWays = n;
    },
    show: (c) => (c.stlbWays === undefined ? undefined : [String(c.stlbWays)]),
  },
  {
    name: 'cost',
    value: 'NAME=CYCLES',
    help: `a cycle-model cost, 0 to ${LIMITS.COST_MAX} cycles; NAME is one of ${COST_NAMES.join(', ')}`,
    repeatable: true,
    apply: (c, t) => {
      const m = /^([A-Za-z][A-Za-z0-9]*)=(\d+)$/.exec(t);
      const name = m?.[1] as CostName | undefined;
      if (!m || !name || !(COST_NAMES as string[]).includes(name)) {
        throw new HardwareError(`--cost: '${t}' is not NAME=CYCLES with NAME one of ${COST_NAMES.join(', ')}`);
      }
      const cycles = Number(m[2]);
      if (cycles > LIMITS.COST_MAX) throw new HardwareError(`--cost: ${name} must be from 0 to ${LIMITS.COST_MAX} cycles, not ${m[2]}`);
      c.costs = { ...c.costs, [name]: cycles };
    },
    show: (c) => {
      const changed = COST_NAMES.filter((n) => c.costs[n] !== undefined && c.costs[n] !== COSTS[n]);
      return changed.length ? changed.map((n) => `${n}=${c.costs[n]}`) : undefined;
    },
  },
  {
    name: 'pcid',
    value: 'on|off',
    help: 'the kernel tags each address space with a PCID, so a process switch keeps the TLB (default off)',
    kernel: true,
    apply: (c, t) => void (c.pcid = onOff('pcid', t)),
    show: (c) => (c.pcid === DEFAULT_HARDWARE.pcid ? undefined : [onOffText(c.pcid)]),
  },
  {
    name: 'global-pages',
    value: 'on|off',
    help: 'the kernel maps its pages global, so a CR3 write keeps them (default on)',
    kernel: true,
    apply: (c, t) => void (c.globalPages = onOff('global-pages', t)),
    show: (c) => (c.globalPages === DEFAULT_HARDWARE.globalPages ? undefined : [onOffText(c.globalPages)]),
  },
  {
    name: 'jit',
    value: 'on|off',
    help: 'the compiled tier: hot guest code runs as WebAssembly, with results identical to the interpreter (default on)',
    apply: (c, t) => void (c.jit = onOff('jit', t)),
    show: (c) => (c.jit === DEFAULT_HARDWARE.jit ? undefined : [onOffText(c.jit)]),
  },
];

/** Checks that hold between settings, once all are read. */
function checkTogether(c: HardwareConfig): void {
  if (c.tlbWays > c.tlbEntries) {
    throw new HardwareError(`--tlb-ways: ${c.tlbWays} ways do not fit in ${c.tlbEntries} entries (at most ${c.tlbEntries})`);
  }
  if (c.stlbEntries === 0) {
    if (c.stlbWays !== undefined) throw new HardwareError('--stlb-ways: there is no STLB (set --stlb-entries)');
    return;
  }
  const ways = c.stlbWays ?? defaultStlbWays(c.stlbEntries);
  const sets = c.stlbEntries / ways;
  if (!Number.isInteger(sets) || !isPowerOfTwo(sets)) {
    throw new HardwareError(
      `--stlb-entries: ${c.stlbEntries} entries in sets of ${ways} ways do not make a power-of-two number of sets`,
    );
  }
}

/** A config from (name, value) pairs — flags or URL parameters — over the defaults. Throws HardwareError. */
export function parseHardware(pairs: Iterable<readonly [string, string]>): HardwareConfig {
  const config: HardwareConfig = { ...DEFAULT_HARDWARE, costs: {} };
  for (const [name, text] of pairs) {
    const setting = HARDWARE_SETTINGS.find((s) => s.name === name);
    if (!setting) throw new HardwareError(`unknown hardware setting '${name}'`);
    setting.apply(config, text);
  }
  checkTogether(config);
  return config;
}

/** The settings that differ from the defaults, as (name, value) pairs: for a URL or a label. */
export function hardwarePairs(config: HardwareConfig): [string, string][] {
  return HARDWARE_SETTINGS.flatMap((s) => (s.show(config) ?? []).map((v) => [s.name, v] as [string, string]));
}

/** A short description: "64-entry 4-way LRU TLB, PCID on, pageWalk=40". */
export function describeHardware(config: HardwareConfig): string {
  const parts = [`${config.tlbEntries}-entry ${config.tlbWays}-way ${config.tlbPolicy.toUpperCase()} TLB`];
  if (config.stlbEntries > 0) {
    parts.push(`${config.stlbEntries}-entry ${config.stlbWays ?? defaultStlbWays(config.stlbEntries)}-way STLB`);
  }
  if (config.pcid) parts.push('PCID on');
  if (!config.globalPages) parts.push('global pages off');
  if (!config.jit) parts.push('compiled tier off');
  const costs = HARDWARE_SETTINGS.find((s) => s.name === 'cost')!.show(config);
  if (costs) parts.push(costs.join(' '));
  return parts.join(', ');
}

/** The boot command line words for the kernel's choices: "pcid=on global_pages=off" (defaults left out). */
export function kernelArgs(config: HardwareConfig): string[] {
  const args: string[] = [];
  if (config.pcid !== DEFAULT_HARDWARE.pcid) args.push(`pcid=${onOffText(config.pcid)}`);
  if (config.globalPages !== DEFAULT_HARDWARE.globalPages) args.push(`global_pages=${onOffText(config.globalPages)}`);
  return args;
}

/** A kernel command line with the config's kernel choices added to `cmdline`. */
export function withKernelArgs(config: HardwareConfig, cmdline = ''): string {
  return [cmdline, ...kernelArgs(config)].filter((w) => w !== '').join(' ');
}

/** What Machine.create() takes for this config. */
export function machineOptions(config: HardwareConfig): MachineOptions {
  return {
    tlbEntries: config.tlbEntries, tlbWays: config.tlbWays, tlbPolicy: config.tlbPolicy,
    stlbEntries: config.stlbEntries, stlbWays: config.stlbWays, costs: { ...config.costs }, jit: config.jit,
  };
}
