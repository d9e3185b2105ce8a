// The machine's own names in the page's language. The worker and the
// kernel's headers name things (a process state "zombie", a region "heap",
// an event category "syscall", a switch step's number); the page shows them
// through the catalogue, so a language switch renders them anew with
// nothing asked of the worker. A name the catalogue does not know (a state
// a newer kernel added) shows as the machine sent it.

import type { EventCategory, RegionKind } from '../shared/protocol.js';
import type { MessageKey } from '../shared/i18n/i18n.js';
import { CATALOGUES } from '../shared/i18n/i18n.js';
import { t } from './locale.js';

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
