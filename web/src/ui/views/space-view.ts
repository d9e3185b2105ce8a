// Address space of the selected process (or the running one): the article's
// diagram — code, data, bss, heap, stack, kernel, with their addresses —
// drawn from the process's real page tables, and the page-table entries with
// their P/RW/US/A/D/G bits. Pages whose frame another process also maps are
// marked shared (two runs of one program share their code).

import type { AddressSpaceView, PteRow, Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, el } from '../dom.js';
import { hex, size } from '../format.js';
import { lang, onLangChange, t, translateMessage } from '../locale.js';
import { regionName, regionText } from '../machine-words.js';
import type { View } from './view.js';

export class SpaceView implements View {
  readonly panel = new Panel('space.title', 'view-space', 2);
  readonly wants = 'space' as const;
  private readonly rendered = new Rendered();

  constructor() {
    onLangChange(() => this.rendered.reset());
  }

  update(s: Snapshot): void {
    if (!s.views.includes('space')) return;
    const sp = s.space;
    const key = JSON.stringify([lang(), sp ?? null, s.target?.kind]);
    if (!this.rendered.changed(key)) return;
    if (!sp) {
      this.panel.extra.textContent = '';
      this.panel.body.replaceChildren(el('div', { class: 'dim', text: t(s.target?.kind === 'bare' ? 'space.bare' : 'space.none') }));
      return;
    }
    this.panel.extra.textContent = t('space.extra', { pid: String(sp.pid), name: sp.name, cr3: hex(sp.cr3) });
    if (sp.note) {
      this.panel.body.replaceChildren(el('div', { class: 'dim', text: translateMessage(sp.note) }));
      return;
    }
    this.panel.body.replaceChildren(el('div', { class: 'space' }, this.diagram(sp), this.ptes(sp.ptes, sp.threadStacks)));
  }

  private diagram(sp: AddressSpaceView): HTMLElement {
    const box = el('div', { class: 'space-diagram' });
    for (const r of sp.regions) {
      if (r.kind === 'free' && r.end - r.start < 0x1000) continue;
      const label = regionText(r.kind);
      const pages = r.kind === 'free' || r.kind === 'null' || r.kind === 'guard' ? '' : `${t(r.shared ? 'space.pages.shared' : 'space.pages', { pages: r.pages, shared: r.shared })} · `;
      box.append(el('div', { class: `region ${r.kind}`, attrs: { 'data-region': r.kind }, title: `${label}: ${hex(r.start)} – ${hex(r.end - 1)}, ${size(r.end - r.start)}` },
        el('span', { class: 'r-name', text: label }),
        el('span', { class: 'r-addr', text: `${pages}${size(r.end - r.start)}` }),
        el('span', { class: 'r-addr', text: `${hex(r.start).slice(2)}–${hex(r.end - 1).slice(2)}` }),
      ));
    }
    return box;
  }

  private ptes(rows: PteRow[], stacks: AddressSpaceView['threadStacks']): HTMLElement {
    // A page a thread's stack pointer is in is that thread's stack (threads share everything else).
    const spOf = new Map<number, number[]>();
    for (const t of stacks) {
      const page = (t.esp & ~0xfff) >>> 0;
      spOf.set(page, [...(spOf.get(page) ?? []), t.tid]);
    }
    const flag = (on: boolean, name: string): HTMLElement => el('span', { class: on ? 'flag-on' : 'flag-off', text: name });
    const head = el('tr', {}, ...(['space.col.virtual', 'space.col.frame', 'space.col.flags', 'space.col.region'] as const).map((h) => el('th', { text: t(h) })));
    const body = rows.map((p) =>
      el('tr', {},
        el('td', { text: hex(p.vaddr).slice(2) }),
        el('td', { text: hex(p.frame).slice(2) }),
        el('td', {}, flag(p.present, 'P '), flag(p.rw, 'RW '), flag(p.us, 'US '), flag(p.accessed, 'A '), flag(p.dirty, 'D '), flag(p.global, 'G')),
        el('td', { text: regionName(p.region) },
          spOf.has(p.vaddr) && stacks.length > 1 ? el('span', { class: 'accent', text: ` ${t('space.sp-of', { threads: spOf.get(p.vaddr)!.map((tid) => `t${tid}`).join(',') })}` }) : null,
          p.sharedWith.length ? el('span', { class: 'shared', text: ` ⇄ ${p.sharedWith.join(',')}`, title: t('space.shared-with', { pids: p.sharedWith.join(', ') }) }) : null),
      ),
    );
    return el('div', { class: 'space-ptes' }, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
  }
}
