// What the page and the machine's worker say to each other.
//
// The worker owns the Machine and runs it in time slices; the page asks for
// a Snapshot once per display frame and draws it. A snapshot is plain data
// (structured-clone friendly: no classes, no functions), small enough to
// copy sixty times a second: each view's part is present only when the page
// says it shows that view, console output and events come as "what is new
// since the last snapshot", and the expensive parts (page tables of every
// process) are refreshed at a lower rate while the machine runs.

import type { TlbEntry } from '../../../vm/host/tlb-view.js';
import type { EventCategory } from '../../../vm/host/event-schema.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import type { BootTarget } from '../../../vm/host/debug/code-map.js';
import type { RunTarget, StepKind } from '../../../vm/host/debug/step-commands.js';
import type { Message } from './i18n/i18n.js';

export type { Message };
import type { ReverseTarget } from '../../../vm/host/debug/reverse-targets.js';

/** What the machine is doing. */
export type RunStatus =
  | 'loading'   // fetching the image, compiling the core
  | 'running'   // executing (or waiting for console input: see `idle`)
  | 'paused'    // stopped by the user, a breakpoint or a step
  | 'halted'    // hlt with interrupts off (a bare program's end, or a halt without panic)
  | 'panic'     // the kernel panicked
  | 'exited'    // a write to the exit port
  | 'shutdown'  // triple fault
  | 'error';    // the host failed (bad image, core missing): see `error`

export type { BootTarget };

/** How far a step goes, and what "run to next …" can stop at (vm/host/debug/step-commands.ts). */
export type { StepKind, RunTarget };

/** "Back to the previous …" (vm/host/debug/reverse-targets.ts): a run-to target or a TLB flush. */
export type { ReverseTarget };

/** A step back: one instruction, a C line (into calls / over them), out of the function, to the previous breakpoint hit. */
export type BackKind = 'instruction' | 'line' | 'over' | 'out' | 'continue';

/** How far back the machine can go and what the recording costs (web/src/worker/time-travel.ts). */
export interface TimeTravelInfo {
  /** The earliest cycle the machine can go back to. */
  oldestCycle: number;
  /** The furthest cycle reached: the machine can go anywhere in [oldestCycle, frontier]. */
  frontier: number;
  /** Bytes the checkpoints take, with the state at boot kept for session files. */
  usedBytes: number;
  /** What the checkpoints may take (the setting). */
  budgetBytes: number;
  checkpoints: number;
  /** Inputs recorded (typed text, installed files). */
  inputs: number;
}

/** A session file made by the worker, or why it could not be. */
export type SessionSave = { ok: true; bytes: Uint8Array; cycle: number } | { ok: false; message: string };
/** A session opened: where it stands, and what it runs (the toolbar's boot target follows). */
export type SessionOpen = { ok: true; cycle: number; target: BootTarget } | { ok: false; message: string };

// Event categories are the event schema's (trace.h lines name them).
export { EVENT_CATEGORIES } from '../../../vm/host/event-schema.js';
export type { EventCategory } from '../../../vm/host/event-schema.js';

/** One line of the event log, linked to its cycle. */
export interface LogEntry {
  /** Sequence number since boot (stable: the timeline links to it). */
  id: number;
  cycle: number;
  eip: number;
  category: EventCategory;
  /** Short name: fork, exec, state, interrupt, cr3-write, tlb-flush, cs_pick, … */
  name: string;
  /** The process it concerns, when known. */
  pid?: number;
  text: string;
  /** For state changes: the new state's display name; for exec: the path. */
  detail?: string;
  /** Raw arguments (kernel events: code's arguments; machine events: a..d). */
  args: [number, number, number, number];
  /** The arguments by their schema names (trace.h, vm/isa/machine.ts): read these, not args by position. */
  values: Record<string, number>;
  /** For a context-switch step: its number (1 = timer interrupt). */
  step?: number;
}

