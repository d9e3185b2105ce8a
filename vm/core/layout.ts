// Where every piece of machine state lives in linear memory.
//
// The whole machine is a byte range [STATE, memoryEnd()): registers, lazy
// flags, control registers, device state, the TLB model and its flat index,
// the event ring, console buffers and finally guest RAM. Nothing that must
// survive between run() calls lives anywhere else, so a snapshot is a byte
// copy of memory and a restore is a copy back.
//
// AssemblyScript's own static data starts at 64 KiB (asconfig memoryBase) and
// is a few KiB; our regions start at 1 MiB. init() checks the two never meet.
//
// The x86 bits (PTE_*, CR0_*, CR4_*, EFLAGS_*, SELECTOR_*) are not here: they
// come from vm/isa/machine.ts through generated.ts, shared with the host.

import { CR0_PG, LIMITS_STLB_MAX_ENTRIES, LIMITS_TLB_MAX_ENTRIES } from './generated';

// ---------------------------------------------------------------------------
// Scalar state: one 4 KiB block.

export const STATE: u32 = 0x100000;

/**
 * The high-water mark of memory that init() has ever handed out. Every byte
 * at or above it is still zero from instantiation or memory.grow, so init()
 * need only clear below it: a fresh machine then faults in no host pages it
 * does not use (clearing 40 MiB of fresh memory cost ~30 ms of page faults).
 */
export const INIT_HIGH_WATER: u32 = STATE - 16;

/**
 * 16 u32 register slots: 0..7 are eax..edi in x86 order, 8..15 always read 0.
 * Placed mid-page: register stores then rarely share their low 12 address bits
 * with guest data at the start or end of a page (loads that do are held up by
 * the host CPU's store-forwarding check, "4K aliasing").
 */
export const REGS: u32 = STATE + 0x7c0;
export const REG_ESP: u32 = 4;
export const REG_EBP: u32 = 5;

export const S_EIP: u32 = STATE + 0x40;
export const S_CYCLES: u32 = STATE + 0x48; // u64
export const S_INSTRET: u32 = STATE + 0x50; // u64
/** Lazy arithmetic flags: kind (flags.ts K_*) and the two values a and b. */
export const S_FK: u32 = STATE + 0x58;
export const S_FA: u32 = STATE + 0x5c;
export const S_FB: u32 = STATE + 0x60;
/** The IF flag as its eflags bit (0 or 0x200). */
export const S_IF: u32 = STATE + 0x68;
export const S_CPL: u32 = STATE + 0x6c;
export const S_CR0: u32 = STATE + 0x70;
export const S_CR2: u32 = STATE + 0x74;
export const S_CR3: u32 = STATE + 0x78;
export const S_CR4: u32 = STATE + 0x7c;
export const S_IDT_BASE: u32 = STATE + 0x80;
export const S_IDT_LIMIT: u32 = STATE + 0x84;
export const S_TSS: u32 = STATE + 0x88;

/** TLB model configuration and replacement state. */
export const S_TLB_ENTRIES: u32 = STATE + 0x90;
export const S_TLB_WAYS: u32 = STATE + 0x94;
export const S_TLB_SETS: u32 = STATE + 0x98;
export const S_TLB_POLICY: u32 = STATE + 0x9c;
/** LRU clock: every TLB lookup that hits or fills stamps its entry with it. */
export const S_CLOCK: u32 = STATE + 0xa0;
/**
 * The clock value up to which hits have been counted. The fast path only
 * advances S_CLOCK (one tick per hit); accountFastHits() adds the difference
 * to TLB_HITS. Slow paths count their own lookups and advance both.
 */
export const S_CLOCK_SYNCED: u32 = STATE + 0xac;
/** FIFO insertion sequence number. */
export const S_FIFO_SEQ: u32 = STATE + 0xa4;
/** xorshift32 state for the RANDOM policy. */
export const S_PRNG: u32 = STATE + 0xa8;

export const S_RAM_SIZE: u32 = STATE + 0xb0;
/** 1 after hlt until an interrupt is delivered. */
export const S_HALTED: u32 = STATE + 0xb4;
/** Sticky stop reason (STOP_EXIT or STOP_SHUTDOWN), 0 while running. */
export const S_STOPPED: u32 = STATE + 0xb8;
export const S_EXIT_STATUS: u32 = STATE + 0xbc;
/** One-shot stop reason reported by the next event check (breakpoint, output full). */
export const S_ONESHOT: u32 = STATE + 0xc0;
export const S_STOP_REQUEST: u32 = STATE + 0xc4;
export const S_TRACE: u32 = STATE + 0xc8;

