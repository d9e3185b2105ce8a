// The toolbar: what to boot, reboot, run/pause, the four steps, "run to"
// targets, speed, the language and the status line. Its keys come from the
// one shortcut table (shortcuts.ts): F8 continue/pause, F10 step over, F11
// step into (a C line), Shift+F11 step out, F7 one instruction, each with a
// chord the browser does not own. "Lab" switches the page between the
// debugger's views and the TLB lab (the Machine panel and the Lab view);
// "Editor" between them and the Editor. Every text is in the message
// catalogue and redrawn when the language changes. `?` (the key outside the
// terminal and fields, or the button, since the terminal usually has
// focus) lists every shortcut.

import type { BootTarget, LoadInfo, RunTarget, Snapshot, StepKind } from '../shared/protocol.js';
import { LANGS, isLang, translate } from '../shared/i18n/i18n.js';
import type { MessageKey } from '../shared/i18n/i18n.js';
import { button, el } from './dom.js';
import { fmt, lang, onLangChange, setLang, t, translateMessage } from './locale.js';
import { actionFor, shortcutText, takesTyping } from './shortcuts.js';
import type { ActionId } from './shortcuts.js';

export interface ToolbarActions {
  boot(target: BootTarget): void;
  reset(): void;
  run(): void;
  pause(): void;
  step(kind: StepKind): void;
  runTo(target: RunTarget): void;
  speed(ips: number): void;
  /** Show the lab (true) or the debugger's views. */
  lab(open: boolean): void;
  /** Show the Editor (true) or the debugger's views. */
  editor(open: boolean): void;
  /** Open (or close) the list of shortcuts. */
  help(): void;
}

/** Touch the DOM only when the text changes. */
function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** The speeds offered, in instructions per second (0: as fast as the host runs it). */
export const SPEEDS: readonly number[] = [0, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10];

function speedLabel(ips: number): string {
  if (ips === 0) return t('speed.full');
  const n = ips >= 1_000_000 ? `${ips / 1_000_000}M` : ips >= 1_000 ? `${ips / 1_000}k` : String(ips);
  return t(ips <= 10 ? 'speed.slow' : 'speed.ips', { n });
}

/** A label and a tooltip from the catalogue, redrawn when the language changes. */
interface Labelled {
  element: HTMLElement;
  text?: MessageKey;
  title?: MessageKey;
  /** The shortcut the tooltip names. */
  action?: ActionId;
}

export class Toolbar {
  private readonly target = el('select', { id: 'boot-target' });
  private readonly runBtn: HTMLButtonElement;
  private readonly pauseBtn: HTMLButtonElement;
  private readonly stepButtons: HTMLButtonElement[] = [];
  private readonly runToButtons: HTMLButtonElement[] = [];
  private readonly speed = el('select', { id: 'speed' });
  private readonly language = el('select', { id: 'language' });
  private readonly status = el('span', { class: 'status', id: 'status' });
  private readonly stateText = el('span', { class: 'state' });
  private readonly noteText = el('span');
  private readonly perfText = el('span');
  private readonly labBtn: HTMLButtonElement;
  private readonly editorBtn: HTMLButtonElement;
  private readonly labelled: Labelled[] = [];
  private info: LoadInfo | undefined;
  private running = false;

  constructor(root: HTMLElement, private readonly actions: ToolbarActions) {
    this.target.addEventListener('change', () => actions.boot(this.currentTarget()));
    this.label(this.target, undefined, 'toolbar.boot-target');
    const reset = this.label(button('', '', () => actions.reset()), 'toolbar.reboot', 'toolbar.reboot.title');
    reset.id = 'btn-reset';
    this.runBtn = this.label(button('', '', () => actions.run(), 'primary'), 'toolbar.run', 'action.run-pause', 'run-pause');
    this.runBtn.id = 'btn-run';
    this.pauseBtn = this.label(button('', '', () => actions.pause()), 'toolbar.pause', 'action.run-pause', 'run-pause');
    this.pauseBtn.id = 'btn-pause';
    const steps: [MessageKey, MessageKey, StepKind, ActionId, string][] = [
      ['step.instruction', 'action.step-instruction', 'instruction', 'step-instruction', 'btn-step-instr'],
      ['step.line', 'action.step-line', 'line', 'step-line', 'btn-step-line'],
      ['step.over', 'action.step-over', 'over', 'step-over', 'btn-step-over'],
      ['step.out', 'action.step-out', 'out', 'step-out', 'btn-step-out'],
    ];
    for (const [text, title, kind, action, id] of steps) {
      const b = this.label(button('', '', () => actions.step(kind)), text, title, action);
      b.id = id;
      this.stepButtons.push(b);
    }
    const targets: [MessageKey, MessageKey, RunTarget][] = [
      ['runto.switch', 'action.runto.switch', 'switch'], ['runto.fork', 'action.runto.fork', 'fork'],
      ['runto.exec', 'action.runto.exec', 'exec'], ['runto.exit', 'action.runto.exit', 'exit'],
      ['runto.syscall', 'action.runto.syscall', 'syscall'],
    ];
    for (const [text, title, target] of targets) {
      const b = this.label(button('', '', () => actions.runTo(target)), text, title);
      b.id = `btn-runto-${target}`;
      this.runToButtons.push(b);
    }
    this.label(this.speed, undefined, 'toolbar.speed');
    this.speed.addEventListener('change', () => actions.speed(Number(this.speed.value)));
    const lab = this.label(button('', '', () => {
      const open = lab.getAttribute('aria-pressed') !== 'true';
      lab.setAttribute('aria-pressed', String(open));
      actions.lab(open);
    }), 'toolbar.lab', 'toolbar.lab.title');
    lab.id = 'btn-lab';
    lab.setAttribute('aria-pressed', 'false');
    this.labBtn = lab;
    const editor = this.label(button('', '', () => actions.editor(editor.getAttribute('aria-pressed') !== 'true')), 'toolbar.editor', 'toolbar.editor.title');
    editor.id = 'btn-editor';
    editor.setAttribute('aria-pressed', 'false');
    this.editorBtn = editor;
    const help = this.label(button('?', '', () => actions.help()), undefined, 'action.help', 'help');
    help.id = 'btn-help';
    // A click keeps the focus where it was (the terminal), so closing the list gives it back there.
    help.addEventListener('mousedown', (ev) => ev.preventDefault());
    this.label(this.language, undefined, 'lang.switch');
    // Each language named in itself, whatever the page's language is.
    this.language.append(...LANGS.map((l) => el('option', { text: translate(l, 'lang.name'), attrs: { value: l } })));
    this.language.addEventListener('change', () => {
      if (isLang(this.language.value)) setLang(this.language.value);
    });
    this.status.append(this.stateText, ' ', this.noteText, ' ', this.perfText);
    const stepLabel = el('span', { class: 'label' });
    const runToLabel = el('span', { class: 'label' });
    this.label(stepLabel, 'toolbar.step');
    this.label(runToLabel, 'toolbar.run-to');
    root.append(
      el('span', { class: 'brand', text: 'Glassbox' }),
      el('span', { class: 'group' }, this.target, reset),
      el('span', { class: 'group' }, this.runBtn, this.pauseBtn),
      el('span', { class: 'group' }, stepLabel, ...this.stepButtons),
      el('span', { class: 'group' }, runToLabel, ...this.runToButtons),
      el('span', { class: 'group' }, this.speed),
      el('span', { class: 'group' }, lab, editor),
      el('span', { class: 'group' }, this.language, help),
      this.status,
    );
    this.relabel();
    onLangChange(() => this.relabel());
    window.addEventListener('keydown', (ev) => this.key(ev), { capture: true });
  }

