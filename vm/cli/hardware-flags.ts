// The hardware settings (vm/host/hardware.ts) as command-line flags, for
// every command that creates a machine: `run`, `shell` and `bare` take the
// same --tlb-entries, --tlb-ways, --tlb-policy and --cost flags, with the
// same checks and messages as the page's Machine panel.

import { HARDWARE_SETTINGS, HardwareConfig, HardwareError, parseHardware } from '../host/hardware.js';

type FlagOption = { type: 'string'; multiple: boolean };

/** parseArgs() option entries for the hardware flags. */
export const HARDWARE_FLAGS: Record<string, FlagOption> = Object.fromEntries(
  HARDWARE_SETTINGS.map((s) => [s.name, { type: 'string', multiple: s.repeatable ?? false }]),
);

/** The usage-line part: "[--tlb-entries N] [--tlb-ways W] …". */
export const HARDWARE_USAGE = HARDWARE_SETTINGS.map((s) => `[--${s.name} ${s.value}]${s.repeatable ? '...' : ''}`).join(' ');

/** A command's --help text: its usage line, then one line per hardware flag. */
export function helpWithHardware(usage: string): string {
  const width = Math.max(...HARDWARE_SETTINGS.map((s) => s.name.length + s.value.length + 3));
  const lines = HARDWARE_SETTINGS.map((s) => `  ${`--${s.name} ${s.value}`.padEnd(width)}  ${s.help}`);
  return [usage, '', 'hardware:', ...lines].join('\n');
}

/** The config the parsed flags ask for, or the one-line error to print. */
export function hardwareFromFlags(values: Record<string, unknown>): HardwareConfig | string {
  const pairs: [string, string][] = [];
  for (const s of HARDWARE_SETTINGS) {
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
