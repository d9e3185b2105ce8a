// Reading an ELF32 executable: validation first, then a convenient image.
//
// readElf() is the gate every executable passes before the machine loads it,
// so it trusts nothing: magic, class, byte order, machine, header sizes,
// every offset and size against the file, string tables and their NULs,
// segment overlap, the entry point and the line table are all checked, and
// any input at all (truncated, corrupt, random) gives either an image or an
// error message, never an exception.
//
// The image also answers the debugger's two questions: which function is
// this address in (symbolize) and which source line (lineFor).

import * as E from './elf-format.js';
import { NO_FILE, decodeLineTable } from './lines.js';
import { elfMessage, elfText } from './elf-messages.js';
import type { ElfMessage } from './elf-messages.js';

export { EM_GLASSBOX } from './elf-format.js';

export interface ElfSegment {
  /** p_type (only PT_LOAD segments are listed). */
  type: number;
  vaddr: number;
  paddr: number;
  offset: number;
  filesz: number;
  memsz: number;
  /** PF_R | PF_W | PF_X bits. */
  flags: number;
  align: number;
  /** The segment's file bytes (filesz of them); the rest up to memsz is zero. */
  data: Uint8Array;
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  /** Contents; empty for SHT_NOBITS (.bss). */
  data: Uint8Array;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: 'function' | 'object' | 'notype' | 'other';
  global: boolean;
  /** The section it is defined in; undefined for absolute or undefined symbols. */
  section: string | undefined;
}

/** Code from addr (inclusive) to end (exclusive) came from file:line:col (col 0 = unknown). */
export interface ElfLine {
  addr: number;
  end: number;
  file: string;
  line: number;
  col: number;
}

export interface Symbolized {
  name: string;
  offset: number;
  /** `name` or `name+0x1c`. */
  text: string;
}

export interface ElfImage {
  entry: number;
  machine: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
  lines: ElfLine[];
  /** The function containing addr (or the nearest symbol below it in the same section). */
  symbolize(addr: number): Symbolized | undefined;
  lineFor(addr: number): { file: string; line: number; col: number } | undefined;
  section(name: string): ElfSection | undefined;
  /** A symbol's value by name (globals first). */
  lookup(name: string): number | undefined;
}

/** Why a file is not an executable: the English reason, and the same as a catalogue message (elf-messages.ts). */
export type ElfFailure = { ok: false; error: string; said: ElfMessage };
export type ReadElfResult = { ok: true; elf: ElfImage } | ElfFailure;

/** Thrown only inside readElf and caught there. */
class ElfError extends Error {
  constructor(readonly said: ElfMessage) {
    super(elfText(said));
  }
}

function fail(said: ElfMessage): never {
  throw new ElfError(said);
}

export function readElf(bytes: Uint8Array): ReadElfResult {
  return guarded(() => parse(bytes));
}

/** Runs a parse, turning any failure into an error message. */
function guarded<T>(parse: () => T): { ok: true; elf: T } | ElfFailure {
  try {
    return { ok: true, elf: parse() };
  } catch (e) {
    const said = e instanceof ElfError ? e.said : elfMessage('elf.unreadable', { error: String(e) });
    return { ok: false, error: elfText(said), said };
  }
}

const hex = (n: number) => '0x' + n.toString(16);

/** A range [offset, offset+size) must lie inside the file. */
function checkRange(what: ElfMessage, offset: number, size: number, fileSize: number): void {
  if (offset > fileSize || size > fileSize - offset) fail(elfMessage('elf.past-end', { what, offset: hex(offset), size: hex(size), file: hex(fileSize) }));
}

/** A NUL-terminated string at `at` in a string table. */
function stringAt(table: Uint8Array, at: number, what: ElfMessage): string {
  if (at >= table.length) fail(elfMessage('elf.name-outside', { what, offset: String(at) }));
  const end = table.indexOf(0, at);
  if (end < 0) fail(elfMessage('elf.name-unterminated', { what }));
  return new TextDecoder('utf-8', { fatal: false }).decode(table.subarray(at, end));
}

/** The ELF header's fields, validated against the file. */
interface ElfHeader {
  entry: number;
  machine: number;
  phoff: number;
  phnum: number;
  shoff: number;
  shnum: number;
  shstrndx: number;
}

