// What goes into the browser's system image (see web/src/shared/image.ts):
// the kernel and /bin programs built by the same toolchain as `glassbox
// run`, the bare-machine demos, the headers the host reads, and every source
// file the line tables name (the generated kernel/vectors.s included). The
// generated headers (machine.h, asm-offsets.h) are not carried: vm/cc makes
// machine.h itself. For the Editor's builds it also carries what the compiler
// reads (compiler-files.ts): libc's sources, its headers, the kernel headers
// they include. Used by build-image.ts (the site build) and by
// the tests, which boot the very image the browser gets.

import { assembleAndLink, readElf } from '../../vm/asm/index.js';
import type { SourceReader } from '../../vm/host/header-defines.js';
import { KERNEL_INCLUDE } from '../../vm/host/manifest.js';
import { kernelReader } from '../../vm/host/system-build.js';
import type { SystemImage } from '../src/shared/image.js';
import { compilerTexts } from './compiler-files.js';

const HEADERS = ['bootinfo.h', 'trace.h', 'syscall.h', 'param.h'].map((h) => `${KERNEL_INCLUDE}/${h}`);
export const BARE_BASE = 0x0010_0000;

export interface ImageSources {
  read: SourceReader;
  /** Builds the kernel and the programs (vm/host/system-build.ts); may throw with the build's errors. */
  buildSystem: () => { kernel: Uint8Array; programs: Map<string, Uint8Array> };
  /** Repository paths of the bare-machine demos (assembly). */
  bareDemos: string[];
  /** libc's headers, relative to programs/libc/include (compiler-files.ts libcHeaderNames). */
  libcHeaders: string[];
}

export function buildSystemImage(src: ImageSources): { image: SystemImage; warnings: string[] } {
  const image: SystemImage = { programs: new Map(), bare: new Map(), texts: new Map() };
  const warnings: string[] = [];
  try {
    const system = src.buildSystem();
    image.kernel = system.kernel;
    for (const [name, elf] of system.programs) image.programs.set(name, elf);
  } catch (e) {
    image.kernelError = e instanceof Error ? e.message : String(e);
  }
  for (const path of src.bareDemos) {
    const text = src.read(path);
    if (text === undefined) {
      warnings.push(`${path}: missing`);
      continue;
    }
    const r = assembleAndLink([{ name: path, text }], { textBase: BARE_BASE, entry: '_start' });
    if (r.elf) image.bare.set(path.replace(/^.*\//, '').replace(/\.s$/, ''), r.elf);
    else warnings.push(...r.errors);
  }
  const paths = new Set(HEADERS);
  for (const bytes of [image.kernel, ...image.programs.values(), ...image.bare.values()]) {
    if (!bytes) continue;
    const parsed = readElf(bytes);
    if (parsed.ok) for (const l of parsed.elf.lines) paths.add(l.file);
  }
  // Generated sources (kernel/vectors.s) have line tables too: the code view shows their text.
  const read = kernelReader(src.read);
  for (const p of paths) {
    const text = read(p);
    if (text !== undefined) image.texts.set(p, text);
  }
  const compiler = compilerTexts(src.read, src.libcHeaders);
  warnings.push(...compiler.errors);
  for (const [p, text] of compiler.texts) image.texts.set(p, text);
  return { image, warnings };
}
