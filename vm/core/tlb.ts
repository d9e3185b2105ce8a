// The TLB model and the flat index that makes it fast.
//
// The model is what a user studies: `entries` entries in sets of `ways`
// (set = vpn mod sets), each remembering a virtual page, its frame, the PCID
// it was filled under, and the permissions of the walk (RW, US as the AND of
// PDE and PTE), DIRTY and GLOBAL. A lookup searches the set in way order for a
// valid entry with that vpn whose PCID is the current one or that is global.
//
// The flat index (INDEX, one u32 per virtual page) holds EXACTLY the model
// entries a lookup could find right now, with their host address and the
// accesses they allow, so the interpreter's fast path (one load, one mask
// test, one add) serving an access is the same thing as the model hitting.
// Every change to the model keeps that true: fill, eviction, flush, invlpg,
// PCID switch. Flushes walk the model array, never the 4 MiB index.
//
// LRU recency of indexed entries lives in STAMPS[vpn] (the fast path writes
// it); an entry that leaves the index takes its stamp along in E_STAMP (which
// means nothing while the entry is indexed). The fill order, E_SEQ, is kept
// only under FIFO, the one policy that reads it.
//
// Every flush and invalidation here reaches the second-level TLB too
// (stlb.ts), so callers never need to think of two levels; fills do not (the
// MMU decides what goes where).

import {
  COUNTER_TLB_EVICTIONS, COUNTER_TLB_HITS, CR0_PG, CR0_WP, CR4_PCIDE,
  TLB_FLAG_DIRTY, TLB_FLAG_GLOBAL, TLB_FLAG_RW, TLB_FLAG_US, TLB_FLAG_VALID,
  TLB_POLICY_FIFO, TLB_POLICY_LRU,
} from './generated';
import { count } from './events';
import {
  stlbClear, stlbFlush, stlbInvalidatePage, stlbInvalidatePcid, stlbInvalidatePcidPage, stlbOn,
} from './stlb';
import {
  E_FLAGS, E_FRAME, E_INDEXED, E_PCID, E_SEQ, E_STAMP, E_VPN, INDEX, IX_ALL, IX_RS,
  IX_RU, IX_WS, IX_WU, ONES, RAM, S_CLOCK, S_CLOCK_SYNCED, S_COUNTERS, S_CR0, S_CR3, S_CR4, S_FETCH_LEN, S_FETCH_PAGE,
  S_FETCH_VALID, S_FIFO_SEQ, S_PRNG, S_TLB_ENTRIES, S_TLB_POLICY, S_TLB_SETS, S_TLB_WAYS, STAMPS,
  TLB, TLB_ENTRY_BYTES, ramSize,
} from './layout';

@inline function entry(slot: u32): u32 {
  return TLB + slot * TLB_ENTRY_BYTES;
}

@inline export function tlbEntries(): u32 {
  return load<u32>(S_TLB_ENTRIES);
}

@inline function ways(): u32 {
  return load<u32>(S_TLB_WAYS);
}

@inline function setBase(vpn: u32): u32 {
  return (vpn & (load<u32>(S_TLB_SETS) - 1)) * ways();
}

@inline export function slotVpn(slot: u32): u32 {
  return load<u32>(entry(slot), E_VPN);
}

@inline export function slotFrame(slot: u32): u32 {
  return load<u32>(entry(slot), E_FRAME);
}

@inline export function slotPcid(slot: u32): u32 {
  return load<u32>(entry(slot), E_PCID);
}

@inline export function slotFlags(slot: u32): u32 {
  return load<u32>(entry(slot), E_FLAGS);
}

/** The PCID lookups match: cr3's low 12 bits with CR4.PCIDE, else 0. */
export function currentPcid(): u32 {
  return (load<u32>(S_CR4) & CR4_PCIDE) != 0 ? load<u32>(S_CR3) & 0xfff : 0;
}

function inContext(slot: u32, pcid: u32): bool {
  const f = slotFlags(slot);
  return (f & TLB_FLAG_VALID) != 0 && ((f & TLB_FLAG_GLOBAL) != 0 || slotPcid(slot) == pcid);
}

