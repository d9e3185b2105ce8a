// What a lesson is, as data: the types a lesson file (NN-name.ts beside
// this one) is written in, and the validator the tests run on every lesson.
//
// A lesson is a list of steps. A step explains one idea (in Korean and in
// English), says what the learner does (`do`: commands typed into the
// shell, toolbar buttons pressed, programs the lesson ships built into
// /bin, a reboot, a process selected), lights up the views that matter
// (`look`), may ask "what do you expect?" first (`quiz`), and waits until
// the machine shows it happened (`until`, evaluated by engine.ts against
// the worker's snapshots). Nothing here touches the DOM or the machine, so
// the page, the headless lesson runner and the schema test share it.
//
// The validator checks what a file alone can say (both languages, known
// kinds, regular expressions that compile, figures named before use) and,
// given the facts of the built system (the programs in /bin, the event
// schema), that every command and event a lesson names exists.

import type { RegionKind, RunTarget, StepKind } from '../shared/protocol.js';

/** A text in both of the app's languages. */
export interface Text {
  en: string;
  ko: string;
}

/** The page's views a step can light up (their panels' element ids: views/*.ts). */
export const VIEW_IDS = [
  'view-terminal', 'view-events', 'view-cpu', 'view-code', 'view-processes', 'view-space', 'view-tlb',
  'view-timeline', 'view-switch', 'view-machine', 'view-lab', 'view-editor',
] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** What pressing a control does to the machine (the page clicks the real button; the headless runner does this). */
export type ControlEffect =
  | { run: true }
  | { pause: true }
  | { step: StepKind }
  | { runTo: RunTarget }
  | { pane: 'lab' | 'editor' | 'debugger' };

/** The buttons a step may press, by element id (toolbar.ts, views/switch-view.ts), and what each does. */
export const CONTROLS = {
  'btn-run': { run: true },
  'btn-pause': { pause: true },
  'btn-step-instr': { step: 'instruction' },
  'btn-step-line': { step: 'line' },
  'btn-step-over': { step: 'over' },
  'btn-runto-switch': { runTo: 'switch' },
  'btn-runto-fork': { runTo: 'fork' },
  'btn-runto-exec': { runTo: 'exec' },
  'btn-runto-exit': { runTo: 'exit' },
  'btn-runto-syscall': { runTo: 'syscall' },
  'btn-next-switch': { runTo: 'switch' },
  'btn-next-step': { runTo: 'switch-step' },
  'btn-lab': { pane: 'lab' },
} as const satisfies Record<string, ControlEffect>;
export type ControlId = keyof typeof CONTROLS;

/** Which of the machine's boot-time choices a lesson may set (the rest stay at their defaults). */
export interface HardwareChoice {
  pcid?: boolean;
  globalPages?: boolean;
}

/** One thing "Do it" does, in order with the others of its step. */
export type Do =
  /** Type a command line into the shell (Enter is added). */
  | { kind: 'type'; command: string }
  /** Press a button of the page. */
  | { kind: 'press'; control: ControlId }
  /** Build one of the lesson's programs and put it into /bin (the Editor's install path). */
  | { kind: 'install'; program: string }
  /** Reboot a clean machine, on the default hardware changed by `hardware`. */
  | { kind: 'boot'; hardware?: HardwareChoice }
  /** Select the newest process of this name in the views (the Address space view shows it). */
  | { kind: 'select'; process: string };

export const COMPARISONS = ['<', '<=', '>', '>=', '=='] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * What the machine must show before the step is done. Events, output and
 * figures count from the moment the step began and, once seen, stay seen;
 * the others are about the machine as it is now (the latest snapshot).
 * `all` is met when every part is at once.
 */
