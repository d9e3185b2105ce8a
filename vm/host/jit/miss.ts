// A data access's TLB miss handled inside the compiled block: a second
// implementation of the core's miss path, for the common case only.
//
// For an access whose index word is 0, it does what these core functions do:
//   vm/core/mmu.ts  slowReadInline / slowWrite: sync (accountFastHits),
//                   translate (TLB_MISSES), walkFill and walkInline (PAGE_WALKS,
//                   pageWalk cycles, the two table reads, present and permission
//                   checks, the entry's TLB_FLAG bits);
//   vm/core/tlb.ts  fillSlot: victim and lruVictim4 (LRU, four ways), the
//                   eviction (TLB_EVICTIONS, the victim's index word), slowTick,
//                   the new entry, its index word (indexWord) and stamp.
// It is emitted only for the shape it knows (four-way LRU without a second
// level: JitLayout's INLINE_MISS, fixed from the machine's init), with
// paging on, and only where it pays (worthIt: in blocks that loop to their
// own entry, at their first four accesses). Everything else goes to the core's slow path
// (`slow`, the call the block made before), decided before anything is
// changed, so the state is the core's either way:
//   - an index word that is there (the entry denies this access: translateHit);
//   - an access that crosses a page;
//   - a walk that faults, reads a table outside RAM, maps a frame outside RAM,
//     or must set an accessed or dirty bit (the core writes the tables then,
//     and such a write may hit this block's own page), and a supervisor write
//     to a read-only page (allowed with CR0.WP clear);
//   - an eviction of an entry with a twin in its set (another PCID, or a
//     global one: the core reindexes the page).
// Evicting the page execution is on is done here: the fetch window goes with
// it (invalidateFetch), and the check after the instruction (memory.ts
// afterAccess) makes the next instruction's fetch as the interpreter would.
// CR0.WP, CR4.PGE and CR4.PCIDE are constants here: the block is compiled
// for the machine's paging mode (block.ts CompiledMode).
// Every constant comes from vm/isa (machine.ts, isa.ts) and every address and
// field offset from the core's jitLayout(). test/core/jit-miss.test.ts checks
// this file against the core on random accesses, shapes and policies.

import { COST_NAMES } from '../../isa/isa.js';
import { COUNTER, CR0, CR4, FETCH_WINDOW, JIT_EXIT, PTE, PTE_FRAME_MASK, TLB_FLAG } from '../../isa/machine.js';
import { JCC, OP } from './decode.js';
import type { Label } from './wasm.js';
import {
  Block, INLINE_MISS_WAYS as WAYS, JitLayout, L_CLK, L_CYC, L_DEADLINE, L_DROPPED, L_E, L_EIP, L_FL, L_GONE, L_HA, L_MIN,
  L_PAGE, L_PDE, L_PTE, L_RMASK, L_S, L_SET, L_SLOWED, L_STAMPS, L_T, L_VA, L_VIC, L_WMASK, modeHas,
} from './block.js';

/**
 * Where the miss is done in the block: in a block that loops back to its own
 * entry (where misses repeat), at its first MAX_SITES accesses. Each site
 * adds about 0.9 KiB of WebAssembly, which V8 compiles twice (Liftoff, then
 * TurboFan): at every access of every block, it made the shell pipeline of
 * test/bench/boot.ts a fifth to a third slower compiled; so the other
 * accesses call the core as before.
 */
const MAX_SITES = 4;
const sites = new WeakMap<Block, number>();

/** Whether the next access of block c gets the miss done in the block. */
function worthIt(c: Block): boolean {
  let n = sites.get(c);
  if (n === undefined) {
    const loops = c.insns.some((i) => (i.op in JCC || i.op === OP.JMP) && i.off + i.len + (i.w1 | 0) === c.o0);
    n = loops ? 0 : MAX_SITES;
  }
  sites.set(c, n + 1);
  return n < MAX_SITES;
}

const COST_PAGE_WALK = COST_NAMES.indexOf('pageWalk');
// The LRU search holds a set's stamps in the four lanes of one vector.
if (WAYS !== 4) throw new Error('miss.ts: the LRU search is written for four ways');

/** Moves the bit `from` of the i32 on the stack to the bit `to` (single-bit masks), clearing the others. */
function move(c: Block, from: number, to: number): void {
  scale(c, from, to);
  c.b.i32(to).and();
}

/** Multiplies the i32 on the stack by to / from (powers of two; its low bits are 0 where it divides). */
function scale(c: Block, from: number, to: number): void {
  const shift = Math.log2(to) - Math.log2(from);
  if (shift > 0) c.b.i32(shift).shl();
  else if (shift < 0) c.b.i32(-shift).shrU();
}

