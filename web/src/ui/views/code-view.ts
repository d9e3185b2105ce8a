// The Code view: disassembly around eip beside the C (or assembly) source
// line it came from, kernel and user alike, and the call stack. Clicking an
// instruction or a source line that has code toggles a breakpoint there; a
// user breakpoint belongs to the program shown (it stops only in that
// program, not in every process that maps the same address).

import type { CodeView as CodeData, Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import { hex } from '../format.js';
import { onLangChange, t } from '../locale.js';
import type { AppContext, View } from './view.js';

export class CodeView implements View {
  readonly panel = new Panel('code.title', 'view-code', 3);
  readonly wants = 'code' as const;
  private readonly asm = el('div', { class: 'asm' });
  private readonly src = el('div', { class: 'src' });
  private readonly stack = el('div', { class: 'stack' });
  private readonly asmKey = new Rendered();
  private readonly srcKey = new Rendered();
  private readonly stackKey = new Rendered();
  /** Rows by address / line number, so moving the highlight touches two rows, not the listing. */
  private asmRows = new Map<number, HTMLElement>();
  private srcRows = new Map<number, HTMLElement>();
  private currentAsm: HTMLElement | undefined;
  private currentSrc: HTMLElement | undefined;

  constructor(private readonly app: AppContext) {
    this.panel.body.classList.add('code-body');
    this.panel.body.append(el('div', { class: 'code-split' }, this.asm, this.src), this.stack);
    onLangChange(() => this.reset());
  }

  update(s: Snapshot): void {
    const code = s.code;
    if (!code) return;
    const extra = code.space === 'user' ? t('code.space.user', { program: code.program }) : t(code.space === 'kernel' ? 'code.space.kernel' : 'code.space.bare');
    if (this.panel.extra.textContent !== extra) this.panel.extra.textContent = extra;
    if (this.asmKey.changed(JSON.stringify([code.program, code.lines.map((l) => [l.addr, l.breakpoint])]))) this.renderAsm(code);
    const src = code.source;
    if (this.srcKey.changed(JSON.stringify(src ? [src.file, src.first, src.breakpoints] : null))) this.renderSource(code);
    if (this.stackKey.changed(JSON.stringify(code.stack))) this.renderStack(code);
    this.currentAsm = moveHighlight(this.currentAsm, this.asmRows.get(code.lines.find((l) => l.current)?.addr ?? -1));
    this.currentSrc = moveHighlight(this.currentSrc, src ? this.srcRows.get(src.line) : undefined);
    if (s.status !== 'running') {
      // Scrolling forces a layout: only when stopped, where it matters.
      this.asm.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
      this.src.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
    }
  }

  reset(): void {
    this.asmKey.reset();
    this.srcKey.reset();
    this.stackKey.reset();
  }

  private renderAsm(code: CodeData): void {
    const rows: Node[] = [];
    this.asmRows = new Map();
    this.currentAsm = undefined;
    for (const l of code.lines) {
      if (l.label) rows.push(el('div', { class: 'code-label', text: `${l.label}:` }));
      const row = el('div', { class: 'code-line', title: t('code.line.title', { source: l.source ?? '', bytes: l.bytes }) },
        el('span', { class: 'bp', text: l.breakpoint ? '●' : '' }),
        el('span', { class: 'addr', text: hex(l.addr).slice(2) }),
        el('span', { text: l.text }),
        l.source ? el('span', { class: 'src', text: l.source.replace(/^.*\//, '') }) : null,
      );
      row.addEventListener('click', () => void this.app.api.toggleBreakpoint(l.addr, code.program));
      this.asmRows.set(l.addr, row);
      rows.push(row);
    }
    this.asm.replaceChildren(...rows);
  }

  private renderSource(code: CodeData): void {
    const src = code.source;
    if (!src) {
      this.src.replaceChildren(el('div', { class: 'dim', text: t('code.no-source') }));
      return;
    }
    this.srcRows = new Map();
    this.currentSrc = undefined;
    const rows: Node[] = [el('div', { class: 'accent', text: src.file })];
    const withCode = new Set(src.codeLines);
    const bps = new Set(src.breakpoints);
    src.lines.forEach((text, i) => {
      const n = src.first + i;
      const row = el('div', { class: `src-line${withCode.has(n) ? ' has-code' : ''}` },
        el('span', { class: 'bp', text: bps.has(n) ? '●' : '' }),
        el('span', { class: 'n', text: String(n) }),
        el('span', { text }),
      );
      if (withCode.has(n)) row.addEventListener('click', () => void this.app.api.toggleLineBreakpoint(src.file, n, code.program));
      this.srcRows.set(n, row);
      rows.push(row);
    });
    this.src.replaceChildren(...rows);
  }

  private renderStack(code: CodeData): void {
    const rows = code.stack.map((f, i) =>
      el('div', { text: `#${i} ${hex(f.addr)} ${f.where}${f.file ? `  ${f.file}:${f.line}` : ''}` }),
    );
    this.stack.replaceChildren(el('div', { class: 'dim', text: t('code.stack') }), ...rows);
  }
}

/** Move the 'current' highlight from one row to another; returns the newly highlighted row. */
function moveHighlight(from: HTMLElement | undefined, to: HTMLElement | undefined): HTMLElement | undefined {
  if (from === to) return to;
  from?.classList.remove('current');
  to?.classList.add('current');
  return to;
}
