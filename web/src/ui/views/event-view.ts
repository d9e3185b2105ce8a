// The event log: every machine and kernel event since boot — fork, exec,
// exit, wait/reap, state changes, interrupts, exceptions, system calls,
// switch steps, TLB flushes — each with its cycle, filterable by category,
// by the selected process and by text. Only the rows on screen exist in the
// DOM (fixed row height), so a long log costs nothing to scroll. The
// categories, the controls and the tooltips are in the page's language;
// an entry's text is the event schema's (trace.h), as `glassbox run
// --trace` prints it, except a switch step's title, which is the article's.
// Guest output is never translated.
//
// It is also a scrubber (time travel): clicking an event moves the machine
// to its cycle; while the machine is in the past, the events after it (its
// future, within what has run) are dimmed.

import type { EventCategory, LogEntry, Snapshot } from '../../shared/protocol.js';
import { EVENT_CATEGORIES } from '../../shared/protocol.js';
import { Panel, el, localize } from '../dom.js';
import { EventLogModel } from '../event-filter.js';
import { fmt, onLangChange, t } from '../locale.js';
import { categoryText, stepTitle } from '../machine-words.js';
import { CLOCK, exportButton, exportName } from '../export-button.js';
import type { ExportFile } from '../export-button.js';
import { eventsToCsv, eventsToJson } from '../../../../vm/host/export/event-log-export.js';
import type { AppContext, View } from './view.js';

const ROW = 16;

/**
 * An entry's text in the page's language: the schema's words, with a switch
 * step's "switch N/7 title: " prefix (event-text.ts) in the article's words.
 */
export function entryText(e: LogEntry): string {
  if (e.step === undefined) return e.text;
  const m = /^switch (\d+)\/(\d+) [^:]*: /.exec(e.text);
  if (!m) return e.text;
  return `${t('events.switch-prefix', { n: e.step, total: Number(m[2]), title: stepTitle(e.step, '') })} ${e.text.slice(m[0].length)}`;
}

export class EventView implements View {
  readonly panel = new Panel('events.title', 'view-events', 3);
  readonly model = new EventLogModel();
  private readonly rows = el('div', { class: 'events-rows' });
  private readonly spacer = el('div');
  private readonly pidBox: HTMLInputElement;
  private follow = true;
  private highlight: number | undefined;
  private dirty = true;
  private lastSelected: number | null = null;
  /** Ids from here on are the machine's future (time travel). */
  private futureFrom = Infinity;
  private readonly pool: HTMLElement[] = [];
  /** The body's scroll position and height, tracked so drawing reads no layout. */
  private scrollTop = 0;
  private viewHeight = 0;
  /** "N shown / M" in the header, beside the export buttons. */
  private readonly count = el('span', { class: 'count' });

  constructor(private readonly app: AppContext) {
    this.panel.extra.append(
      this.count, ' ',
      exportButton('export.csv', 'export.events.csv.title', 'export-events-csv', () => this.exportFile('csv')), ' ',
      exportButton('export.json', 'export.events.json.title', 'export-events-json', () => this.exportFile('json')),
    );
    const filters = el('div', { class: 'events-filters' });
    for (const c of EVENT_CATEGORIES) {
      const box = el('input', { attrs: { type: 'checkbox', 'data-category': c } });
      box.checked = this.model.filter.categories.has(c);
      box.addEventListener('change', () => this.toggleCategory(c, box.checked));
      const name = localize(el('span'), () => categoryText(c));
      filters.append(el('label', {}, box, name));
    }
    this.pidBox = el('input', { attrs: { type: 'checkbox' } });
    this.pidBox.addEventListener('change', () => this.refilter());
    filters.append(localize(el('label', {}, this.pidBox, localize(el('span'), () => t('events.selected-pid'))), undefined, () => t('events.selected-pid.title')));
    const search = el('input', { attrs: { type: 'text' } });
    onLangChange(() => (search.placeholder = t('events.search')));
    search.placeholder = t('events.search');
    search.addEventListener('input', () => {
      this.model.setFilter({ ...this.model.filter, text: search.value });
      this.dirty = true;
    });
    filters.append(search);
    this.panel.body.classList.add('events-body');
    this.panel.body.before(filters);
    this.panel.body.append(this.spacer, this.rows);
    this.panel.body.addEventListener('scroll', () => {
      const b = this.panel.body;
      this.scrollTop = b.scrollTop;
      this.follow = b.scrollTop + b.clientHeight >= b.scrollHeight - ROW;
      this.dirty = true;
      this.draw();
    });
    new ResizeObserver((entries) => {
      this.viewHeight = entries[entries.length - 1].contentRect.height;
      this.dirty = true;
    }).observe(this.panel.body);
    onLangChange(() => this.redrawAll());
  }

  /** Draw every row again (the language changed): the pool's rows are refilled. */
  private redrawAll(): void {
    for (const row of this.pool) delete row.dataset.id;
    this.dirty = true;
    this.draw();
  }