/** Index word for a frame with these TLB_FLAG permissions (see layout.ts IX_*). */
export function indexWord(frame: u32, flags: u32): u32 {
  if (frame >= ramSize() >>> 12) {
    // Outside RAM: reads see all-ones; writes always take the slow path, which ignores them.
    return ONES | IX_RS | ((flags & TLB_FLAG_US) != 0 ? IX_RU : 0);
  }
  let bits = IX_RS;
  if (flags & TLB_FLAG_US) bits |= IX_RU;
  if (flags & TLB_FLAG_DIRTY) {
    if ((flags & TLB_FLAG_RW) != 0 || (load<u32>(S_CR0) & CR0_WP) == 0) bits |= IX_WS;
    if ((flags & TLB_FLAG_US) != 0 && (flags & TLB_FLAG_RW) != 0) bits |= IX_WU;
  }
  return (RAM + (frame << 12)) | bits;
}

function indexInstall(slot: u32): void {
  const e = entry(slot);
  const vpn = load<u32>(e, E_VPN);
  const f = load<u32>(e, E_FLAGS);
  store<u32>(INDEX + (vpn << 2), indexWord(load<u32>(e, E_FRAME), f));
  store<u32>(STAMPS + (vpn << 2), load<u32>(e, E_STAMP));
  store<u32>(e, f | E_INDEXED, E_FLAGS);
}

function unindex(slot: u32): void {
  const e = entry(slot);
  const vpn = load<u32>(e, E_VPN);
  store<u32>(e, load<u32>(STAMPS + (vpn << 2)), E_STAMP);
  store<u32>(INDEX + (vpn << 2), 0);
  store<u32>(e, load<u32>(e, E_FLAGS) & ~E_INDEXED, E_FLAGS);
}

/** Rewrites the index word of an indexed entry after its permissions changed. */
export function refreshIndex(slot: u32): void {
  const e = entry(slot);
  store<u32>(INDEX + (load<u32>(e, E_VPN) << 2), indexWord(load<u32>(e, E_FRAME), load<u32>(e, E_FLAGS)));
}

/**
 * Makes the index hold, for vpn, the entry a lookup would find: the first
 * in-context entry of its set in way order (or nothing).
 */
function reindexVpn(vpn: u32): void {
  const base = setBase(vpn);
  const n = ways();
  const pcid = currentPcid();
  let best: i32 = -1;
  let cur: i32 = -1;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    const f = slotFlags(slot);
    if ((f & TLB_FLAG_VALID) == 0 || slotVpn(slot) != vpn) continue;
    if (f & E_INDEXED) cur = <i32>slot;
    if (best < 0 && inContext(slot, pcid)) best = <i32>slot;
  }
  if (best == cur) return;
  if (cur >= 0) unindex(<u32>cur);
  if (best >= 0) indexInstall(<u32>best);
}

/** The model slot the index holds for vpn, or -1. */
export function findIndexed(vpn: u32): i32 {
  const base = setBase(vpn);
  const n = ways();
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if ((slotFlags(slot) & E_INDEXED) != 0 && slotVpn(slot) == vpn) return <i32>slot;
  }
  return -1;
}

/**
 * The LRU clock for a slow-path lookup or fill (which counts itself): returns
 * the stamp and advances the clock and the synced mark together.
 */
export function slowTick(): u32 {
  const clock = load<u32>(S_CLOCK);
  store<u32>(S_CLOCK, clock + 1);
  store<u32>(S_CLOCK_SYNCED, load<u32>(S_CLOCK_SYNCED) + 1);
  return clock;
}

/** Adds the fast path's hits (clock ticks since the last call) to TLB_HITS; none with paging off. */
@inline export function accountFastHits(): void {
  const clock = load<u32>(S_CLOCK);
  if ((load<u32>(S_CR0) & CR0_PG) != 0) {
    const at = S_COUNTERS + (COUNTER_TLB_HITS << 3);
    store<u64>(at, load<u64>(at) + <u64>(clock - load<u32>(S_CLOCK_SYNCED)));
  }
  store<u32>(S_CLOCK_SYNCED, clock);
}

