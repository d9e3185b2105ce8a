// The hardware settings (vm/host/hardware.ts) as command-line flags, for
// every command that creates a machine: `run` and `shell` take them all,
// `bare` those that are the machine's (not the kernel's PCID and global-page
// choices), with the same checks and messages as the page's Machine panel.

import { HARDWARE_SETTINGS, HardwareConfig, HardwareError, HardwareSetting, parseHardware } from '../host/hardware.js';

type FlagOption = { type: 'string'; multiple: boolean };

/** The flags of one kind of command: with a kernel (run, shell) or without (bare). */
export interface HardwareFlags {
  /** parseArgs() option entries. */
  options: Record<string, FlagOption>;
  /** The usage-line part: "[--tlb-entries N] [--tlb-ways W] …". */
  usage: string;
  /** A command's --help text: its usage line, then one line per hardware flag. */
  help(usage: string): string;
  /** The config the parsed flags ask for, or the one-line error to print. */
  config(values: Record<string, unknown>): HardwareConfig | string;
}

export function hardwareFlags(machine: 'kernel' | 'bare'): HardwareFlags {
  const settings = HARDWARE_SETTINGS.filter((s) => machine === 'kernel' || !s.kernel);
  return {
    options: Object.fromEntries(settings.map((s) => [s.name, { type: 'string', multiple: s.repeatable ?? false }])),
    usage: settings.map((s) => `[--${s.name} ${s.value}]${s.repeatable ? '...' : ''}`).join(' '),
    help: (usage) => helpText(usage, settings),
    config: (values) => configFrom(values, settings),
  };
}

function helpText(usage: string, settings: readonly HardwareSetting[]): string {
  const width = Math.max(...settings.map((s) => s.name.length + s.value.length + 3));
  const lines = settings.map((s) => `  ${`--${s.name} ${s.value}`.padEnd(width)}  ${s.help}`);
  return [usage, '', 'hardware:', ...lines].join('\n');
}

function configFrom(values: Record<string, unknown>, settings: readonly HardwareSetting[]): HardwareConfig | string {
  const pairs: [string, string][] = [];
  for (const s of settings) {
    const v = values[s.name];
    if (v === undefined) continue;
    for (const text of Array.isArray(v) ? v : [v]) pairs.push([s.name, String(text)]);
  }
  try {
    return parseHardware(pairs);
  } catch (e) {
    if (e instanceof HardwareError) return e.message;
    throw e;
  }
}
