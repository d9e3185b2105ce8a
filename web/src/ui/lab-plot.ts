// The Lab's plot: uPlot drawing the runs of one experiment as overlaid
// series — x on a log2 axis when the experiment says so, a right-hand axis
// for the series that ask for one — with the TLB's size marked as a vertical
// line at each run's tlbEntries (and at the STLB's size when a config has
// one). It only draws what it is given; the Lab view decides which runs.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Experiment } from '../shared/experiments.js';
import { t } from './locale.js';
import { seriesLabel } from './lab-runs.js';
import type { LabRun } from './lab-runs.js';

const COLORS = ['#5fb3ff', '#ffb454', '#7fd962', '#f07178', '#c792ea', '#89ddff', '#e6c07b', '#ff8f40'];
const MARK_COLOR = 'rgba(255, 255, 255, 0.35)';

/** Where the TLB sizes go on the x axis: each run's TLB entries and its STLB's, if any. */
export function tlbMarks(runs: readonly LabRun[]): { x: number; label: string }[] {
  const marks = new Map<number, string>();
  for (const r of runs) {
    marks.set(r.hardware.tlbEntries, 'TLB');
    // A second-level TLB, once vm/host/hardware.ts has one.
    const stlb = (r.hardware as unknown as Record<string, unknown>).stlbEntries;
    if (typeof stlb === 'number' && stlb > 0) marks.set(stlb, 'STLB');
  }
  return [...marks].map(([x, label]) => ({ x, label }));
}

/** uPlot's aligned data: the union of x values, each series null where it has no point. */
export function alignedData(runs: readonly LabRun[]): { xs: number[]; ys: (number | null)[][]; labels: string[]; right: boolean[] } {
  const xs = [...new Set(runs.flatMap((r) => r.series.flatMap((s) => s.points.map(([x]) => x))))].sort((a, b) => a - b);
  const ys: (number | null)[][] = [];
  const labels: string[] = [];
  const right: boolean[] = [];
  for (const r of runs) {
    for (const s of r.series) {
      const at = new Map(s.points);
      ys.push(xs.map((x) => at.get(x) ?? null));
      labels.push(seriesLabel(r, s));
      right.push(!!s.right);
    }
  }
  return { xs, ys, labels, right };
}

export class LabPlot {
  private plot: uPlot | undefined;

  constructor(private readonly root: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(root);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.root.clientWidth), height: Math.max(160, this.root.clientHeight - 40) };
  }

  /** The data the plot shows (x values first), for tests and for reading it back. */
  get data(): (number | null)[][] {
    return (this.plot?.data as (number | null)[][] | undefined) ?? [];
  }

  draw(e: Experiment, runs: readonly LabRun[]): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.root.replaceChildren();
    if (runs.length === 0) return;
    const { xs, ys, labels, right } = alignedData(runs);
    const marks = tlbMarks(runs);
    const hasRight = right.some(Boolean);
    const opts: uPlot.Options = {
      ...this.size(),
      scales: {
        x: e.x.log2 ? { time: false, distr: 3, log: 2 } : { time: false },
        y: { auto: true },
        ...(hasRight ? { y2: { auto: true } } : {}),
      },
      axes: [
        { label: t(e.x.label), stroke: '#aab', grid: { stroke: '#2a2f38' } },
        { label: t(e.y.label), stroke: '#aab', grid: { stroke: '#2a2f38' }, size: 56, labelSize: 20 },
        ...(hasRight ? [{ scale: 'y2', side: 1 as const, label: e.y2 ? t(e.y2.label) : '', stroke: '#aab', grid: { show: false } }] : []),
      ],
      series: [
        { label: t(e.x.label) },
        ...labels.map((label, i) => ({
          label,
          scale: right[i] ? 'y2' : 'y',
          stroke: COLORS[i % COLORS.length],
          width: 2,
          dash: right[i] ? [6, 4] : undefined,
          points: { show: true, size: 5 },
          spanGaps: true,
        })),
      ],
      hooks: {
        draw: [(u: uPlot) => drawMarks(u, marks)],
      },
    };
    this.plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, this.root);
  }
}

/** A dashed vertical line with its label at each TLB size inside the x range. */
function drawMarks(u: uPlot, marks: { x: number; label: string }[]): void {
  const ctx = u.ctx;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = MARK_COLOR;
  ctx.fillStyle = MARK_COLOR;
  ctx.setLineDash([4, 4]);
  ctx.lineWidth = devicePixelRatio;
  ctx.font = `${11 * devicePixelRatio}px sans-serif`;
  for (const m of marks) {
    const min = u.scales.x.min ?? -Infinity;
    const max = u.scales.x.max ?? Infinity;
    if (m.x < min || m.x > max) continue;
    const x = u.valToPos(m.x, 'x', true);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillText(`${m.label} ${m.x}`, x + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
  }
  ctx.restore();
}
