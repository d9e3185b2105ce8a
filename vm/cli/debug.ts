// `glassbox debug`: the kernel under a gdb-like prompt that can go back.
//
//   glassbox debug [--add FILE ...] [--batch] [-ex CMD ...] [--session FILE]
//                  [--budget MiB] [--max-cycles N] [--quantum CYCLES] [--ram MiB]
//                  [--cmdline ARGS] [hardware flags]
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
import { parseArgs } from 'node:util';
import { boot } from '../host/boot.js';
import { kernelNames } from '../host/kernel-events.js';
import { Machine } from '../host/machine.js';
import { MachineError } from '../host/machine-error.js';
import { nodeReader, repoSystemBuild } from '../host/node-files.js';
import { BuildError } from '../host/system-build.js';
import { HardwareConfig, machineOptions, withKernelArgs } from '../host/hardware.js';
import { Debugger } from '../host/debug/debugger.js';
import { CommandHost, runCommand } from '../host/debug/commands.js';
import { SessionError, decodeSession, encodeSession } from '../host/timetravel/session-file.js';
import { stateHash } from '../host/timetravel/state.js';
import { hardwareFlags } from './hardware-flags.js';
import { addedPrograms, positive } from './run.js';

const HARDWARE = hardwareFlags('kernel');

const USAGE =
  'usage: glassbox debug [--add FILE ...] [--batch] [-ex CMD ...] [--session FILE] [--budget MiB] [--max-cycles N] ' +
  `[--quantum CYCLES] [--ram MiB] [--cmdline ARGS] ${HARDWARE.usage}`;

interface DebugArgs {
  add: string[];
  commands: string[];
  batch: boolean;
  session?: string;
  budgetMiB?: number;
  maxCycles?: number;
  quantum?: number;
  ramMiB?: number;
  cmdline?: string;
  hardware: HardwareConfig;
}

function parseDebugArgs(argv: string[]): DebugArgs | string | 'help' {
  // gdb spells it -ex; node's parser would read that as -e -x.
  const args = argv.map((a) => (a === '-ex' ? '--ex' : a));
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        add: { type: 'string', multiple: true },
        ex: { type: 'string', multiple: true },
        batch: { type: 'boolean' },
        session: { type: 'string' },
        budget: { type: 'string' },
        'max-cycles': { type: 'string' },
        quantum: { type: 'string' },
        ram: { type: 'string' },
        cmdline: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...HARDWARE.options,
      },
    }));
  } catch (e) {
    return (e as Error).message;
  }
  if (values.help) return 'help';
  const numbers = (['budget', 'max-cycles', 'quantum', 'ram'] as const).map((f) => positive(f, values[f]));
  const bad = numbers.find((n): n is string => typeof n === 'string');
  if (bad) return bad;
  const [budgetMiB, maxCycles, quantum, ramMiB] = numbers as (number | undefined)[];
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') return hardware;
  return {
    add: values.add ?? [], commands: values.ex ?? [], batch: values.batch ?? false, session: values.session,
    budgetMiB, maxCycles, quantum, ramMiB, cmdline: values.cmdline, hardware,
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
  if (parsed === 'help') {
    console.log(HARDWARE.help(USAGE));
    return 0;
  }
  if (typeof parsed === 'string') {
    console.error(`glassbox debug: ${parsed}\n${USAGE}`);
    return 2;
  }
  const read = nodeReader();
  const names = kernelNames(read);
  const recorder = parsed.budgetMiB ? { budgetBytes: parsed.budgetMiB * 2 ** 20 } : {};
  const print = (text: string) => process.stdout.write(text);
  let current: Current;
  try {
    current = parsed.session
      ? await fromSession(readFileSync(parsed.session), names, recorder, parsed.maxCycles, print)
      : await fromBoot(parsed, read, names, recorder, print);
  } catch (e) {
    if (e instanceof BuildError) console.error(`glassbox debug: build failed:\n${e.message}`);
    else if (e instanceof MachineError || e instanceof SessionError || (e instanceof Error && 'code' in e)) {
      console.error(`glassbox debug: ${e.message}`);
    } else throw e;
    return 1;
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
    if (await execute(line)) return failed ? 1 : 0;
  }
  if (parsed.batch) return failed ? 1 : 0;
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
  parsed: DebugArgs, read: ReturnType<typeof nodeReader>, names: ReturnType<typeof kernelNames>,
  recorder: { budgetBytes?: number }, print: (text: string) => void,
): Promise<Current> {
  const system = repoSystemBuild();
  const extra = addedPrograms(parsed.add, read);
  const booted = await boot(system, read, {
    ...machineOptions(parsed.hardware),
    trace: true, quantum: parsed.quantum, extraPrograms: extra, cmdline: withKernelArgs(parsed.hardware, parsed.cmdline),
    ramBytes: parsed.ramMiB ? parsed.ramMiB << 20 : undefined,
  });
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
  const machine = await Machine.create(s.machine);
  machine.restore(s.start);
  machine.onOutput = () => {}; // the session's console output was shown when it was recorded
  const dbg = new Debugger({ machine, kernel: s.kernel, programs: s.programs, names, recorder, maxCycles });
  dbg.rec.loadInputs(s.inputs);
  dbg.goTo(s.cycle);
  machine.onOutput = print;
  const hash = stateHash(machine);
  if (machine.cycles !== s.cycle || hash !== s.hash) {
    throw new SessionError(`the session replayed to cycle ${machine.cycles} with state ${hash}, not cycle ${s.cycle} with ${s.hash}`);
  }
  return { dbg, start: s.start, kernel: s.kernel, programs: s.programs };
}
