// Where the learner is: the lesson and step they were on, which lessons
// they finished, and whether the first-visit prompt was answered — kept in
// the browser (localStorage) so a reload comes back to the same step — and
// the deep link that opens a lesson at a step (`#lesson=6&step=3`).
// Storage is passed in, so Node tests use a Map.

export interface Progress {
  /** The lesson open (its id) and its step (0-based), or none. */
  lesson?: number;
  step?: number;
  /** Lessons finished, by id. */
  finished: number[];
  /** The first-visit prompt was answered (started or dismissed). */
  welcomed: boolean;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'glassbox.lessons';

export function loadProgress(store: KeyValueStore | undefined): Progress {
  const empty: Progress = { finished: [], welcomed: false };
  let text: string | null = null;
  try {
    text = store?.getItem(KEY) ?? null;
  } catch {
    return empty; // storage refused: start fresh, nothing lost but memory
  }
  if (!text) return empty;
  try {
    const v = JSON.parse(text) as Partial<Progress>;
    const p: Progress = {
      finished: Array.isArray(v.finished) ? v.finished.filter((n) => Number.isInteger(n)) : [],
      welcomed: v.welcomed === true,
    };
    if (Number.isInteger(v.lesson)) p.lesson = v.lesson;
    if (Number.isInteger(v.step) && (v.step as number) >= 0) p.step = v.step;
    return p;
  } catch {
    return empty; // a damaged entry: start fresh
  }
}

export function saveProgress(store: KeyValueStore | undefined, p: Progress): void {
  try {
    store?.setItem(KEY, JSON.stringify(p));
  } catch {
    // Not remembered, but the lesson goes on.
  }
}

/** `#lesson=6&step=3` → lesson 6, step index 2; undefined when the fragment names no lesson. */
export function parseLessonLink(hash: string): { lesson: number; step: number } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const lesson = Number(params.get('lesson'));
  if (!params.has('lesson') || !Number.isInteger(lesson) || lesson < 1) return undefined;
  const stepText = params.get('step');
  const step = stepText === null ? 1 : Number(stepText);
  return { lesson, step: Number.isInteger(step) && step >= 1 ? step - 1 : 0 };
}

/** The fragment that links to a lesson's step (index 0-based, shown 1-based). */
export function lessonLink(lesson: number, step: number): string {
  return `#lesson=${lesson}&step=${step + 1}`;
}
