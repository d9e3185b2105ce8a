// The core's half of the compiled tier: which blocks are hot, where their
// compiled code is, and when it must be thrown away.
//
// Who compiles. The host does (vm/host/jit/): a block becomes a WebAssembly
// function that imports this core's memory and a few slow-path helpers, and
// the host puts it in this module's function table. The core has no imports
// (index.ts), and `new WebAssembly.Module(bytes)` is a host API anyway, so
// the split is: the core counts and queues requests while it runs, the host
// compiles the queue between two run() calls, and installs each function with
// jitInstall(). Guest execution is the same whether a block is compiled now
// or later, so when the host gets round to it cannot change any result.
//
// The tables live after guest RAM, outside [0, memoryEnd): they are not
// machine state, snapshots do not contain them, and time travel's state
// comparisons never see them. Each machine init() recreates them empty.
//
//   MAP    JIT_LIMITS_MAP_ENTRIES entries of 16 bytes, direct mapped by the
//          host address p of a block's first instruction:
//          p, table index of its function (0 = none yet), the PAGES word the
//          block was compiled against, the number of entries counted so far.
//   QUEUE  host addresses of blocks that just became hot (for the host).
//   PAGES  one u32 per 4 KiB of the core's memory below the end of RAM:
//          generation << 1 | 1 while blocks compiled from that page exist.
//          A write to a page with bit 0 set makes the word (generation + 1)
//          << 1: every block of the page is then stale (its recorded word no
//          longer matches) and stores there stop paying for the check.
//
// Self-modifying code: every store into guest RAM goes through codeWrite()
// (the interpreter's fast stores, compiled stores, and physWrite in mmu.ts),
// so no block runs once its bytes may have changed; host writes to RAM
// (loading a program, restoring a snapshot) call jitFlush() or, through the
// host's tier, jitPageChanged() for each page of compiled code they changed.
// Blocks are keyed by the physical (host) address and never cross a page:
// the interpreter resolves eip to p through the TLB model before entering one, so CR3 writes and
// invlpg need no action here. The paging mode (MODE_BITS of cr0 and cr4) is
// built into compiled code: a block entered in another mode returns
// JIT_EXIT_MODE having done nothing, and forgetHandedOver() makes it count
// from scratch, to be compiled again for the mode it is now needed in.

import { JIT_LIMITS_HOT_THRESHOLD, JIT_LIMITS_MAP_ENTRIES, JIT_LIMITS_QUEUE } from './generated';
import * as G from './generated';
import {
  E_FLAGS, E_FRAME, E_INDEXED, E_PCID, E_VPN, INDEX, IX_RS, IX_RU, IX_WS, IX_WU, OPCOST,
  OPCOST_NOT_TAKEN, OPCOST_TAKEN, RAM, REGS, STAMPS, S_BP_COUNT, S_CLOCK, S_CLOCK_SYNCED, S_COSTS, S_COUNTERS, S_CR0, S_CR3,
  S_CR4, S_CYCLES, S_EIP, S_FA, S_FB, S_FETCH_BASE, S_FETCH_HOST, S_FETCH_LEN, S_FETCH_PAGE, S_FETCH_PAGE_HOST, S_FETCH_VALID, S_FK,
  S_INSTRET, S_RAM_SIZE, S_RMASK, S_STLB_ENTRIES, S_TLB_POLICY, S_TLB_SETS, S_TLB_WAYS, S_WMASK, TLB,
  TLB_ENTRY_BYTES, ramSize,
} from './layout';

/** Scalars: on, the block to enter, its p, the deadline, the queue length, probe-first flag. */
const J_ON: u32 = 0;
const J_FN: u32 = 4;
const J_P: u32 = 8;
const J_DEADLINE: u32 = 16; // u64
const J_QLEN: u32 = 24;
const J_PROBE_FIRST: u32 = 28;
const J_ENTERED: u32 = 32; // u64: compiled functions (regions) entered from the run loop (a statistic for the host)
const J_THRESHOLD: u32 = 40; // entries counted before a block is queued
const J_QUEUE: u32 = 64;
const J_MAP: u32 = J_QUEUE + JIT_LIMITS_QUEUE * 4;
const MAP_BYTES: u32 = JIT_LIMITS_MAP_ENTRIES * 16;
const J_PAGES: u32 = J_MAP + MAP_BYTES;

