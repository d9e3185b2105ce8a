// `glassbox objdump -d|-t|-h|-f [-l] [-S] FILE...`: GNU objdump's views of a
// Glassbox executable (vm/asm/objdump.ts), which host objdump cannot
// disassemble. OBJDUMP_SPEC lists the options and the exit statuses.

import { readFileSync } from 'node:fs';
import { objdump } from '../asm/objdump.js';
import { EXIT } from './exit-codes.js';
import { CommandSpec, parseCommand, usageError } from './options.js';

export const OBJDUMP_SPEC: CommandSpec = {
  name: 'objdump',
  args: 'FILE...',
  positionals: { min: 1, max: 1000 },
  summary: "GNU objdump's views of a Glassbox executable, which host objdump cannot disassemble.",
  options: [
    { name: 'disassemble', short: 'd', kind: 'flag', help: 'disassemble the code sections, functions by name' },
    { name: 'line-numbers', short: 'l', kind: 'flag', help: 'with -d: the source file and line of each run of code' },
    { name: 'source', short: 'S', kind: 'flag', help: 'with -d: the source lines themselves (implies -d -l)' },
    { name: 'syms', short: 't', kind: 'flag', help: 'the symbol table' },
    { name: 'section-headers', short: 'h', kind: 'flag', help: 'the section headers' },
    { name: 'file-headers', short: 'f', kind: 'flag', help: 'the file header' },
  ],
  notes: 'exit status: 0; 1 a file cannot be read or is not a Glassbox ELF; 2 usage',
};

export async function objdumpCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(OBJDUMP_SPEC, args);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values as Record<string, boolean | undefined>;
  const opts = {
    disassemble: v.disassemble, lineNumbers: v['line-numbers'], source: v.source,
    syms: v.syms, headers: v['section-headers'], fileHeader: v['file-headers'],
    readSource: (path: string) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  if (!opts.disassemble && !opts.source && !opts.syms && !opts.headers && !opts.fileHeader) {
    return usageError(OBJDUMP_SPEC, 'say what to show: at least one of -d, -S, -t, -h, -f');
  }
  let status: number = EXIT.ok;
  for (const file of parsed.positionals) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      console.error(`glassbox objdump: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      status = EXIT.failed;
      continue;
    }
    const r = objdump(file, bytes, opts);
    if (!r.ok) {
      console.error(`glassbox objdump: ${r.error}`);
      status = EXIT.failed;
      continue;
    }
    process.stdout.write(r.text);
  }
  return status;
}
