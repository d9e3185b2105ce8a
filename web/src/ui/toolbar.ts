// The toolbar: what to boot, reboot, run/pause, the four steps, "run to"
// targets, speed, and the status line. Shortcuts as in browser debuggers:
// F8 continue/pause, F10 step over, F11 step into (a C line), Shift+F11 step
// out, F7 one instruction. "Lab" switches the page between the debugger's
// views and the TLB lab (the Machine panel and the Lab view); "Editor"
// between them and the Editor.

import type { BootTarget, LoadInfo, RunTarget, Snapshot, StepKind } from '../shared/protocol.js';
import { button, el } from './dom.js';

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
}

/** Touch the DOM only when the text changes. */
function setText(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

export const SPEEDS: [string, number][] = [
  ['full speed', 0], ['10M instr/s', 10_000_000], ['1M instr/s', 1_000_000], ['100k instr/s', 100_000],
  ['10k instr/s', 10_000], ['1k instr/s', 1_000], ['100 instr/s', 100], ['10 instr/s (slow motion)', 10],
];

export class Toolbar {
  private readonly target = el('select', { id: 'boot-target', title: 'what the machine boots' });
  private readonly runBtn: HTMLButtonElement;
  private readonly pauseBtn: HTMLButtonElement;
  private readonly stepButtons: HTMLButtonElement[] = [];
  private readonly runToButtons: HTMLButtonElement[] = [];
  private readonly status = el('span', { class: 'status', id: 'status' });
  private readonly stateText = el('span', { class: 'state' });
  private readonly noteText = el('span');
  private readonly perfText = el('span');
  private readonly labBtn: HTMLButtonElement;
  private readonly editorBtn: HTMLButtonElement;
  private running = false;

  constructor(root: HTMLElement, private readonly actions: ToolbarActions) {
    this.target.addEventListener('change', () => actions.boot(this.currentTarget()));
    const reset = button('⟲ reboot', 'reset the machine and boot again', () => actions.reset());
    reset.id = 'btn-reset';
    this.runBtn = button('▶ run', 'continue (F8)', () => actions.run(), 'primary');
    this.runBtn.id = 'btn-run';
    this.pauseBtn = button('❚❚ pause', 'pause (F8)', () => actions.pause());
    this.pauseBtn.id = 'btn-pause';
    const steps: [string, string, StepKind, string][] = [
      ['instr', 'one instruction (F7)', 'instruction', 'btn-step-instr'],
      ['line', 'step into: one C line (F11)', 'line', 'btn-step-line'],
      ['over', 'step over: one C line, calls run through (F10)', 'over', 'btn-step-over'],
      ['out', 'step out: run to the caller (Shift+F11)', 'out', 'btn-step-out'],
    ];
    for (const [label, title, kind, id] of steps) {
      const b = button(label, title, () => actions.step(kind));
      b.id = id;
      this.stepButtons.push(b);
    }
    const targets: [string, RunTarget][] = [['switch', 'switch'], ['fork', 'fork'], ['exec', 'exec'], ['exit', 'exit'], ['syscall', 'syscall']];
    for (const [label, t] of targets) {
      const b = button(label, `run to the next ${t === 'switch' ? 'context switch (a timer interrupt that switches processes)' : t}`, () => actions.runTo(t));
      b.id = `btn-runto-${t}`;
      this.runToButtons.push(b);
    }
    const speed = el('select', { id: 'speed', title: 'emulation speed' });
    for (const [label, ips] of SPEEDS) speed.append(el('option', { text: label, attrs: { value: String(ips) } }));
    speed.addEventListener('change', () => actions.speed(Number(speed.value)));
    const lab = button('Lab', 'the TLB lab: choose the hardware, run experiments, plot them', () => {
      const open = lab.getAttribute('aria-pressed') !== 'true';
      lab.setAttribute('aria-pressed', String(open));
      actions.lab(open);
    });
    lab.id = 'btn-lab';
    lab.setAttribute('aria-pressed', 'false');
    this.labBtn = lab;
    const editor = button('Editor', 'write C in the page and build it', () => actions.editor(editor.getAttribute('aria-pressed') !== 'true'));
    editor.id = 'btn-editor';
    editor.setAttribute('aria-pressed', 'false');
    this.editorBtn = editor;
    this.status.append(this.stateText, ' ', this.noteText, ' ', this.perfText);
    root.append(
      el('span', { class: 'brand', text: 'Glassbox' }),
      el('span', { class: 'group' }, this.target, reset),
      el('span', { class: 'group' }, this.runBtn, this.pauseBtn),
      el('span', { class: 'group' }, el('span', { class: 'label', text: 'step' }), ...this.stepButtons),
      el('span', { class: 'group' }, el('span', { class: 'label', text: 'run to' }), ...this.runToButtons),
      el('span', { class: 'group' }, speed),
      el('span', { class: 'group' }, lab, editor),
      this.status,
    );
    window.addEventListener('keydown', (ev) => this.key(ev), { capture: true });
  }

  /** Which of the lab and the Editor is shown (pressed). */
  showPane(pane: 'debugger' | 'lab' | 'editor'): void {
    this.labBtn.setAttribute('aria-pressed', String(pane === 'lab'));
    this.editorBtn.setAttribute('aria-pressed', String(pane === 'editor'));
  }

  setTargets(info: LoadInfo): void {
    this.target.replaceChildren();
    if (info.kernel) this.target.append(el('option', { text: 'Glassbox kernel', attrs: { value: 'kernel' } }));
    for (const name of info.bare) this.target.append(el('option', { text: `bare: ${name}`, attrs: { value: `bare:${name}` } }));
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
    const state = s.status === 'running' && s.idle ? 'waiting for input' : s.status;
    if (this.stateText.textContent !== state) {
      this.stateText.textContent = state;
      this.stateText.className = `state ${s.status}`;
    }
    setText(this.noteText, s.stopNote ? `· ${s.stopNote}` : '');
    setText(this.perfText, `· ${s.cpu.mips.toFixed(1)} MIPS · ${fps.toFixed(0)} fps`);
  }

  private key(ev: KeyboardEvent): void {
    const map: Record<string, () => void> = {
      F8: () => (this.running ? this.actions.pause() : this.actions.run()),
      F10: () => this.actions.step('over'),
      F11: () => this.actions.step(ev.shiftKey ? 'out' : 'line'),
      F7: () => this.actions.step('instruction'),
    };
    const f = map[ev.key];
    if (!f) return;
    ev.preventDefault();
    ev.stopPropagation();
    f();
  }
}
