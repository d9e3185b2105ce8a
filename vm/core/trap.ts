// Interrupts and exceptions: entering a handler through the IDT, and iret.
//
// Every delivery (hardware IRQ, exception, int n) reads an 8-byte x86 gate
// from the IDT in guest memory, switches to the ring-0 stack from the TSS when
// it comes from ring 3, pushes the frame and jumps to the gate's offset. A
// fault while delivering an exception becomes #DF; a fault while delivering
// #DF shuts the machine down; a fault while delivering an IRQ or int n is
// delivered as that fault (as x86 treats these benign events). All CPU-made
// memory accesses here are supervisor accesses through the TLB.

import {
  COST_BASE, COST_TRAP_ENTRY, COST_TRAP_EXIT, COUNTER_EXCEPTIONS, COUNTER_INTERRUPTS, EVENT_INTERRUPT,
  EFLAGS_IF, EVENT_IRET, EVENT_SHUTDOWN, SELECTOR_KERNEL_CS, SELECTOR_USER_CS, SELECTOR_USER_DS, STOP_SHUTDOWN,
  VECTOR_DF, VECTOR_GP, VECTOR_PF,
} from './generated';
import { count, event } from './events';
import { EFLAGS_ARITH, K_EAGER, materialize } from './flags';
import {
  BOUNCE, REG_ESP, S_CPL, S_CR2, S_EIP, S_FA,
  S_FAULT_ERR, S_FAULT_PENDING, S_FAULT_VEC, S_FB, S_FK, S_HALTED, S_IDT_BASE, S_IDT_LIMIT, S_IF,
  S_INSTRET, S_STOPPED, S_TSS, addCycles, cost, reg, setRegister,
} from './layout';
import { kread, kwrite32 } from './mmu';
import { invalidateFetch } from './tlb';

export const KIND_EXCEPTION: u32 = 0;
export const KIND_IRQ: u32 = 1;
export const KIND_SOFT: u32 = 2;

/** Vectors whose exceptions push an error code, as on x86. */
function hasErrorCode(vector: u32): bool {
  return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
}

/** eflags as software sees them: arithmetic flags, IF, and bit 1 always set. */
export function currentEflags(): u32 {
  const f = materialize(load<u32>(S_FK), load<u32>(S_FA), load<u32>(S_FB));
  return f | load<u32>(S_IF) | 2;
}

/** Sets eflags from a value (popf in ring 0, iret, the host): arithmetic flags and IF. */
export function setEflagsValue(v: u32, setIf: bool): void {
  store<u32>(S_FK, K_EAGER);
  store<u32>(S_FA, v & EFLAGS_ARITH);
  if (setIf) store<u32>(S_IF, v & EFLAGS_IF);
}

function recordGp(err: u32): bool {
  store<u32>(S_FAULT_PENDING, 1);
  store<u32>(S_FAULT_VEC, VECTOR_GP);
  store<u32>(S_FAULT_ERR, err);
  return false;
}

/**
 * Delivers vector. retEip is the eip the frame saves; faultEip is where a
 * fault found while delivering restarts (the int instruction itself for int
 * n). Returns true when this vector's handler was entered (false when a fault
 * was delivered instead, or the machine shut down).
 */
export function deliver(vector: u32, kind: u32, err: u32, retEip: u32, faultEip: u32): bool {
  const withError = kind == KIND_EXCEPTION && hasErrorCode(vector);
  if (kind == KIND_EXCEPTION) count(COUNTER_EXCEPTIONS);
  else if (kind == KIND_IRQ) count(COUNTER_INTERRUPTS);
  event(EVENT_INTERRUPT, retEip, vector, withError ? err : 0, load<u32>(S_CPL), vector == VECTOR_PF ? load<u32>(S_CR2) : 0);
  addCycles(cost(COST_TRAP_ENTRY));
  if (enter(vector, kind, withError, err, retEip)) return true;
  const faultVector = load<u32>(S_FAULT_VEC);
  const faultErr = load<u32>(S_FAULT_ERR);
  store<u32>(S_FAULT_PENDING, 0);
  if (kind == KIND_EXCEPTION && vector == VECTOR_DF) {
    store<u32>(S_STOPPED, STOP_SHUTDOWN);
    event(EVENT_SHUTDOWN, faultEip, vector, 0, 0, 0);
    return false;
  }
  if (kind == KIND_EXCEPTION) deliver(VECTOR_DF, KIND_EXCEPTION, 0, faultEip, faultEip);
  else deliver(faultVector, KIND_EXCEPTION, faultErr, faultEip, faultEip);
  return false;
}