export type Condition =
  /** Nothing to wait for: the learner reads, or looks at a view. */
  | { kind: 'read' }
  /** An event of the log: its schema name, and optionally its detail, argument values (by schema name) and how many. */
  | { kind: 'event'; name: string; detail?: string; values?: Record<string, number>; count?: number }
  /** The console printed text matching `pattern` (a regular expression, multiline). */
  | { kind: 'output'; pattern: string }
  /**
   * A number in the console output: `pattern`'s first group, kept under
   * `name` for later steps and texts ({name}); with `check`, the step is
   * done only if it compares so with a number or an earlier figure.
   */
  | { kind: 'figure'; name: string; pattern: string; check?: { op: Comparison; than: number | string } }
  /** The shell's prompt is back (the last output ends with it). */
  | { kind: 'prompt' }
  /** The machine is stopped (paused by a button, a "run to" or a step). */
  | { kind: 'stopped' }
  /** The machine is stopped inside a context switch, at this one of the seven steps. */
  | { kind: 'switch'; step: number }
  /** A process in the table (or, with `absent`, none) with all of these. */
  | {
      kind: 'process'; name?: string; state?: ProcessState; stat?: 'R' | 'S' | 'Z' | 'N'; orphan?: boolean;
      ppid?: number; threads?: number; absent?: boolean;
    }
  /** The Address space view shows a process (by name) with a region of this kind, pages shared, or this many thread stacks. */
  | { kind: 'space'; process?: string; region?: RegionKind; shared?: boolean; threadStacks?: number }
  | { kind: 'all'; of: Condition[] };

export type ProcessState = 'new' | 'ready' | 'running' | 'waiting' | 'zombie';
const PROCESS_STATES: readonly ProcessState[] = ['new', 'ready', 'running', 'waiting', 'zombie'];
const REGION_KINDS: readonly RegionKind[] = ['null', 'code', 'data', 'bss', 'heap', 'free', 'guard', 'stack', 'kernel'];
export const CONDITION_KINDS = ['read', 'event', 'output', 'figure', 'prompt', 'stopped', 'switch', 'process', 'space', 'all'] as const;

/** "What do you expect?": asked before the machine answers it. */
export interface Quiz {
  question: Text;
  choices: Text[];
  /** Index of the right choice. */
  answer: number;
  /** Why, shown once the machine has shown it. */
  explain: Text;
}

export interface Step {
  /** The idea, in a few sentences. {figure} names a figure measured earlier. */
  text: Text;
  do?: Do[];
  look?: ViewId[];
  quiz?: Quiz;
  until: Condition;
  /** Said once the condition is met (it may name figures, this step's too). */
  done?: Text;
}

/** A C program a lesson ships: built like the Editor builds it and installed into /bin as `name`. */
export interface LessonProgram {
  name: string;
  source: string;
}

export interface Lesson {
  /** Its number: the NN of its file name, and of #lesson=NN. */
  id: number;
  title: Text;
  summary: Text;
  programs?: LessonProgram[];
  steps: Step[];
}

/** What the built system offers, for the checks a lesson file alone cannot make. */
export interface SystemFacts {
  /** The names of the programs in /bin. */
  programs: readonly string[];
  /** Every event's schema name and its arguments' names. */
  events: ReadonlyMap<string, readonly string[]>;
}

/** The snapshot part a condition reads (the page asks the worker for it while the step waits). */
export function conditionPart(c: Condition): 'processes' | 'space' | 'switch' | undefined {
  switch (c.kind) {
    case 'process': return 'processes';
    case 'space': return 'space';
    case 'switch': return 'switch';
    case 'all': return c.of.map(conditionPart).find((p) => p !== undefined);
    default: return undefined;
  }
}

function parts(c: Condition): Set<string> {
  if (c.kind === 'all') return new Set(c.of.flatMap((x) => [...parts(x)]));
  const p = conditionPart(c);
  return new Set(p ? [p] : []);
}