export interface CpuView {
  regs: Record<string, number>;
  eip: number;
  eflags: number;
  /** Flag letters set in eflags: CF ZF SF OF IF … */
  flags: string[];
  cpl: number;
  cr0: number;
  cr2: number;
  cr3: number;
  cycles: number;
  instret: number;
  /** Guest instructions per host second over the last second, in millions. */
  mips: number;
  /** The instruction at eip, disassembled. */
  instruction: string;
  /** `function+off` at eip, when known. */
  where: string;
}

export interface CodeLine {
  addr: number;
  bytes: string;
  text: string;
  current: boolean;
  breakpoint: boolean;
  /** Set on the first instruction of a source line: "file:line". */
  source?: string;
  /** The function a symbol starts here. */
  label?: string;
}

export interface SourceWindow {
  file: string;
  /** The current line (1-based). */
  line: number;
  first: number;
  lines: string[];
  /** Lines (1-based) that have a breakpoint on their first instruction. */
  breakpoints: number[];
  /** Lines that have code (a click can set a breakpoint there). */
  codeLines: number[];
}

export interface Frame {
  addr: number;
  where: string;
  file?: string;
  line?: number;
}

export interface CodeView {
  /** 'kernel', 'user' (the current process's program) or 'bare'. */
  space: 'kernel' | 'user' | 'bare';
  program: string;
  lines: CodeLine[];
  source?: SourceWindow;
  stack: Frame[];
}

export interface ThreadRow {
  tid: number;
  state: string;
  stateLabel: string;
  /** The thread's user stack pointer (saved in its trap frame, or esp if it runs in user mode now). */
  esp: number;
}

export interface ProcRow {
  pid: number;
  ppid: number;
  /** PSTATE_* name, lower case: new ready running waiting zombie stopped. */
  state: string;
  /** The article's name: New Ready Running Waiting Terminated (Zombie). */
  stateLabel: string;
  /** ps STAT letter: R S Z (N for New, D-like waits are S). */
  stat: string;
  name: string;
  cycles: number;
  /** Re-parented to init after its parent exited. */
  orphan: boolean;
  current: boolean;
  /** Physical address of its page directory. */
  cr3: number;
  /** Its threads, first thread (tid = pid) first. */
  threads: ThreadRow[];
}

export interface ProcessView {
  rows: ProcRow[];
  /** Thread ids on the ready queue, front first (a process's first thread has tid = pid). */
  readyQueue: number[];
  ticks: number;
  /** Why the table is empty (no kernel, no debug info, …). */
  note?: Message;
}

export type RegionKind = 'null' | 'code' | 'data' | 'bss' | 'heap' | 'free' | 'guard' | 'stack' | 'kernel';

export interface Region {
  kind: RegionKind;
  start: number;
  /** Exclusive. */
  end: number;
  /** Present pages in it. */
  pages: number;
  /** Pages whose frame another live process maps too. */
  shared: number;
}

export interface PteRow {
  vaddr: number;
  frame: number;
  present: boolean;
  rw: boolean;
  us: boolean;
  accessed: boolean;
  dirty: boolean;
  global: boolean;
  region: RegionKind;
  /** Other pids mapping the same frame. */
  sharedWith: number[];
}

export interface AddressSpaceView {
  pid: number;
  name: string;
  cr3: number;
  regions: Region[];
  ptes: PteRow[];
  /** Present kernel pages (above 0xC0000000), summarized. */
  kernelPages: number;
  /** Each thread's user stack pointer: the pages they point into are its stack. */
  threadStacks: { tid: number; esp: number }[];
  note?: Message;
}

/** One live TLB model entry, exactly as the host Machine reports it. */
export type TlbRow = TlbEntry;

export interface TlbView {
  entries: TlbRow[];
  size: number;
  counters: Record<string, number>;
  /** hits / (hits + misses) over the last second (NaN when there were no lookups). */
  hitRate: number;
  /** Misses per thousand instructions over the last second. */
  missesPerKiloInstr: number;
  /** Flushes (full and single) per million guest cycles over the last second. */
  flushesPerMcycle: number;
  /** Flushes since the last snapshot, with their cause. */
  flushes: { cycle: number; cause: string; dropped: number; eventId: number }[];
  /** The hardware the machine booted with, in words (describeHardware). */
  hardware: string;
}

