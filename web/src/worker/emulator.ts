// The emulator: one Machine, booted from the system image, run in time
// slices, inspected on demand. It lives in the Web Worker (worker.ts exposes
// it with Comlink) and also runs under Node for the tests.
//
// This class is only the face the page talks to (EmulatorApi): each call is
// handed to the part whose job it is. The run loop (run-loop.ts, paced by
// pacing.ts) moves the machine; debugger commands become goals
// (step-commands.ts, goals.ts); one boot's console, events, code map and
// views live in a Session (session.ts), snapshots are put together in
// snapshot.ts from the builders in view-builders.ts. What outlives a boot —
// the machine, the parsed image, the user's breakpoints, the speed — is kept
// here and in the loop. The hardware configuration outlives boots too: a
// boot that names a different one rebuilds the Machine with it.

import { DEFAULT_HARDWARE, machineOptions } from '../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import { Machine } from '../../../vm/host/machine.js';
import { Program } from '../../../vm/host/program.js';
import { fetchImage } from '../shared/image.js';
import type { SystemImage } from '../shared/image.js';
import type {
  BootTarget, CommandRun, EmulatorApi, HostCalibration, InstallOutcome, LoadInfo, Progress, RunTarget, Snapshot, SourceText,
  StartupTimes, StepKind, ViewWants,
} from '../shared/protocol.js';
import { Breakpoints, placeIn } from './breakpoints.js';
import { Calibrator } from './calibration.js';
import { hex } from './code-map.js';
import { runCommand } from './command-run.js';
import { installProgram } from './install-run.js';
import { RunLoop } from './run-loop.js';
import { bootSession, openLibrary } from './session.js';
import type { Library, Session } from './session.js';
import { planStep, runToGoal } from './step-commands.js';
import { cpuView, emptyCpu } from './view-builders.js';

export class Emulator implements EmulatorApi {
  private library: Library | undefined;
  private m: Machine | undefined;
  private session: Session | undefined;
  private readonly loop = new RunLoop();
  private readonly breakpoints = new Breakpoints();
  private seq = 0;
  private hardware: HardwareConfig = { ...DEFAULT_HARDWARE, costs: {} };
  private command: Promise<CommandRun> | undefined;
  private readonly startup: StartupTimes = {};
  /** When the first boot began (host ms), until the guest first waits for input. */
  private bootStarted: number | undefined;

  async load(imageUrl: string): Promise<LoadInfo> {
    const { image, fetchMs, unpackMs } = await fetchImage(imageUrl);
    this.startup.fetch = fetchMs;
    this.startup.unpack = unpackMs;
    return this.loadImage(image);
  }

  /** Take an unpacked image (tests call this directly). */
  async loadImage(image: SystemImage): Promise<LoadInfo> {
    let t = performance.now();
    this.library = openLibrary(image);
    this.startup.library = performance.now() - t;
    t = performance.now();
    this.m ??= await this.createMachine(this.hardware);
    this.startup.core ??= performance.now() - t;
    const info: LoadInfo = { kernel: !!image.kernel, bare: [...image.bare.keys()], programs: [...image.programs.keys()] };
    if (image.kernelError !== undefined) info.kernelError = image.kernelError;
    return info;
  }

  private async createMachine(hardware: HardwareConfig): Promise<Machine> {
    const m = await Machine.create(machineOptions(hardware));
    m.onOutput = (text) => this.session?.console.write(text);
    return m;
  }

  async boot(target: BootTarget, run: boolean, hardware?: HardwareConfig): Promise<void> {
    if (!this.library || !this.m) throw new Error('boot before load');
    this.bootStarted ??= performance.now();
    this.loop.hold();
    if (hardware && JSON.stringify(hardware) !== JSON.stringify(this.hardware)) {
      this.m = await this.createMachine(hardware);
      this.hardware = { ...hardware, costs: { ...hardware.costs } };
    }
    const { library, m } = this;
    m.reinit();
    this.breakpoints.clearCore(m);
    const { session, error } = bootSession(m, library, target, this.breakpoints, this.hardware);
    this.session = session;
    this.loop.attach(session);
    if (error !== undefined) {
      this.loop.fail(error);
      return;
    }
    m.setTrace(true);
    this.loop.stop(target.kind === 'kernel' ? { key: 'note.kernel-entry' } : { key: 'note.entry', params: { name: target.name } });
    if (run) this.run();
  }

  async reset(): Promise<void> {
    if (this.session) await this.boot(this.session.target, true);
  }

  run(): void {
    this.loop.run();
  }

  pause(): void {
    this.loop.pause();
  }

  step(kind: StepKind): void {
    if (!this.session || !this.loop.canRun()) return;
    this.loop.hold();
    this.loop.follow(planStep(kind, this.session));
  }

