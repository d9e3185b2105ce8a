// A command typed into the guest's shell, and its output collected until the
// shell's prompt comes back: how the Lab runs an experiment. The line goes in
// through the console like the user's own typing (the kernel echoes it, so
// the terminal shows it), and the output is the guest's console output, so
// every number the Lab plots is one the guest printed.
//
// The watch ends at the prompt (PROMPT_RE, the same test the CLI's `run`
// uses), or when the machine stops for good (panic, halt, error) first.

import type { Machine } from '../../../vm/host/machine.js';
import { PROMPT_RE } from '../../../vm/host/shell-session.js';
import { describeHardware } from '../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import type { CommandRun } from '../shared/protocol.js';
import type { GuestConsole } from './guest-console.js';

/** How often the watch looks whether the machine stopped without a prompt. */
const STOP_POLL_MS = 200;

export interface CommandStage {
  readonly m: Machine;
  readonly console: GuestConsole;
  readonly hardware: HardwareConfig;
  /** The machine can no longer reach a prompt (panic, halt, exit, error). */
  stopped(): boolean;
  /** Type the line (queue it for the guest and wake the loop). */
  type(text: string): void;
}

/** The output between the echoed command line and the prompt. */
export function commandOutput(transcript: string): string {
  const afterEcho = transcript.slice(transcript.indexOf('\n') + 1);
  return afterEcho.replace(PROMPT_RE, '');
}

/** Type `line` and resolve with what it printed when the prompt returns. */
export function runCommand(stage: CommandStage, line: string): Promise<CommandRun> {
  const { m } = stage;
  const t0 = performance.now();
  const c0 = m.counters();
  const cycles0 = m.cycles;
  const instret0 = m.instret;
  let transcript = '';
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = (ended: CommandRun['ended']): void => {
      unwatch();
      clearInterval(timer);
      const c = m.counters();
      resolve({
        line,
        output: commandOutput(transcript),
        ended,
        hostMs: performance.now() - t0,
        cycles: m.cycles - cycles0,
        instructions: m.instret - instret0,
        tlbMisses: c.TLB_MISSES - c0.TLB_MISSES,
        tlbFlushes: c.TLB_FULL_FLUSHES + c.TLB_SINGLE_FLUSHES - c0.TLB_FULL_FLUSHES - c0.TLB_SINGLE_FLUSHES,
        hardware: stage.hardware,
        hardwareText: describeHardware(stage.hardware),
      });
    };
    const unwatch = stage.console.watch((text) => {
      transcript += text;
      if (PROMPT_RE.test(transcript)) finish('prompt');
    });
    timer = setInterval(() => {
      if (stage.stopped()) finish('stopped');
    }, STOP_POLL_MS);
    stage.type(`${line}\n`);
  });
}
