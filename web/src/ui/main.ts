// The page: starts the machine's worker, lays out the views, and on display
// frames (every one, or every other while the guest computes:
// shared/refresh-policy.ts) asks the worker for a snapshot and hands it to
// every open view. The page never runs the machine itself, so it stays responsive
// whatever the guest does. A guest panic shows its message and a reboot
// button; a worker that dies is reported (with a restart), never a blank page.
//
// `?headless` loads the machine without views and without snapshots: the
// baseline the emulation-speed measurement compares against.
//
// The hardware the kernel boots on comes from the URL (`?tlb-entries=256`,
// hardware-url.ts) and from the Machine panel, which writes it back to the
// URL; a bad URL value is reported and the defaults boot. "Lab" swaps the
// debugger's middle and right columns for the Machine panel and the Lab;
// views out of sight ask the worker for nothing. "Editor" swaps them for
// the Editor the same way (views/editor-view.ts; its builds run in a compile
// worker of their own, compiler-client.ts). The Editor and CodeMirror are a
// chunk of their own, loaded when the Editor is first shown, so a page that
// never opens it does not download or parse them. A link with a program in
// its fragment (`#code=…`) opens the Editor with it and builds it.

import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import imageUrl from '../../generated/glassbox.img?url';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import type { CompilerApi, ReadyProgram } from '../shared/build-protocol.js';
import type { BootTarget, EmulatorApi, LoadInfo, Snapshot, ViewWants } from '../shared/protocol.js';
import { LIGHT_REFRESH_MS, RefreshClock, drawsInFull, partsToAsk } from '../shared/refresh-policy.js';
import { startCompiler } from './compiler-client.js';
import { button, el } from './dom.js';
import { hardwareFromQuery, queryWithHardware } from './hardware-url.js';
import { applyToDocument, onLangChange } from './locale.js';
import { carriesShare } from './share-key.js';
import { Toolbar } from './toolbar.js';
import { CodeView } from './views/code-view.js';
import { CpuView } from './views/cpu-view.js';
import type { EditorPane } from './views/editor-view.js';
import { EventView } from './views/event-view.js';
import { LabView } from './views/lab-view.js';
import { MachineView } from './views/machine-view.js';
import { ProcessView } from './views/process-view.js';
import { SpaceView } from './views/space-view.js';
import { SwitchView } from './views/switch-view.js';
import { TerminalView } from './views/terminal-view.js';
import { TimelineView } from './views/timeline-view.js';
import { TlbView } from './views/tlb-view.js';
import { LessonsView } from './views/lessons-view.js';
import type { LessonHost } from './views/lessons-view.js';
import { DEFAULT_HARDWARE } from '../../../vm/host/hardware.js';
import { t } from './locale.js';
import type { AppContext, View } from './views/view.js';
import './style.css';

class App implements AppContext {
  api!: Remote<EmulatorApi>;
  private worker: Worker | undefined;
  selectedPid: number | null = null;
  private views: View[] = [];
  private toolbar!: Toolbar;
  private terminal!: TerminalView;
  private events!: EventView;
  timeline: TimelineView | undefined;
  lab: LabView | undefined;
  private machinePanel: MachineView | undefined;
  private lessons: LessonsView | undefined;
  editor: EditorPane | undefined;
  /** The Editor's chunk being loaded, or loaded (loadEditor). */
  private editorLoad: Promise<EditorPane | undefined> | undefined;
  /** The views in the columns the lab and the Editor replace, and which of the three is shown. */
  private debuggerViews = new Set<View>();
  private pane: 'debugger' | 'lab' | 'editor' = 'debugger';
  /** The compile worker, started when the Editor first builds or lists headers. */
  private compilerApi: Promise<Remote<CompilerApi>> | undefined;
  /**
   * The last program the Editor built or the last valid ELF uploaded: its
   * /bin name and ELF bytes. programReady() is the one place it arrives.
   */
  readyProgram: ReadyProgram | undefined;
  /** The hardware the next boot uses. */
  private hardware: HardwareConfig;
  private readonly hardwareError: string | undefined;
  private inFlight = false;
  private crashed = false;
  private panicShown = false;
  private info: LoadInfo | undefined;
  last: Snapshot | undefined;
  fps = 0;
  private frames = 0;
  private fpsSince = performance.now();
  /** When the views' heavy parts are asked for and drawn (shared/refresh-policy.ts). */
  private readonly heavyRefresh = new RefreshClock();
  /** When the next snapshot is asked for: every other frame while the guest computes (shared/refresh-policy.ts). */
  private readonly snapshotClock = new RefreshClock(LIGHT_REFRESH_MS);

