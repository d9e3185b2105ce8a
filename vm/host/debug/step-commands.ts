// What each debugger command means on this machine: which goal (goals.ts)
// "step a line", "step over", "step out" and "run to the next …" start from
// where the machine stands.
//
// Steps fall back to one instruction where there is no source line (trap
// entry code, a program without line information); a step out needs a
// caller frame in the same code (trap entry code has none: ebp still holds
// the interrupted code's). "Run to" stops at kernel symbols: the switch
// steps' ctxsw_N_* labels, the int 0x80 entry, and trace() with the event's
// code as its first argument.

import type { KernelNames } from '../kernel-events.js';
import type { Machine } from '../machine.js';
import type { Program } from '../program.js';
import type { CodeMap } from './code-map.js';
import { BreakGoal, LineGoal, StepOutGoal, placeOf } from './goals.js';
import type { Goal, GoalMachine } from './goals.js';
import { note } from './notes.js';
import type { Note } from './notes.js';
import { KERNBASE } from '../kernel-view.js';
import type { KernelView } from '../kernel-view.js';
import type { SwitchPoints } from './switch-points.js';

/** What a step steps over: one instruction, a line (into calls), a line (over them), out of the function. */
export type StepKind = 'instruction' | 'line' | 'over' | 'out';
/** What "run to the next …" runs to. */
export type RunTarget = 'switch' | 'switch-step' | 'fork' | 'exec' | 'exit' | 'syscall' | 'timer';

/** What the commands look at: the booted machine and what is known about its kernel. */
export interface DebugContext {
  readonly m: Machine;
  readonly goalMachine: GoalMachine;
  readonly code: CodeMap;
  /** Set when the kernel booted (not a bare program). */
  readonly kernel: Program | undefined;
  readonly names: KernelNames | undefined;
  readonly kview: KernelView | undefined;
  readonly tracker: SwitchPoints;
}

/** What a step does: follow a goal, execute one instruction (and stop with the note), or refuse with the note. */
export type StepPlan = { goal: Goal } | { oneInstruction: Note } | { refused: Note };

/** The machine as goals see it: a Machine plus the thread on the CPU. */
export function goalMachineOf(m: Machine, kview: KernelView | undefined): GoalMachine {
  return {
    get eip() {
      return m.eip;
    },
    get cpl() {
      return m.cpl;
    },
    getReg: (r) => m.getReg(r),
    getCr: (n) => m.getCr(n),
    readVirt: (va, len) => m.readVirt(va, len),
    thread: () => (kview && !kview.problem ? kview.currentTid(m) : 0),
  };
}

export function planStep(kind: StepKind, ctx: DebugContext): StepPlan {
  const m = ctx.goalMachine;
  const here = placeOf(m);
  const locate = (a: number) => ctx.code.locate(a);
  const describe = (eip: number) => ctx.code.describe(eip);
  const hasLine = LineGoal.canStep(locate, here.eip);
  if (kind === 'over' && here.mnemonic === 'call' && !hasLine) {
    // No source line here: step over the call instruction itself.
    const ret = (here.eip + here.length) >>> 0;
    return { goal: new StepOutGoal(m, ret, here.esp, (eip) => note('debug.stepped-over-call', { where: describe(eip) })) };
  }
  if (kind === 'instruction') return { oneInstruction: note('debug.stepped-instruction') };
  if ((kind === 'line' || kind === 'over') && !hasLine) return { oneInstruction: note('debug.stepped-instruction-no-line') };
  if (kind === 'out') {
    const goal = StepOutGoal.fromFrame(m, (eip) => note('debug.returned-to', { where: describe(eip) }));
    if (!goal || (goal.returnAddress >= KERNBASE) !== (here.eip >= KERNBASE)) {
      // Trap entry code has no frame of its own: ebp still holds the interrupted code's.
      return { refused: note('debug.no-caller-frame') };
    }
    return { goal };
  }
  return { goal: new LineGoal(m, locate, kind === 'over', here) };
}

/** The goal that runs to the next `target`, or why there is none. */
export function runToGoal(target: RunTarget, ctx: DebugContext): Goal | { refused: Note } {
  const { m, goalMachine: gm, kernel, tracker, kview } = ctx;
  if (!kernel) return { refused: note('debug.run-to-needs-kernel') };
  const codes = new Map([...(ctx.names?.trace ?? [])].map(([n, name]) => [name, n]));
  const traceFn = kernel.lookup('trace');
  const readVirt32 = (vaddr: number): number => {
    const { bytes } = m.readVirt(vaddr >>> 0, 4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  };
  switch (target) {
    case 'switch':
    case 'timer': {
      if (!tracker.available) return { refused: note('debug.no-ctxsw-1') };
      return new BreakGoal(note(target === 'switch' ? 'debug.running-to-switch' : 'debug.running-to-timer'),
        [tracker.addresses[0]], () => {
          if (target === 'timer') return note('debug.at-timer');
          // A switch happens when the interrupt came from user mode and another thread is ready.
          const cs = readVirt32(m.getReg('esp') + 4);
          const ready = kview?.readGlobal(m, 'ready_len') ?? kview?.readyQueue(m).length ?? 1;
          return (cs & 3) === 3 && ready > 0 ? note('debug.at-switch') : undefined;
        });
    }
    case 'switch-step':
      if (!tracker.available) return { refused: note('debug.no-ctxsw') };
      return new BreakGoal(note('debug.running-to-switch-step'), tracker.stops, () => {
        const step = tracker.stepAt(m.eip >>> 0);
        return note('debug.at-switch-step', { step: String(step) });
      });
    case 'syscall': {
      const entry = kernel.lookup('vector128');
      if (entry === undefined) return { refused: note('debug.no-vector128') };
      return new BreakGoal(note('debug.running-to-syscall'), [entry], () => {
        const n = m.getReg('eax');
        return note('debug.at-syscall-from', { name: ctx.names?.syscalls.get(n) ?? String(n), n: String(n), pid: String(kview?.currentPid(m) ?? '?') });
      });
    }
    case 'fork':
    case 'exec':
    case 'exit': {
      const code = codes.get(target);
      if (traceFn === undefined || code === undefined) return { refused: note('debug.no-trace', { code: target.toUpperCase() }) };
      return new BreakGoal(note('debug.running-to-event', { target }), [traceFn], () => {
        const esp = m.getReg('esp');
        if (readVirt32(esp + 4) !== code) return undefined;
        // Stop in the C function that recorded the event, just after the trace call.
        return new StepOutGoal(gm, readVirt32(esp), esp + 4, (eip) => note('debug.at-event', { target, where: ctx.code.describe(eip) }));
      });
    }
  }
}
