// The event schema: trace.h's lines and the machine-event table are the only
// description of an event, every one of them is readable, a bad one is a
// clear error, and a new event needs nothing but its line (kernel/README.md's
// recipe).

import { describe, expect, it } from 'vitest';
import { EVENT, MACHINE_EVENT_SPECS } from '../../vm/isa/machine.js';
import type { MachineEvent } from '../../vm/host/event-ring.js';
import { describeEvent, kernelNames } from '../../vm/host/kernel-events.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { MACHINE_SPECS, parseTraceSchema, SchemaError } from '../../vm/host/event-schema.js';
import { EventDecoder } from '../../web/src/worker/event-decoder.js';

const TRACE_H = 'kernel/include/trace.h';
const traceText = nodeReader()(TRACE_H)!;

function kev(code: number, b: number, c = 0, d = 0): MachineEvent {
  return { kind: EVENT.KERNEL, name: 'kernel', eip: 0xc0100000, cycles: 1234, a: code, b, c, d };
}

/** trace.h with one more line before its #endif. */
function withLine(line: string): string {
  return traceText.replace(/\n#endif\s*$/, `\n${line}\n#endif\n`);
}

describe('trace.h', () => {
  it('describes every TR_ code, and the seven switch steps in order with their symbols', () => {
    const schema = parseTraceSchema(traceText);
    const codes = [...traceText.matchAll(/^#define TR_\w+ (\d+)/gm)].map((m) => Number(m[1]));
    expect([...schema.events.keys()].sort((a, b) => a - b)).toEqual(codes.sort((a, b) => a - b));
    expect(schema.steps.map((s) => s.step.symbol)).toEqual([
      'ctxsw_1_interrupt', 'ctxsw_2_save', 'ctxsw_3_enqueue', 'ctxsw_4_pick_next',
      'ctxsw_5_restore', 'ctxsw_6_page_table', 'ctxsw_7_resume',
    ]);
    expect(schema.steps.map((s) => s.name)).toEqual(['cs_interrupt', 'cs_save', 'cs_enqueue', 'cs_pick', 'cs_restore', 'cs_cr3', 'cs_resume']);
  });

  it('keeps each define one plain numeric line, as C and assembly read it', () => {
    for (const line of traceText.split('\n').filter((l) => l.startsWith('#define TR_'))) {
      expect(line).toMatch(/^#define TR_[A-Z0-9_]+ \d+ +\/\/ /);
    }
  });
});

describe('a malformed description', () => {
  const error = (line: string): string => {
    try {
      parseTraceSchema(withLine(line));
    } catch (e) {
      expect(e).toBeInstanceOf(SchemaError);
      return (e as Error).message;
    }
    throw new Error(`no error for: ${line}`);
  };

  it('is an error that names the line and says what is wrong', () => {
    const lineNo = withLine('X').split('\n').indexOf('X') + 1;
    expect(error('#define TR_NEW 40')).toBe(`${TRACE_H}:${lineNo}: TR_NEW has no description: write // category (arg: kind, ...) "text" after it (see the top of ${TRACE_H})`);
    expect(error('#define TR_NEW 40 // (pid: pid) "x"')).toMatch(/^kernel\/include\/trace\.h:\d+: TR_NEW: cannot read "\(pid: pid\) "x"": expected category \(arg: kind, \.\.\.\) "text"/);
    expect(error('#define TR_NEW 40 // process (pid: pid) "x {who}"')).toMatch(/TR_NEW: \{who\} names no argument "who" \(arguments: pid\)/);
    expect(error('#define TR_NEW 40 // process (pid: pidd) "x"')).toMatch(/TR_NEW: argument pid has unknown kind "pidd" \(one of pid, tid,/);
    expect(error('#define TR_NEW 40 // proc (pid: pid) "x"')).toMatch(/TR_NEW: unknown category "proc" \(one of process,/);
    expect(error('#define TR_NEW 40 // process (a: int, b: int, c: int, d: int) "x"')).toMatch(/TR_NEW: 4 arguments, at most 3/);
    expect(error('#define TR_NEW 40 // process (pid: pid) "x" detail path')).toMatch(/TR_NEW: detail names no argument "path"/);
    expect(error('#define TR_NEW 40 // process (on: flag) "x {on ? yes}"')).toMatch(/TR_NEW: cannot read \{on \? yes\}/);
    expect(error('#define TR_NEW 40 // process (pid: pid) "x {pid"')).toMatch(/TR_NEW: "\{" without "\}"/);
    expect(error('#define TR_NEW 2 // process (pid: pid) "x"')).toMatch(/TR_NEW: code 2 is already TR_FORK/);
    expect(error('#define TR_NEW 40 // switch (tid: tid) "x" step 9 "extra" at ctxsw_9')).toMatch(/switch steps must be numbered 1 to 8/);
    expect(error('#define TR_NEW 40 // process (tid: tid) "x" step 8 "extra" at ctxsw_8')).toMatch(/a switch step must have the category switch/);
  });

  it('stops kernelNames, so neither the CLI nor the page runs with a vaguer log', () => {
    const read = (p: string): string | undefined => (p === TRACE_H ? withLine('#define TR_NEW 40') : nodeReader()(p));
    expect(() => kernelNames(read)).toThrow(/TR_NEW has no description/);
  });
});

describe('the recipe: a new event is one line in trace.h', () => {
  const read = (p: string): string | undefined =>
    p === TRACE_H ? withLine('#define TR_SLEEP 40          // process (pid: pid, ticks: count, state: state) "sleep: pid {pid} sleeps {ticks} ticks, now {state}" detail ticks') : nodeReader()(p);
  const names = kernelNames(read);
  const waiting = [...names.states].find(([, n]) => n === 'waiting')![0];

  it('gives the CLI line and the web log entry without touching any other file', () => {
    const ev = kev(40, 7, 25, waiting);
    expect(describeEvent(ev, names)).toBe('[        1234] eip=0xc0100000 sleep: pid 7 sleeps 25 ticks, now Waiting');
    const entry = new EventDecoder(names, () => '').decode(ev);
    expect(entry).toMatchObject({ category: 'process', name: 'sleep', pid: 7, detail: '25', text: 'sleep: pid 7 sleeps 25 ticks, now Waiting' });
    expect(entry.values).toEqual({ pid: 7, ticks: 25, state: waiting });
  });
});

describe('the conditional texts', () => {
  const names = kernelNames(nodeReader());
  const code = (name: string): number => [...names.trace].find(([, n]) => n === name)![0];
  const text = (ev: MachineEvent): string => new EventDecoder(names, () => '').decode(ev).text;

  it('say any child, the kernel, and whether cr3 was written', () => {
    expect(text(kev(code('wait'), 2, -1 >>> 0))).toBe('wait: pid 2 waits for any child');
    expect(text(kev(code('wait'), 2, 5))).toBe('wait: pid 2 waits for pid 5');
    expect(text(kev(code('signal'), 3, 11, 0))).toBe('signal 11 to pid 3 from the kernel');
    expect(text(kev(code('signal'), 3, 2, 1))).toBe('signal 2 to pid 3 from pid 1');
    expect(text(kev(code('cs_cr3'), 4, 0x5000, 1))).toBe('switch 6/7 switch page table → TLB flush: tid 4 cr3 <- 0x00005000');
    expect(text(kev(code('cs_cr3'), 4, 0, 0))).toBe('switch 6/7 switch page table → TLB flush: tid 4 same address space, no CR3 write');
  });

  it('show an exception error code only when there is one', () => {
    const base = { kind: EVENT.INTERRUPT, name: 'interrupt', eip: 0, cycles: 1, c: 0, d: 0 };
    expect(text({ ...base, a: 13, b: 0x18 })).toBe('exception 13 #GP general protection from ring 0 error=0x18');
    expect(text({ ...base, a: 6, b: 0 })).toBe('exception 6 #UD invalid opcode from ring 0');
    expect(text({ ...base, kind: EVENT.HLT, a: 1, b: 0 })).toBe('hlt (interrupts on)');
  });
});

describe('the machine-event table', () => {
  it('describes every kind of machine event but the kernel\'s, which trace.h does', () => {
    const kinds = new Set(MACHINE_EVENT_SPECS.map((s) => s.kind));
    for (const [name, kind] of Object.entries(EVENT)) expect(kinds.has(kind) || name === 'KERNEL', name).toBe(true);
    expect(kinds.has(EVENT.KERNEL)).toBe(false);
    expect(MACHINE_SPECS).toHaveLength(MACHINE_EVENT_SPECS.length);
  });
});
