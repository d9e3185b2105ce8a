// Guest memory accesses in a compiled block, exactly as the interpreter's
// fastAddr makes them: every data access goes through the modelled TLB.
//
// The common case is inline: one load of the flat TLB index, the permission
// and page-crossing test, the LRU stamp and clock tick, then the host access.
// A miss of a one-access instruction (push/pop/call/ret included) is served
// in place, as the interpreter's MISS IN PLACE does: the common miss (a walk
// and an LRU fill) by the block itself (miss.ts), any other by a call of the
// core's slow path, which may walk the page tables (costing cycles, so the
// cycle local is reloaded), evict the code page's entry (afterAccess() then
// leaves if the interpreter's fetch window is gone) or fault (the block
// leaves FAULT before the instruction, nothing of it done). After every store the block
// checks its own page is still marked as code: if it wrote itself, the next
// instruction must be read afresh by the interpreter.
//
// Instructions with two accesses (push/pop/call/jmp with a memory operand,
// read-modify-write) hand a miss over to the slow step whole, as the
// interpreter's fast loop does: the first access's miss before anything is
// done, the second's after taking back the first one's clock tick.

import { JIT_EXIT } from '../../isa/machine.js';
import { Insn, OP } from './decode.js';
import { inlineMiss, refetchInline } from './miss.js';
import {
  AFTER_RELOAD, Block, F_AFTER, F_READ, F_WRITE, L_CYC, L_DEADLINE, L_E, L_EIP, L_HA, L_MYFLAG, L_PAGE, L_R0, L_RMASK, L_SLOWED,
  L_T, L_T2, L_V, L_VA, L_WMASK,
} from './block.js';

/** Effective address of a memory form: regs[B] + (regs[X] << S) + disp. */
export function ea(c: Block, i: Insn): void {
  const b = c.b;
  const base = (i.h >>> 12) & 15;
  const index = (i.h >>> 16) & 15;
  const scale = (i.h >>> 20) & 3;
  b.i32(i.w1);
  if (base < 8) b.get(L_R0 + base).add();
  if (index < 8) {
    b.get(L_R0 + index);
    if (scale !== 0) b.i32(scale).shl();
    b.add();
  }
}

/**
 * The interpreter's fastAddr for `last + 1` bytes at L_VA with the index
 * bit in local `mask`: on a hit, ticks the LRU clock, leaves the host
 * address in L_HA and runs hit(); else runs miss().
 */
export function access(c: Block, mask: number, last: number, hit: () => void, miss: () => void): void {
  const b = c.b;
  const L = c.L;
  b.get(L_VA).i32(10).shrU().i32(0x3ffffc).and().set(L_T);
  b.get(L_T).load32(L.INDEX).set(L_E);
  b.get(L_E).get(mask).and().eqz();
  if (last !== 0) b.get(L_VA).i32(0xfff).and().i32(0xfff - last).gtU().or();
  b.if();
  miss();
  b.else();
  b.get(L_T).i32(0).load32(L.CLOCK).tee(L_T2).store32(L.STAMPS);
  b.i32(0).get(L_T2).i32(1).add().store32(L.CLOCK);
  b.get(L_E).i32(0xfffff000 | 0).and().get(L_VA).i32(0xfff).and().or().set(L_HA);
  hit();
  b.end();
}

/** Takes back the last hit's LRU clock tick (an instruction handed to the slow step after its first access). */
export function untick(c: Block): void {
  c.b.i32(0).i32(0).load32(c.L.CLOCK).i32(1).sub().store32(c.L.CLOCK);
}

/**
 * The first access of a two-access instruction (push/pop/call/jmp with a
 * memory operand): a hit loads the dword at L_VA into local `into`; a miss
 * hands the whole instruction k to the slow step, as the interpreter does
 * (nothing of it done yet, no tick made).
 */
function readFirst(c: Block, k: number, mask: number, into: number): void {
  access(c, mask, 3, () => { c.b.get(L_HA).load32().set(into); }, () => { c.exit(c.delta(k), JIT_EXIT.SLOW); });
}

/** The second access: a store of L_V at L_VA; a miss takes back the first one's tick and hands k over. */
function writeSecond(c: Block, k: number): void {
  const b = c.b;
  access(c, L_WMASK, 3, () => {
    b.get(L_HA).get(L_V).store32();
    codeWrite(c);
  }, () => {
    untick(c);
    c.exit(c.delta(k), JIT_EXIT.SLOW);
  });
}

/** jit.ts's codeWrite for the store just made at L_HA. */
export function codeWrite(c: Block): void {
  const b = c.b;
  b.get(L_HA).i32(12).shrU().i32(2).shl().i32(c.L.PAGES).add().set(L_T);
  b.get(L_T).load32().tee(L_T2).i32(1).and();
  b.if();
  b.get(L_T).get(L_T2).i32(1).add().store32();
  b.end();
}

