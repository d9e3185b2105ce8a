// The debugger behind `glassbox debug`: a booted kernel under a recorder,
// and what each of gdb's motions means on it, forward and back.
//
// Forward motions follow the page's goals (goals.ts, step-commands.ts):
// single steps while a goal looks at every instruction, full speed with
// its temporary breakpoints otherwise. Backward motions are reverse.ts's,
// which replay forward from the recorder's checkpoints. Every motion ends
// with a stop note; where the machine is comes from where().
//
// This file does no I/O: the CLI (vm/cli/debug.ts) reads commands and
// prints what commands.ts makes of them.

import type { Machine, StopReason } from '../machine.js';
import { MachineError } from '../machine-error.js';
import { Program } from '../program.js';
import { KernelView } from '../kernel-view.js';
import type { KernelNames } from '../kernel-events.js';
import { Recorder, RecorderOptions } from '../timetravel/recorder.js';
import { Reverse, callBefore } from '../timetravel/reverse.js';
import { ProgramShelf } from './program-shelf.js';
import { CodeMap, hex } from './code-map.js';
import { placeOf } from './goals.js';
import type { Goal } from './goals.js';
import { SwitchPoints } from './switch-points.js';
import { noteText } from './notes.js';
import { ReverseTarget, TargetContext, codeInfo, reverseUntil, untilFlush } from './reverse-targets.js';
import { DebugContext, RunTarget, StepKind, goalMachineOf, planStep, runToGoal } from './step-commands.js';

export interface DebuggerSetup {
  machine: Machine;
  kernel: Uint8Array;
  /** Every program in /bin by name (ELF). */
  programs: ReadonlyMap<string, Uint8Array>;
  names: KernelNames;
  recorder?: RecorderOptions;
  /** Most cycles one forward motion may run (a guard against a guest that never stops). */
  maxCycles?: number;
}

/** A breakpoint as the user set it. */
export interface Breakpoint {
  n: number;
  addr: number;
  spec: string;
}

/** Cycles per run() call while continuing (the guest's own stops end it sooner). */
const CONTINUE_SLICE = 50_000_000;

export class Debugger {
  readonly m: Machine;
  readonly rec: Recorder;
  readonly reverse: Reverse;
  readonly kernel: Program;
  readonly programs: Map<string, Program>;
  readonly kview: KernelView;
  readonly code: CodeMap;
  readonly switches: SwitchPoints;
  readonly names: KernelNames;
  readonly maxCycles: number;
  readonly bps: Breakpoint[] = [];
  private nextBp = 1;

  constructor(setup: DebuggerSetup) {
    this.m = setup.machine;
    this.names = setup.names;
    this.maxCycles = setup.maxCycles ?? 30_000_000_000;
    this.m.setTrace(true); // the reverse verbs read the event ring; tracing is part of the recorded state
    this.rec = new Recorder(this.m, setup.recorder);
    this.kernel = Program.fromElf('kernel', setup.kernel);
    this.programs = new Map([...setup.programs].map(([name, elf]) => [name, Program.fromElf(name, elf)]));
    this.kview = new KernelView(this.kernel, setup.names.states);
    // Sources come from disk when `list` asks (commands.ts), so the versions carry none.
    this.code = new CodeMap(this.m, { kind: 'kernel' }, new ProgramShelf(this.programs, new Map()), this.kernel, undefined, this.kview, new Map());
    this.switches = new SwitchPoints(this.kernel, setup.names.events);
    this.reverse = new Reverse(this.rec, codeInfo(this.code));
  }

  private get ctx(): DebugContext {
    return {
      m: this.m, goalMachine: goalMachineOf(this.m, this.kview), code: this.code, kernel: this.kernel,
      names: this.names, kview: this.kview, tracker: this.switches,
    };
  }

  /** `0xADDR in function+off (file:line)` for the current position. */
  where(): string {
    return `[cycle ${this.m.cycles}] ${hex(this.m.eip)} in ${this.code.describe(this.m.eip)}`;
  }

  // --------------------------------------------------------------------------
  // Breakpoints

