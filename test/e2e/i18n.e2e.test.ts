// The page's languages and keys in a real browser: English by default,
// a switch to Korean relabels the toolbar, the panels and the context
// switch's seven steps in the article's words without losing the running
// machine (terminal, selection), the choice survives a reload (and the
// reload asks first), `?` lists every shortcut of shortcuts.ts and Esc
// closes it, and the reload keys never reload the page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SHORTCUTS } from '../../web/src/ui/shortcuts.js';
import type { Chord } from '../../web/src/ui/shortcuts.js';
import { Harness, openApp, startHarness, terminalBuffer, typeLine, waitForTerminal } from './browser.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const text = async (page: Page, selector: string): Promise<string> => (await page.locator(selector).first().textContent()) ?? '';

/** Record every keydown after the page's own handlers ran: its key and whether they took it from the browser. */
async function recordKeys(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { keys: [string, boolean][] };
    w.keys = [];
    const modifiers = ['Control', 'Shift', 'Alt', 'Meta'];
    window.addEventListener('keydown', (e) => {
      if (!modifiers.includes(e.key)) w.keys.push([e.key, e.defaultPrevented]);
    }, { capture: true });
  });
}

const keysSeen = (page: Page): Promise<[string, boolean][]> =>
  page.evaluate(() => (window as unknown as { keys: [string, boolean][] }).keys.splice(0));

/** A chord as Playwright presses it. */
const press = (c: Chord): string => [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.key].filter(Boolean).join('+');