/**
 * The end of a miss done in the block (miss.ts): L_SLOWED = 2, the walk's
 * cycles to check against the deadline (it never drops the fetch window).
 */
function walked(c: Block): void {
  c.b.i32(2).set(L_SLOWED);
  c.walked = true;
}

/** A one-access read of size bytes at L_VA into L_HA (slow path in place; a fault leaves before insn k). */
export function readOne(c: Block, k: number, mask: number, size: number): void {
  const b = c.b;
  c.flush();
  c.slowed = true;
  access(c, mask, size - 1, () => {}, () => inlineMiss(c, mask, size - 1, () => { walked(c); }, () => {
    b.get(L_VA).get(mask).i32(size).get(L_CYC).call(F_READ).set(L_HA);
    slowPathDone(c, k, L_HA);
  }));
}

/** A one-access write of the low `size` bytes of L_V at L_VA (slow path in place; a fault leaves before insn k). */
export function writeOne(c: Block, k: number, size: number): void {
  const b = c.b;
  c.flush();
  const write = (): void => {
    b.get(L_HA).get(L_V);
    if (size === 4) b.store32(); else if (size === 2) b.store16(); else b.store8();
    codeWrite(c);
  };
  c.slowed = true;
  access(c, L_WMASK, size - 1, write, () => inlineMiss(c, L_WMASK, size - 1, () => { write(); walked(c); }, () => slowWrite(c, k, size, L_V)));
}

/**
 * The write half of a read-modify-write: the dword in local `value` to
 * L_VA. It misses only where the read half did (a hit checked with the
 * write mask covers the write): the read was served in place, and so is
 * the write, as in the interpreter (handing the instruction over now would
 * make its lookups count twice).
 */
export function writeHalf(c: Block, k: number, value: number): void {
  const b = c.b;
  c.flush();
  c.slowed = true;
  access(c, L_WMASK, 3, () => {
    b.get(L_HA).get(value).store32();
    codeWrite(c);
  }, () => slowWrite(c, k, 4, value));
}

/** The core's slow write of `size` bytes of local `value` at L_VA, in place; a fault leaves before insn k. */
function slowWrite(c: Block, k: number, size: number, value: number): void {
  const b = c.b;
  b.get(L_VA).i32(size).get(value).get(L_WMASK).get(L_CYC).call(F_WRITE).set(L_T);
  slowPathDone(c, k, L_T);
}

/**
 * After a call of the core's slow read or write, whose result is in local
 * `result` (0: it faulted): the cycles it charged into L_CYC, a fault leaves
 * before insn k, and L_SLOWED tells afterAccess a slow path ran.
 */
function slowPathDone(c: Block, k: number, result: number): void {
  const b = c.b;
  b.i32(0).load64(c.L.CYCLES).set(L_CYC);
  b.get(result).eqz();
  b.if();
  c.exit(c.delta(k), JIT_EXIT.FAULT);
  b.end();
  b.i32(1).set(L_SLOWED);
}

/**
 * After a memory instruction k: after a store, leave if the block wrote its
 * own page; then, if a slow path (or the in-block miss) ran, leave if it
 * dropped the fetch window or its cycles reach the deadline (F_AFTER).
 * Without a slow path neither can happen: the entry's checkpoint covered
 * every instruction of the block at its largest static cost. (Leaving for
 * the window or the own page is the same CHAIN exit at the same eip.)
 */
export function afterAccess(c: Block, k: number, stored: boolean): void {
  const b = c.b;
  const next = c.nextDelta(k);
  if (stored) ownPageCheck(c, k);
  if (!c.slowed) return;
  c.slowed = false;
  const rest = c.rest(k + 1);
  const walk = c.walked;
  b.get(L_SLOWED);
  b.if();
  if (walk) {
    // After the in-block miss (L_SLOWED 2) only the deadline, inline: the loops that
    // miss all the time are where it runs, and they are few (miss.ts).
    c.walked = false;
    b.get(L_SLOWED).i32(2).eq();
    b.if();
    b.i32(0).set(L_SLOWED);
    if (rest !== null) {
      b.get(L_CYC).i64(c.pc + rest).add64().get(L_DEADLINE).geU64();
      b.if();
      c.exit(next, JIT_EXIT.NEAR);
      b.end();
    }
    b.else();
  }
  const handled = b.block();
  // After the in-block miss evicted the code page (L_SLOWED 3): the next fetch, in the block if it can.
  if (walk) refetchInline(c, k, rest, handled);
  b.i32(0).set(L_SLOWED);
  b.get(L_EIP).i32(next).add().get(L_PAGE).get(L_CYC).i64(c.pc).add64();
  // After the block's last instruction nothing more has to start before the deadline, but the
  // next fetch still comes only before it.
  b.i64(rest ?? 0).get(L_DEADLINE);
  b.call(F_AFTER).tee(L_T);
  b.if();
  // The next instruction's fetch charged cycles (block.ts helpers): the core's count is the one.
  b.get(L_T).i32(AFTER_RELOAD).and();
  b.if();
  b.i32(0).load64(c.L.CYCLES).i64(c.pc).sub64().set(L_CYC);
  b.end();
  b.get(L_T).i32(~AFTER_RELOAD).and().tee(L_T);
  b.if();
  c.exitCoded(next, L_T);
  b.end();
  b.end();
  b.end(); // handled
  if (walk) b.end();
  b.end();
}

