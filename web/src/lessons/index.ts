// Every lesson, in order: each NN-name.ts file beside this one that
// exports a Lesson as its default. A teacher adds a lesson by adding a file
// (and any C programs it ships under programs/): nothing else names them.
// Vite (the page's build and vitest alike) collects the files at build time.

import type { Lesson } from './schema.js';

const files = import.meta.glob<{ default: Lesson }>('./[0-9][0-9]-*.ts', { eager: true });

/** The lessons by id, with the file each came from. */
export const LESSON_FILES: readonly { file: string; lesson: Lesson }[] = Object.entries(files)
  .map(([file, mod]) => ({ file: file.replace(/^\.\//, ''), lesson: mod.default }))
  .sort((a, b) => a.lesson.id - b.lesson.id);

export const LESSONS: readonly Lesson[] = LESSON_FILES.map((f) => f.lesson);

export function lessonById(id: number): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