/**
 * indexWord's permission bits as a table: the nibble at 4 * key / KEY_UNIT,
 * for key the new entry's TLB_FLAG bits US, RW and DIRTY, in the compiled
 * mode's CR0.WP. Read RS; RU if US; WS once dirty if RW or WP clear; WU once
 * dirty if US and RW. One shift of a constant instead of a dozen bit moves
 * on the miss path.
 */
const KEY_FLAGS = TLB_FLAG.US | TLB_FLAG.RW | TLB_FLAG.DIRTY;
const KEY_UNIT = KEY_FLAGS & -KEY_FLAGS;
function ixTable(L: JitLayout): number {
  if (KEY_FLAGS / KEY_UNIT >= 8 || (L.IX_RS | L.IX_WS | L.IX_RU | L.IX_WU) >= 16) {
    throw new Error('miss.ts: the index bits must fit a nibble, and the TLB_FLAG key eight of them');
  }
  const wp = modeHas(L, 0, CR0.WP);
  let table = 0;
  for (let key = 0; key <= KEY_FLAGS; key += KEY_UNIT) {
    const us = (key & TLB_FLAG.US) !== 0, rw = (key & TLB_FLAG.RW) !== 0, dirty = (key & TLB_FLAG.DIRTY) !== 0;
    let ix = L.IX_RS;
    if (us) ix |= L.IX_RU;
    if (dirty && (rw || !wp)) ix |= L.IX_WS;
    if (dirty && us && rw) ix |= L.IX_WU;
    table |= ix << (4 * key / KEY_UNIT);
  }
  return table | 0;
}

/**
 * The miss of `last + 1` bytes at L_VA (index word in L_E, its address offset
 * in L_T) with the index bit in local `mask`: handled here, it leaves the host
 * address in L_HA and runs done(); otherwise it runs slow(). A `data` access
 * takes one of the block's MAX_SITES (worthIt), and is made while the fetch
 * window is open on the page of L_EIP: a block runs only then (block.ts),
 * and every access that closes it is followed by memory.ts afterAccess,
 * which leaves or opens it again. The other kind is the fetch refetchInline
 * makes after the window was closed.
 *
 * Its cost is its length: the host runs it at several instructions a cycle,
 * so every operation saved is time saved (docs/compiled-tier.md).
 */
