// The built system's disk cache (vm/host/system-cache.ts): an entry reads
// back byte for byte, any change to an input gives a new key, and a broken
// or missing entry is no entry.

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, readCachedSystem, systemKey, writeCachedSystem } from '../../vm/host/system-cache.js';
import { REPO_ROOT, nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { buildSystem } from '../../vm/host/system-build.js';

function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'glassbox-cache-'));
  for (const d of ['kernel', 'programs/libc', 'vm/cc', 'vm/asm', 'vm/isa', 'vm/host']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'kernel/main.c'), 'int main;\n');
  writeFileSync(join(root, 'programs/libc/x.h'), '#define X 1\n');
  writeFileSync(join(root, 'vm/cc/parse.ts'), 'export {};\n');
  return root;
}

describe('the system cache', () => {
  it('gives back what was stored, byte for byte', () => {
    const root = fakeRoot();
    const system = { kernel: new Uint8Array([1, 2, 3, 255]), programs: new Map([['sh', new Uint8Array([9, 8])], ['ls', new Uint8Array(0)]]) };
    const key = systemKey(root);
    expect(readCachedSystem(root, key)).toBeUndefined();
    writeCachedSystem(root, key, system);
    const back = readCachedSystem(root, key)!;
    expect(Array.from(back.kernel)).toEqual([1, 2, 3, 255]);
    expect([...back.programs].map(([n, b]) => [n, Array.from(b)])).toEqual([['sh', [9, 8]], ['ls', []]]);
  });

  it('keys on every input: an edit in the kernel, libc or the compiler is a new key; other files are not inputs', () => {
    const root = fakeRoot();
    const k0 = systemKey(root);
    writeFileSync(join(root, 'README.md'), 'not an input\n');
    expect(systemKey(root)).toBe(k0);
    writeFileSync(join(root, 'kernel/main.c'), 'int main2;\n');
    const k1 = systemKey(root);
    expect(k1).not.toBe(k0);
    writeFileSync(join(root, 'programs/libc/x.h'), '#define X 2\n');
    const k2 = systemKey(root);
    expect(k2).not.toBe(k1);
    writeFileSync(join(root, 'vm/cc/parse.ts'), 'export const changed = 1;\n');
    expect(systemKey(root)).not.toBe(k2);
  });

  it('ignores a truncated or foreign entry, and keeps only the newest few', () => {
    const root = fakeRoot();
    const key = systemKey(root);
    mkdirSync(cacheDir(root), { recursive: true });
    writeFileSync(join(cacheDir(root), `system-${key}.bin`), 'GBSYS1\n{"kernel":10,"programs":[]}\nabc');
    expect(readCachedSystem(root, key)).toBeUndefined();
    writeFileSync(join(cacheDir(root), `system-${key}.bin`), 'something else');
    expect(readCachedSystem(root, key)).toBeUndefined();
    for (let i = 0; i < 7; i++) writeCachedSystem(root, `k${i}`, { kernel: new Uint8Array([i]), programs: new Map() });
    expect(readdirSync(cacheDir(root)).filter((n) => n.endsWith('.bin')).length).toBe(4);
    expect(readCachedSystem(root, 'k6')!.kernel[0]).toBe(6);
  });

  it("holds this checkout's system exactly as a fresh build makes it", () => {
    repoSystemBuild();                                   // fills the cache if it was empty
    const cached = readCachedSystem(REPO_ROOT, systemKey(REPO_ROOT));
    const system = buildSystem(nodeReader());
    expect(cached).toBeDefined();
    expect(Buffer.from(cached!.kernel).equals(Buffer.from(system.kernel))).toBe(true);
    expect([...cached!.programs.keys()]).toEqual([...system.programs.keys()]);
    for (const [name, elf] of system.programs) expect(Buffer.from(cached!.programs.get(name)!).equals(Buffer.from(elf)), name).toBe(true);
  }, 120_000);
});
