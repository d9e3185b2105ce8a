// Kernel events as text: the schema of trace events, process states and
// system-call names read from the kernel's headers (trace.h, syscall.h), and
// one line per event for `glassbox run --trace`.

import { Machine } from './machine.js';
import type { MachineEvent } from './event-ring.js';
import { formatEvent } from './events.js';
import { namesByValue, SourceReader } from './header-defines.js';
import { parseTraceSchema, TraceSchema } from './event-schema.js';
import { KERNEL_INCLUDE } from './manifest.js';

/** What the kernel's headers say about its events: the schema, and names by value. */
export interface KernelNames {
  /** Every TR_ event's description (throws SchemaError from kernelNames when one is malformed). */
  events: TraceSchema;
  /** Trace codes by name (lower case, TR_ dropped). */
  trace: Map<number, string>;
  states: Map<number, string>;
  syscalls: Map<number, string>;
}

export function kernelNames(read: SourceReader): KernelNames {
  const traceFile = `${KERNEL_INCLUDE}/trace.h`;
  const traceText = read(traceFile) ?? '';
  const events = parseTraceSchema(traceText, traceFile);
  return {
    events,
    trace: new Map([...events.events].map(([code, spec]) => [code, spec.name])),
    states: namesByValue(traceText, 'PSTATE_'),
    syscalls: namesByValue(read(`${KERNEL_INCLUDE}/syscall.h`) ?? '', 'SYS_'),
  };
}

/** One line for an event, kernel or machine; strings in kernel memory are read from `m` when given. */
export function describeEvent(ev: MachineEvent, names: KernelNames, m?: Machine): string {
  const readString = m ? (va: number) => m.readCString(va, 128) : (va: number) => '0x' + (va >>> 0).toString(16);
  return formatEvent(ev, { schema: names.events, states: names.states, syscalls: names.syscalls, readString });
}
