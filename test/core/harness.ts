// Test harness for the CPU core: loads vm/core/build/glassbox.wasm in Node,
// builds instruction bytes with vm/isa/encoding.ts (not the assembler, which
// is written in parallel), and gives tests a small machine to poke.
//
//   const m = await TestMachine.create();
//   const p = new Program(0x1000);
//   p.op('MOV_RI', { a: EAX }, 5).op('OUT_IR', { a: EAX, i8: 0xf4 });
//   m.load(p); m.run(1000);

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMS, Form, NO_REG, SIZE_DWORD } from '../../vm/isa/isa.js';
import { blankInstruction, encode } from '../../vm/isa/encoding.js';
import { COUNTER, STOP_NAMES } from '../../vm/isa/machine.js';

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

import { CoreExports, coreExports } from '../../vm/host/core-exports.js';
import { MachineEvent, decodeEvents, oldestInRing } from '../../vm/host/event-ring.js';
import { JitTier } from '../../vm/host/jit/tier.js';

const WASM_PATH = fileURLToPath(new URL('../../vm/core/build/glassbox.wasm', import.meta.url));
let compiled: WebAssembly.Module | undefined;

/** A fresh core instance (each has its own memory). */
export async function instantiateCore(): Promise<CoreExports> {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_PATH));
  const instance = await WebAssembly.instantiate(compiled, {});
  return coreExports(instance);
}

const FORM_BY_NAME = new Map<string, Form>(FORMS.map((f) => [f.name, f]));

export function form(name: string): Form {
  const f = FORM_BY_NAME.get(name);
  if (!f) throw new Error(`no form ${name}`);
  return f;
}

export interface Fields {
  a?: number;
  b?: number;
  x?: number;
  s?: number;
  z?: number;
  i8?: number;
  disp?: number;
}

/** A memory operand [base + index * 2^s + disp] as fields. */
export function mem(base: number | null, disp = 0, index: number | null = null, s = 0): Fields {
  return { b: base ?? NO_REG, x: index ?? NO_REG, s, disp };
}

/** Instruction bytes of one form. imm is the immediate, or a 'rel' offset. */
export function encodeForm(name: string, fields: Fields = {}, imm = 0): Uint8Array {
  const ins = blankInstruction(form(name));
  Object.assign(ins, fields);
  ins.imm = imm | 0;
  return encode(ins);
}

/** A little program builder with labels (branch targets are resolved at build()). */
export class Program {
  private bytes: number[] = [];
  private labels = new Map<string, number>();
  private fixups: { at: number; next: number; label: string }[] = [];
  private absFixups: { at: number; label: string }[] = [];

  constructor(readonly base: number) {}

  get here(): number {
    return this.base + this.bytes.length;
  }

  label(name: string): this {
    this.labels.set(name, this.here);
    return this;
  }

  addr(name: string): number {
    const v = this.labels.get(name);
    if (v === undefined) throw new Error(`no label ${name}`);
    return v;
  }

  /** Emits a form. `imm` may be a number, or a label name for 'rel' forms (or an absolute address in 'i'). */
  op(name: string, fields: Fields = {}, imm: number | string = 0): this {
    const f = form(name);
    const bytes = encodeForm(name, fields, typeof imm === 'number' ? imm : 0);
    if (typeof imm === 'string') {
      const at = this.bytes.length + bytes.length - 4;
      if (f.operands.includes('rel')) this.fixups.push({ at, next: this.bytes.length + bytes.length, label: imm });
      else this.absFixups.push({ at, label: imm });
    }
    this.bytes.push(...bytes);
    return this;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i] & 0xff);
    return this;
  }

  u32(...values: number[]): this {
    for (const v of values) this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  align(n: number): this {
    while (this.bytes.length % n) this.bytes.push(0);
    return this;
  }

  /** Pads with zero bytes up to an absolute address. */
  org(addr: number): this {
    if (addr < this.here) throw new Error(`org ${addr.toString(16)} is behind ${this.here.toString(16)}`);
    while (this.here < addr) this.bytes.push(0);
    return this;
  }

  build(): Uint8Array {
    const out = Uint8Array.from(this.bytes);
    const view = new DataView(out.buffer);
    for (const f of this.fixups) view.setInt32(f.at, this.addr(f.label) - (this.base + f.next), true);
    for (const f of this.absFixups) view.setUint32(f.at, this.addr(f.label), true);
    return out;
  }
}

export interface MachineOptions {
  ramBytes?: number;
  tlbEntries?: number;
  tlbWays?: number;
  tlbPolicy?: number;
  seed?: number;
  /** Second-level TLB entries (0 = none, the default) and ways. */
  stlbEntries?: number;
  stlbWays?: number;
  /**
   * Run with the compiled tier (vm/host/jit/): hot blocks are compiled after
   * each run() call. Default: off, or on with GLASSBOX_TEST_JIT=1 in the
   * environment, which runs every core test under the compiled tier.
   */
  jit?: boolean;
  /** The compiled tier's code cache limit in bytes of WebAssembly (default: the tier's). */
  codeCacheBytes?: number;
}

