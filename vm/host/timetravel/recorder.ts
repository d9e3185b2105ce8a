// The recorder: runs a machine forward while keeping what it takes to go
// back — checkpoints (checkpoints.ts) and every input (input-log.ts) — and
// goes to any cycle it has passed.
//
// Positions. A position is an instruction boundary, named by the cycle
// counter there: the moments between run() calls, where the core has just
// finished an instruction, an interrupt delivery, or (while halted) some
// idle cycles. core.run(budget) counts guest cycles and stops at the first
// boundary at or past start + budget, and the machine is deterministic, so
// from a checkpoint at cycle a, running (c - a) cycles reaches boundary c
// exactly, whatever slices the first pass was run in. goTo(c) for a cycle
// that is not a boundary stops at the first boundary after it.
//
// Checkpoints fall on a grid: a full frame at the first boundary past each
// multiple of the frame interval, a paged checkpoint instead when the newest
// paged one is `pagedEvery` intervals old (only ahead of it). A replay
// passes the same grid points and fills in frames that were dropped.
//
// Defaults, and why: a frame costs one copy of the state and a paged
// checkpoint a compare on top; on an idle host that is ~6 ms and ~15 ms
// for the default 42 MiB, against ~45 ms of running for 16 M cycles. Copies
// are memory-bound and slow down far more than the interpreter when other
// processes share the host, so the interval is not fixed: it starts at 16 M
// cycles and adapts (adapt()) so checkpoints take 12% of the host time
// spent running — recording keeps ~85% of full speed whatever the host —
// and going back one instruction replays at most one interval (about 7×
// one checkpoint's cost). `npm run bench` measures both.
//
// Inputs. While the machine is at the furthest cycle it has reached (the
// frontier), type()/queueFile()/raiseIrq() queue an input; it is delivered
// and logged, stamped with the cycle, when the machine next runs. Behind the
// frontier the log replays instead, and console output is not shown again.
// An input queued behind the frontier starts a new future: the inputs not
// yet delivered (those stamped with the current cycle too: the state at a
// cycle is the one before its inputs) and the checkpoints after the
// current cycle are forgotten first.
//
// Breakpoints go through the recorder (they live in the state, so every
// restore must put the debugger's current set back); replays run without
// them.

import type { Machine, StopReason } from '../machine.js';
import { MachineError } from '../machine-error.js';
import { Checkpoint, Checkpoints, StoreStats } from './checkpoints.js';
import { Input, InputLog, deliver } from './input-log.js';
import { settle, stateBytes } from './state.js';

export interface RecorderOptions {
  /** Bytes the checkpoint store may hold (default 256 MiB). */
  budgetBytes?: number;
  /**
   * Cycles between full frames, or 'auto' (the default): start at 16 M and
   * adapt so that checkpoints cost `overhead` of the running time.
   */
  frameInterval?: number | 'auto';
  /** With 'auto': the share of host time checkpoints may take (default 0.12). */
  overhead?: number;
  /** A paged checkpoint every this many frame intervals (default 4). */
  pagedEvery?: number;
  /** Full frames kept at most on the grid (default 2). */
  maxFrames?: number;
  /** Full frames kept where searches replayed from (default 1). */
  scratchFrames?: number;
}

export const RECORDER_DEFAULTS: Required<RecorderOptions> = {
  budgetBytes: 256 * 2 ** 20,
  frameInterval: 'auto',
  overhead: 0.12,
  pagedEvery: 4,
  maxFrames: 2,
  scratchFrames: 1,
};

export interface RunResult {
  reason: StopReason;
  /** Cycles this call advanced. */
  cycles: number;
}

export class Recorder {
  readonly log = new InputLog();
  readonly store: Checkpoints;
  readonly options: Required<RecorderOptions>;
  /** The furthest cycle the machine has reached. */
  frontier: number;
  /** Counts the times the future was rewritten (forgetFuture, loadInputs): what was replayed before may differ now. */
  epoch = 0;
  /** Where the future was last rewritten: the cycle and the core's event count there. */
  rewrittenAt: { cycle: number; events: number } | undefined;
  private nextInput = 0;
  private typeahead: Uint8Array[] = [];
  private queued: Input[] = [];
  private readonly bps = new Set<number>();
  /** While goTo replays: where to (queued input waits; frames only near the target). */
  private replayTarget: number | undefined;
  private interval: number;
  private lastCheckpoint: { cycle: number; wall: number } | undefined;
  private checkpointCost: number | undefined;

