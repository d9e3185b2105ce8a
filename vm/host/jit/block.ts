// One block being compiled, and the function it is compiled into: the
// function's signature and imports, the locals the guest state lives in, and
// the compile-time bookkeeping every instruction emitter shares (pending
// cycle charges, the lazy-flags kind known at this point, the exits).
//
// A function is a region (region.ts): one or more blocks of one page. Frame
// is what its blocks share: the code, the two labels that leave a block
// (out of the function, or to the region's chain check), the page. Block is
// one block's compile state inside it.
//
// Registers, lazy flags, cycles and instret are loaded into locals at a
// block's entry and written back when it ends (every exit branches to the
// block's epilogue); the epilogue then goes to the chain check (CHAIN), which
// continues with the region's block at the next eip or leaves, or out.
// Cycles and instructions are charged at compile time (`pc`, `pi`) and added
// to the locals only where something reads them: a slow path, an exit, a
// deadline checkpoint. Time, as the interpreter sees it: an instruction runs
// iff the cycle counter is below the deadline; checkpoint() makes the block
// leave NEAR unless every instruction left would start before it, so the
// interpreter does the last few one by one and an interrupt arrives at the
// same cycle.

import { JIT_EXIT, JIT_LAYOUT, MODE_BITS, TLB_POLICY } from '../../isa/machine.js';
import { Body, I32, I64, Import, Internal, Label, V128 } from './wasm.js';
import { CodeSource, Insn, JCC } from './decode.js';

/**
 * What compiled code takes as constants: what jitLayout() reports, by
 * JIT_LAYOUT name, the machine's shape, which init() sets and nothing else
 * changes (readShape), and the paging mode it was compiled in (readMode).
 */
export type JitLayout = MachineLayout & CompiledMode;
/** The part of the layout that is the machine's whatever its mode. */
export type MachineLayout = Record<keyof typeof JIT_LAYOUT, number> & MachineShape;

export interface MachineShape {
  /** RAM in bytes. */
  readonly RAM_BYTES: number;
  /** Sets of the TLB model. */
  readonly TLB_SET_COUNT: number;
  /** Whether the TLB is the shape miss.ts handles in the block: INLINE_MISS_WAYS ways, LRU, no second level. */
  readonly INLINE_MISS: boolean;
}

/** The ways of a set miss.ts handles (the default shape); other shapes take the core's slow path. */
export const INLINE_MISS_WAYS = 4;

/** The shape of the machine whose state is at L's addresses (u32 reads the core's memory). */
export function readShape(L: Record<keyof typeof JIT_LAYOUT, number>, u32: (addr: number) => number): MachineShape {
  return {
    RAM_BYTES: u32(L.RAM_SIZE),
    TLB_SET_COUNT: u32(L.TLB_SETS),
    INLINE_MISS: u32(L.TLB_WAYS) === INLINE_MISS_WAYS && u32(L.TLB_POLICY) === TLB_POLICY.LRU && u32(L.STLB_ENTRIES) === 0,
  };
}

/**
 * The paging mode: cr0 and cr4 masked to MODE_BITS, the bits the TLB model
 * depends on. A region runs only in the mode it was compiled for (its
 * prologue returns JIT_EXIT.MODE in any other: Frame.enter), so its code may
 * take them as constants (modeHas). They change only by a guest's mov to
 * cr0 or cr4 or a host write of state, which compiled code never makes.
 */
export interface CompiledMode {
  readonly MODE_CR0: number;
  readonly MODE_CR4: number;
}

/** The mode of the machine whose state is at L's addresses. */
export function readMode(L: Record<keyof typeof JIT_LAYOUT, number>, u32: (addr: number) => number): CompiledMode {
  return { MODE_CR0: (u32(L.CR0) & MODE_BITS.CR0) >>> 0, MODE_CR4: (u32(L.CR4) & MODE_BITS.CR4) >>> 0 };
}

/**
 * Whether the compiled mode has `bit` of cr0 or cr4. A bit outside
 * MODE_BITS is a compiler bug: the prologue does not check it, so a block
 * would run on after it changed.
 */
export function modeHas(L: CompiledMode, cr: 0 | 4, bit: number): boolean {
  const bits = cr === 0 ? MODE_BITS.CR0 : MODE_BITS.CR4;
  if (((bits & bit) >>> 0) !== bit >>> 0 || bit === 0) {
    throw new Error(`block.ts: cr${cr} bit 0x${(bit >>> 0).toString(16)} is not in MODE_BITS`);
  }
  return ((cr === 0 ? L.MODE_CR0 : L.MODE_CR4) & bit) !== 0;
}

