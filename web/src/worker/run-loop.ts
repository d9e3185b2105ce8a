// The run loop: what the machine is doing (running, paused, halted, …) and
// the ticks that move it.
//
// The loop never blocks: each tick runs the machine for a slice (pacing.ts
// says how much), drains console output and events, and schedules the next
// tick as a new task, so messages from the page — pause, keys, snapshot
// requests — are handled in between. At full speed the next tick is a
// MessageChannel message (a setTimeout(0) would be clamped to 4 ms); at a
// chosen speed it is a timer. A guest waiting for console input is `idle`:
// no ticks until a key arrives.
//
// A goal (goals.ts), when set, decides each move: single steps, which it
// looks at one by one, or a run at speed to one of its breakpoints. User
// breakpoints stop the loop only in their own space (breakpoints.ts).

import type { Machine, StopInfo } from '../../../vm/host/machine.js';
import type { Breakpoint, RunStatus } from '../shared/protocol.js';
import { placeOf } from './goals.js';
import type { Goal, GoalMachine } from './goals.js';
import { Pacer, SLICE_MS, STEP_THRESHOLD, SliceSize } from './pacing.js';
import type { StepPlan } from './step-commands.js';
import { isMessage } from '../shared/i18n/i18n.js';
import type { Message } from '../shared/i18n/i18n.js';
import type { Message as HostMessage } from '../../../vm/text/message.js';

/**
 * A note from vm/host/debug (a step's or a goal's words, shared with the
 * terminal debugger, which prints them in English): passed on as the host
 * made it, a key the page translates (i18n.ts). A host text that is not a
 * catalogue message (an internal error's English: `english`) is shown as written.
 */
export function debuggerNote(said: HostMessage | string, english = typeof said === 'string' ? said : said.key): Message {
  if (typeof said !== 'string' && isMessage(said)) return said;
  return { key: 'note.debugger', params: { text: english } };
}

/** Instructions a stepping goal looks at per move before the loop checks the clock. */
const GOAL_STEPS_PER_MOVE = 4096;

/** What the loop moves, and what happens around each move. */
export interface Stage {
  readonly m: Machine;
  readonly goalMachine: GoalMachine;
  /** Before a tick: hand the guest the console input it can take. */
  feedInput(): void;
  /** Move the machine (through its recorder, when it records: time-travel.ts). */
  run(budget: number): StopInfo;
  step(): StopInfo;
  /** After moving: take the new events out of the core. */
  drain(): void;
  /** The kernel reported a panic (a halt then means the panic's end). */
  readonly panicked: boolean;
  /** Make the core's breakpoints the user's plus these. */
  syncBreakpoints(goalAddrs: number[]): void;
  /** The user breakpoint at eip that belongs to the code running now. */
  breakpointHere(): Breakpoint | undefined;
}

const now = (): number => performance.now();

export class RunLoop {
  private runStatus: RunStatus = 'loading';
  private waiting = false;
  private note: Message | undefined;
  private failure: string | undefined;
  private goal: Goal | null = null;
  private stage: Stage | undefined;
  readonly pacer = new Pacer();
  private readonly slice = new SliceSize();
  private scheduled = false;
  private readonly channel: MessageChannel | undefined;
  /** Called when the machine stops or waits for input: a moment to get ready for steps back (time-travel.ts). */
  onRest: (() => void) | undefined;

  constructor() {
    if (typeof MessageChannel !== 'undefined') {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => this.tick();
    }
  }

  get status(): RunStatus {
    return this.runStatus;
  }

  /** The guest waits for console input (running, but nothing to do). */
  get idle(): boolean {
    return this.waiting;
  }

  /** Why the machine last stopped, or what it is running for. */
  get stopNote(): Message | undefined {
    return this.note;
  }

  /** What failed in the host, when status is 'error'. */
  get error(): string | undefined {
    return this.failure;
  }

  /** A new boot: move this stage from now on, with no goal and nothing failed. */
  attach(stage: Stage): void {
    this.stage = stage;
    this.goal = null;
    this.waiting = false;
    this.failure = undefined;
  }

  canRun(): boolean {
    return this.runStatus === 'running' || this.runStatus === 'paused';
  }

  run(): void {
    if (!this.canRun()) return;
    this.runStatus = 'running';
    this.note = undefined;
    this.pacer.restart(now());
    this.schedule();
  }

  pause(): void {
    if (this.runStatus !== 'running') return;
    this.goal = null;
    this.stop({ key: 'note.paused' });
  }

  /** Stop ticking while a command takes over (a step, a reboot); keeps the goal. */
  hold(): void {
    if (this.runStatus === 'running') this.runStatus = 'paused';
  }

  stop(note: Message): void {
    this.runStatus = 'paused';
    this.note = note;
    this.onRest?.();
  }

  /**
   * The machine was moved to another cycle (time travel): whatever it was
   * doing there, it is paused now, with no goal, not waiting for input.
   */
  land(note: string | Message): void {
    this.goal = null;
    this.waiting = false;
    this.stop(typeof note === 'string' ? debuggerNote(note) : note);
  }

