// The event log's data: every entry since boot (up to a cap), filtered by
// category, process and text. Pure (tested in test/web); the view draws
// only the rows on screen.

import type { EventCategory, LogEntry } from '../shared/protocol.js';
import { EVENT_CATEGORIES } from '../shared/protocol.js';

export const MAX_LOG = 100_000;

export interface EventFilter {
  categories: Set<EventCategory>;
  /** Only events of this pid (undefined = all). */
  pid?: number;
  /** Case-insensitive substring of the text. */
  text: string;
}

export function defaultFilter(): EventFilter {
  // Interrupt entries (every timer tick, every iret) are the noisiest: off by default.
  return { categories: new Set(EVENT_CATEGORIES.filter((c) => c !== 'interrupt')), text: '' };
}

export function matches(e: LogEntry, f: EventFilter): boolean {
  if (!f.categories.has(e.category)) return false;
  if (f.pid !== undefined && e.pid !== f.pid) return false;
  if (f.text && !e.text.toLowerCase().includes(f.text.toLowerCase())) return false;
  return true;
}

export class EventLogModel {
  all: LogEntry[] = [];
  /** Indices into `all` that pass the filter. */
  visible: number[] = [];
  dropped = 0;

  constructor(public filter: EventFilter = defaultFilter()) {}

  clear(): void {
    this.all = [];
    this.visible = [];
    this.dropped = 0;
  }

  append(entries: LogEntry[]): void {
    if (!entries.length) return;
    const base = this.all.length;
    for (let i = 0; i < entries.length; i++) {
      this.all.push(entries[i]);
      if (matches(entries[i], this.filter)) this.visible.push(base + i);
    }
    if (this.all.length > MAX_LOG) {
      const cut = this.all.length - MAX_LOG;
      this.dropped += cut;
      this.all = this.all.slice(cut);
      this.visible = this.visible.filter((i) => i >= cut).map((i) => i - cut);
    }
  }

  /** Time travel rewrote the future: drop the entries from id `id` on. */
  forgetFrom(id: number): void {
    const keep = this.all.findIndex((e) => e.id >= id);
    if (keep < 0) return;
    this.all.length = keep;
    this.visible = this.visible.filter((i) => i < keep);
  }

  setFilter(f: EventFilter): void {
    this.filter = f;
    this.visible = [];
    this.all.forEach((e, i) => {
      if (matches(e, f)) this.visible.push(i);
    });
  }

  /**
   * Row (in `visible`) of the entry with this id; when the filter hides it,
   * the filter is widened to its category and pid filter dropped first.
   */
  rowOf(id: number): number | undefined {
    const at = this.indexOf(id);
    if (at === undefined) return undefined;
    if (!matches(this.all[at], this.filter)) {
      const cats = new Set(this.filter.categories);
      cats.add(this.all[at].category);
      this.setFilter({ categories: cats, text: '' });
    }
    const row = this.visible.indexOf(at);
    return row < 0 ? undefined : row;
  }

  /** Index in `all` of an id (ids ascend, so binary search). */
  indexOf(id: number): number | undefined {
    let lo = 0;
    let hi = this.all.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.all[mid].id;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
