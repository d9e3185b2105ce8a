// The scheduler timeline as a Chrome trace (the Trace Event Format's JSON
// object form), which ui.perfetto.dev and chrome://tracing open.
//
// Tracks: every guest process is a trace process (its pid) and every guest
// thread a trace thread (its tid), named by the program it runs (exec's
// path; a forked child carries its parent's name until it execs), with
// process_name/thread_name metadata events. The machine is a process of
// its own (MACHINE_PID) with four tracks (tids from MACHINE_TID, so they
// never meet a guest tid): the CPU (which thread was Running, as the page's
// timeline draws it, and idle stretches from hlt to the interrupt that ends
// them), the context switch's steps, TLB flushes and CR3 writes, and the
// kernel when no thread is running (interrupts taken while idle).
//
// Slices are complete events ('X'), never B/E pairs. On a thread's track
// they are its kernel stack: an int 0x80, an exception or an interrupt taken
// while the thread is current opens a slice (named by the system call once
// the kernel's syscall event names it), an iret while it is current closes
// the innermost one (an iret to ring 3 closes all), so slices nest exactly
// as kernel entries do, and a system call that blocks stays open while
// others run. Exit ends a process's open slices. A switch step's slice runs
// from its event to the next step, iret or hlt. Events that mark a moment —
// fork, exec, exit, thread start and end, wait, reap, signal, fault, orphan,
// boot, panic, TLB flush, CR3 write — are thread-scoped instants ('i').
// Anything still open at the last event ends there with args.unfinished.
//
// Time: ts and dur are microseconds of guest time, cycles divided by the
// machine's clock (CYCLES_PER_US in kernel/include/abi.h, 3000: a 3 GHz
// core) — the same rule by which the kernel's clock_gettime, ps and time
// turn cycles into time. Every event keeps its exact cycles in args (cycle,
// and endCycle and cycles for a slice), and otherData records the rule.

import type { ExportClock, ExportEvent } from './export-event.js';

/** The machine's trace process and its tracks' tids: far above any guest pid or tid (and not 0, which viewers take for the idle task). */
export const MACHINE_PID = 1_000_000_000;
export const MACHINE_TID = { kernel: 1_000_000_000, cpu: 1_000_000_001, switch: 1_000_000_002, tlb: 1_000_000_003 } as const;
const MACHINE_TRACKS: [number, string][] = [
  [MACHINE_TID.cpu, 'CPU 0 (running thread)'],
  [MACHINE_TID.switch, 'context switch steps'],
  [MACHINE_TID.tlb, 'TLB flushes and CR3 writes'],
  [MACHINE_TID.kernel, 'kernel (no thread running)'],
];

export const TRACE_FORMAT = 'glassbox-trace';
export const TRACE_VERSION = 1;

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'M';
  /** Microseconds (absent on metadata). */
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  /** Instant scope: t = thread. */
  s?: 't';
  args?: Record<string, string | number | boolean>;
}

export interface TraceDocument {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ns';
  otherData: Record<string, string | number>;
}

export interface TraceOptions extends ExportClock {
  /** Events lost before these (recorded in otherData). */
  dropped?: number;
}

/** A slice being built: its end is not known yet. */
interface Open {
  name: string;
  cat: string;
  start: number;
  tid: number;
  args: Record<string, string | number | boolean>;
  /** An int 0x80 slice waiting for the syscall event that names it. */
  unnamedSyscall?: boolean;
}

/** The events that mark a moment on their process's track, and how they are named. */
const INSTANTS: Record<string, (e: ExportEvent) => string> = {
  fork: (e) => `fork → ${e.values.child}`,
  exec: (e) => `exec ${e.detail ?? ''}`,
  exit: (e) => `exit (${e.text.replace(/^exit: pid \d+ /, '')})`,
  thread: (e) => `thread ${e.values.tid} started`,
  thread_exit: (e) => `thread ${e.values.tid} exited`,
  wait: () => 'wait',
  reap: (e) => `reap ${e.values.child}`,
  signal: (e) => `signal ${e.values.signal}`,
  fault: () => 'fault',
  reparent: () => 'orphan adopted by init',
};
/** Machine-wide moments, on the kernel track. */
const MACHINE_INSTANTS = new Set(['boot', 'panic', 'install', 'exit-port', 'shutdown']);
/** Kernel entries: they open a slice on the current thread's kernel stack. */
const ENTRIES = new Set(['int80', 'timer', 'interrupt', 'exception']);

