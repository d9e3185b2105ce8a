// The emulator: one Machine, booted from the system image, run in time
// slices, inspected on demand. It lives in the Web Worker (worker.ts exposes
// it with Comlink) and also runs under Node for the tests.
//
// The run loop never blocks: each tick runs the machine for a few
// milliseconds (or, at a chosen speed, for the instructions that speed
// allows since the last tick), drains console output and events, and
// schedules the next tick as a new task, so messages from the page — pause,
// keys, snapshot requests — are handled in between. Stepping and "run to"
// commands are goals (goals.ts) the loop drives. The page pulls snapshots:
// plain data built from the machine's state at that moment.

import { Machine } from '../../../vm/host/machine.js';
import type { MachineEvent, StopInfo } from '../../../vm/host/machine.js';
import { loadBootImage, standardRamfs } from '../../../vm/host/boot-image.js';
import { KernelNames, kernelNames } from '../../../vm/host/kernel-events.js';
import { symbolizePanic } from '../../../vm/host/panic.js';
import { disassemble } from '../../../vm/asm/disassembler.js';
import { ImageError, SystemImage, unpackImage } from '../shared/image.js';
import type {
  AddressSpaceView, BootTarget, Breakpoint, CodeView, CpuView, EmulatorApi, LoadInfo, LogEntry, ProcessView, Progress,
  RunStatus, RunTarget, Snapshot, StepKind, SwitchView, TlbView, ViewWants,
} from '../shared/protocol.js';
import { addressSpaceView, frameOwners } from './address-space.js';
import { CodeContext, callStack, listing, sourceWindow } from './code-view.js';
import { EventDecoder } from './event-decoder.js';
import { BreakGoal, Goal, LineGoal, StepOutGoal, placeOf } from './goals.js';
import type { GoalMachine } from './goals.js';
import { KERNBASE, KernelView, kernelToPhys, processView } from './kernel-view.js';
import type { ProcRecord } from './kernel-view.js';
import { Program } from '../../../vm/host/program.js';
import { SwitchTracker } from './switch-steps.js';

/** Host milliseconds per tick at full speed: short enough for a responsive page. */
const SLICE_MS = 6;
/** Minimum host milliseconds between ticks at a paced speed. */
const PACE_MS = 16;
/** Below this many instructions per tick, a paced run steps instruction by instruction. */
const STEP_THRESHOLD = 64;
/** Events kept for the page between snapshots (older ones are dropped and counted). */
const MAX_PENDING_EVENTS = 20_000;
/** Heavy views (every process's page tables) are rebuilt at most this often while running. */
const HEAVY_VIEW_MS = 100;
const KERNEL_CMDLINE = 'trace_syscalls=1';

/** x86 eflags bits shown in the CPU view (the core's layout.ts uses the same). */
const FLAG_BITS: [string, number][] = [['CF', 0x1], ['ZF', 0x40], ['SF', 0x80], ['IF', 0x200], ['DF', 0x400], ['OF', 0x800]];

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const now = (): number => performance.now();

export class Emulator implements EmulatorApi {
  private image: SystemImage | undefined;
  private m: Machine | undefined;
  private target: BootTarget | null = null;
  private kernel: Program | undefined;
  private readonly programs = new Map<string, Program>();
  private bareProgram: Program | undefined;
  private names: KernelNames | undefined;
  private kview: KernelView | undefined;
  private tracker = new SwitchTracker(undefined);
  private decoder = new EventDecoder(undefined, () => '');

  private status: RunStatus = 'loading';
  private idle = false;
  private stopNote = '';
  private error: string | undefined;
  private panic: string | undefined;
  private output = '';
  private consoleTail = '';
  private pendingInput: Uint8Array = new Uint8Array(0);
  private events: LogEntry[] = [];
  private eventsDropped = 0;
  private seq = 0;

  private goal: Goal | null = null;
  private userBps: Breakpoint[] = [];
  private activeBps = new Set<number>();
  private speed = 0;
  private allowance = 0;
  private lastPace = 0;
  private sliceCycles = 2_000_000;
  private scheduled = false;
  private readonly channel: MessageChannel | undefined;

