// The Code view: disassembly around eip beside the C (or assembly) source
// line it came from, kernel and user alike, and the call stack. Clicking an
// instruction or a source line that has code toggles a breakpoint there; a
// user breakpoint belongs to the program shown (it stops only in that
// program, not in every process that maps the same address).

import type { CodeView as CodeData, Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import { hex } from '../format.js';
import type { AppContext, View } from './view.js';

export class CodeView implements View {
  readonly panel = new Panel('Code', 'view-code', 3);
  readonly wants = 'code' as const;
  private readonly asm = el('div', { class: 'asm' });
  private readonly src = el('div', { class: 'src' });
  private readonly stack = el('div', { class: 'stack' });
  private readonly rendered = new Rendered();

  constructor(private readonly app: AppContext) {
    this.panel.body.classList.add('code-body');
    this.panel.body.append(el('div', { class: 'code-split' }, this.asm, this.src), this.stack);
  }

  update(s: Snapshot): void {
    const code = s.code;
    if (!code) return;
    const key = JSON.stringify([code.lines.map((l) => [l.addr, l.current, l.breakpoint]), code.source?.file, code.source?.line, code.source?.breakpoints, code.stack]);
    if (!this.rendered.changed(key)) return;
    this.panel.extra.textContent = `${code.space === 'user' ? `user: ${code.program}` : code.space}`;
    this.renderAsm(code);
    this.renderSource(code);
    this.renderStack(code);
    if (s.status !== 'running') {
      // Scrolling forces a layout: only when stopped, where it matters.
      this.asm.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
      this.src.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
    }
  }

  reset(): void {
    this.rendered.reset();
  }

  private renderAsm(code: CodeData): void {
    const rows: Node[] = [];
    for (const l of code.lines) {
      if (l.label) rows.push(el('div', { class: 'code-label', text: `${l.label}:` }));
      const row = el('div', { class: `code-line${l.current ? ' current' : ''}`, title: `${l.source ?? ''} bytes ${l.bytes} — click: breakpoint` },
        el('span', { class: 'bp', text: l.breakpoint ? '●' : '' }),
        el('span', { class: 'addr', text: hex(l.addr).slice(2) }),
        el('span', { text: l.text }),
        l.source ? el('span', { class: 'src', text: l.source.replace(/^.*\//, '') }) : null,
      );
      row.addEventListener('click', () => void this.app.api.toggleBreakpoint(l.addr, code.program));
      rows.push(row);
    }
    this.asm.replaceChildren(...rows);
  }

  private renderSource(code: CodeData): void {
    const src = code.source;
    if (!src) {
      this.src.replaceChildren(el('div', { class: 'dim', text: 'no source line for this address' }));
      return;
    }
    const rows: Node[] = [el('div', { class: 'accent', text: src.file })];
    const withCode = new Set(src.codeLines);
    const bps = new Set(src.breakpoints);
    src.lines.forEach((text, i) => {
      const n = src.first + i;
      const row = el('div', { class: `src-line${n === src.line ? ' current' : ''}${withCode.has(n) ? ' has-code' : ''}` },
        el('span', { class: 'bp', text: bps.has(n) ? '●' : '' }),
        el('span', { class: 'n', text: String(n) }),
        el('span', { text }),
      );
      if (withCode.has(n)) row.addEventListener('click', () => void this.app.api.toggleLineBreakpoint(src.file, n, code.program));
      rows.push(row);
    });
    this.src.replaceChildren(...rows);
  }

  private renderStack(code: CodeData): void {
    const rows = code.stack.map((f, i) =>
      el('div', { text: `#${i} ${hex(f.addr)} ${f.where}${f.file ? `  ${f.file}:${f.line}` : ''}` }),
    );
    this.stack.replaceChildren(el('div', { class: 'dim', text: 'call stack (ebp chain)' }), ...rows);
  }
}