class TraceBuilder {
  readonly out: TraceEvent[] = [];
  /** Per thread (or the kernel track), the open kernel-entry slices, innermost last. */
  private readonly stacks = new Map<number, Open[]>();
  /** The thread Running on the CPU (undefined: none, the kernel idles or switches). */
  private current: number | undefined;
  private running: Open | undefined;
  private idle: Open | undefined;
  private step: Open | undefined;
  /** Thread → process (a fork's child's first thread has the child's pid as tid). */
  private readonly tidPid = new Map<number, number>();
  /** Program name by pid. */
  private readonly names = new Map<number, string>();
  private readonly threads = new Set<number>();
  private last = 0;
  private lastId = -Infinity;

  constructor(private readonly clock: ExportClock) {
    if (!(clock.cyclesPerMicrosecond > 0)) throw new Error(`the clock must have a positive number of cycles per microsecond, not ${clock.cyclesPerMicrosecond}`);
  }

  private us(cycle: number): number {
    return cycle / this.clock.cyclesPerMicrosecond;
  }

  add(e: ExportEvent): void {
    if (e.cycle < this.last || e.id <= this.lastId) {
      throw new Error(`events out of order: #${e.id} at cycle ${e.cycle} comes after #${this.lastId} at cycle ${this.last}`);
    }
    this.last = e.cycle;
    this.lastId = e.id;
    if (e.step !== undefined) return this.switchStep(e);
    if (e.name === 'state') return this.state(e);
    if (ENTRIES.has(e.name)) return this.entry(e);
    if (e.name === 'syscall') return this.syscall(e);
    if (e.name === 'iret') return this.iret(e);
    if (e.name === 'hlt') return this.hlt(e);
    if (e.name === 'cr3-write' || e.name === 'tlb-flush') {
      return this.instant(e, e.name === 'cr3-write' ? 'cr3 write' : `TLB flush (${e.detail ?? ''})`, 'tlb', MACHINE_TID.tlb);
    }
    if (MACHINE_INSTANTS.has(e.name)) return this.instant(e, e.name, 'machine', MACHINE_TID.kernel);
    const instant = INSTANTS[e.name];
    if (instant) return this.processEvent(e, instant(e));
  }

  /** Close what is still open at the last event. */
  finish(): void {
    for (const [tid, stack] of this.stacks) while (stack.length) this.close(stack.pop()!, this.last, true, tid);
    if (this.running) this.endRunning(this.last, true);
    if (this.idle) this.close(this.idle, this.last, true);
    if (this.step) this.close(this.step, this.last, true);
  }

  private stackOf(tid: number | undefined): Open[] {
    const key = tid ?? MACHINE_TID.kernel;
    let s = this.stacks.get(key);
    if (!s) this.stacks.set(key, (s = []));
    return s;
  }

  private thread(tid: number): number {
    this.threads.add(tid);
    return tid;
  }

  private close(o: Open, end: number, unfinished = false, tid = o.tid): void {
    const args = { ...o.args, cycle: o.start, endCycle: end, cycles: end - o.start };
    if (unfinished) (args as Record<string, unknown>).unfinished = true;
    this.out.push({ name: o.name, cat: o.cat, ph: 'X', ts: this.us(o.start), dur: this.us(end) - this.us(o.start), pid: -1, tid, args });
  }

  private instant(e: ExportEvent, name: string, cat: string, tid: number): void {
    this.out.push({ name, cat, ph: 'i', s: 't', ts: this.us(e.cycle), pid: -1, tid, args: { ...e.values, cycle: e.cycle, text: e.text, eventId: e.id } });
  }

