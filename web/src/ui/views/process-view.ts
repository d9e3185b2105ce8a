// Processes: the kernel's process table read from guest memory (pid, parent,
// the article's state, ps's STAT letter, name, CPU time), the ready queue,
// and the tree of parents and children. Zombies and orphans re-parented to
// init are marked; a process with several threads lists them (each with its
// own state and stack pointer, sharing one address space). Clicking a
// process selects it in every view.

import type { ProcRow, Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import { cycles } from '../format.js';
import { processTree } from '../process-tree.js';
import type { AppContext, View } from './view.js';

export class ProcessView implements View {
  readonly panel = new Panel('Processes', 'view-processes', 2);
  readonly wants = 'processes' as const;
  private readonly rendered = new Rendered();
  /** CPU-time cells by pid: while the table's shape holds, only these change. */
  private cpuCells = new Map<number, HTMLElement>();

  constructor(private readonly app: AppContext) {}

  update(s: Snapshot): void {
    const p = s.processes;
    if (!p) return;
    const extra = `ticks ${p.ticks}  ready queue [${p.readyQueue.join(', ')}]`;
    if (this.panel.extra.textContent !== extra) this.panel.extra.textContent = extra;
    const shape = JSON.stringify([p.note, s.selectedPid, p.rows.map((r) => [r.pid, r.ppid, r.state, r.name, r.orphan, r.current, r.threads.map((t) => [t.tid, t.state])])]);
    if (!this.rendered.changed(shape)) {
      for (const r of p.rows) {
        const cell = this.cpuCells.get(r.pid);
        const text = cycles(r.cycles);
        if (cell && cell.textContent !== text) cell.textContent = text;
      }
      return;
    }
    if (p.note) {
      this.panel.body.replaceChildren(el('div', { class: 'dim', text: p.note }));
      return;
    }
    this.cpuCells = new Map();
    const head = el('tr', {}, ...['PID', 'PPID', 'STAT', 'State', 'Name', 'Thr', 'CPU cycles'].map((h) => el('th', { text: h })));
    const rows = p.rows.map((r) => this.row(r, s.selectedPid));
    const table = el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
    const tree = el('div', { class: 'tree' }, el('div', { class: 'dim', text: 'process tree' }));
    for (const line of processTree(p.rows)) {
      const label = el('span', { text: `${line.row.name} (${line.pid})`, class: `state-${line.row.state}${line.pid === s.selectedPid ? ' selected' : ''}` });
      label.addEventListener('click', () => this.app.select(line.pid));
      tree.append(el('div', {}, line.prefix, label, line.row.state === 'zombie' ? ' <defunct>' : '', line.row.orphan ? ' (orphan, adopted by init)' : ''));
      if (line.row.threads.length > 1) {
        const lead = line.prefix.replace(/[├└]─ $/, (m) => (m.startsWith('├') ? '│  ' : '   '));
        for (const t of line.row.threads) {
          tree.append(el('div', { class: 'dim' }, `${lead}  ~ thread ${t.tid} `, el('span', { class: `state-${t.state}`, text: t.stateLabel }), ` sp ${t.esp.toString(16)}`));
        }
      }
    }
    this.panel.body.replaceChildren(table, tree);
  }

  private row(r: ProcRow, selected: number | null): HTMLTableRowElement {
    const tags: Node[] = [];
    if (r.current) tags.push(el('span', { class: 'tag state-running', text: 'on CPU' }));
    if (r.state === 'zombie') tags.push(el('span', { class: 'tag state-zombie', text: 'zombie' }));
    if (r.orphan) tags.push(el('span', { class: 'tag warn', text: 'orphan → init' }));
    const cpu = el('td', { text: cycles(r.cycles) });
    this.cpuCells.set(r.pid, cpu);
    const tr = el('tr', { class: `clickable${r.pid === selected ? ' selected' : ''}`, attrs: { 'data-pid': String(r.pid) } },
      el('td', { text: String(r.pid) }),
      el('td', { text: String(r.ppid) }),
      el('td', { text: r.stat }),
      el('td', { class: `state-${r.state}`, text: r.stateLabel }),
      el('td', {}, r.name, ...tags.flatMap((t) => [' ', t])),
      el('td', { text: String(r.threads.length), title: r.threads.map((t) => `tid ${t.tid}: ${t.stateLabel}`).join('\n') }),
      cpu,
    );
    tr.addEventListener('click', () => this.app.select(r.pid === selected ? null : r.pid));
    return tr;
  }
}
