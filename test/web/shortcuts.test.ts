// The shortcut table: every chord maps to one action, none is a control
// character the terminal owns, and DevTools' keys are there.

import { describe, expect, it } from 'vitest';
import { SHORTCUTS, actionFor, chordText, isReload, shortcutText } from '../../web/src/ui/shortcuts.js';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean; meta?: boolean } = {}) =>
  ({ key: k, ctrlKey: !!mods.ctrl, shiftKey: !!mods.shift, altKey: !!mods.alt, metaKey: !!mods.meta });

describe('the shortcut table', () => {
  it('keeps the DevTools keys', () => {
    expect(actionFor(key('F8'))).toBe('run-pause');
    expect(actionFor(key('F10'))).toBe('step-over');
    expect(actionFor(key('F11'))).toBe('step-line');
    expect(actionFor(key('F11', { shift: true }))).toBe('step-out');
    expect(actionFor(key("'", { ctrl: true }))).toBe('step-over');
    expect(actionFor(key(';', { meta: true }))).toBe('step-line');
  });

  it('binds no chord twice', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS) {
      for (const c of s.chords) {
        const id = chordText(c);
        expect(seen.get(id), id).toBeUndefined();
        seen.set(id, s.action);
      }
    }
  });

  it('leaves the terminal its control keys and the browser F5', () => {
    for (const k of ['c', 'd', 'z', '\\', 'a', 'e', 'k', 'u', 'w', 'l', 'r']) expect(actionFor(key(k, { ctrl: true })), k).toBeUndefined();
    expect(actionFor(key('F5'))).toBeUndefined();
    expect(actionFor(key('a'))).toBeUndefined();
  });

  it('names each action\'s keys for its tooltip', () => {
    expect(shortcutText('step-out')).toBe('Shift+F11 / Ctrl+Shift+: / Ctrl+Shift+;');
  });

  it('opens the shortcut list on ?, with or without Shift, but leaves ? to be typed in the terminal and fields', () => {
    expect(actionFor(key('?', { shift: true }))).toBe('help');
    expect(actionFor(key('?'))).toBe('help');
    expect(actionFor(key('?', { shift: true }), true)).toBeUndefined();
    expect(actionFor(key('F8'), true)).toBe('run-pause');
    expect(actionFor(key("'", { ctrl: true }), true)).toBe('step-over');
    expect(chordText(SHORTCUTS.find((s) => s.action === 'help')!.chords[0])).toBe('?');
  });

  it('knows the browser\'s reload keys, and only those', () => {
    for (const k of [key('F5'), key('F5', { shift: true }), key('F5', { ctrl: true }), key('r', { ctrl: true }), key('r', { meta: true }), key('R', { ctrl: true, shift: true })]) {
      expect(isReload(k), JSON.stringify(k)).toBe(true);
    }
    for (const k of [key('r'), key('F6'), key('r', { alt: true }), key('F11')]) expect(isReload(k), JSON.stringify(k)).toBe(false);
  });

  it('puts each step back on its forward twin\'s key, leaving the browser\'s Shift+F10 alone', () => {
    expect(actionFor(key('F7', { shift: true }))).toBe('back-instruction');
    expect(actionFor(key(',', { ctrl: true }))).toBe('back-instruction');
    expect(actionFor(key('F11', { ctrl: true }))).toBe('back-line');
    expect(actionFor(key('F10', { ctrl: true }))).toBe('back-over');
    expect(actionFor(key('F11', { ctrl: true, shift: true }))).toBe('back-out');
    expect(actionFor(key('F8', { shift: true }))).toBe('reverse-continue');
    expect(actionFor(key('F8', { ctrl: true, shift: true }))).toBe('reverse-continue');
    expect(actionFor(key('F10', { shift: true }))).toBeUndefined();
    expect(shortcutText('back-instruction')).toBe('Shift+F7 / Ctrl+,');
  });
});
