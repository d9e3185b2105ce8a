// run(budget): the outer loop around the interpreter.
//
// Between instructions things happen that are not instructions: the budget
// ends, the host asked to stop, the timer fires, an interrupt is delivered,
// the CPU sits in hlt. events() does all of that with the machine state in
// memory. Then the fast interpreter runs until its deadline (the earliest
// moment events() could have something to do) or until an instruction needs
// the slow step; whatever it hands back is finished here: a slow step, a
// fault or exception delivery. Then events() again.
//
// With the compiled tier on (jit.ts), the fast loop is jitLoop(): the
// interpreter and compiled blocks taking turns, each ending where the other
// would have been at that point.
//
// V8 optimizes a WebAssembly function only between calls, so the host runs
// the machine in slices of a few million cycles.

import { IRQ_TIMER, STOP_BUDGET, STOP_HALT, STOP_IDLE, STOP_STOP_REQUEST, VECTOR_DE, VECTOR_GP, VECTOR_UD } from './generated';
import { deliverableLine, timerTick } from './devices';
import { EXIT_BLOCK, EXIT_DE, EXIT_EVENT, EXIT_FAULT, EXIT_GP, EXIT_SLOW, EXIT_UD, computeDeadline, fastLoop, fastLoopJit, slowStep } from './interp';
import { JIT_EXIT_CHAIN, JIT_EXIT_MODE, JIT_EXIT_NEAR } from './generated';
import { enterBlock, forgetHandedOver, handOver, jitOn, probe, setProbeFirst } from './jit';
import { accountFastHits } from './tlb';
import {
  S_CLOCK, S_CYCLES, S_EIP, S_FETCH_BASE, S_FETCH_HOST, S_FETCH_LEN, S_HALTED, S_IF, S_MASK, S_ONESHOT, S_PENDING, S_RUN_END, S_RUN_START_CYCLES,
  S_RUN_START_EIP, S_STOPPED, S_STOP_REQUEST, S_TIMER_DEADLINE, S_TIMER_PERIOD,
} from './layout';
import { renormalize } from './tlb';
import { KIND_IRQ, deliver, deliverPendingFault, exception } from './trap';

/** events() result meaning "keep running". */
const CONTINUE: u32 = 0xffffffff;

/**
 * Everything that happens between instructions: stops, the timer, interrupt
 * delivery, the budget, and hlt (waiting, or skipping idle cycles to the next
 * timer deadline). Returns a STOP_* reason or CONTINUE.
 */
function events(): u32 {
  const stopped = load<u32>(S_STOPPED);
  if (stopped != 0) return stopped;
  const oneshot = load<u32>(S_ONESHOT);
  if (oneshot != 0) {
    store<u32>(S_ONESHOT, 0);
    return oneshot;
  }
  if (load<u32>(S_STOP_REQUEST) != 0) {
    store<u32>(S_STOP_REQUEST, 0);
    return STOP_STOP_REQUEST;
  }
  renormalize();
  while (true) {
    timerTick();
    const now = load<u64>(S_CYCLES);
    const end = load<u64>(S_RUN_END);
    if (now >= end) return STOP_BUDGET;
    const line = deliverableLine();
    if (line >= 0) {
      store<u32>(S_PENDING, load<u32>(S_PENDING) & ~(1 << <u32>line));
      const eip = load<u32>(S_EIP);
      deliver(32 + <u32>line, KIND_IRQ, 0, eip, eip);
      const after = load<u32>(S_STOPPED);
      return after != 0 ? after : CONTINUE;
    }
    if (load<u32>(S_HALTED) == 0) return CONTINUE;
    if (load<u32>(S_IF) == 0) return STOP_HALT;
    if (load<u32>(S_TIMER_PERIOD) == 0) return STOP_IDLE;
    // Halted with the timer running: the cycles until its next deadline pass idle.
    let target = load<u64>(S_TIMER_DEADLINE);
    if ((load<u32>(S_MASK) & (1 << IRQ_TIMER)) != 0 || target > end) target = end;
    if (target > now) store<u64>(S_CYCLES, target);
  }
}

