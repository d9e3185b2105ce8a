// How often the views are rebuilt while the machine runs: the one place that
// says it, for the page and the worker alike.
//
// Every view's part of a snapshot (listings, process tables, page tables,
// TLB entries, switch steps) is heavy: building it reads much of the
// machine, drawing it rebuilds much of the DOM. While the machine runs, the
// page asks for those parts and redraws them ten times a second — faster
// would only blur — and every snapshot in between moves only what must be
// immediate (the terminal, the toolbar). Those come thirty times a second
// while the guest computes: each costs the machine's worker time to build
// and the page time to draw, and twice that rate looks no different. When
// the guest waits for input (the machine has nothing to lose) or is stopped
// they come every display frame, so typing echoes at once, and everything
// is shown at once. The worker applies the same period to the address space, the
// heaviest part (it walks the page tables of every process), for callers
// that ask more often than the page does.

import type { ViewWants } from './protocol.js';

/** Milliseconds between heavy refreshes while the machine runs. */
export const HEAVY_REFRESH_MS = 100;

/** Milliseconds between snapshots while the guest computes (every other frame of a 60 Hz display). */
export const LIGHT_REFRESH_MS = 30;

/** The snapshot parts asked for and redrawn only on a heavy refresh while running: all of them today. */
export const HEAVY_PARTS: readonly (keyof ViewWants)[] = ['code', 'processes', 'space', 'tlb', 'switch'];

/** Says when the next refresh (heavy, unless given another period) is due. */
export class RefreshClock {
  private last = -Infinity;

  constructor(private readonly period: number = HEAVY_REFRESH_MS) {}

  /**
   * Is a refresh due at `t` (milliseconds)? Always while the machine is
   * stopped or when `force` is set (what is shown changed); while it runs,
   * once per period. A yes counts as that refresh.
   */
  due(t: number, running: boolean, force = false): boolean {
    if (running && !force && t - this.last < this.period) return false;
    this.last = t;
    return true;
  }

  /** Make the next question due whatever the time. */
  restart(): void {
    this.last = -Infinity;
  }
}

/** The parts of the open views to ask for: all on a heavy refresh, else only the light ones. */
export function partsToAsk(open: ViewWants, heavyRefresh: boolean): ViewWants {
  const ask: ViewWants = {};
  for (const part of Object.keys(open) as (keyof ViewWants)[]) {
    if (open[part] && (heavyRefresh || !HEAVY_PARTS.includes(part))) ask[part] = true;
  }
  return ask;
}

/** Do the views draw everything this frame, or only what must be immediate? */
export function drawsInFull(running: boolean, heavyRefresh: boolean): boolean {
  return !running || heavyRefresh;
}