  private orphans = new Set<number>();
  private selected: number | null = null;
  private mipsSample = { t: 0, instret: 0, mips: 0 };
  private tlbSample = { t: 0, hits: 0, misses: 0, instret: 0, cycles: 0, flushes: 0, hitRate: NaN, mpki: 0, flushesPerMcycle: 0 };
  private flushes: TlbView['flushes'] = [];
  private heavy: { t: number; space?: AddressSpaceView; key: string } = { t: -Infinity, key: '' };
  /** The process table read once per snapshot (every address lookup needs the current program). */
  private frame: { records: ProcRecord[]; currentPid: number } | undefined;
  /** Views built while paused, reused until the machine moves or the selection changes. */
  private viewCache: { key: string; parts: Partial<Snapshot> } = { key: '', parts: {} };
  /** Program name by page directory: a process keeps both until it execs or exits. */
  private programByCr3 = new Map<number, string | undefined>();
  private bpVersion = 0;

  constructor() {
    if (typeof MessageChannel !== 'undefined') {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => this.tick();
    }
  }

  // --------------------------------------------------------------------------
  // Loading and booting

  async load(imageUrl: string): Promise<LoadInfo> {
    const response = await fetch(imageUrl);
    if (!response.ok) throw new ImageError(`could not load the system image ${imageUrl}: HTTP ${response.status}`);
    return this.loadImage(unpackImage(new Uint8Array(await response.arrayBuffer())));
  }

  /** Take an unpacked image (tests call this directly). */
  async loadImage(image: SystemImage): Promise<LoadInfo> {
    this.image = image;
    this.programs.clear();
    for (const [name, bytes] of image.programs) this.programs.set(name, Program.fromElf(name, bytes));
    this.kernel = image.kernel ? Program.fromElf('kernel', image.kernel) : undefined;
    this.names = image.kernel ? kernelNames((p) => image.texts.get(p)) : undefined;
    this.m ??= await Machine.create({});
    this.m.onOutput = (text) => this.consoleOutput(text);
    const info: LoadInfo = { kernel: !!image.kernel, bare: [...image.bare.keys()], programs: [...image.programs.keys()] };
    if (image.kernelError !== undefined) info.kernelError = image.kernelError;
    return info;
  }

  async boot(target: BootTarget, run: boolean): Promise<void> {
    const image = this.image;
    const m = this.m;
    if (!image || !m) throw new Error('boot before load');
    this.pauseLoop();
    m.reinit();
    this.resetSession();
    this.target = target;
    try {
      if (target.kind === 'kernel') this.bootKernel(image, m);
      else this.bootBare(image, m, target.name);
    } catch (e) {
      this.fail(e);
      return;
    }
    m.setTrace(true);
    this.status = 'paused';
    this.stopNote = target.kind === 'kernel' ? 'at the kernel entry' : `at ${target.name}'s entry`;
    if (run) this.run();
  }

  private bootKernel(image: SystemImage, m: Machine): void {
    if (!image.kernel || !this.kernel) throw new Error(`the kernel did not build:\n${image.kernelError ?? 'no kernel in the image'}`);
    const header = image.texts.get('kernel/include/bootinfo.h');
    if (header === undefined) throw new Error('the image lacks kernel/include/bootinfo.h');
    loadBootImage(m, {
      kernel: image.kernel,
      bootInfoHeader: header,
      ramfs: standardRamfs(image.programs),
      cmdline: KERNEL_CMDLINE,
    });
    this.kview = new KernelView(this.kernel, this.names?.states ?? new Map());
    this.tracker = new SwitchTracker(this.kernel, this.names?.events);
    this.decoder = new EventDecoder(this.names, (va) => this.kernelString(va));
  }

  private bootBare(image: SystemImage, m: Machine, name: string): void {
    const elf = image.bare.get(name);
    if (!elf) throw new Error(`no bare demo named '${name}'`);
    this.bareProgram = Program.fromElf(name, elf);
    const { entry } = m.loadElf(elf);
    m.eip = entry;
    m.setReg('esp', m.ramSize);
    this.decoder = new EventDecoder(undefined, () => '');
  }