/** The figures a text names: "{heap} cycles" → ['heap']. */
export function figureNames(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** The programs a command line runs: the first word of each part between | ; && || &, and the command after `time`. */
export function commandsOf(line: string): string[] {
  const out: string[] = [];
  for (const part of line.split(/\|\||&&|[|;&]/)) {
    const words = part.trim().split(/\s+/).filter((w) => w !== '');
    let i = 0;
    if (words[0] === 'time') {
      out.push('time');
      for (i = 1; words[i]?.startsWith('-'); i++);
    }
    if (words[i] !== undefined) out.push(words[i].replace(/^\/bin\//, ''));
  }
  return out;
}

/**
 * Every problem with a lesson, each naming where ("step 3: …"); empty when
 * it is sound. `facts` adds the checks against the built system.
 */
export function validateLesson(lesson: Lesson, facts?: SystemFacts): string[] {
  const errors: string[] = [];
  const err = (where: string, what: string) => errors.push(`lesson ${lesson.id}: ${where}: ${what}`);
  if (!Number.isInteger(lesson.id) || lesson.id < 1) err('id', `${lesson.id} is not a positive integer`);
  checkText(lesson.title, 'title', err);
  checkText(lesson.summary, 'summary', err);
  const shipped = new Set<string>();
  for (const p of lesson.programs ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]{0,27}$/.test(p.name)) err(`program ${p.name}`, 'not a usable /bin name');
    if (shipped.has(p.name)) err(`program ${p.name}`, 'shipped twice');
    if (!/\bmain\s*\(/.test(p.source)) err(`program ${p.name}`, 'its source has no main()');
    shipped.add(p.name);
  }
  if (!Array.isArray(lesson.steps) || lesson.steps.length === 0) err('steps', 'a lesson needs at least one step');
  const installed = new Set<string>();
  const figures = new Set<string>();
  (lesson.steps ?? []).forEach((step, i) => {
    const where = `step ${i + 1}`;
    checkText(step.text, `${where} text`, err);
    for (const name of figureNames(step.text.en + step.text.ko)) {
      if (!figures.has(name)) err(`${where} text`, `names the figure {${name}} before a step measures it`);
    }
    for (const d of step.do ?? []) checkDo(d, where, shipped, installed, facts, err);
    for (const v of step.look ?? []) if (!(VIEW_IDS as readonly string[]).includes(v)) err(`${where} look`, `no view "${v}" (known: ${VIEW_IDS.join(', ')})`);
    if (step.quiz) checkQuiz(step.quiz, where, err);
    checkCondition(step.until, `${where} until`, figures, facts, err);
    const needs = parts(step.until);
    if (needs.size > 1) err(`${where} until`, `reads ${[...needs].join(' and ')}: a step may wait on one view part at most`);
    collectFigures(step.until, figures);
    if (step.done) {
      checkText(step.done, `${where} done`, err);
      for (const name of figureNames(step.done.en + step.done.ko)) {
        if (!figures.has(name)) err(`${where} done`, `names the figure {${name}}, which no step measures by then`);
      }
    }
  });
  return errors;
}

type Report = (where: string, what: string) => void;

function checkText(t: Text | undefined, where: string, err: Report): void {
  if (!t || typeof t !== 'object') return err(where, 'missing');
  for (const lang of ['en', 'ko'] as const) {
    if (typeof t[lang] !== 'string' || t[lang].trim() === '') err(where, `no ${lang === 'en' ? 'English' : 'Korean'} text`);
  }
  if (typeof t.ko === 'string' && t.ko.trim() !== '' && !/[\uac00-\ud7a3]/.test(t.ko)) err(where, 'the Korean text has no Hangul');
  const a = figureNames(t.en ?? '').sort().join();
  const b = figureNames(t.ko ?? '').sort().join();
  if (a !== b) err(where, `the two languages name different figures ({${a}} and {${b}})`);
}

function checkDo(d: Do, where: string, shipped: Set<string>, installed: Set<string>, facts: SystemFacts | undefined, err: Report): void {
  switch (d.kind) {
    case 'type': {
      if (typeof d.command !== 'string' || d.command.trim() === '' || d.command.includes('\n')) return err(`${where} do`, 'a command is one non-empty line');
      if (!facts) return;
      for (const c of commandsOf(d.command)) {
        if (!facts.programs.includes(c) && !installed.has(c)) {
          err(`${where} do`, `"${d.command}" runs ${c}, which is not in /bin${shipped.has(c) ? ` (the lesson ships it: install it in an earlier action)` : ''}`);
        }
      }
      return;
    }
    case 'press':
      if (!(d.control in CONTROLS)) err(`${where} do`, `no control "${d.control}" (known: ${Object.keys(CONTROLS).join(', ')})`);
      return;
    case 'install':
      if (!shipped.has(d.program)) err(`${where} do`, `installs ${d.program}, which the lesson does not ship`);
      installed.add(d.program);
      return;
    case 'boot':
      for (const k of Object.keys(d.hardware ?? {})) if (k !== 'pcid' && k !== 'globalPages') err(`${where} do`, `boot: no hardware choice "${k}"`);
      return;
    case 'select':
      if (typeof d.process !== 'string' || d.process === '') err(`${where} do`, 'select names a process');
      return;
    default:
      err(`${where} do`, `unknown action ${JSON.stringify(d)}`);
  }
}

function checkQuiz(q: Quiz, where: string, err: Report): void {
  checkText(q.question, `${where} quiz question`, err);
  if (!Array.isArray(q.choices) || q.choices.length < 2) err(`${where} quiz`, 'at least two choices');
  (q.choices ?? []).forEach((c, i) => checkText(c, `${where} quiz choice ${i + 1}`, err));
  if (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= (q.choices?.length ?? 0)) err(`${where} quiz`, `answer ${q.answer} is not one of the choices`);
  checkText(q.explain, `${where} quiz explain`, err);
}

function checkRegex(pattern: unknown, where: string, err: Report): void {
  if (typeof pattern !== 'string' || pattern === '') return err(where, 'a pattern is a non-empty string');
  try {
    new RegExp(pattern, 'm');
  } catch (e) {
    err(where, `the pattern does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function checkCondition(c: Condition, where: string, figures: Set<string>, facts: SystemFacts | undefined, err: Report): void {
  if (!c || !(CONDITION_KINDS as readonly string[]).includes((c as { kind: string }).kind)) {
    return err(where, `unknown condition ${JSON.stringify(c)} (known: ${CONDITION_KINDS.join(', ')})`);
  }
  switch (c.kind) {
    case 'event': {
      if (c.count !== undefined && (!Number.isInteger(c.count) || c.count < 1)) err(where, `count ${c.count} is not a positive integer`);
      if (!facts) return;
      const args = facts.events.get(c.name);
      if (!args) return err(where, `no event "${c.name}" in the event schema`);
      for (const k of Object.keys(c.values ?? {})) if (!args.includes(k)) err(where, `event ${c.name} has no argument "${k}" (it has ${args.join(', ') || 'none'})`);
      return;
    }
    case 'output':
      return checkRegex(c.pattern, where, err);
    case 'figure': {
      checkRegex(c.pattern, where, err);
      if (!/^\w+$/.test(c.name)) err(where, `figure name "${c.name}" is not a word`);
      if (typeof c.pattern === 'string' && !/\((?!\?)/.test(c.pattern)) err(where, 'the pattern has no group to take the number from');
      if (c.check) {
        if (!(COMPARISONS as readonly string[]).includes(c.check.op)) err(where, `no comparison "${c.check.op}"`);
        if (typeof c.check.than === 'string' && !figures.has(c.check.than)) err(where, `compares with figure ${c.check.than}, which no earlier step measures`);
      }
      return;
    }
    case 'switch':
      if (!Number.isInteger(c.step) || c.step < 1 || c.step > 7) err(where, `switch step ${c.step} is not 1 to 7`);
      return;
    case 'process':
      if (c.state !== undefined && !PROCESS_STATES.includes(c.state)) err(where, `no process state "${c.state}"`);
      if (c.stat !== undefined && !['R', 'S', 'Z', 'N'].includes(c.stat)) err(where, `no STAT letter "${c.stat}"`);
      return;
    case 'space':
      if (c.region !== undefined && !REGION_KINDS.includes(c.region)) err(where, `no region kind "${c.region}"`);
      return;
    case 'all':
      if (!Array.isArray(c.of) || c.of.length === 0) return err(where, 'all: needs conditions');
      c.of.forEach((x, i) => {
        checkCondition(x, `${where}.${i + 1}`, figures, facts, err);
        collectFigures(x, figures);
      });
      return;
    default:
      return;
  }
}

function collectFigures(c: Condition, into: Set<string>): void {
  if (c.kind === 'figure') into.add(c.name);
  if (c.kind === 'all') for (const x of c.of) collectFigures(x, into);
}
