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
import { COUNTER, EVENT_RING_CAPACITY, EVENT_WORDS, STOP_NAMES } from '../../vm/isa/machine.js';

export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

/** The exports of the core (see vm/ISA.md). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  init(ramBytes: number, tlbEntries: number, tlbWays: number, tlbPolicy: number, seed: number): number;
  resetCpu(): void;
  setCost(index: number, cycles: number): void;
  getCost(index: number): number;
  ramBase(): number;
  ramSize(): number;
  memoryEnd(): number;
  run(budget: number): number;
  getReg(i: number): number;
  setReg(i: number, v: number): void;
  getEip(): number;
  setEip(v: number): void;
  getEflags(): number;
  setEflags(v: number): void;
  getCpl(): number;
  setCpl(v: number): void;
  getCr(n: number): number;
  setCr(n: number, v: number): void;
  getCycles(): number;
  getInstret(): number;
  getCounter(i: number): number;
  resetCounters(): void;
  exitStatus(): number;
  consoleOutPtr(): number;
  consoleOutLen(): number;
  consoleOutClear(): void;
  consoleInput(byte: number): number;
  raiseIrq(line: number): void;
  setTrace(on: number): void;
  eventRingPtr(): number;
  eventCount(): number;
  addBreakpoint(vaddr: number): number;
  removeBreakpoint(vaddr: number): number;
  clearBreakpoints(): void;
  requestStop(): void;
  tlbSize(): number;
  tlbVpn(i: number): number;
  tlbFrame(i: number): number;
  tlbPcid(i: number): number;
  tlbFlags(i: number): number;
  tlbFlushAll(): void;
}

const WASM_PATH = fileURLToPath(new URL('../../vm/core/build/glassbox.wasm', import.meta.url));
let compiled: WebAssembly.Module | undefined;

/** A fresh core instance (each has its own memory). */
export async function instantiateCore(): Promise<CoreExports> {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_PATH));
  const instance = await WebAssembly.instantiate(compiled, {});
  return instance.exports as unknown as CoreExports;
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
}

export interface CoreEvent {
  kind: number;
  eip: number;
  cycles: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

/** A core plus conveniences for physical memory, programs, output and events. */
export class TestMachine {
  private eventsSeen = 0;

  private constructor(readonly core: CoreExports) {}

  static async create(opts: MachineOptions = {}): Promise<TestMachine> {
    const core = await instantiateCore();
    const rc = core.init(opts.ramBytes ?? 4 << 20, opts.tlbEntries ?? 64, opts.tlbWays ?? 4, opts.tlbPolicy ?? 0, opts.seed ?? 1);
    if (rc !== 0) throw new Error(`init failed: ${rc}`);
    return new TestMachine(core);
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.core.memory.buffer);
  }

  private get view(): DataView {
    return new DataView(this.core.memory.buffer);
  }

  writePhys(pa: number, data: ArrayLike<number>): void {
    this.bytes.set(data, this.core.ramBase() + pa);
  }

  w32(pa: number, v: number): void {
    this.view.setUint32(this.core.ramBase() + pa, v >>> 0, true);
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
    return STOP_NAMES[this.core.run(budget)];
  }

  /** Runs slices until something other than the budget stops it. */
  runToStop(maxCycles = 50_000_000, slice = 1_000_000): string {
    const end = this.core.getCycles() + maxCycles;
    for (;;) {
      const r = this.core.run(slice);
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
  takeEvents(): CoreEvent[] {
    const total = this.core.eventCount();
    const out: CoreEvent[] = [];
    const ptr = this.core.eventRingPtr();
    const view = this.view;
    for (let k = Math.max(this.eventsSeen, total - EVENT_RING_CAPACITY); k < total; k++) {
      const at = ptr + (k % EVENT_RING_CAPACITY) * EVENT_WORDS * 4;
      const w = (i: number) => view.getUint32(at + i * 4, true);
      out.push({ kind: w(0), eip: w(1), cycles: w(2) + w(3) * 2 ** 32, a: w(4), b: w(5), c: w(6), d: w(7) });
    }
    this.eventsSeen = total;
    return out;
  }

  regs(): number[] {
    return Array.from({ length: 8 }, (_, i) => this.reg(i));
  }

  snapshot(): Uint8Array {
    return this.bytes.slice(0, this.core.memoryEnd());
  }

  restore(snap: Uint8Array): void {
    this.bytes.set(snap);
  }
}

export { NO_REG, SIZE_DWORD };
