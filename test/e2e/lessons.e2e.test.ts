// The Lessons panel in a real browser, in Korean: a first visit offers
// lesson 1; lesson 5 is followed to its end by pressing its own buttons
// (실행, 다음), with the zombie appearing in the Processes view and then
// disappearing; progress survives a reload; and a link to lesson 6 step 3
// opens there.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Harness, openApp, startHarness, waitForTerminal } from './browser.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Press 실행 (answering the step's question first, if it has one) and wait until 다음 is enabled. */
async function doStep(page: Page): Promise<void> {
  const choice = page.locator('#view-lessons [data-choice="0"]');
  if (await choice.count()) await choice.click();
  const doIt = page.locator('#lesson-do');
  expect(await doIt.textContent()).toBe('실행');
  await doIt.click();
  await page.locator('#lesson-status[data-met="true"]').waitFor({ timeout: 60_000 });
  expect(await page.locator('#lesson-next').isEnabled()).toBe(true);
}

const zombieRows = (page: Page) => page.locator('#view-processes tr', { hasText: 'zombie' }).filter({ hasText: /Zombie|\bZ\b/ });

describe('lessons', () => {
  it('follows lesson 5 in Korean to its end: the zombie appears and disappears', async () => {
    const { page, errors } = await openApp(h, '?lang=ko', { firstVisit: true });
    await waitForTerminal(page, /glassbox:\/\$$/);
    // A first visit: a prompt offers lesson 1 (the panel stays closed, so the terminal keeps its rows).
    await page.locator('#lesson-welcome').waitFor();
    expect(await page.locator('#lesson-welcome-start').textContent()).toBe('1강 시작');
    expect(await page.locator('#view-lessons').isHidden()).toBe(true);
    await page.locator('#lesson-welcome-list').click();
    expect(await page.locator('#lesson-welcome').count()).toBe(0);
    await page.locator('#view-lessons [data-lesson="5"]').click();
    expect(await page.locator('#lesson-count').textContent()).toBe('4단계 중 1단계');
    expect(await page.locator('#lesson-text').textContent()).toMatch(/좀비 프로세스/);
    // A question first: 실행 waits for an answer.
    expect(await page.locator('#lesson-do').isDisabled()).toBe(true);
    expect(await page.locator('#lesson-next').isDisabled()).toBe(true);
    expect(await page.locator('#lesson-next').textContent()).toBe('다음');
    await doStep(page);
    await page.locator('#lesson-next').click();

    expect(await page.locator('#lesson-count').textContent()).toBe('4단계 중 2단계');
    expect(await page.locator('#view-processes').getAttribute('class')).toMatch(/lesson-highlight/);
    expect(await zombieRows(page).count()).toBe(0);
    await doStep(page);
    expect(await zombieRows(page).count()).toBe(1); // the zombie, shown while the machine stands still
    await page.locator('#lesson-next').click();

    await doStep(page); // run on: ps, then waitpid reaps it
    await expect.poll(() => zombieRows(page).count(), { timeout: 10_000 }).toBe(0);
    await page.locator('#lesson-next').click();

    expect(await page.locator('#lesson-count').textContent()).toBe('4단계 중 4단계');
    await page.locator('#view-lessons [data-choice="1"]').click(); // init
    await page.locator('#lesson-do').click();
    await page.locator('#lesson-status[data-met="true"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#view-lessons .lesson-quiz .good').textContent()).toMatch(/예상대로/);
    expect(await page.locator('#lesson-next').textContent()).toBe('마치기');
    await page.locator('#lesson-next').click();
    expect(await page.locator('#view-lessons').textContent()).toMatch(/레슨을 마쳤습니다/);
    // Kept in the browser: after a reload the panel stays closed (no welcome
    // again) and, opened from the toolbar, lists lesson 5 as finished.
    await page.reload();
    await waitForTerminal(page, /glassbox:\/\$$/);
    expect(await page.locator('#view-lessons').isHidden()).toBe(true);
    await page.locator('#btn-lessons').click();
    await page.locator('#view-lessons [data-lesson="5"]').waitFor();
    expect(await page.locator('#view-lessons [data-lesson="5"]').textContent()).toMatch(/^✓ 5\./);
    expect(await page.locator('#lesson-welcome').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens lesson 6 at step 3 from a link, and Next waits for the machine', async () => {
    const { page, errors } = await openApp(h, '?lang=en#lesson=6&step=3');
    await page.locator('#lesson-count').waitFor();
    expect(await page.locator('#lesson-count').textContent()).toBe('step 3 of 9');
    expect(await page.locator('#lesson-text').textContent()).toMatch(/Step 2 of the switch/);
    expect(await page.locator('#lesson-do').textContent()).toBe('Do it');
    expect(await page.locator('#lesson-next').isDisabled()).toBe(true);
    expect(await page.locator('#view-switch').getAttribute('class')).toMatch(/lesson-highlight/);
    // Back to step 1 by Restart: a clean machine, and the link follows.
    await page.locator('#lesson-restart').click();
    await expect.poll(() => page.locator('#lesson-count').textContent()).toBe('step 1 of 9');
    expect(await page.evaluate(() => location.hash)).toBe('#lesson=6&step=1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
