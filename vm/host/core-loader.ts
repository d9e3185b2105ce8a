// Loads the compiled core (vm/core/build/glassbox.wasm) the same way in Node
// and in the browser: the URL is resolved relative to this module (Vite
// rewrites `new URL(…, import.meta.url)` to the emitted asset), fetched in the
// browser and read from disk in Node. The compiled module is cached, so every
// Machine after the first instantiates without recompiling.

let cached: Promise<WebAssembly.Module> | undefined;

const CORE_URL = new URL('../core/build/glassbox.wasm', import.meta.url);

export function loadCoreModule(): Promise<WebAssembly.Module> {
  cached ??= compile().catch((err) => {
    cached = undefined; // let a later attempt (after `npm run build:core`) retry
    throw err;
  });
  return cached;
}

async function compile(): Promise<WebAssembly.Module> {
  if (CORE_URL.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(CORE_URL);
    } catch {
      throw new Error(`the core is not built (${CORE_URL.pathname} is missing): run \`npm run build:core\``);
    }
    return WebAssembly.compile(bytes as BufferSource);
  }
  const response = await fetch(CORE_URL);
  if (!response.ok) throw new Error(`could not load the core from ${CORE_URL}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}