/** Forget the cached instruction-fetch translation (the next fetch looks up again). */
export function invalidateFetch(): void {
  store<u32>(S_FETCH_VALID, 0);
  store<u32>(S_FETCH_LEN, 0);
}

/** Removes one entry from the model (and the index), keeping the index exact. */
export function dropSlot(slot: u32): void {
  const e = entry(slot);
  const f = load<u32>(e, E_FLAGS);
  const vpn = load<u32>(e, E_VPN);
  if (f & E_INDEXED) {
    unindex(slot);
    if (load<u32>(S_FETCH_VALID) != 0 && load<u32>(S_FETCH_PAGE) >>> 12 == vpn) invalidateFetch();
  }
  store<u32>(e, 0, E_FLAGS);
  // Another entry for the same page (another PCID, or a global twin) may now be the one to index.
  if ((f & E_INDEXED) != 0 && hasTwin(vpn)) reindexVpn(vpn);
}

/** Whether vpn's set still holds a valid entry for vpn (only possible with PCIDs or global pages). */
@inline function hasTwin(vpn: u32): bool {
  const base = setBase(vpn);
  const n = ways();
  if (n == 4) return holds4(entry(base), vpn);
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if ((slotFlags(slot) & TLB_FLAG_VALID) != 0 && slotVpn(slot) == vpn) return true;
  }
  return false;
}

function effectiveStamp(slot: u32): u32 {
  const f = slotFlags(slot);
  return (f & E_INDEXED) != 0 ? load<u32>(STAMPS + (slotVpn(slot) << 2)) : load<u32>(entry(slot), E_STAMP);
}

function nextRandom(): u32 {
  let x = load<u32>(S_PRNG);
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  store<u32>(S_PRNG, x);
  return x;
}

/** The way a fill of the set at base replaces: the first invalid way, else the policy's victim. */
@inline function victim(base: u32): u32 {
  return load<u32>(S_TLB_POLICY) == TLB_POLICY_LRU ? lruVictim(base) : otherVictim(base);
}

/** hasTwin() for the default shape, four ways, without a loop: whether a valid way at e.. holds vpn. */
@inline function holds4(e: u32, vpn: u32): bool {
  const b = TLB_ENTRY_BYTES;
  const hit = (((load<u32>(e, E_FLAGS) & TLB_FLAG_VALID) != 0) & (load<u32>(e, E_VPN) == vpn)) |
    (((load<u32>(e + b, E_FLAGS) & TLB_FLAG_VALID) != 0) & (load<u32>(e + b, E_VPN) == vpn)) |
    (((load<u32>(e + 2 * b, E_FLAGS) & TLB_FLAG_VALID) != 0) & (load<u32>(e + 2 * b, E_VPN) == vpn)) |
    (((load<u32>(e + 3 * b, E_FLAGS) & TLB_FLAG_VALID) != 0) & (load<u32>(e + 3 * b, E_VPN) == vpn));
  return hit;
}

/** The LRU stamp of the valid entry at e with flags f: in STAMPS while indexed, else saved in the entry. */
@inline function stampOf(e: u32, f: u32): u32 {
  return select<u32>(load<u32>(STAMPS + (load<u32>(e, E_VPN) << 2)), load<u32>(e, E_STAMP), (f & E_INDEXED) != 0);
}

/**
 * LRU: the first invalid way, else the first way with the smallest stamp.
 * The comparisons do not branch: which way is oldest changes from one miss
 * to the next, so a branch there would often be mispredicted. Four ways
 * (the default shape) have a version without a loop.
 */
@inline function lruVictim(base: u32): u32 {
  const n = ways();
  if (n == 4) return lruVictim4(base);
  let best = base;
  let bestStamp: u32 = 0xffffffff;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    const e = entry(slot);
    const f = load<u32>(e, E_FLAGS);
    if ((f & TLB_FLAG_VALID) == 0) return slot;
    const indexed = load<u32>(STAMPS + (load<u32>(e, E_VPN) << 2));
    const s = select<u32>(indexed, load<u32>(e, E_STAMP), (f & E_INDEXED) != 0);
    const older = s < bestStamp;
    best = select<u32>(slot, best, older);
    bestStamp = select<u32>(s, bestStamp, older);
  }
  return best;
}

