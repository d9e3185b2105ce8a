// Where the article's seven steps of a context switch are in the real
// kernel: each step is a trace event whose trace.h line names its number,
// title and kernel symbol (ctxsw_1_interrupt … ctxsw_7_resume, see
// kernel/proc.c), so the addresses come from the event schema and the
// kernel's symbols, none from a list here. The page's Context switch view
// (web/src/worker/switch-steps.ts) and the terminal debugger stop at them.

import type { Program } from '../program.js';
import type { StepSpec, TraceSchema } from '../event-schema.js';

interface Range {
  step: number;
  start: number;
  end: number;
}

export class SwitchPoints {
  /** Step addresses (index 0 = step 1); empty when the kernel lacks any of them. */
  readonly addresses: number[] = [];
  /**
   * Where "next step" stops: the seven, plus step 6's other path — between
   * threads of one process swtch skips the CR3 write (swtch_same_space).
   */
  readonly stops: number[] = [];
  private readonly ranges: Range[] = [];
  /** The steps as trace.h describes them, in order. */
  protected readonly steps: StepSpec[];

  constructor(kernel: Program | undefined, schema?: TraceSchema) {
    this.steps = schema?.steps.map((s) => s.step) ?? [];
    if (!kernel || this.steps.length === 0) return;
    const addrs = this.steps.map((s) => kernel.lookup(s.symbol));
    if (addrs.some((a) => a === undefined)) return;
    this.addresses = addrs as number[];
    this.steps.forEach((s, i) => this.ranges.push({ step: s.n, start: this.addresses[i], end: stepEnd(kernel, s.symbol, this.addresses[i]) }));
    this.stops = [...this.addresses];
    const same = kernel.lookup('swtch_same_space');
    if (same !== undefined && this.stepAt(same) !== 0) this.stops.push(same);
  }

  get available(): boolean {
    return this.addresses.length > 0;
  }

  /** The step whose own code holds eip (0 if none). */
  stepAt(eip: number): number {
    for (const r of this.ranges) if (eip >= r.start && eip < r.end) return r.step;
    return 0;
  }
}

/**
 * End of a step's own code, from the kernel's symbols: a function symbol
 * with a size is C (ctxsw_3_enqueue, ctxsw_4_pick_next) and ends with it; an
 * assembly label runs to the next global symbol in its section — local
 * labels (trap_call, swtch_same_space) are branches inside the step, so
 * step 6 covers both paths of swtch and step 7 the iret.
 */
function stepEnd(kernel: Program, name: string, start: number): number {
  const sym = kernel.elf.symbols.find((s) => s.name === name && s.global) ?? kernel.elf.symbols.find((s) => s.name === name);
  if (sym && sym.type === 'function' && sym.size > 0) return start + sym.size;
  let end = Infinity;
  for (const s of kernel.elf.symbols) {
    if (s.global && s.section === sym?.section && s.value > start && s.value < end) end = s.value;
  }
  return end === Infinity ? start + 4 : end;
}
