// The snapshot builders: machine state in, the plain data each view draws
// out (protocol.ts). Each takes what it reads as arguments — the machine,
// where code is (a locate function), the process table read for this
// snapshot — so a builder shows the moment it is given and nothing else.
//
// Rates (guest MIPS, TLB hit rate, misses per 1k instructions) are measured
// over windows of host time by small meters that live as long as a boot.

import { disassemble } from '../../../vm/asm/disassembler.js';
import type { Machine } from '../../../vm/host/machine.js';
import type { Program } from '../../../vm/host/program.js';
import type { AddressSpaceView, CodeView, CpuView, ProcessView, SwitchView, TlbView } from '../shared/protocol.js';
import { addressSpaceView, frameOwners } from './address-space.js';
import type { Located } from './code-map.js';
import { callStack, listing, sourceWindow } from './code-view.js';
import type { CodeContext } from './code-view.js';
import { processView } from './kernel-view.js';
import type { KernelView, ProcRecord } from './kernel-view.js';
import type { SwitchTracker } from './switch-steps.js';

/** Where code at an address comes from, in the current context. */
export type Locate = (addr: number) => Located;

/** x86 eflags bits shown in the CPU view (the core's layout.ts uses the same). */
const FLAG_BITS: [string, number][] = [['CF', 0x1], ['ZF', 0x40], ['SF', 0x80], ['IF', 0x200], ['DF', 0x400], ['OF', 0x800]];
/** Bytes read at eip: the longest instruction. */
const MAX_INSTRUCTION = 12;
/** Host milliseconds over which guest MIPS are measured. */
const MIPS_WINDOW_MS = 500;
/** Host milliseconds over which the TLB rates are measured. */
const TLB_WINDOW_MS = 1000;

/** Guest instructions per host second, in millions, over the last window. */
export class MipsMeter {
  private instret = 0;
  private mips = 0;

  constructor(private t: number) {}

  /** The rate now; 0 while the machine does not run. */
  read(instret: number, t: number, running: boolean): number {
    if (t - this.t >= MIPS_WINDOW_MS) {
      this.mips = (instret - this.instret) / ((t - this.t) * 1000);
      this.t = t;
      this.instret = instret;
    }
    if (!running) this.mips = 0;
    return this.mips;
  }
}

/** The TLB's hit rate, misses per 1k instructions and flushes per million cycles over the last window. */
export class TlbRates {
  private at = { hits: 0, misses: 0, instret: 0, cycles: 0, flushes: 0 };
  hitRate = NaN;
  mpki = 0;
  flushesPerMcycle = 0;

  constructor(private t: number) {}

  update(m: Machine, c: ReturnType<Machine['counters']>, t: number): void {
    if (t - this.t < TLB_WINDOW_MS && !Number.isNaN(this.hitRate)) return;
    const s = this.at;
    const hits = c.TLB_HITS - s.hits;
    const misses = c.TLB_MISSES - s.misses;
    const instr = m.instret - s.instret;
    const cyc = m.cycles - s.cycles;
    const flushCount = c.TLB_FULL_FLUSHES + c.TLB_SINGLE_FLUSHES;
    if (hits + misses > 0) this.hitRate = hits / (hits + misses);
    this.mpki = instr > 0 ? (misses * 1000) / instr : 0;
    this.flushesPerMcycle = cyc > 0 ? ((flushCount - s.flushes) * 1e6) / cyc : 0;
    this.t = t;
    this.at = { hits: c.TLB_HITS, misses: c.TLB_MISSES, instret: m.instret, cycles: m.cycles, flushes: flushCount };
  }
}

/** The CPU view; `locate` is absent before anything booted. */
export function cpuView(m: Machine, locate: Locate | undefined, mips: number): CpuView {
  const eip = m.eip >>> 0;
  const { bytes, mapped } = m.readVirt(eip, MAX_INSTRUCTION);
  const n = mapped.indexOf(false) < 0 ? MAX_INSTRUCTION : mapped.indexOf(false) & ~3;
  const { program, bias } = locate ? locate(eip) : { program: undefined, bias: 0 };
  const ins = n >= 4 ? disassemble(bytes.subarray(0, n), eip, program ? (a) => program.where((a + bias) >>> 0) : undefined)[0] : undefined;
  return {
    regs: m.registers(),
    eip,
    eflags: m.eflags,
    flags: FLAG_BITS.filter(([, bit]) => (m.eflags & bit) !== 0).map(([name]) => name),
    cpl: m.cpl,
    cr0: m.getCr(0),
    cr2: m.getCr(2),
    cr3: m.getCr(3),
    cycles: m.cycles,
    instret: m.instret,
    mips,
    instruction: ins?.text ?? '(unmapped)',
    where: program?.where((eip + bias) >>> 0) ?? '',
  };
}

