// `glassbox run`: boot the kernel, type lines into its shell, print the console.
//
//   glassbox run [--add FILE ...] [-c LINE ...] [--trace] [--quantum CYCLES]
//                [--ram MiB] [--max-cycles N] [--cmdline 'KERNEL ARGS']
//
// Boots, waits for the shell's prompt, then for each -c LINE types it and
// waits for the next prompt, so each command finishes before the next
// starts. --add installs a program into /bin under its base name (a .c file
// is compiled first; anything else must be an ELF executable). --trace
// prints every kernel event (fork, exec, exit, state changes, the seven
// switch steps) and machine event (interrupts, iret, CR3 writes, TLB
// flushes), one per line, between the console output. --cmdline passes the
// kernel command line (init=PATH, quiet, trace_syscalls=1). Exits 0, or 1 on a
// kernel panic (the backtrace symbolized), a guest that stops or waits for
// input instead of prompting, or when --max-cycles (per command) run out.
// The hardware flags (--tlb-entries, --tlb-ways, --tlb-policy, --cost) choose
// the machine, --pcid and --global-pages how the kernel uses its TLB (added
// to the kernel command line); see vm/host/hardware.ts. A bad value is a
// one-line error, exit 2.

import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { boot } from '../host/boot.js';
import { describeEvent, kernelNames } from '../host/kernel-events.js';
import { nodeReader, programFromFile, repoSystemBuild } from '../host/node-files.js';
import { symbolizePanic } from '../host/panic.js';
import { ShellSession, WaitResult } from '../host/shell-session.js';
import { BuildError, SystemBuild } from '../host/system-build.js';
import { HardwareConfig, machineOptions, withKernelArgs } from '../host/hardware.js';
import { hardwareFlags } from './hardware-flags.js';

const HARDWARE = hardwareFlags('kernel');

interface RunArgs {
  add: string[];
  lines: string[];
  trace: boolean;
  quantum?: number;
  ramMiB?: number;
  maxCycles: number;
  cmdline?: string;
  hardware: HardwareConfig;
}

const USAGE =
  'usage: glassbox run [--add FILE ...] [-c LINE ...] [--trace] [--quantum CYCLES] [--ram MiB] [--max-cycles N] ' +
  `[--cmdline ARGS] ${HARDWARE.usage}`;

/** A positive whole number, or an error message (also `debug`'s). */
export function positive(flag: string, text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : `--${flag}: '${text}' is not a positive number`;
}

/** Returned by the parser for --help: printed to stdout, exit 0. */
const HELP = 'help';

function parseRunArgs(args: string[]): RunArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        add: { type: 'string', multiple: true },
        command: { type: 'string', short: 'c', multiple: true },
        trace: { type: 'boolean' },
        quantum: { type: 'string' },
        ram: { type: 'string' },
        'max-cycles': { type: 'string' },
        cmdline: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...HARDWARE.options,
      },
    }));
  } catch (e) {
    return (e as Error).message;
  }
  if (values.help) return HELP;
  const numbers = (['quantum', 'ram', 'max-cycles'] as const).map((f) => positive(f, values[f]));
  const bad = numbers.find((n): n is string => typeof n === 'string');
  if (bad) return bad;
  const [quantum, ramMiB, maxCycles] = numbers as (number | undefined)[];
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') return hardware;
  return {
    add: values.add ?? [], lines: values.command ?? [], trace: values.trace ?? false, quantum, ramMiB,
    maxCycles: maxCycles ?? 20_000_000_000, cmdline: values.cmdline, hardware,
  };
}

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseRunArgs(args);
  if (parsed === HELP) {
    console.log(HARDWARE.help(USAGE));
    return 0;
  }
  if (typeof parsed === 'string') {
    console.error(`glassbox run: ${parsed}\n${USAGE}`);
    return 2;
  }
  const read = nodeReader();
  let system: SystemBuild;
  const extra = new Map<string, Uint8Array>();
  try {
    system = repoSystemBuild();
    for (const [name, elf] of addedPrograms(parsed.add, read)) extra.set(name, elf);
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`glassbox run: build failed:\n${e.message}`);
      return 1;
    }
    if (e instanceof Error && 'code' in e) {
      console.error(`glassbox run: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const booted = await boot(system, read, {
    ...machineOptions(parsed.hardware),
    trace: parsed.trace, quantum: parsed.quantum, extraPrograms: extra, cmdline: withKernelArgs(parsed.hardware, parsed.cmdline),
    ramBytes: parsed.ramMiB ? parsed.ramMiB << 20 : undefined,
  });
  const session = new ShellSession(booted);
  const out = new LineWriter((line) => process.stdout.write(symbolizePanic(line, booted.kernel)));
  session.onText = (text) => out.write(text);
  if (parsed.trace) {
    const names = kernelNames(read);
    session.onEvents = (events) => {
      out.flush();
      for (const ev of events) process.stdout.write(describeEvent(ev, names, booted.machine) + '\n');
    };
  }
  const finish = (r: WaitResult, what: string): number => {
    out.flush();
    if (r.outcome === 'prompt') return 0;
    const why: Record<string, string> = {
      panic: 'the kernel panicked',
      limit: `no prompt after ${parsed.maxCycles} cycles`,
      idle: 'the guest is waiting for input',
      exit: `the machine exited (status ${booted.machine.exitStatus})`,
      shutdown: 'the machine shut down (triple fault)',
    };
    console.error(`\nglassbox run: ${what}: ${why[r.outcome] ?? r.outcome}`);
    return 1;
  };
  let code = finish(session.waitForPrompt(parsed.maxCycles), 'booting');
  for (const line of parsed.lines) {
    if (code !== 0) break;
    code = finish(session.command(line, parsed.maxCycles), `'${line}'`);
  }
  if (code === 0) process.stdout.write('\n');
  return code;
}

/** The --add files as programs for /bin, by base name (C sources compiled first; also `debug`'s). */
export function addedPrograms(files: string[], read: ReturnType<typeof nodeReader>): Map<string, Uint8Array> {
  return new Map(files.map((file) => [basename(file).replace(/\.[^.]*$/, ''), programFromFile(file, read)]));
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
