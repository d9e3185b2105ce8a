// Reading what the lab's programs print (tlbbench, ctxbench, flushcost) back
// into numbers: for the report and the tests. The formats are the programs'
// own (programs/tlbbench.c, ctxbench.c, flushcost.c): fixed columns, two
// decimals as fixed point.

export interface StairPoint {
  pages: number;
  cycles: number;
}

/** tlbbench's rows: "      64           8.60". */
export function parseTlbbench(out: string): StairPoint[] {
  return [...out.matchAll(/^ +(\d+) +(\d+\.\d\d)$/gm)].map((m) => ({ pages: Number(m[1]), cycles: Number(m[2]) }));
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

/** ctxbench's rows: "process     16        46428       2.00          22.30". */
export function parseCtxbench(out: string): SwitchRow[] {
  return [...out.matchAll(/^(process|thread) +(\d+) +(\d+) +(\d+\.\d\d) +(\d+\.\d\d)$/gm)].map((m) => ({
    kind: m[1] as SwitchRow['kind'], pages: Number(m[2]), cycles: Number(m[3]), cr3: Number(m[4]), misses: Number(m[5]),
  }));
}

export interface FlushRow {
  what: 'CR3 write' | 'invlpg';
  cycles: number;
  pages: number;
  after: number;
  warm: number;
  refill: number;
}

/** flushcost's lines: "CR3 write  195 cycles; touching 32 pages after it: 2203 cycles (1563 without a flush, refill 640)". */
export function parseFlushcost(out: string): FlushRow[] {
  const re = /^(CR3 write|invlpg) +(\d+) cycles; touching (\d+) pages after it: (\d+) cycles \((\d+) without a flush, refill (\d+)\)$/gm;
  return [...out.matchAll(re)].map((m) => ({
    what: m[1] as FlushRow['what'], cycles: Number(m[2]), pages: Number(m[3]), after: Number(m[4]), warm: Number(m[5]),
    refill: Number(m[6]),
  }));
}
