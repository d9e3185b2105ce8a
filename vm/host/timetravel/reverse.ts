// The reverse verbs, on top of the recorder's goTo(): nothing here runs the
// machine backwards; everything finds a place in the past by replaying
// forward from checkpoints and going there.
//
//  - Back N instructions: replay a window of cycles before now one step at
//    a time (from a frame kept at its start, so going back again is quick),
//    and go to the N-th position from the end; widen the window (×4) when
//    it holds fewer than N.
//  - Back to the previous X (a breakpoint hit, a kernel symbol reached, an
//    event in the ring): as rr does, replay the interval between the
//    checkpoint before now and now, remember the last occurrence, and if
//    there was none do the same for the interval before that, and so on
//    back to the oldest checkpoint.
//  - Back one C line, out of a function: from the window of positions,
//    with the frame each position is in (frameTop: the address of the
//    return address, from the ebp chain; a callee's is lower).
//
// The last window of positions is kept (with the frame at its start), so a
// run of steps back inside it costs one restore and a short replay each,
// not a search. prepare() makes such a window ending at the present while
// nobody waits (the page calls it when the machine stops), and forward
// single steps taken from the window's end extend it. The window is
// forgotten when the recorder's future is rewritten (its epoch changes).
//
// A position is an instruction boundary (recorder.ts); while the CPU is
// halted the positions are where the halt began and where the timer fires.

import type { Machine } from '../machine.js';
import { note, noteError } from '../debug/notes.js';
import { decodeEvents, oldestInRing, type MachineEvent } from '../event-ring.js';
import { EVENT_RING_CAPACITY } from '../../isa/machine.js';
import type { Recorder, RunResult } from './recorder.js';
import { decode } from '../../isa/encoding.js';

/** What a position looked like, as much as the line verbs need. */
export interface Position {
  cycle: number;
  eip: number;
  esp: number;
  ebp: number;
  cpl: number;
  /** `file:line` of the code here, when it has line information. */
  line?: string;
  /** eip is where a row of the line table begins (where a forward line step may stop). */
  rowStart?: boolean;
  /** The start of the function holding eip, when known. */
  fn?: number;
  /** The frame: the address of its return address (lower = deeper; see frameTop). */
  top: number;
}

/** Where code is: supplied by the debugger (it knows the programs and the current process). */
export interface CodeInfo {
  line(m: Machine, eip: number): string | undefined;
  /** Does a row of the line table begin at eip? */
  rowStart(m: Machine, eip: number): boolean;
  functionStart(m: Machine, eip: number): number | undefined;
}

/** Widest window a line verb replays step by step (about a million instructions). */
const MAX_WINDOW = 4_000_000;
const FIRST_WINDOW = 4096;
/** Positions prepare() puts before the present (cycles). */
const PREPARED_WINDOW = 16_384;
/** Cycles per run between reads of the event ring (far fewer events than the ring holds). */
const EVENT_SLICE = 250_000;

/** Positions known from a replay: every boundary in [from, to), oldest first. */
interface Window {
  epoch: number;
  from: number;
  to: number;
  positions: Position[];
}

export class Reverse {
  private window: Window | undefined;

  constructor(readonly rec: Recorder, readonly code?: CodeInfo) {}

  get m(): Machine {
    return this.rec.machine;
  }

  /** Run a search; when it finds nothing (or fails), the machine is back where it was. */
  private staying<T>(search: () => T, foundNothing: (result: T) => boolean): T {
    const start = this.m.cycles;
    let result: T;
    try {
      result = this.rec.searching(search);
    } catch (e) {
      this.rec.goTo(start);
      throw e;
    }
    if (foundNothing(result)) this.rec.goTo(start);
    return result;
  }

  /** The position the machine is at. */
  here(): Position {
    const m = this.m;
    const eip = m.eip;
    const esp = m.getReg('esp');
    const ebp = m.getReg('ebp');
    const line = this.code?.line(m, eip);
    const rowStart = line !== undefined && this.code!.rowStart(m, eip);
    const fn = this.code?.functionStart(m, eip);
    return { cycle: m.cycles, eip, esp, ebp, cpl: m.cpl, line, rowStart, fn, top: frameTop(m, eip, esp, ebp, fn) };
  }

