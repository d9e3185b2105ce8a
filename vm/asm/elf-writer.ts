// Writing an ELF32 executable from a finished layout.
//
// File layout (every offset congruent to its address modulo the page size,
// as the ELF spec requires of PT_LOAD segments):
//
//   0x0000  ELF header, program headers         (not loaded)
//   0x1000  read+execute segment: .text, .rodata
//   next page: read+write segment: .data (.bss takes no file space)
//   then    non-allocated sections (.glassbox.debug, .glassbox.lines, ...),
//           .symtab, .strtab, .shstrtab, the section header table
//
// Segments: one PT_LOAD R+X at the text base and one PT_LOAD R+W for .data
// and .bss, whose p_filesz (the .data bytes) is less than p_memsz when there
// is .bss. A segment with nothing in it is left out. p_paddr is p_vaddr
// minus the physical offset (the kernel is linked high and loaded low).

import * as E from './elf-format.js';

export interface ElfOutputSection {
  name: string;
  addr: number;
  /** Contents (empty for .bss). */
  bytes: Uint8Array;
  /** Size in memory (differs from bytes.length only for .bss). */
  size: number;
  align: number;
}

export interface ElfOutputSymbol {
  name: string;
  value: number;
  size: number;
  type: 'function' | 'object' | 'notype';
  global: boolean;
  /** Index into ElfInput.alloc, or 'abs'. */
  section: number | 'abs';
}

export interface ElfInput {
  entry: number;
  physOffset: number;
  /** Exactly .text, .rodata, .data, .bss, in that order, already placed. */
  alloc: ElfOutputSection[];
  /** Non-allocated sections, in output order. */
  other: { name: string; bytes: Uint8Array }[];
  symbols: ElfOutputSymbol[];
}

/** A string table under construction. */
class StringTable {
  private parts: number[] = [0];
  private seen = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const at = this.parts.length;
    for (const b of new TextEncoder().encode(s)) this.parts.push(b);
    this.parts.push(0);
    this.seen.set(s, at);
    return at;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.parts);
  }
}

interface Shdr {
  name: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
}

