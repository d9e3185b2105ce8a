// `glassbox cc FILE.c... [-o OUT]`: build a user program for the Glassbox
// kernel (an ELF32 executable linked at 0x08048000 with libc's kernel
// back-end). Also the C path of `glassbox bare FILE.c` (buildBare). CC_SPEC
// lists the options (-o, -S, --bare, -I, -D, as cc spells them).
//
// Files are read from disk here; the compiler itself (vm/cc) never touches
// the file system. Include paths and libc files are resolved relative to the
// current directory first, then to the repository root.

import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { BuildResult, buildProgram } from '../cc/build.js';
import { LIBC_INCLUDE } from '../cc/libc.js';
import { compile } from '../cc/compile.js';
import { REPO_ROOT } from '../host/node-files.js';
import { CommandSpec, OptionValues, parseCommand } from './options.js';

/** Reads paths from disk: as given, then relative to the repository root. */
export function diskReader(path: string): string | undefined {
  const candidates = isAbsolute(path) ? [path] : [path, join(REPO_ROOT, path)];
  for (const p of candidates) {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      // try the next
    }
  }
  return undefined;
}

/** Compile one C file for the bare machine (used by `glassbox bare FILE.c`). */
export function buildBare(path: string, text: string, readFile: (p: string) => string | undefined): { elf?: Uint8Array; errors: string[] } {
  const read = (p: string) => readFile(p) ?? diskReader(p);
  const r = buildProgram({ sources: [{ path, text }], runtime: 'bare', readFile: read });
  return { elf: r.elf, errors: r.errors };
}

export const CC_SPEC: CommandSpec = {
  name: 'cc',
  args: 'FILE.c|FILE.s...',
  positionals: { min: 1, max: 1000 },
  summary: 'Build a user program for the Glassbox kernel: an ELF32 executable linked at 0x08048000 with libc.',
  options: [
    { name: 'output', short: 'o', kind: 'value', value: 'OUT', help: 'the output file (default a.out)' },
    { name: 'asm', short: 'S', kind: 'flag', help: 'write the assembly of each .c file instead of linking' },
    { name: 'bare', kind: 'flag', help: 'link for the bare machine instead of the kernel' },
    { name: 'include', short: 'I', kind: 'list', value: 'DIR', help: 'add an include directory' },
    { name: 'define', short: 'D', kind: 'list', value: 'NAME[=VALUE]', help: 'define a macro' },
  ],
  notes: 'exit status: 0 built; 1 errors (as file:line:col on stderr) or a file that cannot be read or written; 2 usage',
};

interface CcArgs {
  files: string[];
  out: string;
  asmOnly: boolean;
  bare: boolean;
  includes: string[];
  defines: Record<string, string>;
}

function ccArgs(values: OptionValues, files: string[]): CcArgs {
  const defines: Record<string, string> = {};
  for (const d of (values.define as string[] | undefined) ?? []) {
    const eq = d.indexOf('=');
    if (eq < 0) defines[d] = '1';
    else defines[d.slice(0, eq)] = d.slice(eq + 1);
  }
  return {
    files, out: (values.output as string | undefined) ?? 'a.out', asmOnly: values.asm === true, bare: values.bare === true,
    includes: (values.include as string[] | undefined) ?? [], defines,
  };
}

export async function ccCommand(args: string[]): Promise<number> {
  const cmd = parseCommand(CC_SPEC, args);
  if (typeof cmd === 'number') return cmd;
  const parsed = ccArgs(cmd.values, cmd.positionals);
  const sources: { path: string; text: string }[] = [];
  for (const f of parsed.files) {
    try {
      sources.push({ path: f, text: readFileSync(f, 'utf8') });
    } catch (e) {
      console.error(`glassbox cc: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 1;
    }
  }
  if (parsed.asmOnly) {
    let failed = false;
    for (const src of sources) {
      if (!src.path.endsWith('.c')) continue;
      const c = compile(src.path, src.text, {
        includePaths: [...parsed.includes, LIBC_INCLUDE],
        readFile: diskReader,
        defines: parsed.defines,
      });
      for (const e of c.errors) console.error(e);
      if (c.asm === undefined) {
        failed = true;
        continue;
      }
      const out = sources.length === 1 && parsed.out !== 'a.out' ? parsed.out : src.path.replace(/\.c$/, '') + '.s';
      writeFileSync(out, c.asm);
    }
    return failed ? 1 : 0;
  }
  const r: BuildResult = buildProgram({
    sources,
    runtime: parsed.bare ? 'bare' : 'kernel',
    readFile: diskReader,
    includePaths: parsed.includes,
    defines: parsed.defines,
  });
  if (!r.elf) {
    for (const e of r.errors) console.error(e);
    return 1;
  }
  try {
    writeFileSync(parsed.out, r.elf, { mode: 0o755 });
  } catch (e) {
    console.error(`glassbox cc: cannot write ${parsed.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 1;
  }
  return 0;
}