  private resetSession(): void {
    this.kview = undefined;
    this.bareProgram = undefined;
    this.tracker = new SwitchTracker(undefined);
    this.goal = null;
    this.idle = false;
    this.error = undefined;
    this.panic = undefined;
    this.output = '\x1bc'; // the terminal's reset sequence: a reboot starts on a clean screen
    this.consoleTail = '';
    this.pendingInput = new Uint8Array(0);
    this.events = [];
    this.eventsDropped = 0;
    this.orphans = new Set();
    this.selected = null;
    this.flushes = [];
    this.activeBps = new Set();
    this.m?.clearBreakpoints();
    this.mipsSample = { t: now(), instret: 0, mips: 0 };
    this.tlbSample = { t: now(), hits: 0, misses: 0, instret: 0, cycles: 0, flushes: 0, hitRate: NaN, mpki: 0, flushesPerMcycle: 0 };
    this.heavy = { t: -Infinity, key: '' };
    this.programByCr3 = new Map();
  }

  async reset(): Promise<void> {
    if (this.target) await this.boot(this.target, true);
  }

  // --------------------------------------------------------------------------
  // Controls

  run(): void {
    if (!this.canRun()) return;
    this.status = 'running';
    this.stopNote = '';
    this.lastPace = now();
    this.allowance = 0;
    this.schedule();
  }

  pause(): void {
    if (this.status !== 'running') return;
    this.goal = null;
    this.stop('paused');
  }

  /** The machine as goals see it: a Machine plus the thread on the CPU. */
  private goalMachine(): GoalMachine {
    const m = this.m!;
    return {
      get eip() {
        return m.eip;
      },
      get cpl() {
        return m.cpl;
      },
      getReg: (r) => m.getReg(r),
      getCr: (n) => m.getCr(n),
      readVirt: (va, len) => m.readVirt(va, len),
      thread: () => (this.kview && !this.kview.problem ? this.kview.currentTid(m) : 0),
    };
  }

  step(kind: StepKind): void {
    if (!this.m || !this.canRun()) return;
    const m = this.goalMachine();
    this.pauseLoop();
    const here = placeOf(m);
    const locate = (a: number) => this.locate(a);
    if (kind === 'over' && here.mnemonic === 'call' && !LineGoal.canStep(locate, here.eip)) {
      // No source line here: step over the call instruction itself.
      const ret = (here.eip + here.length) >>> 0;
      this.startGoal(new StepOutGoal(m, ret, here.esp, (eip) => `stepped over the call, at ${this.describe(eip)}`));
      return;
    }
    if (kind === 'instruction' || ((kind === 'line' || kind === 'over') && !LineGoal.canStep(locate, here.eip))) {
      const info = this.m.step();
      this.drain();
      if (!this.finalStop(info)) this.stop(kind === 'instruction' ? 'stepped one instruction' : 'stepped one instruction (no source line here)');
      return;
    }
    if (kind === 'out') {
      const goal = StepOutGoal.fromFrame(m, (eip) => `returned to ${this.describe(eip)}`);
      if (!goal || (goal.returnAddress >= KERNBASE) !== (here.eip >= KERNBASE)) {
        // Trap entry code has no frame of its own: ebp still holds the interrupted code's.
        this.stop('no caller frame here to return to (ebp does not belong to this code)');
        return;
      }
      this.startGoal(goal);
      return;
    }
    this.startGoal(new LineGoal(m, locate, kind === 'over', here));
  }

  runTo(target: RunTarget): void {
    if (!this.m || !this.canRun()) return;
    const goal = this.runToGoal(target);
    if (typeof goal === 'string') {
      this.stopNote = goal;
      return;
    }
    this.startGoal(goal);
  }

  setSpeed(ips: number): void {
    this.speed = Math.max(0, Math.floor(ips));
    this.allowance = 0;
    this.lastPace = now();
  }

  input(text: string): void {
    const bytes = new TextEncoder().encode(text);
    const joined = new Uint8Array(this.pendingInput.length + bytes.length);
    joined.set(this.pendingInput);
    joined.set(bytes, this.pendingInput.length);
    this.pendingInput = joined;
    this.feedInput();
    if (this.idle) {
      this.idle = false;
      this.schedule();
    }
  }

  toggleBreakpoint(addr: number, space: string): void {
    addr >>>= 0;
    this.bpVersion++;
    const i = this.userBps.findIndex((b) => b.addr === addr && b.space === space);
    if (i >= 0) this.userBps.splice(i, 1);
    else {
      const { program, bias } = space === 'kernel' ? { program: this.kernel, bias: 0 } : this.programByName(space);
      this.userBps.push({ addr, space, where: program?.where((addr + bias) >>> 0) ?? hex(addr) });
    }
    this.syncBreakpoints();
  }