export function inlineMiss(
  c: Block, mask: number, last: number, done: () => void, slow: () => void, data = true,
): void {
  if (!c.L.INLINE_MISS || !modeHas(c.L, 0, CR0.PG) || (data && !worthIt(c))) {
    slow();
    return;
  }
  const b = c.b;
  const L = c.L;
  const EB = L.TLB_ENTRY_BYTES;
  const write = mask === L_WMASK;
  const counter = (i: number): number => L.COUNTERS + 8 * i;
  const bump = (i: number): void => { b.i32(0).i32(0).load64(counter(i)).i64(1).add64().store64(counter(i)); };
  const out = b.block();
  const bail = b.block();

  // The common case? (Nothing is changed until it is sure to be.)
  b.get(L_E);
  if (last !== 0) b.get(L_VA).i32(0xfff).and().i32(0xfff - last).gtU().or();
  b.brIf(bail);

  // walkInline: the directory entry, then the table entry, both in RAM.
  b.loadAt32(L.CR3).i32(PTE_FRAME_MASK).and().get(L_VA).i32(22).shrU().i32(2).shl().add().tee(L_PDE);
  b.i32(L.RAM_BYTES | 0).geU().brIf(bail);
  b.get(L_PDE).load32(L.RAM).tee(L_PDE);
  b.i32(PTE_FRAME_MASK).and().get(L_VA).i32(10).shrU().i32(0xffc).and().add().tee(L_PTE);
  b.i32(L.RAM_BYTES | 0).geU().brIf(bail);
  b.get(L_PTE).load32(L.RAM).set(L_PTE);
  // L_PDE becomes pde & pte: the permissions of both levels, what both must have. Both present and
  // accessed, US for a user access, RW for a write (a supervisor write to a read-only page is the
  // core's: CR0.WP decides); the table entry dirty for a write; the frame in RAM.
  const need = PTE.P | PTE.A | (write ? PTE.RW : 0);
  b.get(L_PDE).get(L_PTE).and().tee(L_PDE);
  b.i32(need | PTE.US).i32(need).get(mask).i32(L.IX_RU | L.IX_WU).and().select().tee(L_S);
  b.and().get(L_S).xor();
  if (write) b.get(L_PTE).i32(PTE.D).and().i32(PTE.D).xor().or();
  b.get(L_PTE).i32(PTE_FRAME_MASK).and().i32(L.RAM_BYTES | 0).geU().or();
  b.brIf(bail);
  // The host address of the access.
  b.get(L_PTE).i32(PTE_FRAME_MASK).and().i32(L.RAM).add().get(L_VA).i32(0xfff).and().or().set(L_HA);

  // fillSlot's victim (lruVictim4): the first invalid way, else the first with the smallest stamp.
  // L_SET is the set's offset in the model (its address less L.TLB, which the loads add).
  const at = (field: number, w = 0): number => L.TLB + w * EB + field;
  b.get(L_VA).i32(12).shrU().i32(L.TLB_SET_COUNT - 1).and().i32(WAYS * EB).mul().set(L_SET);
  const flags = (w: number): void => { b.get(L_SET).load32(at(L.E_FLAGS, w)); };
  flags(0);
  for (let w = 1; w < WAYS; w++) { flags(w); b.and(); }
  b.tee(L_S).i32(TLB_FLAG.VALID).and().eqz();
  b.if();
  b.get(L_SET).i32((WAYS - 1) * EB).add();
  for (let w = WAYS - 2; w >= 0; w--) {
    b.set(L_VIC).get(L_SET).i32(w * EB).add().get(L_VIC);
    flags(w);
    b.i32(TLB_FLAG.VALID).and().eqz().select();
  }
  b.set(L_VIC);
  b.i32(0).set(L_DROPPED);
  b.else();
  // Every way valid. If one is not indexed (its stamp is saved in the entry, and the set may hold
  // another entry for its page: another PCID's), the core decides; else the four pages differ (the
  // index holds one entry a page), their stamps are in STAMPS, and the victim has no twin.
  b.get(L_S).i32(L.E_INDEXED).and().eqz().brIf(bail);
  // The four stamps in the four lanes of a vector, their minimum in every lane, and the first lane
  // that holds it: the first way with the smallest stamp, without a compare chain.
  b.get(L_SET).load32(at(L.E_VPN)).i32(2).shl().load32Zero(L.STAMPS).set(L_STAMPS);
  for (let w = 1; w < WAYS; w++) {
    b.get(L_SET).load32(at(L.E_VPN, w)).i32(2).shl().get(L_STAMPS).load32Lane(L.STAMPS, w).set(L_STAMPS);
  }
  b.get(L_STAMPS).get(L_STAMPS).get(L_STAMPS).shuffle32([2, 3, 0, 1]).minU32x4().tee(L_MIN);
  b.get(L_MIN).get(L_MIN).shuffle32([1, 0, 3, 2]).minU32x4();
  b.get(L_STAMPS).eq32x4().bitmask32x4().ctz().i32(EB).mul().get(L_SET).add().tee(L_VIC);
  b.load32(at(L.E_VPN)).tee(L_GONE);
  // Evicting the page execution is on drops the fetch window (invalidateFetch); afterAccess then
  // makes the next instruction's fetch (refetchInline, or the core's through block.ts F_AFTER).
  // That page is L_EIP's while the window is open (a data access), and none while it is closed.
  if (data) b.get(L_EIP).i32(12).shrU().eq();
  else b.drop().i32(0);
  b.tee(L_DROPPED);
  b.if();
  b.i32(0).i32(0).store32(L.FETCH_VALID);
  b.i32(0).i32(0).store32(L.FETCH_LEN);
  b.end();
  bump(COUNTER.TLB_EVICTIONS);
  b.get(L_GONE).i32(2).shl().i32(0).store32(L.INDEX);
  b.end();

  // sync and slowTick: the clock ticks, and so does the synced mark, as this lookup is not a hit.
  // TLB_HITS itself waits for the next accountFastHits (the core's slow path, or the run loop after
  // the block, vm/core/cpu.ts), which adds clock - synced: the same count as the core's sync now.
  // Then TLB_MISSES, PAGE_WALKS, the walk's cycles.
  b.i32(0).loadAt32(L.CLOCK).tee(L_CLK).i32(1).add().store32(L.CLOCK);
  b.i32(0).loadAt32(L.CLOCK_SYNCED).i32(1).add().store32(L.CLOCK_SYNCED);
  bump(COUNTER.TLB_MISSES);
  bump(COUNTER.PAGE_WALKS);
  b.get(L_CYC).loadAt32(L.COSTS + 4 * COST_PAGE_WALK).extendU().add64().set(L_CYC);

  // The walk's flags: RW and US of both levels, DIRTY, GLOBAL (with CR4.PGE).
  b.get(L_PDE);
  if (PTE.RW === TLB_FLAG.RW && PTE.US === TLB_FLAG.US) b.i32(PTE.RW | PTE.US).and();
  else { move(c, PTE.RW, TLB_FLAG.RW); b.get(L_PDE); move(c, PTE.US, TLB_FLAG.US); b.or(); }
  b.get(L_PTE); move(c, PTE.D, TLB_FLAG.DIRTY); b.or();
  if (modeHas(L, 4, CR4.PGE)) { b.get(L_PTE); move(c, PTE.G, TLB_FLAG.GLOBAL); b.or(); }
  b.set(L_FL);
  // The new entry: vpn, frame, the current PCID and flags (its stamp is in STAMPS while it is indexed,
  // and LRU keeps no fill order).
  b.get(L_VIC).get(L_VA).i32(12).shrU().store32(at(L.E_VPN));
  b.get(L_VIC).get(L_PTE).i32(12).shrU().store32(at(L.E_FRAME));
  b.get(L_VIC);
  if (modeHas(L, 4, CR4.PCIDE)) b.loadAt32(L.CR3).i32(0xfff).and();
  else b.i32(0);
  b.store32(at(L.E_PCID));
  b.get(L_VIC).get(L_FL).i32(TLB_FLAG.VALID | L.E_INDEXED).or().store32(at(L.E_FLAGS));
  // indexWord: the host page with the permission bits of ixTable.
  b.get(L_T).get(L_HA).i32(PTE_FRAME_MASK).and().i32(ixTable(L));
  b.get(L_FL).i32(KEY_FLAGS).and();
  scale(c, KEY_UNIT, 4);
  b.shrU().i32(15).and().or().store32(L.INDEX);
  b.get(L_T).get(L_CLK).store32(L.STAMPS);
  done();
  // If the window went, afterAccess refetches (L_SLOWED 3), else only checks the deadline (2, what
  // done() set).
  b.i32(2).get(L_DROPPED).add().set(L_SLOWED);
  b.br(out);
  b.end();
  slow();
  b.end();
}