/** Interrupt controller: pending lines and mask (bit n = line n = vector 32+n). */
export const S_PENDING: u32 = STATE + 0xd0;
export const S_MASK: u32 = STATE + 0xd4;
export const S_TIMER_PERIOD: u32 = STATE + 0xd8;
export const S_TIMER_DEADLINE: u32 = STATE + 0xe0; // u64
/** IRQs are not delivered while cycles <= this (the instruction after sti). */
export const S_IRQ_BLOCKED_UNTIL: u32 = STATE + 0xe8; // u64

/** The current run() call. */
export const S_RUN_END: u32 = STATE + 0xf0; // u64
export const S_RUN_START_CYCLES: u32 = STATE + 0xf8; // u64
export const S_RUN_START_EIP: u32 = STATE + 0x100;

/** A fault found by a slow path, waiting to be delivered by the run loop. */
export const S_FAULT_PENDING: u32 = STATE + 0x104;
export const S_FAULT_VEC: u32 = STATE + 0x108;
export const S_FAULT_ERR: u32 = STATE + 0x10c;

/**
 * Instruction fetch. The fast window [FETCH_BASE, FETCH_BASE + FETCH_LEN)
 * holds every eip whose whole instruction can be read at FETCH_HOST + (eip -
 * FETCH_BASE) without a TLB lookup. FETCH_PAGE/FETCH_PAGE_HOST is the cached
 * translation of the page execution is in (valid when FETCH_VALID).
 */
export const S_FETCH_BASE: u32 = STATE + 0x110;
export const S_FETCH_LEN: u32 = STATE + 0x114;
export const S_FETCH_HOST: u32 = STATE + 0x118;
export const S_FETCH_VALID: u32 = STATE + 0x11c;
export const S_FETCH_PAGE: u32 = STATE + 0x120;
export const S_FETCH_PAGE_HOST: u32 = STATE + 0x124;

export const S_EVENT_COUNT: u32 = STATE + 0x128; // u64
export const S_COUT_LEN: u32 = STATE + 0x130;
export const S_CIN_HEAD: u32 = STATE + 0x134;
export const S_CIN_COUNT: u32 = STATE + 0x138;
export const S_BP_COUNT: u32 = STATE + 0x13c;

/** Cycle costs, COST_COUNT u32 slots. */
export const S_COSTS: u32 = STATE + 0x140;
/** Room for COST_COUNT (init checks it fits). */
export const MAX_COSTS: u32 = 16;
/** The index bits a read / a write needs at the current CPL (set when the run loop reloads). */
export const S_RMASK: u32 = STATE + 0x1e0;
export const S_WMASK: u32 = STATE + 0x1e4;

/** Second-level TLB configuration (entries 0 = no STLB) and state. */
export const S_STLB_ENTRIES: u32 = STATE + 0x1e8;
export const S_STLB_WAYS: u32 = STATE + 0x1ec;
export const S_STLB_SETS: u32 = STATE + 0x1f0;
/** How many STLB entries are valid (a flush of an empty STLB touches nothing). */
export const S_STLB_LIVE: u32 = STATE + 0x1f4;
/** The STLB's LRU clock (u64: it never wraps): every STLB hit and fill stamps its entry with it. */
export const S_STLB_CLOCK: u32 = STATE + 0x1f8;
/** Breakpoint addresses, MAX_BREAKPOINTS u32 slots. */
export const S_BREAKPOINTS: u32 = STATE + 0x200;
export const MAX_BREAKPOINTS: u32 = 64;
/** Counters, COUNTER_COUNT u64 slots (room for MAX_COUNTERS; init checks it fits). */
export const S_COUNTERS: u32 = STATE + 0x300;
export const MAX_COUNTERS: u32 = 32;
/**
 * The host file channel (devices.ts): its state (HOSTFILE_STATE_*), the
 * request's path length and file size, the read cursor into HOSTFILE_BUF (in
 * bytes) and the kernel's answer.
 */
export const S_HF_STATE: u32 = STATE + 0x400;
export const S_HF_NAME_LEN: u32 = STATE + 0x404;
export const S_HF_SIZE: u32 = STATE + 0x408;
export const S_HF_POS: u32 = STATE + 0x40c;
export const S_HF_RESULT: u32 = STATE + 0x410;

// ---------------------------------------------------------------------------
// Buffers and tables.

/** A page of 0xFF bytes: what reads of physical addresses outside RAM see. */
export const ONES: u32 = 0x101000;
/** Assembly area for an instruction that crosses a page (16 bytes). */
export const FETCH_BUF: u32 = 0x102000;
/** Assembly area for a data read that crosses a page or leaves RAM (16 bytes). */
export const BOUNCE: u32 = 0x102010;
export const CIN: u32 = 0x103000;
export const CIN_CAP: u32 = 4096;
/**
 * What retiring each opcode adds to the interpreter's counter (costs.ts):
 * 256 u64 slots of 1 << 32 | cycles, recomputed from S_COSTS. Then a jcc's
 * not-taken and taken increments.
 */
