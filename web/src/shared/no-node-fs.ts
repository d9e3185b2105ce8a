// What `node:fs/promises` is in the browser bundle. vm/host/core-loader.ts
// imports it only when the core's URL is a file: URL (under Node); in the
// browser that branch never runs, so reaching this is a bug worth a message.

export function readFile(): never {
  throw new Error('node:fs is not available in the browser');
}
