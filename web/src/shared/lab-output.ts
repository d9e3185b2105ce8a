// What the TLB lab's programs print, read back into numbers: one reader per
// program (programs/tlbbench.c, ctxbench.c, flushcost.c), used by the Lab
// view's experiments (experiments.ts), the lab report (test/lab/report.ts)
// and the kernel tests. The formats are the programs' own: fixed columns,
// two decimals as fixed point. Lines that are not rows (headers, usage,
// anything else) are skipped.

const lines = (text: string): string[] => text.split(/\r?\n/);

export interface StairRow {
  pages: number;
  /** Cycles per access. */
  cycles: number;
}

/** tlbbench's rows, `%8d %11u.%02u`: "      64           8.60". */
export function tlbbenchRows(out: string): StairRow[] {
  const rows: StairRow[] = [];
  for (const line of lines(out)) {
    const m = /^ +(\d+) +(\d+\.\d\d)$/.exec(line);
    if (m) rows.push({ pages: Number(m[1]), cycles: Number(m[2]) });
  }
  return rows;
}

export interface SwitchRow {
  kind: 'process' | 'thread';
  pages: number;
  /** Cycles per round trip (two switches). */
  cycles: number;
  /** CR3 writes per round trip. */
  cr3: number;
  /** TLB misses per switch. */
  misses: number;
}

/** ctxbench's rows, `%-8s %5d %12u %10s %14s`: "process     16        46428       2.00          22.30". */
export function ctxbenchRows(out: string): SwitchRow[] {
  const rows: SwitchRow[] = [];
  for (const line of lines(out)) {
    const m = /^(process|thread) +(\d+) +(\d+) +(\d+\.\d\d) +(\d+\.\d\d)$/.exec(line);
    if (!m) continue;
    rows.push({ kind: m[1] as SwitchRow['kind'], pages: Number(m[2]), cycles: Number(m[3]), cr3: Number(m[4]), misses: Number(m[5]) });
  }
  return rows;
}

export interface FlushRow {
  what: 'CR3 write' | 'invlpg';
  /** The flushing instruction's cycles. */
  cycles: number;
  pages: number;
  /** Touching the pages right after the flush, and with nothing flushed. */
  after: number;
  warm: number;
  refill: number;
}

/** flushcost's lines: "CR3 write  195 cycles; touching 32 pages after it: 2203 cycles (1563 without a flush, refill 640)". */
export function flushcostRows(out: string): FlushRow[] {
  const re = /^(CR3 write|invlpg) +(\d+) cycles; touching (\d+) pages after it: (\d+) cycles \((\d+) without a flush, refill (\d+)\)$/;
  const rows: FlushRow[] = [];
  for (const line of lines(out)) {
    const m = re.exec(line);
    if (!m) continue;
    const [cycles, pages, after, warm, refill] = m.slice(2).map(Number);
    rows.push({ what: m[1] as FlushRow['what'], cycles, pages, after, warm, refill });
  }
  return rows;
}