function parseHeader(bytes: Uint8Array): { header: ElfHeader; view: DataView } {
  if (!(bytes instanceof Uint8Array)) fail(elfMessage('elf.not-bytes'));
  const size = bytes.length;
  if (size < E.EHDR_SIZE) fail(elfMessage('elf.too-short', { size: String(size) }));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!E.ELF_MAGIC.every((b, i) => bytes[i] === b)) fail(elfMessage('elf.bad-magic'));
  if (bytes[4] !== E.ELFCLASS32) fail(elfMessage('elf.not-32-bit', { class: String(bytes[4]) }));
  if (bytes[5] !== E.ELFDATA2LSB) fail(elfMessage('elf.not-little-endian', { encoding: String(bytes[5]) }));
  if (bytes[6] !== E.EV_CURRENT) fail(elfMessage('elf.unknown-version', { version: String(bytes[6]) }));
  const type = v.getUint16(16, true);
  if (type !== E.ET_EXEC) fail(elfMessage('elf.not-executable', { type: String(type) }));
  const machine = v.getUint16(18, true);
  if (machine !== E.EM_GLASSBOX) fail(elfMessage('elf.not-glassbox', { machine: hex(machine), expected: hex(E.EM_GLASSBOX) }));
  if (v.getUint32(20, true) !== E.EV_CURRENT) fail(elfMessage('elf.unknown-e-version'));
  const entry = v.getUint32(24, true);
  const phoff = v.getUint32(28, true);
  const shoff = v.getUint32(32, true);
  const ehsize = v.getUint16(40, true);
  const phentsize = v.getUint16(42, true);
  const phnum = v.getUint16(44, true);
  const shentsize = v.getUint16(46, true);
  const shnum = v.getUint16(48, true);
  const shstrndx = v.getUint16(50, true);
  if (ehsize !== E.EHDR_SIZE) fail(elfMessage('elf.bad-ehsize', { size: String(ehsize) }));
  if (phnum > 0 && phentsize !== E.PHDR_SIZE) fail(elfMessage('elf.bad-phentsize', { size: String(phentsize) }));
  if (shnum > 0 && shentsize !== E.SHDR_SIZE) fail(elfMessage('elf.bad-shentsize', { size: String(shentsize) }));
  checkRange(elfMessage('elf.what.phdrs'), phoff, phnum * E.PHDR_SIZE, size);
  checkRange(elfMessage('elf.what.shdrs'), shoff, shnum * E.SHDR_SIZE, size);
  if (phnum > 0 && phoff < E.EHDR_SIZE) fail(elfMessage('elf.phdrs-overlap-header'));
  if (shnum > 0 && shoff < E.EHDR_SIZE) fail(elfMessage('elf.shdrs-overlap-header'));
  return { header: { entry, machine, phoff, phnum, shoff, shnum, shstrndx }, view: v };
}

function checkEntry(entry: number, segments: ElfSegment[]): void {
  if (segments.length > 0 && !segments.some((s) => s.flags & E.PF_X && entry >= s.vaddr && entry < s.vaddr + s.memsz)) {
    fail(elfMessage('elf.entry-outside', { entry: hex(entry) }));
  }
}

function parse(bytes: Uint8Array): ElfImage {
  const { header: h, view: v } = parseHeader(bytes);
  const segments = readSegments(bytes, v, h.phoff, h.phnum);
  const sections = readSections(bytes, v, h.shoff, h.shnum, h.shstrndx);
  checkEntry(h.entry, segments);
  const symbols = readSymbols(v, sections);
  const lines = readLines(sections);
  return makeImage(h.entry, h.machine, segments, sections, symbols, lines);
}

/** What loading needs and no more: the entry point and the loadable segments. */
export interface ElfLoadable {
  entry: number;
  segments: ElfSegment[];
}

export type ReadSegmentsResult = { ok: true; elf: ElfLoadable } | { ok: false; error: string };

/**
 * readElf() without sections, symbols or lines: the same checks of the
 * header and the segments, for a loader that needs only those (debug
 * sections are most of a program file, so this is much cheaper).
 */
export function readElfSegments(bytes: Uint8Array): ReadSegmentsResult {
  return guarded(() => {
    const { header: h, view: v } = parseHeader(bytes);
    const segments = readSegments(bytes, v, h.phoff, h.phnum);
    checkEntry(h.entry, segments);
    return { entry: h.entry, segments };
  });
}