/** Pushes onto the stack being built; false after a fault. */
@inline function push(sp: u32, v: u32): bool {
  return kwrite32(sp, v);
}

/** Reads the gate, builds the frame, and commits. False after recording a fault. */
function enter(vector: u32, kind: u32, withError: bool, err: u32, retEip: u32): bool {
  const off = vector << 3;
  const ext: u32 = kind == KIND_SOFT ? 0 : 1;
  if (off + 7 > load<u32>(S_IDT_LIMIT)) return recordGp(off | 2 | ext);
  if (!kread(load<u32>(S_IDT_BASE) + off, 8)) return false;
  const lo = load<u32>(BOUNCE);
  const hi = load<u32>(BOUNCE, 4);
  const attr = (hi >>> 8) & 0xff;
  const cpl = load<u32>(S_CPL);
  if (kind == KIND_SOFT && cpl == 3 && ((attr >>> 5) & 3) < 3) return recordGp(off | 2);
  const type = attr & 0x1f;
  if ((attr & 0x80) == 0 || (type != 0xe && type != 0xf)) return recordGp(off | 2 | ext);
  const target = (lo & 0xffff) | (hi & 0xffff0000);
  const flags = currentEflags();
  let sp: u32;
  if (cpl != 0) {
    if (!kread(load<u32>(S_TSS) + 4, 4)) return false;
    sp = load<u32>(BOUNCE);
    sp -= 4;
    if (!push(sp, SELECTOR_USER_DS)) return false;
    sp -= 4;
    if (!push(sp, reg(REG_ESP))) return false;
    sp -= 4;
    if (!push(sp, flags)) return false;
    sp -= 4;
    if (!push(sp, SELECTOR_USER_CS)) return false;
  } else {
    sp = reg(REG_ESP);
    sp -= 4;
    if (!push(sp, flags)) return false;
    sp -= 4;
    if (!push(sp, SELECTOR_KERNEL_CS)) return false;
  }
  sp -= 4;
  if (!push(sp, retEip)) return false;
  if (withError) {
    sp -= 4;
    if (!push(sp, err)) return false;
  }
  setRegister(REG_ESP, sp);
  if (cpl != 0) {
    store<u32>(S_CPL, 0);
    invalidateFetch();
  }
  store<u32>(S_EIP, target);
  if (type == 0xe) store<u32>(S_IF, 0);
  store<u32>(S_HALTED, 0);
  return true;
}

/** Delivers exception vector for the instruction at S_EIP (which restarts after the handler). */
export function exception(vector: u32, err: u32): void {
  const eip = load<u32>(S_EIP);
  deliver(vector, KIND_EXCEPTION, err, eip, eip);
}

/** Delivers the fault a slow path recorded, if any. */
export function deliverPendingFault(): void {
  if (load<u32>(S_FAULT_PENDING) == 0) return;
  store<u32>(S_FAULT_PENDING, 0);
  exception(load<u32>(S_FAULT_VEC), load<u32>(S_FAULT_ERR));
}

/**
 * iret at S_EIP (ring 0): pops eip, cs, eflags and, when cs names ring 3,
 * esp and ss. Each pop is one data access. A fault leaves everything as it
 * was and is delivered with the iret's eip.
 */
export function iret(): void {
  const at = load<u32>(S_EIP);
  const sp = reg(REG_ESP);
  if (!kread(sp, 4)) return deliverPendingFault();
  const newEip = load<u32>(BOUNCE);
  if (!kread(sp + 4, 4)) return deliverPendingFault();
  const cs = load<u32>(BOUNCE);
  if (!kread(sp + 8, 4)) return deliverPendingFault();
  const flags = load<u32>(BOUNCE);
  const rpl = cs & 3;
  let newEsp = sp + 12;
  if (rpl == 3) {
    if (!kread(sp + 12, 4)) return deliverPendingFault();
    newEsp = load<u32>(BOUNCE);
    if (!kread(sp + 16, 4)) return deliverPendingFault();
  } else if (rpl != 0) {
    return exception(VECTOR_GP, cs & 0xfffc);
  }
  setEflagsValue(flags, true);
  setRegister(REG_ESP, newEsp);
  if (rpl != load<u32>(S_CPL)) {
    store<u32>(S_CPL, rpl);
    invalidateFetch();
  }
  store<u32>(S_EIP, newEip);
  addCycles(cost(COST_BASE) + cost(COST_TRAP_EXIT));
  store<u64>(S_INSTRET, load<u64>(S_INSTRET) + 1);
  event(EVENT_IRET, at, rpl, newEip, 0, 0);
}
