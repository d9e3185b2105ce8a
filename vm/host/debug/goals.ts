// Goals: what "step a line", "step over", "step out" and "run to the next
// fork" mean, as small state machines the run loop drives.
//
// A goal either wants single instruction steps (it looks at every
// instruction: line stepping) or wants to run at full speed until one of its
// temporary breakpoints is reached (returning from a call, reaching a kernel
// function). The run loop asks `wants()` before each move, calls
// `afterStep()` after a single step and `atBreakpoint()` when the core stops
// at one of `breakpoints()`; a returned note (notes.ts) ends the goal.
//
// Stepping stays in the code it started in: a step from user mode that
// enters the kernel (timer interrupt, system call, fault) runs at speed
// until the same process is back at the same place, as a debugger attached
// to one process would see it. Step over runs calls at speed the same way.

import { decode } from '../../isa/encoding.js';
import type { Program } from '../program.js';
import { note } from './notes.js';
import type { Note } from './notes.js';

/** The bit of the machine goals look at. */
export interface GoalMachine {
  readonly eip: number;
  readonly cpl: number;
  getReg(r: 'esp' | 'ebp'): number;
  getCr(n: 3): number;
  readVirt(vaddr: number, length: number): { bytes: Uint8Array; mapped: boolean[] };
  /** The thread on the CPU (threads of one process share cr3 and code, so a return must check it). */
  thread(): number;
}

/** Where an address's code comes from: the program and the bias to add to find it there. */
export type ProgramLocator = (addr: number) => { program?: Program; bias: number };

export interface Place {
  eip: number;
  esp: number;
  cpl: number;
  cr3: number;
  /** The instruction's mnemonic and length ('' / 4 when undecodable). */
  mnemonic: string;
  length: number;
}

export type Decision = 'step' | 'run';
export type GoalResult = Note | undefined;

export interface Goal {
  /** Shown while the goal runs ("stepping over a call", …). */
  readonly description: Note;
  wants(): Decision;
  breakpoints(): number[];
  afterStep(prev: Place): GoalResult;
  atBreakpoint(): GoalResult;
}

const isGoal = (r: Note | Goal): r is Goal => 'wants' in r;

/** The machine's position and the instruction about to execute. */
export function placeOf(m: GoalMachine): Place {
  const eip = m.eip >>> 0;
  const { bytes, mapped } = m.readVirt(eip, 12);
  const d = mapped[3] ? decode(bytes.subarray(0, mapped.lastIndexOf(true) + 1), 0) : undefined;
  return {
    eip,
    esp: m.getReg('esp') >>> 0,
    cpl: m.cpl,
    cr3: m.getCr(3) >>> 0,
    mnemonic: d?.ok ? d.ins.form.mnemonic : '',
    length: d?.ok ? d.length : 4,
  };
}

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** Run at speed to a return address in the same thread, address space and frame (esp back to `esp`). */
class ReturnPhase {
  readonly thread: number;

  constructor(
    m: GoalMachine,
    readonly addrs: number[],
    readonly esp: number,
    readonly cr3: number,
    readonly cpl: number,
  ) {
    this.thread = m.thread();
  }

  reached(m: GoalMachine): boolean {
    return this.addrs.includes(m.eip >>> 0) && m.getCr(3) >>> 0 === this.cr3 && m.cpl === this.cpl &&
      m.getReg('esp') >>> 0 >= this.esp && m.thread() === this.thread;
  }
}

/** Step one C line: into calls ('line') or over them ('over'). */
export class LineGoal implements Goal {
  private returning: ReturnPhase | undefined;
  private readonly start: { file: string; line: number; fn: number; cpl: number; cr3: number };
  private noLineSteps = 0;

  constructor(
    private readonly m: GoalMachine,
    private readonly locate: ProgramLocator,
    private readonly over: boolean,
    startPlace: Place,
  ) {
    const pos = this.position(startPlace.eip);
    this.start = {
      file: pos?.file ?? '',
      line: pos?.line ?? -1,
      fn: pos?.fn ?? -1,
      cpl: startPlace.cpl,
      cr3: startPlace.cr3,
    };
  }

  get description(): Note {
    return note(this.over ? 'debug.stepping-over-line' : 'debug.stepping-line');
  }

  /** Does eip have a source line here? (Programs without line info make this a single instruction step.) */
  static canStep(locate: ProgramLocator, eip: number): boolean {
    const { program, bias } = locate(eip);
    return program?.lineFor((eip + bias) >>> 0) !== undefined;
  }

  private position(eip: number): { file: string; line: number; fn: number; rowStart: boolean } | undefined {
    const { program, bias } = this.locate(eip);
    const at = (eip + bias) >>> 0;
    const pos = program?.lineFor(at);
    if (!program || !pos) return undefined;
    return { ...pos, fn: program.functionAt(at)?.start ?? -1, rowStart: program.isRowStart(at) };
  }

