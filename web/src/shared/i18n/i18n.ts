// Messages in two languages, without the DOM: the catalogues, filling
// {placeholders}, and numbers formatted for the language. The page's
// current language, its switch and its memory are in ui/locale.ts; this
// file is shared so the worker and Node tests can translate too.
//
// Two kinds of catalogue meet here. The page's own texts: messages-en.ts
// (the reference) and messages-ko.ts. The host's: the English lives next to
// the code that says it (vm/host/debug/notes.ts: the debugger's notes;
// vm/host/install-messages.ts and vm/asm/elf-messages.ts: why a program is
// not installed; vm/cc/messages.ts and vm/asm/messages.ts: the compiler's
// and the linker's diagnostics), and the Korean here (messages-ko-debug.ts,
// messages-ko-install.ts, messages-ko-cc.ts, messages-ko-asm.ts, typed by
// the host's keys, so a missing text is a type error). Placeholders are filled by the same
// function the terminal uses for the English (vm/text/message.ts).

import { en } from './messages-en.js';
import type { MessageKey as PageKey } from './messages-en.js';
import { ko } from './messages-ko.js';
import { koDebug } from './messages-ko-debug.js';
import { koInstall } from './messages-ko-install.js';
import { koCc } from './messages-ko-cc.js';
import { koAsm } from './messages-ko-asm.js';
import { DEBUG_NOTES } from '../../../../vm/host/debug/notes.js';
import type { DebugNoteKey } from '../../../../vm/host/debug/notes.js';
import { INSTALL_MESSAGES } from '../../../../vm/host/install-messages.js';
import type { InstallMessageKey } from '../../../../vm/host/install-messages.js';
import { ELF_MESSAGES } from '../../../../vm/asm/elf-messages.js';
import type { ElfMessageKey } from '../../../../vm/asm/elf-messages.js';
import { CC_MESSAGES } from '../../../../vm/cc/messages.js';
import type { CcMessageKey } from '../../../../vm/cc/messages.js';
import { ASM_MESSAGES } from '../../../../vm/asm/messages.js';
import type { AsmMessageKey } from '../../../../vm/asm/messages.js';
import { fill, placeholders } from '../../../../vm/text/message.js';
import type { Param } from '../../../../vm/text/message.js';

/** The keys of the host's messages (debugger notes, install and ELF problems, compiler and linker diagnostics), which the workers pass on as they come. */
export type HostKey = DebugNoteKey | InstallMessageKey | ElfMessageKey | CcMessageKey | AsmMessageKey;
export type MessageKey = PageKey | HostKey;
export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];
/** The host's catalogues, by language: English from vm/, Korean from here. */
export const HOST_CATALOGUES: Record<Lang, Record<HostKey, string>> = {
  en: { ...DEBUG_NOTES, ...INSTALL_MESSAGES, ...ELF_MESSAGES, ...CC_MESSAGES, ...ASM_MESSAGES },
  ko: { ...koDebug, ...koInstall, ...koCc, ...koAsm },
};
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = {
  en: { ...en, ...HOST_CATALOGUES.en },
  ko: { ...ko, ...HOST_CATALOGUES.ko },
};
export { placeholders };

export function isLang(s: unknown): s is Lang {
  return s === 'en' || s === 'ko';
}

/**
 * The message `key` in `lang` with its placeholders filled: numbers in the
 * language's format, a parameter that is itself a message (a word the host
 * embeds) translated too. A placeholder with no value stays as written, so
 * a missing parameter shows, not hides.
 */
export function translate(lang: Lang, key: MessageKey, params: Readonly<Record<string, Param>> = {}): string {
  return fill(CATALOGUES[lang][key], params, (p) => (typeof p === 'number' ? formatNumber(lang, p) : translateNested(lang, p)));
}

/** An embedded message: its key is the host's (a key no catalogue knows shows as itself). */
function translateNested(lang: Lang, m: { key: string; params?: Readonly<Record<string, Param>> }): string {
  return isMessage(m) ? translate(lang, m.key, m.params) : m.key;
}

/**
 * A text the machine's worker sends: a catalogue key and its parameters.
 * The page translates it when it draws (and again after a language
 * switch), so the worker never needs to know the language.
 */
export interface Message {
  key: MessageKey;
  params?: Readonly<Record<string, Param>>;
}

/** Is a host's message one the catalogues know (so the page can translate it)? */
export function isMessage(m: { key: string }): m is Message {
  return Object.hasOwn(CATALOGUES.en, m.key);
}

export function translateMessage(lang: Lang, m: Message): string {
  return translate(lang, m.key, m.params);
}

const formats = new Map<string, Intl.NumberFormat>();

/** A number as the language writes it (grouping, decimals). */
export function formatNumber(lang: Lang, n: number, options: Intl.NumberFormatOptions = {}): string {
  const id = `${lang}|${JSON.stringify(options)}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', options);
    formats.set(id, f);
  }
  return f.format(n);
}
