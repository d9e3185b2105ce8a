// "Back to the previous …" and "on to the next TLB flush": where each of
// the kernel's moments is, as the reverse verbs (timetravel/reverse.ts)
// search for it. Shared by the terminal debugger (debugger.ts) and the
// page's worker, so both go back to the same places.
//
//  - a context switch: the timer interrupt's entry (ctxsw_1_interrupt)
//    taken from user mode (the pushed cs has RPL 3); any switch step: any
//    ctxsw_* label; a timer interrupt: the entry from anywhere;
//  - a system call: the int 0x80 entry (vector128);
//  - fork, exec, exit: trace() called with the event's code;
//  - a TLB flush: an event in the ring (a tlb-flush, or a CR3 write that
//    dropped entries), found by replaying and reading the ring. Forward,
//    the same search runs ahead in slices and goes back to the event.

import type { Machine } from '../machine.js';
import type { Program } from '../program.js';
import type { KernelNames } from '../kernel-events.js';
import type { MachineEvent } from '../event-ring.js';
import type { CodeInfo, Reverse } from '../timetravel/reverse.js';
import type { CodeMap } from './code-map.js';
import type { RunTarget } from './step-commands.js';
import type { SwitchPoints } from './switch-points.js';
import { note, noteError } from './notes.js';
import type { Note } from './notes.js';

/** What "back to the previous …" can go to. */
export type ReverseTarget = RunTarget | 'flush';

export interface TargetContext {
  readonly m: Machine;
  readonly reverse: Reverse;
  readonly switches: SwitchPoints;
  readonly kernel: Program | undefined;
  readonly names: KernelNames | undefined;
  /** `function+off (file:line)` for an address. */
  describe(eip: number): string;
}

/** Cycles the forward flush search replays per slice (a flush is found within one, then gone back to). */
const FLUSH_SLICE = 2_000_000;

const isFlush = (e: MachineEvent): boolean => e.name === 'tlb-flush' || (e.name === 'cr3-write' && e.c > 0);

function readVirt32(m: Machine, va: number): number {
  const { bytes } = m.readVirt(va >>> 0, 4);
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}

/** Go back to the previous `target`; returns the stop note, throws (staying) when history holds none. */
export function reverseUntil(ctx: TargetContext, target: ReverseTarget): Note {
  const { m, reverse, switches, kernel, names } = ctx;
  const none = (what: Note | string) => noteError(note('debug.back.none-since', { what, oldest: String(reverse.rec.oldestCycle) }));
  if (!kernel) throw noteError(note('debug.back.needs-kernel'));
  switch (target) {
    case 'switch':
    case 'timer':
    case 'switch-step': {
      if (!switches.available) throw noteError(note('debug.no-ctxsw'));
      const addrs = target === 'switch-step' ? switches.stops : [switches.addresses[0]];
      const accept = target === 'switch' ? (mm: Machine) => (readVirt32(mm, mm.getReg('esp') + 4) & 3) === 3 : () => true;
      const word = note(target === 'switch' ? 'debug.word.switch' : target === 'timer' ? 'debug.word.timer' : 'debug.word.switch-step');
      if (reverse.previousStop(addrs, accept) === undefined) throw none(word);
      const step = switches.stepAt(m.eip);
      return step ? note('debug.at-switch-step', { step: String(step) }) : word;
    }
    case 'syscall': {
      const entry = kernel.lookup('vector128');
      if (entry === undefined) throw noteError(note('debug.no-vector128'));
      if (reverse.previousStop([entry]) === undefined) throw none(note('debug.word.system-call'));
      const n = m.getReg('eax');
      return note('debug.back.at-syscall', { name: names?.syscalls.get(n) ?? String(n), n: String(n) });
    }
    case 'fork':
    case 'exec':
    case 'exit': {
      const trace = kernel.lookup('trace');
      const code = [...(names?.trace ?? [])].find(([, name]) => name === target)?.[0];
      if (trace === undefined || code === undefined) throw noteError(note('debug.no-trace', { code: target.toUpperCase() }));
      const found = reverse.previousStop([trace], (mm) => readVirt32(mm, mm.getReg('esp') + 4) === code);
      if (found === undefined) throw none(target);
      return note('debug.back.at-event', { target, where: ctx.describe(readVirt32(m, m.getReg('esp'))) });
    }
    case 'flush': {
      const ev = reverse.previousEvent(isFlush);
      if (!ev) throw none(note('debug.word.tlb-flush'));
      return note('debug.back.at-flush', { event: ev.name, cycle: String(ev.cycles) });
    }
  }
}

/**
 * Run on to the next TLB flush (at most `maxCycles`): the position at the
 * flush event's cycle. Returns the note; when none came, the machine is
 * where the search ended and the note says so.
 */
export function untilFlush(ctx: TargetContext, maxCycles: number): Note {
  const { m, reverse } = ctx;
  const rec = reverse.rec;
  const start = m.cycles;
  while (m.cycles - start < maxCycles) {
    const from = m.cycles;
    const to = from + Math.min(FLUSH_SLICE, maxCycles - (from - start));
    const ev = reverse.eventsBetween(from, to).find((e) => isFlush(e) && e.cycles > start);
    if (ev) {
      rec.goTo(ev.cycles);
      return note('debug.back.at-flush', { event: ev.name, cycle: String(ev.cycles) });
    }
    if (m.cycles < to) return note('debug.back.flush-stopped', { cycle: String(m.cycles) });
  }
  return note('debug.back.no-flush-in', { cycles: String(maxCycles) });
}

/** Lines and function starts for the line verbs, from a code map (the current process's program). */
export function codeInfo(code: CodeMap): CodeInfo {
  return {
    line: (_m, eip) => {
      const { program, bias } = code.locate(eip);
      const pos = program?.lineFor((eip + bias) >>> 0);
      return pos ? `${pos.file}:${pos.line}` : undefined;
    },
    rowStart: (_m, eip) => {
      const { program, bias } = code.locate(eip);
      return program?.isRowStart((eip + bias) >>> 0) ?? false;
    },
    functionStart: (_m, eip) => {
      const { program, bias } = code.locate(eip);
      const start = program?.functionAt((eip + bias) >>> 0)?.start;
      return start === undefined ? undefined : (start - bias) >>> 0;
    },
  };
}