  /** Register an element's catalogue texts; relabel() writes them. */
  private label<E extends HTMLElement>(element: E, text?: MessageKey, title?: MessageKey, action?: ActionId): E {
    this.labelled.push({ element, text, title, action });
    return element;
  }

  /** Write every text in the current language. */
  private relabel(): void {
    for (const { element, text, title, action } of this.labelled) {
      if (text) element.textContent = t(text);
      if (title) element.title = action ? `${t(title)} (${shortcutText(action)})` : t(title);
    }
    const chosen = this.speed.value;
    this.speed.replaceChildren(...SPEEDS.map((ips) => el('option', { text: speedLabel(ips), attrs: { value: String(ips) } })));
    if (chosen) this.speed.value = chosen;
    this.language.value = lang();
    if (this.info) this.setTargets(this.info);
  }

  /** Which of the lab and the Editor is shown (pressed). */
  showPane(pane: 'debugger' | 'lab' | 'editor'): void {
    this.labBtn.setAttribute('aria-pressed', String(pane === 'lab'));
    this.editorBtn.setAttribute('aria-pressed', String(pane === 'editor'));
  }

  setTargets(info: LoadInfo): void {
    this.info = info;
    const chosen = this.target.value;
    this.target.replaceChildren();
    if (info.kernel) this.target.append(el('option', { text: t('toolbar.kernel'), attrs: { value: 'kernel' } }));
    for (const name of info.bare) this.target.append(el('option', { text: t('toolbar.bare', { name }), attrs: { value: `bare:${name}` } }));
    if (chosen) this.target.value = chosen;
  }

  currentTarget(): BootTarget {
    const v = this.target.value;
    return v.startsWith('bare:') ? { kind: 'bare', name: v.slice(5) } : { kind: 'kernel' };
  }

  update(s: Snapshot, fps: number): void {
    this.running = s.status === 'running';
    const live = s.status === 'running' || s.status === 'paused';
    this.runBtn.disabled = !live || this.running;
    this.pauseBtn.disabled = !this.running;
    for (const b of this.stepButtons) b.disabled = !live;
    const kernel = s.target?.kind === 'kernel';
    for (const b of this.runToButtons) b.disabled = !live || !kernel;
    const state = s.status === 'running' && s.idle ? t('toolbar.status.waiting') : t(`status.${s.status}`);
    if (this.stateText.textContent !== state) {
      this.stateText.textContent = state;
      this.stateText.className = `state ${s.status}`;
    }
    const note = s.stopNote ? translateMessage(s.stopNote) : '';
    setText(this.noteText, note ? `· ${note}` : '');
    setText(this.perfText, `· ${t('toolbar.perf', { mips: fmt(s.cpu.mips, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), fps: Math.round(fps) })}`);
  }

  private key(ev: KeyboardEvent): void {
    const action = actionFor(ev, takesTyping(ev.target));
    if (!action) return;
    ev.preventDefault();
    ev.stopPropagation();
    this.perform(action);
  }

  private perform(action: ActionId): void {
    switch (action) {
      case 'run-pause': return this.running ? this.actions.pause() : this.actions.run();
      case 'step-instruction': return this.actions.step('instruction');
      case 'step-line': return this.actions.step('line');
      case 'step-over': return this.actions.step('over');
      case 'step-out': return this.actions.step('out');
      case 'help': return this.actions.help();
    }
  }
}