/** After a store: leave if this block's page is no longer marked as code (the block wrote itself). */
function ownPageCheck(c: Block, k: number): void {
  const b = c.b;
  b.get(L_MYFLAG).load32().i32(1).and().eqz();
  b.if();
  c.exit(c.nextDelta(k), JIT_EXIT.CHAIN);
  b.end();
}

// ---------------------------------------------------------------- moves

/** mov/movzx/movsx r, [m]. */
export function load(c: Block, k: number, i: Insn, A: number): void {
  const b = c.b;
  const op = i.op;
  const z = op === OP.MOV_RM ? 2 : (i.h >>> 22) & 3;
  ea(c, i); b.set(L_VA);
  readOne(c, k, L_RMASK, 1 << z);
  b.get(L_HA);
  if (op === OP.MOV_RM) b.load32();
  else if (op === OP.MOVZX_RM) { if (z === 0) b.load8u(); else b.load16u(); }
  else if (z === 0) b.load8s();
  else b.load16s();
  c.setReg(A);
  c.charge(c.cost(op));
  afterAccess(c, k, false);
}

/** mov [m], r / mov [m], imm. */
export function store(c: Block, k: number, i: Insn, A: number): void {
  const b = c.b;
  const op = i.op;
  const z = (i.h >>> 22) & 3;
  const size = 1 << z;
  ea(c, i); b.set(L_VA);
  if (op === OP.MOV_MR) c.reg(A); else b.i32(i.w2);
  b.set(L_V);
  writeOne(c, k, size);
  c.charge(c.cost(op));
  afterAccess(c, k, true);
}

/** The push of the value on the stack: [esp - 4] = it, then esp -= 4 (instruction k's one access). */
export function push(c: Block, k: number): void {
  const b = c.b;
  b.set(L_V);
  c.reg(4); b.i32(4).sub().set(L_VA);
  writeOne(c, k, 4);
  b.get(L_VA); c.setReg(4);
}

/** The pop of [esp] into L_V, then esp += 4 (instruction k's one access). */
export function pop(c: Block, k: number): void {
  const b = c.b;
  c.reg(4); b.set(L_VA);
  readOne(c, k, L_RMASK, 4);
  b.get(L_HA).load32().set(L_V);
  b.get(L_VA).i32(4).add(); c.setReg(4);
}

/** push [m]: the operand read, then pushed (two accesses). */
export function pushMem(c: Block, k: number, i: Insn): void {
  const b = c.b;
  ea(c, i); b.set(L_VA);
  readFirst(c, k, L_RMASK, L_V);
  pushSecond(c, k);
  c.charge(c.cost(i.op));
  afterAccess(c, k, true);
}

/** The push of L_V as instruction k's second access (push [m], call [m]). */
export function pushSecond(c: Block, k: number): void {
  const b = c.b;
  c.reg(4); b.i32(4).sub().set(L_VA);
  writeSecond(c, k);
  b.get(L_VA); c.setReg(4);
}

/** The dword at the memory operand of instruction k into local `into`, as its first access (call [m], jmp [m]). */
export function operandFirst(c: Block, k: number, i: Insn, into: number): void {
  ea(c, i); c.b.set(L_VA);
  readFirst(c, k, L_RMASK, into);
}

/**
 * pop [m]: [esp] read, then stored at the operand's address computed with
 * esp already incremented (as on x86); esp changes only once both succeeded.
 */
export function popMem(c: Block, k: number, i: Insn): void {
  const b = c.b;
  c.reg(4); b.set(L_VA);
  readFirst(c, k, L_RMASK, L_V);
  ea(c, i);
  const base = (i.h >>> 12) & 15;
  const index = (i.h >>> 16) & 15;
  const bias = (base === 4 ? 4 : 0) + (index === 4 ? 4 << ((i.h >>> 20) & 3) : 0);
  if (bias !== 0) b.i32(bias).add();
  b.set(L_VA);
  writeSecond(c, k);
  c.reg(4); b.i32(4).add(); c.setReg(4);
  c.charge(c.cost(i.op));
  afterAccess(c, k, true);
}

/** leave: esp = ebp + 4, ebp = [ebp] (one access, a miss served in place). */
export function leave(c: Block, k: number, i: Insn): void {
  const b = c.b;
  c.reg(5); b.set(L_VA);
  readOne(c, k, L_RMASK, 4);
  b.get(L_HA).load32().set(L_V);
  b.get(L_VA).i32(4).add(); c.setReg(4);
  b.get(L_V); c.setReg(5);
  c.charge(c.cost(i.op));
  afterAccess(c, k, false);
}
