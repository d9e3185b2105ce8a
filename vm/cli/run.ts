// `glassbox run`: boot the kernel, type lines into its shell, print the console.
//
// Boots, waits for the shell's prompt, then for each -c LINE types it and
// waits for the next prompt, so each command finishes before the next
// starts. Console output goes to stdout; the trace (--trace), diagnostics and
// the reason for stopping go to stderr; --json makes stdout JSON lines
// (json-output.ts). RUN_SPEC lists the options, exit-codes.ts the statuses.

import { createWriteStream, WriteStream } from 'node:fs';
import { boot } from '../host/boot.js';
import { decodeEvent } from '../host/event-text.js';
import { clockFromAbi } from '../host/export/export-event.js';
import type { ExportEvent } from '../host/export/export-event.js';
import { eventsToPerfetto } from '../host/export/perfetto.js';
import { describeEvent, kernelNames, KernelNames } from '../host/kernel-events.js';
import { nodeReader } from '../host/node-files.js';
import { symbolizePanic } from '../host/panic.js';
import { ShellSession, WaitResult } from '../host/shell-session.js';
import { EXIT } from './exit-codes.js';
import { eventJson, jsonLine } from './json-output.js';
import { KERNEL_MACHINE_OPTIONS, bootOptionsFrom, loadSystem } from './kernel-machine.js';
import { CommandSpec, parseCommand, usageError, wholeNumber } from './options.js';

export const RUN_SPEC: CommandSpec = {
  name: 'run',
  summary: 'Boot the kernel, type each -c line into its shell after the previous one finished, and print the console.',
  options: [
    { name: 'command', short: 'c', kind: 'list', value: 'LINE', help: 'a line to type into the shell' },
    { name: 'trace', kind: 'flag', help: 'print every kernel and machine event, one per line, on stderr' },
    { name: 'trace-file', kind: 'value', value: 'FILE', help: 'write the events to FILE instead (implies --trace)' },
    { name: 'trace-format', kind: 'value', value: 'FORMAT', help: 'text (default), json (as --json), or perfetto: one Chrome trace / Perfetto JSON file of the whole run (vm/host/export/perfetto.ts), written to --trace-file when the run ends' },
    { name: 'json', kind: 'flag', help: 'JSON lines: console text, command results and the result on stdout; events on the trace stream' },
    { name: 'fail-on-error', kind: 'flag', help: 'exit 1 when a typed command fails (the shell reports a status or a signal)' },
    { name: 'max-cycles', kind: 'value', value: 'N', help: 'guest cycles allowed for booting and for each command (default 20000000000)' },
    ...KERNEL_MACHINE_OPTIONS,
  ],
  notes: `exit status: 0 when every line ran and the shell prompted again; 1 a build failed (or with
  --fail-on-error a command failed); 2 usage; 124 no prompt within --max-cycles; 125 the machine
  stopped or waits for input instead of prompting; 126 the kernel panicked (backtrace symbolized)`,
};

/** How a command's wait ended, for the message and the exit status. */
const OUTCOMES: Record<string, { exit: number; say: (maxCycles: number, status: number) => string }> = {
  panic: { exit: EXIT.panic, say: () => 'the kernel panicked' },
  limit: { exit: EXIT.cycleLimit, say: (max) => `no prompt after ${max} cycles` },
  idle: { exit: EXIT.stopped, say: () => 'the guest is waiting for input' },
  exit: { exit: EXIT.stopped, say: (_, status) => `the machine exited (status ${status})` },
  shutdown: { exit: EXIT.stopped, say: () => 'the machine shut down (triple fault)' },
};

