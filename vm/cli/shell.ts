// `glassbox shell` (npm run shell): boot into the Glassbox shell in this terminal.
//
// The terminal is put in raw mode and every key goes to the guest's console
// (its line discipline echoes, edits and turns Ctrl-C into SIGINT for the
// foreground program, Ctrl-D into end of file). Ctrl-] leaves, as in telnet.
// The machine runs in slices between terminal events; when the guest is idle
// (waiting for input with no timer running) nothing runs until a key comes.

import { basename } from 'node:path';
import { boot } from '../host/boot.js';
import { nodeReader, programFromFile, repoSystemBuild } from '../host/node-files.js';
import { BuildError } from '../host/system-build.js';

const QUIT_KEY = 0x1d; // Ctrl-]
const SLICE = 4_000_000;

export async function shellCommand(args: string[]): Promise<number> {
  const read = nodeReader();
  const added: string[] = [];
  let quantum: number | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--add' && i + 1 < args.length) {
      added.push(args[++i]);
    } else if (args[i] === '--quantum' && i + 1 < args.length) {
      quantum = Number(args[++i]);
    } else {
      console.error(`glassbox shell: unknown option '${args[i]}'\nusage: glassbox shell [--add FILE ...] [--quantum CYCLES]`);
      return 2;
    }
  }
  let system;
  const extra = new Map<string, Uint8Array>();
  try {
    system = repoSystemBuild();
    for (const file of added) extra.set(basename(file).replace(/\.[^.]*$/, ''), programFromFile(file, read));
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
  const { machine } = await boot(system, read, { extraPrograms: extra, quantum });
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