/** Where the tables start (after RAM, 64 KiB aligned); set by jitPlace(). */
let jitBase: u32 = 0;
/** PAGES, as an absolute address (read by every store: a global, not a load). */
export let jitPages: u32 = 0;
let jitMap: u32 = 0;

/** Bytes the tables need for a machine whose RAM ends at ramEnd. */
export function jitAreaBytes(ramEnd: u32): u32 {
  return J_PAGES + ((ramEnd + 0xfff) >>> 12) * 4;
}

/** Places the tables at base (after RAM) and clears them; init() grew memory for them. */
export function jitPlace(base: u32, ramEnd: u32): void {
  jitBase = base;
  jitMap = base + J_MAP;
  jitPages = base + J_PAGES;
  memory.fill(base, 0, jitAreaBytes(ramEnd));
}

/**
 * Does the run loop use the tier? Breakpoints need no exception: a block is
 * only entered from the fast fetch window, which is never open on a page
 * that holds a breakpoint (mmu.ts setWindow), and a block never leaves its
 * page, so no compiled code runs past a breakpoint; with any set, every
 * page change goes through the slow fetch, which checks them.
 */
@inline export function jitOn(): bool {
  return load<u32>(jitBase + J_ON) != 0;
}

/** Turns the tier on or off; threshold 0 means the default (JIT_LIMITS_HOT_THRESHOLD). */
export function jitSetOn(on: bool, threshold: u32): void {
  store<u32>(jitBase + J_ON, on ? 1 : 0);
  store<u32>(jitBase + J_THRESHOLD, threshold != 0 ? threshold : JIT_LIMITS_HOT_THRESHOLD);
}

export function jitIsOn(): bool {
  return load<u32>(jitBase + J_ON) != 0;
}

/** Forgets every compiled block and every count (the functions stay in the host's cache). */
export function jitFlush(): void {
  memory.fill(jitMap, 0, MAP_BYTES);
  store<u32>(jitBase + J_QLEN, 0);
}

/**
 * Forgets the entries counted for blocks not compiled (and the queue), and
 * keeps the compiled ones: a new program earns its compiling in its own run,
 * not with entries its predecessor made at the same addresses.
 */
export function jitForgetCounts(): void {
  for (let e = jitMap; e < jitMap + MAP_BYTES; e += 16) {
    if (load<u32>(e, 4) == 0) store<u32>(e, 0, 12);
  }
  store<u32>(jitBase + J_QLEN, 0);
}

// ---------------------------------------------------------------------------
// The hot path: called (inlined) from the interpreter's jit template.

/**
 * A store of any size at host address ha (within one page) happened: if
 * blocks were compiled from that page, they are stale from now on.
 */
@inline export function codeWrite(ha: u32): void {
  const w = jitPages + ((ha >>> 12) << 2);
  const v = load<u32>(w);
  if (v & 1) store<u32>(w, v + 1);
}

/** MAP's entry for the block at host address p (direct mapped: it may hold another block). */
@inline function mapEntry(p: u32): u32 {
  return jitMap + ((((p >>> 2) ^ (p >>> 16)) & (JIT_LIMITS_MAP_ENTRIES - 1)) << 4);
}

/**
 * The interpreter is about to run the instruction at host address p, reached
 * by a branch. Returns the table index of a valid compiled block starting
 * there, or 0 after counting the entry (and queueing p when it becomes hot).
 */