  private state(e: ExportEvent): void {
    const tid = this.thread(e.values.tid ?? e.pid ?? 0);
    if (e.detail === 'Running') {
      if (this.running && this.running.tid !== tid) this.endRunning(e.cycle);
      if (this.idle) {
        this.close(this.idle, e.cycle);
        this.idle = undefined;
      }
      if (!this.running) this.running = { name: '', cat: 'sched', start: e.cycle, tid, args: { tid, eventId: e.id } };
      this.current = tid;
      return;
    }
    if (this.running?.tid === tid) this.endRunning(e.cycle);
    if (this.current === tid) this.current = undefined;
    // A thread that is gone leaves nothing open behind it.
    if (/^(Terminated|Unused)/.test(e.detail ?? '')) this.endStack(tid, e.cycle);
  }

  private endRunning(cycle: number, unfinished = false): void {
    const r = this.running!;
    this.running = undefined;
    // Named "tid N" here; render() names it by the program the thread ran by the end.
    this.close({ ...r, name: `tid ${r.tid}` }, cycle, unfinished, MACHINE_TID.cpu);
  }

  private endStack(tid: number, cycle: number): void {
    const stack = this.stackOf(tid);
    while (stack.length) this.close(stack.pop()!, cycle);
  }

  private entry(e: ExportEvent): void {
    const name = e.name === 'int80' ? 'int 0x80' : e.text.replace(/ from ring \d+.*$/, '');
    const cat = e.name === 'int80' ? 'syscall' : e.category;
    const tid = this.current === undefined ? MACHINE_TID.kernel : this.thread(this.current);
    const o: Open = { name, cat, start: e.cycle, tid, args: { ring: e.values.ring ?? 0, vector: e.values.vector ?? 0, eip: e.eip, eventId: e.id } };
    if (e.name === 'int80') o.unnamedSyscall = true;
    if (this.idle) {
      this.close(this.idle, e.cycle);
      this.idle = undefined;
    }
    this.stackOf(this.current).push(o);
  }

  private syscall(e: ExportEvent): void {
    const top = this.stackOf(this.current).at(-1);
    if (top?.unnamedSyscall) {
      top.name = e.detail ?? `syscall ${e.values.number}`;
      top.unnamedSyscall = false;
      Object.assign(top.args, { number: e.values.number, arg: e.values.arg, pid: e.values.pid, syscallEventId: e.id });
      return;
    }
    this.processEvent(e, `syscall ${e.detail ?? e.values.number}`);
  }

  private iret(e: ExportEvent): void {
    this.endStep(e.cycle);
    const stack = this.stackOf(this.current);
    if (e.values.ring === 3) while (stack.length) this.close(stack.pop()!, e.cycle);
    else if (stack.length) this.close(stack.pop()!, e.cycle);
  }

  private hlt(e: ExportEvent): void {
    this.endStep(e.cycle);
    if (this.current === undefined && !this.idle && !this.running) {
      this.idle = { name: 'idle (hlt)', cat: 'sched', start: e.cycle, tid: MACHINE_TID.cpu, args: { eventId: e.id } };
    }
  }

  private switchStep(e: ExportEvent): void {
    this.endStep(e.cycle);
    const colon = e.text.indexOf(': ');
    this.step = { name: colon < 0 ? `switch step ${e.step}` : e.text.slice(0, colon), cat: 'switch', start: e.cycle, tid: MACHINE_TID.switch, args: { ...e.values, step: e.step!, text: e.text, eventId: e.id } };
  }

  private endStep(cycle: number): void {
    if (!this.step) return;
    this.close(this.step, cycle);
    this.step = undefined;
  }