  /**
   * The positions from `from` (the first boundary at or after it) up to
   * `to`, oldest first, `to` excluded; the machine is left at `to`.
   */
  positionsBetween(from: number, to: number): Position[] {
    const rec = this.rec;
    const m = this.m;
    const known = this.known(from, to);
    if (known) {
      if (m.cycles !== to) rec.goTo(to);
      return known;
    }
    rec.goTo(from);
    rec.keepFrame();
    const out: Position[] = [];
    while (m.cycles < to) {
      out.push(this.here());
      if (m.core.halted() !== 0) {
        // Halted: the next position is where the halt ends (the timer fires) or `to`.
        const next = Math.min(to, Math.max(m.cycles + 1, m.core.timerDeadline()));
        rec.run(next - m.cycles);
      } else {
        rec.step();
      }
      if (m.cycles > to) throw noteError(note('debug.back.diverged', { to: String(to), cycle: String(m.cycles) }));
      if (m.cycles === out[out.length - 1].cycle) break; // the machine cannot go on (stopped)
    }
    if (m.cycles !== to) rec.goTo(to);
    this.window = { epoch: rec.epoch, from: out.length > 0 ? out[0].cycle : from, to: m.cycles, positions: out };
    return out.slice();
  }

  /** The kept window's positions in [from, to), when it holds all of them. */
  private known(from: number, to: number): Position[] | undefined {
    const w = this.window;
    if (!w || w.epoch !== this.rec.epoch || from !== w.from || to > w.to || to <= w.from) return undefined;
    let k = w.positions.length;
    while (k > 0 && w.positions[k - 1].cycle >= to) k--;
    // `to` must be a position of the window (or its end) for the slice to be every boundary before it.
    if (to !== w.to && w.positions[k]?.cycle !== to) return undefined;
    return w.positions.slice(0, k);
  }

  /**
   * Make a window of positions that ends at the present, so the next steps
   * back are quick (see the file's comment); nothing when one already
   * covers the present with room to go back. The machine stays where it is.
   */
  prepare(): void {
    const rec = this.rec;
    const now = this.m.cycles;
    const w = this.window;
    if (now <= rec.oldestCycle) return;
    if (w && w.epoch === rec.epoch && w.to >= now && w.from < now && this.known(w.from, now)) {
      // Room enough when at least a quarter of the window lies behind the present.
      if (now - w.from >= (w.to - w.from) / 4 || w.from <= rec.oldestCycle) return;
    }
    this.rec.searching(() => this.positionsBetween(Math.max(rec.oldestCycle, now - PREPARED_WINDOW), now));
  }

  /**
   * One instruction forward (a halted CPU: to where the halt ends), keeping
   * the window growing when the step starts at its end.
   */
  stepForward(): RunResult {
    const m = this.m;
    const w = this.window;
    const here = w && w.epoch === this.rec.epoch && w.to === m.cycles ? this.here() : undefined;
    const r = m.core.halted() !== 0 ? this.rec.run(Math.max(m.cycles + 1, m.core.timerDeadline()) - m.cycles) : this.rec.step();
    if (here && w && this.window === w && w.epoch === this.rec.epoch && m.cycles > here.cycle) {
      w.positions.push(here);
      w.to = m.cycles;
    }
    return r;
  }

  /**
   * Where windows of positions before `to` start, each four times wider:
   * the first at a checkpoint just before `to` when there is one (going back
   * again and again then replays almost nothing), down to the oldest cycle.
   */
  private *windowStarts(to: number): Generator<number> {
    const oldest = this.rec.oldestCycle;
    const near = this.rec.store.nearest(to - 1);
    const w = this.window;
    let start = near && to - near.cycle <= FIRST_WINDOW * 16 ? near.cycle : to - FIRST_WINDOW;
    if (w && this.known(w.from, to)) start = w.from;
    for (;;) {
      start = Math.max(oldest, start);
      yield start;
      if (start <= oldest) return;
      start = to - (to - start) * 4;
    }
  }

  /** Go back `n` instructions. Returns how many it went back (fewer at the start of history). */
  stepBack(n = 1): number {
    return this.staying(() => this.backInstructions(n), (k) => k === 0);
  }

  private backInstructions(n: number): number {
    if (!(n >= 1)) throw noteError(note('debug.back.count'));
    const rec = this.rec;
    const to = this.m.cycles;
    if (to <= rec.oldestCycle) throw noteError(note('debug.back.at-oldest', { oldest: String(rec.oldestCycle) }));
    for (const start of this.windowStarts(to)) {
      const positions = this.positionsBetween(start, to);
      if (positions.length >= n || start <= rec.oldestCycle) {
        const k = Math.min(n, positions.length);
        if (k > 0) rec.goTo(positions[positions.length - k].cycle);
        return k;
      }
    }
    return 0;
  }

