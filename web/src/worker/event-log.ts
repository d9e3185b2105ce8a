// The events of one boot: taken out of the core's ring after every move,
// decoded into log lines, and held until the next snapshot carries them to
// the page. What the views need to remember from them stays here too: the
// orphans (a reparent event is the only sign of one), the panic message,
// and the TLB flushes since the last TLB view with their cause.
//
// Other parts that follow events (the switch-step tracker, the code map's
// program cache) get each decoded event through `observe`.

import type { Machine } from '../../../vm/host/machine.js';
import type { LogEntry, TlbView } from '../shared/protocol.js';
import type { EventDecoder } from './event-decoder.js';

/** Events kept for the page between snapshots (older ones are dropped and counted). */
const MAX_PENDING_EVENTS = 20_000;
/** Flushes kept for the TLB view between snapshots. */
const MAX_FLUSHES = 64;

export class EventLog {
  private pending: LogEntry[] = [];
  private dropped = 0;
  private flushes: TlbView['flushes'] = [];
  /** Pids re-parented to init. */
  readonly orphans = new Set<number>();
  /** The kernel's panic message, once it panicked. */
  panic: string | undefined;

  constructor(
    private readonly decoder: EventDecoder,
    private readonly observe: (e: LogEntry) => void,
  ) {}

  /** Move new events from the core's ring into the log. */
  drain(m: Machine): void {
    const raw = m.takeEvents();
    this.dropped += m.eventsDropped;
    m.eventsDropped = 0;
    for (const ev of raw) {
      const e = this.decoder.decode(ev);
      this.observe(e);
      if (e.name === 'reparent') this.orphans.add(e.args[1]);
      else if (e.name === 'panic') this.panic = e.detail ?? 'kernel panic';
      else if (e.name === 'tlb-flush' || e.name === 'cr3-write') {
        this.flushes.push({ cycle: e.cycle, cause: e.name === 'cr3-write' ? 'cr3 write' : e.detail ?? '', dropped: e.name === 'cr3-write' ? e.args[2] : e.args[1], eventId: e.id });
        if (this.flushes.length > MAX_FLUSHES) this.flushes.shift();
      }
      this.pending.push(e);
    }
    if (this.pending.length > MAX_PENDING_EVENTS) {
      this.dropped += this.pending.length - MAX_PENDING_EVENTS;
      this.pending = this.pending.slice(-MAX_PENDING_EVENTS);
    }
  }

  /** The events since the last call, and how many were dropped meanwhile. */
  take(): { events: LogEntry[]; eventsDropped: number } {
    const taken = { events: this.pending, eventsDropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    return taken;
  }

  /** The TLB flushes since the last call. */
  takeFlushes(): TlbView['flushes'] {
    const flushes = this.flushes;
    this.flushes = [];
    return flushes;
  }
}
