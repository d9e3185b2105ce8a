// One boot of the machine: the system image's programs, the target loaded
// into the machine, and the parts that follow it until the next boot — the
// console, the event log, the code map, the switch-step tracker and the
// views' state. A reboot builds a new session, so nothing of the last boot
// can leak into the next; what outlives a boot (the user's breakpoints, the
// speed) lives in the Emulator.
//
// A boot that fails still makes a session: it shows the error and the
// machine as it is, and never runs.
//
// A session that runs records (time-travel.ts): every move and every input
// goes through its recorder, and after a jump to another cycle (jumped())
// the parts that follow events are put back to that cycle.

import { loadBootImage, standardRamfs } from '../../../vm/host/boot-image.js';
import { HardwareConfig, withKernelArgs } from '../../../vm/host/hardware.js';
import { kernelNames } from '../../../vm/host/kernel-events.js';
import type { KernelNames } from '../../../vm/host/kernel-events.js';
import { symbolizePanic } from '../../../vm/host/panic.js';
import type { Machine } from '../../../vm/host/machine.js';
import { Program } from '../../../vm/host/program.js';
import type { SystemImage } from '../shared/image.js';
import type { Breakpoint, BootTarget } from '../shared/protocol.js';
import type { Breakpoints } from './breakpoints.js';
import { CodeMap } from './code-map.js';
import { EventDecoder } from './event-decoder.js';
import { EventLog } from './event-log.js';
import type { GoalMachine } from './goals.js';
import { GuestConsole } from './guest-console.js';
import { KERNBASE, KernelView, kernelToPhys } from './kernel-view.js';
import type { Stage } from './run-loop.js';
import { ViewParts } from './snapshot.js';
import type { ViewSources } from './snapshot.js';
import type { DebugContext } from './step-commands.js';
import { goalMachineOf } from './step-commands.js';
import { SwitchTracker } from './switch-steps.js';
import { ProgramShelf } from './program-shelf.js';
import { TimeTravel } from './time-travel.js';
import type { StopInfo } from '../../../vm/host/machine.js';

/** What the page's kernel is always told: report system calls, for the event log. */
const KERNEL_CMDLINE = 'trace_syscalls=1';

/**
 * The kernel command line for a hardware configuration: the one place it is
 * built. The choices the kernel makes itself (PCID, global pages) join the
 * page's own words (vm/host/hardware.ts withKernelArgs).
 */
export function kernelCommandLine(config: HardwareConfig): string {
  return withKernelArgs(config, KERNEL_CMDLINE);
}
/** Longest kernel string an event names (a path, a panic message). */
const KERNEL_STRING_MAX = 128;
/** Console text before the word "panic" kept with a panic's message. */
const PANIC_CONTEXT = 200;

/** The system image with its programs, each parsed once when first needed (symbols, lines, debug info). */
export interface Library {
  readonly image: SystemImage;
  /** The image's, by /bin name (a boot's installs join its session's shelf, not this). */
  readonly programs: ReadonlyMap<string, Program>;
  readonly kernel: Program | undefined;
  readonly names: KernelNames | undefined;
}

export function openLibrary(image: SystemImage): Library {
  const programs = new Map<string, Program>();
  for (const [name, bytes] of image.programs) programs.set(name, Program.deferred(name, bytes));
  return {
    image,
    programs,
    kernel: image.kernel ? Program.fromElf('kernel', image.kernel) : undefined,
    names: image.kernel ? kernelNames((p) => image.texts.get(p)) : undefined,
  };
}

/** What loading a target leaves for reading the machine. */
interface Loaded {
  bare?: Program;
  kview?: KernelView;
  tracker: SwitchTracker;
  decoder: EventDecoder;
}

/** What reading a booted kernel takes (nothing is written into the machine). */
function kernelParts(m: Machine, lib: Library): Loaded {
  const { image, kernel } = lib;
  if (!image.kernel || !kernel) throw new Error(`the kernel did not build:\n${image.kernelError ?? 'no kernel in the image'}`);
  return {
    kview: new KernelView(kernel, lib.names?.states ?? new Map()),
    tracker: new SwitchTracker(kernel, lib.names?.events),
    decoder: new EventDecoder(lib.names, (va) => kernelString(m, va)),
  };
}

