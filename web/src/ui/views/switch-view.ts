// Context-switch stepping: the article's seven steps, with the one the CPU
// is in highlighted and, for each, what it did to this machine (which pid,
// which trap frame, which cr3, how many TLB entries went). "Next step" runs
// to the next step's instruction in the kernel; "Next switch" runs to a
// timer interrupt that will switch processes.

import type { Snapshot } from '../../shared/protocol.js';
import { Panel, Rendered, button, el } from '../dom.js';
import type { AppContext, View } from './view.js';

export class SwitchView implements View {
  readonly panel = new Panel('Context switch', 'view-switch', 1.1);
  readonly wants = 'switch' as const;
  private readonly label = el('div', { class: 'switch-label', id: 'switch-label' });
  private readonly now = el('div', { class: 'switch-now' });
  private readonly list = el('ol', { class: 'steps' });
  private readonly rendered = new Rendered();

  constructor(app: AppContext) {
    const next = button('next switch', 'run to the next timer interrupt that switches processes', () => void app.api.runTo('switch'));
    const step = button('next step ▸', 'run to the next of the seven steps', () => void app.api.runTo('switch-step'));
    next.id = 'btn-next-switch';
    step.id = 'btn-next-step';
    this.panel.extra.append(next, ' ', step);
    this.label.title = 'the steps name threads: tid = pid for a process\'s first thread';
    this.panel.body.append(this.label, this.now, this.list);
  }

  update(s: Snapshot): void {
    const sw = s.switch;
    if (!sw) return;
    const key = JSON.stringify(sw);
    if (!this.rendered.changed(key)) return;
    const pids = sw.current && sw.fromPid !== undefined ? `   tid ${sw.fromPid}${sw.toPid !== undefined ? ` → tid ${sw.toPid}` : ''}` : '';
    this.label.textContent = `${sw.label}${pids}`;
    this.label.dataset.step = String(sw.current);
    // The current step's detail in full; each step's on one line (all of it in its tooltip).
    this.now.textContent = sw.current ? sw.steps[sw.current - 1].detail : '';
    this.list.replaceChildren(
      ...sw.steps.map((st) =>
        el('li', { class: `${st.step === sw.current ? 'current' : ''}${st.done ? ' done' : ''}`, title: st.detail, attrs: { 'data-step': String(st.step) } },
          el('span', { class: 'n', text: `${st.step}.` }),
          el('span', { class: 't', text: st.title }),
          el('span', { class: 'd', text: st.detail }),
        ),
      ),
    );
  }

  reset(): void {
    this.rendered.reset();
  }
}