function readSegments(bytes: Uint8Array, v: DataView, phoff: number, phnum: number): ElfSegment[] {
  const out: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * E.PHDR_SIZE;
    const seg = {
      type: v.getUint32(p, true),
      offset: v.getUint32(p + 4, true),
      vaddr: v.getUint32(p + 8, true),
      paddr: v.getUint32(p + 12, true),
      filesz: v.getUint32(p + 16, true),
      memsz: v.getUint32(p + 20, true),
      flags: v.getUint32(p + 24, true),
      align: v.getUint32(p + 28, true),
    };
    if (seg.type !== E.PT_LOAD) continue;
    const what = elfMessage('elf.what.segment', { i: String(i) });
    checkRange(what, seg.offset, seg.filesz, bytes.length);
    if (seg.filesz > seg.memsz) fail(elfMessage('elf.filesz-exceeds', { what, filesz: hex(seg.filesz), memsz: hex(seg.memsz) }));
    if (seg.vaddr + seg.memsz > 0x1_0000_0000) fail(elfMessage('elf.virtual-wraps', { what }));
    if (seg.paddr + seg.memsz > 0x1_0000_0000) fail(elfMessage('elf.physical-wraps', { what }));
    if (seg.align > 1) {
      if ((seg.align & (seg.align - 1)) !== 0) fail(elfMessage('elf.align-not-power', { what, align: String(seg.align) }));
      if (seg.offset % seg.align !== seg.vaddr % seg.align) fail(elfMessage('elf.align-disagree', { what }));
    }
    for (const other of out) {
      if (overlaps(seg.vaddr, seg.memsz, other.vaddr, other.memsz)) fail(elfMessage('elf.overlap-virtual', { what }));
      if (overlaps(seg.paddr, seg.memsz, other.paddr, other.memsz)) fail(elfMessage('elf.overlap-physical', { what }));
    }
    out.push({ ...seg, data: bytes.slice(seg.offset, seg.offset + seg.filesz) });
  }
  return out;
}

function overlaps(a: number, asize: number, b: number, bsize: number): boolean {
  return asize > 0 && bsize > 0 && a < b + bsize && b < a + asize;
}

function readSections(bytes: Uint8Array, v: DataView, shoff: number, shnum: number, shstrndx: number): ElfSection[] {
  if (shnum === 0) return [];
  if (shstrndx >= shnum) fail(elfMessage('elf.shstrndx-range', { index: String(shstrndx), count: String(shnum) }));
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const p = shoff + i * E.SHDR_SIZE;
    const s = {
      nameOff: v.getUint32(p, true),
      type: v.getUint32(p + 4, true),
      flags: v.getUint32(p + 8, true),
      addr: v.getUint32(p + 12, true),
      offset: v.getUint32(p + 16, true),
      size: v.getUint32(p + 20, true),
      link: v.getUint32(p + 24, true),
      info: v.getUint32(p + 28, true),
      entsize: v.getUint32(p + 36, true),
    };
    if (s.type !== E.SHT_NOBITS && s.type !== E.SHT_NULL) checkRange(elfMessage('elf.what.section', { i: String(i) }), s.offset, s.size, bytes.length);
    raw.push(s);
  }
  const strSec = raw[shstrndx];
  if (strSec.type !== E.SHT_STRTAB) fail(elfMessage('elf.shstrtab-type'));
  const names = bytes.subarray(strSec.offset, strSec.offset + strSec.size);
  // Sections with file contents must not overlap each other or the headers.
  const withBytes = raw.map((s, i) => ({ ...s, i })).filter((s) => s.type !== E.SHT_NOBITS && s.type !== E.SHT_NULL && s.size > 0);
  withBytes.sort((a, b) => a.offset - b.offset);
  for (let k = 0; k < withBytes.length; k++) {
    if (withBytes[k].offset < E.EHDR_SIZE) fail(elfMessage('elf.section-overlaps-header', { i: String(withBytes[k].i) }));
    if (k > 0 && withBytes[k].offset < withBytes[k - 1].offset + withBytes[k - 1].size) fail(elfMessage('elf.sections-overlap', { a: String(withBytes[k - 1].i), b: String(withBytes[k].i) }));
  }
  return raw.map((s, i) => ({
    name: i === 0 ? '' : stringAt(names, s.nameOff, elfMessage('elf.what.section', { i: String(i) })),
    type: s.type,
    flags: s.flags,
    addr: s.addr,
    offset: s.offset,
    size: s.size,
    data: s.type === E.SHT_NOBITS || s.type === E.SHT_NULL ? new Uint8Array(0) : bytes.slice(s.offset, s.offset + s.size),
    link: s.link,
    entsize: s.entsize,
  }));
}

function readSymbols(v: DataView, sections: (ElfSection & { link?: number; entsize?: number })[]): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === E.SHT_SYMTAB);
  if (!symtab) return [];
  if (symtab.entsize !== E.SYM_SIZE) fail(elfMessage('elf.symbol-entsize', { size: String(symtab.entsize), expected: String(E.SYM_SIZE) }));
  if (symtab.size % E.SYM_SIZE !== 0) fail(elfMessage('elf.symbol-size'));
  const strSec = sections[symtab.link ?? 0];
  if (!strSec || strSec.type !== E.SHT_STRTAB) fail(elfMessage('elf.symbol-strtab'));
  const sv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
  const out: ElfSymbol[] = [];
  for (let at = E.SYM_SIZE; at < symtab.size; at += E.SYM_SIZE) {
    const info = sv.getUint8(at + 12);
    const shndx = sv.getUint16(at + 14, true);
    if (shndx !== E.SHN_UNDEF && shndx < 0xff00 && shndx >= sections.length) fail(elfMessage('elf.symbol-section', { i: String(at / E.SYM_SIZE), section: String(shndx) }));
    const t = info & 15;
    out.push({
      name: stringAt(strSec.data, sv.getUint32(at, true), elfMessage('elf.what.symbol', { i: String(at / E.SYM_SIZE) })),
      value: sv.getUint32(at + 4, true),
      size: sv.getUint32(at + 8, true),
      type: t === E.STT_FUNC ? 'function' : t === E.STT_OBJECT ? 'object' : t === E.STT_NOTYPE ? 'notype' : 'other',
      global: info >> 4 !== E.STB_LOCAL,
      section: shndx !== E.SHN_UNDEF && shndx < sections.length ? sections[shndx].name : undefined,
    });
  }
  void v;
  return out;
}