@inline export function probe(p: u32): u32 {
  const e = mapEntry(p);
  if (load<u32>(e) != p) {
    store<u32>(e, p);
    store<u32>(e, 0, 4);
    store<u32>(e, 1, 12);
    return 0;
  }
  const fn = load<u32>(e, 4);
  if (fn != 0) {
    if (load<u32>(e, 8) == load<u32>(jitPages + ((p >>> 12) << 2))) return fn;
    // Its page was written since: count again from scratch, compile the new bytes when hot.
    store<u32>(e, 0, 4);
    store<u32>(e, 0, 12);
    return 0;
  }
  const n = load<u32>(e, 12) + 1;
  store<u32>(e, n, 12);
  if (n == load<u32>(jitBase + J_THRESHOLD)) {
    const q = load<u32>(jitBase + J_QLEN);
    if (q < JIT_LIMITS_QUEUE) {
      store<u32>(jitBase + J_QUEUE + (q << 2), p);
      store<u32>(jitBase + J_QLEN, q + 1);
    }
  }
  return 0;
}

/** Records the block the interpreter hands over to (the run loop calls it next). */
@inline export function handOver(fn: u32, p: u32, deadline: u64): void {
  store<u32>(jitBase + J_FN, fn);
  store<u32>(jitBase + J_P, p);
  store<u64>(jitBase + J_DEADLINE, deadline);
}

/** Runs the block handed over (its region, which may run more of its blocks before it returns); returns its JIT_EXIT code. */
export function enterBlock(): u32 {
  const b = jitBase;
  store<u64>(b + J_ENTERED, load<u64>(b + J_ENTERED) + 1);
  return call_indirect<u32>(load<u32>(b + J_FN), load<u32>(S_EIP), load<u32>(b + J_P), load<u64>(b + J_DEADLINE));
}

/**
 * The block handed over returned JIT_EXIT_MODE (compiled for another paging
 * mode, it ran nothing): it is no longer installed, and its entries count
 * from scratch, as after a write to its page.
 */
export function forgetHandedOver(): void {
  const p = load<u32>(jitBase + J_P);
  const e = mapEntry(p);
  if (load<u32>(e) != p) return;
  store<u32>(e, 0, 4);
  store<u32>(e, 0, 12);
}

/** Whether the interpreter's next fetch should look for a block first (after a block chained to it). */
@inline export function probeFirst(): bool {
  return load<u32>(jitBase + J_PROBE_FIRST) != 0;
}

export function setProbeFirst(on: bool): void {
  store<u32>(jitBase + J_PROBE_FIRST, on ? 1 : 0);
}

// ---------------------------------------------------------------------------
// The host's side.

export function jitQueueLength(): u32 {
  return load<u32>(jitBase + J_QLEN);
}

export function jitQueued(i: u32): u32 {
  return i < load<u32>(jitBase + J_QLEN) ? load<u32>(jitBase + J_QUEUE + (i << 2)) : 0;
}

export function jitQueueClear(): void {
  store<u32>(jitBase + J_QLEN, 0);
}

export function jitBlocksEntered(): u64 {
  return load<u64>(jitBase + J_ENTERED);
}

/**
 * Makes fn (a table index) the block at host address p, compiled from the
 * page's current bytes. Returns 0, or 1 when p is not in RAM or fn is 0.
 */
export function jitInstall(p: u32, fn: u32): u32 {
  if (p < RAM || p - RAM >= ramSize() || fn == 0) return 1;
  const w = jitPages + ((p >>> 12) << 2);
  const word = load<u32>(w) | 1;
  store<u32>(w, word);
  const e = mapEntry(p);
  store<u32>(e, p);
  store<u32>(e, fn, 4);
  store<u32>(e, word, 8);
  store<u32>(e, 0, 12);
  return 0;
}

/**
 * The host changed the bytes of the page holding host address p (restoring a
 * snapshot whose copy of that page differs): its blocks are stale, as after a
 * guest store there. Returns 0, or 1 when p is not in RAM.
 */
export function jitPageChanged(p: u32): u32 {
  if (p < RAM || p - RAM >= ramSize()) return 1;
  codeWrite(p);
  return 0;
}

