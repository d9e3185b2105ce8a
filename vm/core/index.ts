// The core's exports: the contract the host (vm/host/machine.ts) is written
// against. Numbers only; 64-bit values are returned as f64. This file is the
// one description of them: asc derives the host's type from it
// (vm/host/core-exports.ts) and vm/ISA.md's list ("The core's exports") is
// generated from the functions and doc comments below (test/core/isa-doc.ts),
// so every export needs a doc comment.
//
// The module needs no imports when built with the release target (noAssert,
// runtime stub): instantiate it with `{}` or `{ env: { abort } }`. Besides
// memory and these functions it exports its function table (`table`), where
// the host installs the compiled tier's blocks (jit.ts).

import {
  COST_COUNT, COST_DEFAULTS, COUNTER_COUNT, FLUSH_CAUSE_HOST, HOSTFILE_CAPACITY, TLB_FLAG_DIRTY, TLB_FLAG_GLOBAL, TLB_FLAG_RW,
  TLB_FLAG_US, TLB_FLAG_VALID, TLB_POLICY_RANDOM,
} from './generated';
import {
  COUNTER_TLB_FULL_FLUSHES,
} from './generated';
import { count } from './events';
import { consoleInput as queueInput, hostFileSubmit as submitHostFile, raise } from './devices';
import {
  INIT_HIGH_WATER,
  COUT, COUT_CAP, EVENTS, MAX_BREAKPOINTS, MAX_COST, MAX_RAM, ONES, RAM, REGS, STATE, S_BP_COUNT, S_BREAKPOINTS,
  S_CIN_COUNT, S_CIN_HEAD, S_COSTS, S_COUNTERS, S_COUT_LEN, S_CPL, S_CYCLES, S_EIP, S_EVENT_COUNT,
  S_EXIT_STATUS, S_FK, S_FA, S_HALTED, S_IDT_BASE, S_IDT_LIMIT, S_IF, S_INSTRET, S_IRQ_BLOCKED_UNTIL,
  S_MASK, S_ONESHOT, S_PENDING, S_PRNG, S_RAM_SIZE, S_STOPPED, S_STOP_REQUEST, S_TIMER_DEADLINE,
  S_TIMER_PERIOD, S_TLB_ENTRIES, S_TLB_POLICY, S_TLB_SETS, S_TLB_WAYS, S_TRACE, S_TSS, TLB_MAX_ENTRIES,
  S_CR0, S_CR2, S_CR3, S_CR4, S_FAULT_PENDING, MAX_COSTS, MAX_COUNTERS, STLB_MAX_ENTRIES, S_STLB_ENTRIES,
  S_STLB_SETS, S_STLB_WAYS, HOSTFILE_BUF, INDEX, S_HF_NAME_LEN, S_HF_POS, S_HF_RESULT, S_HF_SIZE, S_HF_STATE,
} from './layout';
import { K_EAGER } from './flags';
import { breakpointsChanged } from './mmu';
import { flushAllCounted, readCr, writeCr } from './system';
import {
  clearModel, exportedFlags, fillIdentity, flushModel, invalidateFetch, slotFrame, slotPcid, slotVpn, tlbEntries as tlbEntryCount,
} from './tlb';
import { currentEflags, setEflagsValue } from './trap';
import { stlbEntries as stlbEntryCount, stlbFlags as stlbSlotFlags, stlbFrame as stlbSlotFrame, stlbPcid as stlbSlotPcid, stlbVpn as stlbSlotVpn } from './stlb';
import { run as runLoop } from './cpu';
import { accountFastHits } from './tlb';
import { S_FETCH_BASE, S_RUN_END } from './layout';
import { computeOpCosts } from './costs';
import {
  jitAreaBytes, jitBlocksEntered as blocksEntered, jitFlush as flushBlocks, jitForgetCounts as forgetCounts, jitInstall as installBlock, jitPageChanged as pageChanged, jitIsOn,
  jitLayout as layoutOf, jitPlace, jitQueueClear as clearQueue, jitQueueLength as queueLength, jitQueued as queued,
  jitSetOn,
} from './jit';
import { refetchForBlock, slowReadInline, slowWrite } from './mmu';
import { condition, flagC } from './flags';

