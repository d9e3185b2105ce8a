// The linker: object files to one ELF32 executable.
//
// 1. Collect global symbols (a name defined globally twice is an error).
// 2. Lay out: every object's .text, then every object's .rodata (each piece
//    at its alignment) from the text base, the read+execute segment; then,
//    from the next page boundary, .data and .bss, the read+write segment.
// 3. Define the linker symbols:
//      _etext       end of the read+execute segment (.text and .rodata)
//      _edata       end of .data
//      __bss_start  start of .bss
//      _end         end of .bss, exactly (not page-aligned): the heap can
//                   start here; round up yourself if you need a page
// 4. Patch every relocation (formulas in object.ts). An undefined symbol is
//    reported once, at its first reference.
// 5. Merge the line tables and the non-allocated sections, and write the ELF.
//
// Physical addresses: p_paddr = p_vaddr - physOffset (0 for user programs and
// bare-machine programs; 0xC0000000 for the kernel, linked at 0xC0100000 and
// loaded at 0x100000).

import { Diagnostic, SourceLoc, diagSaid } from './diagnostic.js';
import { asmMessage, asmText } from './messages.js';
import type { AsmMessage } from './messages.js';
import { ElfOutputSection, ElfOutputSymbol, writeElf } from './elf-writer.js';
import { LINES_SECTION, PAGE_SIZE, alignUp } from './elf-format.js';
import { LineRow, NO_FILE, encodeLineTable } from './lines.js';
import { ALLOC_SECTIONS, ObjectFile, ObjectSymbol, SymbolType, isAllocSection } from './object.js';

export interface LinkOptions {
  /** Virtual address of .text; a multiple of the page size (0x1000). */
  textBase: number;
  /** p_paddr = p_vaddr - physOffset. Default 0. */
  physOffset?: number;
  /** Entry symbol, default `_start`. */
  entry?: string;
}

export interface LinkMapSymbol {
  name: string;
  address: number;
  size: number;
  type: SymbolType;
  global: boolean;
  /** The object (source file) defining it; '<linker>' for _end and friends. */
  source: string;
}

export interface LinkMap {
  entry: number;
  sections: { name: string; address: number; size: number }[];
  symbols: LinkMapSymbol[];
}

export interface LinkResult {
  elf?: Uint8Array;
  errors: Diagnostic[];
  map?: LinkMap;
}

export const LINKER_SYMBOLS = ['_etext', '_edata', '__bss_start', '_end'] as const;

const LINKER_LOC: SourceLoc = { file: '<linker>', line: 1, col: 1 };
const ADDRESS_LIMIT = 0x1_0000_0000;

interface GlobalDef {
  /** Absolute address (resolved after layout). */
  address: number;
  sym: ObjectSymbol;
  object: number;
}

export function link(objects: ObjectFile[], options: LinkOptions): LinkResult {
  try {
    return new Linker(objects, options).run();
  } catch (e) {
    return { errors: [diagSaid(LINKER_LOC, asmMessage('asm.link.internal', { error: String(e) }))] };
  }
}

class Linker {
  private errors: Diagnostic[] = [];
  /** placement[object][section name] = address of that object's piece. */
  private placement: Map<string, number>[] = [];
  private globals = new Map<string, GlobalDef>();
  private out = new Map<string, { address: number; size: number; align: number; bytes: Uint8Array }>();

  constructor(
    private objects: ObjectFile[],
    private options: LinkOptions,
  ) {}

  run(): LinkResult {
    const { textBase } = this.options;
    const physOffset = this.options.physOffset ?? 0;
    if (!Number.isInteger(textBase) || textBase < 0 || textBase >= ADDRESS_LIMIT || textBase % PAGE_SIZE !== 0) {
      return { errors: [diagSaid(LINKER_LOC, asmMessage('asm.link.text-base', { base: String(textBase) }))] };
    }
    if (!Number.isInteger(physOffset) || physOffset < 0 || physOffset >= ADDRESS_LIMIT) {
      return { errors: [diagSaid(LINKER_LOC, asmMessage('asm.link.phys-offset', { offset: String(physOffset) }))] };
    }
    this.collectGlobals();
    if (!this.layout(textBase)) return { errors: this.errors };
    const linkerSyms = this.linkerSymbols();
    for (const g of this.globals.values()) g.address = this.symbolAddress(g.object, g.sym);
    this.relocate(linkerSyms);
    const entry = this.entry(linkerSyms);
    if (this.errors.length) return { errors: this.errors };
    const symbols = this.symbolTable(linkerSyms);
    const alloc: ElfOutputSection[] = ALLOC_SECTIONS.map((name) => {
      const s = this.out.get(name)!;
      return { name, addr: s.address, bytes: name === '.bss' ? new Uint8Array(0) : s.bytes, size: s.size, align: s.align };
    });
    const other = [...this.otherSections(), { name: LINES_SECTION, bytes: this.lineTable() }];
    const elfSymbols: ElfOutputSymbol[] = symbols.map((s) => ({
      name: s.name,
      value: s.address,
      size: s.size,
      type: s.type,
      global: s.global,
      section: s.sectionIndex,
    }));
    const elf = writeElf({ entry: entry!, physOffset, alloc, other, symbols: elfSymbols });
    return {
      elf,
      errors: [],
      map: {
        entry: entry!,
        sections: ALLOC_SECTIONS.map((name) => ({ name, address: this.out.get(name)!.address, size: this.out.get(name)!.size })),
        symbols: symbols.map(({ sectionIndex: _, ...rest }) => rest),
      },
    };
  }