  /**
   * Go back to the last position before now at one of `addrs` (eip) where
   * `accept` (called with the machine there) agrees. Returns its cycle, or
   * undefined (and stays) when history holds none.
   */
  previousStop(addrs: number[], accept: (m: Machine) => boolean = () => true): number | undefined {
    return this.staying(() => this.lastStop(addrs, accept), (c) => c === undefined);
  }

  private lastStop(addrs: number[], accept: (m: Machine) => boolean): number | undefined {
    const found = this.searchBack((from, to) => this.stopsBetween(from, to, addrs, accept));
    if (found !== undefined) this.rec.goTo(found);
    return found;
  }

  /** Go back to the last event before now that `match` accepts; returns it, or undefined (and stays). */
  previousEvent(match: (ev: MachineEvent, before: MachineEvent[]) => boolean): MachineEvent | undefined {
    return this.staying(() => this.lastEvent(match), (e) => e === undefined);
  }

  private lastEvent(match: (ev: MachineEvent, before: MachineEvent[]) => boolean): MachineEvent | undefined {
    const now = this.m.cycles;
    let found: MachineEvent | undefined;
    let limit = now;
    // An event at the very end of the last instruction lands back here: look before it.
    for (;;) {
      found = undefined;
      const cycle = this.searchBack((from, to) => {
        const evs = this.eventsBetween(from, to);
        for (let i = evs.length - 1; i >= 0; i--) {
          if (evs[i].cycles < to && match(evs[i], evs.slice(0, i))) {
            found = evs[i];
            return evs[i].cycles;
          }
        }
        return undefined;
      }, limit);
      if (cycle === undefined) {
        this.rec.goTo(now);
        return undefined;
      }
      this.rec.goTo(cycle);
      if (this.m.cycles < now) return found;
      limit = cycle;
    }
  }

  /**
   * rr's search: `find(from, to)` looks in [from, to) for the last
   * occurrence; intervals run from the checkpoint before `to` to `to`, then
   * the interval before it, back to the oldest checkpoint.
   */
  private searchBack(find: (from: number, to: number) => number | undefined, start = this.m.cycles): number | undefined {
    const rec = this.rec;
    let to = start;
    while (to > rec.oldestCycle) {
      const cp = rec.store.nearest(to - 1);
      const from = cp ? cp.cycle : rec.oldestCycle;
      const hit = find(from, to);
      if (hit !== undefined) return hit;
      to = from;
    }
    return undefined;
  }

  /** The last stop in [from, to) at `addrs` that `accept` takes (the machine is left somewhere in the interval). */
  private stopsBetween(from: number, to: number, addrs: number[], accept: (m: Machine) => boolean): number | undefined {
    const rec = this.rec;
    const m = this.m;
    rec.goTo(from);
    let last: number | undefined;
    if (addrs.includes(m.eip) && accept(m)) last = m.cycles;
    rec.withBreakpoints(addrs, () => {
      while (m.cycles < to) {
        const r = rec.run(to - m.cycles);
        if (r.reason === 'breakpoint') {
          if (m.cycles < to && accept(m)) last = m.cycles;
        } else if (r.reason !== 'budget') break;
      }
    });
    return last;
  }

  /** The events written in [from, to), replayed from `from` in slices the ring cannot overflow in. */
  eventsBetween(from: number, to: number): MachineEvent[] {
    const rec = this.rec;
    const m = this.m;
    rec.goTo(from);
    const out: MachineEvent[] = [];
    let read = m.core.eventCount();
    let slice = EVENT_SLICE;
    while (m.cycles < to) {
      const sliceStart = m.cycles;
      const r = rec.withBreakpoints([], () => rec.run(Math.min(slice, to - m.cycles)));
      const total = m.core.eventCount();
      if (total - read > EVENT_RING_CAPACITY) {
        // More events than the ring holds in one slice: go back and read in smaller ones.
        if (slice === 1) throw noteError(note('debug.back.ring-overflow'));
        rec.goTo(sliceStart);
        read = m.core.eventCount();
        slice = Math.max(1, slice >> 2);
        continue;
      }
      out.push(...decodeEvents(m.core.memory.buffer, m.core.eventRingPtr(), Math.max(read, oldestInRing(total)), total));
      read = total;
      if (r.reason !== 'budget' && r.reason !== 'breakpoint') break;
    }
    return out.filter((e) => e.cycles >= from && e.cycles < to);
  }

  // --------------------------------------------------------------------------
  // Lines and frames

  /**
   * Back one C line: to the start of the line before (or, from the middle
   * of a line, to its start). `over` skips positions in callees
   * (reverse-next); otherwise calls are entered backwards, at their last
   * line (reverse-step). Positions in the other privilege level (an
   * interrupt, a system call) are skipped either way. Returns the line.
   */
  lineBack(over: boolean): string {
    return this.staying(() => this.backLine(over), () => false);
  }

