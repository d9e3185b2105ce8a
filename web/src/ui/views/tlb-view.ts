// The TLB model: its live entries (virtual page, frame, PCID, global, flags)
// and counters — hits, misses, hit rate and misses per thousand
// instructions over the last second, flushes. Every flush makes the panel
// flash and names its cause (a CR3 write in a context switch, invlpg, …).
// Its first line is the hardware the machine booted with.

import type { Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import type { MessageKey } from '../../shared/i18n/i18n.js';
import { hex, percent, short } from '../format.js';
import { fmt, lang, onLangChange, t } from '../locale.js';
import { hardwareText } from '../machine-words.js';
import { exportButton, exportName } from '../export-button.js';
import { tlbCountersToCsv, tlbEntriesToCsv } from '../../../../vm/host/export/tlb-export.js';
import type { TlbSnapshot } from '../../../../vm/host/export/tlb-export.js';
import type { AppContext, View } from './view.js';

const COLUMNS: MessageKey[] = ['tlb.col.index', 'tlb.col.page', 'tlb.col.frame', 'tlb.col.pcid', 'tlb.col.flags'];

export class TlbView implements View {
  readonly panel = new Panel('tlb.title', 'view-tlb', 2);
  readonly wants = 'tlb' as const;
  private readonly hardware = el('div', { class: 'tlb-hardware', id: 'tlb-hardware' });
  private readonly head = el('div', { class: 'tlb-head' });
  private readonly last = el('div', { class: 'dim tlb-last' });
  private readonly table = el('div');
  private readonly rendered = new Rendered();
  private flashes = 0;
  /** "N/M valid" in the header, beside the export buttons. */
  private readonly count = el('span', { class: 'count' });
  /** The last TLB the view drew, with what the exports add to it. */
  private shown: TlbSnapshot | undefined;

  constructor(private readonly app: AppContext) {
    this.panel.body.append(this.hardware, this.head, this.last, this.table);
    const file = (what: string, make: (tlb: TlbSnapshot) => string) => () =>
      this.shown && { name: exportName(what, this.shown.cycle, 'csv'), text: make(this.shown), type: 'text/csv' as const };
    this.panel.extra.append(
      this.count, ' ',
      exportButton('export.tlb-entries', 'export.tlb-entries.title', 'export-tlb-entries', file('tlb-entries', tlbEntriesToCsv)), ' ',
      exportButton('export.tlb-counters', 'export.tlb-counters.title', 'export-tlb-counters', file('tlb-counters', tlbCountersToCsv)),
    );
    onLangChange(() => this.rendered.reset());
  }

  update(s: Snapshot): void {
    const tlb = s.tlb;
    if (!tlb) return;
    this.shown = { ...tlb, ways: s.hardware.tlbWays, cycle: s.cpu.cycles };
    const c = tlb.counters;
    const hardware = hardwareText(s.hardware);
    if (this.hardware.textContent !== hardware) this.hardware.textContent = hardware;
    const two = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    this.head.textContent = t('tlb.counters', {
      hits: short(c.TLB_HITS), misses: short(c.TLB_MISSES), rate: percent(tlb.hitRate),
      mpki: fmt(tlb.missesPerKiloInstr, two), full: c.TLB_FULL_FLUSHES, single: c.TLB_SINGLE_FLUSHES,
      perM: fmt(tlb.flushesPerMcycle, two), cr3: c.CR3_WRITES,
    });
    if (tlb.flushes.length) {
      const f = tlb.flushes[tlb.flushes.length - 1];
      this.last.replaceChildren(`${t('tlb.last-flush', { cause: f.cause, dropped: f.dropped, cycle: f.cycle })} `);
      const link = el('a', { text: t('tlb.event-link'), attrs: { href: '#' } });
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.app.jumpToEvent(f.eventId);
      });
      this.last.append(link);
      // Restart the flash by switching between two identical animations (no forced reflow).
      this.flashes++;
      for (const e of [this.panel.head, this.last]) {
        e.classList.add('tlb-flash');
        e.style.animationName = this.flashes % 2 ? 'flash' : 'flash2';
      }
    }
    this.count.textContent = t('tlb.valid', { n: tlb.entries.length, size: tlb.size });
    const key = JSON.stringify([lang(), tlb.entries]);
    if (!this.rendered.changed(key)) return;
    const head = el('tr', {}, ...COLUMNS.map((h) => el('th', { text: t(h) })));
    const rows = tlb.entries.map((e) =>
      el('tr', {},
        el('td', { text: String(e.index) }),
        el('td', { text: hex(e.vpn << 12) }),
        el('td', { text: hex(e.frame << 12) }),
        el('td', { text: String(e.pcid) }),
        el('td', { text: `${e.rw ? 'RW' : 'R-'} ${e.user ? 'US' : 'S '} ${e.dirty ? 'D' : '-'} ${e.global ? 'G' : '-'}` }),
      ),
    );
    this.table.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
  }

  reset(): void {
    this.rendered.reset();
    this.last.textContent = '';
    this.count.textContent = '';
    this.shown = undefined;
  }
}