  private error(loc: SourceLoc, said: AsmMessage): void {
    this.errors.push(diagSaid(loc, said));
  }

  private collectGlobals(): void {
    this.objects.forEach((obj, object) => {
      for (const sym of obj.symbols) {
        if (!sym.global) continue;
        if ((LINKER_SYMBOLS as readonly string[]).includes(sym.name)) {
          this.error(sym.loc, asmMessage('asm.link.linker-symbol', { name: sym.name }));
          continue;
        }
        const prev = this.globals.get(sym.name);
        if (prev) {
          const p = prev.sym.loc;
          this.error(sym.loc, asmMessage('asm.link.duplicate', { name: sym.name, where: `${p.file}:${p.line}:${p.col}` }));
          continue;
        }
        this.globals.set(sym.name, { address: 0, sym, object });
      }
    });
  }

  /** Place every object's sections; false when the image does not fit in 32 bits. */
  private layout(textBase: number): boolean {
    let addr = textBase;
    for (const name of ALLOC_SECTIONS) {
      if (name === '.data') addr = alignUp(addr, PAGE_SIZE);
      let start: number | undefined;
      let align = 4;
      for (const obj of this.objects) {
        const s = obj.sections.find((x) => x.name === name);
        if (!s) continue;
        align = Math.max(align, s.align);
        addr = alignUp(addr, s.align);
        start ??= addr;
        addr += s.size;
      }
      start ??= addr;
      if (addr > ADDRESS_LIMIT) {
        this.error(LINKER_LOC, asmMessage('asm.link.too-large', { section: name, end: addr.toString(16) }));
        return false;
      }
      this.out.set(name, { address: start, size: addr - start, align, bytes: new Uint8Array(name === '.bss' ? 0 : addr - start) });
    }
    // Second walk with the same arithmetic: record placements and copy bytes.
    this.objects.forEach((obj, i) => (this.placement[i] = new Map()));
    for (const name of ALLOC_SECTIONS) {
      const outSec = this.out.get(name)!;
      let at = outSec.address;
      this.objects.forEach((obj, i) => {
        const s = obj.sections.find((x) => x.name === name);
        if (!s) return;
        at = alignUp(at, s.align);
        this.placement[i].set(name, at);
        if (name !== '.bss') outSec.bytes.set(s.bytes.subarray(0, s.size), at - outSec.address);
        at += s.size;
      });
    }
    return true;
  }

  private linkerSymbols(): Map<string, number> {
    const rodata = this.out.get('.rodata')!;
    const data = this.out.get('.data')!;
    const bss = this.out.get('.bss')!;
    return new Map<string, number>([
      ['_etext', rodata.address + rodata.size],
      ['_edata', data.address + data.size],
      ['__bss_start', bss.address],
      ['_end', bss.address + bss.size],
    ]);
  }

  private symbolAddress(object: number, sym: ObjectSymbol): number {
    if (sym.section === null) return sym.offset >>> 0;
    const base = this.placement[object].get(sym.section);
    return base === undefined ? sym.offset : base + sym.offset;
  }