export const OPCOST: u32 = 0x104000;
export const OPCOST_NOT_TAKEN: u32 = OPCOST + 256 * 8;
export const OPCOST_TAKEN: u32 = OPCOST_NOT_TAKEN + 8;
/** Largest value setCost accepts (so one instruction's cycles fit the counter's low half). */
export const MAX_COST: u32 = 1 << 20;
export const COUT: u32 = 0x110000;
export const COUT_CAP: u32 = 0x10000;
export const EVENTS: u32 = 0x120000; // EVENT_RING_CAPACITY * 32 bytes = 256 KiB
/** TLB model: up to TLB_MAX_ENTRIES (4096) entries of TLB_ENTRY_BYTES. */
export const TLB: u32 = 0x160000;
export const TLB_ENTRY_BYTES: u32 = 32;
export const TLB_MAX_ENTRIES: u32 = LIMITS_TLB_MAX_ENTRIES;
/** Model entry fields. */
export const E_VPN: u32 = 0;
export const E_FRAME: u32 = 4;
export const E_PCID: u32 = 8;
export const E_FLAGS: u32 = 12; // TLB_FLAG_* bits plus E_INDEXED
export const E_STAMP: u32 = 16; // LRU stamp while not in the index
export const E_SEQ: u32 = 20; // FIFO insertion number
/** Internal flag: this entry is the one the flat index holds for its page. */
export const E_INDEXED: u32 = 0x100;

/**
 * The second-level TLB (stlb.ts): up to STLB_MAX_ENTRIES (4096) entries of
 * STLB_ENTRY_BYTES, after the L1's 128 KiB. Fields: vpn, frame, PCID and
 * TLB_FLAG bits at the L1's offsets (E_VPN … E_FLAGS), then the u64 LRU stamp.
 */
export const STLB: u32 = 0x180000;
export const STLB_ENTRY_BYTES: u32 = 32;
export const STLB_MAX_ENTRIES: u32 = LIMITS_STLB_MAX_ENTRIES;
export const SE_STAMP: u32 = 16; // u64

/**
 * The flat index: one u32 per virtual page (2^20 entries). Entry = host
 * address of the page | IX_* permission bits, or 0. With paging on it holds
 * exactly the model entries usable now (current PCID or global); with paging
 * off it maps every RAM page to itself with all permissions.
 */
export const INDEX: u32 = 0x200000;
/**
 * LRU stamps of indexed entries, one u32 per virtual page. Offset by half a
 * page from INDEX, so the stamp store of one access and the index load of the
 * next (same page) differ in their low 12 address bits (no 4K aliasing).
 */
export const STAMPS: u32 = 0x600800;
/**
 * The host file channel's request: the path, zero-padded to a multiple of 4,
 * then the file's bytes, zero-padded likewise (HOSTFILE_CAPACITY bytes: the
 * ramfs's largest file and a path, after the stamps and before RAM).
 */
export const HOSTFILE_BUF: u32 = 0xa01000;
/** Guest RAM (page aligned). */
export const RAM: u32 = 0xe02000;
export const MAX_RAM: u32 = 0x40000000;

/** Index permission bits: which accesses the fast path may serve. */
export const IX_RS: u32 = 1; // supervisor read / fetch
export const IX_WS: u32 = 2; // supervisor write (page dirty, and writable or WP=0)
export const IX_RU: u32 = 4; // user read / fetch
export const IX_WU: u32 = 8; // user write (page dirty, user, writable)
export const IX_ALL: u32 = 15;

// ---------------------------------------------------------------------------
// Small accessors.

@inline export function reg(i: u32): u32 {
  return load<u32>(i << 2, REGS);
}

@inline export function setRegister(i: u32, v: u32): void {
  store<u32>(i << 2, v, REGS);
}

@inline export function cycles(): u64 {
  return load<u64>(S_CYCLES);
}

@inline export function addCycles(n: u32): void {
  store<u64>(S_CYCLES, load<u64>(S_CYCLES) + <u64>n);
}

@inline export function cost(i: u32): u32 {
  return load<u32>(S_COSTS + (i << 2));
}

@inline export function pagingOn(): bool {
  return (load<u32>(S_CR0) & CR0_PG) != 0;
}

@inline export function ramSize(): u32 {
  return load<u32>(S_RAM_SIZE);
}
