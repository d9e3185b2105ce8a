// What the C compiler needs to build a user program in the browser, found
// by watching it: every libc source the 'kernel' runtime links with
// (vm/cc/libc.ts's list), every header under programs/libc/include (shown
// in the Editor as /usr/include), and whatever those include in turn (the
// kernel headers libc reaches with "../../../kernel/include/..."). Each libc
// file is compiled (or preprocessed) once here with a reader that records
// what it was asked for, so the list cannot drift from the sources. The
// generated headers (machine.h) are not recorded: vm/cc makes them itself.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { prepareAssembly } from '../../vm/cc/build.js';
import { compile } from '../../vm/cc/compile.js';
import { GENERATED_INCLUDE, withGeneratedHeaders } from '../../vm/cc/generated-headers.js';
import { LIBC_INCLUDE, libcSourcePaths } from '../../vm/cc/libc.js';
import type { SourceReader } from '../../vm/host/header-defines.js';

/** The headers under programs/libc/include, relative to it (`stdio.h`, `sys/wait.h`), sorted. */
export function libcHeaderNames(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else if (name.endsWith('.h')) out.push(`${prefix}${name}`);
    }
  };
  walk(join(root, LIBC_INCLUDE), '');
  return out;
}

/**
 * The repository paths (and texts) a kernel-runtime build reads: libc's
 * sources, the given headers and everything they include. Errors are
 * returned, not thrown: the image still builds without the editor's files.
 */
export function compilerTexts(read: SourceReader, headers: string[]): { texts: Map<string, string>; errors: string[] } {
  const texts = new Map<string, string>();
  const recording: SourceReader = (p) => {
    const t = read(p);
    if (t !== undefined) texts.set(p, t);
    return t;
  };
  const reader = withGeneratedHeaders(recording);
  const includePaths = [LIBC_INCLUDE, GENERATED_INCLUDE];
  const errors: string[] = [];
  for (const path of libcSourcePaths('kernel')) {
    const text = reader(path);
    if (text === undefined) {
      errors.push(`${path}: missing`);
      continue;
    }
    if (path.endsWith('.s')) errors.push(...prepareAssembly(path, text, reader, [LIBC_INCLUDE]).errors);
    else errors.push(...compile(path, text, { includePaths, readFile: reader }).errors);
  }
  for (const h of headers) {
    const probe = compile(`probe-${h.replace(/\W/g, '_')}.c`, `#include <${h}>\n`, { includePaths, readFile: reader });
    errors.push(...probe.errors);
    if (reader(`${LIBC_INCLUDE}/${h}`) === undefined) errors.push(`${LIBC_INCLUDE}/${h}: missing`);
  }
  return { texts, errors };
}
