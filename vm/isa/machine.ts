// Numbers the core and the host must agree on, besides the instruction table:
// I/O ports, interrupt vectors, stop reasons, event kinds, counters and TLB
// policies. `gen-core.ts` copies them into the core as AssemblyScript
// constants; the host imports them from here. Change them only here.

/** I/O ports (all 32-bit `in`/`out`). */
export const PORT = {
  /** Timer period in cycles. Write 0 to stop the timer; a write restarts the count. Reads return the period. */
  TIMER_PERIOD: 0x40,
  /** Interrupt mask: bit n set masks IRQ line n (vector 32 + n). */
  IRQ_MASK: 0x21,
  /** Console input data: the next byte, or 0xFFFFFFFF when none is buffered. */
  CONSOLE_IN: 0xe0,
  /** Console input status: how many bytes are buffered. */
  CONSOLE_STATUS: 0xe1,
  /** Console output: the low byte of the value is written to the console (as Bochs/QEMU port 0xE9). */
  CONSOLE_OUT: 0xe9,
  /** Kernel trace: value = event code; ebx, ecx, edx are recorded as its arguments. */
  TRACE: 0xf0,
  /** Exit: stops the machine; the exit status is value & 0xFF (as QEMU's isa-debug-exit, without its shift). */
  EXIT: 0xf4,
  /**
   * Host file channel, status. Read: 1 while a request waits for the kernel's answer, else 0.
   * Write: the answer (0 = done, or -errno); it ends the request. Ignored when none waits.
   */
  HOSTFILE_STATUS: 0xe4,
  /** Host file channel: the request's path length in bytes (0 when none waits). */
  HOSTFILE_NAME_LEN: 0xe5,
  /** Host file channel: the request's file size in bytes (0 when none waits). */
  HOSTFILE_SIZE: 0xe6,
  /**
   * Host file channel, data: each read returns the next 4 bytes of the request, little-endian: the path
   * padded with zeros to a multiple of 4, then the file padded likewise; 0 past the end (or when none waits).
   */
  HOSTFILE_DATA: 0xe7,
} as const;

/** Exception and interrupt vectors. */
export const VECTOR = {
  DE: 0,  // divide error
  UD: 6,  // invalid opcode
  DF: 8,  // double fault (error code 0)
  GP: 13, // general protection (error code)
  PF: 14, // page fault (error code P/W/U, cr2 = address)
  IRQ_BASE: 32,
  TIMER: 32,
  CONSOLE: 33,
  HOSTFILE: 34,
  SYSCALL: 0x80,
} as const;

/**
 * The exceptions for which the CPU pushes an error code (x86: #DF, #TS, #NP,
 * #SS, #GP, #PF, #AC). The kernel's generated vector stubs push a 0 for every
 * other vector, so all trap frames look alike; the core could deliver error
 * codes from this same table.
 */
export const ERROR_CODE_VECTORS: readonly number[] = [8, 10, 11, 12, 13, 14, 17];

/** Names of the vectors the machine and kernel use; vectorName() covers the rest. */
export const VECTOR_NAMES: Record<number, string> = {
  [VECTOR.DE]: '#DE divide error', [VECTOR.UD]: '#UD invalid opcode', [VECTOR.DF]: '#DF double fault',
  [VECTOR.GP]: '#GP general protection', [VECTOR.PF]: '#PF page fault', [VECTOR.TIMER]: 'IRQ timer',
  [VECTOR.CONSOLE]: 'IRQ console', [VECTOR.HOSTFILE]: 'IRQ host file', [VECTOR.SYSCALL]: 'int 0x80 system call',
};

/** A vector by name: "#PF page fault", "IRQ 5", "vector 99". */
export function vectorName(v: number): string {
  return VECTOR_NAMES[v] ?? (v >= VECTOR.IRQ_BASE && v < VECTOR.IRQ_BASE + 16 ? `IRQ ${v - VECTOR.IRQ_BASE}` : `vector ${v}`);
}

