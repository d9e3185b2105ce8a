// The event ring and the counters: what the machine tells the host about
// itself.
//
// Events (interrupt delivered, iret, CR3 write, TLB flush, hlt, kernel trace
// record, exit, shutdown) are written to a ring of EVENT_RING_CAPACITY
// entries of EVENT_WORDS u32 words, only while tracing is on. The total count
// only grows; entry k sits at slot k % capacity, so the host can tell how
// many it missed. Counters are u64 and count whether or not tracing is on.

import { EVENT_RING_CAPACITY, EVENT_WORDS } from './generated';
import { EVENTS, S_COUNTERS, S_CYCLES, S_EVENT_COUNT, S_TRACE } from './layout';

export function event(kind: u32, eip: u32, a: u32, b: u32, c: u32, d: u32): void {
  if (load<u32>(S_TRACE) == 0) return;
  const k = load<u64>(S_EVENT_COUNT);
  const at = EVENTS + (<u32>(k % <u64>EVENT_RING_CAPACITY)) * EVENT_WORDS * 4;
  const now = load<u64>(S_CYCLES);
  store<u32>(at, kind);
  store<u32>(at, eip, 4);
  store<u32>(at, <u32>now, 8);
  store<u32>(at, <u32>(now >>> 32), 12);
  store<u32>(at, a, 16);
  store<u32>(at, b, 20);
  store<u32>(at, c, 24);
  store<u32>(at, d, 28);
  store<u64>(S_EVENT_COUNT, k + 1);
}

@inline export function count(counter: u32): void {
  const at = S_COUNTERS + (counter << 3);
  store<u64>(at, load<u64>(at) + 1);
}

@inline export function countBy(counter: u32, n: u32): void {
  const at = S_COUNTERS + (counter << 3);
  store<u64>(at, load<u64>(at) + <u64>n);
}
