// Context-switch stepping: the article's seven steps, with the one the CPU
// is in highlighted and, for each, what it did to this machine (which pid,
// which trap frame, which cr3, how many TLB entries went). "Next step" runs
// to the next step's instruction in the kernel; "Next switch" runs to a
// timer interrupt that will switch processes. The steps' titles are the
// article's (the catalogue's switch.step.N; English is trace.h's words) and
// their details the worker's messages, translated here.

import type { Snapshot, SwitchView as SwitchData } from '../../shared/protocol.js';
import { Panel, Rendered, el, labelledButton, localize } from '../dom.js';
import { lang, onLangChange, t, translateMessage } from '../locale.js';
import { stepTitle } from '../machine-words.js';
import type { AppContext, View } from './view.js';

/** The label above the steps: "4/7 scheduler picks next   tid 3 → tid 4", in the page's language. */
export function switchLabel(sw: SwitchData): string {
  if (!sw.available) return t('switch.unavailable');
  if (!sw.current) return t('switch.none');
  const title = stepTitle(sw.current, sw.steps[sw.current - 1]?.title ?? '');
  const label = t(sw.between ? 'switch.label.between' : 'switch.label', { n: sw.current, total: sw.steps.length, title });
  if (sw.fromPid === undefined) return label;
  return `${label}   ${sw.toPid !== undefined ? t('switch.tids', { from: String(sw.fromPid), to: String(sw.toPid) }) : t('switch.tid', { from: String(sw.fromPid) })}`;
}

export class SwitchView implements View {
  readonly panel = new Panel('switch.title', 'view-switch', 1.1);
  readonly wants = 'switch' as const;
  private readonly label = el('div', { class: 'switch-label', id: 'switch-label' });
  private readonly now = el('div', { class: 'switch-now' });
  private readonly list = el('ol', { class: 'steps' });
  private readonly rendered = new Rendered();

  constructor(app: AppContext) {
    const next = labelledButton('switch.next', 'switch.next.title', () => void app.api.runTo('switch'));
    const step = labelledButton('switch.next-step', 'switch.next-step.title', () => void app.api.runTo('switch-step'));
    next.id = 'btn-next-switch';
    step.id = 'btn-next-step';
    this.panel.extra.append(next, ' ', step);
    localize(this.label, undefined, () => t('switch.tid-note'));
    this.panel.body.append(this.label, this.now, this.list);
    onLangChange(() => this.rendered.reset());
  }

  update(s: Snapshot): void {
    const sw = s.switch;
    if (!sw) return;
    if (!this.rendered.changed(JSON.stringify([lang(), sw]))) return;
    this.label.textContent = switchLabel(sw);
    this.label.dataset.step = String(sw.current);
    // The current step's detail in full; each step's on one line (all of it in its tooltip).
    const detail = (n: number): string => translateMessage(sw.steps[n - 1].detail);
    this.now.textContent = sw.current ? detail(sw.current) : '';
    this.list.replaceChildren(
      ...sw.steps.map((st) =>
        el('li', { class: `${st.step === sw.current ? 'current' : ''}${st.done ? ' done' : ''}`, title: detail(st.step), attrs: { 'data-step': String(st.step) } },
          el('span', { class: 'n', text: `${st.step}.` }),
          el('span', { class: 't', text: stepTitle(st.step, st.title) }),
          el('span', { class: 'd', text: detail(st.step) }),
        ),
      ),
    );
  }

  reset(): void {
    this.rendered.reset();
  }
}
