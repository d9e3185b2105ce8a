// The event schema: every trace event described once.
//
// Kernel events are described by their lines in kernel/include/trace.h
// (`#define TR_FORK 2 // process (parent: pid, child: pid) "fork: …" detail
// child`; the syntax is explained at the top of that file), machine events
// by vm/isa/machine.ts's MACHINE_EVENT_SPECS, in the same words. This file
// reads and checks both; vm/host/event-text.ts turns an event into words
// with them. A description that cannot be read, or a TR_ code without one,
// is an error naming the line, never a silently vaguer log.

import { MACHINE_EVENT_SPECS } from '../isa/machine.js';
import { isKind, KINDS } from './event-kinds.js';
import { parseDefines } from './header-defines.js';

/** Where the web event log files an event. */
export type EventCategory = 'process' | 'state' | 'interrupt' | 'exception' | 'syscall' | 'switch' | 'tlb' | 'machine';

export const EVENT_CATEGORIES: EventCategory[] = [
  'process', 'state', 'interrupt', 'exception', 'syscall', 'switch', 'tlb', 'machine',
];

export interface ArgSpec {
  name: string;
  kind: string;
}

/** A piece of an event's text: words, an argument (`{arg}`, or `{#arg}` for its plain number), or `{flag ? yes : no}`. */
export type TextPart =
  | string
  | { arg: string; plain: boolean }
  | { flag: string; yes: TextPart[]; no: TextPart[] };

/** One of the context switch's steps, as the article numbers them. */
export interface StepSpec {
  n: number;
  title: string;
  /** The kernel symbol where the step's code starts (a breakpoint target). */
  symbol: string;
}

export interface EventSpec {
  name: string;
  category: EventCategory;
  args: ArgSpec[];
  text: TextPart[];
  detail?: string;
  step?: StepSpec;
}

/** The kernel's events (trace.h): by code, and the switch steps in order. */
export interface TraceSchema {
  events: Map<number, EventSpec>;
  steps: (EventSpec & { step: StepSpec })[];
}

export class SchemaError extends Error {}

const KERNEL_ARGS = 3; // ebx, ecx, edx

// category (args) "text" [detail arg] [step N "title" at symbol] [-- remark]
const LINE = /^(\w+)\s+\(([^)]*)\)\s+"([^"]*)"((?:\s+detail\s+\w+|\s+step\s+\d+\s+"[^"]*"\s+at\s+\w+)*)\s*(?:--.*)?$/;
const DEFINE = /^\s*#\s*define\s+TR_(\w+)\s+\S+\s*(?:\/\/\s*(.*))?$/;

/** Every TR_ event of trace.h's text, checked; `file` names it in errors. */
export function parseTraceSchema(text: string, file = 'kernel/include/trace.h'): TraceSchema {
  const codes = parseDefines(text);
  const events = new Map<number, EventSpec>();
  text.split('\n').forEach((line, i) => {
    const m = DEFINE.exec(line);
    if (!m) return;
    const where = `${file}:${i + 1}: TR_${m[1]}`;
    const code = codes.get(`TR_${m[1]}`);
    if (code === undefined) throw new SchemaError(`${where}: the code is not a number`);
    if (events.has(code)) throw new SchemaError(`${where}: code ${code} is already TR_${events.get(code)!.name.toUpperCase()}`);
    if (!m[2]) throw new SchemaError(`${where} has no description: write // category (arg: kind, ...) "text" after it (see the top of ${file})`);
    events.set(code, parseLine(m[1].toLowerCase(), m[2], where));
  });
  return { events, steps: orderedSteps([...events.values()], file) };
}

function parseLine(name: string, comment: string, where: string): EventSpec {
  const m = LINE.exec(comment.trim());
  if (!m) throw new SchemaError(`${where}: cannot read "${comment.trim()}": expected category (arg: kind, ...) "text" [detail arg] [step N "title" at symbol]`);
  const spec = describe({ name, category: m[1], args: m[2], text: m[3] }, KERNEL_ARGS, where);
  for (const c of m[4].matchAll(/detail\s+(\w+)|step\s+(\d+)\s+"([^"]*)"\s+at\s+(\w+)/g)) {
    if (c[1]) spec.detail = checkArg(spec.args, c[1], 'detail', where);
    else spec.step = { n: Number(c[2]), title: c[3], symbol: c[4] };
  }
  if (spec.step && spec.category !== 'switch') throw new SchemaError(`${where}: a switch step must have the category switch`);
  return spec;
}