  /** Where SYMBOL, FILE:LINE or *ADDR is: the kernel's first, then the programs'. */
  resolve(spec: string): number {
    if (spec.startsWith('*')) {
      const n = Number(spec.slice(1));
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new MachineError(`'${spec}' is not an address`);
      return n >>> 0;
    }
    const all = [this.kernel, ...this.programs.values()];
    const colon = spec.lastIndexOf(':');
    if (colon > 0 && /^\d+$/.test(spec.slice(colon + 1))) {
      const file = spec.slice(0, colon);
      const line = Number(spec.slice(colon + 1));
      for (const p of all) {
        const files = new Set(p.elf.lines?.map((l) => l.file) ?? []);
        for (const f of files) {
          if (f === file || f.endsWith('/' + file)) {
            const a = p.addressOfLine(f, line);
            if (a !== undefined) return a;
          }
        }
      }
      throw new MachineError(`no code at ${spec}`);
    }
    for (const p of all) {
      const a = p.lookup(spec);
      if (a !== undefined) return a;
    }
    throw new MachineError(`no symbol '${spec}' in the kernel or the programs`);
  }

  addBreakpoint(spec: string): Breakpoint {
    const addr = this.resolve(spec);
    this.rec.addBreakpoint(addr);
    const bp = { n: this.nextBp++, addr, spec };
    this.bps.push(bp);
    return bp;
  }

  deleteBreakpoint(n?: number): number {
    const gone = n === undefined ? [...this.bps] : this.bps.filter((b) => b.n === n);
    if (n !== undefined && gone.length === 0) throw new MachineError(`no breakpoint number ${n}`);
    for (const b of gone) {
      this.bps.splice(this.bps.indexOf(b), 1);
      if (!this.bps.some((o) => o.addr === b.addr)) this.rec.removeBreakpoint(b.addr);
    }
    return gone.length;
  }

  private breakpointAt(eip: number): Breakpoint | undefined {
    return this.bps.find((b) => b.addr === eip >>> 0);
  }

  // --------------------------------------------------------------------------
  // Forward

  /** Run until a breakpoint or the machine's own stop. */
  continue(): string {
    const start = this.m.cycles;
    for (;;) {
      const r = this.rec.run(Math.min(CONTINUE_SLICE, this.maxCycles - (this.m.cycles - start)));
      if (r.reason === 'breakpoint') return this.breakpointNote();
      if (r.reason !== 'budget') return stopNote(r.reason);
      if (this.m.cycles - start >= this.maxCycles) return `stopped after ${this.maxCycles} cycles`;
    }
  }

  private breakpointNote(): string {
    const bp = this.breakpointAt(this.m.eip);
    return bp ? `Breakpoint ${bp.n}, ${bp.spec}` : 'stopped at a breakpoint';
  }

  /** One instruction; a halted CPU moves on to where the halt ends. */
  private stepOnce(): StopReason {
    const m = this.m;
    if (m.core.halted() !== 0) {
      const next = Math.max(m.cycles + 1, m.core.timerDeadline());
      return this.rec.run(next - m.cycles).reason;
    }
    return this.rec.step().reason;
  }

  stepi(n: number): string {
    for (let i = 0; i < n; i++) {
      const r = this.stepOnce();
      if (r !== 'budget' && r !== 'breakpoint') return stopNote(r);
    }
    return '';
  }

  /** step (line), next (over), finish (out), nexti. */
  forward(kind: StepKind | 'nexti'): string {
    if (kind === 'nexti') {
      const here = placeOf(this.ctx.goalMachine);
      if (here.mnemonic !== 'call') return this.stepi(1);
      const plan = planStep('over', { ...this.ctx, code: this.codeWithoutLines() });
      return 'goal' in plan ? this.follow(plan.goal) : this.stepi(1);
    }
    const plan = planStep(kind, this.ctx);
    if ('refused' in plan) throw new MachineError(noteText(plan.refused), plan.refused);
    if ('oneInstruction' in plan) {
      const note = this.stepi(1);
      return note || noteText(plan.oneInstruction);
    }
    return this.follow(plan.goal);
  }

  /** A code map that knows no lines, so step over steps over just the call (nexti). */
  private codeWithoutLines(): CodeMap {
    const map = Object.create(this.code) as CodeMap;
    map.locate = () => ({ program: undefined, bias: 0, sources: new Map() });
    return map;
  }

