// Everything that enters the machine from outside, stamped with the cycle
// it entered at: the one thing besides the image and the configuration a
// replay needs to pass the same states again.
//
// What can enter (all of it goes through the Recorder, nothing else may
// touch a recorded machine):
//  - console bytes (Machine.input): queued in the console device, IRQ 1;
//  - host file requests (install.ts's channel): the request in the channel's
//    buffer, IRQ 2;
//  - interrupt lines the host raises (Machine.raiseIrq).
// Nothing else from the host changes guest state: the run() slice sizes the
// host picks (and the browser's pacing, which only picks slice sizes) leave
// no trace once the core has settled (state.ts), and breakpoints are the
// debugger's, outside the compared state.
//
// An input stamped c is delivered when the machine stands at cycle c, before
// it executes from there; "the state at c" is the state before it. Cycles
// are instruction boundaries (see recorder.ts), so a replay stops at c
// exactly and delivers it again.

import type { Machine } from '../machine.js';
import { MachineError } from '../machine-error.js';
import { Installer } from '../install.js';

export type Input =
  | { cycle: number; kind: 'console'; bytes: Uint8Array }
  | { cycle: number; kind: 'file'; path: string; bytes: Uint8Array }
  | { cycle: number; kind: 'irq'; line: number };

export class InputLog {
  readonly entries: Input[] = [];

  /** Append an input; stamps never go backwards. */
  add(input: Input): void {
    const last = this.entries[this.entries.length - 1];
    if (last && input.cycle < last.cycle) {
      throw new MachineError(`input at cycle ${input.cycle} is before the last one (${last.cycle})`);
    }
    this.entries.push(input);
  }

  /** The index of the first input stamped at or after `cycle`. */
  firstAtOrAfter(cycle: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].cycle < cycle) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forget the inputs stamped after `cycle` (a new future starts there). */
  dropAfter(cycle: number): void {
    this.entries.length = this.firstAtOrAfter(cycle + 1);
  }

  get lastCycle(): number {
    return this.entries[this.entries.length - 1]?.cycle ?? 0;
  }
}

/** Put one logged input into the machine, as it went in the first time. */
export function deliver(m: Machine, input: Input): void {
  switch (input.kind) {
    case 'console': {
      const n = m.input(input.bytes);
      if (n !== input.bytes.length) {
        throw new MachineError(`replay diverged: the console took ${n} of ${input.bytes.length} bytes at cycle ${input.cycle}`);
      }
      return;
    }
    case 'file': {
      const submitted = new Installer(m, () => undefined).submit(input.path, input.bytes);
      if (!submitted.ok) throw new MachineError(`replay diverged: ${submitted.message} (cycle ${input.cycle})`);
      return;
    }
    case 'irq':
      m.raiseIrq(input.line);
      return;
  }
}