  /** A process event: an instant on the thread that did it (the current one, if it belongs to the process). */
  private processEvent(e: ExportEvent, name: string): void {
    const pid = e.pid ?? 0;
    if (e.name === 'fork') {
      this.names.set(e.values.child, this.names.get(pid) ?? '');
      this.tidPid.set(e.values.child, e.values.child);
    } else if (e.name === 'exec') {
      this.names.set(pid, (e.detail ?? '').replace(/^.*\//, ''));
    } else if (e.name === 'thread') {
      this.tidPid.set(e.values.tid, pid);
      this.thread(e.values.tid);
    }
    const cur = this.current;
    const tid = cur !== undefined && (this.tidPid.get(cur) ?? cur) === pid ? cur : pid;
    this.instant(e, name, e.category, this.thread(tid));
    if (e.name === 'exit') for (const t of this.threads) if ((this.tidPid.get(t) ?? t) === pid) this.endStack(t, e.cycle);
    if (e.name === 'thread_exit') this.endStack(e.values.tid, e.cycle);
  }

  /** The finished trace: every event given its process, names as metadata first. */
  render(inputEvents: number, dropped: number): TraceDocument {
    const pidOf = (tid: number): number => (tid >= MACHINE_TID.kernel ? MACHINE_PID : this.tidPid.get(tid) ?? tid);
    const nameOf = (tid: number): string => this.names.get(pidOf(tid)) || `tid ${tid}`;
    for (const ev of this.out) {
      ev.pid = pidOf(ev.tid);
      if (ev.cat === 'sched' && ev.name.startsWith('tid ')) {
        const tid = Number(ev.args!.tid);
        ev.name = nameOf(tid);
        Object.assign(ev.args!, { pid: pidOf(tid) });
      }
    }
    const meta: TraceEvent[] = [
      { name: 'process_name', ph: 'M', pid: MACHINE_PID, tid: MACHINE_TID.kernel, args: { name: 'Glassbox machine' } },
      { name: 'process_sort_index', ph: 'M', pid: MACHINE_PID, tid: MACHINE_TID.kernel, args: { sort_index: -1 } },
    ];
    MACHINE_TRACKS.forEach(([tid, name], i) => {
      meta.push({ name: 'thread_name', ph: 'M', pid: MACHINE_PID, tid, args: { name } });
      meta.push({ name: 'thread_sort_index', ph: 'M', pid: MACHINE_PID, tid, args: { sort_index: i } });
    });
    const pids = new Set<number>();
    for (const tid of [...this.threads].sort((a, b) => a - b)) {
      const pid = pidOf(tid);
      if (!pids.has(pid)) {
        pids.add(pid);
        meta.push({ name: 'process_name', ph: 'M', pid, tid: pid, args: { name: this.names.get(pid) || `pid ${pid}` } });
      }
      meta.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: nameOf(tid) } });
    }
    return {
      traceEvents: [...meta, ...this.out],
      displayTimeUnit: 'ns',
      otherData: {
        format: TRACE_FORMAT,
        version: TRACE_VERSION,
        clock: `ts and dur are guest microseconds: cycles / ${this.clock.cyclesPerMicrosecond} (kernel/include/abi.h CYCLES_PER_US); args hold exact cycles`,
        cyclesPerMicrosecond: this.clock.cyclesPerMicrosecond,
        inputEvents,
        droppedBefore: dropped,
      },
    };
  }
}

/** The trace of these events (ascending ids and cycles), as an object. */
export function buildTrace(events: readonly ExportEvent[], options: TraceOptions): TraceDocument {
  const b = new TraceBuilder(options);
  for (const e of events) b.add(e);
  b.finish();
  return b.render(events.length, options.dropped ?? 0);
}

/** The trace as the JSON file the viewers open: one trace event per line. */
export function eventsToPerfetto(events: readonly ExportEvent[], options: TraceOptions): string {
  const doc = buildTrace(events, options);
  const { traceEvents, ...rest } = doc;
  return `{"traceEvents":[\n${traceEvents.map((e) => JSON.stringify(e)).join(',\n')}\n],${JSON.stringify(rest).slice(1)}\n`;
}
