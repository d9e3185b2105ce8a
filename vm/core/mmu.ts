// The MMU: page walks, TLB lookups on the slow path, physical memory, and
// the slow paths of data access and instruction fetch.
//
// The interpreter serves most accesses itself from the flat index (see
// tlb.ts). Whatever it cannot serve comes here: a TLB miss, a write to a page
// whose entry is not yet dirty, a permission the cached entry denies, an
// access that crosses a page or leaves RAM. Each data access is one lookup per
// page it touches. Faults are recorded (S_FAULT_*) for the run loop to
// deliver; nothing here changes registers.
//
// Physical addresses outside RAM read as all-ones; writes to them are ignored.

import {
  COST_MEM_ACCESS, COST_PAGE_WALK, COST_PAGE_WALK_A_D, COST_STLB_HIT, COUNTER_PAGE_FAULTS, COUNTER_PAGE_WALKS,
  COUNTER_STLB_HITS, COUNTER_STLB_MISSES, COUNTER_TLB_HITS, COUNTER_TLB_MISSES, CR0_WP, CR4_PGE, FETCH_WINDOW_SPAN,
  JIT_EXIT_CHAIN, JIT_EXIT_FAULT, JIT_EXIT_SLOW, OPCODE_LENGTHS, PTE_A, PTE_D, PTE_FRAME_MASK, PTE_G,
  PTE_P, PTE_RW, PTE_US, STOP_BREAKPOINT, TLB_FLAG_DIRTY, TLB_FLAG_GLOBAL, TLB_FLAG_RW, TLB_FLAG_US, VECTOR_PF,
} from './generated';
import { count, countBy } from './events';
import {
  BOUNCE, FETCH_BUF, INDEX, IX_RS, IX_RU, IX_WS, IX_WU, ONES, RAM, S_BP_COUNT, S_BREAKPOINTS, S_CLOCK, S_CPL,
  S_CR0, S_CR2, S_CR3, S_CR4, S_CYCLES, S_FAULT_ERR, S_FAULT_PENDING, S_FAULT_VEC, S_FETCH_BASE,
  S_FETCH_HOST, S_FETCH_LEN, S_FETCH_PAGE, S_FETCH_PAGE_HOST, S_FETCH_VALID, S_ONESHOT,
  S_RUN_START_CYCLES, S_RUN_START_EIP, S_STLB_ENTRIES, STAMPS, addCycles, cost, pagingOn, ramSize,
} from './layout';
import {
  stlbFill, stlbFind, stlbFlags, stlbFrame, stlbInvalidatePage, stlbOn, stlbPcid, stlbTouch, stlbUpdate,
} from './stlb';
import { codeWrite } from './jit';
import {
  accountFastHits, currentPcid, dropSlot, fill, fillSlot, findIndexed, slotFlags, slotFrame, slowTick, update,
} from './tlb';

// ---------------------------------------------------------------------------
// Bookkeeping shared with the run loop.

/**
 * Brings memory up to date with the interpreter's cycle counter before a slow
 * path runs, and counts the fast path's hits so far.
 */
export function sync(cyc: u64): void {
  store<u64>(S_CYCLES, cyc);
  accountFastHits();
}

function recordFault(vector: u32, err: u32): void {
  store<u32>(S_FAULT_PENDING, 1);
  store<u32>(S_FAULT_VEC, vector);
  store<u32>(S_FAULT_ERR, err);
}

/** Records a #PF at va: error code P (protection), W (write), U (user mode). */
function pageFault(va: u32, present: bool, write: bool, user: bool): i64 {
  store<u32>(S_CR2, va);
  count(COUNTER_PAGE_FAULTS);
  recordFault(VECTOR_PF, (present ? 1 : 0) | (write ? 2 : 0) | (user ? 4 : 0));
  return -1;
}

// ---------------------------------------------------------------------------
// Physical memory.

export function physRead32(pa: u32): u32 {
  // Page-table entries are aligned, so a dword is either all in RAM or all out.
  return pa < ramSize() ? load<u32>(RAM + pa) : 0xffffffff;
}

function physWrite32(pa: u32, v: u32): void {
  if (pa < ramSize()) {
    store<u32>(RAM + pa, v);
    codeWrite(RAM + pa);
  }
}

function physRead8(pa: u32): u32 {
  return pa < ramSize() ? <u32>load<u8>(RAM + pa) : 0xff;
}

