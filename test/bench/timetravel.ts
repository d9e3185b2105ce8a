// The time-travel part of `npm run bench`: what recording costs and how
// long going back one instruction takes, with the recorder's defaults.
//
//  - Recording overhead: the kernel with two spinning processes (timer
//    interrupts, context switches, system calls) run for the same cycles
//    with and without a Recorder, alternately, three times each; the ratio
//    of the medians of guest cycles per host second (target ≥ 0.80).
//  - Back one instruction: from positions reached by running on a
//    pseudo-random 1-16 M cycles (so they fall anywhere between frames),
//    the host time of one reverse-stepi (target < 100 ms); and of a second
//    one right after it (which replays from the frame the first kept).
//  - The same after Reverse.prepare(), which the page calls when the
//    machine stops (it keeps a window of positions before the present, so
//    the step back replays a few thousand cycles from a frame), and ten
//    steps back in a row from there.
// The first checkpoint (taken when the recorder starts) is not counted.

import { bootShell } from '../kernel/helpers.js';
import { Recorder } from '../../vm/host/timetravel/recorder.js';
import { Reverse } from '../../vm/host/timetravel/reverse.js';
import { median } from './stats.js';
import { prng } from '../prng.js';

export interface TimeTravelReport {
  cyclesPerRun: number;
  /** Guest cycles per host second (wall), medians. */
  speedOff: number;
  speedOn: number;
  /** speedOn / speedOff. */
  ratio: number;
  checkpoints: { paged: number; frames: number; usedMiB: number; intervalCycles: number };
  /** Host ms of one reverse-stepi from a fresh position, and of the one right after. */
  backOne: { median: number; max: number; samples: number };
  backAgain: { median: number; max: number };
  /** After prepare() (as the page does when the machine stops): one step back, and each of ten in a row. */
  backPrepared: { median: number; max: number; prepareMedian: number };
  backInRow: { median: number; max: number };
}

export async function measureTimeTravel(quick: boolean): Promise<TimeTravelReport> {
  const session = await bootShell({ trace: true });
  const m = session.machine;
  session.type('spin &\n');
  m.run(20_000_000);
  session.type('spin &\n');
  m.run(20_000_000);
  const start = m.snapshot();
  const cyclesPerRun = quick ? 100_000_000 : 600_000_000;
  const off: number[] = [];
  const on: number[] = [];
  let rec: Recorder | undefined;
  for (let i = 0; i < 3; i++) {
    m.restore(start);
    let t = performance.now();
    m.run(cyclesPerRun);
    off.push(cyclesPerRun / ((performance.now() - t) / 1000));
    m.restore(start);
    rec = new Recorder(m);
    t = performance.now();
    rec.run(cyclesPerRun);
    on.push(cyclesPerRun / ((performance.now() - t) / 1000));
  }
  const rv = new Reverse(rec!);
  const random = prng(7);
  const first: number[] = [];
  const again: number[] = [];
  const samples = quick ? 3 : 10;
  for (let i = 0; i < samples; i++) {
    rec!.run(1_000_000 + Math.floor(random() * 15_000_000));
    let t = performance.now();
    rv.stepBack(1);
    first.push(performance.now() - t);
    t = performance.now();
    rv.stepBack(1);
    again.push(performance.now() - t);
    rec!.goTo(rec!.frontier);
  }
  const prepared: number[] = [];
  const prepare: number[] = [];
  const inRow: number[] = [];
  for (let i = 0; i < samples; i++) {
    rec!.run(1_000_000 + Math.floor(random() * 15_000_000));
    let t = performance.now();
    rv.prepare();
    prepare.push(performance.now() - t);
    t = performance.now();
    rv.stepBack(1);
    prepared.push(performance.now() - t);
    for (let k = 0; k < 10; k++) {
      t = performance.now();
      rv.stepBack(1);
      inRow.push(performance.now() - t);
    }
    rec!.goTo(rec!.frontier);
  }
  const stats = rec!.stats();
  return {
    cyclesPerRun,
    speedOff: median(off),
    speedOn: median(on),
    ratio: median(on) / median(off),
    checkpoints: { paged: stats.paged, frames: stats.frames, usedMiB: stats.usedBytes / 2 ** 20, intervalCycles: rec!.frameInterval },
    backOne: { median: median(first), max: Math.max(...first), samples },
    backAgain: { median: median(again), max: Math.max(...again) },
    backPrepared: { median: median(prepared), max: Math.max(...prepared), prepareMedian: median(prepare) },
    backInRow: { median: median(inRow), max: Math.max(...inRow) },
  };
}

export function formatTimeTravel(r: TimeTravelReport): string {
  const mcs = (x: number) => `${(x / 1e6).toFixed(0)} M cycles/s`;
  return [
    '',
    'Time travel (recorder defaults: frames adapted to 12% of running time, a paged checkpoint every 4, 256 MiB):',
    `  recording: ${mcs(r.speedOn)} against ${mcs(r.speedOff)} without: ${(r.ratio * 100).toFixed(0)}% of full speed (target >= 80%)`,
    `  store after ${r.cyclesPerRun / 1e6} M cycles: ${r.checkpoints.paged} paged checkpoints, ${r.checkpoints.frames} frames, ${r.checkpoints.usedMiB.toFixed(0)} MiB; frame interval ${(r.checkpoints.intervalCycles / 1e6).toFixed(0)} M cycles`,
    `  back one instruction: median ${r.backOne.median.toFixed(0)} ms, max ${r.backOne.max.toFixed(0)} ms over ${r.backOne.samples} positions (target < 100 ms)`,
    `  and once more right after: median ${r.backAgain.median.toFixed(0)} ms, max ${r.backAgain.max.toFixed(0)} ms`,
    `  after prepare() at the stop (as the page does; it took median ${r.backPrepared.prepareMedian.toFixed(0)} ms): median ${r.backPrepared.median.toFixed(0)} ms, max ${r.backPrepared.max.toFixed(0)} ms (target < 100 ms)`,
    `  ten in a row from there: median ${r.backInRow.median.toFixed(0)} ms, max ${r.backInRow.max.toFixed(0)} ms`,
    '',
  ].join('\n');
}