/** What the shell prints after a command that failed: `[exit status N]` or a death by signal. */
const FAILED = /^\[exit status \d+\]$|killed by signal \d+|^(Segmentation fault|Illegal instruction|Floating point exception|Killed|Terminated)/m;

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(RUN_SPEC, args);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const maxCycles = values['max-cycles'] === undefined ? 20_000_000_000 : wholeNumber('max-cycles', values['max-cycles'] as string, 1);
  if (typeof maxCycles === 'string') return usageError(RUN_SPEC, maxCycles);
  const bootOptions = bootOptionsFrom(RUN_SPEC, values);
  if (typeof bootOptions === 'number') return bootOptions;
  const read = nodeReader();
  const loaded = loadSystem(RUN_SPEC, (values.add as string[] | undefined) ?? [], read);
  if (typeof loaded === 'number') return loaded;
  const json = values.json === true;
  const traceFile = values['trace-file'] as string | undefined;
  const traceFormat = (values['trace-format'] as string | undefined) ?? (json ? 'json' : 'text');
  if (!['text', 'json', 'perfetto'].includes(traceFormat)) return usageError(RUN_SPEC, `--trace-format: '${traceFormat}' is not text, json or perfetto`);
  if (traceFormat === 'perfetto' && traceFile === undefined) return usageError(RUN_SPEC, '--trace-format perfetto writes a file: give --trace-file FILE');
  const tracing = values.trace === true || traceFile !== undefined;
  let traceStream: WriteStream | undefined;
  if (traceFile !== undefined) traceStream = createWriteStream(traceFile);
  const writeTrace = (text: string) => (traceStream ? traceStream.write(text) : process.stderr.write(text));

  const collected: ExportEvent[] = [];
  const booted = await boot(loaded.system, read, { ...bootOptions, trace: tracing, extraPrograms: loaded.extra });
  const session = new ShellSession(booted);
  const out = new LineWriter((text) => {
    const shown = symbolizePanic(text, booted.kernel);
    process.stdout.write(json ? jsonLine({ type: 'console', text: shown }) : shown);
  });
  session.onText = (text) => out.write(text);
  if (tracing) {
    const names: KernelNames = kernelNames(read);
    const ctx = { schema: names.events, states: names.states, syscalls: names.syscalls, readString: (va: number) => booted.machine.readCString(va, 128) };
    session.onEvents = (events) => {
      out.flush();
      if (traceFormat === 'perfetto') {
        for (const ev of events) collected.push({ ...decodeEvent(ev, ctx), id: collected.length + 1, cycle: ev.cycles, eip: ev.eip });
        return;
      }
      for (const ev of events) writeTrace(traceFormat === 'json' ? eventJson(ev, ctx) : describeEvent(ev, names, booted.machine) + '\n');
    };
  }
  let lastOutcome = 'prompt';
  const finish = (r: WaitResult, what: string): number => {
    out.flush();
    lastOutcome = r.outcome === 'limit' ? 'cycle-limit' : r.outcome;
    if (json && what !== 'booting') {
      process.stdout.write(jsonLine({ type: 'command', line: what, outcome: r.outcome, cycles: booted.machine.cycles }));
    }
    if (r.outcome === 'prompt') return EXIT.ok;
    const o = OUTCOMES[r.outcome];
    console.error(`\nglassbox run: ${what === 'booting' ? what : `'${what}'`}: ${o ? o.say(maxCycles, booted.machine.exitStatus) : r.outcome}`);
    return o?.exit ?? EXIT.stopped;
  };
  let code = finish(session.waitForPrompt(maxCycles), 'booting');
  let failedCommand = false;
  for (const line of (values.command as string[] | undefined) ?? []) {
    if (code !== EXIT.ok) break;
    const r = session.command(line, maxCycles);
    if (r.outcome === 'prompt' && FAILED.test(r.text)) failedCommand = true;
    code = finish(r, line);
  }
  if (code === EXIT.ok && failedCommand && values['fail-on-error']) code = EXIT.failed;
  if (json) {
    process.stdout.write(jsonLine({
      type: 'result', outcome: lastOutcome,
      exit: code, cycles: booted.machine.cycles, instructions: booted.machine.instret,
    }));
  } else if (code === EXIT.ok || code === EXIT.failed) {
    process.stdout.write('\n');
  }
  if (traceFormat === 'perfetto') {
    const clock = clockFromAbi(read('kernel/include/abi.h') ?? '');
    writeTrace(eventsToPerfetto(collected, { ...clock, dropped: booted.machine.eventsDropped }));
  }
  if (traceStream) await new Promise<void>((done) => traceStream!.end(done));
  return code;
}

/** Passes whole lines on (so backtrace lines can be symbolized); flush() passes the rest. */
export class LineWriter {
  private pending = '';
  constructor(private readonly sink: (text: string) => void) {}
  write(text: string): void {
    this.pending += text;
    const cut = this.pending.lastIndexOf('\n');
    if (cut < 0) return;
    this.sink(this.pending.slice(0, cut + 1));
    this.pending = this.pending.slice(cut + 1);
  }
  flush(): void {
    if (this.pending) this.sink(this.pending);
    this.pending = '';
  }
}
