// The Lab's runs: every experiment run is kept, with the configuration it
// ran on, so runs on different hardware overlay in one plot; and all of them
// as CSV (experiment, config, x, y, series), one row per point.

import type { HardwareConfig } from '../../../vm/host/hardware.js';
import { csvTable } from '../../../vm/host/export/csv.js';
import type { CsvValue } from '../../../vm/host/export/csv.js';
import type { Series } from '../shared/experiments.js';

export interface LabRun {
  id: number;
  experiment: string;
  /** The command line typed into the shell. */
  line: string;
  /** The hardware in words (describeHardware), and itself (the plot marks its TLB size). */
  config: string;
  hardware: HardwareConfig;
  series: Series[];
  /** Host milliseconds from typing the line to the prompt. */
  hostMs: number;
  cycles: number;
  tlbMisses: number;
  tlbFlushes: number;
}

/** What a run's series is called in a legend: experiment, config, series. */
export function seriesLabel(run: LabRun, s: Series): string {
  return `${run.experiment} · ${run.config} · ${s.name}`;
}

export const CSV_COLUMNS = ['experiment', 'config', 'x', 'y', 'series'];

/** All runs' points as CSV (vm/host/export/csv.ts: RFC 4180, CRLF), a header line first. */
export function runsToCsv(runs: readonly LabRun[]): string {
  const rows: CsvValue[][] = [];
  for (const run of runs) {
    for (const s of run.series) {
      for (const [x, y] of s.points) rows.push([run.experiment, run.config, x, y, s.name]);
    }
  }
  return csvTable(CSV_COLUMNS, rows);
}
