// The instruction interpreter, written once and compiled twice.
//
// interpret(slow, jit) is an @inline template instantiated as:
//
//   fastLoop()  (slow = false): runs instructions until the event deadline.
//     Its loop contains no calls at all, so V8 can keep the hot state in
//     registers. Whenever an instruction needs anything beyond the fast paths
//     (a TLB miss, a page-crossing access, a fetch outside the cached window,
//     any system instruction, port I/O, a field it cannot validate cheaply) it
//     gives the instruction back untouched and exits with EXIT_SLOW;
//   slowStep()  (slow = true): executes exactly one instruction with every
//     slow path available (mmu.ts, trap.ts, system.ts, devices.ts);
//   fastLoopJit() (slow = false, jit = true): fastLoop that, at each fetch
//     reached by a taken branch, looks the host address up in the compiled
//     tier's block map (jit.ts): it counts the entry, or hands over to a
//     compiled block with EXIT_BLOCK before running that instruction.
//
// The hot state (eip, cycle and instruction counters, lazy flags, LRU clock)
// lives in locals and is written back to memory (saveState) on
// every exit. Exits go through the check at the top of the loop: a site sets
// `exit` and `limit = 0`, continues, and the top saves the locals and
// returns `exit`; the caller (cpu.ts) raises #UD/#GP/#DE, delivers a recorded
// fault, runs a slow step, or handles events. Slow-mode sites that called a
// helper (which works on memory) return directly instead, without saving.
//
// Per instruction the fast path is: one compare against the deadline, one
// compare against the fetch window, one header load, one br_table on the
// opcode byte, and the instruction's own work. A data access on the fast path
// is one index load, one mask test (plus a page-crossing test for words and
// dwords), one add, and the LRU stamp store.
//
// Faults: an instruction changes registers only after all its accesses
// succeeded, so a fault (or a hand-over to the slow step) restarts it
// cleanly. A faulting instruction charges none of its own cycles (page walks
// done on the way and the trap entry are charged) and does not retire.
//
// MISS IN PLACE: an instruction whose only memory access misses the flat
// index (a TLB miss, a page-crossing access, a write to a clean page) calls
// the slow data path from the fast loop too, instead of handing the
// instruction to slowStep(). Nothing has changed before that access (the
// failed fastAddr did not tick), so this is step for step what the slow step
// would do with it — the same lookups, walks, stamps, cycles and faults —
// without leaving the fast loop and entering the slow template for one
// instruction: a TLB miss costs about half the host time it did. The same
// holds for the stack instructions with one access (push r/imm, pushf,
// call, call r, pop r, popf, ret, leave). Those with two (push [m], call
// [m], pop [m]) still hand a miss over, since their first access may have
// ticked already, and so does jmp [m].

import * as G from './generated';
import { COUNTER_TLB_HITS, CR0_PG, EFLAGS_IF } from './generated';
import { adcFlags, divWide, imulFits, mulWide, sbbFlags, setccValue, shiftFlags, shiftValue } from './alu';
import { portRead } from './devices';
import { EFLAGS_ARITH, K_ADD, K_DEC, K_EAGER, K_INC, K_LOGIC, K_SUB, condition, eager, flagC, materialize } from './flags';
import {
  INDEX, IX_RS, IX_RU, IX_WS, IX_WU, OPCOST, OPCOST_NOT_TAKEN, OPCOST_TAKEN, REGS, REG_EBP, REG_ESP, STAMPS, S_CLOCK,
  S_BP_COUNT, S_COSTS, S_COUNTERS, S_CPL, S_CR0, S_CR4, S_CYCLES, S_EIP, S_FA, S_FB, S_FETCH_BASE, S_FETCH_HOST, S_FETCH_LEN, S_FETCH_PAGE, S_FETCH_PAGE_HOST, S_FETCH_VALID, S_FK,
  S_HALTED, S_IF, S_INSTRET, S_IRQ_BLOCKED_UNTIL, S_MASK, S_ONESHOT, S_PENDING, S_RMASK, S_RUN_END,
  S_STOPPED, S_STOP_REQUEST, S_TIMER_DEADLINE, S_TIMER_PERIOD, S_WMASK, reg, setRegister,
} from './layout';
import { slowFetch, slowRead, slowWrite } from './mmu';
import { cli, hlt, invlpg, invpcid, lidt, ltr, movToCr, out, rdpmc, readCr, softInt, sti } from './system';
import { accountFastHits } from './tlb';
import { iret } from './trap';
import { codeWrite, handOver, probe, probeFirst } from './jit';

/** How an interpreter run ended (what the caller must do next). */
export const EXIT_EVENT: u32 = G.JIT_EXIT_EVENT; // check events (deadline reached, or state the deadline depends on changed)
export const EXIT_SLOW: u32 = G.JIT_EXIT_SLOW; // run the instruction at eip with slowStep()
export const EXIT_FAULT: u32 = G.JIT_EXIT_FAULT; // deliver the fault a slow path recorded (if any)
export const EXIT_UD: u32 = G.INTERP_EXIT_UD;
export const EXIT_GP: u32 = G.INTERP_EXIT_GP; // #GP(0): a privileged instruction in ring 3
export const EXIT_DE: u32 = G.JIT_EXIT_DE; // raise #DE (compiled blocks return it too)
/** Enter the compiled block jit.ts's handOver() recorded (the jit template only). */
export const EXIT_BLOCK: u32 = G.INTERP_EXIT_BLOCK;
/** Not an exit (the jit template only): the next fetch was reached by a taken branch, so probe it. */
const EXIT_PROBE: u32 = G.INTERP_EXIT_PROBE;

/** The loop checks for events at least this often (keeps the LRU clock renormalizable). */
const MAX_STRETCH: u64 = 1 << 28;

// ---------------------------------------------------------------------------
// Small pieces of the fast path.

/** The cycles half of acc. */
@inline function lo(acc: u64): u64 {
  return acc & 0xffffffff;
}

/** acc with its cycles half taken from memory (after a slow path charged cycles there). */
@inline function resync(acc: u64, cyc0: u64): u64 {
  return (acc & 0xffffffff00000000) | (load<u64>(S_CYCLES) - cyc0);
}

/** Writes the loop's locals back to memory. Fast-path TLB hits are counted here (one clock tick each). */
@inline function saveState(eip: u32, acc: u64, cyc0: u64, ins0: u64, fk: u32, fa: u32, fb: u32): void {
  store<u32>(S_EIP, eip);
  store<u64>(S_CYCLES, cyc0 + lo(acc));
  store<u64>(S_INSTRET, ins0 + (acc >>> 32));
  store<u32>(S_FK, fk);
  store<u32>(S_FA, fa);
  store<u32>(S_FB, fb);
  accountFastHits();
}

