// The second-level TLB (STLB), behind the L1 model of tlb.ts.
//
// Real CPUs back a small L1 TLB (64 entries) with a larger, slower STLB
// (Skylake: 1,536 entries, 12 ways). Here it is `entries` entries in sets of
// `ways` (entries = sets × ways, sets a power of two; set = vpn mod sets),
// each holding what an L1 entry holds: vpn, frame, the PCID it was filled
// under, and the TLB_FLAG permissions of the walk. Lookups match as in L1:
// a valid entry for the vpn whose PCID is the current one or that is global,
// the first in way order. Replacement is LRU on a u64 clock of its own.
//
// The STLB is consulted only on an L1 miss (mmu.ts, translate): a hit fills
// L1 from it without a walk, a miss walks and fills both. It is not in the
// flat index (which holds exactly the L1 entries usable now), so nothing here
// touches INDEX; and a PCID switch needs nothing (entries carry their PCID).
// Every flush reaches it (tlb.ts calls in here). Entries count 0 = no STLB:
// callers test stlbOn() first, one load and a compare.

import { TLB_FLAG_GLOBAL, TLB_FLAG_VALID } from './generated';
import {
  E_FLAGS, E_FRAME, E_PCID, E_VPN, SE_STAMP, STLB, STLB_ENTRY_BYTES, S_STLB_CLOCK, S_STLB_ENTRIES, S_STLB_LIVE,
  S_STLB_SETS, S_STLB_WAYS,
} from './layout';

@inline function entry(slot: u32): u32 {
  return STLB + slot * STLB_ENTRY_BYTES;
}

/** Whether the machine has an STLB. */
@inline export function stlbOn(): bool {
  return load<u32>(S_STLB_ENTRIES) != 0;
}

@inline export function stlbEntries(): u32 {
  return load<u32>(S_STLB_ENTRIES);
}

@inline function ways(): u32 {
  return load<u32>(S_STLB_WAYS);
}

@inline function setBase(vpn: u32): u32 {
  return (vpn & (load<u32>(S_STLB_SETS) - 1)) * ways();
}

@inline export function stlbVpn(slot: u32): u32 {
  return load<u32>(entry(slot), E_VPN);
}

@inline export function stlbFrame(slot: u32): u32 {
  return load<u32>(entry(slot), E_FRAME);
}

@inline export function stlbPcid(slot: u32): u32 {
  return load<u32>(entry(slot), E_PCID);
}

/** TLB_FLAG bits of a slot (VALID, RW, US, DIRTY, GLOBAL; nothing internal). */
@inline export function stlbFlags(slot: u32): u32 {
  return load<u32>(entry(slot), E_FLAGS);
}

@inline function usable(slot: u32, pcid: u32): bool {
  const f = stlbFlags(slot);
  return (f & TLB_FLAG_VALID) != 0 && ((f & TLB_FLAG_GLOBAL) != 0 || stlbPcid(slot) == pcid);
}

/** The slot a lookup of vpn under pcid finds (first usable in way order), or -1. No stamp. */
export function stlbFind(vpn: u32, pcid: u32): i32 {
  const base = setBase(vpn);
  const n = ways();
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if (stlbVpn(slot) == vpn && usable(slot, pcid)) return <i32>slot;
  }
  return -1;
}

/** Marks a slot most recently used. */
export function stlbTouch(slot: u32): void {
  const clock = load<u64>(S_STLB_CLOCK);
  store<u64>(entry(slot), clock, SE_STAMP);
  store<u64>(S_STLB_CLOCK, clock + 1);
}

/** The way a fill of this set replaces: the first invalid way, else the least recently used. */
function victim(base: u32): u32 {
  const n = ways();
  for (let w: u32 = 0; w < n; w++) {
    if ((stlbFlags(base + w) & TLB_FLAG_VALID) == 0) return base + w;
  }
  let best = base;
  let bestStamp = load<u64>(entry(base), SE_STAMP);
  for (let w: u32 = 1; w < n; w++) {
    const s = load<u64>(entry(base + w), SE_STAMP);
    if (s < bestStamp) {
      best = base + w;
      bestStamp = s;
    }
  }
  return best;
}

