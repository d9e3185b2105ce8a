// The hardware settings (vm/host/hardware.ts) as command-line flags, for
// every command that creates a machine: `run` and `shell` take them all,
// `bare` those that are the machine's (not the kernel's PCID and global-page
// choices), with the same checks and messages as the page's Machine panel.

import { HARDWARE_SETTINGS, HardwareConfig, HardwareError, HardwareSetting, parseHardware } from '../host/hardware.js';
import type { OptionSpec } from './options.js';

/** The flags of one kind of command: with a kernel (run, shell) or without (bare). */
export interface HardwareFlags {
  /** The options, for a command's CommandSpec (options.ts). */
  specs: OptionSpec[];
  /** The config the parsed flags ask for, or the one-line error to print. */
  config(values: Record<string, unknown>): HardwareConfig | string;
}

export function hardwareFlags(machine: 'kernel' | 'bare'): HardwareFlags {
  const settings = HARDWARE_SETTINGS.filter((s) => machine === 'kernel' || !s.kernel);
  return {
    specs: [
      ...settings.map((s): OptionSpec => ({ name: s.name, kind: s.repeatable ? 'list' : 'value', value: s.value, help: s.help })),
      NO_JIT,
    ],
    config: (values) => configFrom(values, settings),
  };
}

/** `--no-jit`: the same as `--jit off`, the spelling users compare with. */
const NO_JIT: OptionSpec = { name: 'no-jit', kind: 'flag', help: 'the same as --jit off: interpret everything' };

function configFrom(values: Record<string, unknown>, settings: readonly HardwareSetting[]): HardwareConfig | string {
  const pairs: [string, string][] = [];
  if (values['no-jit'] === true) {
    if (values.jit !== undefined) return '--no-jit and --jit: give one of them';
    pairs.push(['jit', 'off']);
  }
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
