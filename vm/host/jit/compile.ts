// The block compiler: guest instructions at one host address → WebAssembly
// that does exactly what the interpreter would, as one block of a region
// (region.ts: the hot blocks of a page in one function).
//
// Why the host compiles, in TypeScript: `WebAssembly.Module` is a host API,
// the core has no imports to call back with, and a compiler is far easier to
// read, test and change here than in AssemblyScript working on raw memory.
// The core only counts and queues (vm/core/jit.ts); the compiler translates;
// tier.ts owns the cache and the function table.
//
// The compiler, one job per file:
//   region.ts   the function: a page's hot blocks, the dispatch on eip
//               among them, the chain check between them, the cache key;
//   decode.ts   which instructions a block is made of, and where it stops;
//   block.ts    the function's signature and locals, state in and out,
//               cycle charges, exits and deadline checkpoints;
//   memory.ts   data accesses through the modelled TLB (the inline check,
//               the slow path in place), moves, push and pop;
//   miss.ts     the common TLB miss (walk and LRU fill) inside the block;
//   flags.ts    reading lazy flags (conditions, carry);
//   alu.ts      arithmetic and logic, registers and memory;
//   muldiv.ts   one-operand mul/imul/div/idiv (edx:eax, #DE);
//   control.ts  jmp, jcc, call, ret, direct and indirect;
//   compile.ts  (this file) the walk over the block, one emitter per form.
//
// Exactness, step by step with interp.ts:
//  - registers, lazy flags, cycles and instret live in locals and are written
//    back on every exit; every instruction charges the interpreter's OPCOST;
//  - every data access does the interpreter's fastAddr: one index load, the
//    permission and page-crossing test, the LRU stamp and clock tick. A miss
//    of a one-access instruction is served in place (as the interpreter's
//    MISS IN PLACE does, push/pop/call/ret included): the common one by the
//    block (miss.ts, the core's walk and fill again), the others by the
//    core's slow path;
//  - time: the interpreter runs an instruction iff the cycle counter is below
//    the deadline. At the entry, and after each instruction that may have
//    taken a slow path (page walks cost cycles), the block checks that every
//    instruction left would still start before the deadline (with each one's
//    largest static cost); if not it exits NEAR and the interpreter does the
//    last few one by one. So an interrupt arrives at the same cycle;
//  - after a slow path the block also leaves if the path dropped the
//    interpreter's fetch window (an eviction of the code page's TLB entry:
//    the interpreter would look it up again at the next fetch), and after
//    every store if its own page is no longer marked as code (it wrote
//    itself: the next instruction must be read afresh);
//  - from block to block of a region control stays in the function only
//    where the run loop would have entered the next block at once (region.ts
//    says exactly when).

import { JIT_EXIT, LAZY } from '../../isa/machine.js';
import { OP, SETCC } from './decode.js';
import { Block, L_CYC, L_P64, L_R0, L_T, L_V } from './block.js';
import { cond } from './flags.js';
import { afterAccess, ea, leave, load, pop, popMem, push, pushMem, store } from './memory.js';
import { binary, carryReg, imul, incDec, memSource, neg, readModifyWrite, shiftCl, shiftImm, wideReg } from './alu.js';
import { call, callMem, callReg, jcc, jmp, jmpMem, jmpReg, ret } from './control.js';

/**
 * Emits a decoded, non-empty block where its region's dispatch branches to
 * it: the state into locals, its loop (a jcc back to its entry goes round
 * it), the deadline check, its instructions, every path ending in an exit,
 * and the epilogue they all branch to.
 */
export function emitBlock(c: Block): void {
  const b = c.b;
  c.out = b.block();
  c.loadState();
  c.top = b.loop();
  c.checkpoint(0);
  let ended = false;
  for (let k = 0; k < c.insns.length && !ended; k++) ended = insn(c, k);
  if (!ended) c.exit(c.nextDelta(c.insns.length - 1), JIT_EXIT.CHAIN);
  b.end(); // loop
  b.unreachable();
  b.end(); // out
  c.storeState();
}

