// The page's language: chosen once at start (the URL's ?lang=, else what
// the user chose before, else the browser's language), switched from the
// toolbar, remembered in localStorage, and set as the document's `lang`.
// Views that draw text register with onLangChange() and redraw when it
// changes; t() and fmt() read the current language.

import { formatNumber, isLang, translate } from '../shared/i18n/i18n.js';
import type { Lang, Message, MessageKey } from '../shared/i18n/i18n.js';

const STORAGE_KEY = 'glassbox.lang';
const listeners = new Set<(lang: Lang) => void>();
let current: Lang = initialLang();

function initialLang(): Lang {
  const asked = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (isLang(asked)) return asked;
  try {
    const kept = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLang(kept)) return kept;
  } catch {
    // Storage can be refused (private modes, file: pages): use the browser's language.
  }
  return globalThis.navigator?.language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function lang(): Lang {
  return current;
}

/** Switch the page's language: remembered, set on <html lang>, and every listener redraws. */
export function setLang(next: Lang): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still switched.
  }
  applyToDocument();
  for (const f of listeners) f(next);
}

/** Call `f` whenever the language changes; returns the function that stops it. */
export function onLangChange(f: (lang: Lang) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function applyToDocument(): void {
  if (globalThis.document) document.documentElement.lang = current;
}

/** The message `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

/** A number in the current language's format. */
export function fmt(n: number, options?: Intl.NumberFormatOptions): string {
  return formatNumber(current, n, options);
}

/** A worker's message (a key and its parameters) in the current language. */
export function translateMessage(m: Message): string {
  return translate(current, m.key, m.params);
}
