// The devices behind the I/O ports, and the interrupt controller.
//
// Interrupt controller: one pending bit per line (vector 32 + line) and a
// mask. A line is raised by its device (or the host), stays pending until
// delivered, and is delivered when IF=1 and it is unmasked, lowest line
// first; delivery clears it (edge-triggered, no EOI).
//
// Timer: counted in guest cycles. Writing N > 0 to the period port raises
// IRQ 0 every N cycles, first at now + N, where now is the cycle count just
// after the `out`; later deadlines advance by N from the previous deadline,
// so there is no drift. Writing 0 stops it.
//
// Console: output bytes go to a buffer in linear memory the host drains;
// input bytes are queued by the host, each raising IRQ 1. Exit stops the
// machine with a status; trace records a kernel event.

import {
  EVENT_EXIT, EVENT_KERNEL, IRQ_CONSOLE, IRQ_TIMER, PORT_CONSOLE_IN, PORT_CONSOLE_OUT, PORT_CONSOLE_STATUS,
  PORT_EXIT, PORT_IRQ_MASK, PORT_TIMER_PERIOD, PORT_TRACE, STOP_EXIT,
} from './generated';
import { event } from './events';
import {
  CIN, CIN_CAP, COUT, COUT_CAP, S_CIN_COUNT, S_CIN_HEAD, S_COUT_LEN, S_CYCLES, S_EXIT_STATUS, S_IF,
  S_IRQ_BLOCKED_UNTIL, S_MASK, S_PENDING, S_STOPPED, S_TIMER_DEADLINE, S_TIMER_PERIOD, reg,
} from './layout';

export function raise(line: u32): void {
  if (line < 32) store<u32>(S_PENDING, load<u32>(S_PENDING) | (1 << line));
}

/** The lowest line that may be delivered now, or -1. */
export function deliverableLine(): i32 {
  if (load<u32>(S_IF) == 0) return -1;
  const ready = load<u32>(S_PENDING) & ~load<u32>(S_MASK);
  if (ready == 0) return -1;
  if (load<u64>(S_CYCLES) <= load<u64>(S_IRQ_BLOCKED_UNTIL)) return -1;
  return <i32>ctz(ready);
}

/** Raises the timer line if its deadline has come, and moves the deadline on. */
export function timerTick(): void {
  const period = load<u32>(S_TIMER_PERIOD);
  if (period == 0) return;
  const now = load<u64>(S_CYCLES);
  const deadline = load<u64>(S_TIMER_DEADLINE);
  if (now < deadline) return;
  raise(IRQ_TIMER);
  const missed = (now - deadline) / <u64>period;
  store<u64>(S_TIMER_DEADLINE, deadline + (missed + 1) * <u64>period);
}

/** Queues a console input byte; returns 1 (and drops it) when the queue is full. */
export function consoleInput(byte: u32): u32 {
  const n = load<u32>(S_CIN_COUNT);
  if (n >= CIN_CAP) return 1;
  const tail = (load<u32>(S_CIN_HEAD) + n) % CIN_CAP;
  store<u8>(CIN + tail, <u8>byte);
  store<u32>(S_CIN_COUNT, n + 1);
  raise(IRQ_CONSOLE);
  return 0;
}

export function outputFull(): bool {
  return load<u32>(S_COUT_LEN) >= COUT_CAP;
}

export function portRead(port: u32): u32 {
  if (port == PORT_CONSOLE_IN) {
    const n = load<u32>(S_CIN_COUNT);
    if (n == 0) return 0xffffffff;
    const head = load<u32>(S_CIN_HEAD);
    const b = <u32>load<u8>(CIN + head);
    store<u32>(S_CIN_HEAD, (head + 1) % CIN_CAP);
    store<u32>(S_CIN_COUNT, n - 1);
    return b;
  }
  if (port == PORT_CONSOLE_STATUS) return load<u32>(S_CIN_COUNT);
  if (port == PORT_TIMER_PERIOD) return load<u32>(S_TIMER_PERIOD);
  if (port == PORT_IRQ_MASK) return load<u32>(S_MASK);
  return 0xffffffff;
}

/** A port write by the `out` at eip (already retired). The console must have room (see outputFull). */
export function portWrite(port: u32, v: u32, eip: u32): void {
  if (port == PORT_CONSOLE_OUT) {
    const n = load<u32>(S_COUT_LEN);
    store<u8>(COUT + n, <u8>v);
    store<u32>(S_COUT_LEN, n + 1);
  } else if (port == PORT_TIMER_PERIOD) {
    store<u32>(S_TIMER_PERIOD, v);
    if (v != 0) store<u64>(S_TIMER_DEADLINE, load<u64>(S_CYCLES) + <u64>v);
  } else if (port == PORT_IRQ_MASK) {
    store<u32>(S_MASK, v);
  } else if (port == PORT_TRACE) {
    event(EVENT_KERNEL, eip, v, reg(3), reg(1), reg(2));
  } else if (port == PORT_EXIT) {
    store<u32>(S_STOPPED, STOP_EXIT);
    store<u32>(S_EXIT_STATUS, v & 0xff);
    event(EVENT_EXIT, eip, v & 0xff, 0, 0, 0);
  }
}
