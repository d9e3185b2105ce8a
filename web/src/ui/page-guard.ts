// Keeping the run: a reload would throw away the machine, its terminal and
// everything the views hold, so while the page has focus the browser's
// reload keys (F5, Ctrl+R, Cmd+R: shortcuts.ts's RELOAD_CHORDS) do not
// reload it — a short notice says why — and once a machine has run, leaving
// the page (the reload button, closing the tab) asks first
// (beforeunload). F11 is the debugger's step into, never full screen: the
// toolbar's key handler takes it before the browser does.

import { el } from './dom.js';
import { t } from './locale.js';
import { isReload } from './shortcuts.js';

const NOTICE_MS = 4000;

/** Guard the page; `hasRun` says whether leaving would lose a run. */
export function guardPage(hasRun: () => boolean): void {
  const notice = el('div', { class: 'notice', id: 'notice', attrs: { role: 'status' } });
  notice.hidden = true;
  document.body.append(notice);
  let hide: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('keydown', (ev) => {
    if (!isReload(ev)) return;
    ev.preventDefault();
    ev.stopPropagation();
    notice.textContent = t('guard.reload');
    notice.hidden = false;
    clearTimeout(hide);
    hide = setTimeout(() => (notice.hidden = true), NOTICE_MS);
  }, { capture: true });
  window.addEventListener('beforeunload', (ev) => {
    if (!hasRun()) return;
    ev.preventDefault();
    // Older browsers ask only when returnValue is set (the text itself is never shown).
    ev.returnValue = true;
  });
}