function physWrite8(pa: u32, v: u32): void {
  if (pa < ramSize()) {
    store<u8>(RAM + pa, <u8>v);
    codeWrite(RAM + pa);
  }
}

// ---------------------------------------------------------------------------
// Page walk and translation.

/**
 * Walks the two-level page table for va. On success sets A in the PDE and
 * PTE (and D in the PTE for a write) and returns frame << 12 | TLB_FLAG bits;
 * on a fault records #PF and returns -1 without touching A/D. Every walk
 * counts one page walk and costs pageWalk (+ pageWalkAD if it set a bit).
 */
function walk(va: u32, write: bool, user: bool): i64 {
  return walkInline(va, write, user);
}

/** walk() itself, inlined into the miss path (walkFill). */
@inline function walkInline(va: u32, write: bool, user: bool): i64 {
  count(COUNTER_PAGE_WALKS);
  addCycles(cost(COST_PAGE_WALK));
  const pdeAddr = (load<u32>(S_CR3) & PTE_FRAME_MASK) + ((va >>> 22) << 2);
  const pde = physRead32(pdeAddr);
  if ((pde & PTE_P) == 0) return pageFault(va, false, write, user);
  const pteAddr = (pde & PTE_FRAME_MASK) + (((va >>> 12) & 0x3ff) << 2);
  const pte = physRead32(pteAddr);
  if ((pte & PTE_P) == 0) return pageFault(va, false, write, user);
  const rw = (pde & pte & PTE_RW) != 0;
  const us = (pde & pte & PTE_US) != 0;
  if (user && !us) return pageFault(va, true, write, user);
  if (write && !rw && (user || (load<u32>(S_CR0) & CR0_WP) != 0)) return pageFault(va, true, write, user);
  let setBits = false;
  if ((pde & PTE_A) == 0) {
    physWrite32(pdeAddr, pde | PTE_A);
    setBits = true;
  }
  const newPte = pte | PTE_A | (write ? PTE_D : 0);
  if (newPte != pte) {
    physWrite32(pteAddr, newPte);
    setBits = true;
  }
  if (setBits) addCycles(cost(COST_PAGE_WALK_A_D));
  let flags: u32 = 0;
  if (rw) flags |= TLB_FLAG_RW;
  if (us) flags |= TLB_FLAG_US;
  if (newPte & PTE_D) flags |= TLB_FLAG_DIRTY;
  if ((pte & PTE_G) != 0 && (load<u32>(S_CR4) & CR4_PGE) != 0) flags |= TLB_FLAG_GLOBAL;
  return <i64>((pte & PTE_FRAME_MASK) | flags);
}

/** Whether cached TLB_FLAG permissions f deny the access (which then faults without a walk). */
@inline function denies(f: u32, write: bool, user: bool): bool {
  return (user && (f & TLB_FLAG_US) == 0) ||
    (write && (f & TLB_FLAG_RW) == 0 && (user || (load<u32>(S_CR0) & CR0_WP) != 0));
}

/** A page fault on va drops the STLB's entries for its page too (x86 invalidates every level). */
function faultDropsStlb(vpn: u32): void {
  if (stlbOn()) stlbInvalidatePage(vpn, currentPcid());
}

/**
 * One TLB lookup (and, on a miss, a walk and a fill) for the page holding va.
 * Returns the physical address of va, or -1 after recording a fault.
 *
 * A hit whose cached permissions deny the access faults without a walk, and
 * (as on x86) the page fault drops that entry. A write through an entry that
 * is not yet dirty is a hit followed by a walk that sets D. With an STLB, an
 * L1 miss looks there before walking (stlbTranslate).
 *
 * Inlined into each caller, so that the commonest slow path, a miss, is one
 * call (walkFill) from the data access paths. (Inlining the walk and the fill
 * too made the miss slower: the callers grew and spilled more.)
 */
@inline export function translate(va: u32, write: bool, user: bool): i64 {
  if (!pagingOn()) return <i64>va;
  if (load<u32>(INDEX + ((va >>> 12) << 2)) != 0) return translateHit(va, write, user);
  count(COUNTER_TLB_MISSES);
  if (load<u32>(S_STLB_ENTRIES) != 0) return stlbTranslate(va, write, user);
  return walkFill(va, write, user);
}