/** Tests compile blocks early (the machine's default waits for 1000 entries), so short programs reach the tier. */
export const TEST_HOT_THRESHOLD = 20;

/** A core plus conveniences for physical memory, programs, output and events. */
export class TestMachine {
  private eventsSeen = 0;

  /** The host wrote RAM since the last run (the compiled tier's blocks are flushed before the next). */
  private ramWritten = false;
  /** The compiled tier's host half, with opts.jit. */
  readonly tier: JitTier | undefined;

  private constructor(readonly core: CoreExports, jit: boolean, codeCacheBytes?: number) {
    if (jit) {
      this.tier = new JitTier(core, codeCacheBytes);
      core.jitEnable(1, TEST_HOT_THRESHOLD);
    }
  }

  static async create(opts: MachineOptions = {}): Promise<TestMachine> {
    const core = await instantiateCore();
    const rc = core.init(
      opts.ramBytes ?? 4 << 20, opts.tlbEntries ?? 64, opts.tlbWays ?? 4, opts.tlbPolicy ?? 0, opts.seed ?? 1,
      opts.stlbEntries ?? 0, opts.stlbWays ?? 0,
    );
    if (rc !== 0) throw new Error(`init failed: ${rc}`);
    return new TestMachine(core, opts.jit ?? process.env.GLASSBOX_TEST_JIT === '1', opts.codeCacheBytes);
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.core.memory.buffer);
  }

  private get view(): DataView {
    return new DataView(this.core.memory.buffer);
  }

  writePhys(pa: number, data: ArrayLike<number>): void {
    this.bytes.set(data, this.core.ramBase() + pa);
    this.ramWritten = true;
  }

  w32(pa: number, v: number): void {
    this.view.setUint32(this.core.ramBase() + pa, v >>> 0, true);
    this.ramWritten = true;
  }

  r32(pa: number): number {
    return this.view.getUint32(this.core.ramBase() + pa, true);
  }

  r8(pa: number): number {
    return this.bytes[this.core.ramBase() + pa];
  }

  /** Loads a program at its base (physical) and points eip at it. */
  load(p: Program, entry = p.base): void {
    this.writePhys(p.base, p.build());
    this.core.setEip(entry);
  }

  reg(i: number): number {
    return this.core.getReg(i) >>> 0;
  }

  get eip(): number {
    return this.core.getEip() >>> 0;
  }

  run(budget = 1_000_000): string {
    return STOP_NAMES[this.runCore(budget)];
  }

  /** One core.run() call; with the compiled tier, then compiles what became hot (as Machine.run does). */
  runCore(budget: number): number {
    if (this.ramWritten) {
      // As Machine.writePhys does at once: compiled blocks may come from the bytes written.
      this.core.jitFlush();
      this.ramWritten = false;
    }
    const r = this.core.run(budget);
    this.tier?.service();
    return r;
  }

  /** Runs slices until something other than the budget stops it. */
  runToStop(maxCycles = 50_000_000, slice = 1_000_000): string {
    const end = this.core.getCycles() + maxCycles;
    for (;;) {
      const r = this.runCore(slice);
      if (r !== 0 || this.core.getCycles() >= end) return STOP_NAMES[r];
    }
  }

  output(): string {
    const ptr = this.core.consoleOutPtr();
    const len = this.core.consoleOutLen();
    return Buffer.from(this.bytes.slice(ptr, ptr + len)).toString('latin1');
  }

  counter(name: keyof typeof COUNTER): number {
    return this.core.getCounter(COUNTER[name]);
  }

  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(COUNTER)) out[k] = this.core.getCounter(v);
    return out;
  }

  /** Events written since the last call. */
  takeEvents(): MachineEvent[] {
    const total = this.core.eventCount();
    const from = Math.max(this.eventsSeen, oldestInRing(total));
    this.eventsSeen = total;
    return decodeEvents(this.core.memory.buffer, this.core.eventRingPtr(), from, total);
  }

  regs(): number[] {
    return Array.from({ length: 8 }, (_, i) => this.reg(i));
  }

  snapshot(): Uint8Array {
    return this.bytes.slice(0, this.core.memoryEnd());
  }

  restore(snap: Uint8Array): void {
    this.bytes.set(snap);
    this.core.jitFlush();
  }
}

export { NO_REG, SIZE_DWORD };

// ---------------------------------------------------------------------------
// Fixtures: an IDT whose every vector lands in a stub that records the vector
// and halts, a TSS, and page tables built from the host side.

/** Physical layout of the fixtures (all below 64 KiB). */
export const FIX = {
  IDT: 0x1000, // 256 gates
  STUBS: 0x2000, // 16 bytes per vector: mov dword [LAST_VECTOR], n ; hlt
  TSS: 0x3000,
  BOOT: 0x3800, // lidt + ltr + jmp, then the idtr
  LAST_VECTOR: 0x500,
  KSTACK_TOP: 0xa000, // TSS esp0
} as const;

