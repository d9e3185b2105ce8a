// Building the system: the manifest's sources through the C compiler and the
// assembler into the kernel ELF and the /bin programs.
//
// Used by the CLI (`glassbox run`, `shell`), the web's image builder and the
// tests alike. Sources come in through a SourceReader, so nothing here
// touches the file system. Every error of a build is collected and thrown
// together as one BuildError.

import { assembleAndLink } from '../asm/index.js';
import { buildProgram as ccBuildProgram, compileKernelSource, prepareAssembly } from '../cc/build.js';
import type { DebugInfo } from '../cc/debuginfo.js';
import { withGeneratedHeaders } from '../cc/generated-headers.js';
import { ASM_OFFSETS_HEADER, asmOffsets, asmOffsetsHeader } from './asm-offsets.js';
import type { SourceReader } from './header-defines.js';
import {
  ASM_OFFSETS, KERNEL_ENTRY, KERNEL_GENERATED, KERNEL_INCLUDE_PATHS, KERNEL_SOURCES, KERNEL_TEXT_BASE, PROGRAMS,
  programSources,
} from './manifest.js';
import { KERNBASE } from './kernel-view.js';

export interface SystemBuild {
  kernel: Uint8Array;
  programs: Map<string, Uint8Array>;
}

export class BuildError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.slice(0, 20).join('\n') + (errors.length > 20 ? `\n… and ${errors.length - 20} more` : ''));
  }
}

/** The kernel's sources by path: the repository's, with the generated ones (KERNEL_GENERATED) made here. */
export function kernelReader(read: SourceReader): SourceReader {
  return (path) => (KERNEL_GENERATED[path] ? KERNEL_GENERATED[path]() : read(path));
}

/**
 * Compile and link the kernel. Throws BuildError with every message.
 *
 * The C files are compiled first: their debug info gives the struct offsets
 * the assembly includes (asm-offsets.h). Then every .s file goes through the
 * preprocessor, and everything is linked in the manifest's order.
 */
export function buildKernel(read: SourceReader): Uint8Array {
  const sources = readKernelSources(kernelReader(read));
  const compiled = compileKernelC(sources, read);
  const offsets = asmOffsets(compiled.debug, ASM_OFFSETS);
  const errors = [...sources.errors, ...compiled.errors, ...offsets.errors];
  if (errors.length) throw new BuildError(errors);
  const withOffsets = withGeneratedHeaders(read, { [ASM_OFFSETS_HEADER]: asmOffsetsHeader(offsets.defines) });
  const files: AsmSource[] = [];
  for (const { path, text } of sources.files) {
    if (!path.endsWith('.s')) {
      files.push(compiled.asm.get(path)!);
      continue;
    }
    const r = prepareAssembly(path, text, withOffsets, KERNEL_INCLUDE_PATHS);
    errors.push(...r.errors);
    if (r.file) files.push(r.file);
  }
  if (errors.length) throw new BuildError(errors);
  const linked = assembleAndLink(files, { textBase: KERNEL_TEXT_BASE, physOffset: KERNBASE, entry: KERNEL_ENTRY });
  if (!linked.elf) throw new BuildError(linked.errors);
  return linked.elf;
}

interface AsmSource {
  name: string;
  text: string;
  source?: string;
}

/** Every file of KERNEL_SOURCES, in order; the missing ones as errors. */
function readKernelSources(read: SourceReader): { files: { path: string; text: string }[]; errors: string[] } {
  const files: { path: string; text: string }[] = [];
  const errors: string[] = [];
  for (const path of KERNEL_SOURCES) {
    const text = read(path);
    if (text === undefined) errors.push(`${path}: missing`);
    else files.push({ path, text });
  }
  return { files, errors };
}

/** The kernel's C files compiled to assembly (by C path), with their debug info. */
function compileKernelC(sources: { files: { path: string; text: string }[] }, read: SourceReader) {
  const asm = new Map<string, AsmSource>();
  const debug: DebugInfo[] = [];
  const errors: string[] = [];
  const readFile = withGeneratedHeaders(read);
  for (const { path, text } of sources.files) {
    if (path.endsWith('.s')) continue;
    const r = compileKernelSource(path, text, readFile, KERNEL_INCLUDE_PATHS);
    errors.push(...r.errors);
    if (r.asm !== undefined) asm.set(path, { name: path.replace(/\.c$/, '.s'), text: r.asm });
    if (r.debug) debug.push(r.debug);
  }
  return { asm, debug, errors };
}

/** A user program from its sources (C and assembly), linked with libc for the kernel. Throws BuildError. */
export function buildUserProgram(sources: { path: string; text: string }[], read: SourceReader): Uint8Array {
  const r = ccBuildProgram({ sources, runtime: 'kernel', readFile: read });
  if (!r.elf) throw new BuildError(r.errors);
  return r.elf;
}

/** Build one program of the manifest by name (its C files, and NAME.s when it exists). Throws BuildError. */
export function buildProgram(read: SourceReader, name: string): Uint8Array {
  const paths = programSources(name);
  const sources: { path: string; text: string }[] = [];
  const missing: string[] = [];
  for (const path of paths.c) {
    const text = read(path);
    if (text === undefined) missing.push(`${path}: missing`);
    else sources.push({ path, text });
  }
  if (missing.length) throw new BuildError(missing);
  const asm = read(paths.asm);
  if (asm !== undefined) sources.push({ path: paths.asm, text: asm });
  return buildUserProgram(sources, read);
}

/** The kernel and every program in PROGRAMS. Throws BuildError with all their messages. */
export function buildSystem(read: SourceReader): SystemBuild {
  const errors: string[] = [];
  const collect = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      errors.push(...e.errors);
      return undefined;
    }
  };
  const kernel = collect(() => buildKernel(read));
  const programs = new Map<string, Uint8Array>();
  for (const name of PROGRAMS) {
    const elf = collect(() => buildProgram(read, name));
    if (elf) programs.set(name, elf);
  }
  if (errors.length || !kernel) throw new BuildError(errors);
  return { kernel, programs };
}
