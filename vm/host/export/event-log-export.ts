// The event log as CSV and as JSON.
//
// CSV: one record per event, columns EVENT_CSV_COLUMNS — id, cycle (exact
// guest cycles), time_us (cycle / CYCLES_PER_US, the kernel's own clock
// rule), eip (0x%08x), category, name, pid, detail, step (empty when the
// event has none), text (as the log shows it), values (the raw arguments by
// schema name, as a JSON object).
//
// JSON: one object, { format: "glassbox-events", version: 1,
// cyclesPerMicrosecond, dropped, filter?, events: [...] }, each event with
// exactly the ExportEvent fields (optional ones absent when the event has
// none). README.md ("Exports") documents both; test/web/export.test.ts
// parses them back.

import { csvTable } from './csv.js';
import type { CsvValue } from './csv.js';
import type { ExportClock, ExportEvent } from './export-event.js';

export const EVENT_CSV_COLUMNS = ['id', 'cycle', 'time_us', 'eip', 'category', 'name', 'pid', 'detail', 'step', 'text', 'values'] as const;

export const EVENTS_JSON_FORMAT = 'glassbox-events';
export const EVENTS_JSON_VERSION = 1;

/** What the log says about the events it exports besides themselves. */
export interface EventLogInfo extends ExportClock {
  /** Events lost before these (the log's cap, or the page falling behind). */
  dropped: number;
  /** The filter the events passed, in words, when only some are exported. */
  filter?: { categories: string[]; pid?: number; text: string };
}

export interface EventsJson {
  format: typeof EVENTS_JSON_FORMAT;
  version: typeof EVENTS_JSON_VERSION;
  cyclesPerMicrosecond: number;
  dropped: number;
  filter?: EventLogInfo['filter'];
  events: ExportEvent[];
}

export function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

/** Microseconds of guest time for a cycle count, by the machine's clock. */
export function cyclesToMicroseconds(cycles: number, clock: ExportClock): number {
  return cycles / clock.cyclesPerMicrosecond;
}

export function eventsToCsv(events: readonly ExportEvent[], clock: ExportClock): string {
  const rows: CsvValue[][] = events.map((e) => [
    e.id, e.cycle, cyclesToMicroseconds(e.cycle, clock), hex32(e.eip), e.category, e.name,
    e.pid, e.detail, e.step, e.text, JSON.stringify(e.values),
  ]);
  return csvTable(EVENT_CSV_COLUMNS, rows);
}

export function eventsToJson(events: readonly ExportEvent[], info: EventLogInfo): string {
  const doc: EventsJson = {
    format: EVENTS_JSON_FORMAT,
    version: EVENTS_JSON_VERSION,
    cyclesPerMicrosecond: info.cyclesPerMicrosecond,
    dropped: info.dropped,
    events: events.map(exportFields),
  };
  if (info.filter) doc.filter = info.filter;
  // One event per line: compact, and still readable and diffable.
  const { events: list, ...head } = doc;
  const body = list.map((e) => JSON.stringify(e)).join(',\n');
  return `${JSON.stringify(head).slice(0, -1)},"events":[${list.length ? `\n${body}\n` : ''}]}\n`;
}

/** Only the ExportEvent fields, in a fixed order (a LogEntry carries more). */
function exportFields(e: ExportEvent): ExportEvent {
  const out: ExportEvent = { id: e.id, cycle: e.cycle, eip: e.eip, category: e.category, name: e.name, text: e.text, values: { ...e.values } };
  if (e.pid !== undefined) out.pid = e.pid;
  if (e.detail !== undefined) out.detail = e.detail;
  if (e.step !== undefined) out.step = e.step;
  return out;
}
