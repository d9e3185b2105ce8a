// Runs a lesson against the real machine under Node, as a learner would in
// the page: for each step it does what "Do it" does (types the command into
// the shell, presses the button's effect, builds and installs the lesson's
// program, reboots, selects a process), then lets the worker's Emulator
// run until the step's wait condition is met — within a budget of guest
// cycles, so a kernel change that breaks a lesson fails instead of hanging.

import { DEFAULT_HARDWARE } from '../../vm/host/hardware.js';
import { Compiler } from '../../web/src/compiler/compiler.js';
import { StepWatch } from '../../web/src/lessons/engine.js';
import { CONTROLS, conditionPart } from '../../web/src/lessons/schema.js';
import type { ControlEffect, Do, Lesson, Step } from '../../web/src/lessons/schema.js';
import type { ViewWants } from '../../web/src/shared/protocol.js';
import { Driver, systemImage } from './helpers.js';

/** Guest cycles a step may take to show its condition (the slowest, race's two million increments, takes ~1.3e9). */
export const STEP_CYCLE_BUDGET = 4e9;

export interface StepResult {
  step: number;
  met: boolean;
  cycles: number;
  problem?: string;
}

export class LessonRunner {
  readonly d = new Driver();
  readonly figures = new Map<string, number>();
  private compiler: Compiler | undefined;

  constructor(readonly lesson: Lesson) {}

  async boot(): Promise<void> {
    await this.d.boot();
    await this.d.run((s) => s.idle);
  }

  /** Do step `i`'s actions and run until its condition holds or the budget is spent. */
  async step(i: number, budget = STEP_CYCLE_BUDGET): Promise<StepResult> {
    const step = this.lesson.steps[i];
    const watch = new StepWatch(step.until, this.figures);
    for (const act of step.do ?? []) await this.perform(act);
    const wants = wantsOf(step);
    const start = (await this.d.emu.progress()).cycles;
    let cycles = 0;
    // Ticks are counted too: a guest idle at the prompt spends no cycles.
    for (let ticks = 0; ticks < 20_000; ticks++) {
      const s = await this.d.snap(wants);
      if (watch.observe(s)) break;
      cycles = (await this.d.emu.progress()).cycles - start;
      // A stopped machine shows nothing new: waiting longer cannot help.
      if (cycles > budget || (s.status !== 'running' && s.status !== 'paused') || (s.status === 'paused' && this.stalled(s.seq))) break;
      this.d.emu.tick();
    }
    const r: StepResult = { step: i + 1, met: watch.met, cycles };
    if (watch.problem !== undefined) r.problem = watch.problem;
    return r;
  }

  private pausedSince = -1;
  /** Paused for a few snapshots in a row (a paused machine may still have a goal to finish being set up). */
  private stalled(seq: number): boolean {
    if (this.pausedSince < 0) this.pausedSince = seq;
    const stuck = seq - this.pausedSince > 3;
    if (stuck) this.pausedSince = -1;
    return stuck;
  }

  async perform(act: Do): Promise<void> {
    const emu = this.d.emu;
    this.pausedSince = -1;
    switch (act.kind) {
      case 'type':
        emu.input(`${act.command}\n`);
        return;
      case 'press':
        return press(this.d, CONTROLS[act.control]);
      case 'install': {
        const program = this.lesson.programs!.find((p) => p.name === act.program)!;
        this.compiler ??= new Compiler();
        this.compiler.loadTexts(systemImage().texts);
        const built = await this.compiler.build(`${program.name}.c`, program.source);
        if (!built.ok) throw new Error(`lesson ${this.lesson.id}: ${program.name}.c does not build:\n${built.errors.join('\n')}`);
        const outcome = await emu.install(program.name, built.elf, [{ path: `${program.name}.c`, text: program.source }]);
        if (!outcome.ok) throw new Error(`lesson ${this.lesson.id}: installing ${program.name} failed: ${outcome.message}`);
        return;
      }
      case 'boot':
        await emu.boot({ kind: 'kernel' }, true, { ...DEFAULT_HARDWARE, costs: {}, ...act.hardware });
        return;
      case 'select': {
        const s = await this.d.snap({ processes: true });
        const rows = s.processes!.rows.filter((r) => r.name === act.process);
        if (rows.length === 0) throw new Error(`lesson ${this.lesson.id}: no process ${act.process} to select`);
        emu.select(Math.max(...rows.map((r) => r.pid)));
        return;
      }
    }
  }

  /** The console's last lines, for a failure's message. */
  tail(lines = 25): string {
    return this.d.console.split('\n').slice(-lines).join('\n');
  }
}

function press(d: Driver, effect: ControlEffect): void {
  if ('run' in effect) d.emu.run();
  else if ('pause' in effect) d.emu.pause();
  else if ('step' in effect) d.emu.step(effect.step);
  else if ('runTo' in effect) d.emu.runTo(effect.runTo);
  // A pane only changes what the page shows.
}

/** The snapshot parts a step's condition reads (only those: the others cost time to build). */
function wantsOf(step: Step): ViewWants {
  const part = conditionPart(step.until);
  return part ? { [part]: true } : {};
}