/**
 * Host address for an access of last+1 bytes at va if the flat index allows
 * it (mask is the one IX_* bit it needs) and it stays in one page, else 0.
 * A hit is a TLB hit: it stamps the page with the LRU clock and advances it.
 * (The clock lives in memory: as a local V8 would spill it anyway.)
 */
@inline function fastAddr(va: u32, mask: u32, last: u32): u32 {
  const at = (va >>> 10) & 0x3ffffc;
  const e = load<u32>(at, INDEX);
  if (((e & mask) == 0) | ((va & 0xfff) > 0xfff - last)) return 0;
  tick(at);
  return (e & 0xfffff000) | (va & 0xfff);
}

/** Stamps the page at index offset `at` with the LRU clock and advances the clock. */
@inline function tick(at: u32): void {
  const clock = load<u32>(S_CLOCK);
  store<u32>(at, clock, STAMPS);
  store<u32>(S_CLOCK, clock + 1);
}

/** Takes back the last fast-path tick (an instruction handed back to the slow step). */
@inline function untick(): void {
  store<u32>(S_CLOCK, load<u32>(S_CLOCK) - 1);
}

/** One retired instruction with header h, as an acc increment: 1 << 32 | its cycles (costs.ts). */
@inline function opCost(h: u32): u64 {
  return load<u64>((h & 0xff) << 3, OPCOST);
}

/** The same for an opcode known where it is written (a load from a constant address). */
@inline function costOf(op: u32): u64 {
  return load<u64>(OPCOST + (op << 3));
}

/** A jcc not taken / taken, as acc increments. */
@inline function baseCost(): u64 {
  return load<u64>(OPCOST_NOT_TAKEN);
}

@inline function takenCost(): u64 {
  return load<u64>(OPCOST_TAKEN);
}

/**
 * Branch fusion. A compare (or a loop counter's dec) is followed by a jcc far
 * more often than not, so the fast loop runs that jcc at once instead of
 * going round the loop for it. It is exactly what the next trip round the
 * loop would do — the same deadline check, the same fetch-window check, the
 * same jcc semantics and cost — only without the second dispatch. The slow
 * (single-step) template never fuses, so stepping still sees every jcc.
 *
 * The jcc opcode `op` after `cmp a, b`: 1 taken, 0 not taken, -1 not fused.
 */
@inline function cmpBranch(op: u32, a: u32, b: u32): i32 {
  switch (op) {
    case G.OP_JE: return a == b ? 1 : 0;
    case G.OP_JNE: return a != b ? 1 : 0;
    case G.OP_JL: return <i32>a < <i32>b ? 1 : 0;
    case G.OP_JGE: return <i32>a >= <i32>b ? 1 : 0;
    case G.OP_JLE: return <i32>a <= <i32>b ? 1 : 0;
    case G.OP_JG: return <i32>a > <i32>b ? 1 : 0;
    case G.OP_JB: return a < b ? 1 : 0;
    case G.OP_JAE: return a >= b ? 1 : 0;
    case G.OP_JBE: return a <= b ? 1 : 0;
    case G.OP_JA: return a > b ? 1 : 0;
    default: return -1;
  }
}

/** The jcc after `dec` whose operand was a (result a - 1): only je/jne fuse. */
@inline function decBranch(op: u32, a: u32): i32 {
  if (op == G.OP_JNE) return a != 1 ? 1 : 0;
  if (op == G.OP_JE) return a == 1 ? 1 : 0;
  return -1;
}

/** The index bit a data read / write needs at the current CPL. */
@inline function rmask(): u32 {
  return load<u32>(S_RMASK);
}

@inline function wmask(): u32 {
  return load<u32>(S_WMASK);
}

/** The A field * 4: the byte offset of the A register's slot. */
@inline function A4(h: u32): u32 {
  return (h >>> 6) & 60;
}

/** Effective address [base + index << scale + disp]; slots 8..15 read 0. */
@inline function ea(h: u32, p: u32): u32 {
  return load<u32>((h >>> 10) & 60, REGS) + (load<u32>((h >>> 14) & 60, REGS) << ((h >>> 20) & 3)) + load<u32>(p, 4);
}

/** True for memory forms whose dword size field is wrong (Z must be 2). */
@inline function badDword(h: u32): bool {
  return (h & 0xc00000) != 0x800000;
}

@inline function isControlRegister(n: u32): bool {
  return n == 0 || n == 2 || n == 3 || n == 4;
}

/** For memory forms whose A field names no register, an out-of-range A is ignored. */
function aFieldUnused(op: u32): bool {
  if (op >= G.OP_ADD_RR && op <= G.OP_CMP_MI) return (op - G.OP_ADD_RR) % 5 == 4; // X_MI
  return op == G.OP_TEST_MI || (op >= G.OP_NOT_M && op <= G.OP_DEC_M && (op & 1) == 0) ||
    op == G.OP_MUL_M || op == G.OP_IMUL_M || op == G.OP_DIV_M || op == G.OP_IDIV_M ||
    (op >= G.OP_SHL_MI && op <= G.OP_SAR_MC && ((op - G.OP_SHL_RI) & 2) != 0);
}

/** Field check for the grouped memory forms: Z = dword, and A < 8 where A is a register. */
function badGroupFields(h: u32): bool {
  return badDword(h) || ((h & 0x800) != 0 && !aFieldUnused(h & 0xff));
}

/**
 * How many cycles from cyc the fast loop may run before events() must look:
 * until the budget's end, the timer's deadline, or an interrupt becoming
 * deliverable, and never more than MAX_STRETCH (so acc's halves stay apart).
 */
function computeLimit(cyc: u64): u32 {
  const d = computeDeadline(cyc);
  return d <= cyc ? 0 : <u32>(d - cyc);
}

export function computeDeadline(cyc: u64): u64 {
  if (load<u32>(S_HALTED) | load<u32>(S_STOP_REQUEST) | load<u32>(S_ONESHOT) | load<u32>(S_STOPPED)) return 0;
  let d = load<u64>(S_RUN_END);
  if (load<u32>(S_TIMER_PERIOD) != 0) {
    const t = load<u64>(S_TIMER_DEADLINE);
    if (t < d) d = t;
  }
  if (load<u32>(S_IF) != 0 && (load<u32>(S_PENDING) & ~load<u32>(S_MASK)) != 0) {
    let at = load<u64>(S_IRQ_BLOCKED_UNTIL) + 1;
    if (at < cyc) at = cyc;
    if (at < d) d = at;
  }
  if (cyc + MAX_STRETCH < d) d = cyc + MAX_STRETCH;
  return d;
}

