// Small DOM helpers and the Panel every view lives in (a titled box whose
// header collapses it; a collapsed view asks the worker for nothing). Texts
// come from the message catalogue: a Panel's title is a key, and
// localize() keeps a lasting element's text in the page's language.

import type { MessageKey } from '../shared/i18n/i18n.js';
import { onLangChange, t } from './locale.js';

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string; title?: string; id?: string; attrs?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  if (props.id) e.id = props.id;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

export function button(label: string, title: string, onClick: () => void, cls = ''): HTMLButtonElement {
  const b = el('button', { text: label, title, class: cls });
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Write an element's text and tooltip now and again on every language
 * switch. For elements that last as long as the page (a view's controls);
 * what a view redraws from snapshots it translates as it draws.
 */
export function localize<E extends HTMLElement>(e: E, text?: () => string, title?: () => string): E {
  const write = (): void => {
    if (text) e.textContent = text();
    if (title) e.title = title();
  };
  write();
  onLangChange(write);
  return e;
}

/** A button whose label and tooltip are catalogue keys, kept in the page's language. */
export function labelledButton(label: MessageKey, title: MessageKey, onClick: () => void, cls = ''): HTMLButtonElement {
  return localize(button('', '', onClick, cls), () => t(label), () => t(title));
}

export class Panel {
  readonly root: HTMLElement;
  readonly head: HTMLElement;
  readonly body: HTMLElement;
  /** Right side of the header for view-specific controls. */
  readonly extra: HTMLElement;
  private collapsedState = false;
  onToggle: ((open: boolean) => void) | undefined;

  private readonly name = el('span', { class: 'panel-title' });

  constructor(private readonly titleKey: MessageKey, id: string, grow = 1) {
    this.extra = el('span', { class: 'extra' });
    this.head = el('h2', {}, this.name, this.extra);
    localize(this.name, () => t(titleKey));
    localize(this.head, undefined, () => t('panel.toggle'));
    this.body = el('div', { class: 'body' });
    this.root = el('div', { class: 'panel', id }, this.head, this.body);
    // grow 0: as tall as the content; otherwise a share of the column.
    this.root.style.flex = grow === 0 ? 'none' : `${grow} 1 0`;
    this.head.addEventListener('click', (ev) => {
      if (this.extra.contains(ev.target as Node)) return;
      this.collapsed = !this.collapsed;
    });
  }

  /** The title in the page's language. */
  get title(): string {
    return t(this.titleKey);
  }

  get collapsed(): boolean {
    return this.collapsedState;
  }

  set collapsed(v: boolean) {
    this.collapsedState = v;
    this.root.classList.toggle('collapsed', v);
    this.onToggle?.(!v);
  }

  get open(): boolean {
    return !this.collapsedState;
  }
}

/** Replace an element's children only when `key` differs from the last render's. */
export class Rendered {
  private last = '';
  changed(key: string): boolean {
    if (key === this.last) return false;
    this.last = key;
    return true;
  }
  reset(): void {
    this.last = '';
  }
}