/** The helper functions a block imports from the core (function indices 0..4). */
export const IMPORTS: Import[] = [
  { module: 'core', name: 'jitRead', type: { params: [I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitWrite', type: { params: [I32, I32, I32, I32, I64], results: [I32] } },
  { module: 'core', name: 'jitCondition', type: { params: [I32, I32, I32, I32], results: [I32] } },
  { module: 'core', name: 'jitCarry', type: { params: [I32, I32, I32], results: [I32] } },
  { module: 'core', name: 'jitRefetch', type: { params: [I32, I32, I64], results: [I32] } },
];
export const F_READ = 0;
export const F_WRITE = 1;
export const F_COND = 2;
export const F_CARRY = 3;
export const F_REFETCH = 4;

/**
 * The helper every module defines (function index F_AFTER, after the
 * imports): what a block checks after a slow path (memory.ts afterAccess),
 * once out of line instead of at every access. (next eip, the region's host
 * page, cycles now, cycles of the instructions left, deadline) ->
 *   - NEAR if those cycles reach the deadline, else 0;
 *   - but if the slow path dropped the interpreter's fetch window (it evicted
 *     the code page's TLB entry): CHAIN if the deadline is near, else the
 *     fetch of the next eip as the interpreter would make it (the core's
 *     jitRefetch, one lookup that may walk and charge cycles), and then
 *     jitRefetch's own FAULT, SLOW or CHAIN when the block cannot go on;
 *     else SLOW if the cycles now reach the deadline (a fetched instruction
 *     runs, as the slow step runs it, before the interpreter looks at the
 *     deadline again), else 0. After a fetch the code has AFTER_RELOAD set:
 *     the block reloads its cycle count.
 * So a loop whose data evict its own code page's entry now and then stays in
 * the block (the memory loop over more pages than the TLB holds did so every
 * 49 iterations, and left the block each time). After an in-block miss the
 * block makes that fetch itself, when it can (miss.ts refetchInline).
 */
export const F_AFTER = IMPORTS.length;
export const AFTER_RELOAD = 16;
const AFTER_TYPE = { params: [I32, I32, I64, I64, I64], results: [I32] };
const A_NEXT = 0, A_PAGE = 1, A_CYC = 2, A_REST = 3, A_DEADLINE = 4, A_CODE = 5;

export function helpers(L: MachineLayout): Internal[] {
  const b = new Body();
  const near = (code: number, cycles: () => void, orBits: number): void => {
    b.i32(code | orBits).i32(orBits);
    cycles();
    b.get(A_REST).add64().get(A_DEADLINE).geU64().select();
  };
  b.get(A_NEXT).loadAt32(L.FETCH_BASE).sub().loadAt32(L.FETCH_LEN).geU();
  b.if();
  b.get(A_CYC).get(A_REST).add64().get(A_DEADLINE).geU64();
  b.if();
  b.i32(JIT_EXIT.CHAIN).ret();
  b.end();
  b.get(A_NEXT).get(A_PAGE).get(A_CYC).call(F_REFETCH).tee(A_CODE);
  b.if();
  b.get(A_CODE).i32(AFTER_RELOAD).or().ret();
  b.end();
  // Fetched, the instruction runs whatever the cycles now: the slow step's to run if the deadline came.
  near(JIT_EXIT.SLOW, () => { b.loadAt64(L.CYCLES); }, AFTER_RELOAD);
  b.ret();
  b.end();
  near(JIT_EXIT.NEAR, () => { b.get(A_CYC); }, 0);
  return [{ type: AFTER_TYPE, func: { name: 'after', locals: [[1, I32]], body: b } }];
}

/** A block's signature: (eip, host address of eip, deadline) -> JIT_EXIT code. */
export const BLOCK_TYPE = { params: [I32, I32, I64], results: [I32] };

// Locals: parameters, then i32s, then i64s.
export const L_EIP = 0;
export const L_P = 1;
export const L_DEADLINE = 2;
export const L_R0 = 3; // 3..10: eax..edi
export const L_FK = 11;
export const L_FA = 12;
export const L_FB = 13;
export const L_NEIP = 14;
export const L_CODE = 15;
export const L_VA = 16;
export const L_E = 17;
export const L_HA = 18;
export const L_T = 19;
export const L_V = 20;
export const L_RMASK = 21;
export const L_WMASK = 22;
export const L_MYFLAG = 23;
export const L_SLOWED = 24;
export const L_T2 = 25;
export const L_NA = 26; // a read-modify-write's new flags and result, committed after its write
export const L_NB = 27;
export const L_R = 28;
export const L_CF = 29; // scratch of adc/sbb, shifts, mul: carry in or out, overflow, count
export const L_OF = 30;
export const L_N = 31;
export const L_NK = 32; // a read-modify-write's new flags kind, when only known at run time
export const L_NEXT = 33; // an indirect jump's or call's target
export const L_PAGE = 34; // the host address of the region's page
export const L_WORD = 35; // the page's PAGES word at the entry (the region's blocks are valid while it holds)
const I32_LOCALS = 33; // 3..35
export const L_CYC = 36;
export const L_INS = 37;
export const L_P64 = 38;
export const L_Q64 = 39; // div: quotient and remainder
export const L_R64 = 40;
export const L_X = 41; // the exit taken: its charges, code and next eip, packed (Block.exit)
const I64_LOCALS = 6;
// More i32s, after the i64s: the TLB miss handled in the block (miss.ts).
export const L_PDE = 42;
export const L_PTE = 43;
export const L_SET = 44; // the set's first entry (offset in the model)
export const L_VIC = 45; // the victim's entry (offset in the model)
export const L_GONE = 46; // the victim's vpn
export const L_S = 47; // scratch
export const L_CLK = 48;
export const L_FL = 49; // the new entry's TLB_FLAG bits
export const L_DROPPED = 50; // whether the victim was the code page's entry (the fetch window went with it)
const MISS_LOCALS = 9; // 42..50
// ... and two v128s: the set's four stamps, and their minimum.
export const L_STAMPS = 51;
export const L_MIN = 52;
const MISS_V128_LOCALS = 2;

/** The locals a block function declares beyond its parameters. */
export const BLOCK_LOCALS: Array<[number, number]> = [
  [I32_LOCALS, I32], [I64_LOCALS, I64], [MISS_LOCALS, I32], [MISS_V128_LOCALS, V128],
];

// L_X, an exit packed (Block.leave): the exit code in bits 0-3; with bit 4
// the next eip is eip + (bits 5-18, signed), else it is in L_NEIP already;
// instructions in bits 19-24, cycles from bit 25 up. The fields an exit
// usually has nonzero are low, so the constant's LEB128 is short (5 bytes
// for fewer than 512 cycles; it was 8 with the fields in the high half).
const X_CODE_MASK = 0xf;
const X_DELTA_FLAG = 0x10;
const X_DELTA_SHIFT = 5;
const X_DELTA_BITS = 14;
const X_INSNS_SHIFT = 19;
const X_INSNS_MASK = 0x3f;
const X_CYCLES_SHIFT = 25;
const X_CYCLES_MAX = 0xffffff;

/** What the blocks of one function share: its code, the exits that leave it, the page it is on. */
export class Frame {
  readonly b = new Body();
  /** Labels: the epilogue (leaving the function), and the chain check (region.ts). */
  out: Label = 0;
  chain: Label = 0;

  constructor(
    readonly src: CodeSource,
    readonly L: JitLayout,
  ) {}

  /**
   * The prologue. Unless the machine is in the paging mode the code was
   * compiled for (CompiledMode), it returns MODE with nothing done; else it
   * takes the page, its PAGES word's address, and that word now.
   */
  enter(): void {
    const b = this.b;
    const L = this.L;
    b.loadAt32(L.CR0).i32(MODE_BITS.CR0 | 0).and().i32(L.MODE_CR0 | 0).ne();
    b.loadAt32(L.CR4).i32(MODE_BITS.CR4).and().i32(L.MODE_CR4).ne().or();
    b.if();
    b.i32(JIT_EXIT.MODE).ret();
    b.end();
    b.get(L_P).i32(0xfffff000 | 0).and().set(L_PAGE);
    b.get(L_P).i32(12).shrU().i32(2).shl().i32(this.L.PAGES).add().tee(L_MYFLAG).load32().set(L_WORD);
  }

  /** The epilogue: the next eip into the machine, the exit code returned. */
  leave(): void {
    const b = this.b;
    b.i32(0).get(L_NEIP).store32(this.L.EIP);
    b.get(L_CODE);
  }
}

export class Block {
  readonly b: Body;
  readonly src: CodeSource;
  readonly L: JitLayout;
  /** Cycles and instructions charged at compile time but not yet added to the locals. */
  pc = 0;
  pi = 0;
  /** The lazy-flags kind held in L_FK, when known at this point of the block. */
  kind: number | null = null;
  readonly written = new Set<number>();
  /** Where the prologue's loads go in the code. */
  private loadAt = 0;
  /** Whether the instruction being emitted has a path that may change the cycle count or the fetch window (sets L_SLOWED). */
  slowed = false;
  /** Whether it has the miss done in the block (miss.ts), which sets L_SLOWED to 2. */
  walked = false;
  /** Labels: this block's epilogue (every exit), the loop back to its entry. */
  out: Label = 0;
  top: Label = 0;
  readonly taken: number;
  readonly notTaken: number;

  constructor(
    readonly frame: Frame,
    readonly o0: number,
    readonly insns: Insn[],
  ) {
    this.b = frame.b;
    this.src = frame.src;
    this.L = frame.L;
    this.notTaken = this.src.cycles(-1);
    this.taken = this.src.cycles(-2);
  }

  /**
   * The block's prologue: marks where it goes. What it loads is known once
   * the block is emitted (storeState() puts it here): the guest state the
   * block's code uses, no more (most blocks touch a few registers of eight;
   * every load is code V8 compiles, and a value it keeps live).
   */
  loadState(): void {
    this.loadAt = this.b.code.length;
    this.b.clearUses();
  }

  /** The prologue's loads, for the state locals the block's code read or wrote (Body.uses). */
  private emitLoads(): void {
    const uses = this.b.uses;
    const L = this.L;
    const p = new Body();
    for (let r = 0; r < 8; r++) if (uses[L_R0 + r] !== 0) p.i32(0).load32(L.REGS + 4 * r).set(L_R0 + r);
    if (uses[L_FK] !== 0) p.loadAt32(L.FK).set(L_FK);
    if (uses[L_FA] !== 0) p.loadAt32(L.FA).set(L_FA);
    if (uses[L_FB] !== 0) p.loadAt32(L.FB).set(L_FB);
    p.loadAt64(L.CYCLES).set(L_CYC).loadAt64(L.INSTRET).set(L_INS);
    if (uses[L_RMASK] !== 0) p.loadAt32(L.RMASK).set(L_RMASK);
    if (uses[L_WMASK] !== 0) p.loadAt32(L.WMASK).set(L_WMASK);
    if (uses[L_SLOWED] !== 0) p.i32(0).set(L_SLOWED);
    this.b.code.splice(this.loadAt, 0, ...p.code);
  }

  /**
   * The block's epilogue every exit branches to (with L_X packed, L_NEIP set
   * unless L_X says how): the exit's charges, code and next eip unpacked,
   * locals the block wrote back into the machine, then CHAIN to the region's
   * chain check, anything else out of the function. (It first puts the
   * prologue's loads in place.)
   */
  storeState(): void {
    const b = this.b;
    const L = this.L;
    this.emitLoads();
    const wrote = (l: number): boolean => (b.uses[l] & 2) !== 0;
    b.get(L_CYC).get(L_X).i64(X_CYCLES_SHIFT).shrU64().add64().set(L_CYC);
    b.get(L_X).wrap().tee(L_T).i32(X_CODE_MASK).and().set(L_CODE);
    b.get(L_INS).get(L_T).i32(X_INSNS_SHIFT).shrU().i32(X_INSNS_MASK).and().extendU().add64().set(L_INS);
    b.get(L_T).i32(X_DELTA_FLAG).and();
    b.if();
    b.get(L_EIP).get(L_T).i32(32 - X_DELTA_SHIFT - X_DELTA_BITS).shl().i32(32 - X_DELTA_BITS).shrS().add().set(L_NEIP);
    b.end();
    for (let r = 0; r < 8; r++) if (this.written.has(r) || wrote(L_R0 + r)) b.i32(0).get(L_R0 + r).store32(L.REGS + 4 * r);
    if (wrote(L_FK)) b.i32(0).get(L_FK).store32(L.FK);
    if (wrote(L_FA)) b.i32(0).get(L_FA).store32(L.FA);
    if (wrote(L_FB)) b.i32(0).get(L_FB).store32(L.FB);
    b.i32(0).get(L_CYC).store64(L.CYCLES).i32(0).get(L_INS).store64(L.INSTRET);
    b.get(L_CODE).i32(JIT_EXIT.CHAIN).eq().brIf(this.frame.chain);
    b.br(this.frame.out);
  }

  delta(k: number): number {
    return this.insns[k].off - this.o0;
  }

  nextDelta(k: number): number {
    return this.insns[k].off + this.insns[k].len - this.o0;
  }

  cost(op: number): number {
    return this.src.cycles(op);
  }

  private maxCost(k: number): number {
    const i = this.insns[k];
    return i.op in JCC ? Math.max(this.taken, this.notTaken) : this.cost(i.op);
  }

  /** Charges one retired instruction of `cycles`. */
  charge(cycles: number): void {
    this.pc += cycles;
    this.pi += 1;
  }

  /** Adds the pending charges to the locals (before a slow path reads the cycle count). */
  flush(): void {
    this.addToLocals(this.pc, this.pi);
    this.pc = 0;
    this.pi = 0;
  }

  addToLocals(cycles: number, insns: number): void {
    if (cycles !== 0) this.b.get(L_CYC).i64(cycles).add64().set(L_CYC);
    if (insns !== 0) this.b.get(L_INS).i64(insns).add64().set(L_INS);
  }

  /** Leaves the block (on this path) at eip + delta with `code`, charging what is pending plus extra. */
  exit(delta: number, code: number, extraCycles = 0, extraInsns = 0): void {
    this.leave(code, delta, this.pc + extraCycles, this.pi + extraInsns);
  }

  /** As exit(), with the exit code in i32 local `l` (a code of JIT_EXIT, nonzero). */
  exitCoded(delta: number, l: number): void {
    this.leave(0, delta, this.pc, this.pi, l);
  }

  /** As exit(), with the next eip in local `l`. */
  exitTo(l: number, code: number, extraCycles: number, extraInsns: number): void {
    this.b.get(l).set(L_NEIP);
    this.leave(code, null, this.pc + extraCycles, this.pi + extraInsns);
  }

  /**
   * To the epilogue with `code`, the next eip at eip + delta (null: in
   * L_NEIP) and the charges, packed into one constant in L_X: an exit is
   * taken at one place, so each site only says which exit it is (a third
   * of the code it took to do it all at every site).
   */
  private leave(code: number, delta: number | null, cycles: number, insns: number, codeLocal = -1): void {
    if (cycles > X_CYCLES_MAX || insns > X_INSNS_MASK) {
      this.addToLocals(cycles, insns);
      cycles = insns = 0;
    }
    const limit = 1 << (X_DELTA_BITS - 1);
    if (delta !== null && (delta < -limit || delta >= limit)) {
      // A target far from the block (another page): the next eip computed here.
      this.b.get(L_EIP).i32(delta).add().set(L_NEIP);
      delta = null;
    }
    let low = code | (insns << X_INSNS_SHIFT);
    if (delta !== null) low |= X_DELTA_FLAG | ((delta & ((1 << X_DELTA_BITS) - 1)) << X_DELTA_SHIFT);
    this.b.i64(cycles * 2 ** X_CYCLES_SHIFT + low);
    if (codeLocal >= 0) this.b.get(codeLocal).extendU().or64();
    this.b.set(L_X).br(this.out);
  }

  /**
   * The cycles instructions k.. may take before the last one starts (each
   * at its largest static cost), or null when k is past the block's end.
   */
  rest(k: number): number | null {
    if (k >= this.insns.length) return null;
    let rest = 0;
    for (let j = k; j < this.insns.length - 1; j++) rest += this.maxCost(j);
    return rest;
  }

  /**
   * Before instruction k: leave NEAR unless every instruction from k to the
   * block's last would start before the deadline.
   */
  checkpoint(k: number): void {
    const rest = this.rest(k);
    if (rest === null) return;
    const b = this.b;
    b.get(L_CYC).i64(this.pc + rest).add64().get(L_DEADLINE).geU64();
    b.if();
    this.exit(this.delta(k), JIT_EXIT.NEAR);
    b.end();
  }

  /** Pushes register r (8..15: the "no register" field, 0). */
  reg(r: number): void {
    if (r >= 8) this.b.i32(0);
    else this.b.get(L_R0 + r);
  }

  /** Pops into register r, remembering to write it back. */
  setReg(r: number): void {
    this.b.set(L_R0 + r);
    this.written.add(r);
  }
}
