// The machine's state as time travel sees it: the bytes [0, memoryEnd) of
// the core's linear memory, cut into 4 KiB pages.
//
// Two states are "the same" when those bytes are equal after settle() (which
// brings what the host's slicing leaves behind to one form: see the core's
// settle()) and outside the debugger's ranges (the breakpoint table and the
// fetch window derived from it), which a replay may have set differently
// from the first pass without the guest seeing any difference.

import type { Machine } from '../machine.js';

export const PAGE = 4096;

/** The live state bytes (a view: re-fetch after anything that may grow memory). */
export function stateBytes(m: Machine): Uint8Array {
  return new Uint8Array(m.core.memory.buffer, 0, m.core.memoryEnd());
}

export function pageCount(m: Machine): number {
  return Math.ceil(m.core.memoryEnd() / PAGE);
}

/** See the core's settle(): call between run() calls, before copying or comparing state. */
export function settle(m: Machine): void {
  m.core.settle();
}

/** The debugger's [start, end) byte ranges, which state comparisons leave out. */
export function debuggerRanges(m: Machine): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < m.core.debuggerRangeCount(); i++) {
    const start = m.core.debuggerRangeStart(i);
    out.push([start, start + m.core.debuggerRangeLength(i)]);
  }
  return out;
}

/**
 * A hash of the settled state, with the debugger's ranges read as zero: four
 * FNV-style multiplicative lanes over the 32-bit words (word i goes to lane
 * i mod 4), as 32 hex digits. For tests, `info state` and session files.
 */
export function stateHash(m: Machine): string {
  settle(m);
  const bytes = stateBytes(m);
  const words = new Int32Array(bytes.buffer, 0, bytes.length >> 2);
  const h = new Int32Array([0x811c9dc5, 0x01000193, 0x2545f491, bytes.length]);
  let from = 0;
  // The words between the debugger's ranges, and each range as zeros (lane
  // order is kept by hashing whole groups of four: the ranges are 4-aligned).
  for (const [s, e] of debuggerRanges(m).sort((a, b) => a[0] - b[0])) {
    hashWords(words, from, s >> 2, h);
    hashWords(new Int32Array((e - s) >> 2), 0, (e - s) >> 2, h, (s >> 2) & 3);
    from = e >> 2;
  }
  hashWords(words, from, words.length, h, from & 3);
  return [...h].map(hex32).join('');
}

/** The same hash over a copy of a whole state (nothing left out). */
export function hashBytes(bytes: Uint8Array): string {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const h = new Int32Array([0x811c9dc5, 0x01000193, 0x2545f491, bytes.length]);
  hashWords(words, 0, words.length, h);
  return [...h].map(hex32).join('');
}

/** Fold words[from, to) into the lanes h, the first word going to lane `lane`. */
function hashWords(words: Int32Array, from: number, to: number, h: Int32Array, lane = 0): void {
  let i = from;
  for (; i < to && lane !== 0; i++, lane = (lane + 1) & 3) h[lane] = Math.imul(h[lane] ^ words[i], PRIMES[lane]);
  let a = h[0], b = h[1], c = h[2], d = h[3];
  for (; i + 4 <= to; i += 4) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[i + 1], 0x5bd1e995);
    c = Math.imul(c ^ words[i + 2], 0x01000193);
    d = Math.imul(d ^ words[i + 3], 0x5bd1e995);
  }
  h[0] = a; h[1] = b; h[2] = c; h[3] = d;
  for (let k = 0; i < to; i++, k++) h[k] = Math.imul(h[k] ^ words[i], PRIMES[k]);
}

const PRIMES = [0x01000193, 0x5bd1e995, 0x01000193, 0x5bd1e995];

function hex32(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}