/** IRQ lines (vector = IRQ_BASE + line). */
export const IRQ = { TIMER: 0, CONSOLE: 1, HOSTFILE: 2 } as const;

/**
 * The host file channel's request buffer: the largest request (path padded
 * to 4 bytes, plus the file) the host can queue. 4 MiB + 4 KiB: the ramfs's
 * largest file (kernel/include/fs.h MAXFILESIZE) and a path (MAXPATH), so
 * every file the ramfs can hold goes in one request, and one too large for
 * it reaches the kernel, which refuses it (EFBIG). test/kernel/install.test.ts
 * checks the two stay in step.
 */
export const HOSTFILE_CAPACITY = 0x401000;

/** The host file channel's state, as hostFileState() returns it. */
export const HOSTFILE_STATE = { IDLE: 0, PENDING: 1, ANSWERED: 2 } as const;

/** Why `run(budget)` returned. */
export const STOP = {
  BUDGET: 0,       // the cycle budget is spent
  HALT: 1,         // hlt with interrupts disabled: nothing can wake the CPU
  EXIT: 2,         // a write to the exit port; see exitStatus()
  BREAKPOINT: 3,   // eip reached a breakpoint (the instruction there has not run)
  STOP_REQUEST: 4, // the host asked the core to stop (requestStop)
  SHUTDOWN: 5,     // triple fault: an exception while delivering a double fault
  IDLE: 6,         // hlt with interrupts enabled, no timer running, nothing pending: waiting for input
  OUTPUT_FULL: 7,  // the console output buffer is full; drain it and run again
} as const;

export const STOP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(STOP).map(([k, v]) => [v, k.toLowerCase().replace('_', '-')]),
);

/** Kinds of machine events in the event ring. */
export const EVENT = {
  INTERRUPT: 1, // a = vector, b = error code (or 0), c = cpl before, d = cr2 for #PF
  IRET: 2,      // a = cpl returned to, b = eip returned to
  CR3_WRITE: 3, // a = old cr3, b = new cr3, c = TLB entries dropped
  TLB_FLUSH: 4, // a = cause (FLUSH_CAUSE), b = L1 entries dropped, c = address (invlpg, invpcid type 0), d = invpcid type << 12 | PCID
  HLT: 5,       // a = 1 when interrupts were enabled
  KERNEL: 6,    // a = code (eax), b = ebx, c = ecx, d = edx: written by the kernel through the trace port
  EXIT: 7,      // a = exit status
  SHUTDOWN: 8,  // a = the vector that could not be delivered
} as const;

export const EVENT_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(EVENT).map(([k, v]) => [v, k.toLowerCase().replace('_', '-')]),
);

/** INVPCID's types (the register operand), as on x86. */
export const INVPCID = { ADDRESS: 0, CONTEXT: 1, ALL: 2, ALL_NON_GLOBAL: 3 } as const;

/** Why the TLB was flushed. */
export const FLUSH_CAUSE = { CR3: 0, INVLPG: 1, CR0: 2, CR4: 3, HOST: 4, INVPCID: 5 } as const;

/** Flush causes by value, lower case ("invlpg"). */
export const FLUSH_CAUSE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(FLUSH_CAUSE).map(([k, v]) => [v, k.toLowerCase()]),
);

/**
 * How each machine event is shown: the same fields a kernel event's line in
 * kernel/include/trace.h has, in the same words (vm/host/event-schema.ts
 * reads both and is the only place that formats events). `args` names a, b,
 * c, d with their kinds; `text` puts them in words; `detail` is the argument
 * the views pick up. A row with `firstArgIn: [lo, hi]` applies only when a is
 * in that range (an interrupt by its vector, a flush by its cause); the first
 * row that applies wins.
 */
export interface MachineEventSpec {
  kind: number;
  firstArgIn?: readonly [number, number];
  category: string;
  name: string;
  args: string;
  text: string;
  detail?: string;
}

const INTERRUPT_ARGS = '(vector: vector, error: hex, ring: count, cr2: addr)';

