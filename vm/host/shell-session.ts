// A scripted conversation with the shell: what `glassbox run -c`, the
// kernel tests and the measurements use to drive a booted machine the way a
// person at the console would (wait for the prompt, type a line, wait for
// the next prompt).

import type { Machine } from './machine.js';
import type { MachineEvent } from './event-ring.js';
import type { Booted } from './boot.js';

/** The shell's prompt at the end of the console output: "glassbox:/some/dir$ ". */
export const PROMPT_RE = /glassbox:[^\n]*\$ $/;

export type WaitResult = {
  /** prompt: the shell is back; idle: the guest waits for input without a prompt; panic: the kernel
   *  stopped the machine; limit: the cycle budget ran out; exit/shutdown: the machine stopped. */
  outcome: 'prompt' | 'idle' | 'panic' | 'limit' | 'exit' | 'shutdown';
  /** Console output produced while waiting. */
  text: string;
  /** Guest cycles spent. */
  cycles: number;
};

/**
 * Drives a booted machine the way a person at the console would: wait for
 * the prompt, type a line, wait for the next prompt. All console output is
 * kept in `transcript`; events are passed to `onEvents` when tracing.
 */
export class ShellSession {
  transcript = '';
  /** Called with console output as it appears. */
  onText: ((text: string) => void) | undefined;
  /** Called with each batch of events (tracing must be on in the machine). */
  onEvents: ((events: MachineEvent[]) => void) | undefined;
  /** Cycles per run() call between checks for the prompt. */
  slice = 2_000_000;

  constructor(readonly booted: Booted) {
    booted.machine.onOutput = (text) => {
      this.transcript += text;
      if (this.onText) this.onText(text);
    };
  }

  get machine(): Machine {
    return this.booted.machine;
  }

  /** Run until the output since now ends with a prompt (or the machine can go no further). */
  waitForPrompt(maxCycles: number): WaitResult {
    const m = this.machine;
    const mark = this.transcript.length;
    const start = m.cycles;
    for (;;) {
      const spent = m.cycles - start;
      if (spent >= maxCycles) return this.result('limit', mark, start);
      const info = m.run(Math.min(this.slice, maxCycles - spent));
      if (this.onEvents) this.onEvents(m.takeEvents());
      if (PROMPT_RE.test(this.transcript.slice(mark))) return this.result('prompt', mark, start);
      switch (info.reason) {
        case 'halt':
          return this.result('panic', mark, start);
        case 'exit':
          return this.result('exit', mark, start);
        case 'shutdown':
          return this.result('shutdown', mark, start);
        case 'idle':
          return this.result('idle', mark, start);
        default:
          break;
      }
    }
  }

  /** Type a line (a newline is added) and wait for the next prompt. */
  command(line: string, maxCycles: number): WaitResult {
    this.type(line + '\n');
    return this.waitForPrompt(maxCycles);
  }

  /** Type raw bytes (e.g. "\x03" for Ctrl-C) into the console. */
  type(text: string): void {
    const bytes = new TextEncoder().encode(text);
    let fed = 0;
    // The device queue is finite: feed it, letting the guest drain it as needed.
    while (fed < bytes.length) {
      const n = this.machine.input(bytes.subarray(fed));
      fed += n;
      if (fed < bytes.length) this.machine.run(200_000);
    }
  }

  private result(outcome: WaitResult['outcome'], mark: number, start: number): WaitResult {
    return { outcome, text: this.transcript.slice(mark), cycles: this.machine.cycles - start };
  }
}

