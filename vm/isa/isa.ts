// The one table of the Glassbox instruction set.
//
// Every instruction form the machine knows is one row below: its mnemonic, its
// operands in Intel (destination-first) order, its opcode byte, and its base
// cost in cycles. The assembler picks a row by mnemonic and operand shapes,
// the disassembler finds a row by opcode, and `gen-core.ts` turns the table
// into the AssemblyScript constants the core's decoder switches on. Nothing
// else may define an opcode number.
//
// The binary encoding (see vm/ISA.md for the full description) is built for
// decode speed, not density: every instruction starts with one little-endian
// 32-bit header word, followed by a 32-bit displacement when the form has a
// memory operand, then a 32-bit immediate (or branch offset) when it has one.
//
//   header bits  0..7   opcode                     (selects the row; one br_table)
//                8..11  A: register operand         (destination, or the only register)
//               12..15  B: second register, or the memory operand's base (8 = none)
//               16..19  X: memory index register   (8 = none)
//               20..21  S: log2 of the index scale (1, 2, 4, 8)
//               22..23  Z: memory access size      (0 byte, 1 word, 2 dword)
//               24..31  I8: 8-bit immediate        (shift count, vector, port, cr number)
//
// The core keeps 16 register slots with slots 8..15 always zero, so an
// effective address is regs[B] + (regs[X] << S) + disp with no branches.

/** Operand shapes as they appear in a form. */
export type Operand =
  | 'r'    // a 32-bit register, encoded in A (first) or B (second register of the form)
  | 'rs'   // a register whose size follows the memory operand: eax/ax/al (store sources)
  | 'm'    // a dword memory operand (B, X, S, disp32); Z = 2
  | 'msz'  // a byte/word/dword memory operand; size from a prefix or the paired register
  | 'm816' // a byte or word memory operand (movzx/movsx); size prefix required
  | 'ma'   // an address-only memory operand (lea, invlpg, lidt): no access size
  | 'i'    // a 32-bit immediate (or a symbol's address) in the trailing word
  | 'i8'   // an 8-bit unsigned immediate in I8 (shift counts, vectors, ports)
  | 'rel'  // a branch target; encoded as a 32-bit offset from the next instruction
  | 'cl'   // the literal register cl: the shift count is ecx & 31
  | 'dx'   // the literal register dx: the port number is edx & 0xffff
  | 'cr';  // a control register cr0, cr2, cr3 or cr4; its number goes in I8

/** How a form costs cycles beyond the base (the core applies these). */
export type CostClass =
  | 'alu' | 'mul' | 'div' | 'branch' | 'call' | 'ret' | 'stack'
  | 'trap' | 'iret' | 'cr3' | 'invlpg' | 'invpcid' | 'io' | 'system';

export interface Form {
  /** Constant name in the generated core table, e.g. ADD_RR. */
  readonly name: string;
  readonly mnemonic: string;
  readonly operands: readonly Operand[];
  readonly opcode: number;
  readonly cost: CostClass;
  /** Ring 3 executing this raises #GP(0). */
  readonly privileged: boolean;
}

// ----------------------------------------------------------------------------
// Registers and condition codes

/** x86 register numbering: the order of the A/B/X fields. */
export const REGS32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
/** Low-word names, usable only as the source of a word store. */
export const REGS16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'] as const;
/** Low-byte names (x86 has them for the first four only), byte-store sources. */
export const REGS8 = ['al', 'cl', 'dl', 'bl'] as const;
/** Field value meaning "no base / no index register". */
export const NO_REG = 8;

export const CONTROL_REGS: Record<string, number> = { cr0: 0, cr2: 2, cr3: 3, cr4: 4 };

/** Memory access sizes, the Z field. */
export const SIZE_BYTE = 0;
export const SIZE_WORD = 1;
export const SIZE_DWORD = 2;
export const SIZE_NAMES = ['byte', 'word', 'dword'] as const;

/**
 * Condition codes in x86 order (the low nibble of x86's Jcc opcodes). Parity
 * (p/np, 10 and 11) is not modelled, so those two are absent.
 */
export const CONDITIONS: readonly { cc: number; name: string; aliases: string[] }[] = [
  { cc: 0, name: 'o', aliases: [] },
  { cc: 1, name: 'no', aliases: [] },
  { cc: 2, name: 'b', aliases: ['c', 'nae'] },
  { cc: 3, name: 'ae', aliases: ['nc', 'nb'] },
  { cc: 4, name: 'e', aliases: ['z'] },
  { cc: 5, name: 'ne', aliases: ['nz'] },
  { cc: 6, name: 'be', aliases: ['na'] },
  { cc: 7, name: 'a', aliases: ['nbe'] },
  { cc: 8, name: 's', aliases: [] },
  { cc: 9, name: 'ns', aliases: [] },
  { cc: 12, name: 'l', aliases: ['nge'] },
  { cc: 13, name: 'ge', aliases: ['nl'] },
  { cc: 14, name: 'le', aliases: ['ng'] },
  { cc: 15, name: 'g', aliases: ['nle'] },
];