  private relocate(linkerSyms: Map<string, number>): void {
    const reported = new Set<string>();
    this.objects.forEach((obj, i) => {
      for (const r of obj.relocations) {
        const secBase = this.placement[i].get(r.section);
        const outSec = this.out.get(r.section);
        if (secBase === undefined || !outSec || !isAllocSection(r.section) || r.section === '.bss' || r.offset < 0 || r.offset + 4 > (obj.sections.find((s) => s.name === r.section)?.size ?? 0)) {
          this.error(r.loc, asmMessage('asm.link.relocation-outside', { section: r.section, offset: String(r.offset) }));
          continue;
        }
        let target: number | undefined;
        if (r.target.kind === 'absolute') target = 0;
        else if (r.target.kind === 'section') target = this.placement[i].get(r.target.name);
        else target = this.globals.get(r.target.name)?.address ?? linkerSyms.get(r.target.name);
        if (target === undefined) {
          const name = r.target.kind === 'symbol' ? r.target.name
            : r.target.kind === 'section' ? asmMessage('asm.what.section', { name: r.target.name }) : asmMessage('asm.what.absolute');
          const seen = typeof name === 'string' ? name : asmText(name);
          if (!reported.has(seen)) {
            reported.add(seen);
            this.error(r.loc, asmMessage('asm.link.undefined', { name, source: obj.source }));
          }
          continue;
        }
        const place = secBase + r.offset;
        const value = target + r.addend;
        const view = new DataView(outSec.bytes.buffer);
        const at = place - outSec.address;
        if (r.kind === 'ABS32') {
          if (value < -0x8000_0000 || value >= ADDRESS_LIMIT) {
            this.error(r.loc, asmMessage('asm.link.overflow', { value: value.toString(16) }));
            continue;
          }
          view.setUint32(at, value >>> 0, true);
        } else {
          if (value < 0 || value >= ADDRESS_LIMIT) {
            this.error(r.loc, asmMessage('asm.link.branch-overflow', { value: value.toString(16) }));
            continue;
          }
          // 32-bit address arithmetic wraps, so every target is reachable.
          view.setUint32(at, (value - (place + 4)) >>> 0, true);
        }
      }
    });
  }

  private entry(linkerSyms: Map<string, number>): number | undefined {
    const name = this.options.entry ?? '_start';
    const g = this.globals.get(name);
    if (g) return g.address;
    const locals: number[] = [];
    this.objects.forEach((obj, i) => {
      for (const s of obj.symbols) if (s.name === name && !s.global) locals.push(this.symbolAddress(i, s));
    });
    if (locals.length === 1) return locals[0];
    if (linkerSyms.has(name)) return linkerSyms.get(name);
    this.error(LINKER_LOC, asmMessage(locals.length > 1 ? 'asm.link.entry-not-global' : 'asm.link.entry-undefined', { name }));
    return undefined;
  }

  private symbolTable(linkerSyms: Map<string, number>): (LinkMapSymbol & { sectionIndex: number | 'abs' })[] {
    const out: (LinkMapSymbol & { sectionIndex: number | 'abs' })[] = [];
    this.objects.forEach((obj, i) => {
      for (const s of obj.symbols) {
        const index = s.section === null ? 'abs' : (ALLOC_SECTIONS as readonly string[]).indexOf(s.section);
        if (index === -1) continue;
        out.push({ name: s.name, address: this.symbolAddress(i, s), size: s.size, type: s.type, global: s.global, source: obj.source, sectionIndex: index });
      }
    });
    for (const [name, address] of linkerSyms) {
      out.push({ name, address, size: 0, type: 'notype', global: true, source: '<linker>', sectionIndex: 'abs' });
    }
    return out;
  }

  /** Non-allocated sections, concatenated by name in order of first appearance. */
  private otherSections(): { name: string; bytes: Uint8Array }[] {
    const parts = new Map<string, Uint8Array[]>();
    for (const obj of this.objects) {
      for (const s of obj.sections) {
        if (isAllocSection(s.name) || s.name === LINES_SECTION) continue;
        if (!parts.has(s.name)) parts.set(s.name, []);
        parts.get(s.name)!.push(s.bytes.subarray(0, s.size));
      }
    }
    return [...parts].map(([name, list]) => {
      const bytes = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of list) {
        bytes.set(b, at);
        at += b.length;
      }
      return { name, bytes };
    });
  }

  /** The merged line table: each object's rows moved to their addresses, each run closed by a NO_FILE row. */
  private lineTable(): Uint8Array {
    const files: string[] = [];
    const fileIndex = new Map<string, number>();
    const rows: LineRow[] = [];
    const push = (row: LineRow) => {
      const last = rows[rows.length - 1];
      if (last && last.addr === row.addr) rows[rows.length - 1] = row;
      else rows.push(row);
    };
    for (const name of ALLOC_SECTIONS) {
      this.objects.forEach((obj, i) => {
        const base = this.placement[i].get(name);
        const sec = obj.sections.find((s) => s.name === name);
        const entries = obj.lines.filter((l) => l.section === name).sort((a, b) => a.offset - b.offset);
        if (base === undefined || !sec || entries.length === 0) return;
        for (const l of entries) {
          let f = fileIndex.get(l.file);
          if (f === undefined) {
            f = files.length;
            files.push(l.file);
            fileIndex.set(l.file, f);
          }
          push({ addr: base + l.offset, file: f, line: l.line, col: l.col });
        }
        push({ addr: base + sec.size, file: NO_FILE, line: 0, col: 0 });
      });
    }
    return encodeLineTable({ files, rows });
  }
}
