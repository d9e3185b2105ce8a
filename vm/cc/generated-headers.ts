// Headers the build makes in memory rather than reads from the repository.
//
// machine.h (from vm/isa/machine.ts) and the kernel's asm-offsets.h (from
// the compiler's debug info) are generated at build time and never written
// to disk. They live in a directory of their own, GENERATED_INCLUDE, which
// the builds add to the include path; withGeneratedHeaders puts them in
// front of the caller's reader.

import { machineHeader } from '../isa/machine-header.js';

export const GENERATED_INCLUDE = 'generated';
export const MACHINE_HEADER = `${GENERATED_INCLUDE}/machine.h`;

export type Reader = (path: string) => string | undefined;

/** A reader that answers the generated headers' paths itself (machine.h always) and asks `read` for the rest. */
export function withGeneratedHeaders(read: Reader, extra: Record<string, string> = {}): Reader {
  const generated = new Map<string, string>([[MACHINE_HEADER, machineHeader()], ...Object.entries(extra)]);
  return (path) => generated.get(path) ?? read(path);
}
