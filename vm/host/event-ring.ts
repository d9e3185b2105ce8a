// Reading the core's event ring.
//
// While tracing is on, the core appends machine events (interrupt, iret, cr3
// write, TLB flush, …) and the kernel's trace-port events to a ring of
// EVENT_RING_CAPACITY records in linear memory, EVENT_WORDS u32 words each:
// kind, eip, cycles (low, high), then four arguments a..d whose meaning
// depends on the kind (vm/isa/machine.ts, EVENT). The core only ever counts
// up (eventCount); event number k sits in slot k mod capacity, so a reader
// that fell more than a ring behind has lost the oldest ones. The reader keeps
// its own position (Machine does); decoding here is a pure copy out.

import { EVENT_NAMES, EVENT_RING_CAPACITY, EVENT_WORDS } from '../isa/machine.js';

export interface MachineEvent {
  kind: number;
  /** Lower-case event name from machine.ts (interrupt, iret, cr3-write, …). */
  name: string;
  eip: number;
  cycles: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

/** The oldest event number still in the ring once `total` events have been written. */
export function oldestInRing(total: number): number {
  return Math.max(0, total - EVENT_RING_CAPACITY);
}

/**
 * Events number `from` up to (not including) `to`, oldest first, from the ring
 * at byte offset `ringPtr` of `buffer`. The caller keeps to events still in
 * the ring (from >= oldestInRing(to)).
 */
export function decodeEvents(buffer: ArrayBuffer, ringPtr: number, from: number, to: number): MachineEvent[] {
  const words = new Uint32Array(buffer, ringPtr, EVENT_RING_CAPACITY * EVENT_WORDS);
  const out: MachineEvent[] = [];
  for (let k = from; k < to; k++) {
    const at = (k % EVENT_RING_CAPACITY) * EVENT_WORDS;
    const kind = words[at];
    out.push({
      kind,
      name: EVENT_NAMES[kind] ?? `event-${kind}`,
      eip: words[at + 1],
      cycles: words[at + 2] + words[at + 3] * 2 ** 32,
      a: words[at + 4],
      b: words[at + 5],
      c: words[at + 6],
      d: words[at + 7],
    });
  }
  return out;
}