/** lruVictim() for four ways: the same choice, the four ways' loads side by side. */
@inline function lruVictim4(base: u32): u32 {
  const b = TLB_ENTRY_BYTES;
  const e = entry(base);
  const f0 = load<u32>(e, E_FLAGS);
  const f1 = load<u32>(e + b, E_FLAGS);
  const f2 = load<u32>(e + 2 * b, E_FLAGS);
  const f3 = load<u32>(e + 3 * b, E_FLAGS);
  if ((f0 & f1 & f2 & f3 & TLB_FLAG_VALID) == 0) {
    if ((f0 & TLB_FLAG_VALID) == 0) return base;
    if ((f1 & TLB_FLAG_VALID) == 0) return base + 1;
    if ((f2 & TLB_FLAG_VALID) == 0) return base + 2;
    return base + 3;
  }
  const s0 = stampOf(e, f0);
  const s1 = stampOf(e + b, f1);
  const s2 = stampOf(e + 2 * b, f2);
  const s3 = stampOf(e + 3 * b, f3);
  // The first smallest: a later way wins only when strictly older.
  const o1 = s1 < s0;
  let best = select<u32>(base + 1, base, o1);
  let bestStamp = select<u32>(s1, s0, o1);
  const o2 = s2 < bestStamp;
  best = select<u32>(base + 2, best, o2);
  bestStamp = select<u32>(s2, bestStamp, o2);
  return select<u32>(base + 3, best, s3 < bestStamp);
}

/** FIFO and random: the first invalid way, else the oldest fill or a random way. */
function otherVictim(base: u32): u32 {
  const n = ways();
  for (let w: u32 = 0; w < n; w++) {
    if ((slotFlags(base + w) & TLB_FLAG_VALID) == 0) return base + w;
  }
  if (load<u32>(S_TLB_POLICY) == TLB_POLICY_FIFO) {
    let best = base;
    let bestSeq = load<u32>(entry(base), E_SEQ);
    for (let w: u32 = 1; w < n; w++) {
      const s = load<u32>(entry(base + w), E_SEQ);
      if (s < bestSeq) {
        best = base + w;
        bestSeq = s;
      }
    }
    return best;
  }
  return base + (nextRandom() & (n - 1));
}

/**
 * Fills the model with a translation found by a page walk or in the STLB,
 * tagged with pcid (the current PCID, or the STLB entry's). The lookup for
 * vpn missed, so the index holds nothing for it. The new entry counts as
 * just used. Returns its slot.
 */
export function fill(vpn: u32, frame: u32, flags: u32, pcid: u32): u32 {
  return fillSlot(vpn, frame, flags, pcid);
}

/**
 * fill() itself, inlined into the page-walk miss path (mmu.ts). The victim
 * leaves as dropSlot() would take it out, without the stores the new entry
 * overwrites at once (its saved stamp, its INDEXED bit); the new entry goes
 * into the index as indexInstall() would put it there.
 */
@inline export function fillSlot(vpn: u32, frame: u32, flags: u32, pcid: u32): u32 {
  const slot = victim(setBase(vpn));
  const e = entry(slot);
  const old = load<u32>(e, E_FLAGS);
  if (old & TLB_FLAG_VALID) {
    count(COUNTER_TLB_EVICTIONS);
    store<u32>(e, 0, E_FLAGS);
    if (old & E_INDEXED) {
      const gone = load<u32>(e, E_VPN);
      store<u32>(INDEX + (gone << 2), 0);
      if (load<u32>(S_FETCH_VALID) != 0 && load<u32>(S_FETCH_PAGE) >>> 12 == gone) invalidateFetch();
      // Another entry for the page (another PCID, or a global twin) may now be the one to index.
      if (hasTwin(gone)) reindexVpn(gone);
    }
  }
  const clock = slowTick();
  if (load<u32>(S_TLB_POLICY) == TLB_POLICY_FIFO) {
    const seq = load<u32>(S_FIFO_SEQ);
    store<u32>(S_FIFO_SEQ, seq + 1);
    store<u32>(e, seq, E_SEQ);
  }
  store<u32>(e, vpn, E_VPN);
  store<u32>(e, frame, E_FRAME);
  store<u32>(e, pcid, E_PCID);
  store<u32>(e, flags | TLB_FLAG_VALID | E_INDEXED, E_FLAGS);
  store<u32>(INDEX + (vpn << 2), indexWord(frame, flags));
  store<u32>(STAMPS + (vpn << 2), clock);
  return slot;
}