/** Fills the STLB with a walk's translation (its lookup missed); the entry counts as just used. */
export function stlbFill(vpn: u32, frame: u32, flags: u32, pcid: u32): void {
  const slot = victim(setBase(vpn));
  const e = entry(slot);
  if ((load<u32>(e, E_FLAGS) & TLB_FLAG_VALID) == 0) store<u32>(S_STLB_LIVE, load<u32>(S_STLB_LIVE) + 1);
  store<u32>(e, vpn, E_VPN);
  store<u32>(e, frame, E_FRAME);
  store<u32>(e, pcid, E_PCID);
  store<u32>(e, flags | TLB_FLAG_VALID, E_FLAGS);
  stlbTouch(slot);
}

/** Updates an entry after a dirty-bit walk through it. */
export function stlbUpdate(slot: u32, frame: u32, flags: u32): void {
  const e = entry(slot);
  store<u32>(e, frame, E_FRAME);
  store<u32>(e, flags | TLB_FLAG_VALID, E_FLAGS);
}

function drop(slot: u32): void {
  store<u32>(entry(slot), 0, E_FLAGS);
  store<u32>(S_STLB_LIVE, load<u32>(S_STLB_LIVE) - 1);
}

/** Drops every entry (or every non-global one). Returns how many were dropped. */
export function stlbFlush(keepGlobal: bool): u32 {
  if (load<u32>(S_STLB_LIVE) == 0) return 0;
  const n = stlbEntries();
  let dropped: u32 = 0;
  for (let slot: u32 = 0; slot < n; slot++) {
    const f = stlbFlags(slot);
    if ((f & TLB_FLAG_VALID) == 0) continue;
    if (keepGlobal && (f & TLB_FLAG_GLOBAL) != 0) continue;
    drop(slot);
    dropped++;
  }
  return dropped;
}

/** invlpg, and a page fault: drops the entries for vpn usable under pcid (that PCID's and global ones). */
export function stlbInvalidatePage(vpn: u32, pcid: u32): u32 {
  const base = setBase(vpn);
  const n = ways();
  let dropped: u32 = 0;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if (stlbVpn(slot) == vpn && usable(slot, pcid)) {
      drop(slot);
      dropped++;
    }
  }
  return dropped;
}

@inline function taggedNonGlobal(slot: u32, pcid: u32): bool {
  return (stlbFlags(slot) & (TLB_FLAG_VALID | TLB_FLAG_GLOBAL)) == TLB_FLAG_VALID && stlbPcid(slot) == pcid;
}

/** INVPCID type 0: drops the non-global entry for vpn tagged with pcid. */
export function stlbInvalidatePcidPage(vpn: u32, pcid: u32): u32 {
  const base = setBase(vpn);
  const n = ways();
  let dropped: u32 = 0;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if (stlbVpn(slot) == vpn && taggedNonGlobal(slot, pcid)) {
      drop(slot);
      dropped++;
    }
  }
  return dropped;
}

/** INVPCID type 1: drops every non-global entry tagged with pcid. */
export function stlbInvalidatePcid(pcid: u32): u32 {
  if (load<u32>(S_STLB_LIVE) == 0) return 0;
  const n = stlbEntries();
  let dropped: u32 = 0;
  for (let slot: u32 = 0; slot < n; slot++) {
    if (taggedNonGlobal(slot, pcid)) {
      drop(slot);
      dropped++;
    }
  }
  return dropped;
}

/** CPU reset: empty, clock restarted. */
export function stlbClear(): void {
  stlbFlush(false);
  store<u64>(S_STLB_CLOCK, 1);
}