  untilNext(target: RunTarget): string {
    const goal = runToGoal(target, this.ctx);
    if ('refused' in goal) throw new MachineError(noteText(goal.refused), goal.refused);
    return this.follow(goal);
  }

  /** Drive a goal to its note: single steps while it wants them, full speed to its breakpoints otherwise. */
  follow(goal: Goal): string {
    const m = this.m;
    const start = m.cycles;
    while (m.cycles - start < this.maxCycles) {
      if (goal.wants() === 'step') {
        const prev = placeOf(this.ctx.goalMachine);
        const r = this.stepOnce();
        const note = goal.afterStep(prev);
        if (note) return noteText(note);
        if (r === 'breakpoint' && this.breakpointAt(m.eip)) return this.breakpointNote();
        if (r !== 'budget' && r !== 'breakpoint') return stopNote(r);
        continue;
      }
      const addrs = [...new Set([...goal.breakpoints(), ...this.rec.breakpoints()])];
      const r = this.rec.withBreakpoints(addrs, () => this.rec.run(Math.min(CONTINUE_SLICE, this.maxCycles - (m.cycles - start))));
      if (r.reason === 'breakpoint') {
        if (goal.breakpoints().includes(m.eip)) {
          const note = goal.atBreakpoint();
          if (note) return noteText(note);
        }
        if (this.breakpointAt(m.eip)) return this.breakpointNote();
      } else if (r.reason !== 'budget') return stopNote(r.reason);
    }
    return `stopped after ${this.maxCycles} cycles (${noteText(goal.description)})`;
  }

  // --------------------------------------------------------------------------
  // Back

  reverseStepi(n: number): string {
    const k = this.reverse.stepBack(n);
    return k < n ? `went back ${k} instructions: the oldest reachable cycle is ${this.rec.oldestCycle}` : '';
  }

  /** Back one instruction, but over a whole call when that instruction was a callee's ret. */
  reverseNexti(): string {
    const before = this.reverse.here();
    this.reverse.stepBack(1);
    const after = this.reverse.here();
    if (after.cpl === before.cpl && after.top < before.top) {
      this.reverse.finishBack();
      return 'went back over the call';
    }
    return '';
  }

  reverseLine(over: boolean): string {
    return this.reverse.lineBack(over);
  }

  reverseFinish(): string {
    const call = this.reverse.finishBack();
    return `back at the call at ${hex(call)}`;
  }

  reverseContinue(): string {
    if (this.bps.length === 0) throw new MachineError('no breakpoints to go back to');
    const cycle = this.reverse.previousStop(this.bps.map((b) => b.addr));
    if (cycle === undefined) throw new MachineError(`no breakpoint was hit since the oldest reachable cycle (${this.rec.oldestCycle})`);
    return this.breakpointNote();
  }

  /** Back to the previous switch, fork, exec, exit, system call, switch step or TLB flush (reverse-targets.ts). */
  reverseUntil(target: ReverseTarget): string {
    return noteText(reverseUntil(this.targets, target));
  }

  /** On to the next TLB flush (reverse-targets.ts): an event, not a code address, so no goal reaches it. */
  untilFlush(): string {
    return noteText(untilFlush(this.targets, this.maxCycles));
  }

  private get targets(): TargetContext {
    return {
      m: this.m, reverse: this.reverse, switches: this.switches, kernel: this.kernel, names: this.names,
      describe: (eip) => this.code.describe(eip),
    };
  }

  goTo(cycle: number): string {
    const r = this.rec.goTo(cycle);
    return r.reason === 'budget' ? '' : stopNote(r.reason);
  }

  /** The call instruction before a return address (for backtraces). */
  callBefore(ret: number): number | undefined {
    return callBefore(this.m, ret);
  }
}

export function stopNote(reason: StopReason): string {
  switch (reason) {
    case 'idle':
      return 'the guest waits for input (type LINE)';
    case 'halt':
      return 'the machine halted with interrupts off (a kernel panic?)';
    case 'exit':
      return 'the machine exited';
    case 'shutdown':
      return 'the machine shut down (triple fault)';
    default:
      return `stopped (${reason})`;
  }
}