export const MACHINE_EVENT_SPECS: readonly MachineEventSpec[] = [
  {
    kind: EVENT.INTERRUPT, firstArgIn: [VECTOR.PF, VECTOR.PF], category: 'exception', name: 'exception',
    args: INTERRUPT_ARGS, text: 'exception {#vector} {vector} from ring {ring} cr2={cr2} error={error}',
  },
  {
    kind: EVENT.INTERRUPT, firstArgIn: [0, VECTOR.IRQ_BASE - 1], category: 'exception', name: 'exception',
    args: INTERRUPT_ARGS, text: 'exception {#vector} {vector} from ring {ring}{error ?  error={error} : }',
  },
  {
    kind: EVENT.INTERRUPT, firstArgIn: [VECTOR.SYSCALL, VECTOR.SYSCALL], category: 'syscall', name: 'int80',
    args: INTERRUPT_ARGS, text: 'int 0x80 from ring {ring}',
  },
  {
    kind: EVENT.INTERRUPT, firstArgIn: [VECTOR.TIMER, VECTOR.TIMER], category: 'interrupt', name: 'timer',
    args: INTERRUPT_ARGS, text: 'interrupt {#vector} {vector} from ring {ring}',
  },
  {
    kind: EVENT.INTERRUPT, category: 'interrupt', name: 'interrupt',
    args: INTERRUPT_ARGS, text: 'interrupt {#vector} {vector} from ring {ring}',
  },
  { kind: EVENT.IRET, category: 'interrupt', name: 'iret', args: '(ring: count, eip: addr)', text: 'iret to ring {ring} at {eip}' },
  {
    kind: EVENT.CR3_WRITE, category: 'tlb', name: 'cr3-write', args: '(old: addr, new: addr, dropped: count)',
    text: 'cr3 {old} -> {new}: {dropped} TLB entries dropped',
  },
  {
    kind: EVENT.TLB_FLUSH, firstArgIn: [FLUSH_CAUSE.INVLPG, FLUSH_CAUSE.INVLPG], category: 'tlb', name: 'tlb-flush',
    args: '(cause: cause, dropped: count, page: addr)', text: 'TLB flush ({cause}) page {page}: {dropped} entries dropped', detail: 'cause',
  },
  {
    kind: EVENT.TLB_FLUSH, category: 'tlb', name: 'tlb-flush',
    args: '(cause: cause, dropped: count)', text: 'TLB flush ({cause}): {dropped} entries dropped', detail: 'cause',
  },
  { kind: EVENT.HLT, category: 'machine', name: 'hlt', args: '(enabled: flag)', text: 'hlt (interrupts {enabled ? on : off})' },
  { kind: EVENT.EXIT, category: 'machine', name: 'exit-port', args: '(status: count)', text: 'machine exit, status {status}' },
  {
    kind: EVENT.SHUTDOWN, category: 'machine', name: 'shutdown', args: '(vector: count)',
    text: 'triple fault: could not deliver vector {vector}',
  },
];

/** Layout of one event in the ring: eight u32 words. */
export const EVENT_WORDS = 8; // kind, eip, cyclesLo, cyclesHi, a, b, c, d
export const EVENT_RING_CAPACITY = 8192;

/** Counters, read with getCounter(index). */
export const COUNTER = {
  TLB_HITS: 0,
  TLB_MISSES: 1,
  PAGE_WALKS: 2,
  TLB_FULL_FLUSHES: 3,
  TLB_SINGLE_FLUSHES: 4,
  TLB_EVICTIONS: 5,
  INTERRUPTS: 6,   // hardware IRQs delivered
  EXCEPTIONS: 7,   // faults/exceptions delivered (not int n)
  SOFT_INTS: 8,    // int n executed
  CR3_WRITES: 9,
  PAGE_FAULTS: 10,
  STLB_HITS: 11,   // L1 misses that found a usable STLB entry
  STLB_MISSES: 12, // L1 misses that did not (with the STLB on): each is a walk
} as const;
export const COUNTER_COUNT = 13;

