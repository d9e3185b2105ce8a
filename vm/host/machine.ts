// Machine: the TypeScript face of the core, used by the CLI, the tests and the
// browser's worker alike.
//
// The core (AssemblyScript → WebAssembly) holds every bit of machine state in
// its linear memory; this class only drives it and looks at it. Three rules:
//  - run() executes in slices (V8 optimises a Wasm function only between
//    calls, and slices let output and stop requests through);
//  - inspection never disturbs: translate()/readVirt() walk the page tables
//    in TypeScript (page-walk.ts), so TLB contents and counters stay exactly
//    as the guest left them;
//  - snapshot() is a copy of linear memory and restore() copies it back, so
//    a restored machine continues exactly, to the cycle.
//
// The pieces it is built from, one job each: core-exports.ts (the type of
// the core's exports), machine-config.ts (options, defaults, init),
// console.ts (output decoding, input), event-ring.ts (decoding events),
// page-walk.ts (side-effect-free translation) and tlb-view.ts (the TLB
// model's entries). This class holds what spans calls: the options, the
// console's decoder and how far the event ring has been read.

import { loadCoreModule } from './core-loader.js';
import { CoreExports, coreExports } from './core-exports.js';
import { MachineConfig, MachineOptions, initCore, withDefaults } from './machine-config.js';
import { MachineError } from './machine-error.js';
import { MachineEvent, decodeEvents, oldestInRing } from './event-ring.js';
import { ConsoleOutput, typeInput } from './console.js';
import * as pageWalk from './page-walk.js';
import type { PageRoot, Translation } from './page-walk.js';
import { TlbEntry, readStlbEntries, readTlbEntries } from './tlb-view.js';
import { readElf } from '../asm/elf.js';
import { CR0, COUNTER, COUNTER_COUNT, STOP, STOP_NAMES } from '../isa/machine.js';
import { REGS32 } from '../isa/isa.js';
import { DEFAULT_CODE_CACHE_BYTES, JitStats, JitTier } from './jit/tier.js';
import { processCache } from './jit/shared-cache.js';

/** The tier's figures, and the guest cycles the machine still runs before the tier starts (0 once it has). */
export type MachineJitStats = JitStats & { startsInCycles: number };

export type StopReason =
  | 'budget' | 'halt' | 'exit' | 'breakpoint' | 'stop-request' | 'shutdown' | 'idle' | 'output-full';

export interface StopInfo {
  reason: StopReason;
  /** Guest cycles executed by this call. */
  cycles: number;
  /** Instructions retired by this call. */
  instructions: number;
  /** Set when reason is 'exit'. */
  exitStatus?: number;
}

export type Register = (typeof REGS32)[number] | number;

/** Slice length while the compiled tier has blocks to compile (Machine.slice). */
const WARMUP_SLICE = 400_000;

const STOP_BY_CODE: Record<number, StopReason> = STOP_NAMES as Record<number, StopReason>;

export class Machine {
  readonly core: CoreExports;
  readonly options: MachineConfig;
  /** Called with console output as it is produced; when unset, output accumulates for takeOutput(). */
  onOutput: ((text: string) => void) | undefined;
  private consoleOutput: ConsoleOutput;
  private eventsRead = 0;
  /** The compiled tier's host half (undefined with options.jit off). */
  private jit: JitTier | undefined;
  /** Cycles of the next core.run() slice: options.sliceCycles, shorter while the compiled tier warms up. */
  private slice: number;
  /** Guest cycles to run before the compiled tier starts (options.jitStartCycles from reinit; 0 once it has). */
  private tierStartsIn = 0;
  /** Events lost because the ring wrapped before they were read. */
  eventsDropped = 0;

  private constructor(core: CoreExports, options: MachineConfig) {
    this.core = core;
    this.options = options;
    this.consoleOutput = new ConsoleOutput(core);
    this.slice = options.sliceCycles;
  }

  static async create(options: MachineOptions = {}): Promise<Machine> {
    const module = await loadCoreModule();
    let abortMessage = '';
    const instance = await WebAssembly.instantiate(module, {
      env: {
        abort(_msg: number, _file: number, line: number, col: number) {
          abortMessage = `core aborted at ${line}:${col}`;
          throw new MachineError(abortMessage);
        },
        seed: () => 1,
      },
    });
    const m = new Machine(coreExports(instance), withDefaults(options));
    m.reinit();
    return m;
  }

