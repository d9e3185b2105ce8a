// The Editor's share link and its files' persistence model.

import { describe, expect, it } from 'vitest';
import { DEFAULT_HARDWARE } from '../../vm/host/hardware.js';
import { addFile, freeName, loadFiles, openFile, removeOpen, renameOpen, saveFiles, STORAGE_KEY, withText } from '../../web/src/ui/editor-files.js';
import type { EditorFiles, KeyValueStore } from '../../web/src/ui/editor-files.js';
import { TEMPLATES } from '../../web/src/ui/editor-templates.js';
import { hardwareFromQuery } from '../../web/src/ui/hardware-url.js';
import { decodeShare, encodeShare, shareUrl } from '../../web/src/ui/share-link.js';
import { translateMessage } from '../../web/src/shared/i18n/i18n.js';
import type { Message } from '../../web/src/shared/i18n/i18n.js';

/** A message in English, or '' for none. */
const say = (m: Message | undefined): string => (m ? translateMessage('en', m) : '');

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
}

describe('share links', () => {
  it('round-trip a file, unicode and all, and the hardware', () => {
    const file = { name: 'myrace.c', text: TEMPLATES[3].text + '\n// 경쟁 상태 ✓\n' };
    const hardware = { ...DEFAULT_HARDWARE, tlbEntries: 256, costs: {} };
    const url = new URL(shareUrl({ origin: 'http://x.test', pathname: '/app/', search: '?headless' }, hardware, file));
    expect(decodeShare(url.hash)).toEqual({ file });
    expect(hardwareFromQuery(url.search).config.tlbEntries).toBe(256);
    expect(url.search).toContain('headless');
    expect(url.hash.length).toBeLessThan(file.text.length); // compressed
  });

  it('a fragment without a file is nothing; a damaged one is an error', () => {
    expect(decodeShare('')).toEqual({});
    expect(decodeShare('#other')).toEqual({});
    const good = encodeShare({ name: 'a.c', text: 'int main(void) { return 0; }\n' });
    expect(say(decodeShare(good.slice(0, good.length - 8)).error)).toMatch(/cannot be read/);
    expect(say(decodeShare('#code=!!!').error)).toMatch(/cannot be read/);
  });
});

describe('the Editor\'s files', () => {
  const fresh = { name: 'myfork.c', text: 'int main(void) { return 0; }\n' };

  it('start from the template when nothing (or garbage) is stored', () => {
    const s = new MemoryStore();
    expect(loadFiles(s, fresh)).toEqual({ files: [fresh], open: 'myfork.c' });
    s.setItem(STORAGE_KEY, '{not json');
    expect(loadFiles(s, fresh).open).toBe('myfork.c');
    s.setItem(STORAGE_KEY, JSON.stringify({ files: [], open: 'x' }));
    expect(loadFiles(s, fresh).files).toEqual([fresh]);
  });

  it('survive a save and a load, edits, new files, renames and closes included', () => {
    const s = new MemoryStore();
    let st: EditorFiles = loadFiles(s, fresh);
    st = withText(st, 'edited\n');
    st = addFile(st, { name: 'myfork.c', text: 'second\n' });
    expect(st.open).toBe('myfork-2.c');
    const renamed = renameOpen(st, 'two.c');
    if ('error' in renamed) throw new Error(say(renamed.error));
    st = renamed;
    const taken = renameOpen(st, 'myfork.c');
    expect('error' in taken && say(taken.error)).toBe('there is already a file named myfork.c');
    expect(saveFiles(s, st)).toBeUndefined();
    const back = loadFiles(s, fresh);
    expect(back).toEqual({ files: [{ name: 'myfork.c', text: 'edited\n' }, { name: 'two.c', text: 'second\n' }], open: 'two.c' });
    expect(openFile(back).text).toBe('second\n');
    const closed = removeOpen(back);
    expect(closed).toEqual({ files: [{ name: 'myfork.c', text: 'edited\n' }], open: 'myfork.c' });
    expect(removeOpen(closed)).toBe(closed); // the last file stays
    expect(freeName(closed, 'new.c')).toBe('new.c');
  });

  it('a refused save is reported, not thrown', () => {
    const full: KeyValueStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(say(saveFiles(full, { files: [fresh], open: fresh.name }))).toMatch(/could not be saved.*Quota/);
  });
});