  /** The events the filter shows, as CSV or JSON (JSON says which filter). */
  private exportFile(kind: 'csv' | 'json'): ExportFile | undefined {
    const m = this.model;
    if (!m.all.length) return undefined;
    const events = m.visible.map((i) => m.all[i]);
    const last = m.all[m.all.length - 1].cycle;
    if (kind === 'csv') return { name: exportName('events', last, 'csv'), text: eventsToCsv(events, CLOCK), type: 'text/csv' };
    const f = m.filter;
    const filter = { categories: [...f.categories], text: f.text, ...(f.pid === undefined ? {} : { pid: f.pid }) };
    return { name: exportName('events', last, 'json'), text: eventsToJson(events, { ...CLOCK, dropped: m.dropped, filter }), type: 'application/json' };
  }

  private toggleCategory(c: EventCategory, on: boolean): void {
    const cats = new Set(this.model.filter.categories);
    if (on) cats.add(c);
    else cats.delete(c);
    this.model.setFilter({ ...this.model.filter, categories: cats });
    this.dirty = true;
  }

  private refilter(): void {
    const pid = this.pidBox.checked && this.app.selectedPid !== null ? this.app.selectedPid : undefined;
    const f = { ...this.model.filter };
    if (pid === undefined) delete f.pid;
    else f.pid = pid;
    this.model.setFilter(f);
    this.dirty = true;
  }

  update(s: Snapshot, full: boolean): void {
    if (s.forget) {
      this.model.forgetFrom(s.forget.id);
      this.dirty = true;
    }
    const future = s.timeTravel?.nextEventId ?? Infinity;
    if (future !== this.futureFrom) {
      this.futureFrom = future;
      this.dirty = true;
      for (const row of this.pool) delete row.dataset.id; // redraw every row's class
    }
    if (s.events.length) {
      this.model.append(s.events);
      this.dirty = true;
    }
    this.model.dropped += s.eventsDropped;
    if (s.selectedPid !== this.lastSelected) {
      this.lastSelected = s.selectedPid;
      if (this.pidBox.checked) this.refilter();
    }
    if (!full || !this.dirty || this.panel.collapsed) return;
    this.draw();
  }

  /** Scroll to an entry and highlight it. */
  jumpTo(id: number): void {
    const row = this.model.rowOf(id);
    if (row === undefined) return;
    const cats = this.model.filter.categories;
    for (const box of this.panel.root.querySelectorAll<HTMLInputElement>('input[data-category]')) {
      box.checked = cats.has(box.dataset.category as EventCategory);
    }
    this.highlight = id;
    this.follow = false;
    this.spacer.style.height = `${this.model.visible.length * ROW}px`;
    this.scrollTop = Math.max(0, row * ROW - this.viewHeight / 2);
    this.panel.body.scrollTop = this.scrollTop;
    this.draw();
  }

  private makeRow(): HTMLElement {
    const row = el('div', { class: 'ev' }, el('span', { class: 'cyc' }), el('span'));
    row.addEventListener('click', () => {
      const pid = row.dataset.pid;
      if (pid) this.app.select(Number(pid));
      if (row.dataset.cycle) {
        this.app.showCycle(Number(row.dataset.cycle));
        this.app.goTo(Number(row.dataset.cycle));
      }
    });
    return row;
  }

  private fill(row: HTMLElement, e: LogEntry): void {
    row.className = `ev cat-${e.category}${e.id === this.highlight ? ' highlight' : ''}${e.id >= this.futureFrom ? ' future' : ''}`;
    const text = entryText(e);
    row.title = t(e.pid !== undefined ? 'events.row.title.pid' : 'events.row.title', { id: e.id, cycle: e.cycle, eip: `0x${e.eip.toString(16)}`, text });
    row.dataset.id = String(e.id);
    row.dataset.cycle = String(e.cycle);
    row.dataset.name = e.name;
    if (e.pid !== undefined) row.dataset.pid = String(e.pid);
    else delete row.dataset.pid;
    (row.firstChild as HTMLElement).textContent = fmt(e.cycle);
    (row.lastChild as HTMLElement).textContent = text;
  }

  reset(): void {
    this.model.clear();
    this.highlight = undefined;
    this.futureFrom = Infinity;
    this.follow = true;
    this.dirty = true;
  }

  private draw(): void {
    this.dirty = false;
    const n = this.model.visible.length;
    this.spacer.style.height = `${n * ROW}px`;
    if (this.follow) {
      this.scrollTop = Math.max(0, n * ROW - this.viewHeight);
      this.panel.body.scrollTop = this.scrollTop;
    }
    const first = Math.max(0, Math.floor(this.scrollTop / ROW) - 5);
    const last = Math.min(n, first + Math.ceil(this.viewHeight / ROW) + 10);
    this.rows.style.top = `${first * ROW}px`;
    // Rows are a pool reused from draw to draw: only their text and class change.
    const count = last - first;
    while (this.pool.length < count) this.pool.push(this.makeRow());
    for (let k = 0; k < this.pool.length; k++) {
      const row = this.pool[k];
      if (k >= count) {
        if (row.parentNode) row.remove();
        continue;
      }
      const e = this.model.all[this.model.visible[first + k]];
      if (row.dataset.id !== String(e.id) || row.classList.contains('highlight') !== (e.id === this.highlight)) this.fill(row, e);
      if (!row.parentNode) this.rows.append(row);
    }
    const shown = t('events.shown', { n, total: this.model.all.length });
    this.count.textContent = this.model.dropped ? `${shown} ${t('events.dropped', { n: this.model.dropped })}` : shown;
  }
}
