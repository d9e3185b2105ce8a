// The core's exports: the contract the host (vm/host/machine.ts) is written
// against. Numbers only; 64-bit values are returned as f64. See vm/ISA.md
// ("The core's exports") for the full description of each.
//
// The module needs no imports when built with the release target (noAssert,
// runtime stub): instantiate it with `{}` or `{ env: { abort } }`.

import {
  COST_COUNT, COST_DEFAULTS, COUNTER_COUNT, FLUSH_CAUSE_HOST, TLB_POLICY_RANDOM,
} from './generated';
import {
  COUNTER_TLB_FULL_FLUSHES,
} from './generated';
import { count } from './events';
import { consoleInput as queueInput, raise } from './devices';
import {
  INIT_HIGH_WATER,
  COUT, EVENTS, MAX_BREAKPOINTS, MAX_COST, MAX_RAM, ONES, RAM, REGS, STATE, S_BP_COUNT, S_BREAKPOINTS,
  S_CIN_COUNT, S_CIN_HEAD, S_COSTS, S_COUNTERS, S_COUT_LEN, S_CPL, S_CYCLES, S_EIP, S_EVENT_COUNT,
  S_EXIT_STATUS, S_FK, S_FA, S_HALTED, S_IDT_BASE, S_IDT_LIMIT, S_IF, S_INSTRET, S_IRQ_BLOCKED_UNTIL,
  S_MASK, S_ONESHOT, S_PENDING, S_PRNG, S_RAM_SIZE, S_STOPPED, S_STOP_REQUEST, S_TIMER_DEADLINE,
  S_TIMER_PERIOD, S_TLB_ENTRIES, S_TLB_POLICY, S_TLB_SETS, S_TLB_WAYS, S_TRACE, S_TSS, TLB_MAX_ENTRIES,
  S_CR0, S_CR2, S_CR3, S_CR4, S_FAULT_PENDING,
} from './layout';
import { K_EAGER } from './flags';
import { breakpointsChanged } from './mmu';
import { flushAllCounted, readCr, writeCr } from './system';
import {
  clearModel, exportedFlags, fillIdentity, flushModel, invalidateFetch, slotFrame, slotPcid, slotVpn, tlbEntries,
} from './tlb';
import { currentEflags, setEflagsValue } from './trap';
import { run as runLoop } from './cpu';
import { computeOpCosts } from './costs';

// ---------------------------------------------------------------------------
// Machine lifetime.

function isPowerOfTwo(n: u32): bool {
  return n != 0 && (n & (n - 1)) == 0;
}

/**
 * (Re)creates the machine. Returns 0, or: 1 bad RAM size, 2 bad TLB entry
 * count, 3 bad associativity, 4 unknown policy, 5 memory could not grow,
 * 6 static data overlaps the state area (a build problem).
 */
export function init(ramBytes: u32, tlbEntries_: u32, tlbWays: u32, tlbPolicy: u32, seed: u32): u32 {
  if (ramBytes == 0 || (ramBytes & 0xfff) != 0 || ramBytes > MAX_RAM) return 1;
  if (!isPowerOfTwo(tlbEntries_) || tlbEntries_ > TLB_MAX_ENTRIES) return 2;
  if (!isPowerOfTwo(tlbWays) || tlbWays > tlbEntries_) return 3;
  if (tlbPolicy > TLB_POLICY_RANDOM) return 4;
  if (<u32>__heap_base > STATE) return 6;
  const end = <u64>RAM + <u64>ramBytes;
  const pages = <i32>((end + 0xffff) >>> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 5;
  const highWater = <u64>load<u32>(INIT_HIGH_WATER);
  const clearEnd = highWater < end ? highWater : end;
  if (clearEnd > <u64>STATE) memory.fill(STATE, 0, <usize>(clearEnd - <u64>STATE));
  if (end > highWater) store<u32>(INIT_HIGH_WATER, <u32>end);
  memory.fill(ONES, 0xff, 4096);
  store<u32>(S_RAM_SIZE, ramBytes);
  store<u32>(S_TLB_ENTRIES, tlbEntries_);
  store<u32>(S_TLB_WAYS, tlbWays);
  store<u32>(S_TLB_SETS, tlbEntries_ / tlbWays);
  store<u32>(S_TLB_POLICY, tlbPolicy);
  store<u32>(S_PRNG, seed != 0 ? seed : 0x9e3779b9);
  for (let i: u32 = 0; i < COST_COUNT; i++) store<u32>(S_COSTS + (i << 2), unchecked(COST_DEFAULTS[i]));
  computeOpCosts();
  resetCpu();
  return 0;
}

/** CPU reset: registers, control registers, TLB, pending IRQs, mask, timer. RAM, counters, cycles kept. */
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
  invalidateFetch();
}