/** Emits instruction k; returns true when it ended the block. */
function insn(c: Block, k: number): boolean {
  const i = c.insns[k];
  const b = c.b;
  const op = i.op;
  const A = (i.h >>> 8) & 15;
  const B = (i.h >>> 12) & 15;
  const cost = c.cost(op);
  const aluRR = (src: () => void, kind: number, st: boolean, fn: () => void): void => binary(c, A, cost, src, kind, st, fn);
  const rrSrc = (): void => c.reg(B);
  const imm = (): void => { b.i32(i.w1); };

  switch (op) {
    case OP.MOV_RR: c.reg(B); c.setReg(A); c.charge(cost); return false;
    case OP.MOV_RI: b.i32(i.w1); c.setReg(A); c.charge(cost); return false;
    case OP.LEA: ea(c, i); c.setReg(A); c.charge(cost); return false;
    case OP.XCHG_RR: {
      c.reg(A); b.set(L_T); c.reg(B); c.setReg(A); b.get(L_T); c.setReg(B);
      c.charge(cost); return false;
    }
    case OP.ADD_RR: aluRR(rrSrc, LAZY.ADD, true, () => b.add()); return false;
    case OP.ADD_RI: aluRR(imm, LAZY.ADD, true, () => b.add()); return false;
    case OP.SUB_RR: aluRR(rrSrc, LAZY.SUB, true, () => b.sub()); return false;
    case OP.SUB_RI: aluRR(imm, LAZY.SUB, true, () => b.sub()); return false;
    case OP.CMP_RR: aluRR(rrSrc, LAZY.SUB, false, () => {}); return false;
    case OP.CMP_RI: aluRR(imm, LAZY.SUB, false, () => {}); return false;
    case OP.AND_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.and()); return false;
    case OP.AND_RI: aluRR(imm, LAZY.LOGIC, true, () => b.and()); return false;
    case OP.OR_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.or()); return false;
    case OP.OR_RI: aluRR(imm, LAZY.LOGIC, true, () => b.or()); return false;
    case OP.XOR_RR: aluRR(rrSrc, LAZY.LOGIC, true, () => b.xor()); return false;
    case OP.XOR_RI: aluRR(imm, LAZY.LOGIC, true, () => b.xor()); return false;
    case OP.TEST_RR: aluRR(rrSrc, LAZY.LOGIC, false, () => b.and()); return false;
    case OP.TEST_RI: aluRR(imm, LAZY.LOGIC, false, () => b.and()); return false;
    case OP.NOT_R: c.reg(A); b.i32(-1).xor(); c.setReg(A); c.charge(cost); return false;
    case OP.NEG_R: neg(c, A, cost); return false;
    case OP.INC_R:
    case OP.DEC_R: incDec(c, op, A, cost); return false;
    case OP.SHL_RI:
    case OP.SHR_RI:
    case OP.SAR_RI: shiftImm(c, i, A, cost); return false;
    case OP.IMUL_RR:
    case OP.IMUL_RRI: imul(c, i, A, B, cost); return false;
    case OP.ADC_RR:
    case OP.ADC_RI:
    case OP.SBB_RR:
    case OP.SBB_RI: carryReg(c, i, A, B, cost); return false;
    case OP.SHL_RC:
    case OP.SHR_RC:
    case OP.SAR_RC: shiftCl(c, i, A, cost); return false;
    case OP.MUL_R:
    case OP.IMUL_R:
    case OP.DIV_R:
    case OP.IDIV_R: wideReg(c, k, i, A, cost); return false;
    case OP.CDQ: b.get(L_R0).i32(31).shrS(); c.setReg(2); c.charge(cost); return false;
    case OP.RDTSC: {
      // edx:eax = the cycle counter as this instruction starts (not privileged, no I/O).
      b.get(L_CYC).i64(c.pc).add64().tee(L_P64).wrap(); c.setReg(0);
      b.get(L_P64).i64(32).shrU64().wrap(); c.setReg(2);
      c.charge(cost); return false;
    }
    case OP.NOP: c.charge(cost); return false;

    case OP.MOV_RM:
    case OP.MOVZX_RM:
    case OP.MOVSX_RM: load(c, k, i, A); return false;
    case OP.MOV_MR:
    case OP.MOV_MI: store(c, k, i, A); return false;
    case OP.ADD_RM: case OP.OR_RM: case OP.ADC_RM: case OP.SBB_RM: case OP.AND_RM: case OP.SUB_RM: case OP.XOR_RM:
    case OP.CMP_RM: case OP.CMP_MR: case OP.CMP_MI: case OP.TEST_MR: case OP.TEST_MI:
    case OP.IMUL_RM: case OP.IMUL_RMI: case OP.MUL_M: case OP.IMUL_M: case OP.DIV_M: case OP.IDIV_M:
      memSource(c, k, i, A); return false;
    case OP.ADD_MR: case OP.ADD_MI: case OP.OR_MR: case OP.OR_MI: case OP.ADC_MR: case OP.ADC_MI:
    case OP.SBB_MR: case OP.SBB_MI: case OP.AND_MR: case OP.AND_MI:
    case OP.SUB_MR: case OP.SUB_MI: case OP.XOR_MR: case OP.XOR_MI:
    case OP.NOT_M: case OP.NEG_M: case OP.INC_M: case OP.DEC_M:
    case OP.SHL_MI: case OP.SHL_MC: case OP.SHR_MI: case OP.SHR_MC: case OP.SAR_MI: case OP.SAR_MC:
    case OP.XCHG_MR: case OP.XCHG_RM: case OP.CMPXCHG_MR: readModifyWrite(c, k, i, A); return false;
    case OP.PUSH_M: pushMem(c, k, i); return false;
    case OP.POP_M: popMem(c, k, i); return false;
    case OP.LEAVE: leave(c, k, i); return false;

    case OP.PUSH_R:
    case OP.PUSH_I: {
      if (op === OP.PUSH_R) c.reg(A); else b.i32(i.w1);
      push(c, k);
      c.charge(cost);
      afterAccess(c, k, true);
      return false;
    }
    case OP.POP_R: {
      pop(c, k);
      b.get(L_V); c.setReg(A); // after the esp update: pop esp loads the popped value
      c.charge(cost);
      afterAccess(c, k, false);
      return false;
    }
    case OP.CALL: call(c, k, i); return true;
    case OP.RET: ret(c, k, i); return true;
    case OP.JMP: jmp(c, i); return true;
    case OP.JMP_R: jmpReg(c, i, A); return true;
    case OP.JMP_M: jmpMem(c, k, i); return true;
    case OP.CALL_R: callReg(c, k, i, A); return true;
    case OP.CALL_M: callMem(c, k, i); return true;
    default: {
      if (op in SETCC) {
        cond(c, SETCC[op]); c.setReg(A);
        c.charge(cost);
        return false;
      }
      jcc(c, i);
      return false;
    }
  }
}
