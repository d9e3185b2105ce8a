// Every lesson, run step by step against the real machine through the
// worker's Emulator under Node (lesson-runner.ts): each step's actions are
// done as "Do it" does them, and its wait condition must be met within the
// cycle budget. A kernel or program change that breaks what a lesson shows
// fails here.

import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../web/src/lessons/index.js';
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