/** Updates an entry after a dirty-bit walk. */
export function update(slot: u32, frame: u32, flags: u32): void {
  const e = entry(slot);
  store<u32>(e, frame, E_FRAME);
  store<u32>(e, flags | TLB_FLAG_VALID | (load<u32>(e, E_FLAGS) & E_INDEXED), E_FLAGS);
  if (load<u32>(e, E_FLAGS) & E_INDEXED) refreshIndex(slot);
}

/**
 * Drops every entry (or every non-global one), in L1 and the STLB. Returns
 * how many L1 entries were dropped. Always forgets the cached fetch
 * translation.
 */
export function flushModel(keepGlobal: bool): u32 {
  const n = tlbEntries();
  let dropped: u32 = 0;
  for (let slot: u32 = 0; slot < n; slot++) {
    const e = entry(slot);
    const f = load<u32>(e, E_FLAGS);
    if ((f & TLB_FLAG_VALID) == 0) continue;
    if (keepGlobal && (f & TLB_FLAG_GLOBAL) != 0) continue;
    if (f & E_INDEXED) store<u32>(INDEX + (load<u32>(e, E_VPN) << 2), 0);
    store<u32>(e, 0, E_FLAGS);
    dropped++;
  }
  if (keepGlobal && dropped != 0) reindexAll();
  invalidateFetch();
  if (stlbOn()) stlbFlush(keepGlobal);
  return dropped;
}

/** After entries left or the context changed: index every in-context entry a lookup would find. */
function reindexAll(): void {
  const n = tlbEntries();
  const pcid = currentPcid();
  for (let slot: u32 = 0; slot < n; slot++) {
    if ((slotFlags(slot) & E_INDEXED) == 0 && inContext(slot, pcid)) reindexVpn(slotVpn(slot));
  }
}

/** invlpg: drops the entries for vpn usable now (current PCID and global), in both levels. Returns the L1 count. */
export function invalidatePage(vpn: u32): u32 {
  const base = setBase(vpn);
  const n = ways();
  const pcid = currentPcid();
  let dropped: u32 = 0;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if (slotVpn(slot) == vpn && inContext(slot, pcid)) {
      dropSlot(slot);
      dropped++;
    }
  }
  if (load<u32>(S_FETCH_PAGE) >>> 12 == vpn) invalidateFetch();
  if (stlbOn()) stlbInvalidatePage(vpn, pcid);
  return dropped;
}

@inline function taggedNonGlobal(slot: u32, pcid: u32): bool {
  return (slotFlags(slot) & (TLB_FLAG_VALID | TLB_FLAG_GLOBAL)) == TLB_FLAG_VALID && slotPcid(slot) == pcid;
}

/**
 * INVPCID type 0: drops the non-global entries for vpn tagged with pcid (any
 * PCID, current or not), in both levels. Returns the L1 count.
 */
export function invalidatePcidPage(vpn: u32, pcid: u32): u32 {
  const base = setBase(vpn);
  const n = ways();
  let dropped: u32 = 0;
  for (let w: u32 = 0; w < n; w++) {
    const slot = base + w;
    if (slotVpn(slot) == vpn && taggedNonGlobal(slot, pcid)) {
      dropSlot(slot);
      dropped++;
    }
  }
  if (load<u32>(S_FETCH_PAGE) >>> 12 == vpn) invalidateFetch();
  if (stlbOn()) stlbInvalidatePcidPage(vpn, pcid);
  return dropped;
}