/** translate() for a page the index holds: an L1 hit. */
function translateHit(va: u32, write: bool, user: bool): i64 {
  const vpn = va >>> 12;
  count(COUNTER_TLB_HITS);
  store<u32>(STAMPS + (vpn << 2), slowTick());
  const slot = <u32>findIndexed(vpn);
  const f = slotFlags(slot);
  if (denies(f, write, user)) {
    dropSlot(slot);
    faultDropsStlb(vpn);
    return pageFault(va, true, write, user);
  }
  if (write && (f & TLB_FLAG_DIRTY) == 0) {
    const w = walk(va, true, user);
    if (w < 0) {
      dropSlot(slot);
      faultDropsStlb(vpn);
      return -1;
    }
    update(slot, <u32>w >>> 12, <u32>w & 0xfff);
  }
  return <i64>((slotFrame(slot) << 12) | (va & 0xfff));
}

/** translate() after an L1 miss without an STLB (counted): walk, and fill L1. */
function walkFill(va: u32, write: bool, user: bool): i64 {
  const w = walkInline(va, write, user);
  if (w < 0) return -1;
  fillSlot(va >>> 12, <u32>w >>> 12, <u32>w & 0xfff, currentPcid());
  return <i64>((<u32>w & 0xfffff000) | (va & 0xfff));
}

/**
 * An L1 miss with an STLB. A hit (STLB_HITS + 1, stlbHit cycles) becomes
 * most recently used and fills L1 from the entry, without a walk: the same
 * permission rules as an L1 hit (a denial faults and drops the entry; a write
 * through an entry that is not dirty walks to set D, and updates it). A miss
 * (STLB_MISSES + 1) walks and fills both levels.
 */
function stlbTranslate(va: u32, write: bool, user: bool): i64 {
  const vpn = va >>> 12;
  const pcid = currentPcid();
  const found = stlbFind(vpn, pcid);
  if (found >= 0) {
    const slot = <u32>found;
    count(COUNTER_STLB_HITS);
    addCycles(cost(COST_STLB_HIT));
    stlbTouch(slot);
    const f = stlbFlags(slot);
    if (denies(f, write, user)) {
      faultDropsStlb(vpn);
      return pageFault(va, true, write, user);
    }
    if (write && (f & TLB_FLAG_DIRTY) == 0) {
      const w = walk(va, true, user);
      if (w < 0) {
        faultDropsStlb(vpn);
        return -1;
      }
      stlbUpdate(slot, <u32>w >>> 12, <u32>w & 0xfff);
    }
    const frame = stlbFrame(slot);
    fill(vpn, frame, stlbFlags(slot), stlbPcid(slot));
    return <i64>((frame << 12) | (va & 0xfff));
  }
  count(COUNTER_STLB_MISSES);
  const w = walk(va, write, user);
  if (w < 0) return -1;
  const frame = <u32>w >>> 12;
  const flags = <u32>w & 0xfff;
  fill(vpn, frame, flags, pcid);
  stlbFill(vpn, frame, flags, pcid);
  return <i64>((frame << 12) | (va & 0xfff));
}

// ---------------------------------------------------------------------------
// Data access slow paths (called by the interpreter with its cycle count).

@inline function maskIsWrite(mask: u32): bool {
  return (mask & (IX_WS | IX_WU)) != 0;
}

@inline function maskIsUser(mask: u32): bool {
  return (mask & (IX_RU | IX_WU)) != 0;
}

/**
 * Host address from which `size` bytes at va can be read, or 0 after a
 * fault. `mask` is the index bit the access needed (a write bit for the read
 * half of a read-modify-write, so a read-only page faults with W=1 and the
 * walk sets D). Accesses that cross a page or leave RAM are assembled in
 * BOUNCE.
 */
export function slowRead(va: u32, mask: u32, size: u32, cyc: u64): u32 {
  return slowReadInline(va, mask, size, cyc);
}

/** slowRead() itself, also inlined into the core's export for compiled blocks (index.ts, jitRead): one call less per miss. */
@inline export function slowReadInline(va: u32, mask: u32, size: u32, cyc: u64): u32 {
  sync(cyc);
  return readAccess(va, size, maskIsWrite(mask), maskIsUser(mask));
}

