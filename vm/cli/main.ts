// The `glassbox` command: one dispatcher, one file per subcommand (COMMANDS).
//
// Each subcommand module exports `async (args: string[]) => exitCode` and a
// CommandSpec (options.ts) its parser and --help come from; they are
// imported lazily so a command only loads what it needs. `glassbox help CMD`
// is `glassbox CMD --help`. A command that runs the machine builds the core
// first when a fresh clone has none. Exit statuses: exit-codes.ts.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exit-codes.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Command {
  file: string;
  exportName: string;
  summary: string;
  /** It runs the machine, so the core must be built first. */
  core?: boolean;
}

const COMMANDS: Record<string, Command> = {
  bare: { file: './bare.js', exportName: 'bareCommand', summary: 'bare FILE.s|FILE.asm|FILE.c   run a program on the bare machine (no kernel)', core: true },
  debug: { file: './debug.js', exportName: 'debugCommand', summary: 'debug [--batch] [-ex CMD]...   the kernel under a gdb-like debugger that can go back', core: true },
  cc: { file: './cc.js', exportName: 'ccCommand', summary: 'cc FILE.c... -o OUT            build a user program (ELF32)' },
  objdump: { file: './objdump.js', exportName: 'objdumpCommand', summary: 'objdump -d|-t|-h|-f FILE...    disassemble, symbols, headers (as GNU objdump)' },
  run: { file: './run.js', exportName: 'runCommand', summary: 'run [-c LINE]... [--add FILE]  boot, type lines into the shell, print the console', core: true },
  shell: { file: './shell.js', exportName: 'shellCommand', summary: 'shell [--add FILE]...          boot into the shell in this terminal', core: true },
};

function usage(): string {
  return [
    'usage: glassbox COMMAND [OPTIONS] [ARGS]',
    '',
    ...Object.values(COMMANDS).map((c) => `  glassbox ${c.summary}`),
    '',
    'glassbox help COMMAND (or glassbox COMMAND --help) lists a command\'s options.',
    'Exit statuses are the same for every command (README, "Exit statuses").',
  ].join('\n');
}

/** The core, built on first use (a fresh clone has none): a line says why the wait. */
function ensureCore(): boolean {
  if (existsSync(join(REPO_ROOT, 'vm/core/build/glassbox.wasm'))) return true;
  process.stderr.write('glassbox: building the core (vm/core, first use)…\n');
  const r = spawnSync('npm', ['run', '-s', 'build:core'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status === 0) return true;
  console.error('glassbox: building the core failed; `npm run build:core` shows why');
  return false;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    console.error(usage());
    return EXIT.usage;
  }
  if (first === '-h' || first === '--help') {
    console.log(usage());
    return EXIT.ok;
  }
  const helpFor = first === 'help';
  const name = helpFor ? rest[0] : first;
  if (helpFor && name === undefined) {
    console.log(usage());
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`glassbox: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  if (command.core && !helpFor && !rest.includes('--help') && !ensureCore()) return EXIT.failed;
  const mod = (await import(command.file)) as Record<string, unknown>;
  const fn = mod[command.exportName] as (args: string[]) => Promise<number>;
  return fn(helpFor ? ['--help'] : rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // A bug in Glassbox itself, not in the guest program or the input: say so
    // in one line; GLASSBOX_DEBUG=1 shows where.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`glassbox: internal error: ${message.split('\n')[0]}`);
    if (process.env.GLASSBOX_DEBUG) console.error(err instanceof Error ? err.stack : err);
    else console.error('glassbox: this is a bug in Glassbox; GLASSBOX_DEBUG=1 prints the stack trace');
    process.exit(EXIT.internal);
  },
);