/** The fields both kinds of description share, read and checked. */
function describe(d: { name: string; category: string; args: string; text: string; detail?: string }, maxArgs: number, where: string): EventSpec {
  if (!(EVENT_CATEGORIES as string[]).includes(d.category)) {
    throw new SchemaError(`${where}: unknown category "${d.category}" (one of ${EVENT_CATEGORIES.join(', ')})`);
  }
  const args = parseArgs(d.args, maxArgs, where);
  const spec: EventSpec = { name: d.name, category: d.category as EventCategory, args, text: parseText(d.text, args, where) };
  if (d.detail !== undefined) spec.detail = checkArg(args, d.detail, 'detail', where);
  return spec;
}

/** "parent: pid, child: pid" → the arguments in order. */
export function parseArgs(list: string, max: number, where: string): ArgSpec[] {
  const items = list.replace(/^\(|\)$/g, '').trim();
  if (items === '') return [];
  const args = items.split(',').map((item) => {
    const m = /^\s*(\w+)\s*:\s*(\w+)\s*$/.exec(item);
    if (!m) throw new SchemaError(`${where}: cannot read the argument "${item.trim()}": expected name: kind`);
    if (!isKind(m[2])) throw new SchemaError(`${where}: argument ${m[1]} has unknown kind "${m[2]}" (one of ${Object.keys(KINDS).join(', ')})`);
    return { name: m[1], kind: m[2] };
  });
  if (args.length > max) throw new SchemaError(`${where}: ${args.length} arguments, at most ${max}`);
  const dup = args.find((a, i) => args.findIndex((b) => b.name === a.name) !== i);
  if (dup) throw new SchemaError(`${where}: two arguments named ${dup.name}`);
  return args;
}

/** An event's text with its {arg}, {#arg} and {flag ? yes : no} placeholders. */
export function parseText(text: string, args: ArgSpec[], where: string): TextPart[] {
  const parts: TextPart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (open > i) parts.push(text.slice(i, open));
    const close = matchingBrace(text, open, where);
    parts.push(placeholder(text.slice(open + 1, close), args, where));
    i = close + 1;
  }
  return parts;
}

function placeholder(inside: string, args: ArgSpec[], where: string): TextPart {
  const plain = /^(#?)(\w+)$/.exec(inside);
  if (plain) return { arg: checkArg(args, plain[2], `{${inside}}`, where), plain: plain[1] === '#' };
  const cond = /^(\w+) \? /.exec(inside);
  const colon = cond ? topLevelIndex(inside, ' : ', cond[0].length) : -1;
  if (!cond || colon < 0) throw new SchemaError(`${where}: cannot read {${inside}}: expected {arg}, {#arg} or {arg ? yes : no}`);
  return {
    flag: checkArg(args, cond[1], `{${inside}}`, where),
    yes: parseText(inside.slice(cond[0].length, colon), args, where),
    no: parseText(inside.slice(colon + 3), args, where),
  };
}

function matchingBrace(text: string, open: number, where: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new SchemaError(`${where}: "{" without "}" in "${text}"`);
}

/** Where `needle` first occurs outside any {…} at or after `from`, or -1. */
function topLevelIndex(s: string, needle: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (depth === 0 && s.startsWith(needle, i)) return i;
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
  }
  return -1;
}

function checkArg(args: ArgSpec[], name: string, use: string, where: string): string {
  if (!args.some((a) => a.name === name)) {
    throw new SchemaError(`${where}: ${use} names no argument "${name}" (arguments: ${args.map((a) => a.name).join(', ') || 'none'})`);
  }
  return name;
}

/** The switch steps, which must be numbered 1..N, each once. */
function orderedSteps(specs: EventSpec[], file: string): TraceSchema['steps'] {
  const steps = specs.filter((s): s is EventSpec & { step: StepSpec } => s.step !== undefined).sort((a, b) => a.step.n - b.step.n);
  steps.forEach((s, i) => {
    if (s.step.n !== i + 1) throw new SchemaError(`${file}: the switch steps must be numbered 1 to ${steps.length}, each once (TR_${s.name.toUpperCase()} is step ${s.step.n})`);
  });
  return steps;
}

/** A machine event's description: the first row of MACHINE_EVENT_SPECS for its kind and first argument. */
export interface MachineSpec extends EventSpec {
  kind: number;
  firstArgIn?: readonly [number, number];
}

export const MACHINE_SPECS: readonly MachineSpec[] = MACHINE_EVENT_SPECS.map((row) => ({
  ...describe(row, 4, `vm/isa/machine.ts: MACHINE_EVENT_SPECS ${row.name}`),
  kind: row.kind,
  firstArgIn: row.firstArgIn,
}));

export function machineSpec(kind: number, a: number): MachineSpec | undefined {
  return MACHINE_SPECS.find((s) => s.kind === kind && (!s.firstArgIn || (a >= s.firstArgIn[0] && a <= s.firstArgIn[1])));
}