  toggleLineBreakpoint(file: string, line: number, space: string): void {
    const { program } = space === 'kernel' ? { program: this.kernel } : this.programByName(space);
    const addr = program?.addressOfLine(file, line);
    if (addr !== undefined) this.toggleBreakpoint(addr, space);
  }

  select(pid: number | null): void {
    this.selected = pid;
    this.heavy.t = -Infinity;
  }

  async progress(): Promise<Progress> {
    return { instret: this.m?.instret ?? 0, cycles: this.m?.cycles ?? 0, hostMs: now(), status: this.status, idle: this.idle };
  }

  // --------------------------------------------------------------------------
  // The run loop

  private canRun(): boolean {
    return this.status === 'running' || this.status === 'paused';
  }

  private schedule(): void {
    if (this.scheduled || this.status !== 'running' || this.idle) return;
    this.scheduled = true;
    if (this.speed === 0 && this.channel) this.channel.port2.postMessage(0);
    else setTimeout(() => this.tick(), this.speed === 0 ? 0 : PACE_MS);
  }

  private pauseLoop(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  /** One slice of running. Public for tests, which drive the loop by hand. */
  tick(): void {
    this.scheduled = false;
    if (this.status !== 'running' || !this.m) return;
    const t0 = now();
    try {
      this.feedInput();
      if (this.speed === 0) {
        do this.advance(Infinity);
        while (this.status === 'running' && !this.idle && now() - t0 < SLICE_MS);
      } else {
        const t = now();
        this.allowance = Math.min(this.allowance + (this.speed * Math.min(t - this.lastPace, 250)) / 1000, this.speed);
        this.lastPace = t;
        const n = Math.floor(this.allowance);
        this.allowance -= n;
        if (n > 0) this.advance(n);
      }
    } catch (e) {
      this.fail(e);
    }
    this.drain();
    this.schedule();
  }

  /** Run until something happens or `maxInstructions` (at a paced speed) are used. */
  private advance(maxInstructions: number): void {
    const m = this.m!;
    const goal = this.goal;
    if ((goal && goal.wants() === 'step') || maxInstructions < STEP_THRESHOLD) {
      const count = goal ? Math.min(4096, maxInstructions) : maxInstructions;
      for (let i = 0; i < count && this.status === 'running'; i++) {
        const prev = goal ? placeOf(this.goalMachine()) : undefined;
        const info = m.step();
        if (this.finalStop(info)) return;
        if (goal) {
          const note = goal.afterStep(prev!);
          if (note !== undefined) return this.finishGoal(note);
          if (goal.wants() === 'run') return;
        }
        const bp = this.userBreakpointHere();
        if (bp) return this.stop(`breakpoint at ${bp.where}`);
      }
      return;
    }
    this.syncBreakpoints();
    const budget = maxInstructions === Infinity ? this.sliceCycles : maxInstructions * 2;
    const startT = now();
    const info = m.run(budget);
    this.adaptSlice(info, now() - startT);
    if (info.reason === 'breakpoint') {
      const eip = m.eip >>> 0;
      if (goal && goal.breakpoints().includes(eip)) {
        const note = goal.atBreakpoint();
        if (note !== undefined) return this.finishGoal(note);
      }
      const bp = this.userBreakpointHere();
      if (bp) this.stop(`breakpoint at ${bp.where}`);
      return;
    }
    this.finalStop(info);
  }

  /** Keep one core.run() call near a couple of milliseconds. */
  private adaptSlice(info: StopInfo, ms: number): void {
    if (info.reason !== 'budget' || ms <= 0.2) return;
    const perMs = info.cycles / ms;
    this.sliceCycles = Math.max(200_000, Math.min(200_000_000, Math.round(perMs * 2)));
  }

  /** Handle stops that end running (true) — halts, exits, idling. */
  private finalStop(info: StopInfo): boolean {
    switch (info.reason) {
      case 'idle':
        this.idle = true;
        this.drain();
        return true;
      case 'halt':
        this.drain();
        this.goal = null;
        if (this.panic !== undefined) {
          this.status = 'panic';
          this.stopNote = 'kernel panic';
        } else {
          this.status = 'halted';
          this.stopNote = 'hlt with interrupts off: the machine is stopped';
        }
        return true;
      case 'exit':
        this.goal = null;
        this.status = 'exited';
        this.stopNote = `the machine exited with status ${info.exitStatus ?? this.m!.exitStatus}`;
        return true;
      case 'shutdown':
        this.goal = null;
        this.status = 'shutdown';
        this.stopNote = 'triple fault: the machine shut down';
        return true;
      default:
        return false;
    }
  }

  private stop(note: string): void {
    this.status = 'paused';
    this.stopNote = note;
  }

  private startGoal(goal: Goal): void {
    this.goal = goal;
    this.status = 'running';
    this.stopNote = goal.description;
    this.lastPace = now();
    this.schedule();
  }

  private finishGoal(note: string): void {
    this.goal = null;
    this.syncBreakpoints();
    this.stop(note);
  }

  private fail(e: unknown): void {
    this.goal = null;
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
    this.stopNote = 'error';
  }

  private feedInput(): void {
    if (!this.m || this.pendingInput.length === 0) return;
    const n = this.m.input(this.pendingInput);
    this.pendingInput = this.pendingInput.subarray(n);
  }

  // --------------------------------------------------------------------------
  // Breakpoints

  private syncBreakpoints(): void {
    const m = this.m;
    if (!m) return;
    const want = new Set<number>(this.userBps.map((b) => b.addr));
    for (const a of this.goal?.breakpoints() ?? []) want.add(a >>> 0);
    if (want.size === this.activeBps.size && [...want].every((a) => this.activeBps.has(a))) return;
    m.clearBreakpoints();
    for (const a of [...want].slice(0, 64)) m.addBreakpoint(a);
    this.activeBps = want;
  }

  /** A user breakpoint at eip whose space is the code running now. */
  private userBreakpointHere(): Breakpoint | undefined {
    const eip = this.m!.eip >>> 0;
    const candidates = this.userBps.filter((b) => b.addr === eip);
    if (!candidates.length) return undefined;
    const space = this.spaceOf(eip);
    return candidates.find((b) => b.space === space);
  }

  /** 'bare', 'kernel' or the current process's program name for code at eip. */
  private spaceOf(eip: number): string {
    if (this.target?.kind === 'bare') return 'bare';
    if (eip >= KERNBASE || this.m!.cpl === 0) return 'kernel';
    return this.currentProgramName() ?? 'user';
  }

  // --------------------------------------------------------------------------
  // "Run to" goals

  private runToGoal(target: RunTarget): Goal | string {
    const m = this.m!;
    const gm = this.goalMachine();
    if (!this.kernel || this.target?.kind !== 'kernel') return 'run-to needs the kernel (not a bare program)';
    const codes = new Map([...(this.names?.trace ?? [])].map(([n, name]) => [name, n]));
    const traceFn = this.kernel.lookup('trace');
    switch (target) {
      case 'switch':
      case 'timer': {
        if (!this.tracker.available) return 'the kernel has no ctxsw_1_interrupt symbol';
        return new BreakGoal(target === 'switch' ? 'running to the next context switch' : 'running to the next timer interrupt',
          [this.tracker.addresses[0]], () => {
            if (target === 'timer') return 'timer interrupt: switch step 1/7';
            // A switch happens when the interrupt came from user mode and another thread is ready.
            const cs = this.readVirt32(m.getReg('esp') + 4);
            const ready = this.kview?.readGlobal(m, 'ready_len') ?? this.kview?.readyQueue(m).length ?? 1;
            return (cs & 3) === 3 && ready > 0 ? 'context switch: step 1/7 timer interrupt' : undefined;
          });
      }
      case 'switch-step':
        if (!this.tracker.available) return 'the kernel has no ctxsw_* symbols';
        return new BreakGoal('running to the next switch step', this.tracker.stops, () => {
          const step = this.tracker.stepAt(m.eip >>> 0);
          return `context switch: step ${step}/7`;
        });
      case 'syscall': {
        const entry = this.kernel.lookup('vector128');
        if (entry === undefined) return 'the kernel has no vector128 (int 0x80 entry)';
        return new BreakGoal('running to the next system call', [entry], () => {
          const n = m.getReg('eax');
          return `system call ${this.names?.syscalls.get(n) ?? n} (eax=${n}) from pid ${this.kview?.currentPid(m) ?? '?'}`;
        });
      }
      case 'fork':
      case 'exec':
      case 'exit': {
        const code = codes.get(target);
        if (traceFn === undefined || code === undefined) return `the kernel has no trace() or TR_${target.toUpperCase()}`;
        return new BreakGoal(`running to the next ${target}`, [traceFn], () => {
          const esp = m.getReg('esp');
          if (this.readVirt32(esp + 4) !== code) return undefined;
          // Stop in the C function that recorded the event, just after the trace call.
          return new StepOutGoal(gm, this.readVirt32(esp), esp + 4, (eip) => `${target}: stopped in ${this.describe(eip)}`);
        });
      }
    }
  }

  // --------------------------------------------------------------------------
  // Events, output

  private consoleOutput(text: string): void {
    this.output += text;
    this.consoleTail = (this.consoleTail + text).slice(-4096);
    if (this.output.length > 1 << 20) this.output = this.output.slice(-(1 << 19));
  }

  /** Move new events from the core's ring into the log (and what follows from them). */
  private drain(): void {
    const m = this.m;
    if (!m) return;
    const raw: MachineEvent[] = m.takeEvents();
    this.eventsDropped += m.eventsDropped;
    m.eventsDropped = 0;
    for (const ev of raw) {
      const e = this.decoder.decode(ev);
      this.tracker.observe(e);
      if (e.name === 'exec' || e.name === 'exit' || e.name === 'fork') this.programByCr3.clear();
      if (e.name === 'reparent') this.orphans.add(e.args[1]);
      else if (e.name === 'panic') this.panic = e.detail ?? 'kernel panic';
      else if (e.name === 'tlb-flush' || e.name === 'cr3-write') {
        this.flushes.push({ cycle: e.cycle, cause: e.name === 'cr3-write' ? 'cr3 write' : e.detail ?? '', dropped: e.name === 'cr3-write' ? e.args[2] : e.args[1], eventId: e.id });
        if (this.flushes.length > 64) this.flushes.shift();
      }
      this.events.push(e);
    }
    if (this.events.length > MAX_PENDING_EVENTS) {
      this.eventsDropped += this.events.length - MAX_PENDING_EVENTS;
      this.events = this.events.slice(-MAX_PENDING_EVENTS);
    }
  }

  // --------------------------------------------------------------------------
  // Reading the machine

  private readVirt32(vaddr: number): number {
    const { bytes } = this.m!.readVirt(vaddr >>> 0, 4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  }

  private kernelString(vaddr: number): string {
    if (vaddr < KERNBASE || !this.m) return '';
    const bytes = this.m.readPhys(kernelToPhys(vaddr), 128);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
  }

  private currentProgramName(): string | undefined {
    const m = this.m;
    if (!m || !this.kview || this.kview.problem) return undefined;
    const cr3 = m.getCr(3);
    if (this.programByCr3.has(cr3)) return this.programByCr3.get(cr3);
    const f = this.frame ?? { records: this.kview.processes(m), currentPid: this.kview.currentPid(m) };
    const name = f.records.find((p) => p.pid === f.currentPid)?.name;
    // Only in user mode is curproc surely the owner of cr3 (sched sets curproc before swtch loads cr3).
    if (m.cpl === 3) this.programByCr3.set(cr3, name);
    return name;
  }

  private programByName(name: string): { program?: Program; bias: number } {
    if (name === 'bare') return { program: this.bareProgram, bias: 0 };
    return { program: this.programs.get(name), bias: 0 };
  }

  /** The program whose code is at addr in the current context, and the bias to find it there. */
  private locate(addr: number): { program?: Program; bias: number } {
    if (this.target?.kind === 'bare') return { program: this.bareProgram, bias: 0 };
    if (addr >= KERNBASE) return { program: this.kernel, bias: 0 };
    const m = this.m!;
    if ((m.getCr(0) & 0x8000_0000) === 0 || (m.cpl === 0 && this.kernel?.contains(addr + KERNBASE))) {
      return { program: this.kernel, bias: KERNBASE };
    }
    const name = this.currentProgramName();
    return { program: name ? this.programs.get(name) : undefined, bias: 0 };
  }

  private describe(eip: number): string {
    const { program, bias } = this.locate(eip);
    const where = program?.where((eip + bias) >>> 0);
    const pos = program?.lineFor((eip + bias) >>> 0);
    return `${where ?? hex(eip)}${pos ? ` (${pos.file}:${pos.line})` : ''}`;
  }

  // --------------------------------------------------------------------------
  // Snapshots

  async snapshot(wants: ViewWants): Promise<Snapshot> {
    const m = this.m;
    try {
      const heavy = Object.values(wants).some(Boolean);
      if (heavy && m && this.kview && !this.kview.problem && this.target?.kind === 'kernel') {
        this.frame = { records: this.kview.processes(m), currentPid: this.kview.currentPid(m) };
      }
      const snap: Snapshot = {
        seq: ++this.seq,
        status: this.status,
        idle: this.idle,
        stopNote: this.stopNote,
        target: this.target,
        output: this.output,
        events: this.events,
        eventsDropped: this.eventsDropped,
        cpu: m ? this.cpuView(m) : emptyCpu(),
        views: [],
        breakpoints: this.userBps,
        selectedPid: this.selected,
        speed: this.speed,
      };
      this.output = '';
      this.events = [];
      this.eventsDropped = 0;
      if (this.error !== undefined) snap.error = this.error;
      if (this.panic !== undefined) snap.panic = this.panicText();
      if (!m || !this.target || this.status === 'error') return snap;
      this.addViews(m, snap, wants);
      return snap;
    } finally {
      this.frame = undefined;
    }
  }

  /** The views the page shows; while stopped, built once per machine state and reused. */
  private addViews(m: Machine, snap: Snapshot, wants: ViewWants): void {
    const key = `${m.cycles}:${m.instret}:${this.selected}:${this.bpVersion}:${this.status}`;
    if (key !== this.viewCache.key || this.status === 'running') this.viewCache = { key, parts: {} };
    const parts = this.viewCache.parts;
    try {
      if (wants.code) snap.code = parts.code ??= this.codeView(m);
      const procs = wants.processes || wants.space || wants.switch ? (parts.processes ??= this.processView(m)) : undefined;
      if (wants.processes) snap.processes = procs;
      if (wants.space) {
        if (!('space' in parts)) parts.space = this.spaceView(m, procs);
        if (parts.space) snap.space = parts.space;
      }
      if (wants.switch) snap.switch = parts.switch ??= this.switchView(m, procs);
      if (wants.tlb) snap.tlb = this.tlbView(m);
    } catch (e) {
      snap.error = `reading the machine failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    snap.views = (Object.keys(wants) as (keyof ViewWants)[]).filter((k) => wants[k]);
  }

  private panicText(): string {
    const tail = this.consoleTail.slice(Math.max(0, this.consoleTail.lastIndexOf('panic') - 200));
    const symbolized = this.image?.kernel ? symbolizePanic(tail, this.image.kernel) : tail;
    return `${this.panic}\n\n${symbolized.trim()}`;
  }

  private cpuView(m: Machine): CpuView {
    const regs = m.registers();
    const t = now();
    const s = this.mipsSample;
    if (t - s.t >= 500) {
      s.mips = (m.instret - s.instret) / ((t - s.t) * 1000);
      s.t = t;
      s.instret = m.instret;
    }
    if (this.status !== 'running') s.mips = 0;
    const eip = m.eip >>> 0;
    const { bytes, mapped } = m.readVirt(eip, 12);
    const n = mapped.indexOf(false) < 0 ? 12 : mapped.indexOf(false) & ~3;
    const { program, bias } = this.target ? this.locate(eip) : { program: undefined, bias: 0 };
    const ins = n >= 4 ? disassemble(bytes.subarray(0, n), eip, program ? (a) => program.where((a + bias) >>> 0) : undefined)[0] : undefined;
    return {
      regs,
      eip,
      eflags: m.eflags,
      flags: FLAG_BITS.filter(([, bit]) => (m.eflags & bit) !== 0).map(([name]) => name),
      cpl: m.cpl,
      cr0: m.getCr(0),
      cr2: m.getCr(2),
      cr3: m.getCr(3),
      cycles: m.cycles,
      instret: m.instret,
      mips: s.mips,
      instruction: ins?.text ?? '(unmapped)',
      where: program?.where((eip + bias) >>> 0) ?? '',
    };
  }

  private codeView(m: Machine): CodeView {
    const eip = m.eip >>> 0;
    const { program, bias } = this.locate(eip);
    const space: CodeView['space'] = this.target?.kind === 'bare' ? 'bare' : program === this.kernel ? 'kernel' : 'user';
    const spaceName = space === 'user' ? (program?.name ?? 'user') : space;
    const bpAddrs = new Set(this.userBps.filter((b) => b.space === spaceName).map((b) => b.addr));
    const ctx: CodeContext = {
      eip, ebp: m.getReg('ebp'), space, program, bias, breakpoints: bpAddrs, sources: this.image?.texts ?? new Map(),
    };
    const pos = program?.lineFor((eip + bias) >>> 0);
    const bpLines = pos && program
      ? [...bpAddrs].map((a) => program.lineFor((a + bias) >>> 0)).filter((l) => l && l.file === pos.file).map((l) => l!.line)
      : [];
    const view: CodeView = {
      space,
      program: spaceName,
      lines: listing(m, ctx),
      stack: callStack(m, ctx, (a) => this.locate(a)),
    };
    const src = sourceWindow(ctx, bpLines);
    if (src) view.source = src;
    return view;
  }

  private processView(m: Machine): ProcessView {
    if (this.target?.kind !== 'kernel' || !this.kview) {
      return { rows: [], readyQueue: [], ticks: 0, note: 'a bare program runs alone: no kernel, no processes' };
    }
    return processView(this.kview, m, this.orphans, this.frame?.records, { esp: m.getReg('esp'), cpl: m.cpl });
  }

  private spaceView(m: Machine, procs: ProcessView | undefined): AddressSpaceView | undefined {
    if (!this.kview || !procs || this.kview.problem) return undefined;
    const pid = this.selected ?? procs.rows.find((r) => r.current)?.pid ?? procs.rows.find((r) => r.state !== 'zombie' && r.cr3)?.pid;
    const key = `${pid}`;
    const t = now();
    if (this.status === 'running' && this.heavy.key === key && t - this.heavy.t < HEAVY_VIEW_MS) return this.heavy.space;
    const records = this.frame?.records ?? this.kview.processes(m);
    const p = records.find((r) => r.pid === pid);
    let space: AddressSpaceView | undefined;
    if (p) {
      const prog = this.programs.get(p.name);
      const layout = prog?.dataLayout();
      space = addressSpaceView(m, p, layout ? { dataEnd: layout.dataEnd } : undefined, frameOwners(m, records.filter((r) => r.state !== 0)));
      const row = procs?.rows.find((r) => r.pid === p.pid);
      space.threadStacks = (row?.threads ?? []).filter((t) => t.esp !== 0).map((t) => ({ tid: t.tid, esp: t.esp }));
    }
    this.heavy = { t, space, key };
    return space;
  }

  private tlbView(m: Machine): TlbView {
    const c = m.counters();
    const t = now();
    const s = this.tlbSample;
    if (t - s.t >= 1000 || Number.isNaN(s.hitRate)) {
      const hits = c.TLB_HITS - s.hits;
      const misses = c.TLB_MISSES - s.misses;
      const instr = m.instret - s.instret;
      const cyc = m.cycles - s.cycles;
      const flushCount = c.TLB_FULL_FLUSHES + c.TLB_SINGLE_FLUSHES;
      if (hits + misses > 0) s.hitRate = hits / (hits + misses);
      s.mpki = instr > 0 ? (misses * 1000) / instr : 0;
      s.flushesPerMcycle = cyc > 0 ? ((flushCount - s.flushes) * 1e6) / cyc : 0;
      Object.assign(s, { t, hits: c.TLB_HITS, misses: c.TLB_MISSES, instret: m.instret, cycles: m.cycles, flushes: flushCount });
    }
    const flushes = this.flushes;
    this.flushes = [];
    return {
      entries: m.tlbEntries(),
      size: m.options.tlbEntries,
      counters: c as unknown as Record<string, number>,
      hitRate: s.hitRate,
      missesPerKiloInstr: s.mpki,
      flushesPerMcycle: s.flushesPerMcycle,
      flushes,
    };
  }

  private switchView(m: Machine, procs: ProcessView | undefined): SwitchView {
    return this.tracker.view(m.eip >>> 0, m.cpl, procs?.readyQueue ?? []);
  }
}

function emptyCpu(): CpuView {
  return {
    regs: {}, eip: 0, eflags: 0, flags: [], cpl: 0, cr0: 0, cr2: 0, cr3: 0, cycles: 0, instret: 0, mips: 0,
    instruction: '', where: '',
  };
}