  constructor(readonly headless: boolean) {
    const choice = hardwareFromQuery(location.search);
    this.hardware = choice.config;
    this.hardwareError = choice.error;
  }

  async start(): Promise<void> {
    applyToDocument();
    this.toolbar = new Toolbar(document.getElementById('toolbar')!, {
      boot: (t) => void this.boot(t),
      reset: () => void this.boot(this.toolbar.currentTarget()),
      run: () => void this.call((a) => a.run()),
      pause: () => void this.call((a) => a.pause()),
      step: (k) => void this.call((a) => a.step(k)),
      runTo: (t) => void this.call((a) => a.runTo(t)),
      speed: (ips) => void this.call((a) => a.setSpeed(ips)),
      lab: (open) => this.showPane(open ? 'lab' : 'debugger'),
      editor: (open) => this.showPane(open ? 'editor' : 'debugger'),
    });
    if (!this.headless) this.buildViews();
    if (this.hardwareError !== undefined) {
      this.banner(`The URL asks for hardware the machine cannot have, so it boots the defaults: ${this.hardwareError}`);
      this.machinePanel?.showError(this.hardwareError);
    }
    await this.startWorker();
    this.lessons?.start();
    requestAnimationFrame(() => this.frame());
    if (!this.headless && carriesShare(location.hash)) await (await this.loadEditor())?.openShared(location.hash);
  }

  private buildViews(): void {
    this.terminal = new TerminalView((data) => void this.call((a) => a.input(data)));
    this.events = new EventView(this);
    const cpu = new CpuView();
    const code = new CodeView(this);
    const sw = new SwitchView(this);
    const procs = new ProcessView(this);
    const space = new SpaceView();
    const tlb = new TlbView(this);
    const timeline = new TimelineView(this);
    this.timeline = timeline;
    this.machinePanel = new MachineView((config) => this.applyHardware(config));
    this.lab = new LabView(this);
    this.views = [this.terminal, this.events, cpu, code, sw, procs, space, tlb, timeline, this.machinePanel, this.lab];
    this.debuggerViews = new Set([cpu, code, procs, space, tlb]);
    const place = (id: string, ...vs: View[]): void => document.getElementById(id)!.append(...vs.map((v) => v.panel.root));
    place('col-left', this.terminal, this.events);
    place('col-mid', cpu, code);
    place('col-right', procs, space, tlb);
    place('col-lab', this.machinePanel, this.lab);
    place('row-bottom', timeline, sw);
    this.placeLessons();
  }

  /** The Lessons panel at the top of the left column, and its toolbar button (views/lessons-view.ts). */
  private placeLessons(): void {
    const lessons = new LessonsView(this.lessonHost());
    this.lessons = lessons;
    this.views.push(lessons);
    document.getElementById('col-left')!.prepend(lessons.panel.root);
    const open = button(t('lessons.open'), t('lessons.open.title'), () => lessons.show(!lessons.isOpen));
    open.id = 'btn-lessons';
    document.querySelector('#toolbar .brand')!.after(open);
    onLangChange(() => {
      open.textContent = t('lessons.open');
      open.title = t('lessons.open.title');
    });
  }

  /** What a lesson's "Do it" does on this page: the terminal's typing, the real buttons, the Editor's build and install. */
  private lessonHost(): LessonHost {
    return {
      type: (command) => void this.call((a) => a.input(`${command}\n`)),
      press: (control) => document.getElementById(control)?.click(),
      install: async (name, source) => {
        const compiler = await (this.compilerApi ??= startCompiler(new URL(imageUrl, document.baseURI).href));
        const built = await compiler.build(`${name}.c`, source);
        if (!built.ok) return { ok: false, message: built.errors.join('\n') };
        return this.programReady({ name, elf: built.elf, from: 'build', sources: [{ path: `${name}.c`, text: source }] });
      },
      boot: async (choice) => {
        this.hardware = { ...DEFAULT_HARDWARE, costs: {}, ...choice };
        history.replaceState(null, '', `${location.pathname}${queryWithHardware(location.search, this.hardware)}${location.hash}`);
        await this.boot({ kind: 'kernel' });
      },
      select: (name) => {
        const pids = this.last?.processes?.rows.filter((r) => r.name === name).map((r) => r.pid) ?? [];
        if (pids.length) this.select(Math.max(...pids));
      },
    };
  }

