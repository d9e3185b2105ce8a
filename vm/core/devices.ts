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
//
// Host file channel: the host puts one request (a path and a file's bytes)
// in HOSTFILE_BUF and submits it (hostFileSubmit), which raises IRQ 2. The
// kernel reads its lengths and then its bytes, 4 per `in`, from the ports
// (programmed I/O, like an ATA drive's data port), and writes its answer,
// 0 or -errno, to the status port; the host reads that answer. One request
// at a time; every byte of it is in linear memory, so it is part of a
// snapshot like the console's input queue.

import {
  EVENT_EXIT, EVENT_KERNEL, HOSTFILE_CAPACITY, HOSTFILE_STATE_ANSWERED, HOSTFILE_STATE_PENDING, IRQ_CONSOLE,
  IRQ_HOSTFILE, IRQ_TIMER, PORT_CONSOLE_IN, PORT_CONSOLE_OUT, PORT_CONSOLE_STATUS, PORT_EXIT, PORT_HOSTFILE_DATA,
  PORT_HOSTFILE_NAME_LEN, PORT_HOSTFILE_SIZE, PORT_HOSTFILE_STATUS, PORT_IRQ_MASK, PORT_TIMER_PERIOD, PORT_TRACE,
  STOP_EXIT,
} from './generated';
import { event } from './events';
import {
  CIN, CIN_CAP, COUT, COUT_CAP, HOSTFILE_BUF, S_HF_NAME_LEN, S_HF_POS, S_HF_RESULT, S_HF_SIZE, S_HF_STATE, S_CIN_COUNT, S_CIN_HEAD, S_COUT_LEN, S_CYCLES, S_EXIT_STATUS, S_IF,
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

@inline function padded(n: u32): u32 {
  return (n + 3) & ~3;
}

/**
 * Submits the request the host wrote at HOSTFILE_BUF: nameLen path bytes,
 * then (at padded(nameLen)) size file bytes. Zeroes the padding, raises IRQ 2.
 * Returns 0, 1 when a request is still pending, 2 when it does not fit (or has no path).
 */
export function hostFileSubmit(nameLen: u32, size: u32): u32 {
  if (load<u32>(S_HF_STATE) == HOSTFILE_STATE_PENDING) return 1;
  if (nameLen == 0 || nameLen > HOSTFILE_CAPACITY || size > HOSTFILE_CAPACITY - padded(nameLen)) return 2;
  if (padded(nameLen) + padded(size) > HOSTFILE_CAPACITY) return 2;
  memory.fill(HOSTFILE_BUF + nameLen, 0, padded(nameLen) - nameLen);
  const end = padded(nameLen) + size;
  memory.fill(HOSTFILE_BUF + end, 0, padded(end) - end);
  store<u32>(S_HF_NAME_LEN, nameLen);
  store<u32>(S_HF_SIZE, size);
  store<u32>(S_HF_POS, 0);
  store<u32>(S_HF_RESULT, 0);
  store<u32>(S_HF_STATE, HOSTFILE_STATE_PENDING);
  raise(IRQ_HOSTFILE);
  return 0;
}

function hostFileRead(port: u32): u32 {
  if (load<u32>(S_HF_STATE) != HOSTFILE_STATE_PENDING) return 0;
  if (port == PORT_HOSTFILE_STATUS) return 1;
  if (port == PORT_HOSTFILE_NAME_LEN) return load<u32>(S_HF_NAME_LEN);
  if (port == PORT_HOSTFILE_SIZE) return load<u32>(S_HF_SIZE);
  // PORT_HOSTFILE_DATA
  const pos = load<u32>(S_HF_POS);
  if (pos >= padded(load<u32>(S_HF_NAME_LEN)) + padded(load<u32>(S_HF_SIZE))) return 0;
  store<u32>(S_HF_POS, pos + 4);
  return load<u32>(HOSTFILE_BUF + pos);
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
  if (port >= PORT_HOSTFILE_STATUS && port <= PORT_HOSTFILE_DATA) return hostFileRead(port);
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
  } else if (port == PORT_HOSTFILE_STATUS) {
    if (load<u32>(S_HF_STATE) == HOSTFILE_STATE_PENDING) {
      store<u32>(S_HF_RESULT, v);
      store<u32>(S_HF_STATE, HOSTFILE_STATE_ANSWERED);
    }
  } else if (port == PORT_EXIT) {
    store<u32>(S_STOPPED, STOP_EXIT);
    store<u32>(S_EXIT_STATUS, v & 0xff);
    event(EVENT_EXIT, eip, v & 0xff, 0, 0, 0);
  }
}
