// The TLB model's contents, for the TLB view and the tests.
//
// The core keeps its model TLB (sets × ways of entries, see vm/core/tlb.ts)
// in linear memory and exposes each slot through tlbVpn/tlbFrame/tlbPcid/
// tlbFlags(i). Reading them has no effect on the model: no LRU stamp, no
// counter. Only valid slots are reported, with their index so a view can
// show which set and way an entry occupies.

import { TLB_FLAG } from '../isa/machine.js';
import type { CoreExports } from './core-exports.js';

export interface TlbEntry {
  index: number;
  vpn: number;
  frame: number;
  pcid: number;
  rw: boolean;
  user: boolean;
  dirty: boolean;
  global: boolean;
}

/** Every valid entry of the core's TLB model, by slot index. */
export function readTlbEntries(core: CoreExports): TlbEntry[] {
  const out: TlbEntry[] = [];
  const n = core.tlbSize();
  for (let i = 0; i < n; i++) {
    const flags = core.tlbFlags(i);
    if ((flags & TLB_FLAG.VALID) === 0) continue;
    out.push({
      index: i,
      vpn: core.tlbVpn(i) >>> 0,
      frame: core.tlbFrame(i) >>> 0,
      pcid: core.tlbPcid(i),
      rw: (flags & TLB_FLAG.RW) !== 0,
      user: (flags & TLB_FLAG.US) !== 0,
      dirty: (flags & TLB_FLAG.DIRTY) !== 0,
      global: (flags & TLB_FLAG.GLOBAL) !== 0,
    });
  }
  return out;
}
