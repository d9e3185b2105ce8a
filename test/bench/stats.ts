// Turning repeated timings into one number.
//
// Every measurement is taken several times after a warm-up (V8 tiers code up
// in the background, v86 compiles hot code asynchronously) and reported as
// the median, which ignores the odd slow sample when another process takes
// the CPU. The spread (min and max of the kept samples) is kept alongside so
// a noisy run is visible as noisy. Each sample has two clocks: wall time (the
// headline, what a user waits) and this process's CPU time (what the work
// costs the host, robust when other processes share the CPUs).

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Samples kept (after discarding warm-ups). */
  n: number;
}

/** The median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/**
 * Milliseconds of CPU time this process has used (all its threads, user and
 * system). Unlike wall time it does not grow while other processes have the
 * CPU, so it stays meaningful on a busy machine.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Million instructions per second from an instruction count and milliseconds. */
export function mips(instructions: number, ms: number): number {
  return instructions / (ms * 1000);
}

/** Round for display and JSON: 3 significant digits, no exponent for ordinary magnitudes. */
export function round3(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}
