// System instructions and control registers.
//
// The interpreter hands these instructions over with memory holding its whole
// state and S_EIP at the instruction; each helper either retires the
// instruction (eip, cycles, instret) or delivers the fault it raises. The
// control-register writes are shared with the host's setCr, so a debugger
// poking cr3 has exactly the effects of `mov cr3, reg` (except the cycles).
//
// TLB effects: CR0 writes that change PG or WP and CR4 writes that change PGE
// or PCIDE flush everything. A CR3 write flushes all non-global entries, or
// with CR4.PCIDE switches to the PCID in cr3's low 12 bits without flushing.
// invpcid flushes by PCID. Every flush reaches both TLB levels (tlb.ts).

import {
  COST_BASE, COST_CR3_WRITE, COST_INVLPG, COST_IO, COUNTER_CR3_WRITES, COUNTER_SOFT_INTS,
  CR0_PG, CR4_PCIDE, EFLAGS_IF, MODE_BITS_CR0, MODE_BITS_CR4,
  COUNTER_TLB_FULL_FLUSHES, COUNTER_TLB_SINGLE_FLUSHES, EVENT_CR3_WRITE, EVENT_HLT, EVENT_TLB_FLUSH,
  FLUSH_CAUSE_CR0, FLUSH_CAUSE_CR3, FLUSH_CAUSE_CR4, FLUSH_CAUSE_INVLPG, FLUSH_CAUSE_INVPCID, PORT_CONSOLE_OUT,
  INVPCID_ADDRESS, INVPCID_ALL_NON_GLOBAL, INVPCID_CONTEXT, STOP_OUTPUT_FULL, VECTOR_GP,
} from './generated';
import { count, event } from './events';
import { outputFull, portWrite } from './devices';
import {
  BOUNCE, S_COUNTERS, S_CR0, S_CR2, S_CR3, S_CR4, S_CYCLES, S_EIP,
  S_HALTED, S_IDT_BASE, S_IDT_LIMIT, S_IF, S_INSTRET, S_IRQ_BLOCKED_UNTIL, S_ONESHOT, S_TSS, addCycles,
  cost, setRegister,
} from './layout';
import { kread } from './mmu';
import {
  clearIdentity, fillIdentity, flushModel, invalidateFetch, invalidatePage, invalidatePcid, invalidatePcidPage,
  switchContext,
} from './tlb';
import { KIND_SOFT, deliver, deliverPendingFault, exception } from './trap';

/** Completes the instruction at S_EIP: next eip, its cycles, one more retired. */
export function retire(next: u32, cycles: u32): void {
  store<u32>(S_EIP, next);
  addCycles(cycles);
  store<u64>(S_INSTRET, load<u64>(S_INSTRET) + 1);
}

export function readCr(n: u32): u32 {
  if (n == 0) return load<u32>(S_CR0);
  if (n == 2) return load<u32>(S_CR2);
  if (n == 3) return load<u32>(S_CR3);
  if (n == 4) return load<u32>(S_CR4);
  return 0;
}

export function isCr(n: u32): bool {
  return n == 0 || n == 2 || n == 3 || n == 4;
}

/** Full flush with its counter and event. */
export function flushAllCounted(cause: u32, keepGlobal: bool): u32 {
  const dropped = flushModel(keepGlobal);
  count(COUNTER_TLB_FULL_FLUSHES);
  event(EVENT_TLB_FLUSH, load<u32>(S_EIP), cause, dropped, 0, 0);
  return dropped;
}

/** Writes control register n with all its effects. */
export function writeCr(n: u32, v: u32): void {
  if (n == 0) {
    const old = load<u32>(S_CR0);
    store<u32>(S_CR0, v);
    if ((old ^ v) & MODE_BITS_CR0) {
      if ((old & CR0_PG) == 0) clearIdentity();
      flushAllCounted(FLUSH_CAUSE_CR0, false);
      if ((v & CR0_PG) == 0) fillIdentity();
    }
    invalidateFetch();
  } else if (n == 2) {
    store<u32>(S_CR2, v);
  } else if (n == 3) {
    const old = load<u32>(S_CR3);
    store<u32>(S_CR3, v);
    count(COUNTER_CR3_WRITES);
    if (load<u32>(S_CR4) & CR4_PCIDE) {
      if ((old ^ v) & 0xfff) switchContext();
      invalidateFetch();
      event(EVENT_CR3_WRITE, load<u32>(S_EIP), old, v, 0, 0);
    } else {
      const dropped = flushModel(true);
      count(COUNTER_TLB_FULL_FLUSHES);
      event(EVENT_CR3_WRITE, load<u32>(S_EIP), old, v, dropped, 0);
      event(EVENT_TLB_FLUSH, load<u32>(S_EIP), FLUSH_CAUSE_CR3, dropped, 0, 0);
    }
  } else if (n == 4) {
    const old = load<u32>(S_CR4);
    store<u32>(S_CR4, v);
    if ((old ^ v) & MODE_BITS_CR4) flushAllCounted(FLUSH_CAUSE_CR4, false);
    invalidateFetch();
  }
}

