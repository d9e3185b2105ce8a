// Time travel in the worker: one boot's recorder (vm/host/timetravel) and
// the reverse verbs on it, in the words the page's toolbar uses.
//
// Every forward move of the machine goes through the recorder (run, step,
// typed keys, installed files), so it can go back to any cycle it passed
// since the oldest checkpoint. Going back (or to a cycle on the timeline)
// replays forward from a checkpoint: the state reached is the one the
// machine had there, bit for bit, so every view drawn from it shows that
// moment. Behind the furthest cycle reached, running on replays the
// recorded inputs; typing there starts a new future (the recorder forgets
// the old one, and the page its events: event-log.ts).
//
// Costs: the checkpoints take at most the budget (default 256 MiB, the
// page's setting), and the state at boot is kept besides, for session
// files (session-file.ts) that replay from it.

import type { Machine, StopInfo } from '../../../vm/host/machine.js';
import { Recorder, RECORDER_DEFAULTS } from '../../../vm/host/timetravel/recorder.js';
import { Reverse } from '../../../vm/host/timetravel/reverse.js';
import { codeInfo, reverseUntil } from '../../../vm/host/debug/reverse-targets.js';
import type { ReverseTarget, TargetContext } from '../../../vm/host/debug/reverse-targets.js';
import { hex } from '../../../vm/host/debug/code-map.js';
import type { CodeMap } from '../../../vm/host/debug/code-map.js';
import { note, noteError, stopWord } from '../../../vm/host/debug/notes.js';
import type { Note } from '../../../vm/host/debug/notes.js';
import type { BackKind, TimeTravelInfo } from '../shared/protocol.js';

export const DEFAULT_BUDGET_MIB = RECORDER_DEFAULTS.budgetBytes / 2 ** 20;

export class TimeTravel {
  readonly rec: Recorder;
  readonly reverse: Reverse;
  /** The state where recording began (the booted machine), for session files. */
  readonly start: Uint8Array;
  private seenEpoch: number;

  constructor(readonly m: Machine, private readonly code: CodeMap, budgetMiB: number, private readonly targets: Omit<TargetContext, 'm' | 'reverse' | 'describe'>) {
    this.start = m.snapshot();
    this.rec = new Recorder(m, { budgetBytes: budgetMiB * 2 ** 20 });
    this.reverse = new Reverse(this.rec, codeInfo(code));
    this.seenEpoch = this.rec.epoch;
  }

  // --------------------------------------------------------------------------
  // Forward, through the recorder

  run(budget: number): StopInfo {
    const instret = this.m.instret;
    const r = this.rec.run(budget);
    return this.info(r.reason, r.cycles, instret);
  }

  /** One instruction (a halted CPU: on to where the halt ends). */
  step(): StopInfo {
    const instret = this.m.instret;
    const r = this.reverse.stepForward();
    return this.info(r.reason, r.cycles, instret);
  }

  private info(reason: StopInfo['reason'], cycles: number, instret: number): StopInfo {
    const info: StopInfo = { reason, cycles, instructions: this.m.instret - instret };
    if (reason === 'exit') info.exitStatus = this.m.exitStatus;
    return info;
  }

  type(bytes: Uint8Array): void {
    this.rec.type(bytes);
  }

  queueFile(path: string, bytes: Uint8Array): void {
    this.rec.queueFile(path, bytes);
  }

  setBreakpoints(addrs: number[]): void {
    this.rec.setBreakpoints(addrs);
  }

  /** Where the future was rewritten since the last call (the cycle and the core's event count there), if it was. */
  takeRewrite(): { cycle: number; events: number } | undefined {
    if (this.rec.epoch === this.seenEpoch) return undefined;
    this.seenEpoch = this.rec.epoch;
    return this.rec.rewrittenAt;
  }

  // --------------------------------------------------------------------------
  // Back

  /**
   * One of the toolbar's steps back; `userBreakpoints` (reverse-continue's
   * targets) with `isUserStop` saying whether a hit there is the user's
   * (breakpoints stop only in their own program). Returns the stop note;
   * throws a MachineError (the machine staying) when there is nowhere to go.
   */
  back(kind: BackKind, userBreakpoints: number[], isUserStop: () => boolean): Note {
    this.code.forgetPrograms();
    const rv = this.reverse;
    switch (kind) {
      case 'instruction':
        rv.stepBack(1);
        return note('debug.back.instruction');
      case 'line':
        return note('debug.back.line', { line: rv.lineBack(false) });
      case 'over':
        return note('debug.back.over', { line: rv.lineBack(true) });
      case 'out':
        return note('debug.back.out', { addr: hex(rv.finishBack()) });
      case 'continue': {
        if (userBreakpoints.length === 0) throw noteError(note('debug.back.no-breakpoints'));
        const found = rv.previousStop(userBreakpoints, () => {
          this.code.forgetPrograms();
          return isUserStop();
        });
        if (found === undefined) throw noteError(note('debug.back.no-breakpoint-hit', { oldest: String(this.rec.oldestCycle) }));
        return note('debug.back.breakpoint');
      }
    }
  }

  /** Back to the previous switch, switch step, fork, exec, exit, system call or TLB flush. */
  backTo(target: ReverseTarget): Note {
    this.code.forgetPrograms();
    return note('debug.back.to', { what: reverseUntil({ ...this.targets, m: this.m, reverse: this.reverse, describe: (eip) => this.code.describe(eip) }, target) });
  }

  /**
   * Go to a cycle between the oldest reachable one and the furthest reached
   * (a cycle that is not an instruction boundary: the first one after it).
   */
  goTo(cycle: number): Note {
    const rec = this.rec;
    if (!Number.isFinite(cycle)) throw noteError(note('debug.time.not-a-cycle', { cycle: String(cycle) }));
    if (cycle < rec.oldestCycle) throw noteError(note('debug.time.before-oldest', { cycle: String(Math.floor(cycle)), oldest: String(rec.oldestCycle) }));
    const target = Math.min(Math.floor(cycle), rec.frontier);
    const r = rec.goTo(target);
    const at = String(this.m.cycles);
    return r.reason === 'budget' || r.reason === 'breakpoint' ? note('debug.time.at-cycle', { cycle: at }) : note('debug.time.at-cycle-stopped', { cycle: at, reason: stopWord(r.reason) });
  }

  /** Get ready for steps back from here (while the page waits for nothing: reverse.ts's prepare). */
  prepare(): void {
    this.reverse.prepare();
  }

  status(): TimeTravelInfo {
    const s = this.rec.stats();
    return {
      oldestCycle: this.rec.oldestCycle, frontier: s.frontier, usedBytes: s.usedBytes + this.start.length,
      budgetBytes: s.budgetBytes, checkpoints: s.paged + s.frames, inputs: s.inputs,
    };
  }
}
