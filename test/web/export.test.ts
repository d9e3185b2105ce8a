// The page's exports, parsed back: the event log as CSV and JSON, the
// scheduler timeline as a Perfetto / Chrome trace, the TLB as CSV. The input
// is a real boot of the kernel in the worker's Emulator (the browser's own
// system image), plus small hand-made logs where an exact answer is known.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../vm/host/node-files.js';
import { csvField, csvTable } from '../../vm/host/export/csv.js';
import { EVENT_CSV_COLUMNS, eventsToCsv, eventsToJson } from '../../vm/host/export/event-log-export.js';
import type { EventsJson } from '../../vm/host/export/event-log-export.js';
import { clockFromAbi } from '../../vm/host/export/export-event.js';
import type { ExportEvent } from '../../vm/host/export/export-event.js';
import { MACHINE_PID, MACHINE_TID, buildTrace, eventsToPerfetto } from '../../vm/host/export/perfetto.js';
import type { TraceDocument, TraceEvent } from '../../vm/host/export/perfetto.js';
import { TLB_COUNTER_COLUMNS, TLB_ENTRY_COLUMNS, tlbCountersToCsv, tlbEntriesToCsv } from '../../vm/host/export/tlb-export.js';
import type { Snapshot } from '../../web/src/shared/protocol.js';
import { TimelineModel } from '../../web/src/ui/timeline-model.js';
import { Driver } from './helpers.js';

const CLOCK = clockFromAbi(readFileSync(join(REPO_ROOT, 'kernel/include/abi.h'), 'utf8'));

/** An RFC 4180 reader, written apart from the writer so the test can catch it. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`a bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || record.length) throw new Error('the last record does not end in CRLF');
  return records;
}

/** Every event on one track must nest: a slice starts and ends within the one around it. */
function checkNesting(events: TraceEvent[]): void {
  const byTrack = new Map<string, TraceEvent[]>();
  for (const e of events) if (e.ph === 'X') {
    const k = `${e.pid}:${e.tid}`;
    if (!byTrack.has(k)) byTrack.set(k, []);
    byTrack.get(k)!.push(e);
  }
  for (const [track, slices] of byTrack) {
    // Exact cycles decide: ts are floating-point microseconds.
    const list = slices.map((s) => ({ s, a: Number(s.args!.cycle), b: Number(s.args!.endCycle) }))
      .sort((x, y) => x.a - y.a || y.b - x.b);
    const open: { a: number; b: number; name: string }[] = [];
    for (const x of list) {
      while (open.length && open[open.length - 1].b <= x.a && !(open[open.length - 1].b === x.a && open[open.length - 1].a === x.a)) open.pop();
      const parent = open[open.length - 1];
      if (parent && x.b > parent.b) throw new Error(`track ${track}: ${x.s.name} [${x.a}, ${x.b}] overlaps ${parent.name} [${parent.a}, ${parent.b}]`);
      open.push({ a: x.a, b: x.b, name: x.s.name });
    }
  }
}

function ev(id: number, cycle: number, name: string, values: Record<string, number>, more: Partial<ExportEvent> = {}): ExportEvent {
  const category = more.category ?? (name === 'state' ? 'state' : name === 'int80' || name === 'syscall' ? 'syscall' : name === 'iret' || name === 'timer' ? 'interrupt' : 'process');
  return { id, cycle, eip: 0, category, name, text: more.text ?? name, values, ...more };
}

describe('CSV', () => {
  it('quotes a field only when it must, as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvTable(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
    expect(() => csvTable(['a', 'b'], [['1']])).toThrow(/1 fields, the header 2/);
  });

  it('reads back exactly what it wrote, whatever the text', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
      const text = csvTable(['x', 'y', 'z'], rows);
      expect(parseCsv(text)).toEqual([['x', 'y', 'z'], ...rows]);
    }), { numRuns: 300 });
  });
});

