// The CPU: general registers, eip, eflags with its flag letters, the
// privilege level, control registers, cycles, instructions, guest MIPS and
// the instruction about to execute. Registers that changed since the last
// stop are highlighted, so a single step shows what the instruction did.

import type { Snapshot } from '../../shared/protocol.js';
import { Panel, el } from '../dom.js';
import { hex } from '../format.js';
import { fmt, t } from '../locale.js';
import type { View } from './view.js';

const GPRS = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp'];

export class CpuView implements View {
  readonly panel = new Panel('cpu.title', 'view-cpu', 0);
  private readonly regCells = new Map<string, HTMLElement>();
  private readonly lines: Record<string, HTMLElement> = {};
  private previous: Record<string, number> = {};
  private lastStatus = '';

  constructor() {
    const grid = el('div', { class: 'regs' });
    for (const r of [...GPRS, 'eip', 'eflags']) {
      const v = el('span', { text: '--------' });
      this.regCells.set(r, v);
      grid.append(el('span', {}, el('span', { class: 'name', text: r === 'eflags' ? 'efl ' : `${r} ` }), v));
    }
    this.panel.body.append(grid);
    for (const k of ['mode', 'cr', 'count', 'ins']) {
      this.lines[k] = el('div', { class: 'cpu-line' });
      this.panel.body.append(this.lines[k]);
    }
  }

  update(s: Snapshot, full: boolean): void {
    if (!full) return;
    const c = s.cpu;
    const paused = s.status !== 'running';
    // While running, "changed" would light everything: compare only across stops.
    const compare = paused && this.lastStatus !== 'running';
    for (const [r, cell] of this.regCells) {
      const v = r === 'eip' ? c.eip : r === 'eflags' ? c.eflags : c.regs[r] ?? 0;
      const text = hex(v).slice(2);
      if (cell.textContent !== text) cell.textContent = text;
      cell.classList.toggle('changed', compare && this.previous[r] !== undefined && this.previous[r] !== v);
    }
    if (paused) {
      this.previous = { ...c.regs, eip: c.eip, eflags: c.eflags };
    }
    this.lastStatus = s.status;
    const pg = (c.cr0 & 0x8000_0000) !== 0;
    this.set('mode', t('cpu.mode', {
      flags: c.flags.join(' ') || '-', cpl: c.cpl, ring: t(c.cpl === 3 ? 'cpu.ring.user' : 'cpu.ring.kernel'),
      paging: t(pg ? 'cpu.paging.on' : 'cpu.paging.off'),
    }));
    this.set('cr', `cr0 ${hex(c.cr0)}  cr2 ${hex(c.cr2)}  cr3 ${hex(c.cr3)}`);
    this.set('count', t('cpu.count', { cycles: c.cycles, instr: c.instret, mips: fmt(c.mips, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }));
    this.set('ins', `${hex(c.eip)}  ${c.instruction}${c.where ? `   <${c.where}>` : ''}`);
  }

  private set(k: string, text: string): void {
    if (this.lines[k].textContent !== text) this.lines[k].textContent = text;
  }
}
