// The scheduler timeline: one lane per process, a bar wherever it was
// Running (from the kernel's state-change events, so it is exactly the
// scheduler's decisions), timer interrupts as ticks along the top, and
// fork/exec/exit marks. It is the time-travel scrubber: clicking a mark
// moves the machine to that event's cycle (and the event log to the event),
// clicking anywhere else in the lanes moves it to the cycle under the
// pointer (later than now, within what has run, replays the recording);
// clicking a lane's label selects the process. While the machine is in the
// past a line marks where it is and what lies after it is dimmed. The wheel
// zooms; the view follows the present, unless a click pinned it.

import type { Snapshot } from '../../shared/protocol.js';
import { Panel, el, labelledButton, localize } from '../dom.js';
import { short } from '../format.js';
import { onLangChange, t } from '../locale.js';
import { Mark, TimelineModel } from '../timeline-model.js';
import { CLOCK, exportButton, exportName } from '../export-button.js';
import { eventsToPerfetto } from '../../../../vm/host/export/perfetto.js';
import type { AppContext, View } from './view.js';

const LABEL_W = 104;
const AXIS_H = 12;
const PALETTE = ['#5fb3ff', '#7bd88f', '#ffb454', '#c792ea', '#ff6b6b', '#4fd6be', '#f78c6c', '#82aaff', '#c3e88d', '#ffcb6b'];
const MARK_COLOR: Record<string, string> = { fork: '#7bd88f', exec: '#5fb3ff', exit: '#ff6b6b', fault: '#ffb454' };

export class TimelineView implements View {
  readonly panel = new Panel('timeline.title', 'view-timeline', 1.9);
  readonly model = new TimelineModel();
  private readonly canvas = el('canvas');
  private readonly ctx: CanvasRenderingContext2D;
  private span = 30_000_000;
  /** A cycle the user asked to see (from the event log): the window centres on it until "live". */
  private pinned: number | undefined;
  private readonly live: HTMLButtonElement;
  private now = 0;
  private dirty = true;
  private hitMarks: { x: number; y: number; mark: Mark }[] = [];
  private laneY = new Map<number, number>();
  private laneH = 14;
  private selected: number | null = null;
  private width = 0;
  private height = 0;
  /** The furthest cycle run (time travel's frontier): the timeline reaches to it. */
  private frontier = 0;
  /** The cycles the plot shows, for clicks: [from, from + span] across [LABEL_W, width - 4]. */
  private shown = { from: 0, span: 1 };
  /** Program names by tid, from fork/exec events and the process table (a thread has its process's). */
  private readonly names = new Map<number, string>();