  /** The Editor: its chunk (with CodeMirror) loaded and the pane made on first call. */
  private loadEditor(): Promise<EditorPane | undefined> {
    this.editorLoad ??= import('./views/editor-view.js').then(({ EditorPane }) => {
      const editor = new EditorPane({
        compiler: () => (this.compilerApi ??= startCompiler(new URL(imageUrl, document.baseURI).href)),
        hardware: () => this.hardware,
        programReady: (p) => this.programReady(p),
        showEditor: () => this.showPane('editor'),
        toggleBreakpoint: async (file, line, program) => (await this.call((a) => a.toggleLineBreakpoint(file, line, program))) ?? false,
      });
      this.editor = editor;
      this.views.push(editor);
      document.getElementById('col-editor')!.append(editor.panel.root);
      if (this.last) editor.update(this.last);
      return editor;
    }, (e: unknown) => {
      this.editorLoad = undefined;
      this.banner(`The Editor could not be loaded: ${message(e)}`);
      return undefined;
    });
    return this.editorLoad;
  }

  /** Show the lab's or the Editor's column in place of the debugger's middle and right columns, or back. */
  showPane(pane: 'debugger' | 'lab' | 'editor'): void {
    this.pane = pane;
    const app = document.getElementById('app')!;
    app.classList.toggle('lab-open', pane === 'lab');
    app.classList.toggle('editor-open', pane === 'editor');
    this.toolbar.showPane(pane);
    if (pane === 'lab') void this.lab?.calibrate();
    if (pane === 'editor' && !this.headless) void this.loadEditor();
    this.terminal?.refit();
  }

