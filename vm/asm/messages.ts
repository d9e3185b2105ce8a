// The linker's diagnostics in English, by key: what stops a program from
// linking (an undefined symbol, a symbol defined twice, a relocation that
// does not fit). Catalogue messages (vm/text/message.ts): a Diagnostic
// carries one as `said` beside its English `message`, so the page's Editor
// can show a C program's link errors in its language
// (web/src/shared/i18n/messages-ko-asm.ts gives every key in Korean).
// Parameters are the program's own names, files and numbers, shown as they
// are; `name` in asm.link.undefined may be a nested asm.what.* message.

import { messages, render } from '../text/message.js';
import type { Message } from '../text/message.js';

export const ASM_MESSAGES = {
  'asm.link.internal': 'internal linker error: {error}',
  'asm.link.text-base': 'text base {base} is not a page-aligned 32-bit address',
  'asm.link.phys-offset': 'physical offset {offset} is not a 32-bit value',
  'asm.link.linker-symbol': "'{name}' is defined by the linker and cannot be defined globally",
  'asm.link.duplicate': "duplicate global symbol '{name}' (first defined at {where})",
  'asm.link.too-large': 'the program does not fit below 4 GiB (section {section} ends at 0x{end})',
  'asm.link.relocation-outside': 'relocation in {section} at offset {offset} is outside the section',
  'asm.link.undefined': "undefined symbol '{name}' (first referenced in {source})",
  'asm.link.overflow': 'relocation overflow: 0x{value} does not fit in 32 bits',
  'asm.link.branch-overflow': 'relocation overflow: branch target 0x{value} is not a 32-bit address',
  'asm.link.entry-not-global': "entry symbol '{name}' is defined in several files but not global",
  'asm.link.entry-undefined': "entry symbol '{name}' is not defined",
  'asm.what.section': 'section {name}',
  'asm.what.absolute': 'absolute',
} as const;

export type AsmMessageKey = keyof typeof ASM_MESSAGES;
export type AsmMessage = Message<AsmMessageKey>;

/** A linker message: `asmMessage('asm.link.undefined', { name, source })`, placeholders checked by the type. */
export const asmMessage = messages(ASM_MESSAGES);

/** The message in English, as the CLI prints it. */
export function asmText(m: AsmMessage): string {
  return render(ASM_MESSAGES, m);
}
