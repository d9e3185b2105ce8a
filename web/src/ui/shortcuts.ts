// The page's keyboard shortcuts: one table. The key handler, the buttons'
// tooltips and the help overlay are all derived from it, so a shortcut
// cannot be bound without being listed, or listed without working.
//
// DevTools' keys stay (F8, F10, F11, Shift+F11) and every action also has a
// chord the browser does not own (DevTools' own alternates where it has
// them: Ctrl+' step over, Ctrl+; step into, Ctrl+Shift+; step out). No
// chord is a control character a terminal sends (Ctrl-C, -D, -Z, -\, -A,
// -E, -K, -U, -W, -L), since the terminal owns those.
//
// `?` lists them all (the help overlay); it is a character people type, so
// it is a shortcut only outside the terminal, an editor or a field. The
// browser's reload keys (F5, Ctrl+R, Cmd+R) are kept from reloading the page
// while it has focus: a reload would lose the running machine.
// Time travel's steps back are their forward twin's F-key with Shift or
// Ctrl (Shift+F7 back one instruction, Ctrl+F11 back a line, Ctrl+F10 back
// over a line, Ctrl+Shift+F11 back out, Shift+F8 / Ctrl+Shift+F8 back to
// the previous breakpoint), and Ctrl+, for one instruction beside Ctrl+.;
// Shift+F10 stays free (browsers open the context menu on it).

import type { MessageKey } from '../shared/i18n/i18n.js';

export type ActionId =
  | 'run-pause' | 'step-instruction' | 'step-line' | 'step-over' | 'step-out'
  | 'back-instruction' | 'back-line' | 'back-over' | 'back-out' | 'reverse-continue'
  | 'help';

export interface Chord {
  /** KeyboardEvent.key, as the browser reports it ('F8', "'", ';'). */
  key: string;
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** Shift does not matter: the key is a character (`?`) that some layouts type with Shift and some without. */
  anyShift?: boolean;
}

export interface Shortcut {
  action: ActionId;
  /** What it does, in the message catalogue. */
  label: MessageKey;
  chords: Chord[];
  /** false: not while typing in the terminal, an editor or a field (the key is a character to type there). */
  whileTyping?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'run-pause', label: 'action.run-pause', chords: [{ key: 'F8' }, { key: 'Enter', ctrl: true, shift: true }] },
  { action: 'step-instruction', label: 'action.step-instruction', chords: [{ key: 'F7' }, { key: '.', ctrl: true }] },
  { action: 'step-line', label: 'action.step-line', chords: [{ key: 'F11' }, { key: ';', ctrl: true }] },
  { action: 'step-over', label: 'action.step-over', chords: [{ key: 'F10' }, { key: "'", ctrl: true }] },
  { action: 'step-out', label: 'action.step-out', chords: [{ key: 'F11', shift: true }, { key: ':', ctrl: true, shift: true }, { key: ';', ctrl: true, shift: true }] },
  { action: 'help', label: 'action.help', chords: [{ key: '?', anyShift: true }], whileTyping: false },
  // time travel
  { action: 'back-instruction', label: 'action.back-instruction', chords: [{ key: 'F7', shift: true }, { key: ',', ctrl: true }] },
  { action: 'back-line', label: 'action.back-line', chords: [{ key: 'F11', ctrl: true }] },
  { action: 'back-over', label: 'action.back-over', chords: [{ key: 'F10', ctrl: true }] },
  { action: 'back-out', label: 'action.back-out', chords: [{ key: 'F11', ctrl: true, shift: true }] },
  { action: 'reverse-continue', label: 'action.reverse-continue', chords: [{ key: 'F8', shift: true }, { key: 'F8', ctrl: true, shift: true }] },
];

/** The browser's reload keys, kept from reloading the page (the run would be lost). */
export const RELOAD_CHORDS: readonly Chord[] = [
  { key: 'F5' }, { key: 'F5', shift: true }, { key: 'F5', ctrl: true },
  { key: 'r', ctrl: true }, { key: 'r', ctrl: true, shift: true },
];

/** Does the event ask the browser to reload the page? */
export function isReload(ev: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  return RELOAD_CHORDS.some((c) => pressed(ev, c));
}

/** Does the event press this chord? Ctrl and Cmd count alike; modifiers must match exactly. */
export function pressed(ev: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, c: Chord): boolean {
  return ev.key.toLowerCase() === c.key.toLowerCase()
    && (ev.ctrlKey || ev.metaKey) === !!c.ctrl
    && (c.anyShift || ev.shiftKey === !!c.shift)
    && ev.altKey === !!c.alt;
}

/**
 * The action a key event asks for, if any. `typing`: the key goes to the
 * terminal, an editor or a field, where shortcuts that are characters
 * (`?`) are left to be typed.
 */
export function actionFor(ev: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, typing = false): ActionId | undefined {
  return SHORTCUTS.find((s) => !(typing && s.whileTyping === false) && s.chords.some((c) => pressed(ev, c)))?.action;
}

/** Is this element one that takes typing (the terminal's textarea, CodeMirror, a field)? */
export function takesTyping(target: EventTarget | null): boolean {
  const e = target as HTMLElement | null;
  if (!e || typeof e.closest !== 'function') return false;
  return !!e.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .xterm, .cm-editor');
}

/** A chord as people write it: "Shift+F11", "Ctrl+'". */
export function chordText(c: Chord): string {
  return [c.ctrl && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.key.length === 1 ? c.key.toUpperCase() : c.key].filter(Boolean).join('+');
}

/** The shortcuts of an action, for its tooltip: "F8 or Ctrl+Shift+Enter". */
export function shortcutText(action: ActionId): string {
  const s = SHORTCUTS.find((x) => x.action === action);
  return s ? s.chords.map(chordText).join(' / ') : '';
}