export function movToCr(n: u32, v: u32, next: u32): void {
  writeCr(n, v);
  retire(next, cost(COST_BASE) + (n == 3 ? cost(COST_CR3_WRITE) : 0));
}

export function invlpg(va: u32, next: u32): void {
  const dropped = invalidatePage(va >>> 12);
  count(COUNTER_TLB_SINGLE_FLUSHES);
  event(EVENT_TLB_FLUSH, load<u32>(S_EIP), FLUSH_CAUSE_INVLPG, dropped, va, 0);
  retire(next, cost(COST_BASE) + cost(COST_INVLPG));
}

/**
 * invpcid: type (0 one address in one PCID, 1 one PCID, 2 everything, 3
 * everything but global entries) and the 16-byte descriptor at va (PCID in
 * bits 11:0 of its first dword, the address in its third; the high dwords are
 * not read). #GP(0) for a type above 3 (before the descriptor is read), for
 * descriptor bits 31:12 set, and for types 0 and 1 with a nonzero PCID while
 * CR4.PCIDE is clear (as x86). One data access; counts and costs as invlpg
 * (type 0) or as a full flush and a cr3 write (types 1-3).
 */
export function invpcid(type: u32, va: u32, next: u32): void {
  if (type > INVPCID_ALL_NON_GLOBAL) return exception(VECTOR_GP, 0);
  if (!kread(va, 16)) return deliverPendingFault();
  const word = load<u32>(BOUNCE);
  const addr = load<u32>(BOUNCE, 8);
  const pcid = word & 0xfff;
  const perPcid = type == INVPCID_ADDRESS || type == INVPCID_CONTEXT;
  if ((word & 0xfffff000) != 0 || (perPcid && pcid != 0 && (load<u32>(S_CR4) & CR4_PCIDE) == 0)) {
    return exception(VECTOR_GP, 0);
  }
  let dropped: u32;
  const one = type == INVPCID_ADDRESS;
  if (one) dropped = invalidatePcidPage(addr >>> 12, pcid);
  else if (type == INVPCID_CONTEXT) dropped = invalidatePcid(pcid);
  else dropped = flushModel(type == INVPCID_ALL_NON_GLOBAL);
  count(one ? COUNTER_TLB_SINGLE_FLUSHES : COUNTER_TLB_FULL_FLUSHES);
  event(EVENT_TLB_FLUSH, load<u32>(S_EIP), FLUSH_CAUSE_INVPCID, dropped, one ? addr : 0, (type << 12) | pcid);
  retire(next, cost(COST_BASE) + cost(one ? COST_INVLPG : COST_CR3_WRITE));
}

/** rdpmc: edx:eax = counter i (checked by the interpreter), exact: the fast path's hits are counted by now. */
export function rdpmc(i: u32, next: u32): void {
  const v = load<u64>(S_COUNTERS + (i << 3));
  setRegister(0, <u32>v);
  setRegister(2, <u32>(v >>> 32));
  retire(next, cost(COST_BASE));
}

/** lidt: 6 bytes at va, limit (16 bits) then base (32 bits); one data access. */
export function lidt(va: u32, next: u32): void {
  if (!kread(va, 6)) return deliverPendingFault();
  store<u32>(S_IDT_LIMIT, <u32>load<u16>(BOUNCE));
  store<u32>(S_IDT_BASE, load<u32>(BOUNCE, 2));
  retire(next, cost(COST_BASE));
}

export function ltr(v: u32, next: u32): void {
  store<u32>(S_TSS, v);
  retire(next, cost(COST_BASE));
}

export function cli(next: u32): void {
  store<u32>(S_IF, 0);
  retire(next, cost(COST_BASE));
}

/** sti: interrupts are recognized only after the next instruction (x86's sti shadow). */
export function sti(next: u32): void {
  retire(next, cost(COST_BASE));
  if (load<u32>(S_IF) == 0) {
    store<u32>(S_IF, EFLAGS_IF);
    store<u64>(S_IRQ_BLOCKED_UNTIL, load<u64>(S_CYCLES));
  }
}

export function hlt(next: u32): void {
  event(EVENT_HLT, load<u32>(S_EIP), load<u32>(S_IF) != 0 ? 1 : 0, 0, 0, 0);
  retire(next, cost(COST_BASE));
  store<u32>(S_HALTED, 1);
}

/** out: a full console buffer stops the machine before the instruction (run again after draining). */
export function out(port: u32, v: u32, next: u32): void {
  if (port == PORT_CONSOLE_OUT && outputFull()) {
    store<u32>(S_ONESHOT, STOP_OUTPUT_FULL);
    return;
  }
  const at = load<u32>(S_EIP);
  retire(next, cost(COST_BASE) + cost(COST_IO));
  portWrite(port, v, at);
}

/** int n: a trap; the frame saves the next instruction. A fault restarts the int. */
export function softInt(vector: u32, next: u32): void {
  count(COUNTER_SOFT_INTS);
  const at = load<u32>(S_EIP);
  if (deliver(vector, KIND_SOFT, 0, next, at)) {
    addCycles(cost(COST_BASE));
    store<u64>(S_INSTRET, load<u64>(S_INSTRET) + 1);
  }
}
