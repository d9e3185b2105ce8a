// An event in words, by the schema: the one place events are formatted.
//
// A machine event is described by its row of MACHINE_EVENT_SPECS, a kernel
// event (EVENT.KERNEL, a = code, b c d = arguments) by its trace.h line
// (event-schema.ts). The same DecodedEvent makes the `glassbox run --trace`
// line (after its `[cycles] eip=` prefix), the web event log's entry and
// what the context-switch view reads; nothing else knows an event's words.

import { EVENT } from '../isa/machine.js';
import type { MachineEvent } from './event-ring.js';
import { machineSpec } from './event-schema.js';
import type { EventCategory, EventSpec, TextPart, TraceSchema } from './event-schema.js';
import { namesProcess, showValue } from './event-kinds.js';
import type { ShowContext } from './event-kinds.js';

export interface DecodedEvent {
  category: EventCategory;
  /** Short name: fork, exec, state, timer, cr3-write, tlb-flush, cs_pick, … */
  name: string;
  text: string;
  /** The process (or thread) the event concerns: its first pid or tid argument. */
  pid?: number;
  /** The detail argument as shown (exec's path, a state change's new state). */
  detail?: string;
  /** For a context-switch step: its number (1 = timer interrupt). */
  step?: number;
  /** The raw arguments by their schema names. */
  values: Record<string, number>;
}

/** What decoding needs besides the event: the kernel's schema (absent for a bare program) and how values show. */
export interface DecodeContext extends ShowContext {
  schema?: TraceSchema;
}

export function decodeEvent(ev: MachineEvent, ctx: DecodeContext): DecodedEvent {
  if (ev.kind === EVENT.KERNEL) {
    const spec = ctx.schema?.events.get(ev.a);
    if (!spec) return unknown(`event-${ev.a}`, `kernel event-${ev.a}`, [ev.b, ev.c, ev.d]);
    const total = ctx.schema!.steps.length;
    const prefix = spec.step ? `switch ${spec.step.n}/${total} ${spec.step.title}: ` : '';
    return fromSpec(spec, [ev.b, ev.c, ev.d], ctx, prefix);
  }
  const spec = machineSpec(ev.kind, ev.a);
  if (!spec) return unknown(ev.name, ev.name, [ev.a, ev.b, ev.c, ev.d]);
  return fromSpec(spec, [ev.a, ev.b, ev.c, ev.d], ctx, '');
}

function fromSpec(spec: EventSpec, raw: number[], ctx: ShowContext, prefix: string): DecodedEvent {
  const values: Record<string, number> = {};
  spec.args.forEach((a, i) => (values[a.name] = raw[i]));
  const show = (name: string): string => showValue(spec.args.find((a) => a.name === name)!.kind, values[name], ctx);
  const out: DecodedEvent = { category: spec.category, name: spec.name, text: prefix + render(spec.text, values, show), values };
  const who = spec.args.find((a) => namesProcess(a.kind));
  if (who) out.pid = values[who.name] | 0;
  if (spec.detail !== undefined) out.detail = show(spec.detail);
  if (spec.step) out.step = spec.step.n;
  return out;
}

function render(parts: TextPart[], values: Record<string, number>, show: (name: string) => string): string {
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else if ('arg' in p) s += p.plain ? String(values[p.arg] >>> 0) : show(p.arg);
    else s += render(values[p.flag] ? p.yes : p.no, values, show);
  }
  return s;
}

/** An event no description covers (a code the kernel made up, a kind this host does not know): its raw numbers. */
function unknown(name: string, label: string, raw: number[]): DecodedEvent {
  const text = [label, ...raw.map((v) => '0x' + (v >>> 0).toString(16))].join(' ');
  return { category: 'machine', name, text, values: {} };
}