/** INVPCID type 1: drops every non-global entry tagged with pcid, in both levels. Returns the L1 count. */
export function invalidatePcid(pcid: u32): u32 {
  const n = tlbEntries();
  let dropped: u32 = 0;
  for (let slot: u32 = 0; slot < n; slot++) {
    if (taggedNonGlobal(slot, pcid)) {
      dropSlot(slot);
      dropped++;
    }
  }
  invalidateFetch();
  if (stlbOn()) stlbInvalidatePcid(pcid);
  return dropped;
}

/**
 * The current PCID changed without a flush (CR4.PCIDE): the old context's
 * entries leave the index, the new context's entries enter it. Call after
 * cr3 holds the new value.
 */
export function switchContext(): void {
  const n = tlbEntries();
  for (let slot: u32 = 0; slot < n; slot++) {
    const f = slotFlags(slot);
    if ((f & E_INDEXED) != 0 && (f & TLB_FLAG_GLOBAL) == 0) unindex(slot);
  }
  reindexAll();
  invalidateFetch();
}

/** Drops every model entry (both levels) and its index word without counting (CPU reset). */
export function clearModel(): void {
  flushModel(false);
  stlbClear();
  store<u32>(S_CLOCK, 1);
  store<u32>(S_CLOCK_SYNCED, 1);
  store<u32>(S_FIFO_SEQ, 1);
}

/** Paging off: every RAM page maps to itself with every permission. */
export function fillIdentity(): void {
  const pages = ramSize() >>> 12;
  for (let p: u32 = 0; p < pages; p++) store<u32>(INDEX + (p << 2), (RAM + (p << 12)) | IX_ALL);
}

export function clearIdentity(): void {
  memory.fill(INDEX, 0, (ramSize() >>> 12) << 2);
}

/**
 * Keeps the LRU clock and the FIFO sequence far from wrapping: when either
 * passes 2^31, renumbers each set's stamps (or sequence numbers) 1..ways in
 * the same order. Replacement decisions are unchanged.
 */
export function renormalize(): void {
  if (load<u32>(S_CLOCK) >= 0x80000000) {
    accountFastHits();
    rankAll(true);
    store<u32>(S_CLOCK, ways() + 1);
    store<u32>(S_CLOCK_SYNCED, ways() + 1);
  }
  if (load<u32>(S_FIFO_SEQ) >= 0x80000000) {
    rankAll(false);
    store<u32>(S_FIFO_SEQ, ways() + 1);
  }
}

function rankAll(stamps: bool): void {
  const n = ways();
  const total = tlbEntries();
  for (let base: u32 = 0; base < total; base += n) {
    // Two passes: compute every rank from the old values, then write them.
    for (let w: u32 = 0; w < n; w++) {
      const slot = base + w;
      if ((slotFlags(slot) & TLB_FLAG_VALID) == 0) continue;
      const mine = stamps ? effectiveStamp(slot) : load<u32>(entry(slot), E_SEQ);
      let rank: u32 = 1;
      for (let v: u32 = 0; v < n; v++) {
        const other = base + v;
        if ((slotFlags(other) & TLB_FLAG_VALID) == 0) continue;
        const theirs = stamps ? effectiveStamp(other) : load<u32>(entry(other), E_SEQ);
        if (theirs < mine) rank++;
      }
      store<u32>(entry(slot), rank, 28); // scratch word of the entry
    }
    for (let w: u32 = 0; w < n; w++) {
      const slot = base + w;
      const f = slotFlags(slot);
      if ((f & TLB_FLAG_VALID) == 0) continue;
      const rank = load<u32>(entry(slot), 28);
      if (!stamps) store<u32>(entry(slot), rank, E_SEQ);
      else if (f & E_INDEXED) store<u32>(STAMPS + (slotVpn(slot) << 2), rank);
      else store<u32>(entry(slot), rank, E_STAMP);
    }
  }
}

/** Exported flag bits of a model entry (TLB_FLAG_*), without internal bits. */
export function exportedFlags(slot: u32): u32 {
  return slotFlags(slot) & (TLB_FLAG_VALID | TLB_FLAG_RW | TLB_FLAG_US | TLB_FLAG_DIRTY | TLB_FLAG_GLOBAL);
}
