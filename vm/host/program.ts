// A program as the debugger knows it: its ELF (symbols, line table) and the
// compiler's debug information (functions, globals, struct layouts).
//
// The kernel is one Program; each /bin program is another; a bare demo is a
// third kind. Every address question the views ask — which function, which
// source line, where does line N start, where does .data end — goes through
// here, so the views never parse ELF themselves.

import { lastIndexAtOrBelow, readElf } from '../asm/elf.js';
import type { ElfImage, ElfLine, ElfSymbol } from '../asm/elf.js';
import { DEBUG_SECTION, parseDebugInfo } from '../cc/debuginfo.js';
import type { DebugInfo } from '../cc/debuginfo.js';

const PF_W = 2;
const SHF_ALLOC = 2;

/** What parsing a program's ELF gives: kept once made. */
interface Parsed {
  elf: ElfImage;
  debug: DebugInfo | undefined;
  /** Start addresses of line-table rows: "the first instruction of a source line". */
  rowStarts: Set<number>;
  /** Per allocated section: its symbols by address (ties: functions, globals, shorter names first). */
  bySection: { start: number; end: number; symbols: ElfSymbol[] }[];
}

function parse(name: string, bytes: Uint8Array): Parsed {
  const r = readElf(bytes);
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  const elf = r.elf;
  const section = elf.section(DEBUG_SECTION);
  const debug = section && section.data.length ? parseDebugInfo(section.data) : undefined;
  const rank = (x: ElfSymbol): number => (x.type === 'function' ? 0 : 2) + (x.global ? 0 : 1);
  const bySection = elf.sections
    .filter((sec) => (sec.flags & SHF_ALLOC) !== 0 && sec.size > 0)
    .map((sec) => ({
      start: sec.addr,
      end: sec.addr + sec.size,
      symbols: elf.symbols
        .filter((x) => x.section === sec.name && x.name !== '')
        .sort((a, b) => a.value - b.value || rank(a) - rank(b) || a.name.length - b.name.length),
    }));
  return { elf, debug, rowStarts: new Set(elf.lines.map((l) => l.addr)), bySection };
}

export class Program {
  private parsed: Parsed | undefined;

