// Machine and kernel events, turned into lines of the event log.
//
// What an event says (its category, name, text, process, detail, switch
// step) comes from the event schema — trace.h's lines for kernel events,
// vm/isa/machine.ts's table for machine events — through
// vm/host/event-text.ts, the same words `glassbox run --trace` prints. This
// file only keeps the entries' raw arguments and numbers them: by the id
// given (the event log's, from the core's event count: event-log.ts), else
// on from the last.

import type { MachineEvent } from '../../../vm/host/event-ring.js';
import type { KernelNames } from '../../../vm/host/kernel-events.js';
import { decodeEvent, DecodeContext } from '../../../vm/host/event-text.js';
import type { LogEntry } from '../shared/protocol.js';

/** Reads a NUL-terminated string at a kernel virtual address. */
export type KernelStringReader = (vaddr: number) => string;

export class EventDecoder {
  private nextId = 1;
  private readonly ctx: DecodeContext;

  constructor(names: KernelNames | undefined, readString: KernelStringReader) {
    this.ctx = { schema: names?.events, states: names?.states ?? new Map(), syscalls: names?.syscalls ?? new Map(), readString };
  }

  decode(ev: MachineEvent, id = this.nextId): LogEntry {
    this.nextId = id + 1;
    const d = decodeEvent(ev, this.ctx);
    const e: LogEntry = {
      id, cycle: ev.cycles, eip: ev.eip, category: d.category, name: d.name, text: d.text,
      args: [ev.a, ev.b, ev.c, ev.d], values: d.values,
    };
    if (d.pid !== undefined) e.pid = d.pid;
    if (d.detail !== undefined) e.detail = d.detail;
    if (d.step !== undefined) e.step = d.step;
    return e;
  }
}
