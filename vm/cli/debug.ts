// `glassbox debug`: the kernel under a gdb-like prompt that can go back.
//
//   glassbox debug [--add FILE ...] [--batch] [-ex CMD ...] [--session FILE] …
//   (DEBUG_SPEC lists the options)
//
// The machine stops at the kernel's first instruction (cycle 0) with the
// recorder on (vm/host/timetravel), so everything from boot on can be gone
// back to. Each -ex CMD runs in order; with --batch the debugger then
// exits (status 1 if a command failed), without it the prompt follows
// (node:readline). --session starts from a saved session instead of a
// boot. Commands and their output: vm/host/debug/commands.ts; `help` lists
// them. The guest's console output is printed as it comes. A bad command
// is one line on stderr; the session goes on.

import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { boot, BootOptions } from '../host/boot.js';
import { kernelNames } from '../host/kernel-events.js';
import { Machine } from '../host/machine.js';
import { MachineError } from '../host/machine-error.js';
import { nodeReader } from '../host/node-files.js';
import { Debugger } from '../host/debug/debugger.js';
import { CommandHost, runCommand } from '../host/debug/commands.js';
import { SessionError, decodeSession, encodeSession } from '../host/timetravel/session-file.js';
import { stateHash } from '../host/timetravel/state.js';
import { EXIT } from './exit-codes.js';
import { KERNEL_MACHINE_OPTIONS, bootOptionsFrom, loadSystem } from './kernel-machine.js';
import { CommandSpec, parseCommand, usageError, wholeNumber } from './options.js';

export const DEBUG_SPEC: CommandSpec = {
  name: 'debug',
  summary: 'The kernel under a gdb-like prompt that can go back: stopped at cycle 0, recording from boot on.',
  options: [
    { name: 'ex', kind: 'list', value: 'CMD', help: 'run a debugger command (gdb spells it -ex; given in order)' },
    { name: 'batch', kind: 'flag', help: 'exit after the -ex commands instead of prompting' },
    { name: 'session', kind: 'value', value: 'FILE', help: 'start from a saved session instead of a boot' },
    { name: 'budget', kind: 'value', value: 'MiB', help: 'memory for checkpoints (default 256)' },
    { name: 'max-cycles', kind: 'value', value: 'N', help: 'guest cycles a continue or a search may run (default 30000000000)' },
    ...KERNEL_MACHINE_OPTIONS,
  ],
  notes: `exit status: 0; 1 a build failed, a session could not be loaded, or (with --batch) a command failed; 2 usage.
  Commands: \`help\` at the prompt lists them (break, stepi, next, finish, continue and their reverse-
  twins, info registers|tlb|proc, x/Nx, backtrace, list, print, type, save, load, quit, …).`,
};

interface DebugArgs {
  add: string[];
  commands: string[];
  batch: boolean;
  session?: string;
  budgetMiB?: number;
  maxCycles?: number;
  boot: BootOptions;
}

function parseDebugArgs(argv: string[]): DebugArgs | number {
  // gdb spells it -ex; node's parser would read that as -e -x.
  const parsed = parseCommand(DEBUG_SPEC, argv.map((a) => (a === '-ex' ? '--ex' : a)));
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const budget = v.budget === undefined ? undefined : wholeNumber('budget', v.budget as string, 1, 1 << 16);
  if (typeof budget === 'string') return usageError(DEBUG_SPEC, budget);
  const maxCycles = v['max-cycles'] === undefined ? undefined : wholeNumber('max-cycles', v['max-cycles'] as string, 1);
  if (typeof maxCycles === 'string') return usageError(DEBUG_SPEC, maxCycles);
  const bootOptions = bootOptionsFrom(DEBUG_SPEC, v);
  if (typeof bootOptions === 'number') return bootOptions;
  return {
    add: (v.add as string[] | undefined) ?? [], commands: (v.ex as string[] | undefined) ?? [], batch: v.batch === true,
    session: v.session as string | undefined, budgetMiB: budget, maxCycles, boot: bootOptions,
  };
}

/** The debugger and what is needed to save it: the state where its recording began. */
interface Current {
  dbg: Debugger;
  start: Uint8Array;
  kernel: Uint8Array;
  programs: Map<string, Uint8Array>;
}

