// The built system (kernel + /bin) cached on disk, so a command that boots
// the machine does not rebuild it when nothing changed: `glassbox run -c ls`
// spent most of its time compiling the kernel and every program.
//
// The key is a hash of every file the build can depend on: the kernel, the
// programs and libc, and the toolchain and machine description that turn
// them into bytes (vm/cc, vm/asm, vm/isa, vm/host). Any edit there gives a
// new key, so a stale system is never used; the cache keeps the newest few
// entries. An entry is written to a temporary name and renamed, so
// processes building at once (test workers) never read half of one. A
// cache that cannot be read or written is no error: the system is built.
//
// Entry format: "GBSYS1\n", a JSON line { kernel: N, programs: [[name, N]…] },
// then the kernel's bytes and each program's, in that order.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SystemBuild } from './system-build.js';

const MAGIC = 'GBSYS1\n';
const KEEP = 4;
/** What the built system depends on, relative to the repository root. */
const INPUTS = ['kernel', 'programs', 'vm/cc', 'vm/asm', 'vm/isa', 'vm/host'];
const INPUT_FILE = /\.(c|h|s|ts)$/;

/** Where the cache lives: with npm's other caches, never committed. */
export function cacheDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'glassbox');
}

function walk(dir: string, out: string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'build' && name !== 'node_modules') walk(path, out);
    } else if (INPUT_FILE.test(name)) {
      out.push(path);
    }
  }
}

/** The hash of every input file's path and bytes. */
export function systemKey(root: string): string {
  const files: string[] = [];
  for (const d of INPUTS) walk(join(root, d), files);
  const h = createHash('sha256');
  for (const f of files) {
    h.update(relative(root, f));
    h.update('\0');
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 32);
}

function encode(system: SystemBuild): Buffer {
  const programs = [...system.programs];
  const header = JSON.stringify({ kernel: system.kernel.length, programs: programs.map(([n, b]) => [n, b.length]) });
  return Buffer.concat([Buffer.from(MAGIC + header + '\n'), system.kernel, ...programs.map(([, b]) => b)]);
}

function decode(bytes: Buffer): SystemBuild | undefined {
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
  const eol = bytes.indexOf(10, MAGIC.length);
  if (eol < 0) return undefined;
  const header = JSON.parse(bytes.subarray(MAGIC.length, eol).toString()) as { kernel: number; programs: [string, number][] };
  let at = eol + 1;
  const take = (n: number): Uint8Array => {
    const out = new Uint8Array(bytes.subarray(at, at + n));
    if (out.length !== n) throw new Error('short cache entry');
    at += n;
    return out;
  };
  const kernel = take(header.kernel);
  const programs = new Map(header.programs.map(([name, n]) => [name, take(n)]));
  return at === bytes.length ? { kernel, programs } : undefined;
}

/** The cached system for key, or undefined. */
export function readCachedSystem(root: string, key: string): SystemBuild | undefined {
  try {
    return decode(readFileSync(join(cacheDir(root), `system-${key}.bin`)));
  } catch {
    return undefined;
  }
}

/** Store system under key and drop all but the newest KEEP entries. */
export function writeCachedSystem(root: string, key: string, system: SystemBuild): void {
  const dir = cacheDir(root);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.system-${key}.${process.pid}.tmp`);
    writeFileSync(tmp, encode(system));
    renameSync(tmp, join(dir, `system-${key}.bin`));
    const entries = readdirSync(dir)
      .filter((n) => n.startsWith('system-') && n.endsWith('.bin'))
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const old of entries.slice(KEEP)) rmSync(join(dir, old.n), { force: true });
  } catch {
    // A read-only checkout or a full disk: the next run builds again.
  }
}
