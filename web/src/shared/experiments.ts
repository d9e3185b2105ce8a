// The Lab's experiments: one entry each — the guest program and its
// parameters (the command line typed into the shell), a parser from what the
// program prints to points, and how to draw them. Adding an experiment is
// adding an entry here; the Lab view draws whatever this table holds.
//
// Parsers read the program's own console output, line by line, and keep only
// the lines that match the program's row format: headers and anything else
// are skipped, so every point is a number the guest printed.

/** One curve (or one column of a table): x, y pairs in the program's order. */
export interface Series {
  name: string;
  points: [number, number][];
  /** Drawn against the right-hand axis (Experiment.y2). */
  right?: boolean;
}

export interface ExperimentParam {
  /** The program's flag: "-p". */
  flag: string;
  label: string;
  help: string;
  min: number;
  max: number;
  /** Shown in the field; empty means the program's own default (no flag typed). */
  initial?: number;
}

export interface Experiment {
  name: string;
  title: string;
  params: ExperimentParam[];
  /** How the Lab shows a run: a plot of the series, or a table of their values. */
  show: 'plot' | 'table';
  x: { label: string; log2: boolean };
  y: { label: string };
  /** The right-hand axis, when some series use it. */
  y2?: { label: string };
  /** The program's output → series; no matching line gives no series. */
  parse(output: string): Series[];
  /** For 'table': the columns, and each row's label; a row's cells are the series named `${row} ${column}`. */
  table?: { columns: string[] };
}

const lines = (text: string): string[] => text.split(/\r?\n/);

/** Add a point to the series called `name`, creating it in first-seen order. */
function add(out: Series[], name: string, x: number, y: number, right = false): void {
  let s = out.find((v) => v.name === name);
  if (!s) {
    s = right ? { name, points: [], right } : { name, points: [] };
    out.push(s);
  }
  s.points.push([x, y]);
}

/** tlbbench rows: `%8d %11u.%02u` — pages, cycles per access. */
export function parseTlbbench(output: string): Series[] {
  const out: Series[] = [];
  for (const line of lines(output)) {
    const m = /^\s*(\d+)\s+(\d+\.\d+)\s*$/.exec(line);
    if (m) add(out, 'cycles/access', Number(m[1]), Number(m[2]));
  }
  return out;
}

/**
 * ctxbench rows: `%-8s %5d %12u %10s %14s` — switch kind (process|thread),
 * pages, cycles per round trip, CR3 writes per round trip, TLB misses per
 * switch (both with two decimals).
 */
export function parseCtxbench(output: string): Series[] {
  const out: Series[] = [];
  for (const line of lines(output)) {
    const m = /^(process|thread)\s+(\d+)\s+(\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$/.exec(line.trim());
    if (!m) continue;
    const pages = Number(m[2]);
    add(out, `${m[1]} cycles/round trip`, pages, Number(m[3]));
    add(out, `${m[1]} misses/switch`, pages, Number(m[5]), true);
  }
  return out;
}

/** The columns of flushcost's table, in the order its lines print them. */
export const FLUSHCOST_COLUMNS = ['cycles', 'touch after', 'touch without flush', 'refill'];

/**
 * flushcost lines: `KIND  N cycles; touching P pages after it: A cycles (B
 * without a flush, refill R)` for KIND = "CR3 write" and "invlpg". Each
 * value is a series `KIND column` with one point at x = pages touched.
 */
export function parseFlushcost(output: string): Series[] {
  const out: Series[] = [];
  const re = /^\s*(\S.*?)\s+(\d+) cycles; touching (\d+) pages after it: (\d+) cycles \((\d+) without a flush, refill (\d+)\)\s*$/;
  for (const line of lines(output)) {
    const m = re.exec(line);
    if (!m) continue;
    const pages = Number(m[3]);
    [m[2], m[4], m[5], m[6]].forEach((v, i) => add(out, `${m[1]} ${FLUSHCOST_COLUMNS[i]}`, pages, Number(v)));
  }
  return out;
}

export const EXPERIMENTS: readonly Experiment[] = [
  {
    name: 'tlbbench',
    title: 'TLB staircase: cycles per access against pages touched',
    params: [
      { flag: '-p', label: 'max pages', help: 'the largest ring, 1 to 16384 pages (program default 4096)', min: 1, max: 16384, initial: 4096 },
      { flag: '-r', label: 'rounds', help: 'trips around each ring, 1 to 256 (program default 8)', min: 1, max: 256 },
    ],
    show: 'plot',
    x: { label: 'pages', log2: true },
    y: { label: 'cycles per access' },
    parse: parseTlbbench,
  },
  {
    name: 'ctxbench',
    title: 'Context switches: process against thread, by pages touched',
    params: [
      { flag: '-w', label: 'pages', help: 'the largest working set each side touches, in pages', min: 1, max: 4096 },
      { flag: '-n', label: 'rounds', help: 'round trips per size', min: 1, max: 100000 },
    ],
    show: 'plot',
    x: { label: 'pages', log2: true },
    y: { label: 'cycles per round trip' },
    y2: { label: 'TLB misses per switch' },
    parse: parseCtxbench,
  },
  {
    name: 'flushcost',
    title: 'What one CR3 write and one invlpg cost, refill included',
    params: [],
    show: 'table',
    x: { label: 'pages touched', log2: false },
    y: { label: 'cycles' },
    parse: parseFlushcost,
    table: { columns: FLUSHCOST_COLUMNS },
  },
];

export function experimentNamed(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}

/**
 * The command line for an experiment: the program, then each parameter
 * given (an empty field leaves the program's default). Throws a one-line
 * message for a value out of range.
 */
export function commandLine(e: Experiment, values: Record<string, string>): string {
  const words = [e.name];
  for (const p of e.params) {
    const text = (values[p.flag] ?? '').trim();
    if (text === '') continue;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= p.min && n <= p.max)) throw new Error(`${e.name} ${p.flag}: '${text}' is not a whole number from ${p.min} to ${p.max}`);
    words.push(p.flag, String(n));
  }
  return words.join(' ');
}
