// The TypeScript reference: the benchmark's loops run directly as JavaScript
// (loops.ts), timed the same way as the guests.
//
// This is the speed the host would have if there were no emulator at all, so
// "TypeScript speed / Glassbox speed" is the cost of emulation. It is reported
// in the guest's unit: the instructions the guest loop retires for the same
// work, per second of host time ("equivalent MIPS").

import {
  ALU_INSTRUCTIONS_PER_ITERATION, MEM_INSTRUCTIONS_PER_ITERATION, aluLoopTs, checkWorkingSet, memLoopTs,
} from './loops.js';
import { cpuMs, mips } from './stats.js';

export interface TsRun {
  /** Equivalent MIPS of each repetition, warm-ups included (callers drop them): by wall time, by CPU time. */
  mipsPerRep: number[];
  cpuMipsPerRep: number[];
  /** eax after each repetition, to check the guests against. */
  results: number[];
}

/** Time `reps` repetitions of the ALU loop. */
export function timeAluTs(iterations: number, reps: number): TsRun {
  return timeReps(reps, iterations * ALU_INSTRUCTIONS_PER_ITERATION, () => aluLoopTs(iterations));
}

/**
 * Time `reps` repetitions of the memory loop over one array that persists
 * between repetitions (as the v86 guest's does), starting from zeros.
 */
export function timeMemTs(iterations: number, workingSet: number, reps: number): TsRun {
  checkWorkingSet(workingSet);
  const mem = new Int32Array(workingSet / 4);
  return timeReps(reps, iterations * MEM_INSTRUCTIONS_PER_ITERATION, () => memLoopTs(mem, iterations, workingSet));
}

/** Time `reps` calls of `loop`, which stands for `instructions` guest instructions. */
function timeReps(reps: number, instructions: number, loop: () => number): TsRun {
  const out: TsRun = { mipsPerRep: [], cpuMipsPerRep: [], results: [] };
  for (let r = 0; r < reps; r++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    out.results.push(loop());
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    out.mipsPerRep.push(mips(instructions, ms));
    out.cpuMipsPerRep.push(mips(instructions, cpu));
  }
  return out;
}