describe('exports of a real run', () => {
  let events: Snapshot['events'];
  let tlb: NonNullable<Snapshot['tlb']>;
  let ways: number;
  let cycles: number;

  beforeAll(async () => {
    const d = await new Driver().boot();
    await d.run();
    await d.command('ls');
    await d.command('race 100');
    // A background program and a foreground one share the CPU: timer-driven switches.
    await d.command('spin &', true);
    await d.command('ls /bin', true);
    d.emu.pause();
    const s = await d.snap();
    events = d.events;
    tlb = s.tlb!;
    ways = s.hardware.tlbWays;
    cycles = s.cpu.cycles;
  }, 120_000);

  it('has what the tests below rely on', () => {
    const names = new Set(events.map((e) => e.name));
    for (const n of ['fork', 'exec', 'exit', 'thread', 'int80', 'syscall', 'iret', 'timer', 'cs_interrupt', 'cs_pick', 'cr3-write', 'tlb-flush']) expect(names, n).toContain(n);
  });

  it('writes the event log as CSV that parses back to the same events', () => {
    const rows = parseCsv(eventsToCsv(events, CLOCK));
    expect(rows[0]).toEqual([...EVENT_CSV_COLUMNS]);
    expect(rows.length - 1).toBe(events.length);
    const col = (name: string) => EVENT_CSV_COLUMNS.indexOf(name as (typeof EVENT_CSV_COLUMNS)[number]);
    events.forEach((e, i) => {
      const r = rows[i + 1];
      expect(Number(r[col('id')])).toBe(e.id);
      expect(Number(r[col('cycle')])).toBe(e.cycle);
      expect(Number(r[col('time_us')])).toBe(e.cycle / 3000);
      expect(parseInt(r[col('eip')], 16)).toBe(e.eip);
      expect(r[col('name')]).toBe(e.name);
      expect(r[col('pid')]).toBe(e.pid === undefined ? '' : String(e.pid));
      expect(r[col('detail')]).toBe(e.detail ?? '');
      expect(r[col('step')]).toBe(e.step === undefined ? '' : String(e.step));
      expect(r[col('text')]).toBe(e.text);
      expect(JSON.parse(r[col('values')])).toEqual(e.values);
    });
    // The values column is a JSON object with commas in it: quoting was exercised.
    expect(rows.some((r) => r[col('values')].includes(','))).toBe(true);
  });

  it('writes the event log as JSON with its documented fields', () => {
    const doc = JSON.parse(eventsToJson(events, { ...CLOCK, dropped: 3, filter: { categories: ['process'], text: '' } })) as EventsJson;
    expect(doc.format).toBe('glassbox-events');
    expect(doc.version).toBe(1);
    expect(doc.cyclesPerMicrosecond).toBe(3000);
    expect(doc.dropped).toBe(3);
    expect(doc.filter).toEqual({ categories: ['process'], text: '' });
    expect(doc.events.length).toBe(events.length);
    doc.events.forEach((e, i) => {
      const { args: _args, ...want } = events[i];
      expect(e).toEqual(want);
      expect(Object.keys(e).every((k) => ['id', 'cycle', 'eip', 'category', 'name', 'text', 'values', 'pid', 'detail', 'step'].includes(k))).toBe(true);
    });
  });

  describe('the Perfetto trace', () => {
    let doc: TraceDocument;
    beforeAll(() => {
      doc = JSON.parse(eventsToPerfetto(events, { ...CLOCK, dropped: 0 })) as TraceDocument;
    });

    it('is Trace Event Format JSON: slices complete with dur ≥ 0, instants, metadata', () => {
      expect(doc.displayTimeUnit).toBe('ns');
      expect(doc.otherData).toMatchObject({ format: 'glassbox-trace', version: 1, cyclesPerMicrosecond: 3000, inputEvents: events.length });
      for (const e of doc.traceEvents) {
        expect(['X', 'i', 'M']).toContain(e.ph);
        expect(Number.isInteger(e.pid) && e.pid >= 0, JSON.stringify(e)).toBe(true);
        expect(Number.isInteger(e.tid)).toBe(true);
        if (e.ph === 'M') continue;
        expect(Number.isFinite(e.ts)).toBe(true);
        const start = Number(e.args!.cycle);
        expect(e.ts).toBeCloseTo(start / 3000, 6);
        if (e.ph === 'X') {
          expect(e.dur).toBeGreaterThanOrEqual(0);
          expect(Number(e.args!.cycles)).toBe(Number(e.args!.endCycle) - start);
          expect(e.dur!).toBeCloseTo(Number(e.args!.cycles) / 3000, 6);
        } else {
          expect(e.s).toBe('t');
        }
      }
      expect(doc.traceEvents.some((e) => e.ph === ('B' as string) || e.ph === ('E' as string))).toBe(false);
      checkNesting(doc.traceEvents);
    });

    it('names every process and thread that has events', () => {
      const procs = new Map(doc.traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, String(e.args!.name)]));
      const threads = new Map(doc.traceEvents.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, String(e.args!.name)]));
      for (const e of doc.traceEvents) {
        if (e.ph === 'M') continue;
        expect(procs.has(e.pid), `process ${e.pid}`).toBe(true);
        expect(threads.has(`${e.pid}:${e.tid}`), `thread ${e.pid}:${e.tid} of ${e.name}`).toBe(true);
      }
      expect(procs.get(MACHINE_PID)).toBe('Glassbox machine');
      expect(procs.get(1)).toBe('init');
      expect([...procs.values()]).toEqual(expect.arrayContaining(['sh', 'spin', 'race']));
      expect(threads.get(`${MACHINE_PID}:${MACHINE_TID.cpu}`)).toBe('CPU 0 (running thread)');
      // race's second thread is a track of race's process.
      const raceThread = events.find((e) => e.name === 'thread')!;
      expect(threads.get(`${raceThread.values.pid}:${raceThread.values.tid}`)).toBe('race');
    });

    it('has as many slices and instants as the log has events of each kind', () => {
      const count = (f: (e: (typeof events)[number]) => boolean) => events.filter(f).length;
      const slices = doc.traceEvents.filter((e) => e.ph === 'X');
      const instants = doc.traceEvents.filter((e) => e.ph === 'i');
      expect(slices.filter((e) => e.cat === 'syscall').length).toBe(count((e) => e.name === 'int80'));
      expect(slices.filter((e) => e.cat === 'switch').length).toBe(count((e) => e.step !== undefined));
      expect(slices.filter((e) => e.cat === 'interrupt' || e.cat === 'exception').length).toBe(count((e) => ['timer', 'interrupt', 'exception'].includes(e.name)));
      for (const n of ['fork', 'exec', 'exit', 'thread', 'reap', 'wait']) {
        expect(instants.filter((e) => e.cat === 'process' && e.args!.eventId !== undefined && events.find((x) => x.id === e.args!.eventId)!.name === n).length, n).toBe(count((e) => e.name === n));
      }
      expect(instants.filter((e) => e.tid === MACHINE_TID.tlb).length).toBe(count((e) => e.name === 'cr3-write' || e.name === 'tlb-flush'));
      // Every system call the kernel named is a slice of that name on the calling thread.
      const named = slices.filter((e) => e.cat === 'syscall' && e.name !== 'int 0x80');
      expect(named.length).toBe(count((e) => e.name === 'syscall'));
      expect(new Set(named.map((e) => e.name))).toEqual(new Set(events.filter((e) => e.name === 'syscall').map((e) => e.detail)));
      for (const s of named) expect(s.pid).toBe(s.args!.pid);
    });

    it('puts on the CPU track exactly the bars the page\'s timeline draws', () => {
      const model = new TimelineModel();
      for (const e of events) model.add(e);
      const bars = model.window(0, Infinity, events[events.length - 1].cycle).segments;
      const cpu = doc.traceEvents.filter((e) => e.tid === MACHINE_TID.cpu && e.ph === 'X' && e.name !== 'idle (hlt)');
      expect(cpu.map((e) => [e.args!.tid, e.args!.cycle, e.args!.endCycle])).toEqual(bars.map((b) => [b.pid, b.start, b.end]));
    });

    it('starts a thread\'s kernel entries only while it runs, and idle interrupts on the kernel track', () => {
      const bars = doc.traceEvents.filter((e) => e.tid === MACHINE_TID.cpu && e.ph === 'X' && e.name !== 'idle (hlt)');
      const onThreads = doc.traceEvents.filter((e) => e.ph === 'X' && e.pid !== MACHINE_PID);
      expect(onThreads.length).toBeGreaterThan(100);
      for (const s of onThreads) {
        const at = Number(s.args!.cycle);
        expect(bars.some((b) => b.args!.tid === s.tid && Number(b.args!.cycle) <= at && at <= Number(b.args!.endCycle)), `${s.name} of tid ${s.tid} at ${at}`).toBe(true);
      }
      const idle = doc.traceEvents.filter((e) => e.ph === 'X' && e.tid === MACHINE_TID.kernel);
      expect(idle.length).toBeGreaterThan(0);
      for (const s of idle) expect(s.name).toMatch(/^interrupt \d+ IRQ/);
    });
  });

  it('writes the TLB entries and counters as CSV', () => {
    const snap = { ...tlb, ways, cycle: cycles };
    const rows = parseCsv(tlbEntriesToCsv(snap));
    expect(rows[0]).toEqual([...TLB_ENTRY_COLUMNS]);
    expect(rows.length - 1).toBe(tlb.entries.length);
    tlb.entries.forEach((e, i) => {
      const r = rows[i + 1];
      expect(r.map(Number).slice(0, 3)).toEqual([e.index, Math.floor(e.index / ways), e.index % ways]);
      expect(parseInt(r[3], 16)).toBe(e.vpn * 4096);
      expect(parseInt(r[4], 16)).toBe(e.frame * 4096);
      expect(r.slice(5).map(Number)).toEqual([e.vpn, e.frame, e.pcid, +e.rw, +e.user, +e.dirty, +e.global]);
    });
    const counters = parseCsv(tlbCountersToCsv(snap));
    expect(counters[0]).toEqual([...TLB_COUNTER_COLUMNS]);
    const byName = new Map(counters.slice(1).map(([k, v]) => [k, v]));
    for (const [k, v] of Object.entries(tlb.counters)) expect(byName.get(k), k).toBe(String(v));
    expect(Number(byName.get('TLB_HITS'))).toBeGreaterThan(0);
    expect(byName.get('entries')).toBe(String(tlb.size));
    expect(byName.get('hardware')).toBe(tlb.hardware);
    expect(byName.get('cycle')).toBe(String(cycles));
  });
});

