// How an event's argument is shown, by its kind.
//
// Each argument in kernel/include/trace.h and in vm/isa/machine.ts's
// MACHINE_EVENT_SPECS names a kind: `pid`, `addr`, `state`, `syscall`, … .
// This table is the one place that turns a raw 32-bit value into words, so
// a pid, a wait status or a vector reads the same in every event, in the CLI
// and in the web log alike.

import { FLUSH_CAUSE_NAMES, vectorName } from '../isa/machine.js';

/** What showing a value may need: names from the kernel's headers and kernel memory. */
export interface ShowContext {
  /** PSTATE_ names by value, lower case ("zombie"). */
  states: Map<number, string>;
  /** System-call names by number ("write"). */
  syscalls: Map<number, string>;
  /** The NUL-terminated string at a kernel virtual address. */
  readString(vaddr: number): string;
}

interface Kind {
  show(v: number, ctx: ShowContext): string;
  /** The event concerns this process or thread: the log links the event to its first such argument. */
  names?: 'process';
}

const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');
const hex = (v: number): string => '0x' + (v >>> 0).toString(16);
const signed = (v: number): string => String(v | 0);
const unsigned = (v: number): string => String(v >>> 0);

/** Display names of the article's states, by the lower-case PSTATE_ name. */
export const STATE_LABELS: Record<string, string> = {
  unused: 'Unused',
  new: 'New',
  ready: 'Ready',
  running: 'Running',
  waiting: 'Waiting',
  zombie: 'Terminated (Zombie)',
  stopped: 'Stopped',
};

/** A wait status as the shell would say it. */
export function waitStatus(s: number): string {
  const sig = s & 0x7f;
  if (sig === 0) return `exited with status ${(s >> 8) & 0xff}`;
  return `killed by signal ${sig}`;
}

function stateLabel(v: number, ctx: ShowContext): string {
  const name = ctx.states.get(v) ?? String(v | 0);
  return STATE_LABELS[name] ?? name;
}

/** Every kind an argument may have (trace.h's header comment lists them for people). */
export const KINDS: Record<string, Kind> = {
  pid: { show: signed, names: 'process' },
  tid: { show: signed, names: 'process' },
  int: { show: signed },
  count: { show: unsigned },
  addr: { show: hex8 },
  hex: { show: hex },
  mib: { show: (v) => `${v >>> 20} MiB` },
  string: { show: (v, ctx) => ctx.readString(v >>> 0) },
  state: { show: stateLabel },
  syscall: { show: (v, ctx) => ctx.syscalls.get(v) ?? `#${v}` },
  status: { show: waitStatus },
  signal: { show: signed },
  vector: { show: vectorName },
  cause: { show: (v) => FLUSH_CAUSE_NAMES[v] ?? String(v) },
  child: { show: (v) => ((v | 0) === -1 ? 'any child' : `pid ${v | 0}`) },
  sender: { show: (v) => (v ? `pid ${v | 0}` : 'the kernel') },
  flag: { show: unsigned },
};

export function isKind(name: string): boolean {
  return Object.hasOwn(KINDS, name);
}

export function showValue(kind: string, v: number, ctx: ShowContext): string {
  return KINDS[kind].show(v, ctx);
}

/** Does an argument of this kind name the process (or thread) the event concerns? */
export function namesProcess(kind: string): boolean {
  return KINDS[kind].names === 'process';
}