export interface IdtOptions {
  /** Vectors whose gate has DPL 3 (int n allowed from ring 3). */
  dpl3?: number[];
  /** Vectors with a trap gate (IF kept) instead of an interrupt gate. */
  trap?: number[];
  /** Vectors whose gate is not present. */
  absent?: number[];
  /** Handler address overrides (physical = virtual in these tests). */
  handlers?: Record<number, number>;
  /** IDT limit (default 256 * 8 - 1). */
  limit?: number;
}

export function gateWords(handler: number, type: number, dpl: number, present = true): [number, number] {
  const lo = ((handler & 0xffff) | (0x08 << 16)) >>> 0;
  const hi = ((handler & 0xffff0000) | ((present ? 0x80 : 0) | (dpl << 5) | type) << 8) >>> 0;
  return [lo, hi];
}

/** Writes the IDT, the stubs and the TSS, and runs a boot stub that loads them (lidt, ltr), ending at `entry`. */
export function installIdt(m: TestMachine, entry: number, opts: IdtOptions = {}): void {
  for (let v = 0; v < 256; v++) {
    const stub = FIX.STUBS + v * 16;
    m.writePhys(stub, encodeForm('MOV_MI', { ...mem(null, FIX.LAST_VECTOR), z: SIZE_DWORD }, v));
    m.writePhys(stub + 12, encodeForm('HLT'));
    const handler = opts.handlers?.[v] ?? stub;
    const type = opts.trap?.includes(v) ? 0xf : 0xe;
    const dpl = opts.dpl3?.includes(v) ? 3 : 0;
    const [lo, hi] = gateWords(handler, type, dpl, !opts.absent?.includes(v));
    m.w32(FIX.IDT + v * 8, lo);
    m.w32(FIX.IDT + v * 8 + 4, hi);
  }
  m.w32(FIX.TSS + 4, FIX.KSTACK_TOP);
  m.w32(FIX.LAST_VECTOR, 0xffffffff);
  const boot = new Program(FIX.BOOT);
  boot.op('LIDT', mem(null, FIX.BOOT + 0x40))
    .op('MOV_RI', { a: EAX }, FIX.TSS).op('LTR', { a: EAX })
    .op('MOV_RI', { a: EAX }, 0);
  boot.op('JMP', {}, entry - (boot.here + 8))
    .org(FIX.BOOT + 0x40).raw([(opts.limit ?? 0x7ff) & 0xff, ((opts.limit ?? 0x7ff) >> 8) & 0xff]).u32(FIX.IDT);
  m.writePhys(boot.base, boot.build());
  m.core.setEip(FIX.BOOT);
  for (let i = 0; i < 5; i++) m.core.run(1);
  if (m.eip !== entry) throw new Error(`boot stub ended at ${m.eip.toString(16)}`);
}

/** The vector the last stub recorded (0xffffffff if none ran). */
export function lastVector(m: TestMachine): number {
  return m.r32(FIX.LAST_VECTOR);
}

export const PTE = { P: 1, RW: 2, US: 4, A: 0x20, D: 0x40, G: 0x100 } as const;

/** Two-level page tables in guest physical memory, built by the test. */
export class PageTables {
  private next: number;

  /** dir: physical address of the page directory; pool: where new page tables are taken from. */
  constructor(private readonly m: TestMachine, readonly dir: number, pool: number) {
    this.next = pool;
    for (let i = 0; i < 1024; i++) m.w32(dir + i * 4, 0);
  }

  /** Maps one page. pdeFlags default to P|RW|US (so the PTE decides). */
  map(va: number, pa: number, pteFlags: number, pdeFlags = PTE.P | PTE.RW | PTE.US): void {
    const pdeAddr = this.dir + (va >>> 22) * 4;
    let pde = this.m.r32(pdeAddr);
    if (!(pde & PTE.P)) {
      const table = this.next;
      this.next += 0x1000;
      for (let i = 0; i < 1024; i++) this.m.w32(table + i * 4, 0);
      pde = table;
    }
    this.m.w32(pdeAddr, ((pde & ~0xfff) | pdeFlags) >>> 0);
    this.m.w32(this.pteAddr(va), ((pa & ~0xfff) | pteFlags) >>> 0);
  }

  /** Identity-maps [start, end) with the given PTE flags. */
  identity(start: number, end: number, pteFlags: number): void {
    for (let va = start; va < end; va += 0x1000) this.map(va, va, pteFlags);
  }

  pdeAddr(va: number): number {
    return this.dir + (va >>> 22) * 4;
  }

  pteAddr(va: number): number {
    const pde = this.m.r32(this.pdeAddr(va));
    return (pde & ~0xfff) + ((va >>> 12) & 0x3ff) * 4;
  }

  pte(va: number): number {
    return this.m.r32(this.pteAddr(va));
  }

  pde(va: number): number {
    return this.m.r32(this.pdeAddr(va));
  }

  setPte(va: number, value: number): void {
    this.m.w32(this.pteAddr(va), value >>> 0);
  }
}
