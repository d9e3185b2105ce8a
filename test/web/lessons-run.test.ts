// Every lesson, run step by step against the real machine through the
// worker's Emulator under Node (lesson-runner.ts): each step's actions are
// done as "Do it" does them, and its wait condition must be met within the
// cycle budget. A kernel or program change that breaks what a lesson shows
// fails here.

import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../web/src/lessons/index.js';
import type { Lesson } from '../../web/src/lessons/schema.js';
import { LessonRunner } from './lesson-runner.js';

describe('every lesson runs to its end on the real machine', () => {
  for (const lesson of LESSONS) {
    it(`lesson ${lesson.id}: ${lesson.title.en}`, async () => {
      const r = new LessonRunner(lesson);
      await r.boot();
      for (let i = 0; i < lesson.steps.length; i++) {
        const result = await r.step(i);
        expect(result, `lesson ${lesson.id} step ${i + 1} not met after ${result.cycles} cycles${result.problem ? ` (${result.problem})` : ''}; console:\n${r.tail()}`).toMatchObject({ met: true });
      }
    }, 240_000);
  }
});

describe('the runner fails a lesson the machine does not bear out', () => {
  it('reports a step whose output never comes, and a figure that disagrees, as not met', async () => {
    const broken: Lesson = {
      id: 99, title: { en: 't', ko: '제목' }, summary: { en: 's', ko: '요약' },
      steps: [
        { text: { en: 'x', ko: '설명' }, do: [{ kind: 'type', command: 'ls' }], until: { kind: 'output', pattern: 'no such output' } },
        {
          text: { en: 'x', ko: '설명' }, do: [{ kind: 'type', command: 'allocbench' }],
          until: { kind: 'figure', name: 'stack', pattern: 'stack \\(local array\\):\\s+(\\d+) cycles', check: { op: '>', than: 100000 } },
        },
      ],
    };
    const r = new LessonRunner(broken);
    await r.boot();
    expect(await r.step(0, 2e8)).toMatchObject({ step: 1, met: false });
    const second = await r.step(1, 2e9);
    expect(second).toMatchObject({ step: 2, met: false });
    expect(second.problem).toMatch(/^stack = \d+, expected > 100000$/);
  }, 120_000);
});
