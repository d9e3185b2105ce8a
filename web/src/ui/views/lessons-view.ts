// The Lessons panel: the list of lessons (web/src/lessons/), one lesson's
// current step — "step K of N", its text in the page's language, the
// "what do you expect?" question, Do it (실행) and Next (다음) — and the
// views the step is about, outlined on the page. Next is enabled only
// once the step's wait condition is met; the engine (lessons/engine.ts)
// judges it from every snapshot the page draws, and the panel asks the
// worker for the snapshot part the condition reads. Progress is kept in
// localStorage (lessons/progress.ts); `#lesson=6&step=3` opens a step;
// Restart reboots a clean machine and begins the lesson again. A first
// visit offers lesson 1.

import { StepWatch, fillFigures } from '../../lessons/engine.js';
import { LESSONS, lessonById } from '../../lessons/index.js';
import { lessonLink, loadProgress, parseLessonLink, saveProgress } from '../../lessons/progress.js';
import type { Progress } from '../../lessons/progress.js';
import { conditionPart } from '../../lessons/schema.js';
import type { ControlId, HardwareChoice, Lesson, Step, Text } from '../../lessons/schema.js';
import type { Snapshot } from '../../shared/protocol.js';
import { Panel, button, el } from '../dom.js';
import { fmt, lang, onLangChange, t } from '../locale.js';
import type { View } from './view.js';

/** What the panel asks of the page to do a step's actions. */
export interface LessonHost {
  type(command: string): void;
  press(control: ControlId): void;
  install(name: string, source: string): Promise<{ ok: boolean; message: string }>;
  boot(hardware?: HardwareChoice): Promise<void>;
  select(process: string): void;
}

const HIGHLIGHT = 'lesson-highlight';

export class LessonsView implements View {
  readonly panel = new Panel('lessons.title', 'view-lessons', 0);
  private progress: Progress;
  private lesson: Lesson | undefined;
  private stepIndex = 0;
  private watch: StepWatch | undefined;
  private figures = new Map<string, number>();
  private chosen: number | undefined;
  private acting = false;
  private actionError: string | undefined;
  /** Opened at this step by a link, not by walking there. */
  private linkedMidway = false;
  private shownMet = false;
  private shownProblem: string | undefined;
  private readonly welcome = el('div', { class: 'lesson-welcome', id: 'lesson-welcome', attrs: { role: 'dialog' } });
  private stopWelcomeLang: (() => void) | undefined;

  constructor(private readonly host: LessonHost) {
    this.progress = loadProgress(storage());
    this.panel.root.hidden = true;
    const close = button('×', '', () => this.show(false));
    close.id = 'lesson-close';
    close.dataset.title = 'lessons.close.title';
    this.panel.extra.append(close);
    onLangChange(() => this.render());
    window.addEventListener('hashchange', () => this.openLink(location.hash));
  }

  /** Open what the URL or the remembered progress says; offer lesson 1 on a first visit. */
  start(): void {
    if (this.openLink(location.hash)) return;
    if (this.progress.lesson !== undefined && lessonById(this.progress.lesson)) {
      this.open(this.progress.lesson, this.progress.step ?? 0, false);
      this.show(true);
      return;
    }
    this.render();
    if (!this.progress.welcomed) this.showWelcome();
  }

  /**
   * The first visit's offer of lesson 1: a prompt floating over the page's
   * corner, not a panel, so the terminal keeps its rows until the learner
   * chooses (start lesson 1, see every lesson, or not now).
   */
  private showWelcome(): void {
    const draw = (): void => {
      const start = button(t('lessons.welcome.start'), '', () => this.answerWelcome(() => this.open(1, 0, false)), 'primary');
      start.id = 'lesson-welcome-start';
      const list = button(t('lessons.welcome.list'), '', () => this.answerWelcome(() => this.show(true)));
      list.id = 'lesson-welcome-list';
      const later = button(t('lessons.welcome.later'), '', () => this.answerWelcome(() => undefined));
      later.id = 'lesson-welcome-later';
      this.welcome.replaceChildren(el('p', { text: t('lessons.welcome') }), start, ' ', list, ' ', later);
    };
    draw();
    this.stopWelcomeLang = onLangChange(draw);
    document.body.append(this.welcome);
  }

  /** The learner answered the first visit's offer: it is not made again. */
  private answerWelcome(then: () => void): void {
    this.welcome.remove();
    this.stopWelcomeLang?.();
    this.progress = { ...this.progress, welcomed: true };
    saveProgress(storage(), this.progress);
    then();
  }