  /** A command that cannot start: say why, change nothing else. */
  refuse(note: Message): void {
    this.note = note;
  }

  fail(e: unknown): void {
    this.goal = null;
    this.runStatus = 'error';
    this.failure = e instanceof Error ? e.message : String(e);
    this.note = { key: 'note.error' };
  }

  setSpeed(ips: number): void {
    this.pacer.setSpeed(ips, now());
  }

  /** The user's breakpoints changed: the core's list follows at once (the goal's stay in it). */
  breakpointsChanged(): void {
    this.stage?.syncBreakpoints(this.goal?.breakpoints() ?? []);
  }

  /** Console input arrived: an idle guest has something to do again. */
  wake(): void {
    if (!this.waiting) return;
    this.waiting = false;
    this.schedule();
  }

  /** Carry out a step command's plan. */
  follow(plan: StepPlan): void {
    const stage = this.stage;
    if (!stage) return;
    if ('goal' in plan) return this.startGoal(plan.goal);
    if ('refused' in plan) return this.stop(debuggerNote(plan.refused));
    const info = stage.step();
    stage.drain();
    if (!this.finalStop(info, stage)) this.stop(debuggerNote(plan.oneInstruction));
  }

  startGoal(goal: Goal): void {
    this.goal = goal;
    this.runStatus = 'running';
    this.note = debuggerNote(goal.description);
    this.pacer.restart(now());
    this.schedule();
  }

  /** One slice of running. Public for tests, which drive the loop by hand. */
  tick(): void {
    this.scheduled = false;
    const stage = this.stage;
    if (this.runStatus !== 'running' || !stage) return;
    const t0 = now();
    try {
      stage.feedInput();
      if (this.pacer.fullSpeed) {
        do this.advance(stage, Infinity);
        while (this.runStatus === 'running' && !this.waiting && now() - t0 < SLICE_MS);
      } else {
        const n = this.pacer.take(now());
        if (n > 0) this.advance(stage, n);
      }
    } catch (e) {
      this.fail(e);
    }
    stage.drain();
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.runStatus !== 'running' || this.waiting) return;
    this.scheduled = true;
    if (this.pacer.fullSpeed && this.channel) this.channel.port2.postMessage(0);
    else setTimeout(() => this.tick(), this.pacer.delay);
  }

  /** Run until something happens or `maxInstructions` (at a paced speed) are used. */
  private advance(stage: Stage, maxInstructions: number): void {
    const m = stage.m;
    const goal = this.goal;
    if ((goal && goal.wants() === 'step') || maxInstructions < STEP_THRESHOLD) {
      const count = goal ? Math.min(GOAL_STEPS_PER_MOVE, maxInstructions) : maxInstructions;
      for (let i = 0; i < count && this.runStatus === 'running'; i++) {
        const prev = goal ? placeOf(stage.goalMachine) : undefined;
        const info = stage.step();
        if (this.finalStop(info, stage)) return;
        if (goal) {
          const note = goal.afterStep(prev!);
          if (note !== undefined) return this.finishGoal(debuggerNote(note), stage);
          if (goal.wants() === 'run') return;
        }
        const bp = stage.breakpointHere();
        if (bp) return this.stop({ key: 'note.breakpoint', params: { where: bp.where } });
      }
      return;
    }
    stage.syncBreakpoints(goal?.breakpoints() ?? []);
    const budget = maxInstructions === Infinity ? this.slice.cycles : maxInstructions * 2;
    const startT = now();
    const info = stage.run(budget);
    this.slice.adapt(info, now() - startT);
    if (info.reason === 'breakpoint') {
      const eip = m.eip >>> 0;
      if (goal && goal.breakpoints().includes(eip)) {
        const note = goal.atBreakpoint();
        if (note !== undefined) return this.finishGoal(debuggerNote(note), stage);
      }
      const bp = stage.breakpointHere();
      if (bp) this.stop({ key: 'note.breakpoint', params: { where: bp.where } });
      return;
    }
    this.finalStop(info, stage);
  }

  /** Handle stops that end running (true) — halts, exits, idling. */
  private finalStop(info: StopInfo, stage: Stage): boolean {
    switch (info.reason) {
      case 'idle':
        this.waiting = true;
        stage.drain();
        this.onRest?.();
        return true;
      case 'halt':
        stage.drain();
        this.goal = null;
        if (stage.panicked) {
          this.runStatus = 'panic';
          this.note = { key: 'note.panic' };
        } else {
          this.runStatus = 'halted';
          this.note = { key: 'note.halted' };
        }
        return true;
      case 'exit':
        this.goal = null;
        this.runStatus = 'exited';
        this.note = { key: 'note.exited', params: { status: String(info.exitStatus ?? stage.m.exitStatus) } };
        return true;
      case 'shutdown':
        this.goal = null;
        this.runStatus = 'shutdown';
        this.note = { key: 'note.shutdown' };
        return true;
      default:
        return false;
    }
  }

  private finishGoal(note: Message, stage: Stage): void {
    this.goal = null;
    stage.syncBreakpoints([]);
    this.stop(note);
  }
}
