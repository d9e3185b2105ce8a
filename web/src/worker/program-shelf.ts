// The /bin programs of one boot in every version a process may run: the pure
// part lives in vm/host/debug/program-shelf.ts, shared with glassbox debug.

export { ProgramShelf } from '../../../vm/host/debug/program-shelf.js';
export type { ProgramVersion } from '../../../vm/host/debug/program-shelf.js';