function readLines(sections: ElfSection[]): { rows: { addr: number; file: number; line: number; col: number }[]; files: string[] } {
  const sec = sections.find((s) => s.name === E.LINES_SECTION);
  if (!sec) return { rows: [], files: [] };
  const r = decodeLineTable(sec.data);
  if (!r.ok) fail(r.said);
  return r.table;
}

function makeImage(
  entry: number,
  machine: number,
  segments: ElfSegment[],
  sectionsRaw: (ElfSection & { link?: number; entsize?: number })[],
  symbols: ElfSymbol[],
  table: { rows: { addr: number; file: number; line: number; col: number }[]; files: string[] },
): ElfImage {
  const sections: ElfSection[] = sectionsRaw.map(({ name, type, flags, addr, offset, size, data }) => ({ name, type, flags, addr, offset, size, data }));
  const rows = table.rows;
  const lines: ElfLine[] = [];
  rows.forEach((r, i) => {
    if (r.file === NO_FILE) return;
    const end = i + 1 < rows.length ? rows[i + 1].addr : r.addr;
    lines.push({ addr: r.addr, end, file: table.files[r.file], line: r.line, col: r.col });
  });
  const allocated = sections.filter((s) => s.flags & E.SHF_ALLOC);
  // Per allocated section: its function symbols, and all its symbols (ties: globals, then shorter names first).
  const bySection = new Map<string, { functions: ElfSymbol[]; all: ElfSymbol[] }>();
  for (const a of allocated) {
    const mine = symbols.filter((s) => s.section === a.name);
    bySection.set(a.name, {
      functions: mine.filter((s) => s.type === 'function').sort((x, y) => x.value - y.value),
      all: mine.sort((x, y) => x.value - y.value || Number(y.global) - Number(x.global) || x.name.length - y.name.length),
    });
  }

  const named = (s: ElfSymbol, addr: number): Symbolized => {
    const offset = addr - s.value;
    return { name: s.name, offset, text: offset ? `${s.name}+0x${offset.toString(16)}` : s.name };
  };

  return {
    entry,
    machine,
    segments,
    sections,
    symbols,
    lines,
    symbolize(addr: number): Symbolized | undefined {
      addr >>>= 0;
      const home = allocated.find((s) => addr >= s.addr && addr < s.addr + s.size);
      if (!home) return undefined;
      const { functions, all } = bySection.get(home.name)!;
      const f = lastAtOrBelow(functions, addr);
      if (f && (f.size === 0 || addr < f.value + f.size)) return named(f, addr);
      const best = lastAtOrBelow(all, addr, true);
      return best ? named(best, addr) : undefined;
    },
    lineFor(addr: number) {
      const found = lastIndexAtOrBelow(rows, (r) => r.addr, addr >>> 0);
      if (found < 0 || rows[found].file === NO_FILE) return undefined;
      const r = rows[found];
      return { file: table.files[r.file], line: r.line, col: r.col };
    },
    section(name: string) {
      return sections.find((s) => s.name === name);
    },
    lookup(name: string) {
      const s = symbols.find((x) => x.name === name && x.global) ?? symbols.find((x) => x.name === name);
      return s?.value;
    },
  };
}

/**
 * Index of the last element of `sorted` (ascending by `key`) whose key is
 * <= x, or -1. The one binary search behind every "what covers this address"
 * question: symbols, line-table rows.
 */
export function lastIndexAtOrBelow<T>(sorted: readonly T[], key: (t: T) => number, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The last symbol (sorted by value) with value <= addr; with preferFirstOfTies, the first among equal values. */
function lastAtOrBelow(sorted: ElfSymbol[], addr: number, preferFirstOfTies = false): ElfSymbol | undefined {
  let found = lastIndexAtOrBelow(sorted, (s) => s.value, addr);
  if (found < 0) return undefined;
  if (preferFirstOfTies) while (found > 0 && sorted[found - 1].value === sorted[found].value) found--;
  return sorted[found];
}
