// Shared helpers for the C compiler's tests: build a C program for the bare
// machine (with libc read from this checkout) and run it.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildResult, buildProgram } from '../../vm/cc/build.js';
import { CompileResult, compile } from '../../vm/cc/compile.js';
import { runBare } from '../../vm/host/bare.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Reads repository-relative or absolute paths; undefined when missing. */
export function diskRead(path: string): string | undefined {
  try {
    return readFileSync(path.startsWith('/') ? path : join(REPO_ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Build one C file for the bare machine. */
export function buildC(text: string, path = 'test.c', extra: { path: string; text: string }[] = []): BuildResult {
  return buildProgram({ sources: [{ path, text }, ...extra], runtime: 'bare', readFile: diskRead });
}

export function compileC(text: string, path = 'test.c'): CompileResult {
  return compile(path, text, { includePaths: ['programs/libc/include'], readFile: diskRead });
}

export interface RunResult {
  stdout: string;
  status: number;
  stop: string;
  instret: number;
  cycles: number;
}

/** Build and run a C program; throws with the compiler's messages when it does not build. */
export async function runC(text: string, opts: { stdin?: string; maxCycles?: number; path?: string } = {}): Promise<RunResult> {
  const built = buildC(text, opts.path ?? 'test.c');
  if (!built.elf) throw new Error(`build failed:\n${built.errors.join('\n')}`);
  return runElf(built.elf, opts);
}

export async function runElf(elf: Uint8Array, opts: { stdin?: string; maxCycles?: number } = {}): Promise<RunResult> {
  const r = await runBare(elf, { maxCycles: opts.maxCycles ?? 2_000_000_000, stdin: opts.stdin });
  return { stdout: r.stdout, status: r.status, stop: r.stop, instret: r.instret, cycles: r.cycles };
}

export { prng as rng } from '../prng.js';