  constructor(private readonly app: AppContext) {
    this.panel.body.classList.add('timeline-body');
    this.panel.body.append(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    const zoomIn = labelledButton('timeline.zoom-in.label', 'timeline.zoom-in', () => this.zoom(1 / 1.6));
    const zoomOut = labelledButton('timeline.zoom-out.label', 'timeline.zoom-out', () => this.zoom(1.6));
    this.live = labelledButton('timeline.live', 'timeline.live.title', () => this.pin(undefined));
    this.live.hidden = true;
    const legend = localize(el('span', { class: 'dim' }), () => `${t('timeline.legend')} `);
    this.panel.extra.append(legend, this.live, ' ', zoomIn, ' ', zoomOut, ' ',
      exportButton('export.perfetto', 'export.perfetto.title', 'export-trace', () => this.exportTrace()));
    this.canvas.title = t('tt.scrub');
    onLangChange(() => {
      this.canvas.title = t('tt.scrub');
      this.dirty = true;
      this.draw();
    });
    this.canvas.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      this.zoom(ev.deltaY > 0 ? 1.25 : 0.8);
    }, { passive: false });
    this.canvas.addEventListener('click', (ev) => this.click(ev));
    // Sizes come from the observer, so drawing never forces a layout.
    new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.width = r.width;
      this.height = r.height;
      this.dirty = true;
      this.draw();
    }).observe(this.panel.body);
  }

  /** The whole log as a Perfetto / Chrome trace (vm/host/export/perfetto.ts). */
  private exportTrace(): { name: string; text: string; type: 'application/json' } | undefined {
    const { events, dropped } = this.app.loggedEvents();
    if (!events.length) return undefined;
    const text = eventsToPerfetto(events, { ...CLOCK, dropped });
    return { name: exportName('trace', events[events.length - 1].cycle, 'json'), text, type: 'application/json' };
  }

  /** Centre the window on a cycle (undefined: follow the present). */
  pin(cycle: number | undefined): void {
    this.pinned = cycle;
    this.live.hidden = cycle === undefined;
    this.dirty = true;
    this.draw();
  }

  /** Where the marks are drawn (canvas pixels), with their event ids: what a click hits. */
  markPositions(): { x: number; y: number; kind: string; eventId: number }[] {
    return this.hitMarks.map((h) => ({ x: h.x, y: h.y, kind: h.mark.kind, eventId: h.mark.eventId }));
  }

  private zoom(f: number): void {
    this.span = Math.min(1e11, Math.max(10_000, this.span * f));
    this.dirty = true;
  }

  update(s: Snapshot, full: boolean): void {
    if (s.forget) {
      this.model.forgetFrom(s.forget.cycle);
      this.dirty = true;
    }
    const frontier = s.timeTravel?.frontier ?? s.cpu.cycles;
    if (frontier !== this.frontier) this.dirty = true;
    this.frontier = frontier;
    for (const e of s.events) this.model.add(e);
    for (const e of s.events) {
      // Names as they appear: a child is its parent's copy until it execs.
      if (e.name === 'fork' && e.pid !== undefined) this.names.set(Number(e.detail), this.names.get(e.pid) ?? '');
      else if (e.name === 'exec' && e.pid !== undefined) this.names.set(e.pid, (e.detail ?? '').replace(/^.*\//, ''));
    }
    for (const r of s.processes?.rows ?? []) for (const t of r.threads) this.names.set(t.tid, r.name);
    if (s.events.length || s.cpu.cycles !== this.now || s.selectedPid !== this.selected) this.dirty = true;
    this.now = s.cpu.cycles;
    this.selected = s.selectedPid;
    if (full && this.dirty && !this.panel.collapsed) this.draw();
  }

  reset(): void {
    this.model.clear();
    this.names.clear();
    this.pinned = undefined;
    this.live.hidden = true;
    this.now = 0;
    this.frontier = 0;
    this.dirty = true;
  }

  private draw(): void {
    this.dirty = false;
    const dpr = window.devicePixelRatio || 1;
    const w = this.width;
    const h = this.height;
    if (w === 0 || h === 0) return;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr);
      this.canvas.height = Math.round(h * dpr);
    }
    const g = this.ctx;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = '11px ui-monospace, monospace';
    // The window ends at the present; before enough history exists it shows all of it.
    const present = Math.max(this.now, this.model.latest, this.frontier, 1);
    const span = Math.min(this.span, present);
    const to = this.pinned === undefined ? present : Math.min(present, Math.max(span, this.pinned + span / 2));
    const from = to - span;
    const x = (c: number): number => LABEL_W + ((c - from) / span) * (w - LABEL_W - 4);
    this.shown = { from, span };
    const lanes = this.model.lanes;
    this.laneH = Math.max(6, Math.min(16, (h - AXIS_H - 2) / Math.max(1, lanes.length)));
    this.laneY.clear();
    const data = this.model.window(from, to, this.now);

    g.fillStyle = '#8a93a3';
    g.fillText(t('timeline.span', { span: short(span) }), 4, 10);
    g.strokeStyle = '#3a4150';
    g.beginPath();
    for (const t of data.ticks) {
      const px = Math.round(x(t)) + 0.5;
      g.moveTo(px, 2);
      g.lineTo(px, AXIS_H);
    }
    g.stroke();
    lanes.forEach((pid, i) => {
      const y = AXIS_H + i * this.laneH;
      this.laneY.set(pid, y);
      if (pid === this.selected) {
        g.fillStyle = '#26384f';
        g.fillRect(0, y, w, this.laneH);
      }
      g.fillStyle = '#8a93a3';
      if (this.laneH >= 9) g.fillText(`${pid} ${this.names.get(pid) ?? ''}`.slice(0, 14), 4, y + this.laneH - 3);
    });
    for (const s of data.segments) {
      const y = this.laneY.get(s.pid);
      if (y === undefined) continue;
      g.fillStyle = PALETTE[s.pid % PALETTE.length];
      const x0 = Math.max(LABEL_W, x(s.start));
      g.fillRect(x0, y + 2, Math.max(1, x(s.end) - x0), this.laneH - 4);
    }
    if (this.now < present) {
      // In the past: the machine's cycle, and its future dimmed.
      const px = Math.round(x(this.now));
      g.fillStyle = 'rgba(20, 24, 32, 0.55)';
      g.fillRect(px, AXIS_H, w - px, h - AXIS_H);
      g.fillStyle = '#ffffff';
      g.fillRect(px, AXIS_H, 2, h - AXIS_H);
    }
    if (this.pinned !== undefined) {
      g.fillStyle = '#ffb454';
      g.fillRect(Math.round(x(this.pinned)), AXIS_H, 1, h - AXIS_H);
    }
    this.hitMarks = [];
    for (const m of data.marks) {
      const y = this.laneY.get(m.pid);
      if (y === undefined) continue;
      const px = x(m.cycle);
      const cy = y + this.laneH / 2;
      g.fillStyle = MARK_COLOR[m.kind] ?? '#fff';
      g.beginPath();
      const r = Math.max(3, this.laneH / 2 - 1);
      if (m.kind === 'fork') {
        g.moveTo(px, cy - r); g.lineTo(px + r, cy + r); g.lineTo(px - r, cy + r);
      } else if (m.kind === 'exit') {
        g.moveTo(px, cy + r); g.lineTo(px + r, cy - r); g.lineTo(px - r, cy - r);
      } else {
        g.moveTo(px, cy - r); g.lineTo(px + r, cy); g.lineTo(px, cy + r); g.lineTo(px - r, cy);
      }
      g.fill();
      this.hitMarks.push({ x: px, y: cy, mark: m });
    }
  }

  private click(ev: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const cx = ev.clientX - rect.left;
    const cy = ev.clientY - rect.top;
    let best: { d: number; mark: Mark } | undefined;
    for (const h of this.hitMarks) {
      const d = Math.hypot(h.x - cx, h.y - cy);
      if (d <= 8 && (!best || d < best.d)) best = { d, mark: h.mark };
    }
    if (best) {
      this.app.jumpToEvent(best.mark.eventId);
      this.app.goTo(best.mark.cycle);
      return;
    }
    if (cx < LABEL_W) {
      for (const [pid, y] of this.laneY) {
        if (cy >= y && cy < y + this.laneH) {
          this.app.select(pid);
          return;
        }
      }
      return;
    }
    const { from, span } = this.shown;
    const cycle = from + ((cx - LABEL_W) / Math.max(1, this.width - LABEL_W - 4)) * span;
    this.app.goTo(Math.max(0, Math.round(cycle)));
  }
}
