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
//
// Time travel: each boot records (time-travel.ts); back(), backTo() and
// goTo() move the machine to an earlier (or, up to the furthest reached, a
// later) cycle, and the snapshots then show that moment. Whenever the
// machine comes to rest, the recorder gets ready for steps back while the
// page waits for nothing. Session files (vm/host/timetravel/session-file.ts)
// save the recording; opening one replays it on a new machine, which takes
// the running one's place only when it reached the saved state.

import { DEFAULT_HARDWARE, HardwareError, hardwarePairs, machineOptions, parseHardware } from '../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import { Machine } from '../../../vm/host/machine.js';
import { Program } from '../../../vm/host/program.js';
import { readElf } from '../../../vm/asm/elf.js';
import { fetchImage } from '../shared/image.js';
import type { SystemImage } from '../shared/image.js';
import type {
  BackKind, BootTarget, CommandRun, EmulatorApi, HostCalibration, InstallOutcome, LoadInfo, Progress, ReverseTarget, RunTarget,
  SessionOpen, SessionSave, Snapshot, SourceText, StartupTimes, StepKind, ViewWants,
} from '../shared/protocol.js';
import { Breakpoints, placeIn } from './breakpoints.js';
import { Calibrator } from './calibration.js';
import { hex } from './code-map.js';
import { runCommand } from './command-run.js';
import { installProgram } from './install-run.js';
import { RunLoop, debuggerNote } from './run-loop.js';
import { bootSession, openLibrary } from './session.js';
import type { Library, Session } from './session.js';
import { planStep, runToGoal } from './step-commands.js';
import { cpuView, emptyCpu } from './view-builders.js';
import { DEFAULT_BUDGET_MIB } from './time-travel.js';
import { restoredSession } from './session.js';
import { MachineError } from '../../../vm/host/machine-error.js';
import type { Note } from '../../../vm/host/debug/notes.js';
import { SessionError, decodeSession, encodeSession } from '../../../vm/host/timetravel/session-file.js';
import { stateHash } from '../../../vm/host/timetravel/state.js';

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
  private budgetMiB = DEFAULT_BUDGET_MIB;
  private restScheduled = false;

  constructor() {
    this.loop.onRest = () => this.scheduleRest();
  }

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
    try {
      session.startRecording(this.budgetMiB);
    } catch (e) {
      this.loop.fail(e);
      return;
    }
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
    if ('refused' in goal) this.loop.refuse(goal.refused);
    else this.loop.startGoal(goal);
  }

  setSpeed(ips: number): void {
    this.loop.setSpeed(ips);
  }

  input(text: string): void {
    if (!this.session) return;
    this.session.type(text);
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
    if (!session || session.target.kind !== 'kernel') return { ok: false, message: { key: 'app.install.no-kernel' } };
    const elfProblem = readElf(elf);
    if (!elfProblem.ok) return { ok: false, message: { key: 'app.install.not-a-program', params: { name, why: elfProblem.said } } };
    let program: Program;
    try {
      program = Program.fromElf(name, elf);
    } catch (e) {
      return { ok: false, message: { key: 'app.install.unreadable', params: { error: e instanceof Error ? e.message : String(e) } } };
    }
    const loop = this.loop;
    const texts = this.library?.image.texts;
    const outcome = await installProgram({
      m: session.m,
      queue: (path, bytes) => session.tt!.queueFile(path, bytes),
      delivered: () => {
        const rec = session.tt!.rec;
        if (rec.pendingInputs > 0) return undefined;
        return [...rec.log.entries].reverse().find((i) => i.kind === 'file' && i.path === `/bin/${name}`)?.cycle ?? session.m.cycles;
      },
      read: (p) => texts?.get(p),
      stopped: () => this.session !== session || !['running', 'paused'].includes(loop.status),
      run: () => this.ensureRunning(),
    }, name, elf);
    if (outcome.ok && this.session === session) {
      session.registerProgram(program, new Map(sources.map((f) => [f.path, f.text])));
      session.installed.set(name, elf.slice());
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
      ...(session?.tt ? { timeTravel: { ...session.tt.status(), nextEventId: session.events.nextId } } : {}),
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

  // --------------------------------------------------------------------------
  // Time travel

  back(kind: BackKind): void {
    const session = this.session;
    this.travel((tt) => tt.back(kind, this.breakpoints.list.map((b) => b.addr), () => session?.breakpointHere() !== undefined));
  }

  backTo(target: ReverseTarget): void {
    this.travel((tt) => tt.backTo(target));
  }

  goTo(cycle: number): void {
    this.travel((tt) => tt.goTo(cycle));
  }

  setTimeTravelBudget(mib: number): void {
    if (!(Number.isInteger(mib) && mib >= 64 && mib <= 8192)) throw new Error(`a time-travel budget of ${mib} MiB is not one of 64..8192`);
    this.budgetMiB = mib;
  }

  /** Move the machine in time with `move`; a move that finds nowhere to go says why, and the machine stays. */
  private travel(move: (tt: NonNullable<Session['tt']>) => Note): void {
    const session = this.session;
    const tt = session?.tt;
    if (!session || !tt || this.loop.status === 'loading' || this.loop.status === 'error') return;
    this.loop.hold();
    const before = this.m!.cycles;
    try {
      const note = move(tt);
      session.jumped();
      this.loop.land(note);
    } catch (e) {
      session.jumped();
      if (!(e instanceof MachineError)) {
        this.loop.fail(e);
        return;
      }
      const why = debuggerNote(e.said ?? e.message, e.message);
      if (this.m!.cycles !== before) this.loop.land(why);
      else this.loop.refuse(why);
    }
  }

  /** Get ready for steps back once the page has had its snapshot (if the machine is still at rest then). */
  private scheduleRest(): void {
    if (this.restScheduled) return;
    this.restScheduled = true;
    setTimeout(() => {
      this.restScheduled = false;
      const session = this.session;
      const resting = this.loop.status !== 'running' || this.loop.idle;
      if (!session?.tt || !resting || this.loop.status === 'error') return;
      try {
        session.tt.prepare();
      } catch (e) {
        // Getting ready is an optimisation: a failure only means the next step back searches.
        console.warn('time travel: could not prepare steps back', e);
      }
      session.jumped();
    }, 30);
  }

  async saveSession(): Promise<SessionSave> {
    const session = this.session;
    const tt = session?.tt;
    const library = this.library;
    if (!session || !tt || !library) return { ok: false, message: 'nothing is recording: boot the machine first' };
    const target = session.target;
    const ran = target.kind === 'kernel'
      ? { kernel: library.image.kernel, programs: session.programElves() }
      : { bare: { name: target.name, elf: library.image.bare.get(target.name)! }, programs: new Map<string, Uint8Array>() };
    if (target.kind === 'kernel' && !ran.kernel) return { ok: false, message: 'nothing is recording: the kernel did not build' };
    this.loop.hold();
    if (this.loop.status === 'paused' && !this.loop.stopNote) this.loop.stop({ key: 'note.session-save' });
    const m = session.m;
    const bytes = encodeSession({
      machine: m.options, cycle: m.cycles, hash: stateHash(m), inputs: tt.rec.log.entries,
      start: tt.start, ...ran, hardware: hardwarePairs(session.hardware),
    });
    session.jumped();
    return { ok: true, bytes, cycle: m.cycles };
  }

  async openSession(bytes: Uint8Array): Promise<SessionOpen> {
    const library = this.library;
    if (!library) return { ok: false, message: 'the page has not loaded its system image yet' };
    try {
      const s = decodeSession(bytes);
      if (s.kernel && !library.image.kernel) throw new SessionError('the page has no kernel to replay a session on');
      if (s.kernel && !sameBytes(s.kernel, library.image.kernel)) {
        throw new SessionError('the session was recorded with another kernel build than this page\'s');
      }
      const hardware = s.hardware ? parseHardware(s.hardware) : this.hardware;
      const m = await Machine.create(s.machine);
      m.restore(s.start);
      const session = restoredSession(m, library, this.breakpoints, hardware, s.bare);
      m.onOutput = (text) => session.console.write(text);
      session.startRecording(this.budgetMiB);
      const tt = session.tt!;
      tt.rec.loadInputs(s.inputs);
      for (const [name, elf] of s.programs) {
        if (!sameBytes(elf, library.image.programs.get(name))) {
          session.registerProgram(Program.fromElf(name, elf), new Map());
          session.installed.set(name, elf);
        }
      }
      // Replay in slices, taking the events as they come (the event log and the timeline get the whole history).
      while (m.cycles < s.cycle) {
        const r = tt.rec.goTo(Math.min(s.cycle, m.cycles + 2_000_000));
        session.drain();
        if (r.reason !== 'budget' && r.reason !== 'breakpoint') break;
      }
      const hash = stateHash(m);
      if (m.cycles !== s.cycle || hash !== s.hash) {
        throw new SessionError(`the session replayed to cycle ${m.cycles} with state ${hash}, not cycle ${s.cycle} with ${s.hash}`);
      }
      this.loop.hold();
      this.m = m;
      this.hardware = { ...hardware, costs: { ...hardware.costs } };
      m.onOutput = (text) => this.session?.console.write(text);
      this.session = session;
      this.breakpoints.clearCore(m);
      this.loop.attach(session);
      this.loop.breakpointsChanged();
      this.loop.land({ key: 'note.session-opened', params: { cycle: m.cycles } });
      return { ok: true, cycle: m.cycles, target: session.target };
    } catch (e) {
      if (e instanceof SessionError || e instanceof MachineError || e instanceof HardwareError) return { ok: false, message: `not opened: ${e.message}` };
      return { ok: false, message: `not opened: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
