// What each instruction costs in the cycle model.
//
// The costs (COST_* in vm/isa/isa.ts, overridable with setCost) combine per
// instruction into one number per opcode, kept in the OPCOST table so the
// interpreter charges an instruction with a single load (and counts it in
// the same add):
//
//   base                      every instruction
//   + memAccess               per data access it makes (a read-modify-write
//                             of memory makes two: the read and the write)
//   + branchTaken             jmp, call, ret (jcc adds it only when taken)
//   + mul / + div             multiply / divide forms
//   + io                      in (out is charged by its helper the same way)
//
// Costs that depend on what happens are added where they happen: page walks,
// A/D updates, trap entry, trap exit, cr3 writes, invlpg (mmu.ts, trap.ts,
// system.ts).

import * as G from './generated';
import { COST_BASE, COST_BRANCH_TAKEN, COST_DIV, COST_IO, COST_MEM_ACCESS, COST_MUL } from './generated';
import { OPCOST, OPCOST_NOT_TAKEN, OPCOST_TAKEN, cost } from './layout';

/** Forms that make one data access (besides the reg <- reg op [mem] ALU forms). */
const ONE_ACCESS: StaticArray<u32> = [
  G.OP_MOV_RM, G.OP_MOV_MR, G.OP_MOV_MI, G.OP_MOVZX_RM, G.OP_MOVSX_RM,
  G.OP_PUSH_R, G.OP_PUSH_I, G.OP_PUSHF, G.OP_POP_R, G.OP_POPF, G.OP_LEAVE,
  G.OP_CMP_MR, G.OP_CMP_MI, G.OP_TEST_MR, G.OP_TEST_MI,
];

/** Forms that make two (besides the ALU [mem] <- [mem] op x forms). */
const TWO_ACCESSES: StaticArray<u32> = [
  G.OP_NOT_M, G.OP_NEG_M, G.OP_INC_M, G.OP_DEC_M,
  G.OP_SHL_MI, G.OP_SHL_MC, G.OP_SHR_MI, G.OP_SHR_MC, G.OP_SAR_MI, G.OP_SAR_MC,
  G.OP_XCHG_MR, G.OP_XCHG_RM, G.OP_CMPXCHG_MR, G.OP_PUSH_M, G.OP_POP_M,
];

/** One retired instruction of this opcode: 1 << 32 | cycles (see interp.ts, acc). */
function set(op: u32, cycles: u32): void {
  store<u64>(OPCOST + (op << 3), (<u64>1 << 32) | <u64>cycles);
}

/** Recomputes OPCOST from the current costs (after init and every setCost). */
export function computeOpCosts(): void {
  const base = cost(COST_BASE);
  const mem = cost(COST_MEM_ACCESS);
  const br = cost(COST_BRANCH_TAKEN);
  const mul = cost(COST_MUL);
  const div = cost(COST_DIV);
  for (let op: u32 = 0; op < 256; op++) set(op, base);

  // One data access.
  for (let i = 0; i < ONE_ACCESS.length; i++) set(unchecked(ONE_ACCESS[i]), base + mem);
  // The reg <- reg op [mem] forms of the eight two-operand ALU operations.
  for (let op = G.OP_ADD_RM; op <= G.OP_CMP_RM; op += 5) set(op, base + mem);

  // Two data accesses: read-modify-write of memory, and memory-to-stack moves.
  for (let op = G.OP_ADD_MR; op <= G.OP_XOR_MR; op += 5) {
    set(op, base + 2 * mem);
    set(op + 1, base + 2 * mem); // X_MI
  }
  for (let i = 0; i < TWO_ACCESSES.length; i++) set(unchecked(TWO_ACCESSES[i]), base + 2 * mem);

  set(G.OP_IMUL_RR, base + mul);
  set(G.OP_IMUL_RRI, base + mul);
  set(G.OP_MUL_R, base + mul);
  set(G.OP_IMUL_R, base + mul);
  set(G.OP_IMUL_RM, base + mul + mem);
  set(G.OP_IMUL_RMI, base + mul + mem);
  set(G.OP_MUL_M, base + mul + mem);
  set(G.OP_IMUL_M, base + mul + mem);
  set(G.OP_DIV_R, base + div);
  set(G.OP_IDIV_R, base + div);
  set(G.OP_DIV_M, base + div + mem);
  set(G.OP_IDIV_M, base + div + mem);

  set(G.OP_JMP, base + br);
  set(G.OP_JMP_R, base + br);
  set(G.OP_JMP_M, base + br + mem);
  set(G.OP_CALL, base + br + mem);
  set(G.OP_CALL_R, base + br + mem);
  set(G.OP_CALL_M, base + br + 2 * mem);
  set(G.OP_RET, base + br + mem);

  set(G.OP_IN_RI, base + cost(COST_IO));
  set(G.OP_IN_RD, base + cost(COST_IO));

  store<u64>(OPCOST_NOT_TAKEN, (<u64>1 << 32) | <u64>base);
  store<u64>(OPCOST_TAKEN, (<u64>1 << 32) | <u64>(base + br));
}