// ----------------------------------------------------------------------------
// The forms

const forms: Form[] = [];
let nextOpcode = 1; // opcode 0 stays undefined so zero-filled memory raises #UD

function def(name: string, mnemonic: string, operands: Operand[], cost: CostClass, privileged = false): void {
  forms.push({ name, mnemonic, operands, opcode: nextOpcode++, cost, privileged });
}

// Data movement.
def('MOV_RR', 'mov', ['r', 'r'], 'alu');
def('MOV_RI', 'mov', ['r', 'i'], 'alu');
def('MOV_RM', 'mov', ['r', 'm'], 'alu');          // dword load
def('MOV_MR', 'mov', ['msz', 'rs'], 'alu');       // store of dword, low word or low byte
def('MOV_MI', 'mov', ['msz', 'i'], 'alu');        // sized store of an immediate
def('MOVZX_RM', 'movzx', ['r', 'm816'], 'alu');
def('MOVSX_RM', 'movsx', ['r', 'm816'], 'alu');
def('LEA', 'lea', ['r', 'ma'], 'alu');
def('XCHG_RR', 'xchg', ['r', 'r'], 'alu');
def('XCHG_MR', 'xchg', ['m', 'r'], 'alu');        // atomic: one instruction, never split by an interrupt
def('XCHG_RM', 'xchg', ['r', 'm'], 'alu');
def('CMPXCHG_MR', 'cmpxchg', ['m', 'r'], 'alu');  // if eax == [m] then [m] = r, ZF=1 else eax = [m], ZF=0

// Two-operand ALU: add or adc sbb and sub xor cmp, each in five forms, then test.
for (const op of ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp']) {
  const N = op.toUpperCase();
  def(`${N}_RR`, op, ['r', 'r'], 'alu');
  def(`${N}_RI`, op, ['r', 'i'], 'alu');
  def(`${N}_RM`, op, ['r', 'm'], 'alu');
  def(`${N}_MR`, op, ['m', 'r'], 'alu');
  def(`${N}_MI`, op, ['m', 'i'], 'alu');
}
def('TEST_RR', 'test', ['r', 'r'], 'alu');
def('TEST_RI', 'test', ['r', 'i'], 'alu');
def('TEST_MR', 'test', ['m', 'r'], 'alu');
def('TEST_MI', 'test', ['m', 'i'], 'alu');

// One-operand ALU.
for (const op of ['not', 'neg', 'inc', 'dec']) {
  const N = op.toUpperCase();
  def(`${N}_R`, op, ['r'], 'alu');
  def(`${N}_M`, op, ['m'], 'alu');
}

// Multiply and divide. One-operand forms use edx:eax as on x86.
def('MUL_R', 'mul', ['r'], 'mul');
def('MUL_M', 'mul', ['m'], 'mul');
def('IMUL_R', 'imul', ['r'], 'mul');
def('IMUL_M', 'imul', ['m'], 'mul');
def('IMUL_RR', 'imul', ['r', 'r'], 'mul');
def('IMUL_RM', 'imul', ['r', 'm'], 'mul');
def('IMUL_RRI', 'imul', ['r', 'r', 'i'], 'mul');
def('IMUL_RMI', 'imul', ['r', 'm', 'i'], 'mul');
def('DIV_R', 'div', ['r'], 'div');
def('DIV_M', 'div', ['m'], 'div');
def('IDIV_R', 'idiv', ['r'], 'div');
def('IDIV_M', 'idiv', ['m'], 'div');
def('CDQ', 'cdq', [], 'alu');

// Shifts: count from an immediate (masked to 5 bits, as on x86) or from cl.
for (const op of ['shl', 'shr', 'sar']) {
  const N = op.toUpperCase();
  def(`${N}_RI`, op, ['r', 'i8'], 'alu');
  def(`${N}_RC`, op, ['r', 'cl'], 'alu');
  def(`${N}_MI`, op, ['m', 'i8'], 'alu');
  def(`${N}_MC`, op, ['m', 'cl'], 'alu');
}

// Stack.
def('PUSH_R', 'push', ['r'], 'stack');
def('PUSH_I', 'push', ['i'], 'stack');
def('PUSH_M', 'push', ['m'], 'stack');
def('POP_R', 'pop', ['r'], 'stack');
def('POP_M', 'pop', ['m'], 'stack');
def('PUSHF', 'pushf', [], 'stack');
def('POPF', 'popf', [], 'stack');               // in ring 3, IF is left unchanged (as x86 with IOPL 0)
def('LEAVE', 'leave', [], 'stack');

// Control flow.
def('JMP', 'jmp', ['rel'], 'branch');
def('JMP_R', 'jmp', ['r'], 'branch');
def('JMP_M', 'jmp', ['m'], 'branch');
def('CALL', 'call', ['rel'], 'call');
def('CALL_R', 'call', ['r'], 'call');
def('CALL_M', 'call', ['m'], 'call');
def('RET', 'ret', [], 'ret');
for (const { name } of CONDITIONS) def(`J${name.toUpperCase()}`, `j${name}`, ['rel'], 'branch');
// setcc writes 0 or 1 to the whole 32-bit register (x86 writes a byte register).
for (const { name } of CONDITIONS) def(`SET${name.toUpperCase()}`, `set${name}`, ['r'], 'alu');

