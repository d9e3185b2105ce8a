// The message catalogues: both languages give every key, with the same
// placeholders, and none is empty; translate() fills placeholders and
// formats numbers by language.

import { describe, expect, it } from 'vitest';
import { CATALOGUES, HOST_CATALOGUES, LANGS, placeholders, translate } from '../../web/src/shared/i18n/i18n.js';
import { DEBUG_NOTES } from '../../vm/host/debug/notes.js';
import { INSTALL_MESSAGES } from '../../vm/host/install-messages.js';
import { ELF_MESSAGES } from '../../vm/asm/elf-messages.js';
import { CC_MESSAGES } from '../../vm/cc/messages.js';
import { ASM_MESSAGES } from '../../vm/asm/messages.js';
import { en as PAGE_EN } from '../../web/src/shared/i18n/messages-en.js';

/** The host's English catalogues, each from the code that says it. */
const HOST_ENGLISH = [DEBUG_NOTES, INSTALL_MESSAGES, ELF_MESSAGES, CC_MESSAGES, ASM_MESSAGES];
import type { MessageKey } from '../../web/src/shared/i18n/i18n.js';

describe('the message catalogues', () => {
  const keys = Object.keys(CATALOGUES.en).sort();

  it('give every key in every language, and no other', () => {
    for (const lang of LANGS) expect(Object.keys(CATALOGUES[lang]).sort(), lang).toEqual(keys);
  });

  it('use the same placeholders in every language', () => {
    for (const key of keys as MessageKey[]) {
      for (const lang of LANGS) expect(placeholders(CATALOGUES[lang][key]), `${lang} ${key}`).toEqual(placeholders(CATALOGUES.en[key]));
    }
  });

  it("give the host's messages in every language, the English being the host's own", () => {
    const hostKeys = Object.keys(HOST_CATALOGUES.en).sort();
    // No catalogue's key hides another's (host or page): the merged catalogue has them all.
    expect(hostKeys).toHaveLength(HOST_ENGLISH.reduce((n, c) => n + Object.keys(c).length, 0));
    expect(hostKeys.filter((k) => Object.hasOwn(PAGE_EN, k))).toEqual([]);
    expect(HOST_CATALOGUES.en).toEqual(Object.assign({}, ...HOST_ENGLISH));
    for (const lang of LANGS) {
      expect(Object.keys(HOST_CATALOGUES[lang]).sort(), lang).toEqual(hostKeys);
      for (const key of hostKeys as (keyof typeof HOST_CATALOGUES.en)[]) {
        expect(CATALOGUES[lang][key], `${lang} ${key}`).toBe(HOST_CATALOGUES[lang][key]);
        expect(placeholders(HOST_CATALOGUES[lang][key]), `${lang} ${key}`).toEqual(placeholders(HOST_CATALOGUES.en[key]));
      }
    }
  });

  it('have no empty message', () => {
    for (const lang of LANGS) for (const key of keys as MessageKey[]) expect(CATALOGUES[lang][key].trim(), `${lang} ${key}`).not.toBe('');
  });

  it('fill placeholders, numbers in the language\'s format', () => {
    expect(translate('en', 'toolbar.bare', { name: 'hello' })).toBe('bare: hello');
    expect(translate('ko', 'speed.ips', { n: 1234567 })).toBe('초당 명령어 1,234,567개');
    expect(translate('en', 'toolbar.bare')).toBe('bare: {name}');
  });
});
