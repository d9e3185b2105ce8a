// The views' export buttons: each makes a file from what its view holds
// (the converters in vm/host/export, pure and tested in Node) and hands it
// to the browser as a download. The label and tooltip are messages
// (locale.ts) and follow the language switch. A converter that throws, or
// a view with nothing yet, says so in the tooltip and the page's console
// instead of saving a broken file.

import abiHeader from '../../../kernel/include/abi.h?raw';
import { clockFromAbi } from '../../../vm/host/export/export-event.js';
import type { ExportClock } from '../../../vm/host/export/export-event.js';
import type { MessageKey } from '../shared/i18n/i18n.js';
import { el } from './dom.js';
import { onLangChange, t } from './locale.js';

/** The machine's clock (kernel/include/abi.h CYCLES_PER_US), for cycles → time in the exports. */
export const CLOCK: ExportClock = clockFromAbi(abiHeader);

/** A file to save: its name, its text and its MIME type; undefined when there is nothing to save. */
export interface ExportFile {
  name: string;
  text: string;
  type: 'text/csv' | 'application/json';
}

/** Hand `file` to the browser as a download. */
export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.type};charset=utf-8` }));
  const a = el('a', { attrs: { href: url, download: file.name } });
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the blob once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A header button that saves what `make` returns. */
export function exportButton(label: MessageKey, title: MessageKey, id: string, make: () => ExportFile | undefined): HTMLButtonElement {
  const b = el('button', { class: 'export', id, attrs: { 'data-export': id } });
  const relabel = (): void => {
    b.textContent = `⤓ ${t(label)}`;
    b.title = t(title);
  };
  relabel();
  onLangChange(relabel);
  b.addEventListener('click', (ev) => {
    ev.stopPropagation(); // the header's click collapses the panel
    try {
      const file = make();
      if (!file) {
        b.title = t('export.empty');
        return;
      }
      saveFile(file);
      relabel();
    } catch (e) {
      const message = t('export.failed', { error: e instanceof Error ? e.message : String(e) });
      b.title = message;
      console.warn(message);
    }
  });
  return b;
}

/** A file name with the guest cycle it was taken at: glassbox-events-c123456.csv. */
export function exportName(what: string, cycle: number, ext: 'csv' | 'json'): string {
  return `glassbox-${what}-c${cycle}.${ext}`;
}
