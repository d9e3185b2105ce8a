// The terminal: xterm.js wired to the guest console. Every key goes to the
// guest as the bytes a terminal sends (Enter is '\r', Ctrl-C 0x03, Ctrl-D
// 0x04; the kernel's line discipline echoes and edits), the guest's output
// is written back with '\n' shown as a new line. The fit add-on keeps the
// character grid matched to the panel as it resizes. Keys in the page's
// shortcut table (shortcuts.ts) are left to the page, except those that are
// characters to type (`?`).

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { Snapshot } from '../../shared/protocol.js';
import { Panel } from '../dom.js';
import { t } from '../locale.js';
import { actionFor } from '../shortcuts.js';
import type { View } from './view.js';

export class TerminalView implements View {
  readonly panel = new Panel('terminal.title', 'view-terminal', 3);
  readonly term: Terminal;
  private readonly fit = new FitAddon();

  constructor(onInput: (data: string) => void) {
    this.term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
      fontSize: 13,
      scrollback: 5000,
      theme: { background: '#0b0d10', foreground: '#d6dbe4', cursor: '#5fb3ff', selectionBackground: '#3a4a66' },
    });
    this.term.loadAddon(this.fit);
    this.term.attachCustomKeyEventHandler((ev) => actionFor(ev, true) === undefined);
    this.term.onData(onInput);
    this.panel.body.classList.add('terminal-body');
    this.term.open(this.panel.body);
    new ResizeObserver(() => this.refit()).observe(this.panel.body);
    this.refit();
  }

  refit(): void {
    if (this.panel.body.clientWidth > 0 && this.panel.body.clientHeight > 0) this.fit.fit();
  }

  update(s: Snapshot): void {
    if (s.output) this.term.write(s.output);
    const size = t('terminal.size', { cols: this.term.cols, rows: this.term.rows });
    const info = s.idle ? `${size}  ${t('terminal.waiting')}` : size;
    if (this.panel.extra.textContent !== info) this.panel.extra.textContent = info;
  }

  focus(): void {
    this.term.focus();
  }
}