@inline function readAccess(va: u32, size: u32, write: bool, user: bool): u32 {
  const first = translate(va, write, user);
  if (first < 0) return 0;
  const pa = <u32>first;
  const inPage: u32 = 4096 - (va & 0xfff);
  if (size <= inPage) {
    if (<u64>pa + <u64>size <= <u64>ramSize()) return RAM + pa;
    for (let i: u32 = 0; i < size; i++) store<u8>(BOUNCE + i, <u8>physRead8(pa + i));
    return BOUNCE;
  }
  const second = translate(va + inPage, write, user);
  if (second < 0) return 0;
  for (let i: u32 = 0; i < inPage; i++) store<u8>(BOUNCE + i, <u8>physRead8(pa + i));
  for (let i: u32 = inPage; i < size; i++) store<u8>(BOUNCE + i, <u8>physRead8(<u32>second + i - inPage));
  return BOUNCE;
}

/** Writes `size` bytes of v at va. Returns false after a fault (nothing written). */
export function slowWrite(va: u32, size: u32, v: u32, mask: u32, cyc: u64): bool {
  sync(cyc);
  return writeAccess(va, size, v, maskIsUser(mask));
}

function writeAccess(va: u32, size: u32, v: u32, user: bool): bool {
  const first = translate(va, true, user);
  if (first < 0) return false;
  const inPage: u32 = 4096 - (va & 0xfff);
  let second: i64 = 0;
  if (size > inPage) {
    second = translate(va + inPage, true, user);
    if (second < 0) return false;
  }
  for (let i: u32 = 0; i < size; i++) {
    const b = (v >>> (i << 3)) & 0xff;
    if (i < inPage) physWrite8(<u32>first + i, b);
    else physWrite8(<u32>second + i - inPage, b);
  }
  return true;
}

// ---------------------------------------------------------------------------
// Supervisor data accesses made by the CPU itself (IDT, TSS, interrupt
// frames, iret, lidt). Each is one data access: lookups as above, memAccess.

/** Reads size (<= 16) bytes at va into BOUNCE..; false after a fault. */
export function kread(va: u32, size: u32): bool {
  addCycles(cost(COST_MEM_ACCESS));
  const at = readAccess(va, size, false, false);
  if (at == 0) return false;
  if (at != BOUNCE) memory.copy(BOUNCE, at, size);
  return true;
}

export function kwrite32(va: u32, v: u32): bool {
  addCycles(cost(COST_MEM_ACCESS));
  return writeAccess(va, 4, v, false);
}

// ---------------------------------------------------------------------------
// Instruction fetch.

/** Host address of the page holding va for an instruction fetch, or 0 after a fault. */
function fetchPageHost(va: u32): u32 {
  const user = load<u32>(S_CPL) != 0;
  if (pagingOn()) {
    const vpn = va >>> 12;
    const e = load<u32>(INDEX + (vpn << 2));
    if ((e & (user ? IX_RU : IX_RS)) != 0) {
      count(COUNTER_TLB_HITS);
      store<u32>(STAMPS + (vpn << 2), slowTick());
      return e & 0xfffff000;
    }
    const pa = translate(va, false, user);
    if (pa < 0) return 0;
    const page = <u32>pa & 0xfffff000;
    return page < ramSize() ? RAM + page : ONES;
  }
  const page = va & 0xfffff000;
  return page < ramSize() ? RAM + page : ONES;
}

export function pageHasBreakpoint(page: u32): bool {
  const n = load<u32>(S_BP_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    if ((load<u32>(S_BREAKPOINTS + (i << 2)) & 0xfffff000) == page) return true;
  }
  return false;
}

function isBreakpoint(eip: u32): bool {
  const n = load<u32>(S_BP_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    if (load<u32>(S_BREAKPOINTS + (i << 2)) == eip) return true;
  }
  return false;
}

/** Execution is now on `page`, at host page `host`: the translation the window is made from. */
function cacheFetchPage(page: u32, host: u32): void {
  store<u32>(S_FETCH_PAGE, page);
  store<u32>(S_FETCH_PAGE_HOST, host);
  store<u32>(S_FETCH_VALID, 1);
}

/** Sets the fast fetch window for the cached page (empty if it holds a breakpoint). */
function setWindow(): void {
  const page = load<u32>(S_FETCH_PAGE);
  const bps = load<u32>(S_BP_COUNT);
  if (!pagingOn() && bps == 0) {
    // Paging off and nothing to stop at: all of RAM is one window.
    const size = ramSize();
    store<u32>(S_FETCH_BASE, 0);
    store<u32>(S_FETCH_LEN, size >= 12 ? size - 11 : 0);
    store<u32>(S_FETCH_HOST, RAM);
    return;
  }
  if (bps != 0 && pageHasBreakpoint(page)) {
    store<u32>(S_FETCH_LEN, 0);
    return;
  }
  store<u32>(S_FETCH_BASE, page);
  store<u32>(S_FETCH_LEN, FETCH_WINDOW_SPAN); // every eip whose longest instruction stays in the page
  store<u32>(S_FETCH_HOST, load<u32>(S_FETCH_PAGE_HOST));
}

