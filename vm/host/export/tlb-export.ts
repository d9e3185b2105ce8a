// The TLB model as CSV: its valid entries, and its counters.
//
// Entries (TLB_ENTRY_COLUMNS): the slot index (set × ways + way), its set
// and way, the virtual page and frame as addresses (0x%08x) and as page
// numbers, the PCID, and the flags as 0/1. Counters (TLB_COUNTER_COLUMNS):
// name,value — the machine's cumulative event counters since boot (COUNTER
// in vm/isa/machine.ts, by their names there), then the page's rates over
// the last second, the hardware in words and the cycle they were read at.

import type { TlbEntry } from '../tlb-view.js';
import { csvTable } from './csv.js';
import type { CsvValue } from './csv.js';
import { hex32 } from './event-log-export.js';

export const TLB_ENTRY_COLUMNS = ['index', 'set', 'way', 'virtual_address', 'physical_address', 'vpn', 'frame', 'pcid', 'rw', 'user', 'dirty', 'global'] as const;
export const TLB_COUNTER_COLUMNS = ['name', 'value'] as const;

/** What the TLB view shows, as the exports need it. */
export interface TlbSnapshot {
  entries: readonly TlbEntry[];
  /** Slots in the (L1) TLB and its associativity. */
  size: number;
  ways: number;
  counters: Record<string, number>;
  hitRate: number;
  missesPerKiloInstr: number;
  flushesPerMcycle: number;
  hardware: string;
  /** The guest cycle the snapshot was taken at. */
  cycle: number;
}

const bit = (b: boolean): number => (b ? 1 : 0);

export function tlbEntriesToCsv(t: TlbSnapshot): string {
  if (!(t.ways >= 1) || t.size % t.ways !== 0) throw new Error(`a TLB of ${t.size} entries cannot have ${t.ways} ways`);
  const rows: CsvValue[][] = t.entries.map((e) => [
    e.index, Math.floor(e.index / t.ways), e.index % t.ways, hex32(e.vpn * 4096), hex32(e.frame * 4096), e.vpn, e.frame, e.pcid,
    bit(e.rw), bit(e.user), bit(e.dirty), bit(e.global),
  ]);
  return csvTable(TLB_ENTRY_COLUMNS, rows);
}

export function tlbCountersToCsv(t: TlbSnapshot): string {
  const rows: CsvValue[][] = Object.entries(t.counters).map(([name, value]) => [name, value]);
  rows.push(
    ['valid_entries', t.entries.length],
    ['entries', t.size],
    ['ways', t.ways],
    // NaN (no lookups in the last second) is left empty rather than written as a number it is not.
    ['hit_rate_last_second', Number.isFinite(t.hitRate) ? t.hitRate : undefined],
    ['misses_per_1k_instructions_last_second', Number.isFinite(t.missesPerKiloInstr) ? t.missesPerKiloInstr : undefined],
    ['flushes_per_million_cycles_last_second', Number.isFinite(t.flushesPerMcycle) ? t.flushesPerMcycle : undefined],
    ['hardware', t.hardware],
    ['cycle', t.cycle],
  );
  return csvTable(TLB_COUNTER_COLUMNS, rows);
}
