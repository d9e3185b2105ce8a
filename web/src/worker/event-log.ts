// The events of one boot: taken out of the core's ring after every move,
// decoded into log lines, and held until the next snapshot carries them to
// the page. What the views need to remember from them stays here too: the
// orphans (a reparent event is the only sign of one), the panic message,
// and the TLB flushes since the last TLB view with their cause.
//
// Other parts that follow events (the switch-step tracker, the code map's
// program cache) get each decoded event through `observe`.
//
// Time travel. An entry's id is its place in the core's event count (plus
// one), which is part of the machine's state: a replay writes the same
// events with the same ids. The page is sent each id once: events a replay
// writes again (ids the page has) are observed but not sent. Going to
// another cycle (rewind) puts what the views remember back to what it was
// there — the orphans and the panic are kept with their ids, and the switch
// tracker is fed again from the history kept here. When the future is
// rewritten (new input behind the furthest cycle reached), the page is told
// to forget the ids from there on (forgetFrom).

import type { Machine } from '../../../vm/host/machine.js';
import type { LogEntry, TlbView } from '../shared/protocol.js';
import type { EventDecoder } from './event-decoder.js';

/** Events kept for the page between snapshots (older ones are dropped and counted). */
const MAX_PENDING_EVENTS = 20_000;
/** Flushes kept for the TLB view between snapshots. */
const MAX_FLUSHES = 64;
/** Events kept for rebuilding the switch tracker after going to another cycle. */
const MAX_HISTORY = 50_000;

export class EventLog {
  private pending: LogEntry[] = [];
  private dropped = 0;
  private flushes: TlbView['flushes'] = [];
  /** Pids re-parented to init, with the id of the event that did it. */
  private readonly reparented = new Map<number, number>();
  private panicAt: { id: number; text: string } | undefined;
  /** The last entries decoded, oldest first (for rewind). */
  private history: LogEntry[] = [];
  /** The next id the page has not been sent. */
  private sentUpTo = 1;
  /** The id up to which (exclusive) the views' memory reflects the machine: the core's event count + 1. */
  private at = 1;
  /** Set when the page must forget the entries from this id (and cycle) on. */
  private forget: { id: number; cycle: number } | undefined;

  constructor(
    private readonly decoder: EventDecoder,
    /** Fed each entry in order; `replayed` when the page has it already. */
    private readonly observe: (e: LogEntry, replayed: boolean) => void,
    /** A rewind: the views' other followers start again (the tracker is fed the history after it). */
    private readonly restart: () => void,
  ) {}

  /** Pids re-parented to init by now. */
  get orphans(): Set<number> {
    const out = new Set<number>();
    for (const [pid, id] of this.reparented) if (id < this.at) out.add(pid);
    return out;
  }

  /** The kernel's panic message, once it panicked (by now). */
  get panic(): string | undefined {
    return this.panicAt && this.panicAt.id < this.at ? this.panicAt.text : undefined;
  }

  /** Move new events from the core's ring into the log. */
  drain(m: Machine): void {
    const total = m.core.eventCount();
    const raw = m.takeEvents();
    this.dropped += m.eventsDropped;
    m.eventsDropped = 0;
    let id = total - raw.length + 1;
    for (const ev of raw) {
      const e = this.decoder.decode(ev, id++);
      const replayed = e.id < this.sentUpTo;
      this.observe(e, replayed);
      if (e.name === 'reparent' && !this.reparented.has(e.args[1])) this.reparented.set(e.args[1], e.id);
      else if (e.name === 'panic' && !this.panicAt) this.panicAt = { id: e.id, text: e.detail ?? 'kernel panic' };
      else if (e.name === 'tlb-flush' || e.name === 'cr3-write') {
        this.flushes.push({ cycle: e.cycle, cause: e.name === 'cr3-write' ? 'cr3 write' : e.detail ?? '', dropped: e.name === 'cr3-write' ? e.args[2] : e.args[1], eventId: e.id });
        if (this.flushes.length > MAX_FLUSHES) this.flushes.shift();
      }
      this.remember(e);
      if (!replayed) {
        this.pending.push(e);
        this.sentUpTo = e.id + 1;
      }
    }
    this.at = total + 1;
    if (this.pending.length > MAX_PENDING_EVENTS) {
      this.dropped += this.pending.length - MAX_PENDING_EVENTS;
      this.pending = this.pending.slice(-MAX_PENDING_EVENTS);
    }
  }

  private remember(e: LogEntry): void {
    const h = this.history;
    if (h.length > 0 && h[h.length - 1].id >= e.id) return; // a replay: kept already
    h.push(e);
    if (h.length > MAX_HISTORY + MAX_HISTORY / 4) this.history = h.slice(-MAX_HISTORY);
  }

  /**
   * The machine went to another cycle: the events its ring holds past the
   * last drain were written on the way (none is for the page), and the
   * views' memory goes back to the core's event count there.
   */
  rewind(m: Machine): void {
    m.takeEvents();
    m.eventsDropped = 0;
    this.at = m.core.eventCount() + 1;
    this.flushes = [];
    this.restart();
    // The tracker needs the events since the last switch began: from the last timer interrupt taken from user mode.
    const h = this.history;
    let end = h.length;
    while (end > 0 && h[end - 1].id >= this.at) end--;
    let from = end;
    while (from > 0 && !(h[from - 1].name === 'timer' && h[from - 1].values.ring === 3)) from--;
    for (let i = Math.max(0, from - 1); i < end; i++) this.observe(h[i], true);
  }

  /**
   * The future was rewritten at `cycle`, where the core had written
   * `events` events: every entry from id events + 1 on is of a future that
   * will not happen.
   */
  forgetAfter(events: number, cycle: number): void {
    const first = events + 1;
    this.history = this.history.filter((e) => e.id < first);
    this.pending = this.pending.filter((e) => e.id < first);
    for (const [pid, id] of this.reparented) if (id >= first) this.reparented.delete(pid);
    if (this.panicAt && this.panicAt.id >= first) this.panicAt = undefined;
    if (this.sentUpTo > first) {
      this.sentUpTo = first;
      if (!this.forget || first < this.forget.id) this.forget = { id: first, cycle };
    }
  }

  /** The events since the last call, how many were dropped meanwhile, and from which id the page must forget its own. */
  take(): { events: LogEntry[]; eventsDropped: number; forget?: { id: number; cycle: number } } {
    const taken: { events: LogEntry[]; eventsDropped: number; forget?: { id: number; cycle: number } } = { events: this.pending, eventsDropped: this.dropped };
    if (this.forget !== undefined) taken.forget = this.forget;
    this.pending = [];
    this.dropped = 0;
    this.forget = undefined;
    return taken;
  }

  /** The TLB flushes since the last call. */
  takeFlushes(): TlbView['flushes'] {
    const flushes = this.flushes;
    this.flushes = [];
    return flushes;
  }

  /** The id the machine's next event will have. */
  get nextId(): number {
    return this.at;
  }
}
