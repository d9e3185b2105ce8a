// The repository on disk, for everything that runs in Node (the CLI, the
// web's image builder, the tests): a SourceReader over the checkout and the
// system built from it once per process. The browser never imports this.

import { existsSync, readFileSync } from 'node:fs';
import { assemble, assembleAndLink } from '../asm/index.js';
import type { IncludeReader } from '../asm/index.js';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceReader } from './header-defines.js';
import { BuildError, SystemBuild, buildSystem, buildUserProgram } from './system-build.js';
import { binNameProblem, userElfProblem } from './user-elf.js';
import { installText } from './install-messages.js';
import { readCachedSystem, systemKey, writeCachedSystem } from './system-cache.js';

/** The repository's root (this file is vm/host/node-files.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Reads repository-relative (or absolute) paths from disk. */
export function nodeReader(root = REPO_ROOT): SourceReader {
  return (path: string) => {
    try {
      return readFileSync(path.startsWith('/') ? path : join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

const built = new Map<string, SystemBuild>();

/**
 * The kernel and programs of the checkout at `root`: from this process's
 * memory, else from the disk cache (system-cache.ts), else built (and
 * cached), after calling onBuild so a command can say why it is slow.
 * Throws BuildError.
 */
export function repoSystemBuild(root = REPO_ROOT, onBuild?: () => void): SystemBuild {
  let system = built.get(root);
  if (system) return system;
  const key = systemKey(root);
  system = readCachedSystem(root, key);
  if (!system) {
    onBuild?.();
    system = buildSystem(nodeReader(root));
    writeCachedSystem(root, key, system);
  }
  built.set(root, system);
  return system;
}

/** NASM's %include on disk: relative to the including file, then to the current directory. */
export function nodeIncludeReader(): IncludeReader {
  return (path, fromFile) => {
    for (const candidate of [resolve(dirname(fromFile), path), resolve(path)]) {
      if (existsSync(candidate)) return { path: candidate, text: readFileSync(candidate, 'utf8') };
    }
    return undefined;
  };
}

const USER_TEXT = 0x0804_8000;
const ASSEMBLY = /\.(s|asm)$/;

/**
 * An assembly program for the kernel: one that defines _start is linked
 * alone at 0x08048000, as `ld` would (a NASM tutorial's program making its
 * own system calls); one with main is linked with libc, as `gcc` would.
 */
function assemblyProgram(file: string, text: string, read: SourceReader): Uint8Array {
  const include = nodeIncludeReader();
  const own = assemble(text, resolve(file), { include });
  if (own.object?.symbols.some((s) => s.name === '_start' && s.section !== null)) {
    const linked = assembleAndLink([{ name: resolve(file), text }], { textBase: USER_TEXT, include });
    if (!linked.elf) throw new BuildError(linked.errors);
    return linked.elf;
  }
  return buildUserProgram([{ path: resolve(file), text }], read);
}

/**
 * An extra program for /bin from a file on disk, named by the file's base
 * name less its extension: a .c file is compiled and a .s or .asm file
 * assembled (see assemblyProgram); anything else must be a user-program ELF
 * (user-elf.ts). Throws BuildError (one message, no stack) for a file that
 * is none of these, or whose name cannot be a /bin name.
 */
export function programFromFile(file: string, read: SourceReader = nodeReader()): { name: string; elf: Uint8Array } {
  const name = basename(file).replace(/\.[^.]*$/, '');
  const nameProblem = binNameProblem(name);
  if (nameProblem) throw new BuildError([`${file}: ${installText(nameProblem)}`]);
  if (file.endsWith('.c')) {
    return { name, elf: buildUserProgram([{ path: resolve(file), text: readFileSync(file, 'utf8') }], read) };
  }
  if (ASSEMBLY.test(file)) return { name, elf: assemblyProgram(file, readFileSync(file, 'utf8'), read) };
  const elf = new Uint8Array(readFileSync(file));
  const problem = userElfProblem(elf);
  if (problem) throw new BuildError([`${file}: ${installText(problem)} (--add takes a .c file, a .s or .asm file, or a program built with glassbox cc)`]);
  return { name, elf };
}