/** Sizes the hardware allows (the core's tables in linear memory are laid out for them). */
export const LIMITS = {
  /** Entries of the (L1) TLB: a power of two; ways a power of two, at most the entries. */
  TLB_MAX_ENTRIES: 4096,
  /** Entries of the second-level TLB (STLB). */
  STLB_MAX_ENTRIES: 4096,
  /** One cycle-model cost. */
  COST_MAX: 1 << 20,
} as const;

/** TLB replacement policies. */
export const TLB_POLICY = { LRU: 0, FIFO: 1, RANDOM: 2 } as const;

/**
 * Flag bits of a TLB model entry, as returned by the core's tlbFlags(i).
 * RW and US are the combined (AND of PDE and PTE) permissions of the walk.
 */
export const TLB_FLAG = { VALID: 1, RW: 2, US: 4, DIRTY: 8, GLOBAL: 16 } as const;

/**
 * Page-directory and page-table entry bits (x86, 4 KiB pages). The core's
 * walk, the host's side-effect-free walk and the kernel's mmu.h all use
 * these; bits 9-11 (AVL) are the kernel's to define.
 */
export const PTE = { P: 0x001, RW: 0x002, US: 0x004, A: 0x020, D: 0x040, G: 0x100 } as const;
/** The frame address in a PDE/PTE (bits 12-31). */
export const PTE_FRAME_MASK = 0xffff_f000;

/** Control-register bits the machine implements. */
export const CR0 = { WP: 1 << 16, PG: 0x8000_0000 } as const;
export const CR4 = { PGE: 1 << 7, PCE: 1 << 8, PCIDE: 1 << 17 } as const;

/**
 * The control-register bits the TLB model depends on, its paging mode.
 * Changing one flushes the model (vm/core/system.ts writeCr). Compiled code
 * has them built in and runs only in the mode it was compiled for
 * (vm/host/jit/block.ts CompiledMode, JIT_EXIT.MODE).
 */
export const MODE_BITS = { CR0: CR0.PG | CR0.WP, CR4: CR4.PGE | CR4.PCIDE } as const;

/** EFLAGS bits the machine implements. */
export const EFLAGS = { CF: 0x001, ZF: 0x040, SF: 0x080, IF: 0x200, OF: 0x800 } as const;

/** Selectors the CPU pushes (there are no segments; the values only tell rings apart). */
export const SELECTOR = { KERNEL_CS: 0x08, USER_CS: 0x1b, USER_DS: 0x23 } as const;


/**
 * The compiled tier's contract between the core (vm/core/jit.ts) and the
 * host's block compiler (vm/host/jit/). A compiled block is a WebAssembly
 * function (eip, host address of eip, deadline) -> JIT_EXIT.* that the core
 * calls through its function table; it reads and writes the machine state in
 * the core's memory at the addresses jitLayout(JIT_LAYOUT.*) returns.
 */
export const JIT_EXIT = {
  /** Continue in the interpreter at eip (the same codes the interpreter returns). */
  EVENT: 0,
  /** Run the instruction at eip with the slow step (as after the interpreter hands an instruction over). */
  SLOW: 1,
  /** Deliver the fault a slow path recorded (the instruction at eip faulted). */
  FAULT: 2,
  /** Raise #DE at eip (div/idiv by zero or a quotient too large; nothing of the instruction done). */
  DE: 5,
  /** The block ended at a branch or at its last instruction: look for a block at eip. */
  CHAIN: 6,
  /** The deadline is near: interpret from eip, without entering a block first. */
  NEAR: 7,
  /**
   * The block was compiled for another paging mode (MODE_BITS) and ran
   * nothing: the core forgets it (it is compiled again, for this mode, when
   * hot) and interprets from eip.
   */
  MODE: 10,
} as const;

/**
 * The codes only the interpreter's loop returns (vm/core/interp.ts), besides
 * JIT_EXIT's EVENT, SLOW, FAULT and DE; they share one number space with
 * JIT_EXIT, and no value is in both (test/host/machine.test.ts).
 */
