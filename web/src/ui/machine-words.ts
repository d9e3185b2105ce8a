// The machine's own names in the page's language. The worker and the
// kernel's headers name things (a process state "zombie", a region "heap",
// an event category "syscall", a switch step's number); the page shows them
// through the catalogue, so a language switch renders them anew with
// nothing asked of the worker. A name the catalogue does not know (a state
// a newer kernel added) shows as the machine sent it.

import { COST_NAMES } from '../../../vm/isa/isa.js';
import { LIMITS } from '../../../vm/isa/machine.js';
import { DEFAULT_HARDWARE, HARDWARE_SETTINGS, TLB_MIN_ENTRIES } from '../../../vm/host/hardware.js';
import type { HardwareConfig, HardwareSetting } from '../../../vm/host/hardware.js';
import { defaultStlbWays } from '../../../vm/host/machine-config.js';
import type { EventCategory, RegionKind } from '../shared/protocol.js';
import type { Message, MessageKey } from '../shared/i18n/i18n.js';
import { CATALOGUES } from '../shared/i18n/i18n.js';
import { t, translateMessage } from './locale.js';

function known(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUES.en, key);
}

/** A process or thread state (PSTATE_ name, lower case) as the article names it. */
export function stateText(state: string, fallback = state): string {
  const key = `state.${state}`;
  return known(key) ? t(key) : fallback;
}

/** An address-space region's label in the diagram. */
export function regionText(kind: RegionKind): string {
  const key = `space.region.${kind}`;
  return known(key) ? t(key) : kind;
}

/** An address-space region's short name, for a page-table row. */
export function regionName(kind: RegionKind): string {
  const key = `space.kind.${kind}`;
  return known(key) ? t(key) : kind;
}

/** An event category, as the event log's filters name it. */
export function categoryText(c: EventCategory): string {
  const key = `events.category.${c}`;
  return known(key) ? t(key) : c;
}

/** A context-switch step's title (1..7), in the article's words; `fallback` is trace.h's. */
export function stepTitle(step: number, fallback: string): string {
  const key = `switch.step.${step}`;
  return known(key) ? t(key) : fallback;
}

/** The numbers a hardware setting's help names, from the same constants vm/host/hardware.ts uses. */
const HELP_VALUES: Record<string, Record<string, string>> = {
  'tlb-entries': { min: String(TLB_MIN_ENTRIES), max: String(LIMITS.TLB_MAX_ENTRIES), default: String(DEFAULT_HARDWARE.tlbEntries) },
  'tlb-ways': { default: String(DEFAULT_HARDWARE.tlbWays) },
  'tlb-policy': { default: DEFAULT_HARDWARE.tlbPolicy },
  'stlb-entries': { max: String(LIMITS.STLB_MAX_ENTRIES) },
  'cost': { max: String(LIMITS.COST_MAX), names: COST_NAMES.join(', ') },
};

/** A hardware setting's help as a message (machine.help.NAME), or undefined for a setting the catalogue lacks. */
export function hardwareHelpMessage(s: Pick<HardwareSetting, 'name'>): Message | undefined {
  const key = `machine.help.${s.name}`;
  return known(key) ? { key, params: HELP_VALUES[s.name] ?? {} } : undefined;
}

/** A hardware setting's help in the page's language (a new setting shows hardware.ts's English until translated). */
export function hardwareHelp(s: Pick<HardwareSetting, 'name' | 'help'>): string {
  const m = hardwareHelpMessage(s);
  return m ? translateMessage(m) : s.help;
}

/**
 * The hardware in words, as vm/host/hardware.ts's describeHardware() says
 * it ("64-entry 4-way LRU TLB, PCID on"), in the page's language; the cost
 * settings stay in their NAME=value notation.
 */
export function hardwareText(config: HardwareConfig): string {
  const parts = [t('hw.tlb', { entries: String(config.tlbEntries), ways: String(config.tlbWays), policy: config.tlbPolicy.toUpperCase() })];
  if (config.stlbEntries > 0) {
    parts.push(t('hw.stlb', { entries: String(config.stlbEntries), ways: String(config.stlbWays ?? defaultStlbWays(config.stlbEntries)) }));
  }
  if (config.pcid) parts.push(t('hw.pcid-on'));
  if (!config.globalPages) parts.push(t('hw.global-off'));
  if (!config.jit) parts.push(t('hw.jit-off'));
  const costs = HARDWARE_SETTINGS.find((s) => s.name === 'cost')!.show(config);
  if (costs) parts.push(costs.join(' '));
  return parts.join(', ');
}
