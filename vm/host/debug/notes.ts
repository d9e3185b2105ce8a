// The debugger's notes in English: what a step, a goal or a move in time
// says when it ends ("stepped one instruction", "went back to prog.c:12")
// and why one cannot start ("no earlier line in the recorded history").
//
// Notes are messages (vm/text/message.ts): a key from this catalogue and its
// parameters. The terminal debugger prints noteText(); the page translates
// the key (web/src/shared/i18n/messages-ko-debug.ts gives every key in
// Korean). Parameters are the machine's own notation, shown as they are in
// every language: symbols, file:line, hex addresses, cycles, identifiers
// such as `fork`; words are nested notes (a `what` of "system call").
//
// Keys: debug.* for forward motions (goals.ts, step-commands.ts),
// debug.back.* for moves back (timetravel/reverse.ts, reverse-targets.ts,
// the page's steps back), debug.time.* for the page's moves to a cycle,
// debug.word.* for the words other notes embed.

import { MachineError } from '../machine-error.js';
import { messages, render } from '../../text/message.js';
import type { Message } from '../../text/message.js';

export const DEBUG_NOTES = {
  // Forward: steps and goals
  'debug.stepped-instruction': 'stepped one instruction',
  'debug.stepped-instruction-no-line': 'stepped one instruction (no source line here)',
  'debug.stepped-over-call': 'stepped over the call, at {where}',
  'debug.returned-to': 'returned to {where}',
  'debug.no-caller-frame': 'no caller frame here to return to (ebp does not belong to this code)',
  'debug.stepping-line': 'stepping a line',
  'debug.stepping-over-line': 'stepping over a line',
  'debug.running-to-caller': 'running to the caller',
  'debug.line': '{file}:{line}',
  'debug.no-source-line': 'no source line: stopped at {addr}',

  // Forward: run to the next kernel moment
  'debug.run-to-needs-kernel': 'run-to needs the kernel (not a bare program)',
  'debug.no-ctxsw-1': 'the kernel has no ctxsw_1_interrupt symbol',
  'debug.no-ctxsw': 'the kernel has no ctxsw_* symbols',
  'debug.no-vector128': 'the kernel has no vector128 (int 0x80 entry)',
  'debug.no-trace': 'the kernel has no trace() or TR_{code}',
  'debug.running-to-switch': 'running to the next context switch',
  'debug.running-to-timer': 'running to the next timer interrupt',
  'debug.running-to-switch-step': 'running to the next switch step',
  'debug.running-to-syscall': 'running to the next system call',
  'debug.running-to-event': 'running to the next {target}',
  'debug.at-timer': 'timer interrupt: switch step 1/7',
  'debug.at-switch': 'context switch: step 1/7 timer interrupt',
  'debug.at-switch-step': 'context switch: step {step}/7',
  'debug.at-syscall-from': 'system call {name} (eax={n}) from pid {pid}',
  'debug.at-event': '{target}: stopped in {where}',

  // Back, and through time
  'debug.back.instruction': 'went back one instruction',
  'debug.back.line': 'went back to {line}',
  'debug.back.over': 'went back over calls to {line}',
  'debug.back.out': 'went back to the call at {addr}',
  'debug.back.breakpoint': 'went back to the previous breakpoint hit',
  'debug.back.to': 'back: {what}',
  'debug.back.at-syscall': 'system call {name} (eax={n})',
  'debug.back.at-event': '{target}: in trace(), called from {where}',
  'debug.back.at-flush': '{event} at cycle {cycle}',
  'debug.back.no-breakpoints': 'no breakpoints to go back to',
  'debug.back.no-breakpoint-hit': 'no breakpoint was hit since the oldest reachable cycle ({oldest})',
  'debug.back.none-since': 'no {what} since the oldest reachable cycle ({oldest})',
  'debug.back.needs-kernel': 'going back to kernel events needs the kernel (not a bare program)',
  'debug.back.at-oldest': 'already at the oldest reachable cycle ({oldest})',
  'debug.back.count': 'the count must be at least 1',
  'debug.back.no-line-info': 'no line information',
  'debug.back.no-earlier-line': 'no earlier line in the recorded history',
  'debug.back.line-too-far': 'the previous line began more than 4 M cycles ago; use reverse-finish or reverse-continue',
  'debug.back.no-frame': 'no frame here: the return address slot 0x{addr} is not mapped',
  'debug.back.no-call': 'no call instruction before the return address 0x{addr}',
  'debug.back.call-too-old': 'the call into this function is before the oldest reachable cycle',
  'debug.back.diverged': 'replay diverged: stepped past cycle {to} to {cycle}',
  'debug.back.ring-overflow': 'more events in one instruction than the ring holds',
  'debug.back.flush-stopped': 'no TLB flush: the machine stopped at cycle {cycle}',
  'debug.back.no-flush-in': 'no TLB flush in {cycles} cycles',
  'debug.time.not-a-cycle': "'{cycle}' is not a cycle",
  'debug.time.before-oldest': 'cycle {cycle} is before the oldest reachable cycle ({oldest})',
  'debug.time.at-cycle': 'at cycle {cycle}',
  'debug.time.at-cycle-stopped': 'at cycle {cycle} (the machine stopped: {reason})',

  // Words other notes embed
  'debug.word.switch': 'switch',
  'debug.word.timer': 'timer',
  'debug.word.switch-step': 'switch step',
  'debug.word.system-call': 'system call',
  'debug.word.tlb-flush': 'TLB flush',
  'debug.word.stop.halt': 'halt',
  'debug.word.stop.exit': 'exit',
  'debug.word.stop.idle': 'idle',
  'debug.word.stop.shutdown': 'shutdown',
} as const;

export type DebugNoteKey = keyof typeof DEBUG_NOTES;
export type Note = Message<DebugNoteKey>;

/** A note: `note('back.line', { line })`; the type checks the key and its placeholders. */
export const note = messages(DEBUG_NOTES);

/** A note in English, as the terminal debugger prints it. */
export function noteText(n: Note): string {
  return render(DEBUG_NOTES, n);
}

/** The MachineError that says `n` (its message is the English text). */
export function noteError(n: Note): MachineError {
  return new MachineError(noteText(n), n);
}

/** A stop reason as a word, for "the machine stopped: halt" (an unknown reason shows as it is). */
export function stopWord(reason: string): Note | string {
  const key = `debug.word.stop.${reason}`;
  return Object.hasOwn(DEBUG_NOTES, key) ? { key: key as DebugNoteKey } : reason;
}