// Interrupts and system.
def('INT', 'int', ['i8'], 'trap');
def('IRET', 'iret', [], 'iret', true);
def('CLI', 'cli', [], 'system', true);
def('STI', 'sti', [], 'system', true);
def('HLT', 'hlt', [], 'system', true);
def('NOP', 'nop', [], 'alu');
def('UD2', 'ud2', [], 'alu');                    // always raises #UD
def('IN_RI', 'in', ['r', 'i8'], 'io', true);
def('IN_RD', 'in', ['r', 'dx'], 'io', true);
def('OUT_IR', 'out', ['i8', 'r'], 'io', true);
def('OUT_DR', 'out', ['dx', 'r'], 'io', true);
def('MOV_CR', 'mov', ['cr', 'r'], 'system', true);   // cr3 writes cost 'cr3' (see the core)
def('MOV_RC', 'mov', ['r', 'cr'], 'system', true);
def('INVLPG', 'invlpg', ['ma'], 'invlpg', true);
def('LIDT', 'lidt', ['ma'], 'system', true);         // 6 bytes at the address: limit (16), base (32)
def('LTR', 'ltr', ['r'], 'system', true);            // register holds the TSS's linear address
def('RDTSC', 'rdtsc', [], 'alu');
// rdpmc: edx:eax = counter ecx (COUNTER order); ring 3 only with CR4.PCE, else #GP(0) (see the core).
def('RDPMC', 'rdpmc', [], 'system');
// invpcid r, m: type in r (0 address, 1 context, 2 all, 3 all but global), 16-byte descriptor at m.
def('INVPCID', 'invpcid', ['r', 'ma'], 'invpcid', true);

export const FORMS: readonly Form[] = forms;

/** Rows by opcode; undefined opcodes raise #UD. */
export const FORM_BY_OPCODE: readonly (Form | undefined)[] = (() => {
  const table: (Form | undefined)[] = new Array(256).fill(undefined);
  for (const f of forms) table[f.opcode] = f;
  return table;
})();

/** Rows by mnemonic, for the assembler. */
export const FORMS_BY_MNEMONIC: ReadonlyMap<string, readonly Form[]> = (() => {
  const map = new Map<string, Form[]>();
  for (const f of forms) {
    if (!map.has(f.mnemonic)) map.set(f.mnemonic, []);
    map.get(f.mnemonic)!.push(f);
  }
  return map;
})();

/** Every mnemonic alias (jz → je, setnz → setne, …). */
export const MNEMONIC_ALIASES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const c of CONDITIONS) {
    for (const a of c.aliases) {
      map.set(`j${a}`, `j${c.name}`);
      map.set(`set${a}`, `set${c.name}`);
    }
  }
  map.set('pushfd', 'pushf');
  map.set('popfd', 'popf');
  map.set('iretd', 'iret');
  return map;
})();

/** True when the form has a memory operand (so a disp32 word follows the header). */
export function hasMemory(f: Form): boolean {
  return f.operands.some((o) => o === 'm' || o === 'msz' || o === 'm816' || o === 'ma');
}

/** True when the form has a trailing 32-bit immediate or branch offset. */
export function hasImm32(f: Form): boolean {
  return f.operands.some((o) => o === 'i' || o === 'rel');
}

/** Length of an encoded instruction in bytes: 4, 8 or 12. */
export function formLength(f: Form): number {
  return 4 + (hasMemory(f) ? 4 : 0) + (hasImm32(f) ? 4 : 0);
}

// ----------------------------------------------------------------------------
// The cycle model's defaults (a ~3 GHz core). The host may override any of
// them at machine creation; the core receives them in this order.

export const COSTS = {
  /** Every instruction: ALU, mov, not-taken branch. */
  base: 1,
  /** Added for a taken branch, call, ret, jmp. */
  branchTaken: 1,
  /** Added for imul/mul. */
  mul: 2,
  /** Added for div/idiv. */
  div: 24,
  /** Added per data memory access that hits the TLB (or with paging off). */
  memAccess: 3,
  /** Added per TLB miss: the two-level page walk. */
  pageWalk: 20,
  /** Added to a walk that must also set an A or D bit in a page-table entry. */
  pageWalkAD: 10,
  /** Interrupt/exception/syscall delivery (the entry half of a trap). */
  trapEntry: 150,
  /** iret (the exit half of a trap). */
  trapExit: 50,
  /** A write to cr3 (refills come later as TLB misses). */
  cr3Write: 100,
  /** invlpg. */
  invlpg: 250,
  /** in/out. */
  io: 20,
  /**
   * Added to an L1 TLB miss that hits the second-level TLB (instead of a page
   * walk). Skylake's STLB hit is ~9 cycles.
   */
  stlbHit: 7,
} as const;

export type CostName = keyof typeof COSTS;
export const COST_NAMES = Object.keys(COSTS) as CostName[];
