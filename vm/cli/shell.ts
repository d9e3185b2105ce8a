// `glassbox shell` (npm run shell): boot into the Glassbox shell in this terminal.
//
// From a terminal, it is put in raw mode and every key goes to the guest's
// console (its line discipline echoes, edits and turns Ctrl-C into SIGINT
// for the foreground program, Ctrl-D into end of file); Ctrl-] leaves, as in
// telnet. From a pipe (`printf 'ls\n' | glassbox shell`), what arrives is
// typed into the console as fast as the console takes it, and the command
// ends when all of it has been read and the guest waits for more. The
// machine runs in slices between events; while the guest is idle (waiting
// for input with no timer running) nothing runs until input comes.

import { boot } from '../host/boot.js';
import type { Machine } from '../host/machine.js';
import { nodeReader } from '../host/node-files.js';
import { EXIT } from './exit-codes.js';
import { KERNEL_MACHINE_OPTIONS, bootOptionsFrom, loadSystem } from './kernel-machine.js';
import { CommandSpec, parseCommand } from './options.js';

const QUIT_KEY = 0x1d; // Ctrl-]
const SLICE = 4_000_000;

export const SHELL_SPEC: CommandSpec = {
  name: 'shell',
  summary: 'Boot into the Glassbox shell in this terminal (Ctrl-] quits); with piped input, type it and exit when it is consumed.',
  options: KERNEL_MACHINE_OPTIONS,
  notes: `exit status: 0 on Ctrl-], at the end of piped input, or when the guest exits; 1 a build failed
  or the machine halted or shut down; 2 usage`,
};

export async function shellCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(SHELL_SPEC, args);
  if (typeof parsed === 'number') return parsed;
  const bootOptions = bootOptionsFrom(SHELL_SPEC, parsed.values);
  if (typeof bootOptions === 'number') return bootOptions;
  const read = nodeReader();
  const loaded = loadSystem(SHELL_SPEC, (parsed.values.add as string[] | undefined) ?? [], read);
  if (typeof loaded === 'number') return loaded;
  const { machine } = await boot(loaded.system, read, { ...bootOptions, extraPrograms: loaded.extra });
  const terminal = process.stdin.isTTY === true;
  machine.onOutput = (text) => process.stdout.write(terminal ? text.replace(/\n/g, '\r\n') : text);
  if (terminal) process.stdout.write('[glassbox shell: Ctrl-] quits]\r\n');
  return drive(machine, terminal);
}

/** Run the machine, feeding it stdin, until the user quits, the input is used up, or the machine stops. */
function drive(machine: Machine, terminal: boolean): Promise<number> {
  const stdin = process.stdin;
  if (terminal) stdin.setRawMode(true);
  return new Promise<number>((resolveExit) => {
    let waiting = false;                 // the guest is idle: run again only when input arrives
    let done = false;
    let ended = false;                   // stdin has no more to give
    let pending = new Uint8Array(0);     // bytes the console has not taken yet
    const finish = (code: number, message?: string): void => {
      if (done) return;
      done = true;
      if (terminal) stdin.setRawMode(false);
      stdin.pause();
      if (message) process.stdout.write(terminal ? `\r\n${message}\r\n` : `\n${message}\n`);
      resolveExit(code);
    };
    const feed = (): void => {
      if (pending.length === 0) return;
      const taken = machine.input(pending);
      pending = pending.subarray(taken);
    };
    const step = (): void => {
      if (done) return;
      feed();
      const info = machine.run(SLICE);
      switch (info.reason) {
        case 'idle':
          feed();
          if (pending.length > 0) return void setImmediate(step);
          if (ended && !terminal) return finish(EXIT.ok);
          waiting = true;
          return;
        case 'halt':
          return finish(EXIT.failed, '[glassbox: the kernel stopped the machine]');
        case 'exit':
          return finish(EXIT.ok, `[glassbox: machine exited with status ${machine.exitStatus}]`);
        case 'shutdown':
          return finish(EXIT.failed, '[glassbox: the machine shut down (triple fault)]');
        default:
          setImmediate(step);
      }
    };
    const wake = (): void => {
      if (!waiting) return;
      waiting = false;
      setImmediate(step);
    };
    stdin.on('data', (chunk: Buffer) => {
      if (terminal && chunk.includes(QUIT_KEY)) return finish(EXIT.ok, '[glassbox: bye]');
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      pending = joined;
      wake();
    });
    stdin.on('end', () => {
      ended = true;
      if (terminal) return finish(EXIT.ok);
      wake();
    });
    stdin.resume();
    setImmediate(step);
  });
}
