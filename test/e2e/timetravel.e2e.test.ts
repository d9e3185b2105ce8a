// Time travel in a real browser: steps forward and back to the same CPU
// view, a click on a fork mark in the timeline shows the process table at
// that fork, and a session saved as a download opens to the same CPU view
// (a bad file is one line and changes nothing).

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Harness, openApp, startHarness, typeLine, waitForTerminal } from './browser.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** The CPU view's text without the speed meter (host time, not machine state). */
async function cpuText(page: Page): Promise<string> {
  return (await page.locator('#view-cpu').innerText()).replace(/[\d.]+ MIPS/, 'MIPS');
}

/** The cycle count the CPU view shows. */
async function cycleShown(page: Page): Promise<string> {
  return /cycles ([\d,.\s]+?)\s+instr/.exec(await page.locator('#view-cpu').innerText())?.[1] ?? '';
}

/** Press a key and wait until the CPU view shows another cycle. */
async function pressAndMove(page: Page, key: string): Promise<void> {
  const before = await cycleShown(page);
  await page.keyboard.press(key);
  await expect.poll(() => cycleShown(page), { timeout: 10_000 }).not.toBe(before);
}

async function pause(page: Page): Promise<void> {
  await page.keyboard.press('F8');
  await expect.poll(() => page.locator('#status .state').textContent()).toBe('paused');
}

describe('time travel in chromium', () => {
  it('steps forward N instructions and back N: the CPU view is what it was', async () => {
    const { page, errors } = await openApp(h);
    await waitForTerminal(page, /glassbox:\/\$$/);
    await typeLine(page, 'spin &');
    await page.waitForTimeout(300);
    await pause(page);
    const texts = [await cpuText(page)];
    for (let i = 0; i < 6; i++) {
      await pressAndMove(page, 'F7');
      texts.push(await cpuText(page));
    }
    expect(new Set(texts).size).toBe(texts.length);
    for (let i = 5; i >= 0; i--) {
      await pressAndMove(page, 'Shift+F7');
      expect(await cpuText(page)).toBe(texts[i]);
    }
    expect(await page.locator('#status').textContent()).toContain('went back one instruction');
    // The strip says how far back the machine can go and what it costs.
    expect(await page.locator('#tt-reach').textContent()).toBe('back to cycle 0');
    expect(await page.locator('#tt-cost').textContent()).toMatch(/^\d+ of 256 MiB$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a click on a fork mark in the timeline shows the process table at that fork', async () => {
    const { page, errors } = await openApp(h);
    await waitForTerminal(page, /glassbox:\/\$$/);
    await typeLine(page, '/bin/true');
    await waitForTerminal(page, /\$ \/bin\/true\nglassbox:\/\$$/);
    await page.waitForTimeout(300);
    const marks = await page.evaluate(() => (window as any).glassbox.timeline.markPositions() as { x: number; y: number; kind: string; eventId: number }[]);
    const fork = marks.filter((m) => m.kind === 'fork').at(-1)!;
    expect(fork).toBeDefined();
    const pids = async () => (await page.locator('#view-processes tbody tr').allInnerTexts()).map((r) => Number(r.trim().split(/\s+/)[0]));
    const before = await pids();
    const box = (await page.locator('#view-timeline canvas').boundingBox())!;
    await page.mouse.click(box.x + fork.x, box.y + fork.y);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toMatch(/paused · at cycle \d+/);
    const hl = page.locator('#view-events .ev.highlight');
    await hl.waitFor({ timeout: 5_000 });
    const text = await hl.innerText();
    const m = /fork: pid (\d+) created child (\d+)/.exec(text)!;
    expect(m).not.toBeNull();
    const [parent, child] = [Number(m[1]), Number(m[2])];
    expect(before).not.toContain(child); // reaped by the present
    await expect.poll(pids, { timeout: 10_000 }).toContain(child);
    const rows = await page.locator('#view-processes tbody tr').allInnerTexts();
    const childRow = rows.find((r) => Number(r.trim().split(/\s+/)[0]) === child)!;
    expect(childRow.trim().split(/\s+/)[1]).toBe(String(parent)); // its parent, the shell
    expect(childRow).toMatch(/\bsh\b/); // the shell's copy: it has not exec'd /bin/true yet
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves a session as a download and opening it restores the same CPU view; a bad file changes nothing', async () => {
    const { page, errors } = await openApp(h);
    await waitForTerminal(page, /glassbox:\/\$$/);
    await typeLine(page, 'echo saved here');
    await waitForTerminal(page, /saved here\nglassbox:\/\$$/);
    await pause(page);
    const saved = await cpuText(page);
    const download = page.waitForEvent('download');
    await page.locator('#btn-save-session').click();
    const file = join(mkdtempSync(join(tmpdir(), 'glassbox-tt-')), 'session.gbs');
    await (await download).saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip
    await expect.poll(() => page.locator('#tt-message').textContent()).toMatch(/^saved glassbox-\d+\.gbs at cycle [\d,]+$/);

    // Move on, then open the file: the machine is back at the saved state.
    await page.keyboard.press('F8');
    await typeLine(page, 'ls');
    await waitForTerminal(page, /\$ ls\n[^]*glassbox:\/\$$/);
    await pause(page);
    expect(await cpuText(page)).not.toBe(saved);
    await page.locator('#open-session-file').setInputFiles(file);
    await expect.poll(() => page.locator('#tt-message').textContent(), { timeout: 60_000 }).toMatch(/^opened session\.gbs: at cycle [\d,]+$/);
    await expect.poll(() => cpuText(page), { timeout: 10_000 }).toBe(saved);
    await waitForTerminal(page, /saved here\nglassbox:\/\$$/);

    // A bad file: one line, and the machine is kept.
    await page.locator('#open-session-file').setInputFiles({ name: 'bad.gbs', mimeType: 'application/zip', buffer: Buffer.from('not a session') });
    await expect.poll(() => page.locator('#tt-message').textContent()).toMatch(/^not opened: not a session file/);
    expect((await page.locator('#tt-message').textContent())!.includes('\n')).toBe(false);
    expect(await cpuText(page)).toBe(saved);
    expect(errors).toEqual([]);
    await page.close();
  });
});