/** The addresses (and the few values) a compiled block works with (JIT_LAYOUT order); 0 for an unknown index. */
export function jitLayout(i: u32): u32 {
  switch (i) {
    case G.JIT_LAYOUT_REGS: return REGS;
    case G.JIT_LAYOUT_EIP: return S_EIP;
    case G.JIT_LAYOUT_CYCLES: return S_CYCLES;
    case G.JIT_LAYOUT_INSTRET: return S_INSTRET;
    case G.JIT_LAYOUT_FK: return S_FK;
    case G.JIT_LAYOUT_FA: return S_FA;
    case G.JIT_LAYOUT_FB: return S_FB;
    case G.JIT_LAYOUT_CLOCK: return S_CLOCK;
    case G.JIT_LAYOUT_INDEX: return INDEX;
    case G.JIT_LAYOUT_STAMPS: return STAMPS;
    case G.JIT_LAYOUT_RMASK: return S_RMASK;
    case G.JIT_LAYOUT_WMASK: return S_WMASK;
    case G.JIT_LAYOUT_PAGES: return jitPages;
    case G.JIT_LAYOUT_OPCOST: return OPCOST;
    case G.JIT_LAYOUT_OPCOST_NOT_TAKEN: return OPCOST_NOT_TAKEN;
    case G.JIT_LAYOUT_OPCOST_TAKEN: return OPCOST_TAKEN;
    case G.JIT_LAYOUT_FETCH_BASE: return S_FETCH_BASE;
    case G.JIT_LAYOUT_FETCH_LEN: return S_FETCH_LEN;
    case G.JIT_LAYOUT_FETCH_HOST: return S_FETCH_HOST;
    case G.JIT_LAYOUT_TLB: return TLB;
    case G.JIT_LAYOUT_TLB_SETS: return S_TLB_SETS;
    case G.JIT_LAYOUT_TLB_WAYS: return S_TLB_WAYS;
    case G.JIT_LAYOUT_TLB_POLICY: return S_TLB_POLICY;
    case G.JIT_LAYOUT_STLB_ENTRIES: return S_STLB_ENTRIES;
    case G.JIT_LAYOUT_CLOCK_SYNCED: return S_CLOCK_SYNCED;
    case G.JIT_LAYOUT_CR0: return S_CR0;
    case G.JIT_LAYOUT_CR3: return S_CR3;
    case G.JIT_LAYOUT_CR4: return S_CR4;
    case G.JIT_LAYOUT_COUNTERS: return S_COUNTERS;
    case G.JIT_LAYOUT_COSTS: return S_COSTS;
    case G.JIT_LAYOUT_FETCH_VALID: return S_FETCH_VALID;
    case G.JIT_LAYOUT_FETCH_PAGE: return S_FETCH_PAGE;
    case G.JIT_LAYOUT_FETCH_PAGE_HOST: return S_FETCH_PAGE_HOST;
    case G.JIT_LAYOUT_BP_COUNT: return S_BP_COUNT;
    case G.JIT_LAYOUT_RAM: return RAM;
    case G.JIT_LAYOUT_RAM_SIZE: return S_RAM_SIZE;
    case G.JIT_LAYOUT_TLB_ENTRY_BYTES: return TLB_ENTRY_BYTES;
    case G.JIT_LAYOUT_E_VPN: return E_VPN;
    case G.JIT_LAYOUT_E_FRAME: return E_FRAME;
    case G.JIT_LAYOUT_E_PCID: return E_PCID;
    case G.JIT_LAYOUT_E_FLAGS: return E_FLAGS;
    case G.JIT_LAYOUT_E_INDEXED: return E_INDEXED;
    case G.JIT_LAYOUT_IX_RS: return IX_RS;
    case G.JIT_LAYOUT_IX_WS: return IX_WS;
    case G.JIT_LAYOUT_IX_RU: return IX_RU;
    case G.JIT_LAYOUT_IX_WU: return IX_WU;
    default: return 0;
  }
}
