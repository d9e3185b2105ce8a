// Control flow in a compiled block: jumps, conditional jumps, call and ret.
//
// A jcc leaves the block when taken, or jumps back to the entry when that is
// its target, so a loop of one block runs without leaving WebAssembly; not
// taken, it falls through to the next instruction of the block. jmp, call
// and ret, direct or indirect (jmp r, jmp [m], call r, call [m]: switch
// tables and function pointers), end the block (decode.ts stops there); it
// leaves with the target as the next eip and JIT_EXIT.CHAIN, so the
// run loop can enter the block there straight away, or the region goes on
// with it when it is one of its blocks (region.ts).

import { JIT_EXIT } from '../../isa/machine.js';
import { Insn, JCC } from './decode.js';
import { Block, L_EIP, L_NEXT, L_R0, L_V } from './block.js';
import { cond } from './flags.js';
import { operandFirst, pop, push, pushSecond } from './memory.js';

/**
 * Control goes to page offset `target` (of the block's page; may be outside
 * it), charging extra: back to the top when that is this block's entry,
 * else out of the block.
 */
export function jump(c: Block, target: number, extraCycles: number, extraInsns: number): void {
  if (target === c.o0) {
    c.addToLocals(c.pc + extraCycles, c.pi + extraInsns);
    c.b.br(c.top);
    return;
  }
  c.exit((target - c.o0) | 0, JIT_EXIT.CHAIN, extraCycles, extraInsns);
}

/** jmp rel: ends the block. */
export function jmp(c: Block, i: Insn): void {
  jump(c, i.off + 8 + (i.w1 | 0), c.cost(i.op), 1);
}

/** jcc rel: out (or round the loop) when taken, on when not. */
export function jcc(c: Block, i: Insn): void {
  const b = c.b;
  cond(c, JCC[i.op]);
  b.if();
  jump(c, i.off + 8 + (i.w1 | 0), c.taken, 1);
  b.end();
  c.charge(c.notTaken);
}

/** call rel: pushes the return address and ends the block. */
export function call(c: Block, k: number, i: Insn): void {
  c.b.get(L_EIP).i32(c.nextDelta(k)).add();
  push(c, k);
  c.charge(c.cost(i.op));
  // Always out of the block (never round its loop): after a slow path the
  // interpreter's next fetch may have to look the page up again.
  c.exit((i.off + 8 + (i.w1 | 0) - c.o0) | 0, JIT_EXIT.CHAIN);
}

/** ret: pops the return address and ends the block there. */
export function ret(c: Block, k: number, i: Insn): void {
  pop(c, k);
  c.exitTo(L_V, JIT_EXIT.CHAIN, c.cost(i.op), 1);
}

/** jmp r: to the register's value. */
export function jmpReg(c: Block, i: Insn, A: number): void {
  c.exitTo(L_R0 + A, JIT_EXIT.CHAIN, c.cost(i.op), 1);
}

/** jmp [m]: to the dword read (a miss hands the instruction to the slow step, as the interpreter does). */
export function jmpMem(c: Block, k: number, i: Insn): void {
  operandFirst(c, k, i, L_NEXT);
  c.exitTo(L_NEXT, JIT_EXIT.CHAIN, c.cost(i.op), 1);
}

/** call r: the target read before the push (call esp calls the old esp). */
export function callReg(c: Block, k: number, i: Insn, A: number): void {
  c.reg(A); c.b.set(L_NEXT);
  c.b.get(L_EIP).i32(c.nextDelta(k)).add();
  push(c, k);
  c.charge(c.cost(i.op));
  c.exitTo(L_NEXT, JIT_EXIT.CHAIN, 0, 0);
}

/** call [m]: the target read, then the return address pushed (two accesses). */
export function callMem(c: Block, k: number, i: Insn): void {
  operandFirst(c, k, i, L_NEXT);
  c.b.get(L_EIP).i32(c.nextDelta(k)).add().set(L_V);
  pushSecond(c, k);
  c.charge(c.cost(i.op));
  c.exitTo(L_NEXT, JIT_EXIT.CHAIN, 0, 0);
}