  get isOpen(): boolean {
    return !this.panel.root.hidden;
  }

  show(open: boolean): void {
    this.panel.root.hidden = !open;
    if (!open) this.highlight([]);
    else this.render();
  }

  /** The snapshot part the waiting step reads. */
  get wants(): 'processes' | 'space' | 'switch' | undefined {
    if (!this.isOpen || !this.lesson || this.watch?.met) return undefined;
    return conditionPart(this.step().until);
  }

  private openLink(hash: string): boolean {
    const link = parseLessonLink(hash);
    if (!link || !lessonById(link.lesson)) return false;
    this.open(link.lesson, link.step, link.step > 0);
    this.show(true);
    return true;
  }

  private open(id: number, step: number, midway: boolean): void {
    this.lesson = lessonById(id);
    if (!this.lesson) return;
    this.figures = new Map();
    this.linkedMidway = midway;
    this.goTo(Math.min(step, this.lesson.steps.length - 1));
  }

  private step(): Step {
    return this.lesson!.steps[this.stepIndex];
  }

  private goTo(i: number): void {
    this.stepIndex = i;
    this.watch = new StepWatch(this.step().until, this.figures);
    this.chosen = undefined;
    this.actionError = undefined;
    this.shownMet = false;
    this.shownProblem = undefined;
    this.progress = { ...this.progress, lesson: this.lesson!.id, step: i, welcomed: true };
    saveProgress(storage(), this.progress);
    history.replaceState(null, '', `${location.pathname}${location.search}${lessonLink(this.lesson!.id, i)}`);
    this.render();
  }

  update(s: Snapshot): void {
    if (!this.watch || !this.isOpen) return;
    const met = this.watch.observe(s);
    if (met !== this.shownMet || this.watch.problem !== this.shownProblem) this.render();
  }

  /** A reboot: the step's watch starts over (what it saw belongs to the old machine). */
  reset(): void {
    if (this.lesson && this.watch && !this.watch.met) this.watch = new StepWatch(this.step().until, this.figures);
  }

  private async doIt(): Promise<void> {
    const step = this.step();
    this.acting = true;
    this.actionError = undefined;
    this.render();
    try {
      for (const d of step.do ?? []) {
        switch (d.kind) {
          case 'type': this.host.type(d.command); break;
          case 'press': this.host.press(d.control); break;
          case 'boot': await this.host.boot(d.hardware); break;
          case 'select': this.host.select(d.process); break;
          case 'install': {
            const program = this.lesson!.programs?.find((p) => p.name === d.program);
            if (!program) throw new Error(`the lesson ships no program ${d.program}`);
            const r = await this.host.install(program.name, program.source);
            if (!r.ok) throw new Error(r.message);
            break;
          }
        }
      }
    } catch (e) {
      this.actionError = e instanceof Error ? e.message : String(e);
    }
    this.acting = false;
    this.render();
  }

  private next(): void {
    const lesson = this.lesson!;
    this.linkedMidway = false;
    if (this.stepIndex + 1 < lesson.steps.length) return this.goTo(this.stepIndex + 1);
    if (!this.progress.finished.includes(lesson.id)) this.progress.finished.push(lesson.id);
    this.progress = { finished: this.progress.finished, welcomed: true };
    saveProgress(storage(), this.progress);
    this.lesson = undefined;
    this.watch = undefined;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    this.render(t('lessons.finished'));
  }

  private async restart(): Promise<void> {
    const id = this.lesson!.id;
    await this.host.boot();
    this.open(id, 0, false);
  }

  private toList(): void {
    this.lesson = undefined;
    this.watch = undefined;
    this.progress = { finished: this.progress.finished, welcomed: true };
    saveProgress(storage(), this.progress);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    this.render();
  }

  private text(x: Text): string {
    return fillFigures(x[lang()], this.figures, (n) => fmt(n));
  }

  private render(note?: string): void {
    this.panel.head.firstChild!.textContent = t('lessons.title');
    for (const b of this.panel.extra.querySelectorAll<HTMLElement>('[data-title]')) b.title = t(b.dataset.title as 'lessons.close.title');
    if (!this.isOpen) return;
    if (!this.lesson) {
      this.highlight([]);
      return void this.panel.body.replaceChildren(...this.listView(note));
    }
    this.shownMet = this.watch!.met;
    this.shownProblem = this.watch!.problem;
    this.panel.body.replaceChildren(...this.stepView());
    this.highlight(this.step().look ?? []);
  }