export const INTERP_EXIT = {
  /** Raise #UD at eip. */
  UD: 3,
  /** Raise #GP(0) at eip: a privileged instruction in ring 3. */
  GP: 4,
  /** Enter the compiled block jit.ts's handOver() recorded (the jit template only). */
  BLOCK: 8,
  /** Not an exit (the jit template only): the next fetch was reached by a taken branch, so probe it. */
  PROBE: 9,
} as const;

/**
 * The interpreter's fetch window over a page (vm/core/mmu.ts setWindow): the
 * page offsets from which the longest instruction (12 bytes, vm/isa/encoding.ts)
 * stays in the page are those below SPAN. An eip at or past it is fetched by
 * the slow path, which may assemble an instruction from two pages.
 */
export const FETCH_WINDOW = { SPAN: 4096 - 11 } as const;

/** What jitLayout(i) returns the address (or value) of. */
export const JIT_LAYOUT = {
  REGS: 0, EIP: 1, CYCLES: 2, INSTRET: 3, FK: 4, FA: 5, FB: 6, CLOCK: 7, INDEX: 8, STAMPS: 9, RMASK: 10, WMASK: 11,
  PAGES: 12, OPCOST: 13, OPCOST_NOT_TAKEN: 14, OPCOST_TAKEN: 15, FETCH_BASE: 16, FETCH_LEN: 17, FETCH_HOST: 18,
  // The TLB miss handled inside a block (vm/host/jit/miss.ts): the model's state and the walk's inputs,
  // and the fetch window a fetch after the code page's eviction sets up.
  TLB: 19, TLB_SETS: 20, TLB_WAYS: 21, TLB_POLICY: 22, STLB_ENTRIES: 23, CLOCK_SYNCED: 24, CR0: 25, CR3: 26, CR4: 27,
  COUNTERS: 28, COSTS: 29, FETCH_VALID: 30, FETCH_PAGE: 31, FETCH_PAGE_HOST: 32, BP_COUNT: 33, RAM: 34, RAM_SIZE: 35,
  // ... and values, not addresses: a model entry's size and fields, its INDEXED bit, the index's permission bits.
  TLB_ENTRY_BYTES: 36, E_VPN: 37, E_FRAME: 38, E_PCID: 39, E_FLAGS: 40, E_INDEXED: 41, IX_RS: 42, IX_WS: 43,
  IX_RU: 44, IX_WU: 45,
} as const;
export const JIT_LAYOUT_COUNT = Object.keys(JIT_LAYOUT).length;

/** The lazy-flags kinds (vm/core/flags.ts): what S_FK holds. */
export const LAZY = { SUB: 0, ADD: 1, LOGIC: 2, INC: 3, DEC: 4, EAGER: 5 } as const;

/** Sizes of the compiled tier's tables in the core. */
export const JIT_LIMITS = {
  /** Entries of the block map (direct mapped by host address of the block's first instruction). */
  MAP_ENTRIES: 16384,
  /**
   * Block entries counted before the core asks the host to compile the block
   * (the default; MachineOptions.jitThreshold sets another). A block should
   * have cost about as much interpreted as compiling it will before it is
   * compiled. An entry interpreted costs tens of nanoseconds. A region
   * compiled costs 5-15 ms of host CPU: the compiler's JavaScript (10 ms more
   * for a process's first compile, while it runs cold), then V8's baseline
   * and optimizing compilers on the module. So the threshold is hundreds of
   * thousands of entries. Measured (test/bench/boot.ts and docs/compiled-
   * tier.md): at 32,000 the shell pipeline compiled 73 regions for about a
   * second more CPU than --no-jit and no gain in wall time, and a boot
   * compiled memmove and memset for 15 ms more. At 500,000 the pipeline
   * compiles 4, a boot none (its hottest loop, memmove, is entered 234,143
   * times), and the benchmark's loops reach the tier in their warm-up runs.
   */
  HOT_THRESHOLD: 500_000,
  /** Compile requests the core queues between two host visits. */
  QUEUE: 256,
} as const;
