// Whose code is at an address: the pure part lives in vm/host/debug/code-map.ts,
// shared with the terminal debugger (glassbox debug).

export { CodeMap, hex } from '../../../vm/host/debug/code-map.js';
export type { Located, ProcessTable } from '../../../vm/host/debug/code-map.js';