  private listView(note?: string): Node[] {
    const nodes: Node[] = [];
    if (note) nodes.push(el('p', { class: 'lesson-note good', text: note }));
    nodes.push(el('ol', { class: 'lesson-list' }, ...LESSONS.map((l) => {
      const b = button(`${this.progress.finished.includes(l.id) ? '✓ ' : ''}${l.id}. ${l.title[lang()]}`, l.summary[lang()], () => this.open(l.id, 0, false));
      b.dataset.lesson = String(l.id);
      return el('li', {}, b);
    })));
    return nodes;
  }

  private stepView(): Node[] {
    const lesson = this.lesson!;
    const step = this.step();
    const watch = this.watch!;
    const nodes: Node[] = [
      el('div', { class: 'lesson-head' },
        el('strong', { text: `${t('lessons.lesson', { n: lesson.id })} · ${lesson.title[lang()]}` }),
        el('span', { class: 'lesson-count dim', id: 'lesson-count', text: t('lessons.step', { k: this.stepIndex + 1, n: lesson.steps.length }) }),
      ),
      el('p', { class: 'lesson-text', id: 'lesson-text', text: this.text(step.text) }),
    ];
    if (this.linkedMidway) nodes.push(el('p', { class: 'lesson-note warn', text: t('lessons.midway') }));
    if (step.quiz) nodes.push(this.quizView(step, watch.met));
    const commands = (step.do ?? []).filter((d) => d.kind === 'type').map((d) => (d as { command: string }).command);
    if (commands.length) nodes.push(el('pre', { class: 'lesson-commands', text: commands.map((c) => `$ ${c}`).join('\n') }));
    const needsAnswer = step.quiz !== undefined && this.chosen === undefined;
    const doIt = button(t('lessons.do'), '', () => void this.doIt(), 'primary');
    doIt.id = 'lesson-do';
    doIt.disabled = !step.do?.length || this.acting || needsAnswer;
    const last = this.stepIndex + 1 === lesson.steps.length;
    const next = button(last ? t('lessons.finish') : t('lessons.next'), '', () => this.next(), watch.met ? 'primary' : '');
    next.id = 'lesson-next';
    next.disabled = !watch.met;
    const restart = button(t('lessons.restart'), t('lessons.restart.title'), () => void this.restart());
    restart.id = 'lesson-restart';
    const list = button(t('lessons.list'), '', () => this.toList());
    nodes.push(el('div', { class: 'lesson-actions' }, doIt, next, restart, list));
    const status = watch.met
      ? el('p', { class: 'lesson-status good', id: 'lesson-status', attrs: { 'data-met': 'true' }, text: t('lessons.met') })
      : el('p', { class: 'lesson-status dim', id: 'lesson-status', attrs: { 'data-met': 'false' }, text: needsAnswer ? t('lessons.quiz.pick') : this.acting ? t('lessons.doing') : t('lessons.waiting') });
    nodes.push(status);
    if (watch.problem && !watch.met) nodes.push(el('p', { class: 'lesson-status bad', text: t('lessons.problem', { problem: watch.problem }) }));
    if (this.actionError) nodes.push(el('p', { class: 'lesson-status bad', text: t('lessons.failed', { message: this.actionError }) }));
    if (watch.met && step.done) nodes.push(el('p', { class: 'lesson-done', id: 'lesson-done', text: this.text(step.done) }));
    return nodes;
  }

  private quizView(step: Step, met: boolean): Node {
    const q = step.quiz!;
    const box = el('div', { class: 'lesson-quiz' }, el('div', { class: 'dim', text: t('lessons.quiz') }), el('p', { text: q.question[lang()] }));
    q.choices.forEach((c, i) => {
      const b = button(c[lang()], '', () => {
        this.chosen = i;
        this.render();
      }, this.chosen === i ? 'chosen' : '');
      b.dataset.choice = String(i);
      b.disabled = this.chosen !== undefined;
      if (met && i === q.answer) b.classList.add('answer');
      box.append(b);
    });
    if (met && this.chosen !== undefined) {
      box.append(el('p', { class: this.chosen === q.answer ? 'good' : 'warn', text: `${this.chosen === q.answer ? t('lessons.quiz.right') : t('lessons.quiz.wrong')} ${q.explain[lang()]}` }));
    }
    return box;
  }

  private highlight(ids: readonly string[]): void {
    for (const e of document.querySelectorAll(`.${HIGHLIGHT}`)) if (!ids.includes(e.id)) e.classList.remove(HIGHLIGHT);
    for (const id of ids) document.getElementById(id)?.classList.add(HIGHLIGHT);
  }
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
