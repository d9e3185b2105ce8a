// The repository on disk, for everything that runs in Node (the CLI, the
// web's image builder, the tests): a SourceReader over the checkout and the
// system built from it once per process. The browser never imports this.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceReader } from './header-defines.js';
import { SystemBuild, buildSystem, buildUserProgram } from './system-build.js';

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

/** The kernel and programs of the checkout at `root`, built once per process. Throws BuildError. */
export function repoSystemBuild(root = REPO_ROOT): SystemBuild {
  let system = built.get(root);
  if (!system) {
    system = buildSystem(nodeReader(root));
    built.set(root, system);
  }
  return system;
}

/** An extra program from a file on disk: a .c file is compiled; anything else is taken as an ELF. */
export function programFromFile(file: string, read: SourceReader = nodeReader()): Uint8Array {
  if (!file.endsWith('.c')) return new Uint8Array(readFileSync(file));
  return buildUserProgram([{ path: resolve(file), text: readFileSync(file, 'utf8') }], read);
}
