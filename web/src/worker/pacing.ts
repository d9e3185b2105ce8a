// How much the machine runs per tick: the arithmetic of the run loop's speed.
//
// At full speed a tick runs for SLICE_MS of host time in core.run() calls
// whose cycle budget adapts so that one call takes about two milliseconds
// (V8 optimises a Wasm function only between calls, and the loop checks the
// clock only between them). At a chosen speed (instructions per second) a
// tick runs what the time since the last tick earns, at most one second's
// worth, so a page that was busy or hidden does not make the machine race to
// catch up; below STEP_THRESHOLD instructions a tick steps them one by one.

import type { StopInfo } from '../../../vm/host/machine.js';

/** Host milliseconds per tick at full speed: short enough for a responsive page. */
export const SLICE_MS = 6;
/** Minimum host milliseconds between ticks at a paced speed. */
export const PACE_MS = 16;
/** Below this many instructions per tick, a paced run steps instruction by instruction. */
export const STEP_THRESHOLD = 64;
/** Host time one tick may credit at a paced speed: a late tick does not earn a burst. */
const MAX_CREDIT_MS = 250;

/** The speed the user chose, turned into instructions per tick. */
export class Pacer {
  /** Instructions per second (0 = full speed). */
  speed = 0;
  /** Instructions earned but not yet run (less than one after each tick). */
  private allowance = 0;
  private last = 0;

  setSpeed(ips: number, t: number): void {
    this.speed = Math.max(0, Math.floor(ips));
    this.restart(t);
  }

  /** Start earning from `t`: time spent stopped earns nothing. */
  restart(t: number): void {
    this.allowance = 0;
    this.last = t;
  }

  get fullSpeed(): boolean {
    return this.speed === 0;
  }

  /** Milliseconds to wait before the next tick. */
  get delay(): number {
    return this.fullSpeed ? 0 : PACE_MS;
  }

  /** The whole instructions the time since the last call earns (never more than one second's worth in hand). */
  take(t: number): number {
    this.allowance = Math.min(this.allowance + (this.speed * Math.min(t - this.last, MAX_CREDIT_MS)) / 1000, this.speed);
    this.last = t;
    const n = Math.floor(this.allowance);
    this.allowance -= n;
    return n;
  }
}

/** The cycle budget of one core.run() call at full speed, kept near two milliseconds of host time. */
export class SliceSize {
  cycles = 2_000_000;

  /** Learn from a call that used its whole budget (shorter ones say nothing about the rate). */
  adapt(info: StopInfo, ms: number): void {
    if (info.reason !== 'budget' || ms <= 0.2) return;
    const perMs = info.cycles / ms;
    this.cycles = Math.max(200_000, Math.min(200_000_000, Math.round(perMs * 2)));
  }
}