/**
 * Fetch of the instruction at eip when the fast window does not cover it.
 * Looks the page up if execution just entered it (one TLB lookup), stops at a
 * breakpoint, and assembles an instruction that crosses into the next page
 * (one more lookup, and execution has then entered that page). Returns a host
 * pointer to the instruction bytes, or 0 for a fault or a breakpoint.
 * Memory holds the run loop's state when this is called.
 */
export function slowFetch(eip: u32): u32 {
  // A breakpoint stops before the page is looked up: the state at the stop is the
  // state any other stop at this boundary sees (the lookup comes when it executes).
  if (load<u32>(S_BP_COUNT) != 0 && isBreakpoint(eip)) {
    const resumed = eip == load<u32>(S_RUN_START_EIP) && load<u64>(S_CYCLES) == load<u64>(S_RUN_START_CYCLES);
    if (!resumed) {
      store<u32>(S_ONESHOT, STOP_BREAKPOINT);
      return 0;
    }
  }
  const page = eip & 0xfffff000;
  let host: u32;
  if (load<u32>(S_FETCH_VALID) != 0 && load<u32>(S_FETCH_PAGE) == page) {
    host = load<u32>(S_FETCH_PAGE_HOST);
  } else {
    host = fetchPageHost(eip);
    if (host == 0) return 0;
    cacheFetchPage(page, host);
  }
  const off = eip & 0xfff;
  let len = <u32>unchecked(OPCODE_LENGTHS[load<u8>(host + off)]);
  if (len == 0) len = 1; // undefined opcode: only its first byte matters (#UD)
  let p: u32;
  if (off + len <= 4096) {
    p = host + off;
    if (off + 4 > 4096) {
      // An undefined opcode in the last bytes of a page: the header is just that byte.
      store<u32>(FETCH_BUF, 0xffffff00 | <u32>load<u8>(p));
      p = FETCH_BUF;
    }
  } else {
    const next = page + 4096;
    const host2 = fetchPageHost(next);
    if (host2 == 0) return 0;
    const first = 4096 - off;
    memory.copy(FETCH_BUF, host + off, first);
    memory.copy(FETCH_BUF + first, host2, len - first);
    p = FETCH_BUF;
    cacheFetchPage(next, host2);
  }
  setWindow();
  return p;
}

/**
 * For compiled blocks: the fetch of the instruction at eip after a slow path
 * of the instruction before dropped the window (it evicted the code page's
 * TLB entry), as the interpreter's next fetch makes it in slowFetch: the one
 * lookup, then the window. The caller has checked that the deadline is not
 * reached (the interpreter would stop before fetching). cyc is the cycle
 * count now. Returns 0 if the window covers eip again, on host page `host`
 * (the block goes on); JIT_EXIT_FAULT if the fetch faulted (its #PF is
 * recorded, for eip); JIT_EXIT_SLOW if the page now maps to another frame
 * (fetched, the instruction runs, from the new window: the slow step's to
 * run); JIT_EXIT_CHAIN if the interpreter must fetch itself (breakpoints,
 * paging off, an instruction that may cross into the next page: nothing is
 * done).
 */
export function refetchForBlock(eip: u32, host: u32, cyc: u64): u32 {
  sync(cyc);
  if (load<u32>(S_BP_COUNT) != 0 || !pagingOn() || (eip & 0xfff) >= FETCH_WINDOW_SPAN) return JIT_EXIT_CHAIN;
  const got = fetchPageHost(eip);
  if (got == 0) return JIT_EXIT_FAULT;
  cacheFetchPage(eip & 0xfffff000, got);
  setWindow();
  return got == host ? 0 : JIT_EXIT_SLOW;
}

/**
 * Host-side breakpoint table changes: the window is recomputed from the
 * cached page at once (no lookup). Emptying it instead would make the next
 * fetch look the page up again, one TLB hit more than a run without the
 * change: setting a breakpoint must not change what the guest sees (time
 * travel replays with other breakpoints than the first pass had).
 */
export function breakpointsChanged(): void {
  if (load<u32>(S_FETCH_VALID) != 0) setWindow();
  else store<u32>(S_FETCH_LEN, 0);
}
