// `glassbox shell` (npm run shell): boot into the Glassbox shell in this terminal.
//
// The terminal is put in raw mode and every key goes to the guest's console
// (its line discipline echoes, edits and turns Ctrl-C into SIGINT for the
// foreground program, Ctrl-D into end of file). Ctrl-] leaves, as in telnet.
// The machine runs in slices between terminal events; when the guest is idle
// (waiting for input with no timer running) nothing runs until a key comes.

import { parseArgs } from 'node:util';
import { boot } from '../host/boot.js';
import { machineOptions, withKernelArgs } from '../host/hardware.js';
import { hardwareFlags } from './hardware-flags.js';

const HARDWARE = hardwareFlags('kernel');
import { nodeReader, programFromFile, repoSystemBuild } from '../host/node-files.js';
import { BuildError } from '../host/system-build.js';

const QUIT_KEY = 0x1d; // Ctrl-]
const USAGE = `usage: glassbox shell [--add FILE ...] [--quantum CYCLES] ${HARDWARE.usage}`;
const SLICE = 4_000_000;

export async function shellCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        add: { type: 'string', multiple: true },
        quantum: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...HARDWARE.options,
      },
    }));
  } catch (e) {
    console.error(`glassbox shell: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(HARDWARE.help(USAGE));
    return 0;
  }
  const quantum = values.quantum === undefined ? undefined : Number(values.quantum);
  if (quantum !== undefined && !(Number.isInteger(quantum) && quantum > 0)) {
    console.error(`glassbox shell: --quantum: '${values.quantum}' is not a positive whole number`);
    return 2;
  }
  const hardware = HARDWARE.config(values);
  if (typeof hardware === 'string') {
    console.error(`glassbox shell: ${hardware}`);
    return 2;
  }
  const read = nodeReader();
  const added = values.add ?? [];
  let system;
  const extra = new Map<string, Uint8Array>();
  try {
    system = repoSystemBuild(undefined, () => process.stderr.write('glassbox: building the kernel and /bin (cached for next time)…\n'));
    for (const file of added) {
      const program = programFromFile(file, read);
      extra.set(program.name, program.elf);
    }
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`glassbox shell: build failed:\n${e.message}`);
      return 1;
    }
    if (e instanceof Error && 'code' in e) {
      console.error(`glassbox shell: ${e.message}`); // a file that cannot be read
      return 1;
    }
    throw e;
  }
  const { machine } = await boot(system, read, {
    ...machineOptions(hardware), extraPrograms: extra, quantum, cmdline: withKernelArgs(hardware),
  });
  machine.onOutput = (text) => process.stdout.write(text.replace(/\n/g, '\r\n'));
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  process.stdout.write('[glassbox shell: Ctrl-] quits]\r\n');

  return new Promise<number>((resolveExit) => {
    let waiting = false;       // the guest is idle: run again only when input arrives
    let done = false;
    const finish = (code: number, message?: string): void => {
      if (done) return;
      done = true;
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      if (message) process.stdout.write(`\r\n${message}\r\n`);
      resolveExit(code);
    };
    const step = (): void => {
      if (done) return;
      const info = machine.run(SLICE);
      switch (info.reason) {
        case 'idle':
          waiting = true;
          return;
        case 'halt':
          return finish(1, '[glassbox: the kernel stopped the machine]');
        case 'exit':
          return finish(0, `[glassbox: machine exited with status ${machine.exitStatus}]`);
        case 'shutdown':
          return finish(1, '[glassbox: the machine shut down (triple fault)]');
        default:
          setImmediate(step);
      }
    };
    stdin.on('data', (chunk: Buffer) => {
      if (chunk.includes(QUIT_KEY)) return finish(0, '[glassbox: bye]');
      machine.input(new Uint8Array(chunk));
      if (waiting) {
        waiting = false;
        setImmediate(step);
      }
    });
    stdin.on('end', () => finish(0));
    stdin.resume();
    setImmediate(step);
  });
}