export function writeElf(input: ElfInput): Uint8Array {
  const [text, rodata, data, bss] = input.alloc;
  const textStart = text.addr;
  const textEnd = rodata.addr + rodata.size;
  const dataStart = data.addr;
  const dataFileEnd = data.addr + data.size;
  const dataEnd = bss.addr + bss.size;

  // Segments and their file offsets.
  const textOffset = E.PAGE_SIZE;
  const dataOffset = E.alignUp(textOffset + (textEnd - textStart), E.PAGE_SIZE);
  const segments: { offset: number; vaddr: number; filesz: number; memsz: number; flags: number }[] = [];
  if (textEnd > textStart) segments.push({ offset: textOffset, vaddr: textStart, filesz: textEnd - textStart, memsz: textEnd - textStart, flags: E.PF_R | E.PF_X });
  if (dataEnd > dataStart) segments.push({ offset: dataOffset, vaddr: dataStart, filesz: dataFileEnd - dataStart, memsz: dataEnd - dataStart, flags: E.PF_R | E.PF_W });
  const fileOffsetOf = (addr: number, inData: boolean): number => (inData ? dataOffset + (addr - dataStart) : textOffset + (addr - textStart));

  // Symbol table: locals first (ELF requires it), sh_info = first global.
  const strtab = new StringTable();
  const syms = [...input.symbols.filter((s) => !s.global), ...input.symbols.filter((s) => s.global)];
  const firstGlobal = 1 + syms.filter((s) => !s.global).length;
  const symtab = new Uint8Array((syms.length + 1) * E.SYM_SIZE);
  const sv = new DataView(symtab.buffer);
  syms.forEach((s, i) => {
    const at = (i + 1) * E.SYM_SIZE;
    const type = s.type === 'function' ? E.STT_FUNC : s.type === 'object' ? E.STT_OBJECT : E.STT_NOTYPE;
    sv.setUint32(at, strtab.add(s.name), true);
    sv.setUint32(at + 4, s.value >>> 0, true);
    sv.setUint32(at + 8, s.size >>> 0, true);
    sv.setUint8(at + 12, ((s.global ? E.STB_GLOBAL : E.STB_LOCAL) << 4) | type);
    sv.setUint8(at + 13, 0);
    sv.setUint16(at + 14, s.section === 'abs' ? E.SHN_ABS : 1 + s.section, true);
  });
  const strtabBytes = strtab.bytes();

  // Section headers: null, the four allocated ones, the others, symtab, strtab, shstrtab.
  const shstr = new StringTable();
  const shdrs: Shdr[] = [{ name: 0, type: E.SHT_NULL, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }];
  const allocFlags = [E.SHF_ALLOC | E.SHF_EXECINSTR, E.SHF_ALLOC, E.SHF_ALLOC | E.SHF_WRITE, E.SHF_ALLOC | E.SHF_WRITE];
  input.alloc.forEach((s, i) => {
    shdrs.push({
      name: shstr.add(s.name),
      type: i === 3 ? E.SHT_NOBITS : E.SHT_PROGBITS,
      flags: allocFlags[i],
      addr: s.addr,
      offset: fileOffsetOf(s.addr, i >= 2),
      size: s.size,
      link: 0,
      info: 0,
      align: s.align,
      entsize: 0,
    });
  });
  // Everything else follows the data segment's file bytes (empty sections keep in-file offsets).
  let at = dataOffset + (dataFileEnd - dataStart);
  const blobs: { offset: number; bytes: Uint8Array }[] = [];
  const place = (bytes: Uint8Array, align: number): number => {
    at = E.alignUp(at, align);
    blobs.push({ offset: at, bytes });
    const offset = at;
    at += bytes.length;
    return offset;
  };
  for (const o of input.other) {
    const offset = place(o.bytes, 1);
    shdrs.push({ name: shstr.add(o.name), type: E.SHT_PROGBITS, flags: 0, addr: 0, offset, size: o.bytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  }
  const symtabIndex = shdrs.length;
  shdrs.push({ name: shstr.add('.symtab'), type: E.SHT_SYMTAB, flags: 0, addr: 0, offset: place(symtab, 4), size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: E.SYM_SIZE });
  shdrs.push({ name: shstr.add('.strtab'), type: E.SHT_STRTAB, flags: 0, addr: 0, offset: place(strtabBytes, 1), size: strtabBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shstrtabIndex = shdrs.length;
  const shstrtabName = shstr.add('.shstrtab');
  const shstrBytes = shstr.bytes();
  shdrs.push({ name: shstrtabName, type: E.SHT_STRTAB, flags: 0, addr: 0, offset: place(shstrBytes, 1), size: shstrBytes.length, link: 0, info: 0, align: 1, entsize: 0 });
  const shoff = E.alignUp(at, 4);
  const total = shoff + shdrs.length * E.SHDR_SIZE;

  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  // ELF header.
  out.set(E.ELF_MAGIC, 0);
  out[4] = E.ELFCLASS32;
  out[5] = E.ELFDATA2LSB;
  out[6] = E.EV_CURRENT;
  v.setUint16(16, E.ET_EXEC, true);
  v.setUint16(18, E.EM_GLASSBOX, true);
  v.setUint32(20, E.EV_CURRENT, true);
  v.setUint32(24, input.entry >>> 0, true);
  v.setUint32(28, segments.length ? E.EHDR_SIZE : 0, true);
  v.setUint32(32, shoff, true);
  v.setUint32(36, 0, true);
  v.setUint16(40, E.EHDR_SIZE, true);
  v.setUint16(42, E.PHDR_SIZE, true);
  v.setUint16(44, segments.length, true);
  v.setUint16(46, E.SHDR_SIZE, true);
  v.setUint16(48, shdrs.length, true);
  v.setUint16(50, shstrtabIndex, true);
  // Program headers.
  segments.forEach((s, i) => {
    const p = E.EHDR_SIZE + i * E.PHDR_SIZE;
    v.setUint32(p, E.PT_LOAD, true);
    v.setUint32(p + 4, s.offset, true);
    v.setUint32(p + 8, s.vaddr >>> 0, true);
    v.setUint32(p + 12, (s.vaddr - input.physOffset) >>> 0, true);
    v.setUint32(p + 16, s.filesz, true);
    v.setUint32(p + 20, s.memsz, true);
    v.setUint32(p + 24, s.flags, true);
    v.setUint32(p + 28, E.PAGE_SIZE, true);
  });
  // Contents.
  for (let i = 0; i < 3; i++) out.set(input.alloc[i].bytes, fileOffsetOf(input.alloc[i].addr, i >= 2));
  for (const b of blobs) out.set(b.bytes, b.offset);
  // Section header table.
  shdrs.forEach((s, i) => {
    const p = shoff + i * E.SHDR_SIZE;
    v.setUint32(p, s.name, true);
    v.setUint32(p + 4, s.type, true);
    v.setUint32(p + 8, s.flags, true);
    v.setUint32(p + 12, s.addr >>> 0, true);
    v.setUint32(p + 16, s.offset, true);
    v.setUint32(p + 20, s.size, true);
    v.setUint32(p + 24, s.link, true);
    v.setUint32(p + 28, s.info, true);
    v.setUint32(p + 32, s.align, true);
    v.setUint32(p + 36, s.entsize, true);
  });
  return out;
}