// ---------------------------------------------------------------------------
// The template.

@inline function interpret(slow: bool, jit: bool): u32 {
  let exit: u32 = EXIT_EVENT;
  let eip = load<u32>(S_EIP);
  // Cycles and instructions since this call began, in one register: instructions << 32 | cycles.
  const cyc0 = load<u64>(S_CYCLES);
  const ins0 = load<u64>(S_INSTRET);
  let acc: u64 = 0;
  let fk = load<u32>(S_FK);
  let fa = load<u32>(S_FA);
  let fb = load<u32>(S_FB);
  const user = load<u32>(S_CPL) != 0;
  store<u32>(S_RMASK, user ? IX_RU : IX_RS);
  store<u32>(S_WMASK, user ? IX_WU : IX_WS);
  // The stint ends when the low half of acc reaches limit (0 = at once).
  let limit: u32 = slow ? 0xffffffff : computeLimit(cyc0);
  // jit template: exit = EXIT_PROBE says the next fetch was reached by a branch, so a compiled
  // block may start there (exit is loop-carried anyway; a flag of its own would cost a spill).
  if (jit && probeFirst()) exit = EXIT_PROBE;

  while (true) {
    if (<u32>acc >= limit) {
      saveState(eip, acc, cyc0, ins0, fk, fa, fb);
      return jit && exit == EXIT_PROBE ? EXIT_EVENT : exit;
    }

    // Fetch.
    // The fetch window lives in memory, not locals: it rarely changes, and three
    // loads are cheaper than the spills V8 adds for loop-carried locals.
    const off = eip - load<u32>(S_FETCH_BASE);
    let p: u32;
    if (off < load<u32>(S_FETCH_LEN)) {
      p = load<u32>(S_FETCH_HOST) + off;
    } else if (!slow) {
      // Execution entered another page. A TLB hit for it (and no breakpoints anywhere) moves
      // the window here, as the slow fetch would: one lookup, the page becomes most recent.
      const at = (eip >>> 10) & 0x3ffffc;
      const e = load<u32>(at, INDEX);
      const fits = (eip & 0xfff) < G.FETCH_WINDOW_SPAN;
      if (!fits || (e & rmask()) == 0 || (load<u32>(S_CR0) & CR0_PG) == 0 || load<u32>(S_BP_COUNT) != 0) {
        exit = EXIT_SLOW; limit = 0; continue;
      }
      tick(at);
      const page = eip & 0xfffff000;
      const host = e & 0xfffff000;
      store<u32>(S_FETCH_PAGE, page);
      store<u32>(S_FETCH_PAGE_HOST, host);
      store<u32>(S_FETCH_VALID, 1);
      store<u32>(S_FETCH_BASE, page);
      store<u32>(S_FETCH_LEN, G.FETCH_WINDOW_SPAN);
      store<u32>(S_FETCH_HOST, host);
      p = host + (eip & 0xfff);
    } else {
      saveState(eip, acc, cyc0, ins0, fk, fa, fb);
      p = slowFetch(eip);
      if (p == 0) return EXIT_FAULT; // memory holds the state; a breakpoint left a one-shot stop instead
      acc = resync(acc, cyc0);
    }
    if (jit && exit == EXIT_PROBE) {
      exit = EXIT_EVENT;
      const fn = probe(p);
      if (fn != 0) { handOver(fn, p, cyc0 + <u64>limit); exit = EXIT_BLOCK; limit = 0; continue; }
    }
    const h = load<u32>(p);

    switch (h & 0xff) {
      // -------------------------------------------------------------- moves
      case G.OP_MOV_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        store<u32>(A4(h), load<u32>((h >>> 10) & 60, REGS), REGS);
        eip += 4; acc += costOf(G.OP_MOV_RR);
        break;
      }
      case G.OP_MOV_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        store<u32>(A4(h), load<u32>(p, 4), REGS);
        eip += 8; acc += costOf(G.OP_MOV_RI);
        break;
      }
      case G.OP_MOV_RM: {
        if ((h & 0xc00800) != 0x800000) { exit = EXIT_UD; limit = 0; continue; }
        const va = ea(h, p);
        let ha = fastAddr(va, rmask(), 3);
        if (ha == 0) {
          // a miss is served here in both templates (see MISS IN PLACE)
          ha = slowRead(va, rmask(), 4, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        store<u32>(A4(h), load<u32>(ha), REGS);
        eip += 8; acc += costOf(G.OP_MOV_RM);
        break;
      }
      case G.OP_MOV_MR:
      case G.OP_MOV_MI: {
        const z = (h >>> 22) & 3;
        const isMR = (h & 0xff) == G.OP_MOV_MR;
        if (z == 3 || (isMR && ((h & 0x800) != 0 || (z == 0 && (h & 0x400) != 0)))) {
          exit = EXIT_UD; limit = 0; continue;
        }
        const va = ea(h, p);
        const v = isMR ? load<u32>(A4(h), REGS) : load<u32>(p, 8);
        const last: u32 = (1 << z) - 1;
        const ha = fastAddr(va, wmask(), last);
        if (ha != 0) {
          if (z == 2) store<u32>(ha, v);
          else if (z == 1) store<u16>(ha, <u16>v);
          else store<u8>(ha, <u8>v);
          codeWrite(ha);
        } else {
          // a miss is served here in both templates (see MISS IN PLACE)
          const ok = slowWrite(va, last + 1, v, wmask(), cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (!ok) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        eip += isMR ? 8 : 12; acc += opCost(h);
        break;
      }
      case G.OP_MOVZX_RM:
      case G.OP_MOVSX_RM: {
        const z = (h >>> 22) & 3;
        if (z > 1 || (h & 0x800) != 0) { exit = EXIT_UD; limit = 0; continue; }
        const va = ea(h, p);
        let ha = fastAddr(va, rmask(), z);
        if (ha == 0) {
          // a miss is served here in both templates (see MISS IN PLACE)
          ha = slowRead(va, rmask(), z + 1, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        let v: u32;
        if ((h & 0xff) == G.OP_MOVZX_RM) v = z == 0 ? <u32>load<u8>(ha) : <u32>load<u16>(ha);
        else v = z == 0 ? <u32><i32>load<i8>(ha) : <u32><i32>load<i16>(ha);
        store<u32>(A4(h), v, REGS);
        eip += 8; acc += opCost(h);
        break;
      }
      case G.OP_LEA: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        store<u32>(A4(h), ea(h, p), REGS);
        eip += 8; acc += costOf(G.OP_LEA);
        break;
      }
      case G.OP_XCHG_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        const b4 = (h >>> 10) & 60;
        const x = load<u32>(A4(h), REGS);
        store<u32>(A4(h), load<u32>(b4, REGS), REGS);
        store<u32>(b4, x, REGS);
        eip += 4; acc += costOf(G.OP_XCHG_RR);
        break;
      }

      // ------------------------------------------- ALU, register forms
      case G.OP_ADD_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>((h >>> 10) & 60, REGS); fk = K_ADD;
        store<u32>(A4(h), fa + fb, REGS);
        eip += 4; acc += costOf(G.OP_ADD_RR);
        break;
      }
      case G.OP_ADD_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>(p, 4); fk = K_ADD;
        store<u32>(A4(h), fa + fb, REGS);
        eip += 8; acc += costOf(G.OP_ADD_RI);
        break;
      }
      case G.OP_SUB_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>((h >>> 10) & 60, REGS); fk = K_SUB;
        store<u32>(A4(h), fa - fb, REGS);
        eip += 4; acc += costOf(G.OP_SUB_RR);
        break;
      }
      case G.OP_SUB_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>(p, 4); fk = K_SUB;
        store<u32>(A4(h), fa - fb, REGS);
        eip += 8; acc += costOf(G.OP_SUB_RI);
        break;
      }
      case G.OP_CMP_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>((h >>> 10) & 60, REGS); fk = K_SUB;
        eip += 4; acc += costOf(G.OP_CMP_RR);
        if (!slow && eip - load<u32>(S_FETCH_BASE) < load<u32>(S_FETCH_LEN) && <u32>acc < limit) {
          const t = cmpBranch(load<u32>(p, 4) & 0xff, fa, fb);
          if (t > 0) { eip += 8 + load<u32>(p, 8); acc += takenCost(); if (jit) exit = EXIT_PROBE; }
          else if (t == 0) { eip += 8; acc += baseCost(); }
        }
        break;
      }
      case G.OP_CMP_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS); fb = load<u32>(p, 4); fk = K_SUB;
        eip += 8; acc += costOf(G.OP_CMP_RI);
        if (!slow && eip - load<u32>(S_FETCH_BASE) < load<u32>(S_FETCH_LEN) && <u32>acc < limit) {
          const t = cmpBranch(load<u32>(p, 8) & 0xff, fa, fb);
          if (t > 0) { eip += 8 + load<u32>(p, 12); acc += takenCost(); if (jit) exit = EXIT_PROBE; }
          else if (t == 0) { eip += 8; acc += baseCost(); }
        }
        break;
      }
      case G.OP_AND_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) & load<u32>((h >>> 10) & 60, REGS); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 4; acc += costOf(G.OP_AND_RR);
        break;
      }
      case G.OP_AND_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) & load<u32>(p, 4); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 8; acc += costOf(G.OP_AND_RI);
        break;
      }
      case G.OP_OR_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) | load<u32>((h >>> 10) & 60, REGS); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 4; acc += costOf(G.OP_OR_RR);
        break;
      }
      case G.OP_OR_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) | load<u32>(p, 4); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 8; acc += costOf(G.OP_OR_RI);
        break;
      }
      case G.OP_XOR_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) ^ load<u32>((h >>> 10) & 60, REGS); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 4; acc += costOf(G.OP_XOR_RR);
        break;
      }
      case G.OP_XOR_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) ^ load<u32>(p, 4); fk = K_LOGIC;
        store<u32>(A4(h), fa, REGS);
        eip += 8; acc += costOf(G.OP_XOR_RI);
        break;
      }
      case G.OP_TEST_RR: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) & load<u32>((h >>> 10) & 60, REGS); fk = K_LOGIC;
        eip += 4; acc += costOf(G.OP_TEST_RR);
        break;
      }
      case G.OP_TEST_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = load<u32>(A4(h), REGS) & load<u32>(p, 4); fk = K_LOGIC;
        eip += 8; acc += costOf(G.OP_TEST_RI);
        break;
      }
      case G.OP_ADC_RR:
      case G.OP_ADC_RI:
      case G.OP_SBB_RR:
      case G.OP_SBB_RI: {
        const op = h & 0xff;
        const isRR = op == G.OP_ADC_RR || op == G.OP_SBB_RR;
        if ((h & 0x800) != 0 || (isRR && (h & 0x8000) != 0)) { exit = EXIT_UD; limit = 0; continue; }
        const c: u32 = flagC(fk, fa, fb) ? 1 : 0;
        const x = load<u32>(A4(h), REGS);
        const y = isRR ? load<u32>((h >>> 10) & 60, REGS) : load<u32>(p, 4);
        let r: u32;
        if (op == G.OP_ADC_RR || op == G.OP_ADC_RI) {
          r = x + y + c;
          fa = adcFlags(x, y, c, r);
        } else {
          r = x - y - c;
          fa = sbbFlags(x, y, c, r);
        }
        fk = K_EAGER;
        store<u32>(A4(h), r, REGS);
        eip += isRR ? 4 : 8; acc += opCost(h);
        break;
      }
      case G.OP_NOT_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        store<u32>(A4(h), ~load<u32>(A4(h), REGS), REGS);
        eip += 4; acc += costOf(G.OP_NOT_R);
        break;
      }
      case G.OP_NEG_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = 0; fb = load<u32>(A4(h), REGS); fk = K_SUB;
        store<u32>(A4(h), 0 - fb, REGS);
        eip += 4; acc += costOf(G.OP_NEG_R);
        break;
      }
      case G.OP_INC_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const c: u32 = flagC(fk, fa, fb) ? 1 : 0;
        fa = load<u32>(A4(h), REGS); fb = c; fk = K_INC;
        store<u32>(A4(h), fa + 1, REGS);
        eip += 4; acc += costOf(G.OP_INC_R);
        break;
      }
      case G.OP_DEC_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const c: u32 = flagC(fk, fa, fb) ? 1 : 0;
        fa = load<u32>(A4(h), REGS); fb = c; fk = K_DEC;
        store<u32>(A4(h), fa - 1, REGS);
        eip += 4; acc += costOf(G.OP_DEC_R);
        if (!slow && eip - load<u32>(S_FETCH_BASE) < load<u32>(S_FETCH_LEN) && <u32>acc < limit) {
          const t = decBranch(load<u32>(p, 4) & 0xff, fa);
          if (t > 0) { eip += 8 + load<u32>(p, 8); acc += takenCost(); if (jit) exit = EXIT_PROBE; }
          else if (t == 0) { eip += 8; acc += baseCost(); }
        }
        break;
      }
      case G.OP_IMUL_RR:
      case G.OP_IMUL_RRI: {
        if (h & 0x8800) { exit = EXIT_UD; limit = 0; continue; }
        const three = (h & 0xff) == G.OP_IMUL_RRI;
        const x = load<u32>(three ? (h >>> 10) & 60 : A4(h), REGS);
        const y = three ? load<u32>(p, 4) : load<u32>((h >>> 10) & 60, REGS);
        const r = x * y;
        const over = !imulFits(x, y);
        fa = eager(over, over, r); fk = K_EAGER;
        store<u32>(A4(h), r, REGS);
        eip += three ? 8 : 4; acc += opCost(h);
        break;
      }
      case G.OP_MUL_R:
      case G.OP_IMUL_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        fa = mulWide(load<u32>(A4(h), REGS), (h & 0xff) == G.OP_IMUL_R); fk = K_EAGER;
        eip += 4; acc += opCost(h);
        break;
      }
      case G.OP_DIV_R:
      case G.OP_IDIV_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        if (!divWide(load<u32>(A4(h), REGS), (h & 0xff) == G.OP_IDIV_R)) {
          exit = EXIT_DE; limit = 0; continue;
        }
        eip += 4; acc += opCost(h);
        break;
      }
      case G.OP_CDQ: {
        setRegister(2, <u32>(<i32>reg(0) >> 31));
        eip += 4; acc += costOf(G.OP_CDQ);
        break;
      }
      // Shifts by an immediate (the common form) each get their own case, so the
      // kind and the count's source are constants the compiler folds away.
      case G.OP_SHL_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const n = (h >>> 24) & 31;
        if (n != 0) {
          const v = load<u32>(A4(h), REGS);
          const r = v << n;
          fa = shiftFlags(0, v, n, r); fk = K_EAGER;
          store<u32>(A4(h), r, REGS);
        }
        eip += 4; acc += costOf(G.OP_SHL_RI);
        break;
      }
      case G.OP_SHR_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const n = (h >>> 24) & 31;
        if (n != 0) {
          const v = load<u32>(A4(h), REGS);
          const r = v >>> n;
          fa = shiftFlags(1, v, n, r); fk = K_EAGER;
          store<u32>(A4(h), r, REGS);
        }
        eip += 4; acc += costOf(G.OP_SHR_RI);
        break;
      }
      case G.OP_SAR_RI: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const n = (h >>> 24) & 31;
        if (n != 0) {
          const v = load<u32>(A4(h), REGS);
          const r = <u32>(<i32>v >> n);
          fa = shiftFlags(2, v, n, r); fk = K_EAGER;
          store<u32>(A4(h), r, REGS);
        }
        eip += 4; acc += costOf(G.OP_SAR_RI);
        break;
      }
      case G.OP_SHL_RC:
      case G.OP_SHR_RC:
      case G.OP_SAR_RC: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        const op = h & 0xff;
        const kind = (op - G.OP_SHL_RI) >>> 2;
        const n = ((op & 1) == (G.OP_SHL_RI & 1) ? h >>> 24 : reg(1)) & 31;
        if (n != 0) {
          const v = load<u32>(A4(h), REGS);
          const r = shiftValue(kind, v, n);
          fa = shiftFlags(kind, v, n, r); fk = K_EAGER;
          store<u32>(A4(h), r, REGS);
        }
        eip += 4; acc += opCost(h);
        break;
      }

      // ---------------------------------------------- ALU, memory source
      case G.OP_ADD_RM:
      case G.OP_OR_RM:
      case G.OP_ADC_RM:
      case G.OP_SBB_RM:
      case G.OP_AND_RM:
      case G.OP_SUB_RM:
      case G.OP_XOR_RM:
      case G.OP_CMP_RM:
      case G.OP_CMP_MR:
      case G.OP_CMP_MI:
      case G.OP_TEST_MR:
      case G.OP_TEST_MI:
      case G.OP_IMUL_RM:
      case G.OP_IMUL_RMI:
      case G.OP_MUL_M:
      case G.OP_IMUL_M:
      case G.OP_DIV_M:
      case G.OP_IDIV_M: {
        if (badDword(h) || (h & 0x800) != 0) {
          // Slow mode decides (an A field >= 8 is fine where A names no register).
          if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
          if (badGroupFields(h)) { exit = EXIT_UD; limit = 0; continue; }
        }
        const va = ea(h, p);
        let ha = fastAddr(va, rmask(), 3);
        if (ha == 0) {
          // a miss is served here in both templates (see MISS IN PLACE)
          ha = slowRead(va, rmask(), 4, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        const m = load<u32>(ha);
        const x = load<u32>(A4(h), REGS);
        let len: u32 = 8;
        switch (h & 0xff) {
          case G.OP_ADD_RM: { fa = x; fb = m; fk = K_ADD; store<u32>(A4(h), x + m, REGS); break; }
          case G.OP_OR_RM: { fa = x | m; fk = K_LOGIC; store<u32>(A4(h), fa, REGS); break; }
          case G.OP_ADC_RM: {
            const cf: u32 = flagC(fk, fa, fb) ? 1 : 0;
            const r = x + m + cf;
            fa = adcFlags(x, m, cf, r); fk = K_EAGER; store<u32>(A4(h), r, REGS);
            break;
          }
          case G.OP_SBB_RM: {
            const cf: u32 = flagC(fk, fa, fb) ? 1 : 0;
            const r = x - m - cf;
            fa = sbbFlags(x, m, cf, r); fk = K_EAGER; store<u32>(A4(h), r, REGS);
            break;
          }
          case G.OP_AND_RM: { fa = x & m; fk = K_LOGIC; store<u32>(A4(h), fa, REGS); break; }
          case G.OP_SUB_RM: { fa = x; fb = m; fk = K_SUB; store<u32>(A4(h), x - m, REGS); break; }
          case G.OP_XOR_RM: { fa = x ^ m; fk = K_LOGIC; store<u32>(A4(h), fa, REGS); break; }
          case G.OP_CMP_RM: { fa = x; fb = m; fk = K_SUB; break; }
          case G.OP_CMP_MR: { fa = m; fb = x; fk = K_SUB; break; }
          case G.OP_CMP_MI: { fa = m; fb = load<u32>(p, 8); fk = K_SUB; len = 12; break; }
          case G.OP_TEST_MR: { fa = m & x; fk = K_LOGIC; break; }
          case G.OP_TEST_MI: { fa = m & load<u32>(p, 8); fk = K_LOGIC; len = 12; break; }
          case G.OP_IMUL_RM: {
            const over = !imulFits(x, m);
            const r = x * m; fa = eager(over, over, r); fk = K_EAGER; store<u32>(A4(h), r, REGS);
            break;
          }
          case G.OP_IMUL_RMI: {
            const y = load<u32>(p, 8);
            const over = !imulFits(m, y);
            const r = m * y; fa = eager(over, over, r); fk = K_EAGER; store<u32>(A4(h), r, REGS);
            len = 12;
            break;
          }
          case G.OP_MUL_M: { fa = mulWide(m, false); fk = K_EAGER; break; }
          case G.OP_IMUL_M: { fa = mulWide(m, true); fk = K_EAGER; break; }
          default: {
            // DIV_M, IDIV_M
            if (!divWide(m, (h & 0xff) == G.OP_IDIV_M)) {
              exit = EXIT_DE; limit = 0; continue;
            }
            break;
          }
        }
        eip += len; acc += opCost(h);
        break;
      }

      // ------------------------------------- read-modify-write of memory
      case G.OP_ADD_MR:
      case G.OP_ADD_MI:
      case G.OP_OR_MR:
      case G.OP_OR_MI:
      case G.OP_ADC_MR:
      case G.OP_ADC_MI:
      case G.OP_SBB_MR:
      case G.OP_SBB_MI:
      case G.OP_AND_MR:
      case G.OP_AND_MI:
      case G.OP_SUB_MR:
      case G.OP_SUB_MI:
      case G.OP_XOR_MR:
      case G.OP_XOR_MI:
      case G.OP_NOT_M:
      case G.OP_NEG_M:
      case G.OP_INC_M:
      case G.OP_DEC_M:
      case G.OP_SHL_MI:
      case G.OP_SHL_MC:
      case G.OP_SHR_MI:
      case G.OP_SHR_MC:
      case G.OP_SAR_MI:
      case G.OP_SAR_MC:
      case G.OP_XCHG_MR:
      case G.OP_XCHG_RM:
      case G.OP_CMPXCHG_MR: {
        if (badDword(h) || (h & 0x800) != 0) {
          // Slow mode decides (an A field >= 8 is fine where A names no register).
          if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
          if (badGroupFields(h)) { exit = EXIT_UD; limit = 0; continue; }
        }
        const va = ea(h, p);
        // The read half: checked for writing, so a read-only page faults with W=1.
        let ha = fastAddr(va, wmask(), 3);
        if (ha == 0) {
          // a miss is served here in both templates (see MISS IN PLACE)
          ha = slowRead(va, wmask(), 4, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        const m = load<u32>(ha);
        const x = load<u32>(A4(h), REGS);
        const op = h & 0xff;
        let len: u32 = 8;
        let r: u32 = m;
        // New lazy flags are computed into n* and committed only after the write succeeds.
        let nk = fk; let na = fa; let nb = fb;
        let regOut = false; // xchg / failed cmpxchg write the A register
        let regValue: u32 = 0;
        switch (op) {
          case G.OP_ADD_MR: { na = m; nb = x; r = m + x; nk = K_ADD; break; }
          case G.OP_ADD_MI: { na = m; nb = load<u32>(p, 8); r = m + nb; nk = K_ADD; len = 12; break; }
          case G.OP_OR_MR: { r = m | x; na = r; nk = K_LOGIC; break; }
          case G.OP_OR_MI: { r = m | load<u32>(p, 8); na = r; nk = K_LOGIC; len = 12; break; }
          case G.OP_ADC_MR:
          case G.OP_ADC_MI: {
            const y = op == G.OP_ADC_MR ? x : load<u32>(p, 8);
            const cf: u32 = flagC(fk, fa, fb) ? 1 : 0;
            r = m + y + cf; na = adcFlags(m, y, cf, r); nk = K_EAGER;
            if (op == G.OP_ADC_MI) len = 12;
            break;
          }
          case G.OP_SBB_MR:
          case G.OP_SBB_MI: {
            const y = op == G.OP_SBB_MR ? x : load<u32>(p, 8);
            const cf: u32 = flagC(fk, fa, fb) ? 1 : 0;
            r = m - y - cf; na = sbbFlags(m, y, cf, r); nk = K_EAGER;
            if (op == G.OP_SBB_MI) len = 12;
            break;
          }
          case G.OP_AND_MR: { r = m & x; na = r; nk = K_LOGIC; break; }
          case G.OP_AND_MI: { r = m & load<u32>(p, 8); na = r; nk = K_LOGIC; len = 12; break; }
          case G.OP_SUB_MR: { na = m; nb = x; r = m - x; nk = K_SUB; break; }
          case G.OP_SUB_MI: { na = m; nb = load<u32>(p, 8); r = m - nb; nk = K_SUB; len = 12; break; }
          case G.OP_XOR_MR: { r = m ^ x; na = r; nk = K_LOGIC; break; }
          case G.OP_XOR_MI: { r = m ^ load<u32>(p, 8); na = r; nk = K_LOGIC; len = 12; break; }
          case G.OP_NOT_M: { r = ~m; break; }
          case G.OP_NEG_M: { na = 0; nb = m; r = 0 - m; nk = K_SUB; break; }
          case G.OP_INC_M: { nb = flagC(fk, fa, fb) ? 1 : 0; na = m; r = m + 1; nk = K_INC; break; }
          case G.OP_DEC_M: { nb = flagC(fk, fa, fb) ? 1 : 0; na = m; r = m - 1; nk = K_DEC; break; }
          case G.OP_XCHG_MR:
          case G.OP_XCHG_RM: { r = x; regOut = true; regValue = m; break; }
          case G.OP_CMPXCHG_MR: {
            const acc = reg(0);
            na = acc; nb = m; nk = K_SUB;
            if (acc == m) r = x;
            else {
              // x86 writes the old value back and loads it into eax.
              r = m;
              regOut = true;
              regValue = m;
            }
            break;
          }
          default: {
            // Shifts of memory (count 0: no change to value or flags, both accesses still made).
            const kind = (op - G.OP_SHL_RI) >>> 2;
            const n = ((op & 1) == (G.OP_SHL_RI & 1) ? h >>> 24 : reg(1)) & 31;
            if (n != 0) {
              r = shiftValue(kind, m, n);
              na = shiftFlags(kind, m, n, r); nk = K_EAGER;
            }
            break;
          }
        }
        // The write half. It misses only if the read half did (a hit checked with the write
        // mask covers the write), so the read was served in place and the write is too, in both
        // templates: handing the instruction back now would count the read's lookups twice (and
        // an untick could not take back a slow lookup's tick, which also synced the hit count).
        const hw = fastAddr(va, wmask(), 3);
        if (hw != 0) { store<u32>(hw, r); codeWrite(hw); }
        else {
          const ok = slowWrite(va, 4, r, wmask(), cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (!ok) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        if (regOut) {
          if (op == G.OP_CMPXCHG_MR) setRegister(0, regValue);
          else store<u32>(A4(h), regValue, REGS);
        }
        fk = nk; fa = na; fb = nb;
        eip += len; acc += opCost(h);
        break;
      }

      // ------------------------------------------------------------ stack
      case G.OP_PUSH_R:
      case G.OP_PUSH_I:
      case G.OP_PUSH_M:
      case G.OP_PUSHF:
      case G.OP_CALL:
      case G.OP_CALL_R:
      case G.OP_CALL_M: {
        const op = h & 0xff;
        let v: u32;
        let next: u32;
        if (op == G.OP_CALL) {
          v = eip + 8; next = eip + 8 + load<u32>(p, 4);
        } else if (op == G.OP_PUSH_R) {
          if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
          v = load<u32>(A4(h), REGS); next = eip + 4;
        } else if (op == G.OP_PUSH_I) {
          v = load<u32>(p, 4); next = eip + 8;
        } else if (op == G.OP_PUSHF) {
          v = materialize(fk, fa, fb) | load<u32>(S_IF) | 2; next = eip + 4;
        } else if (op == G.OP_CALL_R) {
          if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
          v = eip + 4; next = load<u32>(A4(h), REGS);
        } else {
          // PUSH_M, CALL_M: read the operand first.
          if (badDword(h)) { exit = EXIT_UD; limit = 0; continue; }
          const va = ea(h, p);
          let ha = fastAddr(va, rmask(), 3);
          if (ha == 0) {
            if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
            ha = slowRead(va, rmask(), 4, cyc0 + lo(acc));
            acc = resync(acc, cyc0);
            if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
          }
          const m = load<u32>(ha);
          if (op == G.OP_PUSH_M) { v = m; next = eip + 8; }
          else { v = eip + 8; next = m; }
        }
        const sp = reg(REG_ESP) - 4;
        const ha = fastAddr(sp, wmask(), 3);
        if (ha != 0) { store<u32>(ha, v); codeWrite(ha); }
        else {
          // With one access, a miss is served here in both templates (see MISS IN PLACE).
          if (!slow && (op == G.OP_PUSH_M || op == G.OP_CALL_M)) {
            untick(); // undo the operand read's tick
            exit = EXIT_SLOW; limit = 0; continue;
          }
          const ok = slowWrite(sp, 4, v, wmask(), cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (!ok) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        setRegister(REG_ESP, sp);
        eip = next; acc += opCost(h); if (jit) exit = EXIT_PROBE;
        break;
      }
      case G.OP_POP_R:
      case G.OP_POP_M:
      case G.OP_POPF:
      case G.OP_RET:
      case G.OP_LEAVE: {
        const op = h & 0xff;
        if ((op == G.OP_POP_R && (h & 0x800) != 0) || (op == G.OP_POP_M && badDword(h))) {
          exit = EXIT_UD; limit = 0; continue;
        }
        const sp = op == G.OP_LEAVE ? reg(REG_EBP) : reg(REG_ESP);
        let ha = fastAddr(sp, rmask(), 3);
        if (ha == 0) {
          // With one access, a miss is served here in both templates (see MISS IN PLACE); pop [m] hands over.
          if (!slow && op == G.OP_POP_M) { exit = EXIT_SLOW; limit = 0; continue; }
          ha = slowRead(sp, rmask(), 4, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        const v = load<u32>(ha);
        if (op == G.OP_RET) {
          setRegister(REG_ESP, sp + 4);
          eip = v; acc += opCost(h); if (jit) exit = EXIT_PROBE;
        } else if (op == G.OP_POP_R) {
          setRegister(REG_ESP, sp + 4);
          store<u32>(A4(h), v, REGS); // after the esp update: pop esp loads the popped value
          eip += 4; acc += opCost(h);
        } else if (op == G.OP_LEAVE) {
          setRegister(REG_ESP, sp + 4);
          setRegister(REG_EBP, v);
          eip += 4; acc += opCost(h);
        } else if (op == G.OP_POP_M) {
          // The destination address is computed with esp already incremented, as on x86.
          setRegister(REG_ESP, sp + 4);
          const va = ea(h, p);
          const hw = fastAddr(va, wmask(), 3);
          if (hw != 0) { store<u32>(hw, v); codeWrite(hw); }
          else {
            if (!slow) { untick(); setRegister(REG_ESP, sp); exit = EXIT_SLOW; limit = 0; continue; }
            const ok = slowWrite(va, 4, v, wmask(), cyc0 + lo(acc));
            acc = resync(acc, cyc0);
            if (!ok) {
              setRegister(REG_ESP, sp);
              exit = EXIT_FAULT; limit = 0; continue;
            }
          }
          eip += 8; acc += opCost(h);
        } else {
          // POPF: arithmetic flags always; IF only in ring 0.
          setRegister(REG_ESP, sp + 4);
          fk = K_EAGER; fa = v & EFLAGS_ARITH;
          eip += 4; acc += opCost(h);
          if (load<u32>(S_CPL) == 0 && (v & EFLAGS_IF) != load<u32>(S_IF)) {
            store<u32>(S_IF, v & EFLAGS_IF);
            exit = EXIT_EVENT; limit = 0; continue; // interrupts may be deliverable now
          }
        }
        break;
      }

      // ----------------------------------------------------- control flow
      case G.OP_JMP: {
        eip = eip + 8 + load<u32>(p, 4); acc += costOf(G.OP_JMP); if (jit) exit = EXIT_PROBE;
        break;
      }
      case G.OP_JMP_R: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        eip = load<u32>(A4(h), REGS); acc += costOf(G.OP_JMP_R); if (jit) exit = EXIT_PROBE;
        break;
      }
      case G.OP_JMP_M: {
        if (badDword(h)) { exit = EXIT_UD; limit = 0; continue; }
        const va = ea(h, p);
        let ha = fastAddr(va, rmask(), 3);
        if (ha == 0) {
          if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
          ha = slowRead(va, rmask(), 4, cyc0 + lo(acc));
          acc = resync(acc, cyc0);
          if (ha == 0) { exit = EXIT_FAULT; limit = 0; continue; }
        }
        eip = load<u32>(ha); acc += costOf(G.OP_JMP_M); if (jit) exit = EXIT_PROBE;
        break;
      }
      case G.OP_JO: { if (condition(0, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JNO: { if (condition(1, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JB: { if (condition(2, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JAE: { if (condition(3, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JE: { if (condition(4, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JNE: { if (condition(5, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JBE: { if (condition(6, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JA: { if (condition(7, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JS: { if (condition(8, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JNS: { if (condition(9, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JL: { if (condition(12, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JGE: { if (condition(13, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JLE: { if (condition(14, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_JG: { if (condition(15, fk, fa, fb)) { eip += 8 + load<u32>(p, 4); acc += takenCost(); if (jit) exit = EXIT_PROBE; } else { eip += 8; acc += baseCost(); } break; }
      case G.OP_SETO:
      case G.OP_SETNO:
      case G.OP_SETB:
      case G.OP_SETAE:
      case G.OP_SETE:
      case G.OP_SETNE:
      case G.OP_SETBE:
      case G.OP_SETA:
      case G.OP_SETS:
      case G.OP_SETNS:
      case G.OP_SETL:
      case G.OP_SETGE:
      case G.OP_SETLE:
      case G.OP_SETG: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        let cc = (h & 0xff) - G.OP_SETO;
        if (cc >= 10) cc += 2; // no parity conditions
        store<u32>(A4(h), setccValue(cc, fk, fa, fb), REGS);
        eip += 4; acc += opCost(h);
        break;
      }

      // ----------------------------------------------------------- system
      case G.OP_NOP: {
        eip += 4; acc += costOf(G.OP_NOP);
        break;
      }
      case G.OP_RDTSC: {
        const now = cyc0 + lo(acc);
        setRegister(0, <u32>now);
        setRegister(2, <u32>(now >>> 32));
        eip += 4; acc += costOf(G.OP_RDTSC);
        break;
      }
      case G.OP_INT: {
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        softInt(h >>> 24, eip + 4);
        return EXIT_EVENT;
      }
      case G.OP_IRET: {
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        iret();
        return EXIT_EVENT;
      }
      case G.OP_CLI:
      case G.OP_STI:
      case G.OP_HLT: {
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        const op = h & 0xff;
        if (op == G.OP_CLI) cli(eip + 4);
        else if (op == G.OP_STI) sti(eip + 4);
        else hlt(eip + 4);
        return EXIT_EVENT;
      }
      case G.OP_IN_RI:
      case G.OP_IN_RD: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        const port = (h & 0xff) == G.OP_IN_RI ? h >>> 24 : reg(2) & 0xffff;
        store<u32>(A4(h), portRead(port), REGS);
        eip += 4; acc += opCost(h);
        break;
      }
      case G.OP_OUT_IR:
      case G.OP_OUT_DR: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        const port = (h & 0xff) == G.OP_OUT_IR ? h >>> 24 : reg(2) & 0xffff;
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        out(port, load<u32>(A4(h), REGS), eip + 4);
        return EXIT_EVENT;
      }
      case G.OP_MOV_CR: {
        if ((h & 0x800) != 0 || !isControlRegister(h >>> 24)) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        movToCr(h >>> 24, load<u32>(A4(h), REGS), eip + 4);
        return EXIT_EVENT;
      }
      case G.OP_MOV_RC: {
        if ((h & 0x800) != 0 || !isControlRegister(h >>> 24)) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        store<u32>(A4(h), readCr(h >>> 24), REGS);
        eip += 4; acc += costOf(G.OP_MOV_RC);
        break;
      }
      case G.OP_INVLPG:
      case G.OP_LIDT: {
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        const va = ea(h, p);
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        if ((h & 0xff) == G.OP_INVLPG) invlpg(va, eip + 8);
        else lidt(va, eip + 8);
        return EXIT_EVENT;
      }
      case G.OP_INVPCID: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        const va = ea(h, p);
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        invpcid(load<u32>(A4(h), REGS), va, eip + 8);
        return EXIT_EVENT;
      }
      case G.OP_RDPMC: {
        // Ring 3 only with CR4.PCE; ecx must name a counter. The value is read with memory
        // up to date (saveState counts the fast path's TLB hits first).
        if (load<u32>(S_CPL) != 0 && (load<u32>(S_CR4) & G.CR4_PCE) == 0) { exit = EXIT_GP; limit = 0; continue; }
        if (reg(1) >= G.COUNTER_COUNT) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        rdpmc(reg(1), eip + 4);
        return EXIT_EVENT;
      }
      case G.OP_LTR: {
        if (h & 0x800) { exit = EXIT_UD; limit = 0; continue; }
        if (load<u32>(S_CPL) != 0) { exit = EXIT_GP; limit = 0; continue; }
        if (!slow) { exit = EXIT_SLOW; limit = 0; continue; }
        saveState(eip, acc, cyc0, ins0, fk, fa, fb);
        ltr(load<u32>(A4(h), REGS), eip + 4);
        return EXIT_EVENT;
      }
      default: {
        // UD2 and every opcode the table does not define.
        exit = EXIT_UD; limit = 0; continue;
      }
    }
    // Slow mode executes exactly one instruction.
    if (slow) { exit = EXIT_EVENT; limit = 0; }
  }
}

/** Runs instructions until the deadline or an instruction the fast paths cannot do. */
export function fastLoop(): u32 {
  return interpret(false, false);
}

/**
 * fastLoop that also looks for compiled blocks at branch targets (and at its
 * first fetch when jit.ts's probeFirst() says so): it hands over with
 * EXIT_BLOCK before the block's first instruction.
 */
export function fastLoopJit(): u32 {
  return interpret(false, true);
}

/** Executes the one instruction at eip with all slow paths. */
export function slowStep(): u32 {
  return interpret(true, false);
}
