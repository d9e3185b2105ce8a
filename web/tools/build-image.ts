// Builds the browser's system image (web/generated/glassbox.img.gz) in Node;
// system-image.ts says what goes in, image.ts how it is packed and
// compressed (gzip: the site serves the compressed file as it is).
//
//   npx tsx web/tools/build-image.ts [OUT]
//
// A kernel that does not build yet is not fatal: the image then carries the
// build errors, the app shows them, and the bare demos still run.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT, nodeReader, repoSystemBuild } from '../../vm/host/node-files.js';
import { compressImage, packImage } from '../src/shared/image.js';
import { libcHeaderNames } from './compiler-files.js';
import { buildSystemImage } from './system-image.js';

const DEFAULT_OUT = join(REPO_ROOT, 'web', 'generated', 'glassbox.img.gz');

async function main(): Promise<number> {
  const out = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT;
  const started = Date.now();
  const { image, warnings } = buildSystemImage({
    read: nodeReader(),
    buildSystem: () => repoSystemBuild(),
    bareDemos: readdirSync(join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.s')).sort().map((f) => `examples/${f}`),
    libcHeaders: libcHeaderNames(REPO_ROOT),
  });
  for (const w of warnings) console.error(`build-image: ${w}`);
  const packed = packImage(image);
  const compressed = compressImage(packed);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, compressed);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const kernel = image.kernel ? `kernel ${image.kernel.length} bytes` : 'NO KERNEL (build failed; see the app)';
  console.log(
    `build-image: ${out}: ${kernel}, ${image.programs.size} programs, ${image.bare.size} bare demos, ` +
      `${image.texts.size} source files, ${packed.length} bytes, ${compressed.length} gzipped, in ${secs}s`,
  );
  if (image.kernelError) console.log(`build-image: kernel build: ${image.kernelError.split('\n').slice(0, 5).join('\n  ')}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`build-image: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
