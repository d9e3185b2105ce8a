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

  // export
  'export.csv': 'CSV',
  'export.json': 'JSON',
  'export.perfetto': 'Perfetto',
  'export.tlb-entries': 'entries CSV',
  'export.tlb-counters': 'counters CSV',
  'export.events.csv.title': 'download the events the filter shows as CSV (cycle, eip, category, name, pid, detail, step, text, values)',
  'export.events.json.title': 'download the events the filter shows as JSON (format glassbox-events, version 1)',
  'export.perfetto.title': 'download the timeline as a Chrome trace (Trace Event Format JSON) for ui.perfetto.dev or chrome://tracing: threads as tracks, system calls and switch steps as slices, fork/exec/exit as instants',
  'export.tlb-entries.title': 'download the valid TLB entries as CSV (index, set, way, addresses, PCID, flags)',
  'export.tlb-counters.title': 'download the TLB and machine counters as CSV (name, value)',
  'export.failed': 'export failed: {error}',
  'export.empty': 'nothing to export yet',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
