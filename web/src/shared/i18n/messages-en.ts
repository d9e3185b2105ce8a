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

  // time travel
  'back.instruction': '◂',
  'back.line': '◂',
  'back.over': '◂',
  'back.out': '◂',
  'back.continue': '◂',
  'backto.switch': '◂',
  'backto.fork': '◂',
  'backto.exec': '◂',
  'backto.exit': '◂',
  'backto.syscall': '◂',
  'action.back-instruction': 'back one instruction',
  'action.back-line': 'back one C line, into calls (reverse-step)',
  'action.back-over': 'back one C line, over calls (reverse-next)',
  'action.back-out': 'back out of the function, to the call that entered it (reverse-finish)',
  'action.reverse-continue': 'back to the previous breakpoint hit (reverse-continue)',
  'action.backto.switch': 'back to the previous context switch',
  'action.backto.fork': 'back to the previous fork',
  'action.backto.exec': 'back to the previous exec',
  'action.backto.exit': 'back to the previous exit',
  'action.backto.syscall': 'back to the previous system call',
  'tt.reach': 'back to cycle {oldest}',
  'tt.cost': '{used} of {budget} MiB',
  'tt.past': 'in the past: {behind} cycles before the furthest reached',
  'tt.title': 'Time travel: the machine can go back to any cycle from {oldest} to {frontier} (the furthest reached). Its checkpoints take {used} MiB of the {budget} MiB budget, with the state at boot kept for session files; when the budget is full, older checkpoints are thinned and the oldest reachable cycle moves on.',
  'tt.budget.title': 'memory the time-travel checkpoints may take (from the next boot)',
  'tt.budget.mib': '{n} MiB',
  'tt.save': 'save session',
  'tt.save.title': 'download the recording as a session file (.gbs): open it later, here or on another computer, at the same state',
  'tt.open': 'open session',
  'tt.open.title': 'replay a session file to the state it was saved at (a bad file changes nothing)',
  'tt.saved': 'saved {name} at cycle {cycle}',
  'tt.opened': 'opened {name}: at cycle {cycle}',
  'tt.save-failed': 'not saved: {why}',
  'tt.scrub': 'click a bar or a mark to go to that cycle; later than now replays the recording',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