export async function debugCommand(argv: string[]): Promise<number> {
  const parsed = parseDebugArgs(argv);
  if (typeof parsed === 'number') return parsed;
  const read = nodeReader();
  const names = kernelNames(read);
  const recorder = parsed.budgetMiB ? { budgetBytes: parsed.budgetMiB * 2 ** 20 } : {};
  const print = (text: string) => process.stdout.write(text);
  let current: Current;
  try {
    if (parsed.session) {
      current = await fromSession(readFileSync(parsed.session), names, recorder, parsed.maxCycles, print);
    } else {
      const loaded = loadSystem(DEBUG_SPEC, parsed.add, read);
      if (typeof loaded === 'number') return loaded;
      current = await fromBoot(parsed, loaded.system, loaded.extra, read, names, recorder, print);
    }
  } catch (e) {
    if (e instanceof MachineError || e instanceof SessionError || (e instanceof Error && 'code' in e)) {
      console.error(`glassbox debug: ${e.message}`);
    } else throw e;
    return EXIT.failed;
  }
  const host: CommandHost = {
    get dbg() {
      return current.dbg;
    },
    read,
    save: (path) => {
      const { dbg } = current;
      const bytes = encodeSession({
        machine: dbg.m.options, cycle: dbg.m.cycles, hash: stateHash(dbg.m), inputs: dbg.rec.log.entries,
        start: current.start, kernel: current.kernel, programs: current.programs,
      });
      writeFileSync(path, bytes);
      return `saved ${path} (${bytes.length} bytes, cycle ${dbg.m.cycles}, ${dbg.rec.log.entries.length} inputs)`;
    },
  };
  let failed = false;
  const execute = async (line: string): Promise<boolean> => {
    try {
      const words = line.trim().split(/\s+/);
      if (words[0] === 'load') {
        if (words.length !== 2) throw new MachineError('usage: load SESSION');
        current = await fromSession(readFileSync(words[1]), names, recorder, parsed.maxCycles, print);
        print(`loaded ${words[1]}: cycle ${current.dbg.m.cycles}, state hash ${stateHash(current.dbg.m)} as saved\n`);
        print(current.dbg.where() + '\n');
        return false;
      }
      const r = runCommand(host, line);
      if (r.output) print(r.output + '\n');
      return r.quit ?? false;
    } catch (e) {
      if (!(e instanceof MachineError || e instanceof SessionError || (e instanceof Error && 'code' in e))) throw e;
      failed = true;
      console.error(`error: ${e.message}`);
      return false;
    }
  };
  for (const line of parsed.commands) {
    if (await execute(line)) return failed ? EXIT.failed : EXIT.ok;
  }
  if (parsed.batch) return failed ? EXIT.failed : EXIT.ok;
  print(current.dbg.where() + '\n');
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '(glassbox) ' });
  rl.prompt();
  for await (const line of rl) {
    if (await execute(line)) break;
    rl.prompt();
  }
  rl.close();
  return 0;
}

async function fromBoot(
  parsed: DebugArgs, system: { kernel: Uint8Array; programs: Map<string, Uint8Array> }, extra: Map<string, Uint8Array>,
  read: ReturnType<typeof nodeReader>, names: ReturnType<typeof kernelNames>,
  recorder: { budgetBytes?: number }, print: (text: string) => void,
): Promise<Current> {
  const booted = await boot(system, read, { ...parsed.boot, trace: true, extraPrograms: extra });
  const programs = new Map(system.programs);
  for (const [name, elf] of extra) programs.set(name, elf);
  booted.machine.onOutput = print;
  const start = booted.machine.snapshot();
  const dbg = new Debugger({ machine: booted.machine, kernel: system.kernel, programs, names, recorder, maxCycles: parsed.maxCycles });
  return { dbg, start, kernel: system.kernel, programs };
}

/** A debugger at a saved session's cycle, its state checked against the saved hash. */
async function fromSession(
  bytes: Uint8Array, names: ReturnType<typeof kernelNames>, recorder: { budgetBytes?: number },
  maxCycles: number | undefined, print: (text: string) => void,
): Promise<Current> {
  const s = decodeSession(bytes);
  const kernel = s.kernel;
  if (!kernel) throw new SessionError(`this session ran the bare program '${s.bare!.name}' (saved by the page); glassbox debug replays kernel sessions`);
  const machine = await Machine.create(s.machine);
  machine.restore(s.start);
  machine.onOutput = () => {}; // the session's console output was shown when it was recorded
  const dbg = new Debugger({ machine, kernel, programs: s.programs, names, recorder, maxCycles });
  dbg.rec.loadInputs(s.inputs);
  dbg.goTo(s.cycle);
  machine.onOutput = print;
  const hash = stateHash(machine);
  if (machine.cycles !== s.cycle || hash !== s.hash) {
    throw new SessionError(`the session replayed to cycle ${machine.cycles} with state ${hash}, not cycle ${s.cycle} with ${s.hash}`);
  }
  return { dbg, start: s.start, kernel, programs: s.programs };
}
