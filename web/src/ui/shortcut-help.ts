// The shortcut overlay: every row of the shortcut table (shortcuts.ts), its
// keys and what it does in the page's language, so an action added to the
// table is listed without a change here. `?` or the toolbar's `?` button
// opens it; Esc, a click outside it or its close button closes it, and the
// focus goes back where it was (the terminal, usually).

import { SHORTCUTS, RELOAD_CHORDS, chordText } from './shortcuts.js';
import type { Chord } from './shortcuts.js';
import { button, el } from './dom.js';
import { onLangChange, t } from './locale.js';

export class ShortcutHelp {
  readonly root = el('div', { class: 'help-overlay', id: 'help', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'help-title' } });
  /** What had the focus when the list opened. */
  private before: HTMLElement | null = null;

  constructor() {
    this.root.hidden = true;
    this.root.addEventListener('click', (ev) => {
      if (ev.target === this.root) this.close();
    });
    window.addEventListener('keydown', (ev) => {
      if (this.root.hidden || ev.key !== 'Escape') return;
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
    }, { capture: true });
    onLangChange(() => {
      if (this.isOpen) this.draw();
    });
    document.body.append(this.root);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  open(): void {
    this.before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.draw();
    this.root.hidden = false;
    this.root.querySelector<HTMLButtonElement>('button')?.focus();
  }

  close(): void {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.before?.focus();
    this.before = null;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  private draw(): void {
    const keys = (chords: readonly Chord[]): HTMLElement =>
      el('td', { class: 'keys' }, ...chords.flatMap((c, i) => [i ? ` ${t('help.or')} ` : '', el('kbd', { text: chordText(c) })]));
    const rows = SHORTCUTS.map((s) => el('tr', { attrs: { 'data-action': s.action } }, keys(s.chords), el('td', { text: t(s.label) })));
    rows.push(el('tr', { attrs: { 'data-action': 'reload' } }, keys(RELOAD_CHORDS), el('td', { text: t('help.reload') })));
    rows.push(el('tr', { attrs: { 'data-action': 'close' } }, keys([{ key: 'Escape' }]), el('td', { text: t('help.close') })));
    const close = button(t('help.close.button'), t('help.close'), () => this.close());
    close.id = 'btn-help-close';
    this.root.replaceChildren(el('div', { class: 'box' },
      el('h3', { id: 'help-title', text: t('help.title') }),
      el('table', {}, el('tbody', {}, ...rows)),
      el('p', { class: 'dim', text: t('help.note') }),
      el('div', { class: 'actions' }, close),
    ));
  }
}
