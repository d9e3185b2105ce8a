// Messages in two languages, without the DOM: the catalogues
// (messages-en.ts, messages-ko.ts), filling {placeholders}, and numbers
// formatted for the language. The page's current language, its switch and
// its memory are in ui/locale.ts; this file is shared so the worker and
// Node tests can translate too.

import { en } from './messages-en.js';
import type { MessageKey } from './messages-en.js';
import { ko } from './messages-ko.js';

export type { MessageKey };
export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, ko };

export function isLang(s: unknown): s is Lang {
  return s === 'en' || s === 'ko';
}

/** The names of a message's placeholders, sorted: "{a} of {b}" → ['a', 'b']. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/**
 * The message `key` in `lang` with its placeholders filled. A placeholder
 * with no value stays as written, so a missing parameter shows, not hides.
 */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = CATALOGUES[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

/**
 * A text the machine's worker sends: a catalogue key and its parameters.
 * The page translates it when it draws (and again after a language
 * switch), so the worker never needs to know the language.
 */
export interface Message {
  key: MessageKey;
  params?: Record<string, string | number>;
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