/** Load the target into a freshly reset machine; throws why it cannot. */
function loadTarget(m: Machine, lib: Library, target: BootTarget, hardware: HardwareConfig): Loaded {
  if (target.kind === 'kernel') {
    const parts = kernelParts(m, lib);
    const header = lib.image.texts.get('kernel/include/bootinfo.h');
    if (header === undefined) throw new Error('the image lacks kernel/include/bootinfo.h');
    loadBootImage(m, { kernel: lib.image.kernel!, bootInfoHeader: header, ramfs: standardRamfs(lib.image.programs), cmdline: kernelCommandLine(hardware) });
    return parts;
  }
  const elf = lib.image.bare.get(target.name);
  if (!elf) throw new Error(`no bare demo named '${target.name}'`);
  const { entry } = m.loadElf(elf);
  m.eip = entry;
  m.setReg('esp', m.ramSize);
  return bareParts(target.name, elf);
}

/** What reading a bare program's machine takes: its symbols and lines (no kernel, no processes). */
function bareParts(name: string, elf: Uint8Array): Loaded {
  return { bare: Program.fromElf(name, elf), tracker: new SwitchTracker(undefined), decoder: new EventDecoder(undefined, () => '') };
}

function kernelString(m: Machine, vaddr: number): string {
  if (vaddr < KERNBASE) return '';
  const bytes = m.readPhys(kernelToPhys(vaddr), KERNEL_STRING_MAX);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Boot `target` on the (reset) machine: the session, and the error when the target could not be loaded. */
export function bootSession(
  m: Machine, lib: Library, target: BootTarget, breakpoints: Breakpoints, hardware: HardwareConfig,
): { session: Session; error?: unknown } {
  try {
    return { session: new Session(m, lib, target, breakpoints, hardware, loadTarget(m, lib, target, hardware)) };
  } catch (error) {
    const none: Loaded = { tracker: new SwitchTracker(undefined), decoder: new EventDecoder(undefined, () => '') };
    return { session: new Session(m, lib, target, breakpoints, hardware, none), error };
  }
}

/**
 * A session for a machine whose state is already there (restored from a
 * session file's start): the kernel's, or the bare program `bare`'s.
 * Nothing is loaded into it.
 */
export function restoredSession(
  m: Machine, lib: Library, breakpoints: Breakpoints, hardware: HardwareConfig, bare?: { name: string; elf: Uint8Array },
): Session {
  if (bare) return new Session(m, lib, { kind: 'bare', name: bare.name }, breakpoints, hardware, bareParts(bare.name, bare.elf));
  return new Session(m, lib, { kind: 'kernel' }, breakpoints, hardware, kernelParts(m, lib));
}

export class Session implements Stage, DebugContext, ViewSources {
  readonly console = new GuestConsole();
  readonly events: EventLog;
  readonly code: CodeMap;
  readonly goalMachine: GoalMachine;
  readonly kview: KernelView | undefined;
  readonly tracker: SwitchTracker;
  readonly views: ViewParts;
  /** This boot's /bin programs in every version a process may run (the image's and those installed since). */
  private readonly shelf: ProgramShelf;
  /** The recorder, once the machine is ready to run (startRecording). */
  tt: TimeTravel | undefined;
  /** The ELF of each program installed since boot, by name (the newest): session files carry them. */
  readonly installed = new Map<string, Uint8Array>();

  constructor(
    readonly m: Machine,
    private readonly lib: Library,
    readonly target: BootTarget,
    readonly breakpoints: Breakpoints,
    /** The hardware this boot's machine was built with. */
    readonly hardware: HardwareConfig,
    loaded: Loaded,
  ) {
    this.kview = loaded.kview;
    this.tracker = loaded.tracker;
    this.shelf = new ProgramShelf(lib.programs, lib.image.texts);
    this.code = new CodeMap(m, target, this.shelf, lib.kernel, loaded.bare, loaded.kview, lib.image.texts);
    this.events = new EventLog(loaded.decoder, (e) => {
      this.tracker.observe(e);
      if (e.name === 'exec' || e.name === 'exit' || e.name === 'fork') this.code.forgetPrograms();
    }, () => {
      this.tracker.reset();
      this.code.forgetPrograms();
    });
    this.goalMachine = goalMachineOf(m, loaded.kview);
    this.views = new ViewParts(this);
  }

  /** Start recording from the machine's state now (after loading, with tracing set). */
  startRecording(budgetMiB: number): void {
    this.tt = new TimeTravel(this.m, this.code, budgetMiB, { switches: this.tracker, kernel: this.kernel, names: this.lib.names });
  }

  /** The machine went to another cycle (time travel): what follows events goes back there. */
  jumped(): void {
    this.events.rewind(this.m);
  }

  /** Every program /bin holds now, as ELF: the image's, with those installed since in their place. */
  programElves(): Map<string, Uint8Array> {
    const out = new Map(this.lib.image.programs);
    for (const [name, elf] of this.installed) out.set(name, elf);
    return out;
  }

  get library(): Library {
    return this.lib;
  }

  /** The kernel's program, when the kernel is what booted. */
  get kernel(): Program | undefined {
    return this.target.kind === 'kernel' ? this.lib.kernel : undefined;
  }

  get kernelProgram(): Program | undefined {
    return this.lib.kernel;
  }

  get names(): KernelNames | undefined {
    return this.lib.names;
  }

  /**
   * A program just installed into /bin, with the texts of its C sources (by
   * the names its line table uses; none for an uploaded ELF): the Code view
   * shows its source and steps it by C line from now on. The breakpoints set
   * in the version it replaces move to the same lines in this one (or go,
   * where a line has no code now), so none points into stale code.
   */
  registerProgram(program: Program, sources: ReadonlyMap<string, string>): void {
    this.shelf.add(program, sources);
    this.code.forgetPrograms();
    this.breakpoints.rebind(program.name, program);
  }

  get programs(): ReadonlyMap<string, Program> {
    return this.shelf.current();
  }

  // The run loop's stage.

  /** Keys for the guest: the recorder delivers them as the console takes them. */
  type(text: string): void {
    if (this.tt) this.tt.type(new TextEncoder().encode(text));
    else this.console.type(text);
  }

  feedInput(): void {
    if (!this.tt) this.console.feed(this.m);
  }

  run(budget: number): StopInfo {
    return this.tt ? this.tt.run(budget) : this.m.run(budget);
  }

  step(): StopInfo {
    return this.tt ? this.tt.step() : this.m.step();
  }

  drain(): void {
    const rewritten = this.tt?.takeRewrite();
    if (rewritten !== undefined) {
      this.events.forgetAfter(rewritten.events, rewritten.cycle);
      this.console.write('\r\n\x1b[33m[time travel: typed into the past, so the future after this is a new one]\x1b[0m\r\n');
    }
    this.events.drain(this.m);
  }

  get panicked(): boolean {
    return this.events.panic !== undefined;
  }

  syncBreakpoints(goalAddrs: number[]): void {
    const tt = this.tt;
    this.breakpoints.sync(tt ? (addrs) => tt.setBreakpoints(addrs) : this.m, goalAddrs);
  }

  /** The user breakpoint at eip, if the code running is its program's (in the version it was set in). */
  breakpointHere(): Breakpoint | undefined {
    const eip = this.m.eip >>> 0;
    const bp = this.breakpoints.at(eip, () => this.code.spaceOf(eip));
    if (bp && bp.space !== 'kernel' && bp.space !== 'bare' && !this.code.runsNewest()) return undefined;
    return bp;
  }

  /** The panic's message with the console's last lines, backtrace symbolized. */
  panicText(): string | undefined {
    const panic = this.events.panic;
    if (panic === undefined) return undefined;
    const tail = this.console.tail;
    const from = tail.slice(Math.max(0, tail.lastIndexOf('panic') - PANIC_CONTEXT));
    const kernel = this.lib.image.kernel;
    return `${panic}\n\n${(kernel ? symbolizePanic(from, kernel) : from).trim()}`;
  }
}