  runTo(target: RunTarget): void {
    if (!this.session || !this.loop.canRun()) return;
    const goal = runToGoal(target, this.session);
    if (typeof goal === 'string') this.loop.refuse({ key: 'note.debugger', params: { text: goal } });
    else this.loop.startGoal(goal);
  }

  setSpeed(ips: number): void {
    this.loop.setSpeed(ips);
  }

  input(text: string): void {
    if (!this.session) return;
    this.session.console.type(text);
    this.session.feedInput();
    this.loop.wake();
  }

  toggleBreakpoint(addr: number, space: string): void {
    const program = this.session?.code.programNamed(space);
    this.breakpoints.toggle(addr, space, (a) => placeIn(program, a, hex));
    this.loop.breakpointsChanged();
  }

  toggleLineBreakpoint(file: string, line: number, space: string): boolean {
    const addr = this.session?.code.programNamed(space)?.addressOfLine(file, line);
    if (addr === undefined) return false;
    this.toggleBreakpoint(addr, space);
    return true;
  }

  select(pid: number | null): void {
    this.session?.views.select(pid);
  }

  async progress(): Promise<Progress> {
    return { instret: this.m?.instret ?? 0, cycles: this.m?.cycles ?? 0, hostMs: performance.now(), status: this.loop.status, idle: this.loop.idle };
  }

  async runCommand(line: string): Promise<CommandRun> {
    const session = this.session;
    if (!session || session.target.kind !== 'kernel') throw new Error('experiments run in the kernel\'s shell: boot the kernel first');
    if (this.command) throw new Error('a command is already running');
    const loop = this.loop;
    this.command = runCommand({
      m: session.m,
      console: session.console,
      hardware: session.hardware,
      stopped: () => this.session !== session || !['running', 'paused'].includes(loop.status),
      type: (text) => {
        this.input(text);
        this.ensureRunning();
      },
    }, line);
    try {
      return await this.command;
    } finally {
      this.command = undefined;
    }
  }

  async install(name: string, elf: Uint8Array, sources: SourceText[] = []): Promise<InstallOutcome> {
    const session = this.session;
    if (!session || session.target.kind !== 'kernel') return { ok: false, message: 'programs install into the kernel\'s /bin: boot the kernel first' };
    let program: Program;
    try {
      program = Program.fromElf(name, elf);
    } catch (e) {
      return { ok: false, message: `not a program: ${e instanceof Error ? e.message : String(e)}` };
    }
    const loop = this.loop;
    const texts = this.library?.image.texts;
    const outcome = await installProgram({
      m: session.m,
      read: (p) => texts?.get(p),
      stopped: () => this.session !== session || !['running', 'paused'].includes(loop.status),
      run: () => this.ensureRunning(),
    }, name, elf);
    if (outcome.ok && this.session === session) {
      session.registerProgram(program, new Map(sources.map((f) => [f.path, f.text])));
      this.loop.breakpointsChanged();
    }
    return outcome;
  }

  /**
   * Something arrived for the guest (a typed command, an install request):
   * a paused machine starts, a guest idle at the prompt is woken to take it.
   */
  private ensureRunning(): void {
    if (this.loop.status === 'paused') this.run();
    else this.loop.wake();
  }

  async startupTimes(): Promise<StartupTimes> {
    return { ...this.startup };
  }

  async calibrate(): Promise<HostCalibration> {
    return (await Calibrator.create()).measure();
  }

  /** One slice of running. Public for tests, which drive the loop by hand. */
  tick(): void {
    this.loop.tick();
  }

  async snapshot(wants: ViewWants): Promise<Snapshot> {
    const { m, session, loop } = this;
    const views = session?.views;
    const table = views?.processTable(wants);
    const running = loop.status === 'running';
    if (this.startup.boot === undefined && this.bootStarted !== undefined && loop.idle) this.startup.boot = performance.now() - this.bootStarted;
    const snap: Snapshot = {
      seq: ++this.seq,
      status: loop.status,
      idle: loop.idle,
      stopNote: loop.stopNote,
      target: session?.target ?? null,
      output: session?.console.takeOutput() ?? '',
      ...(session?.events.take() ?? { events: [], eventsDropped: 0 }),
      cpu: !m ? emptyCpu() : views ? views.cpu(table, running) : cpuView(m, undefined, 0),
      views: [],
      breakpoints: this.breakpoints.list,
      selectedPid: views?.selected ?? null,
      speed: loop.pacer.speed,
      hardware: this.hardware,
    };
    if (loop.error !== undefined) snap.error = loop.error;
    const panic = session?.panicText();
    if (panic !== undefined) snap.panic = panic;
    if (!m || !session || loop.status === 'error') return snap;
    session.views.add(snap, wants, table, loop.status);
    return snap;
  }
}
