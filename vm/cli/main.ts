// The `glassbox` command: one dispatcher, one file per subcommand.
//
//   glassbox bare FILE.s|FILE.c   run a program on the bare machine (no kernel)
//   glassbox cc FILE.c -o OUT     build a user program
//   glassbox run [...]            boot the kernel, type commands, print the console
//   glassbox debug [...]          the kernel under a gdb-like prompt, with reverse verbs
//   glassbox shell                boot into the shell in this terminal
//
// Each subcommand module exports `async (args: string[]) => exitCode`; they are
// imported lazily so a command only loads what it needs.

const COMMANDS: Record<string, { file: string; exportName: string; summary: string }> = {
  bare: { file: './bare.js', exportName: 'bareCommand', summary: 'bare FILE.s|FILE.c [--max-cycles N] [--trace] [--regs]   run on the bare machine' },
  cc: { file: './cc.js', exportName: 'ccCommand', summary: 'cc FILE.c... -o OUT                                     build a user program (ELF32)' },
  run: { file: './run.js', exportName: 'runCommand', summary: 'run [--add FILE ...] [-c LINE ...] [--trace]              boot, type lines into the shell, print the console' },
  debug: { file: './debug.js', exportName: 'debugCommand', summary: 'debug [--add FILE ...] [--batch] [-ex CMD ...]           a gdb-like debugger that can go back' },
  shell: { file: './shell.js', exportName: 'shellCommand', summary: 'shell                                                   boot into the shell in this terminal' },
};

function usage(): string {
  return ['usage: glassbox COMMAND [ARGS]', '', ...Object.values(COMMANDS).map((c) => `  glassbox ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`glassbox: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(command.file)) as Record<string, unknown>;
  } catch (err) {
    console.error(`glassbox: the '${name}' command is not available in this build: ${(err as Error).message}`);
    return 2;
  }
  const fn = mod[command.exportName] as (args: string[]) => Promise<number>;
  return fn(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    // A bug in Glassbox itself, not in the guest program: say so plainly.
    console.error(`glassbox: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(70);
  },
);
