// The bare machine: no kernel, paging off, ring 0, esp at the top of RAM,
// execution from the ELF's entry. Used by `glassbox bare`, the compiler's
// tests and the benchmarks. A program ends by writing its status to the exit
// port (0xF4); anything else that stops the machine is reported as such.

import { Machine, StopReason } from './machine.js';
import { MachineOptions } from './machine-config.js';

export interface BareOptions extends MachineOptions {
  /** Give up after this many guest cycles. Default 2 G. */
  maxCycles?: number;
  /** Bytes typed on the console before the program starts (fed as the device accepts them). */
  stdin?: string;
  /** Record machine events (interrupts, iret, CR3 writes, …). */
  trace?: boolean;
  /** Called with console output as it appears; otherwise it is returned in `stdout`. */
  onOutput?: (text: string) => void;
}

export interface BareResult {
  /** Console output (empty when onOutput was given). */
  stdout: string;
  /** The exit status (0..255) when stop is 'exit'; otherwise -1. */
  status: number;
  /** Why the machine stopped: 'exit', or 'cycle-limit', 'halt', 'shutdown', 'idle', 'breakpoint'. */
  stop: StopReason | 'cycle-limit';
  cycles: number;
  instret: number;
  machine: Machine;
}

export const BARE_LOAD_ADDRESS = 0x0010_0000;

/** Load an ELF on a fresh bare machine and run it to completion (or a limit). */
export async function runBare(elf: Uint8Array, options: BareOptions = {}): Promise<BareResult> {
  const machine = await Machine.create(options);
  const { entry } = machine.loadElf(elf);
  machine.eip = entry;
  machine.setReg('esp', machine.ramSize);
  machine.setTrace(options.trace ?? false);
  let stdout = '';
  machine.onOutput = options.onOutput ?? ((text) => (stdout += text));

  const input = new TextEncoder().encode(options.stdin ?? '');
  let fed = 0;
  const maxCycles = options.maxCycles ?? 2_000_000_000;
  let stop: BareResult['stop'] = 'cycle-limit';
  while (machine.cycles < maxCycles) {
    // Keep the device's input queue topped up; run in short slices while
    // input remains so a polling program never starves.
    if (fed < input.length) fed += machine.input(input.subarray(fed));
    const slice = fed < input.length ? 1_000_000 : 50_000_000;
    const info = machine.run(Math.min(maxCycles - machine.cycles, slice));
    if (info.reason === 'budget') continue;
    if (info.reason === 'idle' && fed < input.length) continue;
    stop = info.reason;
    break;
  }
  return {
    stdout,
    status: stop === 'exit' ? machine.exitStatus : -1,
    stop,
    cycles: machine.cycles,
    instret: machine.instret,
    machine,
  };
}
