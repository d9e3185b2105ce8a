// Shared by the time-travel tests: one booted kernel per worker, at its
// shell prompt, and a fresh recorder on it for each case.

import { bootShell } from '../../kernel/helpers.js';
import type { Machine } from '../../../vm/host/machine.js';
import { Recorder, RecorderOptions } from '../../../vm/host/timetravel/recorder.js';

let booted: { machine: Machine; atPrompt: Uint8Array } | undefined;

/** The machine, put back at the shell prompt just after boot, with a new recorder and its output collected. */
export async function freshRecorder(options: RecorderOptions = {}): Promise<{ rec: Recorder; m: Machine; output: () => string }> {
  if (!booted) {
    const session = await bootShell({ trace: true });
    booted = { machine: session.machine, atPrompt: session.machine.snapshot() };
  }
  const m = booted.machine;
  m.restore(booted.atPrompt);
  m.clearBreakpoints();
  let text = '';
  m.onOutput = (t) => (text += t);
  return { rec: new Recorder(m, options), m, output: () => text };
}

/** Commands that fork, exec, exit, fault, make system calls and print. */
export const COMMANDS = ['ls\n', 'ps\n', 'echo time travel\n', 'true\n', 'exitwith 3\n', 'segfault\n', 'cat /etc/motd\n', 'ec', 'ho split\n'];
