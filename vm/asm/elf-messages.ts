// Why an ELF file is not one the machine runs, in English: readElf()'s
// reasons (elf.ts) and the line table's (lines.ts), as catalogue messages
// (vm/text/message.ts). The terminal prints elfText(); the page shows an
// upload's rejection in its language (web/src/shared/i18n/messages-ko-host.ts
// gives every key in Korean). Parameters are numbers as the file holds
// them (hex where the reader writes hex); `what` is a nested elf.what.*
// message naming the part of the file.

import { messages, render } from '../text/message.js';
import type { Message } from '../text/message.js';

export const ELF_MESSAGES = {
  'elf.not-bytes': 'not a byte array',
  'elf.too-short': 'file too short for an ELF header ({size} bytes)',
  'elf.bad-magic': 'not an ELF file (bad magic)',
  'elf.not-32-bit': 'not a 32-bit ELF file (class {class})',
  'elf.not-little-endian': 'not a little-endian ELF file (data encoding {encoding})',
  'elf.unknown-version': 'unknown ELF version {version}',
  'elf.not-executable': 'not an executable (e_type {type})',
  'elf.not-glassbox': 'not a Glassbox executable (e_machine {machine}, expected {expected})',
  'elf.unknown-e-version': 'unknown ELF version in e_version',
  'elf.bad-ehsize': 'bad ELF header size {size}',
  'elf.bad-phentsize': 'bad program header size {size}',
  'elf.bad-shentsize': 'bad section header size {size}',
  'elf.past-end': '{what} (offset {offset}, size {size}) extends past the end of the file ({file} bytes)',
  'elf.phdrs-overlap-header': 'program header table overlaps the ELF header',
  'elf.shdrs-overlap-header': 'section header table overlaps the ELF header',
  'elf.entry-outside': 'entry point {entry} is not inside an executable segment',
  'elf.name-outside': '{what}: name offset {offset} is outside its string table',
  'elf.name-unterminated': '{what}: name is not NUL-terminated',
  'elf.filesz-exceeds': '{what}: file size {filesz} exceeds memory size {memsz}',
  'elf.virtual-wraps': '{what}: virtual range wraps past 4 GiB',
  'elf.physical-wraps': '{what}: physical range wraps past 4 GiB',
  'elf.align-not-power': '{what}: alignment {align} is not a power of two',
  'elf.align-disagree': '{what}: file offset and address disagree modulo the alignment',
  'elf.overlap-virtual': '{what} overlaps another segment in virtual memory',
  'elf.overlap-physical': '{what} overlaps another segment in physical memory',
  'elf.shstrndx-range': 'section name table index {index} is out of range ({count} sections)',
  'elf.shstrtab-type': 'the section name table is not a string table',
  'elf.section-overlaps-header': 'section {i} overlaps the ELF header',
  'elf.sections-overlap': 'sections {a} and {b} overlap in the file',
  'elf.symbol-entsize': 'symbol table entry size {size} is not {expected}',
  'elf.symbol-size': 'symbol table size is not a multiple of its entry size',
  'elf.symbol-strtab': 'the symbol table does not link to a string table',
  'elf.symbol-section': 'symbol {i} names section {section}, which does not exist',
  'elf.unreadable': 'unreadable ELF file ({error})',
  'elf.what.phdrs': 'program header table',
  'elf.what.shdrs': 'section header table',
  'elf.what.segment': 'segment {i}',
  'elf.what.section': 'section {i}',
  'elf.what.symbol': 'symbol {i}',

  'elf.lines.truncated-header': 'line table: truncated header',
  'elf.lines.bad-magic': 'line table: bad magic',
  'elf.lines.unknown-version': 'line table: unknown version',
  'elf.lines.counts': 'line table: counts exceed its size',
  'elf.lines.truncated-files': 'line table: truncated file table',
  'elf.lines.name-bounds': 'line table: file name out of bounds',
  'elf.lines.size': 'line table: size does not match its entry count',
  'elf.lines.bad-file': 'line table: entry {i} names file {file} of {count}',
  'elf.lines.unsorted': 'line table: entries not sorted by address',
} as const;

export type ElfMessageKey = keyof typeof ELF_MESSAGES;
export type ElfMessage = Message<ElfMessageKey>;

/** An ELF reader's message: `elfMessage('elf.too-short', { size })`, placeholders checked by the type. */
export const elfMessage = messages(ELF_MESSAGES);

/** The message in English. */
export function elfText(m: ElfMessage): string {
  return render(ELF_MESSAGES, m);
}
