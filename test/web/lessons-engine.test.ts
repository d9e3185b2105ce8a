// The lesson engine on hand-made snapshots: what each wait condition
// accepts and refuses, that events and output latch while states follow
// the latest snapshot, figures and their checks; and the progress store
// and deep links.

import { describe, expect, it } from 'vitest';
import { StepWatch, fillFigures } from '../../web/src/lessons/engine.js';
import type { Observed } from '../../web/src/lessons/engine.js';
import { lessonLink, loadProgress, parseLessonLink, saveProgress } from '../../web/src/lessons/progress.js';
import type { LogEntry, ProcRow } from '../../web/src/shared/protocol.js';

const ev = (name: string, values: Record<string, number> = {}, detail?: string): LogEntry =>
  ({ id: 1, cycle: 0, eip: 0, category: 'process', name, text: name, args: [0, 0, 0, 0], values, ...(detail ? { detail } : {}) });
const row = (pid: number, name: string, state: string, stat: string): ProcRow =>
  ({ pid, ppid: 1, state, stateLabel: state, stat, name, cycles: 0, orphan: false, current: false, cr3: 0, threads: [] });
const snap = (o: Partial<Observed> = {}): Observed => ({ status: 'running', output: '', events: [], ...o });
const table = (...rows: ProcRow[]) => ({ processes: { rows, readyQueue: [], ticks: 0 } });

describe('StepWatch', () => {
  it('waits for an event with its detail and values, counted', () => {
    const w = new StepWatch({ kind: 'event', name: 'exec', detail: '/bin/spin', count: 2 }, new Map());
    expect(w.observe(snap({ events: [ev('exec', {}, '/bin/ls'), ev('exec', {}, '/bin/spin')] }))).toBe(false);
    expect(w.observe(snap({ events: [ev('fork')] }))).toBe(false);
    expect(w.observe(snap({ events: [ev('exec', {}, '/bin/spin')] }))).toBe(true);
    const v = new StepWatch({ kind: 'event', name: 'reap', values: { parent: 1 } }, new Map());
    expect(v.observe(snap({ events: [ev('reap', { parent: 2 })] }))).toBe(false);
    expect(v.observe(snap({ events: [ev('reap', { parent: 1 })] }))).toBe(true);
  });

  it('matches output across snapshots and the prompt at the end only', () => {
    const w = new StepWatch({ kind: 'all', of: [{ kind: 'output', pattern: 'reaped child \\d+' }, { kind: 'prompt' }] }, new Map());
    expect(w.observe(snap({ output: 'zombie: reaped ch' }))).toBe(false);
    expect(w.observe(snap({ output: 'ild 5, exit status 7\nglassbox:/$ ' }))).toBe(true);
    const p = new StepWatch({ kind: 'prompt' }, new Map());
    expect(p.observe(snap({ output: 'glassbox:/$ ls\nbin\n' }))).toBe(false);
  });

  it('judges states on the latest snapshot that carries them: appear, then disappear', () => {
    const gone = new StepWatch({ kind: 'all', of: [{ kind: 'event', name: 'reap' }, { kind: 'process', stat: 'Z', absent: true }] }, new Map());
    expect(gone.observe(snap({ ...table(row(5, 'zombie', 'zombie', 'Z')) }))).toBe(false);
    expect(gone.observe(snap({ events: [ev('reap')] }))).toBe(false); // no table in it: the last verdict (a zombie) stands
    expect(gone.observe(snap({ ...table(row(4, 'zombie', 'waiting', 'S')) }))).toBe(true);
    const z = new StepWatch({ kind: 'all', of: [{ kind: 'stopped' }, { kind: 'process', name: 'zombie', stat: 'Z' }] }, new Map());
    expect(z.observe(snap({ ...table(row(5, 'zombie', 'zombie', 'Z')) }))).toBe(false); // still running
    expect(z.observe(snap({ status: 'paused', ...table(row(5, 'zombie', 'zombie', 'Z')) }))).toBe(true);
  });

  it('wants the machine stopped at the named switch step', () => {
    const w = new StepWatch({ kind: 'switch', step: 3 }, new Map());
    const sw = (current: number) => ({ switch: { current, between: false, steps: [], available: true } });
    expect(w.observe(snap({ status: 'paused', ...sw(2) }))).toBe(false);
    expect(w.observe(snap({ status: 'running', ...sw(3) }))).toBe(false);
    expect(w.observe(snap({ status: 'paused', ...sw(3) }))).toBe(true);
  });

  it('takes figures, checks them against earlier ones, and says why when they disagree', () => {
    const figures = new Map<string, number>([['heap', 580]]);
    const ok = new StepWatch({ kind: 'figure', name: 'stack', pattern: 'stack .*:\\s+(\\d+) cycles', check: { op: '<', than: 'heap' } }, figures);
    expect(ok.observe(snap({ output: 'stack (local array):     78 cycles each\n' }))).toBe(true);
    expect(figures.get('stack')).toBe(78);
    const bad = new StepWatch({ kind: 'figure', name: 'on', pattern: 'misses (\\d+)', check: { op: '<', than: 'heap' } }, figures);
    expect(bad.observe(snap({ output: 'misses 900\n' }))).toBe(false);
    expect(bad.problem).toBe('on = 900, expected < heap (580)');
    expect(fillFigures('{stack} against {heap}, {nope}', figures)).toBe('78 against 580, {nope}');
  });

  it('stays done once met', () => {
    const w = new StepWatch({ kind: 'stopped' }, new Map());
    expect(w.observe(snap({ status: 'paused' }))).toBe(true);
    expect(w.observe(snap({ status: 'running' }))).toBe(true);
  });
});

describe('progress and links', () => {
  it('reads #lesson=6&step=3 as lesson 6, step index 2, and writes it back', () => {
    expect(parseLessonLink('#lesson=6&step=3')).toEqual({ lesson: 6, step: 2 });
    expect(parseLessonLink('#lesson=4')).toEqual({ lesson: 4, step: 0 });
    expect(parseLessonLink('#code=abc')).toBeUndefined();
    expect(parseLessonLink('#lesson=x')).toBeUndefined();
    expect(lessonLink(6, 2)).toBe('#lesson=6&step=3');
  });

  it('keeps progress in a store and survives a damaged or refused one', () => {
    const m = new Map<string, string>();
    const store = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
    expect(loadProgress(store)).toEqual({ finished: [], welcomed: false });
    saveProgress(store, { lesson: 5, step: 2, finished: [1, 3], welcomed: true });
    expect(loadProgress(store)).toEqual({ lesson: 5, step: 2, finished: [1, 3], welcomed: true });
    m.set('glassbox.lessons', '{not json');
    expect(loadProgress(store)).toEqual({ finished: [], welcomed: false });
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(loadProgress(refusing)).toEqual({ finished: [], welcomed: false });
    expect(() => saveProgress(refusing, { finished: [], welcomed: true })).not.toThrow();
  });
});