  /**
   * A program is ready for /bin: the Editor built it, or an uploaded ELF
   * passed elf-upload.ts's checks. This is the one place a build's result
   * (its name and ELF bytes) goes: the worker installs it into /bin of the
   * running machine through the host→kernel install channel
   * (vm/host/install.ts; the kernel's driver writes the file, never the
   * host), and it stays in readyProgram.
   */
  async programReady(p: ReadyProgram): Promise<{ ok: boolean; message: string }> {
    this.readyProgram = p;
    if (!this.api) return { ok: false, message: 'the machine is not running' };
    try {
      const r = await this.api.install(p.name, p.elf, p.sources);
      return r.ok
        ? { ok: true, message: `installed as ${r.path}: type ${p.name} in the terminal` }
        : { ok: false, message: r.message };
    } catch (e) {
      return { ok: false, message: `the install failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  applyHardware(config: HardwareConfig): void {
    this.hardware = config;
    history.replaceState(null, '', `${location.pathname}${queryWithHardware(location.search, config)}${location.hash}`);
    void this.boot({ kind: 'kernel' });
  }

  private async startWorker(): Promise<void> {
    this.crashed = false;
    this.worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('error', (ev) => this.crash(`the machine's worker stopped: ${ev.message || 'unknown error'}`));
    this.worker.addEventListener('messageerror', () => this.crash('the machine\'s worker sent a message that could not be read'));
    this.api = wrap<EmulatorApi>(this.worker);
    try {
      this.info = await this.api.load(new URL(imageUrl, document.baseURI).href);
    } catch (e) {
      this.crash(`loading the system failed: ${message(e)}`);
      return;
    }
    this.toolbar.setTargets(this.info);
    if (this.info.kernelError) this.banner(`The kernel did not build, so only the bare-machine demos can run:\n${this.info.kernelError}`);
    await this.boot(this.toolbar.currentTarget());
  }

  async boot(target: BootTarget): Promise<void> {
    this.panicShown = false;
    this.hideOverlay();
    for (const v of this.views) v.reset?.();
    this.selectedPid = null;
    await this.call((a) => a.boot(target, true, this.hardware));
    this.terminal?.focus();
  }

  /** Call the worker; a failure is shown, not thrown. */
  private async call<T>(f: (api: Remote<EmulatorApi>) => Promise<T> | T): Promise<T | undefined> {
    if (this.crashed) return undefined;
    try {
      return await f(this.api);
    } catch (e) {
      this.crash(`the machine's worker failed: ${message(e)}`);
      return undefined;
    }
  }

  select(pid: number | null): void {
    this.selectedPid = pid;
    void this.call((a) => a.select(pid));
  }

  showCycle(cycle: number): void {
    this.timeline?.pin(cycle);
  }

  jumpToEvent(id: number): void {
    this.events?.jumpTo(id);
  }

  /** The parts every open view draws from. */
  private openParts(): ViewWants {
    const w: ViewWants = {};
    for (const v of this.views) {
      if (v.wants && v.panel.open && !(this.pane !== 'debugger' && this.debuggerViews.has(v))) w[v.wants] = true;
    }
    return w;
  }

  private frame(): void {
    requestAnimationFrame(() => this.frame());
    this.frames++;
    const t = performance.now();
    if (t - this.fpsSince >= 1000) {
      this.fps = (this.frames * 1000) / (t - this.fpsSince);
      this.frames = 0;
      this.fpsSince = t;
    }
    if (this.inFlight || this.crashed || !this.api || this.headless) return;
    if (!this.snapshotClock.due(t, this.last?.status === 'running' && !this.last.idle)) return;
    this.inFlight = true;
    // One decision per frame, by the refresh policy: this frame asks for the
    // heavy parts, and the views draw in full when its snapshot comes.
    const heavy = this.heavyRefresh.due(t, this.last?.status === 'running');
    this.api.snapshot(partsToAsk(this.openParts(), heavy)).then(
      (s) => {
        this.inFlight = false;
        this.render(s, drawsInFull(s.status === 'running', heavy));
      },
      (e) => {
        this.inFlight = false;
        this.crash(`the machine's worker failed: ${message(e)}`);
      },
    );
  }

  private render(s: Snapshot, full: boolean): void {
    this.last = s;
    this.selectedPid = s.selectedPid;
    for (const v of this.views) {
      try {
        v.update(s, full);
      } catch (e) {
        console.warn(`view ${v.panel.title} failed to draw`, e);
      }
    }
    this.toolbar.update(s, this.fps);
    if (s.status === 'panic' && !this.panicShown) {
      this.panicShown = true;
      this.overlay('Kernel panic', s.panic ?? 'the kernel stopped the machine', [['Reboot', () => void this.boot(this.toolbar.currentTarget())], ['Inspect', () => this.hideOverlay()]]);
    } else if (s.status === 'error' && !this.panicShown) {
      this.panicShown = true;
      const actions: [string, () => void][] = [['Close', () => this.hideOverlay()]];
      if (this.info?.bare.length) actions.unshift([`Run bare: ${this.info.bare[0]}`, () => void this.boot({ kind: 'bare', name: this.info!.bare[0] })]);
      this.overlay(s.cpu.instret > 0 ? 'The machine stopped with an error' : 'The machine could not start', s.error ?? 'unknown error', actions);
    }
  }

  private crash(text: string): void {
    if (this.crashed) return;
    this.crashed = true;
    this.worker?.terminate();
    this.overlay('The machine stopped working', text, [['Restart', () => {
      this.hideOverlay();
      for (const v of this.views) v.reset?.();
      void this.startWorker();
    }]]);
  }

  private overlay(title: string, text: string, actions: [string, () => void][]): void {
    const box = el('div', { class: 'box', attrs: { role: 'alertdialog' } },
      el('h3', { text: title }),
      el('pre', { text }),
      el('div', { class: 'actions' }, ...actions.map(([label, f]) => button(label, label, f, 'primary'))),
    );
    const o = document.getElementById('overlay')!;
    o.replaceChildren(box);
    o.hidden = false;
  }

  private hideOverlay(): void {
    document.getElementById('overlay')!.hidden = true;
  }

  private banner(text: string): void {
    document.getElementById('toolbar')!.after(el('div', { class: 'banner', text }));
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const app = new App(new URLSearchParams(location.search).has('headless'));
(window as unknown as { glassbox: App }).glassbox = app;
void app.start();
