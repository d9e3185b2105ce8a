// The scheduler timeline's data: who ran when, derived from the kernel's
// state-change events (a process becoming Running starts its bar; leaving
// Running ends it), with fork/exec/exit marks and timer interrupts as ticks.
// Pure: log entries in, bars and marks out (tested in test/web).

import type { LogEntry } from '../shared/protocol.js';

export interface Segment {
  pid: number;
  start: number;
  /** undefined while it is still running. */
  end: number | undefined;
}

/** A bar as drawn: an open one ends at the present. */
export interface ClosedSegment {
  pid: number;
  start: number;
  end: number;
}

export type MarkKind = 'fork' | 'exec' | 'exit' | 'fault';

export interface Mark {
  kind: MarkKind;
  cycle: number;
  pid: number;
  eventId: number;
  label: string;
}

const MAX_ITEMS = 20_000;

export class TimelineModel {
  segments: Segment[] = [];
  marks: Mark[] = [];
  /** Cycles of timer interrupts. */
  ticks: number[] = [];
  /** pids in order of first appearance (one lane each). */
  lanes: number[] = [];
  /** The latest cycle seen in any event. */
  latest = 0;
  private running: Segment | undefined;

  clear(): void {
    this.segments = [];
    this.marks = [];
    this.ticks = [];
    this.lanes = [];
    this.latest = 0;
    this.running = undefined;
  }

  private lane(pid: number): void {
    if (!this.lanes.includes(pid)) this.lanes.push(pid);
  }

  add(e: LogEntry): void {
    this.latest = Math.max(this.latest, e.cycle);
    if (e.name === 'state' && e.pid !== undefined) {
      if (e.detail === 'Running') {
        if (this.running && this.running.pid !== e.pid && this.running.end === undefined) this.running.end = e.cycle;
        if (!this.running || this.running.end !== undefined) {
          this.running = { pid: e.pid, start: e.cycle, end: undefined };
          this.segments.push(this.running);
          this.lane(e.pid);
        }
      } else if (this.running && this.running.pid === e.pid && this.running.end === undefined) {
        this.running.end = e.cycle;
      }
    } else if (e.name === 'timer') {
      this.ticks.push(e.cycle);
    } else if ((e.name === 'fork' || e.name === 'exec' || e.name === 'exit' || e.name === 'fault') && e.pid !== undefined) {
      const label = e.name === 'fork' ? `fork → ${e.detail}` : e.name === 'exec' ? `exec ${e.detail ?? ''}` : e.name;
      this.marks.push({ kind: e.name, cycle: e.cycle, pid: e.pid, eventId: e.id, label });
      this.lane(e.pid);
    }
    this.trim();
  }

  private trim(): void {
    if (this.segments.length > MAX_ITEMS) this.segments.splice(0, this.segments.length - MAX_ITEMS);
    if (this.marks.length > MAX_ITEMS) this.marks.splice(0, this.marks.length - MAX_ITEMS);
    if (this.ticks.length > MAX_ITEMS) this.ticks.splice(0, this.ticks.length - MAX_ITEMS);
  }

  /**
   * Time travel rewrote the future from `cycle` on: what happened after it
   * goes (a bar running across it is open again: the new future ends it).
   */
  forgetFrom(cycle: number): void {
    this.segments = this.segments.filter((s) => s.start < cycle);
    for (const s of this.segments) if (s.end !== undefined && s.end >= cycle) s.end = undefined;
    this.running = this.segments.find((s) => s.end === undefined);
    this.marks = this.marks.filter((m) => m.cycle < cycle);
    this.ticks = this.ticks.filter((t) => t < cycle);
    this.latest = Math.min(this.latest, cycle);
  }

  /** Bars, marks and ticks overlapping [from, to]; open bars end at `now`. */
  window(from: number, to: number, now: number): { segments: ClosedSegment[]; marks: Mark[]; ticks: number[] } {
    const segments: ClosedSegment[] = [];
    for (const s of this.segments) {
      const end = s.end ?? now;
      if (end >= from && s.start <= to) segments.push({ pid: s.pid, start: s.start, end });
    }
    return {
      segments,
      marks: this.marks.filter((m) => m.cycle >= from && m.cycle <= to),
      ticks: this.ticks.filter((t) => t >= from && t <= to),
    };
  }

  /** The mark nearest to `cycle` on `pid`'s lane within `tolerance` cycles. */
  markNear(cycle: number, pid: number | undefined, tolerance: number): Mark | undefined {
    let best: Mark | undefined;
    for (const m of this.marks) {
      if (pid !== undefined && m.pid !== pid) continue;
      const d = Math.abs(m.cycle - cycle);
      if (d <= tolerance && (!best || d < Math.abs(best.cycle - cycle))) best = m;
    }
    return best;
  }
}
