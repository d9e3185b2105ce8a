// Builds the browser's system image (web/generated/glassbox.img) in Node;
// system-image.ts says what goes in.
//
//   npx tsx web/tools/build-image.ts [OUT]
//
// A kernel that does not build yet is not fatal: the image then carries the
// build errors, the app shows them, and the bare demos still run.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packImage } from '../src/shared/image.js';
import { buildSystemImage } from './system-image.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_OUT = join(ROOT, 'web', 'generated', 'glassbox.img');

/** Reads repository-relative paths (the SourceReader boot.ts and the compiler expect). */
function repoReader(path: string): string | undefined {
  try {
    return readFileSync(path.startsWith('/') ? path : join(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const out = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT;
  const started = Date.now();
  // Loaded lazily so that a compiler that does not load yet only costs the kernel.
  const run = await import('../../vm/cli/run.js').catch((e: Error) => e);
  const { image, warnings } = buildSystemImage({
    read: repoReader,
    buildSystem: () => {
      if (run instanceof Error) throw run;
      return run.systemBuild(repoReader);
    },
    bareDemos: readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.s')).sort().map((f) => `examples/${f}`),
  });
  for (const w of warnings) console.error(`build-image: ${w}`);
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

main().then((code) => process.exit(code), (e) => {
  console.error(`build-image: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
