// The hardware configuration as the page holds it: read from the page's URL
// (`?tlb-entries=256&cost=pageWalk=40`, the settings' own names from
// vm/host/hardware.ts, `cost` repeated), written back to it so a link
// reproduces the machine, and read from the Machine panel's fields. Every
// check is parseHardware's: a bad value is its one-line message, never an
// exception, and the defaults boot instead.

import { DEFAULT_HARDWARE, HARDWARE_SETTINGS, hardwarePairs, parseHardware } from '../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';

export interface HardwareChoice {
  config: HardwareConfig;
  /** Why the asked-for configuration was refused (then `config` is the defaults). */
  error?: string;
}

const SETTING_NAMES = new Set(HARDWARE_SETTINGS.map((s) => s.name));

export function defaultHardware(): HardwareConfig {
  return { ...DEFAULT_HARDWARE, costs: {} };
}

/** parseHardware without the exception. */
export function checkHardware(pairs: [string, string][]): HardwareChoice {
  try {
    return { config: parseHardware(pairs) };
  } catch (e) {
    return { config: defaultHardware(), error: e instanceof Error ? e.message : String(e) };
  }
}

/** The configuration a query string asks for; parameters that name no setting (`headless`) are left alone. */
export function hardwareFromQuery(search: string): HardwareChoice {
  const pairs = [...new URLSearchParams(search)].filter(([k]) => SETTING_NAMES.has(k));
  return checkHardware(pairs);
}

/** `search` with its hardware parameters replaced by `config`'s (those that differ from the defaults). */
export function queryWithHardware(search: string, config: HardwareConfig): string {
  const params = new URLSearchParams(search);
  for (const name of SETTING_NAMES) params.delete(name);
  // Written by hand so that `cost=pageWalk=40` keeps its readable '=' (a reader splits at the first one).
  const ours = hardwarePairs(config).map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%3D/g, '=')}`);
  const text = [params.toString(), ...ours].filter(Boolean).join('&');
  return text ? `?${text}` : '';
}

/**
 * The Machine panel's fields (setting name → text) as pairs: an empty field
 * keeps the default; a repeatable setting's field holds several values
 * separated by spaces or commas.
 */
export function pairsFromFields(fields: Record<string, string>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const s of HARDWARE_SETTINGS) {
    const text = (fields[s.name] ?? '').trim();
    if (text === '') continue;
    const values = s.repeatable ? text.split(/[\s,]+/).filter(Boolean) : [text];
    for (const v of values) pairs.push([s.name, v]);
  }
  return pairs;
}

/** The fields that show `config`: each setting's non-default values, joined. */
export function fieldsFromConfig(config: HardwareConfig): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const s of HARDWARE_SETTINGS) fields[s.name] = (s.show(config) ?? []).join(' ');
  return fields;
}