  wants(): Decision {
    if (this.returning) return 'run';
    if (this.over) {
      const here = placeOf(this.m);
      if (here.mnemonic === 'call') {
        this.returning = new ReturnPhase(this.m, [(here.eip + here.length) >>> 0], here.esp, here.cr3, here.cpl);
        return 'run';
      }
    }
    return 'step';
  }

  breakpoints(): number[] {
    return this.returning ? this.returning.addrs : [];
  }

  afterStep(prev: Place): GoalResult {
    const m = this.m;
    if (this.start.cpl === 3 && m.cpl !== 3) {
      // Entered the kernel: come back to the interrupted instruction or the one after it.
      this.returning = new ReturnPhase(m, [prev.eip, (prev.eip + prev.length) >>> 0], prev.esp, this.start.cr3, 3);
      return undefined;
    }
    const pos = this.position(m.eip >>> 0);
    if (!pos) {
      if (prev.mnemonic === 'call') {
        // A function without line information: run it to its return.
        this.returning = new ReturnPhase(m, [(prev.eip + prev.length) >>> 0], prev.esp, prev.cr3, prev.cpl);
        return undefined;
      }
      if (++this.noLineSteps > 10_000) return note('debug.no-source-line', { addr: hex(m.eip) });
      return undefined;
    }
    return this.checkLine(pos, prev.eip);
  }

  /** Stop at the first instruction of another line, or of this line again after a jump back (a loop). */
  private checkLine(pos: { file: string; line: number; fn: number; rowStart: boolean }, prevEip: number | undefined): GoalResult {
    if (!pos.rowStart) return undefined;
    const moved = pos.line !== this.start.line || pos.file !== this.start.file || pos.fn !== this.start.fn;
    const jumpedBack = prevEip !== undefined && (this.m.eip >>> 0) <= prevEip;
    return moved || jumpedBack ? note('debug.line', { file: pos.file, line: String(pos.line) }) : undefined;
  }

  atBreakpoint(): GoalResult {
    if (!this.returning || !this.returning.reached(this.m)) return undefined;
    this.returning = undefined;
    const pos = this.position(this.m.eip >>> 0);
    return pos ? this.checkLine(pos, undefined) : undefined;
  }
}

/** Step out: run until the current function returns to its caller (ebp frame). */
export class StepOutGoal implements Goal {
  private readonly phase: ReturnPhase;
  readonly description = note('debug.running-to-caller');

  constructor(
    private readonly m: GoalMachine,
    readonly returnAddress: number,
    frameEsp: number,
    private readonly arrived: (eip: number) => Note,
  ) {
    this.phase = new ReturnPhase(m, [returnAddress >>> 0], frameEsp >>> 0, m.getCr(3) >>> 0, m.cpl);
  }

  /** From the ebp chain: returns to [ebp+4] with esp = ebp + 8. Undefined when the frame is unreadable. */
  static fromFrame(m: GoalMachine, arrived: (eip: number) => Note): StepOutGoal | undefined {
    const ebp = m.getReg('ebp') >>> 0;
    const { bytes, mapped } = m.readVirt(ebp, 8);
    if (ebp === 0 || mapped.includes(false)) return undefined;
    const ret = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
    return new StepOutGoal(m, ret, ebp + 8, arrived);
  }

  wants(): Decision {
    return 'run';
  }

  breakpoints(): number[] {
    return this.phase.addrs;
  }

  afterStep(): GoalResult {
    return undefined;
  }

  atBreakpoint(): GoalResult {
    return this.phase.reached(this.m) ? this.arrived(this.m.eip >>> 0) : undefined;
  }
}

/**
 * Run until one of `addrs` is reached and `accept` says this is the place.
 * `accept` returns a note to stop, a follow-up goal to continue with (e.g.
 * step out of the trace call to the C line that made it), or undefined to
 * keep running.
 */
export class BreakGoal implements Goal {
  private next: Goal | undefined;

  constructor(
    readonly description: Note,
    private readonly addrs: number[],
    private readonly accept: () => Note | Goal | undefined,
  ) {}

  wants(): Decision {
    return this.next ? this.next.wants() : 'run';
  }

  breakpoints(): number[] {
    return this.next ? this.next.breakpoints() : this.addrs;
  }

  afterStep(prev: Place): GoalResult {
    return this.next?.afterStep(prev);
  }

  atBreakpoint(): GoalResult {
    if (this.next) return this.next.atBreakpoint();
    const r = this.accept();
    if (r === undefined || !isGoal(r)) return r;
    this.next = r;
    return undefined;
  }
}