describe('languages and keys in chromium', () => {
  it('switches to Korean without losing the run, keeps it across a reload, and labels the context switch in the article\'s words', async () => {
    const { page, errors } = await openApp(h);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text(page, '#btn-run')).toBe('▶ run');
    await waitForTerminal(page, /glassbox:\/\$$/);
    await typeLine(page, 'echo kept across the switch');
    await waitForTerminal(page, /kept across the switch\nglassbox:\/\$$/);
    await typeLine(page, 'spin &');
    await waitForTerminal(page, /spin &\n\[\d+\] \d+\nglassbox:\/\$$/);
    await typeLine(page, 'spin &');
    await waitForTerminal(page, /spin &\n\[\d+\] \d+\nglassbox:\/\$ spin &\n\[\d+\] \d+\nglassbox:\/\$$/);
    // Select a process: the selection must survive the switch.
    const row = page.locator('#view-processes tbody tr', { hasText: 'spin' }).first();
    await row.waitFor();
    const pid = await row.getAttribute('data-pid');
    await row.click();
    await page.waitForFunction((p) => document.querySelector(`#view-processes tr[data-pid="${p}"]`)?.classList.contains('selected'), pid);

    await page.selectOption('#language', 'ko');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await text(page, '#btn-run')).toBe('▶ 실행');
    expect(await text(page, '#view-processes .panel-title')).toBe('프로세스');
    expect(await text(page, '#view-switch .panel-title')).toBe('컨텍스트 스위칭');
    expect(await page.locator('#btn-next-step').textContent()).toBe('다음 단계 ▸');
    // The views' drawn words follow at the next snapshot: the process states in the article's terms.
    await page.waitForFunction(() => [...document.querySelectorAll('#view-processes tbody td')].some((td) => /^(실행|준비|대기) \((Running|Ready|Waiting)\)$/.test(td.textContent ?? '')));
    expect(await text(page, '#view-processes thead')).toContain('상태');
    // Nothing was lost: the terminal, the selection, the same machine (no reboot: instructions kept counting).
    expect(await terminalBuffer(page)).toContain('kept across the switch');
    expect(await page.locator(`#view-processes tr[data-pid="${pid}"]`).getAttribute('class')).toContain('selected');

    await page.locator('#btn-next-switch').click();
    await page.waitForFunction(() => document.getElementById('switch-label')?.textContent?.startsWith('1/7'), undefined, { timeout: 30_000 });
    expect(await text(page, '#switch-label')).toContain('타이머 인터럽트 발생');
    await expect.poll(() => text(page, '#status .state')).toBe('일시정지됨');
    expect(await text(page, '#view-switch li[data-step="2"] .t')).toBe('현재 프로세스 상태 저장');
    expect(await text(page, '#view-switch li[data-step="6"] .t')).toBe('페이지 테이블 교체 → TLB 플러시');
    for (let step = 2; step <= 5; step++) {
      await page.locator('#btn-next-step').click();
      await page.waitForFunction((n) => document.getElementById('switch-label')?.textContent?.startsWith(`${n}/7`), step, { timeout: 30_000 });
    }
    expect(await text(page, '#switch-label')).toContain('선택된 프로세스 상태 복원');
    // Step 4 is done: its detail names the picked thread, with the machine's values.
    expect(await text(page, '#view-switch li[data-step="4"] .d')).toMatch(/^스케줄러가 큐의 맨 앞에서 tid \d+를 선택함 \(이전 tid \d+\)$/);

    // Back to English and to Korean again: the drawn step text follows each time.
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.getElementById('switch-label')?.textContent?.startsWith('5/7 restore next state'));
    expect(await text(page, '#view-switch li[data-step="4"] .d')).toMatch(/^the scheduler took tid \d+ from the front of the queue \(was tid \d+\)$/);
    await page.selectOption('#language', 'ko');
    await page.waitForFunction(() => document.getElementById('switch-label')?.textContent?.startsWith('5/7 선택된 프로세스 상태 복원'));

    // A reload asks first (a machine has run), and the page comes back in Korean.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.type();
      void d.accept();
    });
    await page.reload();
    expect(asked).toBe('beforeunload');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await text(page, '#btn-run')).toBe('▶ 실행');
    expect(await text(page, '#view-terminal .panel-title')).toBe('터미널');
    expect(await page.evaluate(() => localStorage.getItem('glassbox.lang'))).toBe('ko');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists every shortcut on ?, closes it with Esc, and takes every chord from the browser, reload keys included', async () => {
    const { page, errors } = await openApp(h, '?lang=ko');
    await waitForTerminal(page, /glassbox:\/\$$/);
    await recordKeys(page);

    // In the terminal `?` is a character the guest gets, not the overlay.
    await page.locator('.xterm').click();
    await page.keyboard.press('?');
    await waitForTerminal(page, /glassbox:\/\$ \?$/);
    expect(await page.locator('#help').isHidden()).toBe(true);
    await page.keyboard.press('Backspace');

    // Outside it, `?` opens the list: every row of the table, translated, and Esc closes it.
    await page.locator('.brand').click();
    await page.keyboard.press('?');
    await page.locator('#help').waitFor({ state: 'visible' });
    expect(await text(page, '#help h3')).toBe('키보드 단축키');
    const actions = await page.locator('#help tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions).toEqual([...SHORTCUTS.map((s) => s.action), 'reload', 'close']);
    expect(await text(page, '#help tr[data-action="run-pause"]')).toBe('F8 또는 Ctrl+Shift+Enter계속 / 일시정지');
    expect(await text(page, '#help tr[data-action="step-line"]')).toContain('안으로 들어가기');
    await page.keyboard.press('Escape');
    await page.locator('#help').waitFor({ state: 'hidden' });
    // The toolbar's button opens it too (the terminal usually has the focus), and closing gives the focus back.
    await page.locator('.xterm').click();
    await page.locator('#btn-help').click();
    await page.locator('#help').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('#help').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => !!document.activeElement?.closest('.xterm'))).toBe(true);

    // F5 and Ctrl+R while the machine runs (a program computing): the page stays (same document), a notice says why.
    await typeLine(page, 'spin &');
    await waitForTerminal(page, /spin &\n\[\d+\] \d+\nglassbox:\/\$$/);
    await expect.poll(() => text(page, '#status .state')).toBe('실행 중');
    await page.evaluate(() => ((window as unknown as { stay: number }).stay = 42));
    await keysSeen(page);
    await page.keyboard.press('F5');
    await page.keyboard.press('Control+r');
    await page.keyboard.press('Control+Shift+R');
    expect(await keysSeen(page)).toEqual([['F5', true], ['r', true], ['R', true]]);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { stay?: number }).stay)).toBe(42);
    expect(await page.locator('#notice').isVisible()).toBe(true);
    expect(await text(page, '#notice')).toMatch(/^새로고침하지 않았습니다/);

    // F11 steps (a line, or an instruction where there is none) instead of going full screen.
    await expect.poll(async () => {
      if (await page.locator('#btn-pause').isEnabled()) await page.locator('#btn-pause').click();
      return text(page, '#status .state');
    }, { timeout: 30_000 }).toBe('일시정지됨');
    const instructions = async (): Promise<number> => Number(/(?:명령어|instr) ([\d,]+)/.exec(await text(page, '#view-cpu'))![1].replace(/,/g, ''));
    const before = await instructions();
    await page.keyboard.press('F11');
    expect(await keysSeen(page)).toEqual([['F11', true]]);
    await expect.poll(instructions).toBeGreaterThan(before);
    expect(await text(page, '#status .state')).toBe('일시정지됨');
    // One instruction (F7): the debugger's note, in Korean (vm/host/debug/notes.ts through the page's catalogue).
    await page.keyboard.press('F7');
    expect(await keysSeen(page)).toEqual([['F7', true]]);
    await expect.poll(() => text(page, '#status')).toContain('명령어 하나를 실행함');
    // Every chord of the table reaches the page's handler from the terminal and is kept from the browser.
    // (The help chord is a character there, so it is typed instead.)
    for (const s of SHORTCUTS.filter((x) => x.whileTyping !== false)) {
      for (const c of s.chords.filter((x) => !(x.shift && x.key === ';'))) {
        await page.keyboard.press(press(c));
        const seen = await keysSeen(page);
        expect(seen.length, `${s.action} ${press(c)}`).toBe(1);
        expect(seen[0][1], `${s.action} ${press(c)} prevented`).toBe(true);
      }
    }
    // The chords continued, stepped and stepped back the machine: the note says so while the worker
    // replays, and F11 steps again once it is there (a step back that searched a long run used to
    // leave the worker busy for seconds, and a loop on one line was never found to have a start).
    await expect.poll(async () => {
      if (await page.locator('#btn-pause').isEnabled()) await page.locator('#btn-pause').click();
      return `${await text(page, '#status .state')} ${(await text(page, '#status')).includes('이동하는 중')}`;
    }, { timeout: 30_000 }).toBe('일시정지됨 false');
    const afterBurst = await instructions();
    await page.keyboard.press('F11');
    expect(await keysSeen(page)).toEqual([['F11', true]]);
    await expect.poll(instructions, { timeout: 10_000 }).toBeGreaterThan(afterBurst);
    expect(await page.evaluate(() => (window as unknown as { stay?: number }).stay)).toBe(42);
    expect(errors).toEqual([]);
    await page.close();
  });
});
