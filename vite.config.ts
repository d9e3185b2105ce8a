// Vite builds the browser app in web/ into dist/ (a static site that works
// from any file server and any base path: base './').
//
// The core's .wasm is never inlined (assetsInlineLimit excludes it), so it
// is fetched and compiled as a file; the worker is an ES module worker. The
// system image (web/generated/glassbox.img.gz, gzip-compressed) is built
// beforehand by web/tools/build-image.ts and served as the file it is. node:fs/promises is imported by the core loader
// only on its Node path; in the browser it resolves to an empty module.

import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./web'),
  base: './',
  publicDir: false,
  resolve: {
    alias: { 'node:fs/promises': here('./web/src/shared/no-node-fs.ts') },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: (file: string) => (file.endsWith('.wasm') || file.endsWith('.img.gz') ? false : undefined),
    chunkSizeWarningLimit: 2048,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: [here('.')] } },
  preview: { host: '127.0.0.1', port: 4173 },
});
