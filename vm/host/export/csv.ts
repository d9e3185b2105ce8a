// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF,
// a field quoted ("…", a quote doubled) when it holds a comma, a quote, a
// line break, or space at either end (so no reader trims it away). Every
// export that makes CSV (event-log-export.ts, tlb-export.ts, the Lab's runs in
// web/src/ui/lab-runs.ts, the lab report in test/lab/report.ts) writes through
// here, so the quoting rule is one rule.

export type CsvValue = string | number | boolean | undefined;

/** One field: numbers as JS prints them, undefined as empty, text quoted when it must be. */
export function csvField(v: CsvValue): string {
  if (v === undefined) return '';
  const text = typeof v === 'string' ? v : String(v);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one record per row, each line ending in CRLF. */
export function csvTable(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`CSV row has ${row.length} fields, the header ${columns.length}`);
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
