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

import { basename } from 'node:path';
import { boot } from '../host/boot.js';
import { describeEvent, kernelNames } from '../host/kernel-events.js';
import { nodeReader, programFromFile, repoSystemBuild } from '../host/node-files.js';
import { symbolizePanic } from '../host/panic.js';
import { ShellSession, WaitResult } from '../host/shell-session.js';
import { BuildError, SystemBuild } from '../host/system-build.js';

interface RunArgs {
  add: string[];
  lines: string[];
  trace: boolean;
  quantum?: number;
  ramMiB?: number;
  maxCycles: number;
  cmdline?: string;
}

function parseArgs(args: string[]): RunArgs | string {
  const out: RunArgs = { add: [], lines: [], trace: false, maxCycles: 20_000_000_000 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => (i + 1 < args.length ? args[++i] : undefined);
    if (a === '--trace') out.trace = true;
    else if (a === '--add' || a === '-c' || a === '--quantum' || a === '--ram' || a === '--max-cycles' || a === '--cmdline') {
      const v = value();
      if (v === undefined) return `${a} needs a value`;
      if (a === '--add') out.add.push(v);
      else if (a === '-c') out.lines.push(v);
      else if (a === '--cmdline') out.cmdline = v;
      else {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) return `${a}: '${v}' is not a positive number`;
        if (a === '--quantum') out.quantum = Math.floor(n);
        else if (a === '--ram') out.ramMiB = Math.floor(n);
        else out.maxCycles = Math.floor(n);
      }
    } else return `unknown option '${a}'`;
  }
  return out;
}

const USAGE =
  'usage: glassbox run [--add FILE ...] [-c LINE ...] [--trace] [--quantum CYCLES] [--ram MiB] [--max-cycles N] [--cmdline ARGS]';

export async function runCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`glassbox run: ${parsed}\n${USAGE}`);
    return 2;
  }
  const read = nodeReader();
  let system: SystemBuild;
  const extra = new Map<string, Uint8Array>();
  try {
    system = repoSystemBuild();
    for (const file of parsed.add) extra.set(basename(file).replace(/\.[^.]*$/, ''), programFromFile(file, read));
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
    trace: parsed.trace, quantum: parsed.quantum, extraPrograms: extra, cmdline: parsed.cmdline,
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