  private constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}

  /** Parse an ELF; throws with the reader's message when it is not one. */
  static fromElf(name: string, bytes: Uint8Array): Program {
    const p = new Program(name, bytes);
    p.load();
    return p;
  }

  /**
   * A program parsed when first asked about: for the system image's own
   * programs, which the toolchain built (the browser reads some sixty at
   * start and needs one or two). An ELF that cannot be read throws then, as
   * fromElf would.
   */
  static deferred(name: string, bytes: Uint8Array): Program {
    return new Program(name, bytes);
  }

  private load(): Parsed {
    return (this.parsed ??= parse(this.name, this.bytes));
  }

  get elf(): ElfImage {
    return this.load().elf;
  }

  get debug(): DebugInfo | undefined {
    return this.load().debug;
  }

  private get rowStarts(): Set<number> {
    return this.load().rowStarts;
  }

  private get bySection(): Parsed['bySection'] {
    return this.load().bySection;
  }

  /**
   * The symbol addr belongs to: a sized symbol (a C function) that contains
   * it, else the nearest symbol at or below it in its section — so code after
   * an assembly label (ctxsw_2_save, vector128) is named by that label, not
   * by the last function before it.
   */
  symbolAt(addr: number): ElfSymbol | undefined {
    addr >>>= 0;
    const sec = this.bySection.find((x) => addr >= x.start && addr < x.end);
    if (!sec) return undefined;
    const list = sec.symbols;
    const found = lastIndexAtOrBelow(list, (x) => x.value, addr);
    if (found < 0) return undefined;
    // Among symbols at the same address, the preferred one sorts first.
    let i = found;
    while (i > 0 && list[i - 1].value === list[found].value) i--;
    const best = list[i];
    if (best.size > 0 && addr >= best.value + best.size) {
      // Past the end of a sized symbol: look for an enclosing sized one below.
      for (let j = i - 1; j >= 0; j--) if (list[j].size > 0 && addr < list[j].value + list[j].size) return list[j];
    }
    return best;
  }

  /** Every symbol name at exactly addr (preferred first): "vector32", "ctxsw_1_interrupt". */
  namesAt(addr: number): string[] {
    addr >>>= 0;
    const s = this.symbolAt(addr);
    if (!s || s.value !== addr) return [];
    const sec = this.bySection.find((x) => addr >= x.start && addr < x.end)!;
    return sec.symbols.filter((x) => x.value === addr).map((x) => x.name);
  }

  /** `function` or `function+0x1c`, or undefined outside the program. */
  where(addr: number): string | undefined {
    const s = this.symbolAt(addr);
    if (!s) return undefined;
    const off = (addr >>> 0) - s.value;
    return off ? `${s.name}+0x${off.toString(16)}` : s.name;
  }

  /** The function (or assembly label) containing addr: its name and start address. */
  functionAt(addr: number): { name: string; start: number } | undefined {
    const s = this.symbolAt(addr);
    return s ? { name: s.name, start: s.value } : undefined;
  }

  /** Source position of the instruction at addr (only inside the code the line table covers). */
  lineFor(addr: number): { file: string; line: number } | undefined {
    const row = this.rowAt(addr);
    return row ? { file: row.file, line: row.line } : undefined;
  }

  /** The line-table row covering addr, if any. */
  rowAt(addr: number): ElfLine | undefined {
    addr >>>= 0;
    const lines = this.elf.lines;
    const found = lastIndexAtOrBelow(lines, (l) => l.addr, addr);
    if (found < 0) return undefined;
    const row = lines[found];
    return addr < row.end || (row.end === row.addr && found === lines.length - 1 && this.inText(addr)) ? row : undefined;
  }

  /** Is addr the first instruction of a line-table row? */
  isRowStart(addr: number): boolean {
    return this.rowStarts.has(addr >>> 0);
  }

  /** The lowest address of code generated for file:line, if any. */
  addressOfLine(file: string, line: number): number | undefined {
    let best: number | undefined;
    for (const l of this.elf.lines) {
      if (l.line === line && l.file === file && (best === undefined || l.addr < best)) best = l.addr;
    }
    return best;
  }

  /** Lines of `file` that have code. */
  codeLines(file: string): number[] {
    const out = new Set<number>();
    for (const l of this.elf.lines) if (l.file === file) out.add(l.line);
    return [...out].sort((a, b) => a - b);
  }

  /** A symbol's address (globals first). */
  lookup(name: string): number | undefined {
    return this.elf.lookup(name);
  }

  /** End of the symbol's extent: its size, or the next symbol of its section. */
  symbolEnd(name: string): number | undefined {
    const sym = this.elf.symbols.find((s) => s.name === name && s.global) ?? this.elf.symbols.find((s) => s.name === name);
    if (!sym) return undefined;
    if (sym.size > 0) return sym.value + sym.size;
    let next: number | undefined;
    for (const s of this.elf.symbols) {
      if (s.section === sym.section && s.value > sym.value && (next === undefined || s.value < next)) next = s.value;
    }
    return next;
  }

  /** Address of a C global by its C name (static ones included), via debug info then symbols. */
  globalAddress(name: string): number | undefined {
    const g = this.debug?.globals.find((x) => x.name === name);
    return (g ? this.lookup(g.symbol) : undefined) ?? this.lookup(name);
  }

  /** The writable PT_LOAD: where .data ends (file bytes) and .bss ends (memory size). */
  dataLayout(): { start: number; dataEnd: number; bssEnd: number } | undefined {
    const seg = this.elf.segments.find((s) => (s.flags & PF_W) !== 0);
    return seg ? { start: seg.vaddr, dataEnd: seg.vaddr + seg.filesz, bssEnd: seg.vaddr + seg.memsz } : undefined;
  }

  /** Is addr inside an executable section of this program? */
  inText(addr: number): boolean {
    return this.elf.segments.some((s) => (s.flags & 1) !== 0 && addr >= s.vaddr && addr < s.vaddr + s.memsz);
  }

  /** Does the program's image cover addr at all? */
  contains(addr: number): boolean {
    return this.elf.segments.some((s) => addr >= s.vaddr && addr < s.vaddr + s.memsz);
  }
}
