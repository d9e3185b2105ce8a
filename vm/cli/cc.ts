// `glassbox cc FILE.c... [-o OUT]`: build a user program for the Glassbox
// kernel (an ELF32 executable linked at 0x08048000 with libc's kernel
// back-end). Also the C path of `glassbox bare FILE.c` (buildBare).
//
//   -o OUT         output file (default: a.out)
//   -S             write the assembly of each .c file next to OUT instead of linking
//   --bare         link for the bare machine instead of the kernel
//   -I DIR         add an include directory
//   -D NAME[=VAL]  define a macro
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

interface CcArgs {
  files: string[];
  out: string;
  asmOnly: boolean;
  bare: boolean;
  includes: string[];
  defines: Record<string, string>;
}

function parseCcArgs(args: string[]): CcArgs | string {
  const a: CcArgs = { files: [], out: 'a.out', asmOnly: false, bare: false, includes: [], defines: {} };
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    const value = (): string | undefined => (x.length > 2 ? x.slice(2) : args[++i]);
    if (x === '-o') {
      const v = args[++i];
      if (!v) return 'option -o needs a file name';
      a.out = v;
    } else if (x === '-S') a.asmOnly = true;
    else if (x === '--bare') a.bare = true;
    else if (x.startsWith('-I')) {
      const v = value();
      if (!v) return 'option -I needs a directory';
      a.includes.push(v);
    } else if (x.startsWith('-D')) {
      const v = value();
      if (!v) return 'option -D needs NAME[=VALUE]';
      const eq = v.indexOf('=');
      if (eq < 0) a.defines[v] = '1';
      else a.defines[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (x === '-h' || x === '--help') return 'help';
    else if (x.startsWith('-')) return `unknown option '${x}'`;
    else a.files.push(x);
  }
  if (a.files.length === 0) return 'no input files';
  return a;
}

const USAGE = 'usage: glassbox cc FILE.c|FILE.s... [-o OUT] [-S] [--bare] [-I DIR] [-D NAME[=VALUE]]';

export async function ccCommand(args: string[]): Promise<number> {
  const parsed = parseCcArgs(args);
  if (typeof parsed === 'string') {
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    console.error(`glassbox cc: ${parsed}\n${USAGE}`);
    return 2;
  }
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
