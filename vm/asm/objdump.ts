// objdump for Glassbox executables, laid out as GNU objdump lays its output
// out (host objdump reads the headers and symbols of our ELF files but
// cannot disassemble them: e_machine is EM_GLASSBOX, 0x4742, which no
// registry assigns, so `file` says "unknown arch 0x4742").
//
//   -f  the file header         -h  the section headers
//   -t  the symbol table        -d  disassembly of the code sections, each
//   -l  with -d: source lines       function under its <name>:, calls and
//   -S  with -d: the source text    jumps named by symbol
//       itself (implies -l)
//
// Pure: it takes the bytes and a way to read source files, and returns text.

import { disassemble } from './disassembler.js';
import { ElfImage, readElf } from './elf.js';
import { EM_GLASSBOX } from './elf-format.js';

export interface ObjdumpOptions {
  fileHeader?: boolean;
  headers?: boolean;
  syms?: boolean;
  disassemble?: boolean;
  lineNumbers?: boolean;
  source?: boolean;
  /** For -S: a source file's text, or undefined when it cannot be read. */
  readSource?: (path: string) => string | undefined;
}

const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const SHT_NOBITS = 8;

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The listing, or an error message for bytes that are not a Glassbox ELF. */
export function objdump(name: string, bytes: Uint8Array, opts: ObjdumpOptions): { ok: true; text: string } | { ok: false; error: string } {
  const r = readElf(bytes);
  if (!r.ok) return { ok: false, error: `${name}: ${r.error}` };
  const elf = r.elf;
  const out: string[] = ['', `${name}:     file format elf32-glassbox`, ''];
  if (opts.fileHeader) out.push(...fileHeader(elf));
  if (opts.headers) out.push(...sectionHeaders(elf));
  if (opts.syms) out.push(...symbolTable(elf));
  if (opts.disassemble || opts.source) out.push(...disassembly(elf, opts));
  return { ok: true, text: out.join('\n') + '\n' };
}

function fileHeader(elf: ElfImage): string[] {
  return [
    `architecture: glassbox (EM_GLASSBOX 0x${EM_GLASSBOX.toString(16)}), flags 0x00000112:`,
    'EXEC_P, HAS_SYMS, D_PAGED',
    `start address 0x${hex8(elf.entry)}`,
    '',
  ];
}

function sectionFlags(s: ElfImage['sections'][number]): string {
  const f: string[] = [];
  if (s.type !== SHT_NOBITS) f.push('CONTENTS');
  if (s.flags & SHF_ALLOC) f.push('ALLOC', ...(s.type !== SHT_NOBITS ? ['LOAD'] : []));
  if (s.type !== SHT_NOBITS && !(s.flags & SHF_WRITE)) f.push('READONLY');
  if (s.flags & SHF_EXECINSTR) f.push('CODE');
  else if (s.flags & SHF_ALLOC && s.type !== SHT_NOBITS) f.push('DATA');
  return f.join(', ');
}

function sectionHeaders(elf: ElfImage): string[] {
  const out = ['Sections:', 'Idx Name            Size      VMA       File off'];
  elf.sections.filter((s) => s.name).forEach((s, i) => {
    out.push(`${String(i).padStart(3)} ${s.name.padEnd(15)} ${hex8(s.size)}  ${hex8(s.addr)}  ${hex8(s.offset)}`);
    out.push(`                    ${sectionFlags(s)}`);
  });
  out.push('');
  return out;
}

function symbolTable(elf: ElfImage): string[] {
  const out = ['SYMBOL TABLE:'];
  const sorted = [...elf.symbols].filter((s) => s.name).sort((a, b) => a.value - b.value || a.name.localeCompare(b.name));
  for (const s of sorted) {
    const scope = s.global ? 'g' : 'l';
    const kind = s.type === 'function' ? 'F' : s.type === 'object' ? 'O' : ' ';
    out.push(`${hex8(s.value)} ${scope}     ${kind} ${s.section ?? '*ABS*'}\t${hex8(s.size)} ${s.name}`);
  }
  out.push('');
  return out;
}

function disassembly(elf: ElfImage, opts: ObjdumpOptions): string[] {
  const out: string[] = [];
  const symbolizer = (addr: number): string | undefined => {
    const s = elf.symbolize(addr);
    return s ? `${(addr >>> 0).toString(16)} <${s.text}>` : undefined;  // as GNU: 8049ec0 <printf>
  };
  const starts = new Map<number, string>();
  for (const s of elf.symbols) {
    if (s.name && s.section && (s.type === 'function' || s.global || !starts.has(s.value))) starts.set(s.value, s.name);
  }
  const sources = new Map<string, string[] | undefined>();
  const sourceLine = (file: string, line: number): string | undefined => {
    if (!sources.has(file)) sources.set(file, opts.readSource?.(file)?.split('\n'));
    return sources.get(file)?.[line - 1];
  };
  for (const sec of elf.sections) {
    if (!(sec.flags & SHF_EXECINSTR) || sec.type === SHT_NOBITS) continue;
    out.push('', `Disassembly of section ${sec.name}:`);
    let lastLine = '';
    for (const l of disassemble(sec.data, sec.addr, symbolizer)) {
      const label = starts.get(l.address);
      if (label) out.push('', `${hex8(l.address)} <${label}>:`);
      if (opts.lineNumbers || opts.source) {
        const at = elf.lineFor(l.address);
        const key = at ? `${at.file}:${at.line}` : '';
        if (at && key !== lastLine) {
          out.push(opts.source ? `${key}\n${sourceLine(at.file, at.line) ?? ''}` : key);
        }
        lastLine = key;
      }
      const bytes = Array.from(l.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
      out.push(`${l.address.toString(16).padStart(8)}:\t${bytes.padEnd(36)}\t${l.text}`);
    }
  }
  out.push('');
  return out;
}