/**
 * The fast loop with the compiled tier: the interpreter runs until it reaches
 * a compiled block, which runs until it ends (CHAIN: look for the next block
 * at once), comes near the deadline (NEAR: the interpreter takes the last
 * instructions one by one, exactly as without blocks), or needs the slow
 * step or a fault delivered (returned, as the interpreter returns them).
 */
function jitLoop(): u32 {
  setProbeFirst(true);
  while (true) {
    const exit = fastLoopJit();
    if (exit != EXIT_BLOCK) return exit;
    let r = enter();
    let next = CHAIN_NOT_PROBED;
    while (r == JIT_EXIT_CHAIN && (next = chainNext()) == CHAIN_ENTERED) r = enter();
    if (r == JIT_EXIT_CHAIN) setProbeFirst(next == CHAIN_NOT_PROBED);
    else if (r == JIT_EXIT_NEAR) setProbeFirst(false);
    else return r;
  }
}

/**
 * Runs the block handed over. One compiled for another paging mode runs
 * nothing and is forgotten: then it is as if a block had chained to eip.
 */
function enter(): u32 {
  const r = enterBlock();
  accountFastHits(); // as the interpreter's saveState does on every exit
  if (r != JIT_EXIT_MODE) return r;
  forgetHandedOver();
  return JIT_EXIT_CHAIN;
}

const CHAIN_NOT_PROBED: u32 = 0;
const CHAIN_PROBED: u32 = 1;
const CHAIN_ENTERED: u32 = 2;

/**
 * After a block chained: what fastLoopJit's first fetch would do, without
 * entering that big function (whose every call costs more than a short
 * block): if the deadline leaves room and eip is in the fetch window, probe
 * the block there and hand it over (ENTERED), or say the probe found none
 * (PROBED: it was counted, the interpreter must not count it again); else
 * leave it all to fastLoopJit (NOT_PROBED). The interpreter's state needs
 * nothing more: a block exit has stored it, and fastLoopJit would only store
 * it again unchanged before returning EXIT_BLOCK.
 */
function chainNext(): u32 {
  const cyc = load<u64>(S_CYCLES);
  const deadline = computeDeadline(cyc);
  if (deadline <= cyc) return CHAIN_NOT_PROBED;
  const off = load<u32>(S_EIP) - load<u32>(S_FETCH_BASE);
  if (off >= load<u32>(S_FETCH_LEN)) return CHAIN_NOT_PROBED;
  const p = load<u32>(S_FETCH_HOST) + off;
  const fn = probe(p);
  if (fn == 0) return CHAIN_PROBED;
  handOver(fn, p, deadline);
  return CHAIN_ENTERED;
}

/** The interpreter's fast loop, or the compiled tier when it is on (breakpoints too: jit.ts jitOn). */
function fast(): u32 {
  return jitOn() ? jitLoop() : fastLoop();
}

/**
 * Finishes what an interpreter exit handed back. A slow step that just
 * completed its instruction goes straight back to the fast loop: the fast
 * loop's limit is 0 when anything is due, so events() still runs when needed.
 */
function finish(exit: u32): void {
  while (exit == EXIT_SLOW) {
    exit = slowStep();
    // (events() also renormalizes the LRU clock; let it, long before the clock could wrap.)
    if (exit == EXIT_EVENT && load<u32>(S_CLOCK) < 0x80000000) exit = fast();
  }
  if (exit == EXIT_FAULT) deliverPendingFault();
  else if (exit == EXIT_UD) exception(VECTOR_UD, 0);
  else if (exit == EXIT_GP) exception(VECTOR_GP, 0);
  else if (exit == EXIT_DE) exception(VECTOR_DE, 0);
}

/**
 * Runs for about `budget` cycles (at least one instruction or one interrupt
 * delivery; run(1) is a single step). Returns a STOP_* reason.
 */
export function run(budget: u32): u32 {
  const stopped = load<u32>(S_STOPPED);
  if (stopped != 0) return stopped;
  const start = load<u64>(S_CYCLES);
  store<u64>(S_RUN_END, start + <u64>(budget == 0 ? 1 : budget));
  store<u64>(S_RUN_START_CYCLES, start);
  store<u32>(S_RUN_START_EIP, load<u32>(S_EIP));
  while (true) {
    const why = events();
    if (why != CONTINUE) return why;
    finish(fast());
  }
}