describe('the trace of a hand-made log', () => {
  // Thread 2 blocks in read; thread 3 runs and takes a timer interrupt; 2 comes back and returns.
  const log: ExportEvent[] = [
    ev(1, 3000, 'state', { tid: 2, from: 2, to: 3 }, { pid: 2, detail: 'Running' }),
    ev(2, 6000, 'int80', { vector: 128, ring: 3 }),
    ev(3, 6300, 'syscall', { pid: 2, number: 3, arg: 0 }, { pid: 2, detail: 'read' }),
    ev(4, 9000, 'state', { tid: 2, from: 3, to: 4 }, { pid: 2, detail: 'Waiting' }),
    ev(5, 9300, 'cs_pick', { next: 3, previous: 2 }, { category: 'switch', step: 4, text: 'switch 4/7 scheduler picks next: tid 3 picked (was tid 2)' }),
    ev(6, 9600, 'state', { tid: 3, from: 2, to: 3 }, { pid: 3, detail: 'Running' }),
    ev(7, 9900, 'cs_resume', { tid: 3, eip: 0 }, { category: 'switch', step: 7, text: 'switch 7/7 resume execution: tid 3 resumes at 0x08048000' }),
    ev(8, 12000, 'iret', { ring: 3, eip: 0 }),
    ev(9, 15000, 'timer', { vector: 32, ring: 3 }, { text: 'interrupt 32 IRQ timer from ring 3' }),
    ev(10, 16500, 'state', { tid: 3, from: 3, to: 2 }, { pid: 3, detail: 'Ready' }),
    ev(11, 17000, 'state', { tid: 2, from: 2, to: 3 }, { pid: 2, detail: 'Running' }),
    ev(12, 18000, 'iret', { ring: 3, eip: 0 }),
  ];

  it('keeps a blocked system call open on its thread until that thread returns', () => {
    const doc = buildTrace(log, CLOCK);
    const x = doc.traceEvents.filter((e) => e.ph === 'X').map((e) => [e.name, e.pid, e.tid, e.args!.cycle, e.args!.endCycle, e.ts, e.dur, !!e.args!.unfinished]);
    expect(x).toEqual([
      ['tid 2', MACHINE_PID, MACHINE_TID.cpu, 3000, 9000, 1, 2, false],
      ['switch 4/7 scheduler picks next', MACHINE_PID, MACHINE_TID.switch, 9300, 9900, 3.1, 0.2, false],
      ['switch 7/7 resume execution', MACHINE_PID, MACHINE_TID.switch, 9900, 12000, 3.3, 0.7, false],
      ['tid 3', MACHINE_PID, MACHINE_TID.cpu, 9600, 16500, 3.2, 2.3, false],
      ['read', 2, 2, 6000, 18000, 2, 4, false],
      ['interrupt 32 IRQ timer', 3, 3, 15000, 18000, 5, 1, true],
      ['tid 2', MACHINE_PID, MACHINE_TID.cpu, 17000, 18000, 17000 / 3000, 1000 / 3000, true],
    ].map((r) => r.map((v, i) => (i === 5 || i === 6 ? expect.closeTo(v as number, 9) : v))));
  });

  it('refuses events out of order, and a clock that is not one', () => {
    expect(() => buildTrace([log[1], log[0]], CLOCK)).toThrow(/events out of order: #1 at cycle 3000 comes after #2 at cycle 6000/);
    expect(() => buildTrace(log, { cyclesPerMicrosecond: 0 })).toThrow(/positive number of cycles per microsecond/);
  });

  it('reads the clock from kernel/include/abi.h', () => {
    expect(CLOCK.cyclesPerMicrosecond).toBe(3000);
    expect(() => clockFromAbi('#define OTHER 1\n')).toThrow(/kernel\/include\/abi.h: no #define CYCLES_PER_US/);
  });
});
