// The line table: which source line each code address came from.
//
// The linker writes it into the executable's `.glassbox.lines` section; the
// ELF reader decodes it for the debugger (`lineFor(addr)`). Binary format,
// all fields little-endian u32:
//
//   magic 0x4E4C4247 ("GBLN" as bytes), version 1, fileCount, entryCount
//   fileCount file names:  byteLength, then that many UTF-8 bytes,
//                          zero-padded to a multiple of 4
//   entryCount entries:    addr, file, line, col    (16 bytes each)
//
// Entries are sorted by address. An entry covers the addresses from its own
// up to the next entry's. `file` indexes the file-name table; NO_FILE marks
// the end of a run of code that has line info (the code after it has none).
// Column 0 means "unknown column".

import { elfMessage, elfText } from './elf-messages.js';
import type { ElfMessage } from './elf-messages.js';

export const LINES_MAGIC = 0x4e4c4247;
export const LINES_VERSION = 1;
export const NO_FILE = 0xffffffff;

export interface LineRow {
  addr: number;
  /** Index into the file table, or NO_FILE. */
  file: number;
  line: number;
  col: number;
}

export interface LineTable {
  files: string[];
  rows: LineRow[];
}

export function encodeLineTable(t: LineTable): Uint8Array {
  const names = t.files.map((f) => new TextEncoder().encode(f));
  const size = 16 + names.reduce((n, b) => n + 4 + Math.ceil(b.length / 4) * 4, 0) + t.rows.length * 16;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, LINES_MAGIC, true);
  view.setUint32(4, LINES_VERSION, true);
  view.setUint32(8, names.length, true);
  view.setUint32(12, t.rows.length, true);
  let at = 16;
  for (const b of names) {
    view.setUint32(at, b.length, true);
    out.set(b, at + 4);
    at += 4 + Math.ceil(b.length / 4) * 4;
  }
  for (const r of t.rows) {
    view.setUint32(at, r.addr >>> 0, true);
    view.setUint32(at + 4, r.file >>> 0, true);
    view.setUint32(at + 8, r.line >>> 0, true);
    view.setUint32(at + 12, r.col >>> 0, true);
    at += 16;
  }
  return out;
}

/** A malformed table: the English reason, and the same as a catalogue message (elf-messages.ts). */
export type LineTableError = { ok: false; error: string; said: ElfMessage };

function bad(said: ElfMessage): LineTableError {
  return { ok: false, error: elfText(said), said };
}

/** Decode; an error message for anything malformed. Never throws. */
export function decodeLineTable(bytes: Uint8Array): { ok: true; table: LineTable } | LineTableError {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16) return bad(elfMessage('elf.lines.truncated-header'));
  if (view.getUint32(0, true) !== LINES_MAGIC) return bad(elfMessage('elf.lines.bad-magic'));
  if (view.getUint32(4, true) !== LINES_VERSION) return bad(elfMessage('elf.lines.unknown-version'));
  const fileCount = view.getUint32(8, true);
  const rowCount = view.getUint32(12, true);
  if (fileCount > bytes.length / 4 || rowCount > bytes.length / 16) return bad(elfMessage('elf.lines.counts'));
  const files: string[] = [];
  let at = 16;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let i = 0; i < fileCount; i++) {
    if (at + 4 > bytes.length) return bad(elfMessage('elf.lines.truncated-files'));
    const len = view.getUint32(at, true);
    const padded = Math.ceil(len / 4) * 4;
    if (len > bytes.length || at + 4 + padded > bytes.length) return bad(elfMessage('elf.lines.name-bounds'));
    files.push(decoder.decode(bytes.subarray(at + 4, at + 4 + len)));
    at += 4 + padded;
  }
  if (at + rowCount * 16 !== bytes.length) return bad(elfMessage('elf.lines.size'));
  const rows: LineRow[] = [];
  let prev = 0;
  for (let i = 0; i < rowCount; i++, at += 16) {
    const row = {
      addr: view.getUint32(at, true),
      file: view.getUint32(at + 4, true),
      line: view.getUint32(at + 8, true),
      col: view.getUint32(at + 12, true),
    };
    if (row.file !== NO_FILE && row.file >= fileCount) return bad(elfMessage('elf.lines.bad-file', { i: String(i), file: String(row.file), count: String(fileCount) }));
    if (row.addr < prev) return bad(elfMessage('elf.lines.unsorted'));
    prev = row.addr;
    rows.push(row);
  }
  return { ok: true, table: { files, rows } };
}
