// The core's exports as the host sees them, across the wasm wall.
//
// They are defined once, in vm/core/index.ts. The AssemblyScript compiler
// writes their TypeScript declaration next to the module it builds
// (vm/core/build/glassbox.d.ts, `--bindings raw`), so the host takes its type
// from there instead of restating it: rename or drop an export and every host
// call of it stops typechecking. (The other way round, a list kept on the
// host side and checked against the module, would be a second copy.) The
// declaration is a build product, so typechecking needs `npm run build:core`
// first, as `npm test` does. test/host/core-exports.test.ts checks the built
// module against index.ts and against every call the host makes; vm/ISA.md's
// list of exports is generated from index.ts too (test/core/isa-doc.ts).
//
// The declaration describes the *adapted* exports of asc's glassbox.js,
// which turn u32 results unsigned. The host calls the raw instance exports
// instead (no wrapper per call): their parameter and result types are the
// same JavaScript numbers, but a u32 result at or above 2^31 arrives as a
// negative i32, so callers that need the unsigned value apply `>>> 0`.

import type { instantiate } from '../core/build/glassbox.js';

/** The core's exports: `memory` and the functions of vm/core/index.ts. */
export type CoreExports = Awaited<ReturnType<typeof instantiate>>;

/** An instance of the core module, seen through its declared exports. */
export function coreExports(instance: WebAssembly.Instance): CoreExports {
  // The one unchecked step: WebAssembly types every instance's exports alike.
  return instance.exports as unknown as CoreExports;
}
