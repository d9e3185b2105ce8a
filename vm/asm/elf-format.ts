// ELF32 constants and field layouts shared by the ELF writer and reader.
// Only what Glassbox executables use: little-endian ELF32 ET_EXEC files with
// PT_LOAD segments, a symbol table and a few named sections.

/** Our own e_machine value ("GB"); unassigned in the ELF registry. */
export const EM_GLASSBOX = 0x4742;

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const; // \x7fELF
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ET_EXEC = 2;

export const EHDR_SIZE = 52;
export const PHDR_SIZE = 32;
export const SHDR_SIZE = 40;
export const SYM_SIZE = 16;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;

export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;

export const PAGE_SIZE = 0x1000;

/** The name of the section holding the line table (format in lines.ts). */
export const LINES_SECTION = '.glassbox.lines';

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
