// Every lesson file against the schema (web/src/lessons/schema.ts) and the
// built system: both languages for every text, every typed command in /bin
// (or shipped and installed by the lesson first), every highlighted view
// and pressed control on the page, every event in the event schema, every
// figure measured before it is named — and the validator itself catches
// each kind of mistake.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINE_EVENT_SPECS } from '../../vm/isa/machine.js';
import { parseTraceSchema } from '../../vm/host/event-schema.js';
import { PROGRAMS } from '../../vm/host/manifest.js';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import { LESSON_FILES } from '../../web/src/lessons/index.js';
import { VIEW_IDS, commandsOf, validateLesson } from '../../web/src/lessons/schema.js';
import type { Lesson, SystemFacts } from '../../web/src/lessons/schema.js';
import { systemImage } from './helpers.js';

function facts(): SystemFacts {
  const events = new Map<string, string[]>();
  for (const e of parseTraceSchema(readFileSync(join(REPO_ROOT, 'kernel/include/trace.h'), 'utf8')).events.values()) events.set(e.name, e.args.map((a) => a.name));
  for (const e of MACHINE_EVENT_SPECS) events.set(e.name, [...(e.args ?? '').matchAll(/(\w+):/g)].map((m) => m[1]));
  return { programs: [...systemImage().programs.keys()], events };
}

describe('the lesson files', () => {
  const f = facts();

  it('are at least the ten the article needs, numbered 1.. without gaps, each in NN-name.ts', () => {
    expect(LESSON_FILES.length).toBeGreaterThanOrEqual(10);
    expect(LESSON_FILES.map((x) => x.lesson.id)).toEqual(LESSON_FILES.map((_, i) => i + 1));
    for (const { file, lesson } of LESSON_FILES) expect(file).toMatch(new RegExp(`^${String(lesson.id).padStart(2, '0')}-[a-z0-9-]+\\.ts$`));
  });

  for (const { file, lesson } of LESSON_FILES) {
    it(`${file} is sound`, () => {
      expect(validateLesson(lesson, f)).toEqual([]);
    });
  }

  it('the system facts are the real ones: /bin is the manifest\'s, the events include fork and cs_cr3', () => {
    expect([...f.programs].sort()).toEqual([...PROGRAMS].sort());
    expect(f.events.get('reap')).toEqual(['parent', 'child', 'status']);
    expect(f.events.has('cs_cr3')).toBe(true);
    expect(f.events.has('cr3-write')).toBe(true);
  });

  it('every view id a lesson may light up is a panel the page makes', () => {
    const sources = ['code-view', 'cpu-view', 'editor-view', 'event-view', 'lab-view', 'machine-view', 'process-view', 'space-view', 'switch-view', 'terminal-view', 'timeline-view', 'tlb-view']
      .map((v) => readFileSync(join(REPO_ROOT, `web/src/ui/views/${v}.ts`), 'utf8')).join('\n');
    for (const id of VIEW_IDS) expect(sources, id).toContain(`'${id}'`);
  });
});

describe('the validator', () => {
  const f = facts();
  const base = (): Lesson => ({
    id: 1,
    title: { en: 'T', ko: '제목' },
    summary: { en: 'S', ko: '요약' },
    steps: [{ text: { en: 'x', ko: '설명' }, do: [{ kind: 'type', command: 'ls' }], look: ['view-terminal'], until: { kind: 'prompt' } }],
  });

  it('passes a sound lesson', () => {
    expect(validateLesson(base(), f)).toEqual([]);
  });

  it('names each mistake', () => {
    const cases: [(l: Lesson) => void, RegExp][] = [
      [(l) => { l.steps[0].text.ko = ''; }, /step 1 text: no Korean text/],
      [(l) => { l.steps[0].text.ko = 'only latin'; }, /no Hangul/],
      [(l) => { l.title.en = ' '; }, /title: no English text/],
      [(l) => { l.steps[0].do = [{ kind: 'type', command: 'nosuchprog -x' }]; }, /runs nosuchprog, which is not in \/bin/],
      [(l) => { l.steps[0].do = [{ kind: 'type', command: 'time nosuch' }]; }, /runs nosuch,/],
      [(l) => { l.steps[0].look = ['view-nope' as never]; }, /no view "view-nope"/],
      [(l) => { l.steps[0].until = { kind: 'event', name: 'frobnicate' }; }, /no event "frobnicate"/],
      [(l) => { l.steps[0].until = { kind: 'event', name: 'reap', values: { kid: 1 } }; }, /has no argument "kid"/],
      [(l) => { l.steps[0].until = { kind: 'wobble' } as never; }, /unknown condition/],
      [(l) => { l.steps[0].until = { kind: 'output', pattern: '(' }; }, /does not compile/],
      [(l) => { l.steps[0].until = { kind: 'switch', step: 8 }; }, /switch step 8/],
      [(l) => { l.steps[0].text = { en: '{x} cycles', ko: '{x} 사이클' }; }, /figure \{x\} before/],
      [(l) => { l.steps[0].until = { kind: 'figure', name: 'a', pattern: '(\\d+)', check: { op: '<', than: 'b' } }; }, /figure b, which no earlier step/],
      [(l) => { l.steps[0].do = [{ kind: 'install', program: 'mine' }]; }, /does not ship/],
      [(l) => { l.programs = [{ name: 'mine', source: 'int main(void){return 0;}' }]; l.steps[0].do = [{ kind: 'type', command: 'mine' }]; }, /the lesson ships it/],
      [(l) => { l.steps[0].do = [{ kind: 'press', control: 'btn-nope' as never }]; }, /no control "btn-nope"/],
      [(l) => { l.steps[0].quiz = { question: { en: 'q', ko: '질문' }, choices: [{ en: 'a', ko: '가' }, { en: 'b', ko: '나' }], answer: 2, explain: { en: 'e', ko: '설명' } }; }, /answer 2 is not one of the choices/],
      [(l) => { l.steps[0].until = { kind: 'all', of: [{ kind: 'switch', step: 1 }, { kind: 'process', name: 'sh' }] }; }, /one view part at most/],
    ];
    for (const [spoil, message] of cases) {
      const l = base();
      spoil(l);
      const errors = validateLesson(l, f);
      expect(errors.join('\n'), String(message)).toMatch(message);
    }
  });

  it('reads the programs a command line runs', () => {
    expect(commandsOf('ls -l /bin/ls')).toEqual(['ls']);
    expect(commandsOf('spin &')).toEqual(['spin']);
    expect(commandsOf('time -p threadpool 40 | grep total && /bin/echo ok')).toEqual(['time', 'threadpool', 'grep', 'echo']);
  });
});
