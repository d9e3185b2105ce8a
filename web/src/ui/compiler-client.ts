// Starts the compile worker (src/compiler/compile-worker.ts) the first time
// the Editor needs it and hands out its Comlink proxy; the worker fetches
// the system image itself. Nothing is started while the Editor is unused.

import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { CompilerApi } from '../shared/build-protocol.js';

export function startCompiler(imageUrl: string): Promise<Remote<CompilerApi>> {
  const worker = new Worker(new URL('../compiler/compile-worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<CompilerApi>(worker);
  return new Promise((resolve, reject) => {
    worker.addEventListener('error', (ev) => reject(new Error(`the compiler's worker stopped: ${ev.message || 'unknown error'}`)));
    api.load(imageUrl).then(() => resolve(api), reject);
  });
}
