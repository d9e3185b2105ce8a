// Builds the browser's system image (web/generated/glassbox.img) in Node:
// the kernel and /bin programs with the C compiler and the assembler (the
// same build as `glassbox run`), the bare-machine demos of examples/, the
// headers the host reads and every source file the line tables name.
//
//   npx tsx web/tools/build-image.ts [OUT]
//
// A kernel that does not build yet is not fatal: the image then carries the
// build errors, the app shows them, and the bare demos still run.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleAndLink, readElf } from '../../vm/asm/index.js';
import { KERNEL_INCLUDE } from '../../vm/host/boot.js';
import { packImage, SystemImage } from '../src/shared/image.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_OUT = join(ROOT, 'web', 'generated', 'glassbox.img');
const HEADERS = ['bootinfo.h', 'trace.h', 'syscall.h', 'param.h'].map((h) => `${KERNEL_INCLUDE}/${h}`);
const BARE_BASE = 0x0010_0000;

async function main(): Promise<number> {
  const out = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT;
  const read = repoReader();
  const image: SystemImage = { programs: new Map(), bare: new Map(), texts: new Map() };

  const started = Date.now();
  try {
    const { systemBuild } = await import('../../vm/cli/run.js');
    const system = systemBuild(read);
    image.kernel = system.kernel;
    for (const [name, elf] of system.programs) image.programs.set(name, elf);
  } catch (e) {
    image.kernelError = e instanceof Error ? e.message : String(e);
  }
  for (const name of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.s')).sort()) {
    const path = `examples/${name}`;
    const text = read(path) ?? '';
    const r = assembleAndLink([{ name: path, text }], { textBase: BARE_BASE, entry: '_start' });
    if (r.elf) image.bare.set(name.replace(/\.s$/, ''), r.elf);
    else console.error(`build-image: ${path}: ${r.errors.join('\n')}`);
  }

  const paths = new Set(HEADERS);
  const elves = [image.kernel, ...image.programs.values(), ...image.bare.values()];
  for (const bytes of elves) {
    if (!bytes) continue;
    const parsed = readElf(bytes);
    if (parsed.ok) for (const l of parsed.elf.lines) paths.add(l.file);
  }
  for (const p of paths) {
    const text = read(p);
    if (text !== undefined) image.texts.set(p, text);
  }

  const packed = packImage(image);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, packed);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const kernel = image.kernel ? `kernel ${image.kernel.length} bytes` : 'NO KERNEL (build failed; see the app)';
  console.log(
    `build-image: ${out}: ${kernel}, ${image.programs.size} programs, ${image.bare.size} bare demos, ` +
      `${image.texts.size} source files, ${packed.length} bytes in ${secs}s`,
  );
  if (image.kernelError) console.log(`build-image: kernel build: ${image.kernelError.split('\n').slice(0, 5).join('\n  ')}`);
  return 0;
}

/** Reads repository-relative paths (the SourceReader boot.ts and the compiler expect). */
function repoReader(): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(path.startsWith('/') ? path : join(ROOT, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

main().then((code) => process.exit(code), (e) => {
  console.error(`build-image: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