/**
 * After instruction k's in-block miss evicted the code page's entry (L_SLOWED
 * 3): the next instruction's fetch, as the core's jitRefetch makes it (the
 * lookup slowFetch makes), with its miss done here when it is the common
 * one; `rest` is what afterAccess checks the deadline with. On success it
 * branches to `handled`; else it falls through to the core's way (F_AFTER).
 */
export function refetchInline(c: Block, k: number, rest: number | null, handled: Label): void {
  const b = c.b;
  const L = c.L;
  const next = c.nextDelta(k);
  if (c.insns[k].off + c.insns[k].len >= FETCH_WINDOW.SPAN) return; // may cross into the next page: the core's
  b.get(L_SLOWED).i32(3).eq();
  b.if();
  // The interpreter fetches only before the deadline; the window is gone, so leaving is the same
  // CHAIN exit at the same eip.
  b.get(L_CYC).i64(c.pc + (rest ?? 0)).add64().get(L_DEADLINE).geU64();
  b.if();
  c.exit(next, JIT_EXIT.CHAIN);
  b.end();
  const core = b.block();
  b.loadAt32(L.BP_COUNT).brIf(core);
  b.get(L_EIP).i32(next).add().set(L_VA);
  b.get(L_VA).i32(10).shrU().i32(0x3ffffc).and().tee(L_T).load32(L.INDEX).set(L_E);
  inlineMiss(c, L_RMASK, 0, () => {
    // slowFetch's window (setWindow, paging on, no breakpoints): the page, its host page.
    b.get(L_HA).i32(PTE_FRAME_MASK).and().set(L_HA);
    b.i32(0).get(L_VA).i32(PTE_FRAME_MASK).and().tee(L_S).store32(L.FETCH_PAGE);
    b.i32(0).get(L_HA).store32(L.FETCH_PAGE_HOST);
    b.i32(0).i32(1).store32(L.FETCH_VALID);
    b.i32(0).get(L_S).store32(L.FETCH_BASE);
    b.i32(0).i32(FETCH_WINDOW.SPAN).store32(L.FETCH_LEN);
    b.i32(0).get(L_HA).store32(L.FETCH_HOST);
    b.i32(0).set(L_SLOWED);
    // Fetched, the instruction runs: in the slow step if the page went to another frame or the
    // walk's cycles reach the deadline (as the interpreter runs a fetched instruction; after the
    // block's last one too, whose exit would let the interpreter stop first).
    b.get(L_HA).get(L_PAGE).ne();
    b.get(L_CYC).i64(c.pc + (rest ?? 0)).add64().get(L_DEADLINE).geU64().or();
    b.if();
    c.exit(next, JIT_EXIT.SLOW);
    b.end();
    b.br(handled);
  }, () => {}, false); // a fetch (one of the MAX_SITES data misses came first)
  b.end(); // core
  b.end();
}
