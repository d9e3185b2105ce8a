// The TLB model's contents, for the TLB view and the tests.
//
// The core keeps its model TLB (sets × ways of entries, see vm/core/tlb.ts)
// in linear memory and exposes each slot through tlbVpn/tlbFrame/tlbPcid/
// tlbFlags(i); the second-level TLB (vm/core/stlb.ts), when the machine has
// one, likewise through stlbVpn/stlbFrame/stlbPcid/stlbFlags(i). Reading them
// has no effect on the model: no LRU stamp, no counter. Only valid slots are
// reported, with their index (set × ways + way) so a view can show which set
// and way an entry occupies.

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

/** How one TLB level's slots are read. */
interface Level {
  size(): number;
  vpn(i: number): number;
  frame(i: number): number;
  pcid(i: number): number;
  flags(i: number): number;
}

function readLevel(level: Level): TlbEntry[] {
  const out: TlbEntry[] = [];
  const n = level.size();
  for (let i = 0; i < n; i++) {
    const flags = level.flags(i);
    if ((flags & TLB_FLAG.VALID) === 0) continue;
    out.push({
      index: i,
      vpn: level.vpn(i) >>> 0,
      frame: level.frame(i) >>> 0,
      pcid: level.pcid(i),
      rw: (flags & TLB_FLAG.RW) !== 0,
      user: (flags & TLB_FLAG.US) !== 0,
      dirty: (flags & TLB_FLAG.DIRTY) !== 0,
      global: (flags & TLB_FLAG.GLOBAL) !== 0,
    });
  }
  return out;
}

/** Every valid entry of the core's (L1) TLB model, by slot index. */
export function readTlbEntries(core: CoreExports): TlbEntry[] {
  return readLevel({
    size: () => core.tlbSize(),
    vpn: (i) => core.tlbVpn(i),
    frame: (i) => core.tlbFrame(i),
    pcid: (i) => core.tlbPcid(i),
    flags: (i) => core.tlbFlags(i),
  });
}

/** Every valid entry of the second-level TLB, by slot index (none without an STLB). */
export function readStlbEntries(core: CoreExports): TlbEntry[] {
  return readLevel({
    size: () => core.stlbSize(),
    vpn: (i) => core.stlbVpn(i),
    frame: (i) => core.stlbFrame(i),
    pcid: (i) => core.stlbPcid(i),
    flags: (i) => core.stlbFlags(i),
  });
}
