// The Lab's experiments: one entry each — the guest program and its
// parameters (the command line typed into the shell), a parser from what the
// program prints to points, and how to draw them. Adding an experiment is
// adding an entry here; the Lab view draws whatever this table holds.
//
// Parsers read the program's own console output through lab-output.ts (the
// one reader of each program's rows, shared with the lab report and the
// tests): headers and anything else are skipped, so every point is a number
// the guest printed. Titles, parameter names and axis labels are catalogue
// keys (shared/i18n), shown in the page's language.

import { translateMessage } from './i18n/i18n.js';
import type { Message, MessageKey } from './i18n/i18n.js';
import { ctxbenchRows, flushcostRows, tlbbenchRows } from './lab-output.js';

/** One curve (or one column of a table): x, y pairs in the program's order. */
/** A parameter out of range: its message (in English as the Error's text; the Lab shows it in the page's language). */
export class ParamError extends Error {
  constructor(readonly said: Message) {
    super(translateMessage('en', said));
  }
}

export interface Series {
  name: string;
  points: [number, number][];
  /** Drawn against the right-hand axis (Experiment.y2). */
  right?: boolean;
}

export interface ExperimentParam {
  /** The program's flag: "-p". */
  flag: string;
  /** Its name and help in the message catalogue ({min} and {max} are filled in). */
  label: MessageKey;
  help: MessageKey;
  min: number;
  max: number;
  /** Shown in the field; empty means the program's own default (no flag typed). */
  initial?: number;
}

export interface Experiment {
  name: string;
  /** What it measures, and the axes' names, in the message catalogue. */
  title: MessageKey;
  params: ExperimentParam[];
  /** How the Lab shows a run: a plot of the series, or a table of their values. */
  show: 'plot' | 'table';
  x: { label: MessageKey; log2: boolean };
  y: { label: MessageKey };
  /** The right-hand axis, when some series use it. */
  y2?: { label: MessageKey };
  /** The program's output → series; no matching line gives no series. */
  parse(output: string): Series[];
  /** For 'table': the columns, and each row's label; a row's cells are the series named `${row} ${column}`. */
  table?: { columns: string[] };
}

/** Add a point to the series called `name`, creating it in first-seen order. */
function add(out: Series[], name: string, x: number, y: number, right = false): void {
  let s = out.find((v) => v.name === name);
  if (!s) {
    s = right ? { name, points: [], right } : { name, points: [] };
    out.push(s);
  }
  s.points.push([x, y]);
}

/** tlbbench: one series, cycles per access against pages. */
export function parseTlbbench(output: string): Series[] {
  const out: Series[] = [];
  for (const r of tlbbenchRows(output)) add(out, 'cycles/access', r.pages, r.cycles);
  return out;
}

/** ctxbench: per switch kind, cycles per round trip and (right axis) TLB misses per switch, against pages. */
export function parseCtxbench(output: string): Series[] {
  const out: Series[] = [];
  for (const r of ctxbenchRows(output)) {
    add(out, `${r.kind} cycles/round trip`, r.pages, r.cycles);
    add(out, `${r.kind} misses/switch`, r.pages, r.misses, true);
  }
  return out;
}

/** The columns of flushcost's table, in the order its lines print them. */
export const FLUSHCOST_COLUMNS = ['cycles', 'touch after', 'touch without flush', 'refill'];

/** flushcost: each value a series `KIND column` (KIND = "CR3 write", "invlpg") with one point at x = pages touched. */
export function parseFlushcost(output: string): Series[] {
  const out: Series[] = [];
  for (const r of flushcostRows(output)) {
    [r.cycles, r.after, r.warm, r.refill].forEach((v, i) => add(out, `${r.what} ${FLUSHCOST_COLUMNS[i]}`, r.pages, v));
  }
  return out;
}

export const EXPERIMENTS: readonly Experiment[] = [
  {
    name: 'tlbbench',
    title: 'lab.tlbbench.title',
    params: [
      { flag: '-p', label: 'lab.tlbbench.p', help: 'lab.tlbbench.p.help', min: 1, max: 16384, initial: 4096 },
      { flag: '-r', label: 'lab.param.rounds', help: 'lab.tlbbench.r.help', min: 1, max: 256 },
    ],
    show: 'plot',
    x: { label: 'lab.axis.pages', log2: true },
    y: { label: 'lab.axis.cycles-per-access' },
    parse: parseTlbbench,
  },
  {
    name: 'ctxbench',
    title: 'lab.ctxbench.title',
    params: [
      { flag: '-w', label: 'lab.axis.pages', help: 'lab.ctxbench.w.help', min: 1, max: 4096 },
      { flag: '-n', label: 'lab.param.rounds', help: 'lab.ctxbench.n.help', min: 1, max: 100000 },
    ],
    show: 'plot',
    x: { label: 'lab.axis.pages', log2: true },
    y: { label: 'lab.axis.cycles-per-round-trip' },
    y2: { label: 'lab.axis.misses-per-switch' },
    parse: parseCtxbench,
  },
  {
    name: 'flushcost',
    title: 'lab.flushcost.title',
    params: [],
    show: 'table',
    x: { label: 'lab.axis.pages-touched', log2: false },
    y: { label: 'lab.axis.cycles' },
    parse: parseFlushcost,
    table: { columns: FLUSHCOST_COLUMNS },
  },
];

export function experimentNamed(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}

/**
 * The command line for an experiment: the program, then each parameter
 * given (an empty field leaves the program's default). Throws a
 * ParamError, a one-line message, for a value out of range.
 */
export function commandLine(e: Experiment, values: Record<string, string>): string {
  const words = [e.name];
  for (const p of e.params) {
    const text = (values[p.flag] ?? '').trim();
    if (text === '') continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= p.min && n <= p.max)) {
      throw new ParamError({ key: 'lab.param.bad', params: { name: e.name, flag: p.flag, text, min: String(p.min), max: String(p.max) } });
    }
    words.push(p.flag, String(n));
  }
  return words.join(' ');
}
