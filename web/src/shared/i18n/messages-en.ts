// The English message catalogue: every text the app shows, by key. It is
// the reference: a key exists when it is here, and messages-ko.ts must give
// every one of them (the type makes a missing key a compile error, and
// test/web/i18n.test.ts also checks the placeholders match).
//
// Placeholders are {name}; translate() fills them (shared/i18n/i18n.ts).
// Keys are grouped by the part of the page that shows them.

export const en = {
  'lang.name': 'English',
  'lang.switch': 'language: 한국어 / English',

  'toolbar.boot-target': 'what the machine boots',
  'toolbar.kernel': 'Glassbox kernel',
  'toolbar.bare': 'bare: {name}',
  'toolbar.reboot': '⟲ reboot',
  'toolbar.reboot.title': 'reset the machine and boot again',
  'toolbar.run': '▶ run',
  'toolbar.pause': '❚❚ pause',
  'toolbar.step': 'step',
  'toolbar.run-to': 'run to',
  'toolbar.speed': 'emulation speed',
  'toolbar.lab': 'Lab',
  'toolbar.lab.title': 'the TLB lab: choose the hardware, run experiments, plot them',
  'toolbar.editor': 'Editor',
  'toolbar.editor.title': 'write C in the page and build it',
  'toolbar.status.waiting': 'waiting for input',
  'toolbar.perf': '{mips} MIPS · {fps} fps',

  'step.instruction': 'instr',
  'step.line': 'line',
  'step.over': 'over',
  'step.out': 'out',
  'runto.switch': 'switch',
  'runto.fork': 'fork',
  'runto.exec': 'exec',
  'runto.exit': 'exit',
  'runto.syscall': 'syscall',

  'action.run-pause': 'continue / pause',
  'action.step-instruction': 'one instruction',
  'action.step-line': 'step into: one C line',
  'action.step-over': 'step over: one C line, calls run through',
  'action.step-out': 'step out: run to the caller',
  'action.runto.switch': 'run to the next context switch (a timer interrupt that switches processes)',
  'action.runto.fork': 'run to the next fork',
  'action.runto.exec': 'run to the next exec',
  'action.runto.exit': 'run to the next exit',
  'action.runto.syscall': 'run to the next system call',

  'speed.full': 'full speed',
  'speed.ips': '{n} instr/s',
  'speed.slow': '{n} instr/s (slow motion)',

  // lessons
  'lessons.title': 'Lessons',
  'lessons.open': 'Lessons',
  'lessons.open.title': "guided lessons: the article's chapters as experiments on this machine",
  'lessons.step': 'step {k} of {n}',
  'lessons.do': 'Do it',
  'lessons.next': 'Next',
  'lessons.finish': 'Finish',
  'lessons.restart': 'Restart',
  'lessons.restart.title': 'reboot a clean machine and begin this lesson at step 1',
  'lessons.list': 'All lessons',
  'lessons.close.title': 'close the lessons',
  'lessons.waiting': 'Waiting for the machine to show it…',
  'lessons.met': 'Done: the machine showed it.',
  'lessons.problem': 'The machine showed something else: {problem}',
  'lessons.quiz': 'What do you expect?',
  'lessons.quiz.pick': 'Pick an answer first, then let the machine answer it.',
  'lessons.quiz.right': 'As you expected.',
  'lessons.quiz.wrong': 'Not what you expected.',
  'lessons.welcome': 'New here? Lesson 1 shows a process being born, step by step, on this machine.',
  'lessons.welcome.start': 'Start lesson 1',
  'lessons.welcome.later': 'Not now',
  'lessons.finished': 'Lesson finished.',
  'lessons.midway': 'This step follows from the ones before it: Restart begins the lesson at step 1.',
  'lessons.doing': 'Doing it…',
  'lessons.failed': 'Could not do it: {message}',
  'lessons.lesson': 'Lesson {n}',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