  private backLine(over: boolean): string {
    if (!this.code) throw noteError(note('debug.back.no-line-info'));
    const rec = this.rec;
    const to = this.m.cycles;
    if (to <= rec.oldestCycle) throw noteError(note('debug.back.at-oldest', { oldest: String(rec.oldestCycle) }));
    for (const start of this.windowStarts(to)) {
      const positions = this.positionsBetween(start, to);
      const cur = this.here();
      const kept = positions.filter((p) => p.line !== undefined && p.cpl === cur.cpl && (!over || p.top >= cur.top));
      const target = lineRunStart(kept);
      const exhausted = start <= rec.oldestCycle;
      if (target && (target.complete || exhausted)) {
        rec.goTo(target.position.cycle);
        return target.position.line!;
      }
      if (exhausted) throw noteError(note('debug.back.no-earlier-line'));
      if (to - start >= MAX_WINDOW) {
        throw noteError(note('debug.back.line-too-far'));
      }
    }
    throw noteError(note('debug.back.no-earlier-line'));
  }

  /**
   * Back out of the current function, to the call that entered it: the last
   * time eip was at the call instruction before the return address, with
   * the stack just above this frame, in this address space. Returns the
   * call's address.
   */
  finishBack(): number {
    return this.staying(() => this.backOut(), () => false);
  }

  private backOut(): number {
    const m = this.m;
    const cur = this.here();
    const { bytes, mapped } = m.readVirt(cur.top, 4);
    if (mapped.includes(false)) throw noteError(note('debug.back.no-frame', { addr: hex(cur.top) }));
    const ret = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    const call = callBefore(m, ret);
    if (call === undefined) throw noteError(note('debug.back.no-call', { addr: hex(ret) }));
    const cr3 = m.getCr(3);
    const esp = (cur.top + 4) >>> 0;
    const found = this.lastStop([call], (mm) => mm.getReg('esp') === esp && mm.getCr(3) === cr3 && mm.cpl === cur.cpl);
    if (found === undefined) throw noteError(note('debug.back.call-too-old'));
    return call;
  }
}

/**
 * The frame a position is in, as the address of its return address: at a
 * function's first instruction esp points at it; after its first (push ebp)
 * esp + 4; in the body, with the frame made, ebp + 4. A callee's is lower.
 */
function frameTop(m: Machine, eip: number, esp: number, ebp: number, fn: number | undefined): number {
  if (fn === undefined || eip - fn > 32) return (ebp + 4) >>> 0;
  if (eip === fn) return esp;
  if (eip === fn + (instructionAt(m, fn)?.length ?? -1)) return (esp + 4) >>> 0;
  return (ebp + 4) >>> 0;
}

function instructionAt(m: Machine, addr: number): { length: number; mnemonic: string } | undefined {
  const { bytes, mapped } = m.readVirt(addr, 16);
  const end = mapped.indexOf(false);
  const d = decode(end < 0 ? bytes : bytes.subarray(0, end), 0);
  return d.ok ? { length: d.length, mnemonic: d.ins.form.mnemonic } : undefined;
}

/** The address of the call instruction that ends at `ret`, if there is one. */
export function callBefore(m: Machine, ret: number): number | undefined {
  for (let k = 1; k <= 16; k++) {
    const at = (ret - k) >>> 0;
    const ins = instructionAt(m, at);
    if (ins && ins.length === k && ins.mnemonic === 'call') return at;
  }
  return undefined;
}

/**
 * Where a line step back goes: the start of the run of positions the last
 * kept position belongs to — the current line's when the machine is in the
 * middle of it, else the line before. Runs are cut where a forward line
 * step from the run's start would stop (goals.ts): at a line-table row
 * start of another line, function or frame, or of the same line again after
 * a jump back (the next turn of a loop written on one line).
 * `complete` is false when that run reaches back to the window's start.
 */
function lineRunStart(kept: Position[]): { position: Position; complete: boolean } | undefined {
  if (kept.length === 0) return undefined;
  let start = 0;
  for (let k = 1; k < kept.length; k++) if (startsRun(kept[start], kept[k - 1], kept[k])) start = k;
  return { position: kept[start], complete: start > 0 };
}

/** Does a forward line step begun at `from` stop at `p` (the position after `prev`)? */
function startsRun(from: Position, prev: Position, p: Position): boolean {
  if (!p.rowStart) return false;
  const moved = p.line !== from.line || p.fn !== from.fn || p.top !== from.top;
  return moved || p.eip >>> 0 <= prev.eip >>> 0;
}

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
