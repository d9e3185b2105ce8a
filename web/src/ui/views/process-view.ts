// Processes: the kernel's process table read from guest memory (pid, parent,
// the article's state, ps's STAT letter, name, CPU time), the ready queue,
// and the tree of parents and children. Zombies and orphans re-parented to
// init are marked; a process with several threads lists them (each with its
// own state and stack pointer, sharing one address space). Clicking a
// process selects it in every view.

import type { ProcRow, Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import type { MessageKey } from '../../shared/i18n/i18n.js';
import { fmt, onLangChange, t, translateMessage } from '../locale.js';
import { stateText } from '../machine-words.js';
import { processTree } from '../process-tree.js';
import type { AppContext, View } from './view.js';

const COLUMNS: MessageKey[] = ['proc.col.pid', 'proc.col.ppid', 'proc.col.stat', 'proc.col.state', 'proc.col.name', 'proc.col.threads', 'proc.col.cpu'];

export class ProcessView implements View {
  readonly panel = new Panel('proc.title', 'view-processes', 2);
  readonly wants = 'processes' as const;
  private readonly rendered = new Rendered();
  /** CPU-time cells by pid: while the table's shape holds, only these change. */
  private cpuCells = new Map<number, HTMLElement>();

  constructor(private readonly app: AppContext) {
    onLangChange(() => this.rendered.reset());
  }

  update(s: Snapshot): void {
    const p = s.processes;
    if (!p) return;
    const extra = t('proc.summary', { ticks: p.ticks, queue: p.readyQueue.join(', ') });
    if (this.panel.extra.textContent !== extra) this.panel.extra.textContent = extra;
    const shape = JSON.stringify([p.note, s.selectedPid, p.rows.map((r) => [r.pid, r.ppid, r.state, r.name, r.orphan, r.current, r.threads.map((t) => [t.tid, t.state])])]);
    if (!this.rendered.changed(shape)) {
      for (const r of p.rows) {
        const cell = this.cpuCells.get(r.pid);
        const text = fmt(r.cycles);
        if (cell && cell.textContent !== text) cell.textContent = text;
      }
      return;
    }
    if (p.note) {
      this.panel.body.replaceChildren(el('div', { class: 'dim', text: translateMessage(p.note) }));
      return;
    }
    this.cpuCells = new Map();
    const head = el('tr', {}, ...COLUMNS.map((h) => el('th', { text: t(h) })));
    const rows = p.rows.map((r) => this.row(r, s.selectedPid));
    const table = el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows));
    const tree = el('div', { class: 'tree' }, el('div', { class: 'dim', text: t('proc.tree') }));
    for (const line of processTree(p.rows)) {
      const label = el('span', { text: `${line.row.name} (${line.pid})`, class: `state-${line.row.state}${line.pid === s.selectedPid ? ' selected' : ''}` });
      label.addEventListener('click', () => this.app.select(line.pid));
      tree.append(el('div', {}, line.prefix, label, line.row.state === 'zombie' ? ` ${t('proc.defunct')}` : '', line.row.orphan ? ` ${t('proc.orphan-adopted')}` : ''));
      if (line.row.threads.length > 1) {
        const lead = line.prefix.replace(/[├└]─ $/, (m) => (m.startsWith('├') ? '│  ' : '   '));
        for (const th of line.row.threads) {
          tree.append(el('div', { class: 'dim' }, `${lead}  ~ ${t('proc.thread', { tid: th.tid })} `, el('span', { class: `state-${th.state}`, text: stateText(th.state, th.stateLabel) }), ` sp ${th.esp.toString(16)}`));
        }
      }
    }
    this.panel.body.replaceChildren(table, tree);
  }

  private row(r: ProcRow, selected: number | null): HTMLTableRowElement {
    const tags: Node[] = [];
    if (r.current) tags.push(el('span', { class: 'tag state-running', text: t('proc.tag.on-cpu') }));
    if (r.state === 'zombie') tags.push(el('span', { class: 'tag state-zombie', text: t('proc.tag.zombie') }));
    if (r.orphan) tags.push(el('span', { class: 'tag warn', text: t('proc.tag.orphan') }));
    const cpu = el('td', { text: fmt(r.cycles) });
    this.cpuCells.set(r.pid, cpu);
    const tr = el('tr', { class: `clickable${r.pid === selected ? ' selected' : ''}`, attrs: { 'data-pid': String(r.pid) } },
      el('td', { text: String(r.pid) }),
      el('td', { text: String(r.ppid) }),
      el('td', { text: r.stat }),
      el('td', { class: `state-${r.state}`, text: stateText(r.state, r.stateLabel) }),
      el('td', {}, r.name, ...tags.flatMap((t) => [' ', t])),
      el('td', { text: String(r.threads.length), title: r.threads.map((th) => t('proc.thread.title', { tid: th.tid, state: stateText(th.state, th.stateLabel) })).join('\n') }),
      cpu,
    );
    tr.addEventListener('click', () => this.app.select(r.pid === selected ? null : r.pid));
    return tr;
  }
}
