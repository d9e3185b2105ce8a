// The event log: every machine and kernel event since boot — fork, exec,
// exit, wait/reap, state changes, interrupts, exceptions, system calls,
// switch steps, TLB flushes — each with its cycle, filterable by category,
// by the selected process and by text. Only the rows on screen exist in the
// DOM (fixed row height), so a long log costs nothing to scroll.
//
// It is also a scrubber (time travel): clicking an event moves the machine
// to its cycle; while the machine is in the past, the events after it (its
// future, within what has run) are dimmed.

import type { EventCategory, LogEntry, Snapshot } from '../../shared/protocol.js';
import { EVENT_CATEGORIES } from '../../shared/protocol.js';
import { Panel, el } from '../dom.js';
import { EventLogModel } from '../event-filter.js';
import type { AppContext, View } from './view.js';

const ROW = 16;

export class EventView implements View {
  readonly panel = new Panel('Event log', 'view-events', 3);
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

  constructor(private readonly app: AppContext) {
    const filters = el('div', { class: 'events-filters' });
    for (const c of EVENT_CATEGORIES) {
      const box = el('input', { attrs: { type: 'checkbox', 'data-category': c } });
      box.checked = this.model.filter.categories.has(c);
      box.addEventListener('change', () => this.toggleCategory(c, box.checked));
      filters.append(el('label', {}, box, c));
    }
    this.pidBox = el('input', { attrs: { type: 'checkbox' } });
    this.pidBox.addEventListener('change', () => this.refilter());
    filters.append(el('label', { title: 'only events of the selected process' }, this.pidBox, 'selected pid'));
    const search = el('input', { attrs: { type: 'text', placeholder: 'search' } });
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
    row.title = `#${e.id} cycle ${e.cycle} eip 0x${e.eip.toString(16)}: ${e.text} — click: go to this cycle${e.pid !== undefined ? ', select the process' : ''}`;
    row.dataset.id = String(e.id);
    row.dataset.cycle = String(e.cycle);
    row.dataset.name = e.name;
    if (e.pid !== undefined) row.dataset.pid = String(e.pid);
    else delete row.dataset.pid;
    (row.firstChild as HTMLElement).textContent = e.cycle.toLocaleString('en-US');
    (row.lastChild as HTMLElement).textContent = e.text;
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
    this.panel.extra.textContent = `${n.toLocaleString('en-US')} shown / ${this.model.all.length.toLocaleString('en-US')}${this.model.dropped ? ` (${this.model.dropped} dropped)` : ''}`;
  }
}