export interface SwitchStepInfo {
  step: number;
  /** trace.h's title (the page shows the catalogue's switch.step.N in its language). */
  title: string;
  /** What this step does / did to the machine, from the real state. */
  detail: Message;
  done: boolean;
}

export interface SwitchView {
  /** 1..7 when the CPU is inside a context switch, else 0. */
  current: number;
  /** In kernel code between two steps: `current` is done, the next not begun. */
  between: boolean;
  steps: SwitchStepInfo[];
  /** Thread ids (tid = pid for a process's first thread) switched from and to. */
  fromPid?: number;
  toPid?: number;
  available: boolean;
}

export interface Breakpoint {
  addr: number;
  /** 'kernel', 'bare' or a program name (user breakpoints stop only in that program). */
  space: string;
  where: string;
  /** The C (or assembly) line it was set on, when addr is that line's first instruction. */
  file?: string;
  line?: number;
}

/** Which parts a snapshot should carry (the page's open views). */
export interface ViewWants {
  code?: boolean;
  processes?: boolean;
  space?: boolean;
  tlb?: boolean;
  switch?: boolean;
}

export interface Snapshot {
  seq: number;
  status: RunStatus;
  /** The guest waits for console input (running, but nothing to do). */
  idle: boolean;
  /** Why the machine last stopped (or what it runs for), for the page to translate; absent: nothing to say. */
  stopNote?: Message;
  target: BootTarget | null;
  error?: string;
  panic?: string;
  /** Console output since the last snapshot. */
  output: string;
  /** Events since the last snapshot (oldest first). */
  events: LogEntry[];
  /** Events the worker dropped because the page fell behind. */
  eventsDropped: number;
  /** The future was rewritten at `cycle`: forget the events with id `id` and later (before adding `events`). */
  forget?: { id: number; cycle: number };
  /** Time travel: where the machine can go, and the id its next event will have (the log's later ones are its future). */
  timeTravel?: TimeTravelInfo & { nextEventId: number };
  cpu: CpuView;
  /** The view parts this snapshot carries (the page asks for the heavy ones less often while running). */
  views: (keyof ViewWants)[];
  code?: CodeView;
  processes?: ProcessView;
  space?: AddressSpaceView;
  tlb?: TlbView;
  switch?: SwitchView;
  breakpoints: Breakpoint[];
  selectedPid: number | null;
  /** Instructions per second the speed setting aims at (0 = full speed). */
  speed: number;
  /** The hardware the machine booted with. */
  hardware: HardwareConfig;
}

export interface LoadInfo {
  kernel: boolean;
  kernelError?: string;
  bare: string[];
  programs: string[];
}

export interface Progress {
  instret: number;
  cycles: number;
  /** The worker's performance.now(). */
  hostMs: number;
  status: RunStatus;
  idle: boolean;
}

/** A source file's text, by the name a line table gives it. */
export interface SourceText {
  path: string;
  text: string;
}

/** What installing a program into /bin of the running machine came to. */
/** An install's result; a failure says why as a message the page translates (vm/host/install-messages.ts, the page's app.install.*). */
export type InstallOutcome = { ok: true; path: string; size: number; cycle: number } | { ok: false; message: Message };

/** A command line typed into the guest's shell and what it printed until the prompt came back. */
export interface CommandRun {
  line: string;
  /** The console output after the typed line, up to (not including) the next prompt. */
  output: string;
  /** 'prompt': the shell came back; 'stopped': the machine stopped (panic, halt, error) first. */
  ended: 'prompt' | 'stopped';
  /** Host milliseconds from typing the line to the prompt. */
  hostMs: number;
  /** Guest cycles and instructions the run took. */
  cycles: number;
  instructions: number;
  /** TLB misses and flushes (full + single) during the run, from the core's counters. */
  tlbMisses: number;
  tlbFlushes: number;
  /** The hardware it ran on, and that in words. */
  hardware: HardwareConfig;
  hardwareText: string;
}

