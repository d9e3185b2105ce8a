// The lesson engine: is a step's wait condition met by what the machine
// has shown? It reads snapshots only (the same ones the views draw: console
// output and events as "new since the last", the process table, the
// address space, the switch steps as they are now), so it runs unchanged in
// the page, in the headless lesson runner and in unit tests.
//
// A StepWatch is made when a step begins and fed every snapshot after
// that. Events, output and figures count from that moment and, once seen,
// stay seen; states (stopped, at a switch step, a process in the table, the
// prompt) are judged on the latest snapshot that carries them. Once the
// whole condition holds the step is done and stays done.

import type { Snapshot } from '../shared/protocol.js';
import type { Comparison, Condition } from './schema.js';

/** What the engine reads of a snapshot. */
export type Observed = Pick<Snapshot, 'status' | 'output' | 'events'> & Partial<Pick<Snapshot, 'processes' | 'space' | 'switch'>>;

/** The shell's prompt at the end of the console ("glassbox:/tmp$ "). */
export const PROMPT_AT_END = /glassbox:[^\n]*\$ $/;

/** How much console output a step keeps to match against (its tail; matches latch as they appear). */
const OUTPUT_KEPT = 256 * 1024;

interface Leaf {
  /** Judge the latest snapshot; `output` is everything printed since the step began (its tail). */
  test(s: Observed, output: string): boolean;
}

export class StepWatch {
  private readonly root: Leaf;
  private output = '';
  private doneState = false;
  /** Why a figure-checked step is not done although its figure came (the figure disagreed). */
  problem: string | undefined;

  /** `figures` is the lesson's: figures this step measures are added to it. */
  constructor(until: Condition, readonly figures: Map<string, number>) {
    this.root = this.compile(until);
  }

  get met(): boolean {
    return this.doneState;
  }

  /** Take the next snapshot; true once the condition is met. */
  observe(s: Observed): boolean {
    if (this.doneState) return true;
    if (s.output) {
      this.output += s.output;
      if (this.output.length > OUTPUT_KEPT) this.output = this.output.slice(-OUTPUT_KEPT);
    }
    this.doneState = this.root.test(s, this.output);
    return this.doneState;
  }

  private compile(c: Condition): Leaf {
    switch (c.kind) {
      case 'read': return { test: () => true };
      case 'event': return eventLeaf(c);
      case 'output': return latch(regex(c.pattern));
      case 'figure': return this.figureLeaf(c);
      case 'prompt': return { test: (_s, out) => PROMPT_AT_END.test(out) };
      case 'stopped': return { test: (s) => s.status === 'paused' };
      case 'switch': return { test: (s) => s.status === 'paused' && s.switch?.current === c.step };
      case 'process': return partLeaf((s) => (s.processes ? processHolds(c, s.processes) : undefined));
      case 'space': return partLeaf((s) => (s.space ? spaceHolds(c, s.space) : undefined));
      case 'all': {
        const parts = c.of.map((x) => this.compile(x));
        // Every part judges every snapshot (so each latches what it sees), then all must hold.
        return { test: (s, out) => parts.map((p) => p.test(s, out)).every(Boolean) };
      }
    }
  }

  private figureLeaf(c: Extract<Condition, { kind: 'figure' }>): Leaf {
    const re = regex(c.pattern);
    let seen = false;
    return {
      test: (_s, out) => {
        if (seen) return true;
        const m = re.exec(out);
        if (!m || m[1] === undefined) return false;
        const value = Number(m[1].replace(/,/g, ''));
        if (!Number.isFinite(value)) return false;
        this.figures.set(c.name, value);
        if (c.check) {
          const than = typeof c.check.than === 'number' ? c.check.than : this.figures.get(c.check.than);
          if (than === undefined || !compare(value, c.check.op, than)) {
            this.problem = `${c.name} = ${value}, expected ${c.check.op} ${typeof c.check.than === 'string' ? `${c.check.than} (${than ?? 'not measured'})` : than}`;
            return false;
          }
        }
        this.problem = undefined;
        seen = true;
        return true;
      },
    };
  }
}

function regex(pattern: string): RegExp {
  return new RegExp(pattern, 'm');
}

/** A leaf that stays true once the output since the step began has matched `re`. */
function latch(re: RegExp): Leaf {
  let seen = false;
  return { test: (_s, out) => (seen ||= re.test(out)) };
}

function eventLeaf(c: Extract<Condition, { kind: 'event' }>): Leaf {
  let count = 0;
  const want = c.count ?? 1;
  return {
    test: (s) => {
      if (count >= want) return true;
      for (const e of s.events) {
        if (e.name !== c.name) continue;
        if (c.detail !== undefined && e.detail !== c.detail) continue;
        if (c.values && !Object.entries(c.values).every(([k, v]) => e.values[k] === v)) continue;
        count++;
      }
      return count >= want;
    },
  };
}

/** A state judged on snapshots that carry its part; between them the last verdict stands. */
function partLeaf(judge: (s: Observed) => boolean | undefined): Leaf {
  let last = false;
  return {
    test: (s) => {
      const v = judge(s);
      if (v !== undefined) last = v;
      return last;
    },
  };
}

function processHolds(c: Extract<Condition, { kind: 'process' }>, table: NonNullable<Observed['processes']>): boolean {
  const match = table.rows.some((r) =>
    (c.name === undefined || r.name === c.name) &&
    (c.state === undefined || r.state === c.state) &&
    (c.stat === undefined || r.stat === c.stat) &&
    (c.orphan === undefined || r.orphan === c.orphan) &&
    (c.ppid === undefined || r.ppid === c.ppid) &&
    (c.threads === undefined || r.threads.length === c.threads));
  return c.absent ? !match : match;
}

function spaceHolds(c: Extract<Condition, { kind: 'space' }>, sp: NonNullable<Observed['space']>): boolean {
  if (c.process !== undefined && sp.name !== c.process) return false;
  const regions = c.region === undefined ? sp.regions : sp.regions.filter((r) => r.kind === c.region);
  if (c.region !== undefined && regions.length === 0) return false;
  if (c.shared && !regions.some((r) => r.shared > 0)) return false;
  if (c.threadStacks !== undefined && sp.threadStacks.length !== c.threadStacks) return false;
  return true;
}

export function compare(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
  }
}

/** A text with its {figure} names filled in (`show` formats a number; an unmeasured one stays as written). */
export function fillFigures(text: string, figures: ReadonlyMap<string, number>, show: (n: number) => string = String): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = figures.get(name);
    return v === undefined ? whole : show(v);
  });
}