// ---------------------------------------------------------------------------
// Machine lifetime.

function isPowerOfTwo(n: u32): bool {
  return n != 0 && (n & (n - 1)) == 0;
}

/**
 * (Re)creates the machine: grows memory, zeroes all state and RAM, costs to
 * defaults, CPU reset. stlbEntries 0 means no second-level TLB (stlbWays is
 * then ignored). Returns 0, or: 1 RAM size not a nonzero multiple of 4096 up
 * to 1 GiB; 2 entries not a power of two up to 4096; 3 ways not a power of
 * two up to entries; 4 unknown policy (0 LRU, 1 FIFO, 2 RANDOM); 5 memory
 * could not grow; 6 static data overlaps the state area, or the tables
 * outgrew their slots (a build problem); 7 STLB entries above 4096; 8 STLB
 * ways 0, or entries not ways × a power of two (sets).
 */
export function init(
  ramBytes: u32, tlbEntries: u32, tlbWays: u32, tlbPolicy: u32, seed: u32, stlbEntries: u32, stlbWays: u32,
): u32 {
  if (ramBytes == 0 || (ramBytes & 0xfff) != 0 || ramBytes > MAX_RAM) return 1;
  if (!isPowerOfTwo(tlbEntries) || tlbEntries > TLB_MAX_ENTRIES) return 2;
  if (!isPowerOfTwo(tlbWays) || tlbWays > tlbEntries) return 3;
  if (tlbPolicy > TLB_POLICY_RANDOM) return 4;
  if (<u32>__heap_base > STATE || COST_COUNT > MAX_COSTS || COUNTER_COUNT > MAX_COUNTERS) return 6;
  if (HOSTFILE_BUF + HOSTFILE_CAPACITY > RAM) return 6;
  if (stlbEntries > STLB_MAX_ENTRIES) return 7;
  if (stlbEntries != 0 && (stlbWays == 0 || stlbEntries % stlbWays != 0 || !isPowerOfTwo(stlbEntries / stlbWays))) {
    return 8;
  }
  const end = <u64>RAM + <u64>ramBytes;
  // The compiled tier's tables follow RAM (jit.ts): not machine state.
  const jitBase = (end + 0xffff) & ~(<u64>0xffff);
  const jitEnd = jitBase + <u64>jitAreaBytes(<u32>end);
  const pages = <i32>((jitEnd + 0xffff) >>> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 5;
  const highWater = <u64>load<u32>(INIT_HIGH_WATER);
  const clearEnd = highWater < end ? highWater : end;
  if (clearEnd > <u64>STATE) memory.fill(STATE, 0, <usize>(clearEnd - <u64>STATE));
  if (jitEnd > highWater) store<u32>(INIT_HIGH_WATER, <u32>jitEnd);
  jitPlace(<u32>jitBase, <u32>end);
  memory.fill(ONES, 0xff, 4096);
  store<u32>(S_RAM_SIZE, ramBytes);
  store<u32>(S_TLB_ENTRIES, tlbEntries);
  store<u32>(S_TLB_WAYS, tlbWays);
  store<u32>(S_TLB_SETS, tlbEntries / tlbWays);
  store<u32>(S_TLB_POLICY, tlbPolicy);
  store<u32>(S_STLB_ENTRIES, stlbEntries);
  store<u32>(S_STLB_WAYS, stlbEntries != 0 ? stlbWays : 0);
  store<u32>(S_STLB_SETS, stlbEntries != 0 ? stlbEntries / stlbWays : 0);
  store<u32>(S_PRNG, seed != 0 ? seed : 0x9e3779b9);
  for (let i: u32 = 0; i < COST_COUNT; i++) store<u32>(S_COSTS + (i << 2), unchecked(COST_DEFAULTS[i]));
  computeOpCosts();
  resetCpu();
  return 0;
}

/**
 * CPU reset (registers, control registers, TLB, IDT/TSS, pending IRQs, mask,
 * timer, halt/exit/shutdown state, a pending host file request). RAM, cycles, instret, counters, events,
 * console buffers, breakpoints and costs are kept.
 */
export function resetCpu(): void {
  memory.fill(REGS, 0, 64);
  store<u32>(S_EIP, 0);
  store<u32>(S_FK, K_EAGER);
  store<u32>(S_FA, 0);
  store<u32>(S_IF, 0);
  store<u32>(S_CPL, 0);
  clearModel();
  store<u32>(S_CR0, 0);
  store<u32>(S_CR2, 0);
  store<u32>(S_CR3, 0);
  store<u32>(S_CR4, 0);
  fillIdentity();
  store<u32>(S_IDT_BASE, 0);
  store<u32>(S_IDT_LIMIT, 0);
  store<u32>(S_TSS, 0);
  store<u32>(S_HALTED, 0);
  store<u32>(S_STOPPED, 0);
  store<u32>(S_ONESHOT, 0);
  store<u32>(S_STOP_REQUEST, 0);
  store<u32>(S_FAULT_PENDING, 0);
  store<u32>(S_PENDING, 0);
  store<u32>(S_MASK, 0);
  store<u32>(S_TIMER_PERIOD, 0);
  store<u64>(S_TIMER_DEADLINE, 0);
  store<u64>(S_IRQ_BLOCKED_UNTIL, 0);
  store<u32>(S_HF_STATE, 0);
  store<u32>(S_HF_NAME_LEN, 0);
  store<u32>(S_HF_SIZE, 0);
  store<u32>(S_HF_POS, 0);
  store<u32>(S_HF_RESULT, 0);
  invalidateFetch();
}

/** Sets one cost of the cycle model (table above, by index); clamped to 1..2^20 for the base cost, 0..2^20 otherwise. */
export function setCost(index: u32, cycles: u32): void {
  if (index >= COST_COUNT) return;
  // The base cost stays >= 1 so that every instruction advances time and run() always ends.
  let v = cycles > MAX_COST ? MAX_COST : cycles;
  if (index == 0 && v == 0) v = 1;
  store<u32>(S_COSTS + (index << 2), v);
  computeOpCosts();
  jitFlush(); // compiled blocks have the old costs built in
}

/** One cost of the cycle model (0 for an unknown index). */
export function getCost(index: u32): u32 {
  return index < COST_COUNT ? load<u32>(S_COSTS + (index << 2)) : 0;
}

/** Where guest RAM starts in linear memory: RAM is `[ramBase, ramBase + ramSize)`. */
export function ramBase(): u32 {
  return RAM;
}

/** Guest RAM in bytes. */
export function ramSize(): u32 {
  return load<u32>(S_RAM_SIZE);
}

/** The end of all machine state: a snapshot is `[0, memoryEnd)`. */
export function memoryEnd(): u32 {
  return RAM + load<u32>(S_RAM_SIZE);
}

// ---------------------------------------------------------------------------
// Running.

/** Runs for up to `budget` cycles; returns why it stopped (STOP_*). See [Running](#running-stopping-stepping). */
export function run(budget: u32): u32 {
  return runLoop(budget);
}

/** The next event check returns STOP_STOP_REQUEST. */
export function requestStop(): void {
  store<u32>(S_STOP_REQUEST, 1);
}

/** The value written to the exit port, after STOP_EXIT. */
export function exitStatus(): u32 {
  return load<u32>(S_EXIT_STATUS);
}

// ---------------------------------------------------------------------------
// CPU state.

/** General register i = 0..7 in x86 order (eax ecx edx ebx esp ebp esi edi); 0 for any other i. */
export function getReg(i: u32): u32 {
  return i < 8 ? load<u32>(REGS + (i << 2)) : 0;
}

/** Sets general register i = 0..7; any other i is ignored. */
export function setReg(i: u32, v: u32): void {
  if (i < 8) store<u32>(REGS + (i << 2), v);
}

/** The instruction pointer. */
export function getEip(): u32 {
  return load<u32>(S_EIP);
}

/** Sets eip; also ends a hlt (the host moving eip means "continue from here"). */
export function setEip(v: u32): void {
  store<u32>(S_EIP, v);
  store<u32>(S_HALTED, 0);
}

/** eflags, materialized from the lazy flags (bit 1 always set). */
export function getEflags(): u32 {
  return currentEflags();
}

/** Sets eflags; keeps CF ZF SF OF IF, the bits the machine implements. */
export function setEflags(v: u32): void {
  setEflagsValue(v, true);
}

/** The current privilege level, 0 or 3. */
export function getCpl(): u32 {
  return load<u32>(S_CPL);
}

/** 0 selects ring 0; any other value ring 3. */
export function setCpl(v: u32): void {
  store<u32>(S_CPL, v == 0 ? 0 : 3);
  invalidateFetch();
}

/** Control register n = 0, 2, 3, 4. */
export function getCr(n: u32): u32 {
  return readCr(n);
}

/** Sets control register n with every effect of `mov crN` (flushes, PCID switch, counters, events) except its cycles. */
export function setCr(n: u32, v: u32): void {
  writeCr(n, v);
}

/** Guest cycles since init. */
export function getCycles(): f64 {
  return <f64>load<u64>(S_CYCLES);
}

/** Instructions retired since init. */
export function getInstret(): f64 {
  return <f64>load<u64>(S_INSTRET);
}

/** Counter i (see [counters](#events-and-counters)); 0 for an unknown index. */
export function getCounter(i: u32): f64 {
  return i < COUNTER_COUNT ? <f64>load<u64>(S_COUNTERS + (i << 3)) : 0;
}

/** Sets every counter to 0 (cycles and instret are kept). */
export function resetCounters(): void {
  memory.fill(S_COUNTERS, 0, COUNTER_COUNT << 3);
}

// ---------------------------------------------------------------------------
// Devices.

/** Where the console output bytes are in linear memory. */
export function consoleOutPtr(): u32 {
  return COUT;
}

/** How many console output bytes are waiting. */
export function consoleOutLen(): u32 {
  return load<u32>(S_COUT_LEN);
}

/** Empties the console output buffer (after the host read it). */
export function consoleOutClear(): void {
  store<u32>(S_COUT_LEN, 0);
}

/** Queues a console input byte and raises IRQ 1 (vector 33); returns 0, or 1 if the queue is full. */
export function consoleInput(byte: u32): u32 {
  return queueInput(byte);
}

/** Where the host writes a host file request: the path, then (at the path's length rounded up to 4) the file. */
export function hostFilePtr(): u32 {
  return HOSTFILE_BUF;
}

/** How many bytes a host file request may take: the path rounded up to 4, plus the file rounded up to 4. */
export function hostFileCapacity(): u32 {
  return HOSTFILE_CAPACITY;
}

/** Submits the request at hostFilePtr() and raises IRQ 2 (vector 34); returns 0, 1 if one is still pending, 2 if it does not fit or has no path. */
export function hostFileSubmit(nameLen: u32, size: u32): u32 {
  return submitHostFile(nameLen, size);
}

/** The host file channel's state: 0 idle, 1 a request waits for the kernel, 2 the kernel answered (see hostFileResult). */
export function hostFileState(): u32 {
  return load<u32>(S_HF_STATE);
}

/** The kernel's answer to the last request (0, or -errno as u32), once hostFileState() is 2. */
export function hostFileResult(): u32 {
  return load<u32>(S_HF_RESULT);
}

/** Raises an interrupt line (0..31). */
export function raiseIrq(line: u32): void {
  raise(line);
}

// ---------------------------------------------------------------------------
// Events, breakpoints.

/** Turns writing events to the ring on (nonzero) or off. */
export function setTrace(on: u32): void {
  store<u32>(S_TRACE, on != 0 ? 1 : 0);
}

/** Where the event ring is in linear memory. */
export function eventRingPtr(): u32 {
  return EVENTS;
}

/** Events written since init; event k is in slot k mod the ring's capacity. */
export function eventCount(): f64 {
  return <f64>load<u64>(S_EVENT_COUNT);
}

/** Sets a breakpoint at a virtual address; returns 0 when it is set (or already was), 1 when all 64 are in use. */
export function addBreakpoint(vaddr: u32): u32 {
  const n = load<u32>(S_BP_COUNT);
  for (let i: u32 = 0; i < n; i++) if (load<u32>(S_BREAKPOINTS + (i << 2)) == vaddr) return 0;
  if (n >= MAX_BREAKPOINTS) return 1;
  store<u32>(S_BREAKPOINTS + (n << 2), vaddr);
  store<u32>(S_BP_COUNT, n + 1);
  breakpointsChanged();
  return 0;
}

/** Removes a breakpoint; returns 0 when it was removed, 1 when there was none at vaddr. */
export function removeBreakpoint(vaddr: u32): u32 {
  const n = load<u32>(S_BP_COUNT);
  for (let i: u32 = 0; i < n; i++) {
    if (load<u32>(S_BREAKPOINTS + (i << 2)) == vaddr) {
      store<u32>(S_BREAKPOINTS + (i << 2), load<u32>(S_BREAKPOINTS + ((n - 1) << 2)));
      store<u32>(S_BP_COUNT, n - 1);
      breakpointsChanged();
      return 0;
    }
  }
  return 1;
}

/** Removes every breakpoint. */
export function clearBreakpoints(): void {
  store<u32>(S_BP_COUNT, 0);
  breakpointsChanged();
}

// ---------------------------------------------------------------------------
// The TLB model, for viewing.

/** How many entries the TLB model has (its slots, valid or not). */
export function tlbSize(): u32 {
  return tlbEntryCount();
}

/** Model entry i's virtual page. */
export function tlbVpn(i: u32): u32 {
  return i < tlbEntryCount() ? slotVpn(i) : 0;
}

/** Model entry i's physical frame. */
export function tlbFrame(i: u32): u32 {
  return i < tlbEntryCount() ? slotFrame(i) : 0;
}

/** Model entry i's PCID. */
export function tlbPcid(i: u32): u32 {
  return i < tlbEntryCount() ? slotPcid(i) : 0;
}

/** Model entry i's TLB_FLAG bits: VALID 1, RW 2, US 4, DIRTY 8, GLOBAL 16. */
export function tlbFlags(i: u32): u32 {
  return i < tlbEntryCount() ? exportedFlags(i) : 0;
}

/** How many entries the second-level TLB has (0: none). */
export function stlbSize(): u32 {
  return stlbEntryCount();
}

/** STLB entry i's virtual page (entry i = set * ways + way, as in the TLB model). */
export function stlbVpn(i: u32): u32 {
  return i < stlbEntryCount() ? stlbSlotVpn(i) : 0;
}

/** STLB entry i's physical frame. */
export function stlbFrame(i: u32): u32 {
  return i < stlbEntryCount() ? stlbSlotFrame(i) : 0;
}

/** STLB entry i's PCID. */
export function stlbPcid(i: u32): u32 {
  return i < stlbEntryCount() ? stlbSlotPcid(i) : 0;
}

/** STLB entry i's TLB_FLAG bits, as tlbFlags. */
export function stlbFlags(i: u32): u32 {
  const mask = TLB_FLAG_VALID | TLB_FLAG_RW | TLB_FLAG_US | TLB_FLAG_DIRTY | TLB_FLAG_GLOBAL;
  return i < stlbEntryCount() ? stlbSlotFlags(i) & mask : 0;
}

/** A host-initiated full flush of both TLB levels (FLUSH_CAUSE_HOST). */
export function tlbFlushAll(): void {
  flushAllCounted(FLUSH_CAUSE_HOST, false);
}

/** 1 while the CPU sits in hlt waiting for an interrupt, else 0. */
export function halted(): u32 {
  return load<u32>(S_HALTED);
}

/** The cycle the timer fires at next (meaningless while its period is 0). */
export function timerDeadline(): f64 {
  return <f64>load<u64>(S_TIMER_DEADLINE);
}

// ---------------------------------------------------------------------------
// Time travel: the same machine, byte for byte.

/**
 * Brings the state between run() calls to one form, whatever slices it was
 * run in: the fast TLB hits are added to their counter, the current run()'s
 * bookkeeping (end, start cycle and eip) is zeroed, and console output bytes
 * the host has already taken are zeroed. None of it changes what the
 * machine does next.
 */
export function settle(): void {
  accountFastHits();
  memory.fill(S_RUN_END, 0, 20);
  const len = load<u32>(S_COUT_LEN);
  memory.fill(COUT + len, 0, COUT_CAP - len);
}

/**
 * How many byte ranges of the state belong to the debugger rather than the
 * machine (the breakpoint table and the fetch window derived from it): time
 * travel leaves them out when it compares states.
 */
export function debuggerRangeCount(): u32 {
  return 3;
}

/** Debugger range i's first byte (0 for i out of range). */
export function debuggerRangeStart(i: u32): u32 {
  if (i == 0) return S_FETCH_BASE;
  if (i == 1) return S_BP_COUNT;
  if (i == 2) return S_BREAKPOINTS;
  return 0;
}

/** Debugger range i's length in bytes (0 for i out of range). */
export function debuggerRangeLength(i: u32): u32 {
  if (i == 0) return 12; // S_FETCH_BASE, S_FETCH_LEN, S_FETCH_HOST
  if (i == 1) return 4;
  if (i == 2) return MAX_BREAKPOINTS << 2;
  return 0;
}

// ---------------------------------------------------------------------------
// The compiled tier (jit.ts; the host's compiler is vm/host/jit/).

/** Turns the compiled tier on (nonzero) or off, a block being compiled after `threshold` entries (0: the default); either way every compiled block is forgotten. Off after init. */
export function jitEnable(on: u32, threshold: u32): void {
  jitSetOn(on != 0, threshold);
  flushBlocks();
}

/** 1 while the compiled tier is on. */
export function jitEnabled(): u32 {
  return jitIsOn() ? 1 : 0;
}

/** Forgets every compiled block and hotness count (call after the host writes guest RAM). */
export function jitFlush(): void {
  flushBlocks();
}

/** Forgets the entries counted for blocks not compiled, keeping the compiled ones (the host loaded a program). */
export function jitForgetCounts(): void {
  forgetCounts();
}

/** The host changed the bytes of the page holding host address p: its compiled blocks are stale; returns 0, or 1 if p is outside RAM. */
export function jitPageChanged(p: u32): u32 {
  return pageChanged(p);
}

/** How many blocks became hot since the host last cleared the queue. */
export function jitQueueLength(): u32 {
  return queueLength();
}

/** Queued block i's host address (0 for i out of range). */
export function jitQueued(i: u32): u32 {
  return queued(i);
}

/** Empties the queue of hot blocks. */
export function jitQueueClear(): void {
  clearQueue();
}

/** Installs function-table index fn as the block at host address p, compiled from its page's current bytes; returns 0, or 1 if p is outside RAM or fn is 0. */
export function jitInstall(p: u32, fn: u32): u32 {
  return installBlock(p, fn);
}

/** Address i of what compiled blocks read and write (JIT_LAYOUT order); 0 for an unknown i. */
export function jitLayout(i: u32): u32 {
  return layoutOf(i);
}

/** Compiled blocks entered since init. */
export function jitBlocksEntered(): f64 {
  return <f64>blocksEntered();
}

/** For compiled blocks: the slow read path (a TLB miss, a page-crossing access), as the interpreter calls it; host address or 0 after a fault. */
export function jitRead(va: u32, mask: u32, size: u32, cyc: u64): u32 {
  return slowReadInline(va, mask, size, cyc);
}

/** For compiled blocks: the slow write path, as the interpreter calls it; 1, or 0 after a fault. */
export function jitWrite(va: u32, size: u32, v: u32, mask: u32, cyc: u64): u32 {
  return slowWrite(va, size, v, mask, cyc) ? 1 : 0;
}

/** For compiled blocks: the fetch at eip after a slow path dropped the fetch window, as the interpreter's next fetch makes it; 0 if the window covers eip again on host page host, else JIT_EXIT_FAULT, JIT_EXIT_SLOW or JIT_EXIT_CHAIN (mmu.ts refetchForBlock). */
export function jitRefetch(eip: u32, host: u32, cyc: u64): u32 {
  return refetchForBlock(eip, host, cyc);
}

/** For compiled blocks: condition code cc on lazy flags whose kind the compiler could not know. */
export function jitCondition(cc: u32, fk: u32, fa: u32, fb: u32): u32 {
  return condition(cc, fk, fa, fb) ? 1 : 0;
}

/** For compiled blocks: CF of lazy flags whose kind the compiler could not know. */
export function jitCarry(fk: u32, fa: u32, fb: u32): u32 {
  return flagC(fk, fa, fb) ? 1 : 0;
}
