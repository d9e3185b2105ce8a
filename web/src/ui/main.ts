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
//
// Every text is in the page's language (locale.ts); a switch redraws the
// views' words and keeps everything else (the machine, the terminal, the
// selection, the lab's runs, the Editor's text). `?` lists the shortcuts
// (shortcut-help.ts); a reload key does not lose the run (page-guard.ts).
// Time travel: the toolbar's steps back and the timeline's and event log's
// clicks move the machine in time (the worker records: worker/time-travel.ts);
// "save session" downloads the recording, "open session" replays a file
// in place of the running machine (kept when the file is bad). The
// checkpoints' budget is remembered in localStorage.

import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import imageUrl from '../../generated/glassbox.img.gz?url';
import type { HardwareConfig } from '../../../vm/host/hardware.js';
import type { CompilerApi, ReadyProgram } from '../shared/build-protocol.js';
import type { BootTarget, EmulatorApi, LoadInfo, LogEntry, SessionOpen, SessionSave, Snapshot, ViewWants } from '../shared/protocol.js';
import { LIGHT_REFRESH_MS, RefreshClock, drawsInFull, partsToAsk } from '../shared/refresh-policy.js';
import { startCompiler } from './compiler-client.js';
import { button, el, localize } from './dom.js';
import { hardwareFromQuery, queryWithHardware } from './hardware-url.js';
import type { MessageKey } from '../shared/i18n/i18n.js';
import { applyToDocument, onLangChange, t, translateMessage } from './locale.js';
import { guardPage } from './page-guard.js';
import { ShortcutHelp } from './shortcut-help.js';
import { carriesShare } from './share-key.js';
import { BUDGETS, Toolbar } from './toolbar.js';
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
  /** A session file is being opened: no snapshots until the views are reset for it. */
  private opening = false;
  private budgetMiB = savedBudget();
  private crashed = false;
  private panicShown = false;
  private info: LoadInfo | undefined;
  /** The overlay shown (panic, error, crash), drawn again after a language switch. */
  private shownOverlay: (() => void) | undefined;
  private help!: ShortcutHelp;
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
    this.help = new ShortcutHelp();
    guardPage(() => (this.last?.cpu.instret ?? 0) > 0);
    document.title = t('app.title');
    onLangChange(() => {
      document.title = t('app.title');
      this.shownOverlay?.();
    });
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
      help: () => this.help.toggle(),
      back: (k) => void this.travel((a) => a.back(k)),
      backTo: (t) => void this.travel((a) => a.backTo(t)),
      budget: (mib) => {
        this.budgetMiB = mib;
        try {
          localStorage.setItem(BUDGET_KEY, String(mib));
        } catch {
          // Not remembered, but used for the next boot.
        }
        void this.call((a) => a.setTimeTravelBudget(mib));
      },
      saveSession: () => void this.saveSession(),
      openSession: (file) => void this.openSession(file),
    });
    this.toolbar.setBudget(this.budgetMiB);
    if (!this.headless) this.buildViews();
    (this.timeline?.panel.extra ?? document.getElementById('toolbar')!).prepend(this.toolbar.strip, ' ');
    if (this.hardwareError !== undefined) {
      const error = this.hardwareError;
      this.banner(() => t('app.bad-hardware', { error }));
      this.machinePanel?.showError(this.hardwareError);
    }
    await this.startWorker();
    this.lessons?.start();
    requestAnimationFrame(() => this.frame());
    if (!this.headless && carriesShare(location.hash)) await (await this.loadEditor())?.openShared(location.hash);
  }

  loggedEvents(): { events: readonly LogEntry[]; dropped: number } {
    return { events: this.events?.model.all ?? [], dropped: this.events?.model.dropped ?? 0 };
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
        const r = await this.programReady({ name, elf: built.elf, from: 'build', sources: [{ path: `${name}.c`, text: source }] });
        return { ok: r.ok, message: r.message() };
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
      this.banner(() => t('app.editor-failed', { error: message(e) }));
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
  async programReady(p: ReadyProgram): Promise<{ ok: boolean; message: () => string }> {
    this.readyProgram = p;
    if (!this.api) return { ok: false, message: () => t('app.install.no-machine') };
    try {
      const r = await this.api.install(p.name, p.elf, p.sources);
      if (!r.ok) return { ok: false, message: () => translateMessage(r.message) };
      return { ok: true, message: () => t('app.install.done', { path: r.path, name: p.name }) };
    } catch (e) {
      const error = message(e);
      return { ok: false, message: () => t('app.install.failed', { error }) };
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
    this.worker.addEventListener('error', (ev) => this.crash(() => t('app.worker.stopped', { error: ev.message || t('app.unknown-error') })));
    this.worker.addEventListener('messageerror', () => this.crash(() => t('app.worker.unreadable')));
    this.api = wrap<EmulatorApi>(this.worker);
    try {
      this.info = await this.api.load(new URL(imageUrl, document.baseURI).href);
    } catch (e) {
      this.crash(() => t('app.load-failed', { error: message(e) }));
      return;
    }
    this.toolbar.setTargets(this.info);
    await this.call((a) => a.setTimeTravelBudget(this.budgetMiB));
    const kernelError = this.info.kernelError;
    if (kernelError) this.banner(() => t('app.kernel-failed', { error: kernelError }));
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
      this.crash(() => t('app.worker.failed', { error: message(e) }));
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

  goTo(cycle: number): void {
    void this.travel((a) => a.goTo(cycle));
  }

  /**
   * A move in time: the worker replays the recording and answers nothing
   * else until it is there (a search back through a long run can take
   * seconds), so the toolbar says so meanwhile: until the views show where
   * it went. The snapshot they show when the move is answered was taken
   * before it (the worker answers in order), so one is asked for then.
   */
  private async travel(f: (api: Remote<EmulatorApi>) => Promise<void> | void): Promise<void> {
    this.toolbar.travelling(+1);
    try {
      await this.call(f);
      if (!this.headless && !this.opening) {
        const s = await this.call((a) => a.snapshot(partsToAsk(this.openParts(), true)));
        if (s) this.render(s, true);
      }
    } finally {
      this.toolbar.travelling(-1);
    }
  }

  /** Download the recording as a session file. */
  private async saveSession(): Promise<void> {
    const r = await this.call<SessionSave>((a) => a.saveSession());
    if (!r) return;
    if (!r.ok) {
      this.toolbar.timeTravelMessage(t('tt.save-failed', { why: r.message }), true);
      return;
    }
    const name = `glassbox-${r.cycle}.gbs`;
    const url = URL.createObjectURL(new Blob([r.bytes as BlobPart], { type: 'application/zip' }));
    const a = el('a', { attrs: { href: url, download: name } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.toolbar.timeTravelMessage(t('tt.saved', { name, cycle: r.cycle }));
  }

  /** Replay a session file in place of the running machine; a bad file is one line, and changes nothing. */
  private async openSession(file: File): Promise<void> {
    this.opening = true;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await this.call<SessionOpen>((a) => a.openSession(bytes));
      if (!r) return;
      if (!r.ok) {
        this.toolbar.timeTravelMessage(r.message, true);
        return;
      }
      while (this.inFlight) await new Promise((done) => setTimeout(done, 5));
      this.panicShown = false;
      this.hideOverlay();
      for (const v of this.views) v.reset?.();
      this.selectedPid = null;
      this.toolbar.showTarget(r.target);
      this.toolbar.timeTravelMessage(t('tt.opened', { name: file.name, cycle: r.cycle }));
    } finally {
      this.opening = false;
    }
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
    const now = performance.now();
    if (now - this.fpsSince >= 1000) {
      this.fps = (this.frames * 1000) / (now - this.fpsSince);
      this.frames = 0;
      this.fpsSince = now;
    }
    if (this.inFlight || this.opening || this.crashed || !this.api || this.headless) return;
    if (!this.snapshotClock.due(now, this.last?.status === 'running' && !this.last.idle)) return;
    this.inFlight = true;
    // One decision per frame, by the refresh policy: this frame asks for the
    // heavy parts, and the views draw in full when its snapshot comes.
    const heavy = this.heavyRefresh.due(now, this.last?.status === 'running');
    this.api.snapshot(partsToAsk(this.openParts(), heavy)).then(
      (s) => {
        this.inFlight = false;
        this.render(s, drawsInFull(s.status === 'running', heavy));
      },
      (e) => {
        this.inFlight = false;
        this.crash(() => t('app.worker.failed', { error: message(e) }));
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
      const panic = s.panic;
      this.overlay('app.panic', () => panic ?? t('app.panic.text'), [['app.reboot', () => void this.boot(this.toolbar.currentTarget())], ['app.inspect', () => this.hideOverlay()]]);
    } else if (s.status === 'error' && !this.panicShown) {
      this.panicShown = true;
      const actions: OverlayAction[] = [['app.close', () => this.hideOverlay()]];
      const bare = this.info?.bare[0];
      if (bare) actions.unshift([() => t('app.run-bare', { name: bare }), () => void this.boot({ kind: 'bare', name: bare })]);
      const error = s.error;
      this.overlay(s.cpu.instret > 0 ? 'app.error.stopped' : 'app.error.start', () => error ?? t('app.unknown-error'), actions);
    }
  }

  private crash(text: () => string): void {
    if (this.crashed) return;
    this.crashed = true;
    this.worker?.terminate();
    this.overlay('app.crash', text, [['app.restart', () => {
      this.hideOverlay();
      for (const v of this.views) v.reset?.();
      void this.startWorker();
    }]]);
  }

  /** Show the overlay: its texts in the page's language, again after a switch. */
  private overlay(title: MessageKey, text: () => string, actions: OverlayAction[]): void {
    const draw = (): void => {
      const label = (l: OverlayAction[0]): string => (typeof l === 'function' ? l() : t(l));
      const box = el('div', { class: 'box', attrs: { role: 'alertdialog' } },
        el('h3', { text: t(title) }),
        el('pre', { text: text() }),
        el('div', { class: 'actions' }, ...actions.map(([l, f]) => button(label(l), label(l), f, 'primary'))),
      );
      document.getElementById('overlay')!.replaceChildren(box);
    };
    draw();
    this.shownOverlay = draw;
    document.getElementById('overlay')!.hidden = false;
  }

  private hideOverlay(): void {
    this.shownOverlay = undefined;
    document.getElementById('overlay')!.hidden = true;
  }

  private banner(text: () => string): void {
    document.getElementById('toolbar')!.after(localize(el('div', { class: 'banner' }), text));
  }
}

/** An overlay's button: its label (a key, or words made on drawing) and what it does. */
type OverlayAction = [MessageKey | (() => string), () => void];
const BUDGET_KEY = 'glassbox.tt-budget';

/** The time-travel budget chosen before (MiB), else the recorder's default. */
function savedBudget(): number {
  try {
    const n = Number(localStorage.getItem(BUDGET_KEY));
    if (BUDGETS.includes(n)) return n;
  } catch {
    // Storage refused: the default.
  }
  return 256;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const app = new App(new URLSearchParams(location.search).has('headless'));
(window as unknown as { glassbox: App }).glassbox = app;
void app.start();
