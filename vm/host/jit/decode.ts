// Which guest instructions a block is made of: reading them from the page
// the interpreter resolved eip to, and deciding where the block stops.
//
// A block is the run of instructions from its entry up to the first one it
// cannot translate, a jmp/call/ret (direct or indirect), the MAX_BLOCK-th
// instruction or the end of the page (never across: the interpreter looked
// the page up before handing over, and an instruction is only fetched
// without a lookup inside it). insnLength() is the gate: it admits exactly
// the encodings the interpreter's fast loop would run itself (valid
// fields); every other case is left to the interpreter, which runs it or
// raises #UD.

import { FORMS, FORM_BY_OPCODE, formLength } from '../../isa/isa.js';
import { FETCH_WINDOW } from '../../isa/machine.js';

/** Opcode numbers by form name (isa.ts is their one definition). */
export const OP: Record<string, number> = Object.fromEntries(FORMS.map((f) => [f.name, f.opcode]));

/** Longest block, in instructions. */
export const MAX_BLOCK = 64;
/** Page offsets at or above this are never fetched from the interpreter's window. */
const WINDOW_END = FETCH_WINDOW.SPAN;

/** One decoded instruction of a block. */
export interface Insn {
  off: number; // page offset
  h: number; // header word
  op: number;
  len: number;
  w1: number; // the word after the header (disp or imm/rel), 0 if none
  w2: number; // the word after that
}

/** Reads the guest's code and the cycle table; `mem` is the core's memory. */
export interface CodeSource {
  u32(addr: number): number;
  /** OPCOST cycles (low half of the u64 slot) of an opcode, or of OPCOST_NOT_TAKEN / _TAKEN. */
  cycles(slot: number): number;
}

/** The instructions of the block at host address p (empty: nothing to compile). */
export function decodeBlock(src: CodeSource, p: number): Insn[] {
  const page = p - (p & 0xfff);
  const out: Insn[] = [];
  let off = p & 0xfff;
  while (out.length < MAX_BLOCK && off < WINDOW_END) {
    const h = src.u32(page + off);
    const op = h & 0xff;
    const len = insnLength(op, h);
    if (len === 0) break;
    const insn: Insn = { off, h, op, len, w1: len > 4 ? src.u32(page + off + 4) : 0, w2: len > 8 ? src.u32(page + off + 8) : 0 };
    out.push(insn);
    off += len;
    if (ENDS_BLOCK.has(op)) break;
  }
  return out;
}

const RR_FORMS = new Set([
  'MOV_RR', 'ADD_RR', 'SUB_RR', 'CMP_RR', 'AND_RR', 'OR_RR', 'XOR_RR', 'TEST_RR', 'XCHG_RR', 'IMUL_RR', 'IMUL_RRI',
  'ADC_RR', 'SBB_RR',
].map((n) => OP[n]));
const A_FORMS = new Set([
  'MOV_RI', 'ADD_RI', 'SUB_RI', 'CMP_RI', 'AND_RI', 'OR_RI', 'XOR_RI', 'TEST_RI', 'LEA', 'NOT_R', 'NEG_R', 'INC_R', 'DEC_R',
  'ADC_RI', 'SBB_RI', 'SHL_RI', 'SHR_RI', 'SAR_RI', 'SHL_RC', 'SHR_RC', 'SAR_RC', 'PUSH_R', 'POP_R',
  'MUL_R', 'IMUL_R', 'DIV_R', 'IDIV_R', 'JMP_R', 'CALL_R',
  'SETO', 'SETNO', 'SETB', 'SETAE', 'SETE', 'SETNE', 'SETBE', 'SETA', 'SETS', 'SETNS', 'SETL', 'SETGE', 'SETLE', 'SETG',
].map((n) => OP[n]));
/** One read of a dword in memory (interp.ts's first memory group). */
const MEM_SRC_FORMS = new Set([
  'ADD_RM', 'OR_RM', 'ADC_RM', 'SBB_RM', 'AND_RM', 'SUB_RM', 'XOR_RM', 'CMP_RM', 'CMP_MR', 'CMP_MI', 'TEST_MR', 'TEST_MI',
  'IMUL_RM', 'IMUL_RMI', 'MUL_M', 'IMUL_M', 'DIV_M', 'IDIV_M',
].map((n) => OP[n]));
/** Read-modify-write of a dword in memory (interp.ts's second memory group: all of it). */
const RMW_FORMS = new Set([
  'ADD_MR', 'ADD_MI', 'OR_MR', 'OR_MI', 'ADC_MR', 'ADC_MI', 'SBB_MR', 'SBB_MI', 'AND_MR', 'AND_MI', 'SUB_MR', 'SUB_MI',
  'XOR_MR', 'XOR_MI', 'NOT_M', 'NEG_M', 'INC_M', 'DEC_M',
  'SHL_MI', 'SHL_MC', 'SHR_MI', 'SHR_MC', 'SAR_MI', 'SAR_MC', 'XCHG_MR', 'XCHG_RM', 'CMPXCHG_MR',
].map((n) => OP[n]));
/** Stack and jump forms with a dword memory operand: the interpreter checks only its size field. */
const STACK_MEM_FORMS = new Set(['PUSH_M', 'POP_M', 'CALL_M', 'JMP_M'].map((n) => OP[n]));
/**
 * Forms without fields to check. Everything not listed in these sets stays
 * in the interpreter by design: int, iret, cli/sti/hlt, pushf/popf (IF),
 * in/out, moves to and from control registers, invlpg, invpcid, lidt, ltr,
 * rdpmc — they change privilege, CR3, the TLB or interrupts, or do I/O —
 * and ud2.
 */