/** The CPU view before any machine exists. */
export function emptyCpu(): CpuView {
  return {
    regs: {}, eip: 0, eflags: 0, flags: [], cpl: 0, cr0: 0, cr2: 0, cr3: 0, cycles: 0, instret: 0, mips: 0,
    instruction: '', where: '',
  };
}

export interface CodeViewInputs {
  locate: Locate;
  bare: boolean;
  kernel: Program | undefined;
  /** Breakpoint addresses by space name ('kernel', 'bare', a program's). */
  breakpointsIn: (space: string) => Set<number>;
}

/** The Code view: disassembly around eip, its source lines, the call stack. */
export function codeView(m: Machine, inputs: CodeViewInputs): CodeView {
  const eip = m.eip >>> 0;
  const { program, bias, sources } = inputs.locate(eip);
  const space: CodeView['space'] = inputs.bare ? 'bare' : program === inputs.kernel ? 'kernel' : 'user';
  const spaceName = space === 'user' ? (program?.name ?? 'user') : space;
  const bpAddrs = inputs.breakpointsIn(spaceName);
  const ctx: CodeContext = { eip, ebp: m.getReg('ebp'), space, program, bias, breakpoints: bpAddrs, sources };
  const pos = program?.lineFor((eip + bias) >>> 0);
  const bpLines = pos && program
    ? [...bpAddrs].map((a) => program.lineFor((a + bias) >>> 0)).filter((l) => l && l.file === pos.file).map((l) => l!.line)
    : [];
  const view: CodeView = { space, program: spaceName, lines: listing(m, ctx), stack: callStack(m, ctx, inputs.locate) };
  const src = sourceWindow(ctx, bpLines);
  if (src) view.source = src;
  return view;
}

/** The Processes view; `kview` is absent when no kernel booted. */
export function processesView(m: Machine, kview: KernelView | undefined, orphans: ReadonlySet<number>, records: ProcRecord[] | undefined): ProcessView {
  if (!kview) return { rows: [], readyQueue: [], ticks: 0, note: { key: 'proc.note.bare' } };
  return processView(kview, m, orphans, records, { esp: m.getReg('esp'), cpl: m.cpl });
}

/** The pid the Address space view shows: the selected one, else the running one, else the first live one. */
export function shownPid(procs: ProcessView, selected: number | null): number | undefined {
  return selected ?? procs.rows.find((r) => r.current)?.pid ?? procs.rows.find((r) => r.state !== 'zombie' && r.cr3)?.pid;
}

/** The Address space view of process `pid`, from its page tables (`records`: the whole table, for shared frames). */
export function spaceView(
  m: Machine, pid: number | undefined, records: ProcRecord[], procs: ProcessView, programs: ReadonlyMap<string, Program>,
): AddressSpaceView | undefined {
  const p = records.find((r) => r.pid === pid);
  if (!p) return undefined;
  const layout = programs.get(p.name)?.dataLayout();
  const space = addressSpaceView(m, p, layout ? { dataEnd: layout.dataEnd } : undefined, frameOwners(m, records.filter((r) => r.state !== 0)));
  const row = procs.rows.find((r) => r.pid === p.pid);
  space.threadStacks = (row?.threads ?? []).filter((t) => t.esp !== 0).map((t) => ({ tid: t.tid, esp: t.esp }));
  return space;
}

/** The TLB view: live entries, counters, rates, and the flushes since the last one. */
export function tlbView(m: Machine, rates: TlbRates, flushes: TlbView['flushes'], t: number, hardware: string): TlbView {
  const c = m.counters();
  rates.update(m, c, t);
  return {
    entries: m.tlbEntries(),
    size: m.options.tlbEntries,
    counters: c as unknown as Record<string, number>,
    hitRate: rates.hitRate,
    missesPerKiloInstr: rates.mpki,
    flushesPerMcycle: rates.flushesPerMcycle,
    flushes,
    hardware,
  };
}

/** The Context switch view: the seven steps and where the CPU is in them. */
export function switchView(m: Machine, tracker: SwitchTracker, procs: ProcessView | undefined): SwitchView {
  return tracker.view(m.eip >>> 0, m.cpl, procs?.readyQueue ?? []);
}
