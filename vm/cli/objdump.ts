// `glassbox objdump -d|-t|-h|-f [-l] [-S] FILE...`: GNU objdump's views of a
// Glassbox executable (vm/asm/objdump.ts), which host objdump cannot
// disassemble. Exit status: 0, 1 when a file cannot be read or is not a
// Glassbox ELF, 2 for a usage error.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { objdump } from '../asm/objdump.js';

const USAGE = `usage: glassbox objdump OPTION... FILE...
  -d, --disassemble       disassemble the code sections, functions by name
  -l, --line-numbers      with -d: the source file and line of each run of code
  -S, --source            with -d: the source lines themselves (implies -d -l)
  -t, --syms              the symbol table
  -h, --section-headers   the section headers
  -f, --file-headers      the file header
      --help              this text`;

export async function objdumpCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        disassemble: { type: 'boolean', short: 'd' },
        'line-numbers': { type: 'boolean', short: 'l' },
        source: { type: 'boolean', short: 'S' },
        syms: { type: 'boolean', short: 't' },
        'section-headers': { type: 'boolean', short: 'h' },
        'file-headers': { type: 'boolean', short: 'f' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    console.error(`glassbox objdump: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
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
    console.error(`glassbox objdump: say what to show: at least one of -d, -S, -t, -h, -f\n${USAGE}`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    console.error(`glassbox objdump: no FILE given\n${USAGE}`);
    return 2;
  }
  let status = 0;
  for (const file of parsed.positionals) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      console.error(`glassbox objdump: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      status = 1;
      continue;
    }
    const r = objdump(file, bytes, opts);
    if (!r.ok) {
      console.error(`glassbox objdump: ${r.error}`);
      status = 1;
      continue;
    }
    process.stdout.write(r.text);
  }
  return status;
}
