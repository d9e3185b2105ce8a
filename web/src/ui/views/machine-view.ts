// The Machine panel: the hardware chosen at boot. One field per entry of
// HARDWARE_SETTINGS (vm/host/hardware.ts) — a list for a setting whose
// values are named (`lru|fifo|random`), a text field otherwise — with the
// setting's own help, so a setting added to that table appears here without
// a change. "Apply" checks the fields with parseHardware and, when they
// pass, reboots the kernel on that hardware (the URL follows); when they do
// not, its one-line message stands beside the button.

import { HARDWARE_SETTINGS } from '../../../../vm/host/hardware.js';
import type { HardwareConfig } from '../../../../vm/host/hardware.js';
import type { Snapshot } from '../../shared/protocol.js';
import { Panel, el, labelledButton, localize } from '../dom.js';
import { checkHardware, fieldsFromConfig, pairsFromFields } from '../hardware-url.js';
import { onLangChange, t } from '../locale.js';
import { hardwareHelp } from '../machine-words.js';

export class MachineView {
  readonly panel = new Panel('machine.title', 'view-machine', 0);
  private readonly fields = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly error = el('span', { class: 'hardware-error', id: 'hardware-error', attrs: { role: 'status' } });
  private shown = '';

  constructor(private readonly apply: (config: HardwareConfig) => void) {
    const rows = HARDWARE_SETTINGS.map((s) => {
      const choices = s.value.includes('|') ? s.value.split('|') : undefined;
      let input: HTMLInputElement | HTMLSelectElement;
      if (choices) {
        input = el('select', {}, localize(el('option', { attrs: { value: '' } }), () => t('machine.default')), ...choices.map((c) => el('option', { text: c, attrs: { value: c } })));
      } else {
        const field = el('input', { attrs: { type: 'text', spellcheck: 'false' } });
        const hint = (): string => (s.repeatable ? `${s.value} …` : t('machine.placeholder', { value: s.value }));
        field.placeholder = hint();
        onLangChange(() => (field.placeholder = hint()));
        input = field;
        input.addEventListener('keydown', (ev) => {
          if ((ev as KeyboardEvent).key === 'Enter') this.submit();
        });
      }
      input.name = s.name;
      input.id = `hw-${s.name}`;
      this.fields.set(s.name, input);
      return el('label', { class: 'hw-row' }, el('span', { class: 'hw-name', text: s.name }), input, localize(el('span', { class: 'dim hw-help' }), () => hardwareHelp(s)));
    });
    const applyBtn = labelledButton('machine.apply', 'machine.apply.title', () => this.submit(), 'primary');
    applyBtn.id = 'btn-apply-hardware';
    this.panel.body.append(el('div', { class: 'hw-form' }, ...rows), el('div', { class: 'hw-actions' }, applyBtn, this.error));
  }

  private submit(): void {
    const values: Record<string, string> = {};
    for (const [name, input] of this.fields) values[name] = input.value;
    const choice = checkHardware(pairsFromFields(values));
    this.showError(choice.error ?? '');
    if (choice.error === undefined) this.apply(choice.config);
  }

  showError(text: string): void {
    this.error.textContent = text;
  }

  /** Show the machine's configuration in the fields whenever it changes (a boot on other hardware). */
  update(s: Snapshot): void {
    const key = JSON.stringify(s.hardware);
    if (key === this.shown) return;
    this.shown = key;
    const values = fieldsFromConfig(s.hardware);
    for (const [name, input] of this.fields) input.value = values[name] ?? '';
  }
}