  constructor(readonly machine: Machine, options: RecorderOptions = {}) {
    this.options = { ...RECORDER_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.frameInterval === 'auto' || o.frameInterval >= 1) || !(o.pagedEvery >= 1) || !(o.maxFrames >= 0) || !(o.overhead > 0)) {
      throw new MachineError('frame interval and paged-every must be at least 1, frames at least 0, overhead above 0');
    }
    this.interval = o.frameInterval === 'auto' ? 16_000_000 : o.frameInterval;
    this.store = new Checkpoints(machine.core.memoryEnd(), o.budgetBytes, o.maxFrames, o.scratchFrames);
    this.frontier = machine.cycles;
    settle(machine);
    if (!this.store.addPaged(machine.cycles, stateBytes(machine))) {
      throw new MachineError('the time-travel budget cannot hold the first checkpoint');
    }
  }

  get cycles(): number {
    return this.machine.cycles;
  }

  /** The earliest cycle goTo can reach. */
  get oldestCycle(): number {
    return this.store.oldestCycle ?? this.machine.cycles;
  }

  stats(): StoreStats & { frontier: number; inputs: number } {
    return { ...this.store.stats(), frontier: this.frontier, inputs: this.log.entries.length };
  }

  // --------------------------------------------------------------------------
  // Inputs

  /** Type text into the console (delivered, as the queue takes it, when the machine runs). */
  type(text: string | Uint8Array): void {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    if (bytes.length > 0) this.typeahead.push(bytes.slice());
  }

  /** Hand a file to the host file channel when the machine next runs. */
  queueFile(path: string, bytes: Uint8Array): void {
    this.queued.push({ cycle: 0, kind: 'file', path, bytes: bytes.slice() });
  }

  raiseIrq(line: number): void {
    this.queued.push({ cycle: 0, kind: 'irq', line });
  }

  /**
   * Take inputs recorded elsewhere (a session file) as this machine's
   * future: run() and goTo() deliver them at their cycles.
   */
  loadInputs(inputs: Input[]): void {
    if (this.log.entries.length > 0) throw new MachineError('this recording already has inputs');
    this.epoch++;
    for (const input of inputs) {
      if (input.cycle < this.machine.cycles) throw new MachineError(`input at cycle ${input.cycle} is before the start (${this.machine.cycles})`);
      this.log.add(input);
    }
  }

  /** Inputs queued (files, interrupts) and not yet delivered. */
  get pendingInputs(): number {
    return this.queued.length;
  }

  /** Bytes typed but not yet taken by the console. */
  get pendingTyping(): number {
    return this.typeahead.reduce((n, b) => n + b.length, 0);
  }

  // --------------------------------------------------------------------------
  // Breakpoints

  addBreakpoint(vaddr: number): void {
    this.machine.addBreakpoint(vaddr);
    this.bps.add(vaddr >>> 0);
  }

  removeBreakpoint(vaddr: number): boolean {
    this.bps.delete(vaddr >>> 0);
    return this.machine.removeBreakpoint(vaddr);
  }

  /** Make `addrs` the debugger's whole set (as addBreakpoint/removeBreakpoint would, in one go). */
  setBreakpoints(addrs: Iterable<number>): void {
    this.bps.clear();
    for (const a of addrs) this.bps.add(a >>> 0);
    if (this.replayTarget === undefined) this.applyBreakpoints(true);
  }

  breakpoints(): number[] {
    return [...this.bps];
  }

  /** Run `fn` with exactly `addrs` as the machine's breakpoints (a search's own), then the debugger's again. */
  withBreakpoints<T>(addrs: number[], fn: () => T): T {
    const m = this.machine;
    m.clearBreakpoints();
    for (const a of addrs) m.addBreakpoint(a);
    try {
      return fn();
    } finally {
      this.applyBreakpoints(this.replayTarget === undefined);
    }
  }

  private applyBreakpoints(on: boolean): void {
    this.machine.clearBreakpoints();
    if (on) for (const a of this.bps) this.machine.addBreakpoint(a);
  }

  // --------------------------------------------------------------------------
  // Forward

  /** Run about `budget` cycles (at least one instruction), stopping early for the machine's own reasons. */
  run(budget: number): RunResult {
    const m = this.machine;
    const start = m.cycles;
    const end = start + Math.max(1, Math.floor(budget));
    for (;;) {
      this.deliverDue();
      const now = m.cycles;
      let stop = Math.min(end, this.nextGridPoint(now));
      const next = this.log.entries[this.nextInput];
      if (next) stop = Math.min(stop, next.cycle);
      if (now < this.frontier) stop = Math.min(stop, this.frontier);
      const info = now < this.frontier ? this.silently(() => m.run(stop - now)) : m.run(stop - now);
      if (next && m.cycles > next.cycle) {
        throw new MachineError(`replay diverged: passed cycle ${next.cycle}, where an input was delivered, to ${m.cycles}`);
      }
      if (m.cycles > this.frontier) this.frontier = m.cycles;
      this.checkpointIfDue(now);
      const waiting = info.reason === 'idle' && this.replayTarget === undefined && (this.typeahead.length > 0 || this.queued.length > 0);
      if (waiting) continue;
      if (info.reason !== 'budget' || m.cycles >= end) return { reason: info.reason, cycles: m.cycles - start };
    }
  }

  /** Execute one instruction (or take one interrupt). */
  step(): RunResult {
    return this.run(1);
  }

  /** Deliver what is due at this cycle: logged inputs (behind the frontier), else what was queued. */
  private deliverDue(): void {
    const m = this.machine;
    const now = m.cycles;
    const entries = this.log.entries;
    const fresh = this.replayTarget === undefined && (this.typeahead.length > 0 || this.queued.length > 0);
    // New input behind the frontier replaces the recorded future, from the inputs not yet delivered here on.
    if (fresh && (this.nextInput < entries.length || now < this.frontier)) this.forgetFuture();
    while (this.nextInput < entries.length && entries[this.nextInput].cycle === now) {
      deliver(m, entries[this.nextInput++]);
    }
    const next = entries[this.nextInput];
    if (next && next.cycle < now) throw new MachineError(`replay diverged: an input at cycle ${next.cycle} was missed`);
    if (!fresh) return;
    for (const input of this.queued) {
      const stamped = { ...input, cycle: now } as Input;
      deliver(m, stamped);
      this.log.add(stamped);
    }
    this.queued = [];
    while (this.typeahead.length > 0) {
      const bytes = this.typeahead[0];
      const n = m.input(bytes);
      if (n > 0) this.log.add({ cycle: now, kind: 'console', bytes: bytes.slice(0, n) });
      if (n < bytes.length) {
        this.typeahead[0] = bytes.slice(n);
        break;
      }
      this.typeahead.shift();
    }
    this.nextInput = this.log.entries.length;
  }

  /** New input behind the frontier: what was recorded after now cannot happen any more. */
  private forgetFuture(): void {
    const now = this.machine.cycles;
    // The inputs before nextInput were delivered on the way here (some may be stamped now: they stay).
    this.log.entries.length = this.nextInput;
    this.store.dropAfter(now);
    this.frontier = now;
    this.nextInput = this.log.entries.length;
    this.epoch++;
    this.rewrittenAt = { cycle: now, events: this.machine.core.eventCount() };
  }

  private silently<T>(fn: () => T): T {
    const m = this.machine;
    const saved = m.onOutput;
    m.onOutput = () => {};
    try {
      return fn();
    } finally {
      m.onOutput = saved;
    }
  }

  private nextGridPoint(now: number): number {
    const i = this.interval;
    return (Math.floor(now / i) + 1) * i;
  }

  /** A checkpoint where the last run crossed a grid point (see the file's comment). */
  private checkpointIfDue(before: number): void {
    const m = this.machine;
    const now = m.cycles;
    const i = this.interval;
    if (Math.floor(now / i) === Math.floor(before / i)) return;
    const t0 = performance.now();
    settle(m);
    const image = stateBytes(m);
    const newest = this.store.history.newest?.cycle ?? -1;
    let done = false;
    if (now - newest >= i * this.options.pagedEvery) done = this.store.addPaged(now, image);
    // A replay keeps only the frame nearest its target: copies on the way there are time lost.
    if (!done && !(this.replayTarget !== undefined && this.replayTarget - now >= i)) this.store.addFrame(now, image);
    if (this.replayTarget === undefined) this.adapt(now, t0, performance.now());
  }

  /**
   * With frameInterval 'auto': space checkpoints so that taking them costs
   * `overhead` of the host time spent running, from what the last interval
   * ran (cycles per host ms) and what checkpoints have cost (a moving
   * average), within 4 M .. 512 M cycles.
   */
  private adapt(now: number, start: number, end: number): void {
    const last = this.lastCheckpoint;
    this.lastCheckpoint = { cycle: now, wall: end };
    if (this.options.frameInterval !== 'auto' || !last) return;
    const cost = end - start;
    this.checkpointCost = this.checkpointCost === undefined ? cost : 0.75 * this.checkpointCost + 0.25 * cost;
    const runMs = start - last.wall;
    if (runMs <= 0) return;
    const cyclesPerMs = (now - last.cycle) / runMs;
    const wanted = (cyclesPerMs * this.checkpointCost) / this.options.overhead;
    this.interval = Math.min(512e6, Math.max(4e6, Math.round(wanted / 1e6) * 1e6));
  }

  /** Cycles between frames now (fixed, or adapted: see adapt()). */
  get frameInterval(): number {
    return this.interval;
  }

  /** Keep a full frame of the state here (replays take one before searching near it). */
  keepFrame(): void {
    settle(this.machine);
    this.store.addFrame(this.machine.cycles, stateBytes(this.machine), 'scratch');
  }

  // --------------------------------------------------------------------------
  // Back

  /**
   * Go to cycle `target` (the first boundary at or after it): from the
   * nearest checkpoint at or before it, replaying the logged inputs.
   * Stops early where the machine cannot go on (halt, exit, idle).
   */
  goTo(target: number): RunResult {
    const m = this.machine;
    target = Math.floor(target);
    if (!(target >= this.oldestCycle)) {
      throw new MachineError(`cycle ${target} is before the oldest reachable cycle (${this.oldestCycle})`);
    }
    const start = m.cycles;
    const cp = this.store.nearest(target);
    if (cp && (target < start || cp.cycle > start)) this.restore(cp);
    if (m.cycles >= target) return { reason: 'budget', cycles: m.cycles - start };
    const outer = this.replayTarget;
    this.replayTarget = target;
    this.applyBreakpoints(false);
    try {
      let result: RunResult = { reason: 'budget', cycles: 0 };
      while (m.cycles < target) {
        result = this.run(target - m.cycles);
        if (result.reason !== 'budget' && result.reason !== 'breakpoint') break;
      }
      return { reason: result.reason, cycles: m.cycles - start };
    } finally {
      this.replayTarget = outer;
      this.applyBreakpoints(outer === undefined);
    }
  }

  /** Run a search's replays (reverse.ts): queued input waits, no frames are copied on the way. */
  searching<T>(fn: () => T): T {
    const outer = this.replayTarget;
    this.replayTarget = Number.MAX_SAFE_INTEGER;
    try {
      return fn();
    } finally {
      this.replayTarget = outer;
      this.applyBreakpoints(outer === undefined);
    }
  }

  /** Put the state of a checkpoint in the machine. */
  restore(cp: Checkpoint): void {
    this.machine.restoreInPlace((state) => this.store.restore(cp, state));
    this.nextInput = this.log.firstAtOrAfter(cp.cycle);
    this.applyBreakpoints(this.replayTarget === undefined);
  }
}