  /** Recreate the machine from its options: all state and RAM zeroed. */
  reinit(): void {
    initCore(this.core, this.options);
    if (this.options.jit) {
      // Blocks another machine of this process compiled are reused (shared-cache.ts).
      this.jit ??= new JitTier(this.core, DEFAULT_CODE_CACHE_BYTES, processCache);
      this.jit.reset();
      this.tierStartsIn = this.options.jitStartCycles;
      this.startTierWhenDue(0);
    }
    this.consoleOutput = new ConsoleOutput(this.core);
    this.eventsRead = 0;
    this.eventsDropped = 0;
  }

  // --------------------------------------------------------------------------
  // Loading

  /**
   * Load an ELF32 executable's PT_LOAD segments at their physical addresses
   * (p_paddr), zero-filling p_memsz beyond p_filesz. Nothing is written unless
   * the whole image is valid and fits in RAM.
   */
  loadElf(bytes: Uint8Array): { entry: number } {
    const parsed = readElf(bytes);
    if (!parsed.ok) throw new MachineError(`cannot load ELF: ${parsed.error}`);
    const { elf } = parsed;
    for (const seg of elf.segments) {
      if (seg.paddr + seg.memsz > this.ramSize || seg.paddr + seg.memsz < seg.paddr) {
        throw new MachineError(
          `cannot load ELF: segment at physical 0x${hex(seg.paddr)} (+0x${seg.memsz.toString(16)} bytes) ` +
            `does not fit in ${this.ramSize >>> 20} MiB of RAM`,
        );
      }
    }
    this.writeRam(() => {
      for (const seg of elf.segments) {
        const ram = this.ram();
        ram.fill(0, seg.paddr, seg.paddr + seg.memsz);
        ram.set(seg.data.subarray(0, seg.filesz), seg.paddr);
      }
    });
    // A program starts its blocks' counts afresh: code the last one ran only lukewarm is not
    // compiled now on the strength of both runs' entries.
    this.core.jitForgetCounts();
    this.slice = Math.min(this.slice, WARMUP_SLICE);
    return { entry: elf.entry };
  }

  get ramSize(): number {
    return this.core.ramSize();
  }

  /** A view of guest RAM. Re-fetch after anything that may grow memory (init). */
  ram(): Uint8Array {
    return new Uint8Array(this.core.memory.buffer, this.core.ramBase(), this.core.ramSize());
  }

  writePhys(addr: number, bytes: Uint8Array): void {
    if (addr < 0 || addr + bytes.length > this.ramSize) {
      throw new MachineError(`physical write at 0x${hex(addr)} (+${bytes.length}) is outside RAM`);
    }
    this.writeRam(() => this.ram().set(bytes, addr));
  }