/** Sets one cost (COST_* index). Values are clamped to 1..MAX_COST for the base cost, 0..MAX_COST otherwise. */
export function setCost(index: u32, cycles: u32): void {
  if (index >= COST_COUNT) return;
  // The base cost stays >= 1 so that every instruction advances time and run() always ends.
  let v = cycles > MAX_COST ? MAX_COST : cycles;
  if (index == 0 && v == 0) v = 1;
  store<u32>(S_COSTS + (index << 2), v);
  computeOpCosts();
}

export function getCost(index: u32): u32 {
  return index < COST_COUNT ? load<u32>(S_COSTS + (index << 2)) : 0;
}

export function ramBase(): u32 {
  return RAM;
}

export function ramSize(): u32 {
  return load<u32>(S_RAM_SIZE);
}

export function memoryEnd(): u32 {
  return RAM + load<u32>(S_RAM_SIZE);
}

// ---------------------------------------------------------------------------
// Running.

export function run(budget: u32): u32 {
  return runLoop(budget);
}

export function requestStop(): void {
  store<u32>(S_STOP_REQUEST, 1);
}

export function exitStatus(): u32 {
  return load<u32>(S_EXIT_STATUS);
}

// ---------------------------------------------------------------------------
// CPU state.

export function getReg(i: u32): u32 {
  return i < 8 ? load<u32>(REGS + (i << 2)) : 0;
}

export function setReg(i: u32, v: u32): void {
  if (i < 8) store<u32>(REGS + (i << 2), v);
}

export function getEip(): u32 {
  return load<u32>(S_EIP);
}

/** Also ends a hlt: the host moving eip means "continue from here". */
export function setEip(v: u32): void {
  store<u32>(S_EIP, v);
  store<u32>(S_HALTED, 0);
}

export function getEflags(): u32 {
  return currentEflags();
}

export function setEflags(v: u32): void {
  setEflagsValue(v, true);
}

export function getCpl(): u32 {
  return load<u32>(S_CPL);
}

/** 0 selects ring 0; any other value ring 3. */
export function setCpl(v: u32): void {
  store<u32>(S_CPL, v == 0 ? 0 : 3);
  invalidateFetch();
}

export function getCr(n: u32): u32 {
  return readCr(n);
}

export function setCr(n: u32, v: u32): void {
  writeCr(n, v);
}

export function getCycles(): f64 {
  return <f64>load<u64>(S_CYCLES);
}

export function getInstret(): f64 {
  return <f64>load<u64>(S_INSTRET);
}

export function getCounter(i: u32): f64 {
  return i < COUNTER_COUNT ? <f64>load<u64>(S_COUNTERS + (i << 3)) : 0;
}

export function resetCounters(): void {
  memory.fill(S_COUNTERS, 0, COUNTER_COUNT << 3);
}

// ---------------------------------------------------------------------------
// Devices.

export function consoleOutPtr(): u32 {
  return COUT;
}

export function consoleOutLen(): u32 {
  return load<u32>(S_COUT_LEN);
}

export function consoleOutClear(): void {
  store<u32>(S_COUT_LEN, 0);
}

export function consoleInput(byte: u32): u32 {
  return queueInput(byte);
}

export function raiseIrq(line: u32): void {
  raise(line);
}

// ---------------------------------------------------------------------------
// Events, breakpoints.

export function setTrace(on: u32): void {
  store<u32>(S_TRACE, on != 0 ? 1 : 0);
}

export function eventRingPtr(): u32 {
  return EVENTS;
}

export function eventCount(): f64 {
  return <f64>load<u64>(S_EVENT_COUNT);
}

/** Returns 0 when the breakpoint is set (or already was), 1 when all 64 are in use. */
export function addBreakpoint(vaddr: u32): u32 {
  const n = load<u32>(S_BP_COUNT);
  for (let i: u32 = 0; i < n; i++) if (load<u32>(S_BREAKPOINTS + (i << 2)) == vaddr) return 0;
  if (n >= MAX_BREAKPOINTS) return 1;
  store<u32>(S_BREAKPOINTS + (n << 2), vaddr);
  store<u32>(S_BP_COUNT, n + 1);
  breakpointsChanged();
  return 0;
}

/** Returns 0 when the breakpoint was removed, 1 when there was none at vaddr. */
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

export function clearBreakpoints(): void {
  store<u32>(S_BP_COUNT, 0);
  breakpointsChanged();
}

// ---------------------------------------------------------------------------
// The TLB model, for viewing.

export function tlbSize(): u32 {
  return tlbEntries();
}

export function tlbVpn(i: u32): u32 {
  return i < tlbEntries() ? slotVpn(i) : 0;
}

export function tlbFrame(i: u32): u32 {
  return i < tlbEntries() ? slotFrame(i) : 0;
}

export function tlbPcid(i: u32): u32 {
  return i < tlbEntries() ? slotPcid(i) : 0;
}

export function tlbFlags(i: u32): u32 {
  return i < tlbEntries() ? exportedFlags(i) : 0;
}

export function tlbFlushAll(): void {
  flushAllCounted(FLUSH_CAUSE_HOST, false);
}