const FREE_FORMS = new Set(['JMP', 'CALL', 'RET', 'PUSH_I', 'NOP', 'CDQ', 'LEAVE', 'RDTSC'].map((n) => OP[n]));
/** Forms that end a block: the next eip is known only at run time, or the block's page is left. */
const ENDS_BLOCK = new Set(['JMP', 'CALL', 'RET', 'JMP_R', 'JMP_M', 'CALL_R', 'CALL_M'].map((n) => OP[n]));
/** Condition codes (x86 numbering) of the jcc and setcc opcodes. */
export const JCC: Record<number, number> = {};
export const SETCC: Record<number, number> = {};
for (const [cc, name] of [[0, 'O'], [1, 'NO'], [2, 'B'], [3, 'AE'], [4, 'E'], [5, 'NE'], [6, 'BE'], [7, 'A'], [8, 'S'], [9, 'NS'], [12, 'L'], [13, 'GE'], [14, 'LE'], [15, 'G']] as const) {
  JCC[OP[`J${name}`]] = cc;
  SETCC[OP[`SET${name}`]] = cc;
}

/**
 * The instruction's length if the block may include it: the fast path would
 * run it (fields valid; the interpreter's fast loop hands every other case to
 * the slow step or raises #UD), else 0.
 */
function insnLength(op: number, h: number): number {
  const len = formLength(FORM_BY_OPCODE[op] ?? FORMS[0]);
  if (RR_FORMS.has(op)) return (h & 0x8800) !== 0 ? 0 : len;
  if (A_FORMS.has(op)) return (h & 0x800) !== 0 ? 0 : len;
  if (op in JCC || FREE_FORMS.has(op)) return len;
  if (op === OP.MOV_RM) return (h & 0xc00800) === 0x800000 ? len : 0;
  if (op === OP.MOV_MR || op === OP.MOV_MI) {
    const z = (h >>> 22) & 3;
    const isMR = op === OP.MOV_MR;
    return z === 3 || (isMR && ((h & 0x800) !== 0 || (z === 0 && (h & 0x400) !== 0))) ? 0 : len;
  }
  if (op === OP.MOVZX_RM || op === OP.MOVSX_RM) return ((h >>> 22) & 3) > 1 || (h & 0x800) !== 0 ? 0 : len;
  if (RMW_FORMS.has(op)) return (h & 0xc00000) !== 0x800000 || (h & 0x800) !== 0 ? 0 : len;
  if (MEM_SRC_FORMS.has(op)) return (h & 0xc00000) !== 0x800000 || (h & 0x800) !== 0 ? 0 : len;
  if (STACK_MEM_FORMS.has(op)) return (h & 0xc00000) !== 0x800000 ? 0 : len;
  return 0;
}

/** The cache key of a block: everything its code depends on besides the machine's layout. */
export function blockKey(src: CodeSource, p: number, insns: Insn[]): string {
  const parts = [String(p & 0xfff), String(src.cycles(-1)), String(src.cycles(-2))];
  for (const i of insns) parts.push(`${i.h.toString(16)}.${i.w1.toString(16)}.${i.w2.toString(16)}.${src.cycles(i.op)}`);
  return parts.join(',');
}