  /** Physical read; bytes outside RAM read as 0xFF, as the guest sees them. */
  readPhys(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length).fill(0xff);
    const ram = this.ram();
    const start = Math.max(0, addr);
    const end = Math.min(this.ramSize, addr + length);
    if (end > start) out.set(ram.subarray(start, end), start - addr);
    return out;
  }

  readPhys32(addr: number): number {
    const b = this.readPhys(addr >>> 0, 4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  // --------------------------------------------------------------------------
  // Running

  /**
   * Run for up to `budget` guest cycles, in slices. Returns early on any stop
   * other than the budget running out (output-full is handled here).
   */
  run(budget: number): StopInfo {
    const startCycles = this.cycles;
    const startInstret = this.instret;
    let remaining = Math.max(1, Math.floor(budget));
    let reason: StopReason = 'budget';
    while (remaining > 0) {
      const before = this.cycles;
      reason = this.runCore(Math.min(remaining, this.slice));
      remaining -= this.cycles - before;
      if (reason !== 'budget') break;
    }
    return this.stopInfo(reason, startCycles, startInstret);
  }

  /** Execute one instruction (or take one interrupt). */
  step(): StopInfo {
    const startCycles = this.cycles;
    const startInstret = this.instret;
    return this.stopInfo(this.runCore(1), startCycles, startInstret);
  }

  /** One core.run() call and its output. A full output buffer is drained here, so it counts as the budget. */
  private runCore(budget: number): StopReason {
    const before = this.cycles;
    const code = this.core.run(budget);
    // Blocks become hot during a slice but are compiled after it: while new code keeps
    // getting hot, slices are short, so it does not run a whole slice interpreted.
    this.slice = this.tierAfterSlice(this.cycles - before) ? WARMUP_SLICE : Math.min(this.options.sliceCycles, this.slice * 4);
    this.drainOutput();
    const reason = STOP_BY_CODE[code] ?? 'shutdown';
    return reason === 'output-full' ? 'budget' : reason;
  }

  /** The compiled tier's turn after a slice of `ran` cycles: it starts when due, then compiles what got hot; whether anything did. */
  private tierAfterSlice(ran: number): boolean {
    if (!this.jit) return false;
    if (this.tierStartsIn > 0) {
      this.startTierWhenDue(ran);
      return false;
    }
    return this.jit.service();
  }

  /** Counts `ran` cycles off the tier's wait (DEFAULT_JIT_START_CYCLES says why it waits); starts it at 0. */
  private startTierWhenDue(ran: number): void {
    this.tierStartsIn = Math.max(0, this.tierStartsIn - ran);
    if (this.tierStartsIn === 0) this.core.jitEnable(1, this.options.jitThreshold);
  }

  /**
   * The host writes RAM (or the whole state) with `write`: compiled blocks
   * from pages whose bytes changed become stale, the others stay installed
   * (JitTier.afterHostWrite), so loading the same program again runs its compiled
   * code at once. Without the tier the core's (empty) block map is flushed.
   */
  private writeRam(write: () => void): void {
    const point = this.jit?.beforeHostWrite();
    write();
    if (this.jit) this.jit.afterHostWrite(point!);
    else this.core.jitFlush();
  }

  private stopInfo(reason: StopReason, startCycles: number, startInstret: number): StopInfo {
    const info: StopInfo = { reason, cycles: this.cycles - startCycles, instructions: this.instret - startInstret };
    if (reason === 'exit') info.exitStatus = this.exitStatus;
    return info;
  }

  /** Ask a running core to stop at its next event check (from another thread with shared memory, or a callback). */
  requestStop(): void {
    this.core.requestStop();
  }

  resetCpu(): void {
    this.core.resetCpu();
  }

  // --------------------------------------------------------------------------
  // Registers and counters

  getReg(r: Register): number {
    return this.core.getReg(regIndex(r)) >>> 0;
  }

  setReg(r: Register, value: number): void {
    this.core.setReg(regIndex(r), value >>> 0);
  }

  get eip(): number {
    return this.core.getEip() >>> 0;
  }

  set eip(v: number) {
    this.core.setEip(v >>> 0);
  }

  get eflags(): number {
    return this.core.getEflags() >>> 0;
  }

  set eflags(v: number) {
    this.core.setEflags(v >>> 0);
  }

  get cpl(): number {
    return this.core.getCpl();
  }

  set cpl(v: number) {
    this.core.setCpl(v);
  }

  getCr(n: 0 | 2 | 3 | 4): number {
    return this.core.getCr(n) >>> 0;
  }

  setCr(n: 0 | 2 | 3 | 4, v: number): void {
    this.core.setCr(n, v >>> 0);
  }

  get cycles(): number {
    return this.core.getCycles();
  }

  get instret(): number {
    return this.core.getInstret();
  }

  get exitStatus(): number {
    return this.core.exitStatus() & 0xff;
  }

  /** All registers by name, for dumps and views. */
  registers(): Record<string, number> {
    const out: Record<string, number> = {};
    REGS32.forEach((name, i) => (out[name] = this.getReg(i)));
    out.eip = this.eip;
    out.eflags = this.eflags;
    out.cr0 = this.getCr(0);
    out.cr2 = this.getCr(2);
    out.cr3 = this.getCr(3);
    out.cr4 = this.getCr(4);
    out.cpl = this.cpl;
    return out;
  }

  counters(): Record<keyof typeof COUNTER, number> {
    const out = {} as Record<keyof typeof COUNTER, number>;
    for (const [name, index] of Object.entries(COUNTER)) {
      if (index < COUNTER_COUNT) out[name as keyof typeof COUNTER] = this.core.getCounter(index);
    }
    return out;
  }

  resetCounters(): void {
    this.core.resetCounters();
  }

  // --------------------------------------------------------------------------
  // Console

  /** Console output produced since the last call (when no onOutput is set). */
  takeOutput(): string {
    this.drainOutput();
    return this.consoleOutput.take();
  }

  /** Type text into the console (UTF-8 bytes). Returns how many bytes the device accepted. */
  input(text: string | Uint8Array): number {
    return typeInput(this.core, text);
  }

  private drainOutput(): void {
    this.consoleOutput.drain(this.onOutput);
  }

  raiseIrq(line: number): void {
    this.core.raiseIrq(line);
  }

  // --------------------------------------------------------------------------
  // Events and breakpoints

  setTrace(on: boolean): void {
    this.core.setTrace(on ? 1 : 0);
  }

  /** Machine and kernel events written since the last call, oldest first. */
  takeEvents(): MachineEvent[] {
    const total = this.core.eventCount();
    const from = Math.max(this.eventsRead, oldestInRing(total));
    this.eventsDropped += from - this.eventsRead;
    this.eventsRead = total;
    return decodeEvents(this.core.memory.buffer, this.core.eventRingPtr(), from, total);
  }

  addBreakpoint(vaddr: number): void {
    if (this.core.addBreakpoint(vaddr >>> 0) !== 0) throw new MachineError('too many breakpoints (at most 64)');
  }

  removeBreakpoint(vaddr: number): boolean {
    return this.core.removeBreakpoint(vaddr >>> 0) === 0;
  }

  clearBreakpoints(): void {
    this.core.clearBreakpoints();
  }

  // --------------------------------------------------------------------------
  // Memory inspection without side effects

  /**
   * Translate a virtual address by walking the page tables rooted at `cr3`
   * (default: the current one). Reads physical memory only: no TLB lookup,
   * no A/D bits, no counters. With paging off and no cr3 given, identity.
   */
  translate(vaddr: number, cr3?: number): Translation {
    return pageWalk.translate(this, this.pageRoot(cr3), vaddr);
  }

  /** Read virtual memory through the page tables; unmapped bytes come back with mapped[i] false. */
  readVirt(vaddr: number, length: number, cr3?: number): { bytes: Uint8Array; mapped: boolean[] } {
    return pageWalk.readVirt(this, this.pageRoot(cr3), vaddr, length);
  }

  /** Read a NUL-terminated string from virtual memory (at most `max` bytes). */
  readCString(vaddr: number, max = 256, cr3?: number): string {
    return pageWalk.readCString(this, this.pageRoot(cr3), vaddr, max);
  }

  /** The address space to inspect: the given cr3, else the CPU's own (none while paging is off). */
  private pageRoot(cr3: number | undefined): PageRoot {
    if (cr3 !== undefined) return cr3;
    return (this.getCr(0) & CR0.PG) !== 0 ? this.getCr(3) : null;
  }

  /** The live TLB model entries. */
  tlbEntries(): TlbEntry[] {
    return readTlbEntries(this.core);
  }

  /** The live second-level TLB entries (none when the machine has no STLB). */
  stlbEntries(): TlbEntry[] {
    return readStlbEntries(this.core);
  }

  tlbFlushAll(): void {
    this.core.tlbFlushAll();
  }

  /** Whether the compiled tier counts and runs blocks now: MachineOptions.jit, once jitStartCycles have run. */
  get jitEnabled(): boolean {
    return this.core.jitEnabled() !== 0;
  }

  /**
   * The compiled tier's figures (code cache size and limit, blocks compiled
   * and entered, cycles before it starts), or undefined when it is off.
   */
  jitStats(): MachineJitStats | undefined {
    return this.jit && { ...this.jit.statistics(), startsInCycles: this.tierStartsIn };
  }

  // --------------------------------------------------------------------------
  // Snapshots

  /**
   * The whole machine as bytes: a copy of the core's linear memory, settled
   * first (the core's settle()), so that two machines in the same state give
   * the same bytes whatever slices the host ran them in. Without it the last
   * run() call's bookkeeping (its end cycle, start cycle and eip) is in the
   * copy, and that depends on the slice lengths, which the compiled tier
   * changes whenever it compiles.
   */
  snapshot(): Uint8Array {
    this.core.settle();
    return new Uint8Array(this.core.memory.buffer, 0, this.core.memoryEnd()).slice();
  }

  /** Return to a snapshot taken from a machine with the same options. */
  restore(snapshot: Uint8Array): void {
    if (snapshot.length !== this.core.memoryEnd()) {
      throw new MachineError(
        `snapshot is ${snapshot.length} bytes but this machine's state is ${this.core.memoryEnd()} bytes (different options?)`,
      );
    }
    this.restoreInPlace((state) => state.set(snapshot));
  }

  /**
   * Rewrite the state in place: `write` gets the live bytes [0, memoryEnd)
   * and must leave a state taken from a machine with the same options there
   * (time travel rebuilds checkpoints page by page this way, without a copy).
   */
  restoreInPlace(write: (state: Uint8Array) => void): void {
    this.writeRam(() => write(new Uint8Array(this.core.memory.buffer, 0, this.core.memoryEnd())));
    this.slice = Math.min(this.slice, WARMUP_SLICE);
    this.eventsRead = Math.min(this.eventsRead, this.core.eventCount());
  }
}

function regIndex(r: Register): number {
  if (typeof r === 'number') {
    if (!Number.isInteger(r) || r < 0 || r > 7) throw new MachineError(`register index ${r} is not 0..7`);
    return r;
  }
  const i = REGS32.indexOf(r);
  if (i < 0) throw new MachineError(`unknown register '${r}'`);
  return i;
}

export function hex(n: number, width = 8): string {
  return (n >>> 0).toString(16).padStart(width, '0');
}

export { STOP };