/** What this host spends per TLB miss and flush (calibration.ts): host time, unlike guest cycles. */
export interface HostCalibration {
  nsPerMiss: number;
  /** A full flush with the refill of the pages touched after it (see `how`). */
  nsPerFlush: number;
  /** How it was measured, in words. */
  how: string;
}

/** The worker's API (exposed with Comlink). */
export interface EmulatorApi {
  /** Fetch the system image and compile the core. */
  load(imageUrl: string): Promise<LoadInfo>;
  /**
   * Reset the machine and boot the target; runs when `run` is true. With
   * `hardware`, the machine is rebuilt with that configuration first
   * (otherwise it keeps the one it has).
   */
  boot(target: BootTarget, run: boolean, hardware?: HardwareConfig): Promise<void>;
  reset(): Promise<void>;
  run(): void;
  pause(): void;
  step(kind: StepKind): void;
  runTo(target: RunTarget): void;
  /** Instructions per second (0 = full speed). */
  setSpeed(ips: number): void;
  input(text: string): void;
  /** Toggle a breakpoint at a code address in the given space (see Breakpoint.space). */
  toggleBreakpoint(addr: number, space: string): void;
  /**
   * Toggle a breakpoint on a source line of a program (the one the Code view
   * shows, or the Editor's installed one); false when the line has no code.
   */
  toggleLineBreakpoint(file: string, line: number, space: string): boolean;
  select(pid: number | null): void;
  snapshot(wants: ViewWants): Promise<Snapshot>;
  /** Guest instructions retired since boot and the host time, for speed measurements. */
  progress(): Promise<Progress>;
  /**
   * Type `line` into the guest's shell (it shows in the terminal like any
   * typing) and resolve with its output once the shell's prompt returns.
   */
  runCommand(line: string): Promise<CommandRun>;
  /**
   * Install a program into /bin of the running kernel through the host file
   * channel (vm/host/install.ts): the kernel's driver writes the file; the
   * machine runs until it answers. The program's symbols, lines and source
   * texts (`sources`, by the names its line table uses: none for an uploaded
   * ELF) join the Code view's, so it can be stepped at C-line level.
   */
  install(name: string, elf: Uint8Array, sources?: SourceText[]): Promise<InstallOutcome>;
  /** Measure this host's time per TLB miss and flush on a scratch machine. */
  calibrate(): Promise<HostCalibration>;
  /** Step back (time travel: the machine goes to an earlier cycle, which every view then shows). */
  back(kind: BackKind): void;
  /** Go back to the previous switch, fork, exec, exit, system call, switch step or TLB flush. */
  backTo(target: ReverseTarget): void;
  /** Go to a cycle between the oldest reachable and the furthest reached (the timeline's and event log's clicks). */
  goTo(cycle: number): void;
  /** The checkpoints' budget in MiB for the next boot. */
  setTimeTravelBudget(mib: number): void;
  /** The recording as a session file (vm/host/timetravel/session-file.ts). */
  saveSession(): Promise<SessionSave>;
  /** Replay a session file to its cycle in place of the running machine, which is kept when the file is bad. */
  openSession(bytes: Uint8Array): Promise<SessionOpen>;
  /** How long the worker's start took, phase by phase (host milliseconds). */
  startupTimes(): Promise<StartupTimes>;
}

/**
 * The worker's start, in host milliseconds: fetching the image (until its
 * last byte), decompressing and unpacking it, reading its programs' ELF,
 * compiling the core, and booting until the guest first waits for input
 * (the shell's prompt; measured when a snapshot sees it). A phase not yet
 * reached is absent.
 */
export interface StartupTimes {
  fetch?: number;
  unpack?: number;
  library?: number;
  core?: number;
  boot?: number;
}
