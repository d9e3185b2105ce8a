// The Editor in a real browser: type a program, build it, see it succeed;
// a mistake shows a diagnostic at its line; the file survives a reload; a
// shared link opened in a fresh browser context restores the file and
// builds it; an uploaded or dropped ELF is checked; headers open read-only;
// a breakpoint set by a click in the Editor's gutter stops the installed
// program, whose C the Code view shows and steps line by line.
// Then measurements: the build time of a ~200-line program and
// the emulation speed with the Editor open (idle) against headless and
// against the debugger's views, written
// to test-results/editor-measurements.json.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildProgram } from '../../vm/cc/build.js';
import { nodeReader } from '../../vm/host/node-files.js';
import { Harness, RESULTS, openApp, startHarness, terminalBuffer, threadTimes, typeLine, waitForTerminal } from './browser.js';

let h: Harness;

/** Rounds of the speed measurement, and the host time each page is measured over. */
const SPEED_ROUNDS = 5;
const SPEED_WINDOW_MS = 3000;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function openEditor(page: Page): Promise<void> {
  await waitForTerminal(page, /glassbox:\/\$$/);
  await page.locator('#btn-editor').click();
  await page.locator('#view-editor .cm-content').waitFor();
}

/**
 * Replace the open file's text by typing it (one line at a time, so
 * CodeMirror's auto-indent stays out of the way; the closing brackets it
 * adds after the cursor are cut off at the end).
 */
async function typeProgram(page: Page, lines: string[]): Promise<void> {
  await page.locator('#view-editor .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  for (const [i, l] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type(l);
  }
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
}

const editorText = (page: Page): Promise<string> => page.locator('#view-editor .cm-content').innerText();

/** Build and install the open file; resolves with the status once both are over (no "…" left). */
async function build(page: Page): Promise<string> {
  await page.locator('#btn-editor-build').click();
  await page.waitForFunction(() => {
    const s = document.getElementById('editor-status')?.textContent ?? '';
    return /^(Built|.*error)/.test(s) && !s.endsWith('…');
  }, undefined, { timeout: 60_000 });
  return (await page.locator('#editor-status').textContent()) ?? '';
}

const HELLO = ['#include <stdio.h>', 'int main(void) { printf("hello from the editor\\n"); return 0; }'];

const STEPME = [
  '#include <stdio.h>',
  'int twice(int x) {',
  'return x * 2;',
  '}',
  'int main(void) {',
  'int a = 20;',
  'int b = twice(a);',
  'printf("stepme %d\\n", a + b);',
  'return 0;',
  '}',
];

describe('the Editor in chromium', () => {
  it('builds a typed program, marks an error at its line, and keeps the file across a reload', async () => {
    const { page, errors } = await openApp(h);
    // The terminal keeps its rows beside the Editor (12 at 1280x720, under the toolbar's two lines).
    await waitForTerminal(page, /glassbox:\/\$$/);
    const rows = async (): Promise<number> => page.locator('.xterm-rows > div').count();
    const before = await rows();
    expect(before).toBe(12);
    await openEditor(page);
    expect(await rows()).toBe(before);
    await page.locator('#editor-file-name').fill('hello.c');
    await page.locator('#editor-file-name').press('Enter');
    await typeProgram(page, HELLO);
    expect(await editorText(page)).toBe(HELLO.join('\n'));
    expect(await build(page)).toMatch(/^Built hello: [\d.]+ KiB in \d+ (ms|s); installed as \/bin\/hello: type hello in the terminal$/);
    expect(await page.evaluate(() => (window as any).glassbox.readyProgram?.name)).toBe('hello');
    expect(await page.locator('#editor-diagnostics li').count()).toBe(0);
    // The kernel's driver wrote it into /bin of the running machine and said so; it runs from the shell.
    await waitForTerminal(page, /\[installed \/bin\/hello, \d+ bytes\]/);
    await typeLine(page, 'hello');
    expect(await waitForTerminal(page, /glassbox:\/\$ hello\nhello from the editor\n/)).toContain('hello from the editor');

    await typeProgram(page, ['#include <stdio.h>', '', 'int main(void) {', 'return nope;', '}']);
    expect(await build(page)).toMatch(/hello\.c: 1 error/);
    const item = page.locator('#editor-diagnostics li').first();
    expect(await item.getAttribute('data-line')).toBe('4');
    expect(await item.textContent()).toMatch(/hello\.c:4:\d+ .*nope/);
    // The lint mark sits on line 4, under the name.
    await page.waitForFunction(() => document.querySelector('.cm-lintRange-error')?.textContent === 'nope');
    const markedLine = await page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') }).textContent();
    expect(markedLine?.trim()).toBe('return nope;');

    await page.reload();
    await openEditor(page);
    expect(await page.locator('#editor-file-name').inputValue()).toBe('hello.c');
    expect(await editorText(page)).toMatch(/return nope;/);
    expect(await page.locator('#editor-tabs .editor-tab.active').textContent()).toBe('hello.c');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stops the user\'s program at a breakpoint clicked in the gutter, shows its C and steps it by line', async () => {
    const { page, errors } = await openApp(h);
    await openEditor(page);
    await page.locator('#editor-file-name').fill('stepme.c');
    await page.locator('#editor-file-name').press('Enter');
    await typeProgram(page, STEPME);
    // Before it is installed, a click says why there is no breakpoint.
    const lineNumber = (n: number) => page.locator('#view-editor .cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${n}$`) });
    await lineNumber(6).click();
    await expect.poll(() => page.locator('#editor-status').textContent()).toMatch(/^stepme\.c:6: no code of \/bin\/stepme/);
    expect(await build(page)).toMatch(/^Built stepme: .*installed as \/bin\/stepme/);
    await lineNumber(6).click();
    const marks = page.locator('#view-editor .cm-breakpoint-gutter .cm-gutterElement:visible', { hasText: '●' });
    await expect.poll(() => marks.count()).toBe(1);
    await typeLine(page, 'stepme');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toMatch(/paused · breakpoint at main/);
    await page.locator('#btn-editor').click(); // back to the debugger's views
    const current = page.locator('#view-code .src .src-line.current');
    await expect.poll(() => current.textContent()).toMatch(/^●6\s*int a = 20;$/);
    expect(await page.locator('#view-code .src .accent').textContent()).toBe('stepme.c');
    expect(await page.locator('#view-code h2 .extra').textContent()).toBe('user: stepme');
    await page.locator('#btn-step-over').click();
    await expect.poll(() => current.textContent()).toMatch(/^7\s*int b = twice\(a\);$/);
    await page.locator('#btn-step-line').click();
    await expect.poll(() => current.textContent()).toMatch(/^2\s*int twice\(int x\) \{$/);
    // Another click in the gutter clears it; the program runs to its end.
    await page.locator('#btn-editor').click();
    await lineNumber(6).click();
    await expect.poll(() => marks.count()).toBe(0);
    await page.locator('#btn-run').click();
    await expect.poll(() => terminalBuffer(page)).toMatch(/stepme 60\n/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a shared link in a fresh browser and builds it', async () => {
    const { page, errors } = await openApp(h, '?tlb-entries=128');
    await openEditor(page);
    const firstText = await editorText(page);
    await page.locator('#editor-template').selectOption({ label: 'a race, fixed with a mutex (myrace.c)' });
    // Several files are open, as tabs: each keeps its own text.
    const tabs = page.locator('#editor-tabs .editor-tab');
    expect(await tabs.allTextContents()).toEqual(expect.arrayContaining(['myrace.c']));
    expect(await tabs.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#editor-tabs .editor-tab.active').textContent()).toBe('myrace.c');
    await tabs.first().click();
    await expect.poll(() => editorText(page)).toBe(firstText);
    await tabs.filter({ hasText: /^myrace\.c$/ }).click();
    await expect.poll(() => editorText(page)).toMatch(/pthread_mutex_lock/);
    await page.locator('#btn-editor-share').click();
    const link = await page.locator('#editor-share-link').inputValue();
    expect(link).toMatch(/\?tlb-entries=128.*#code=/);
    await page.close();
    expect(errors).toEqual([]);

    const fresh = await h.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await fresh.newPage();
    const otherErrors: string[] = [];
    other.on('pageerror', (e) => otherErrors.push(e.message));
    await other.goto(link);
    await other.waitForFunction(() => /^Built myrace:/.test(document.getElementById('editor-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await other.locator('#editor-file-name').inputValue()).toBe('myrace.c');
    expect(await editorText(other)).toMatch(/pthread_mutex_lock/);
    expect(await other.locator('#btn-editor').getAttribute('aria-pressed')).toBe('true');
    // The machine is the link's: 128 TLB entries, not the default 64.
    expect(await other.evaluate(() => (window as any).glassbox.last?.hardware?.tlbEntries)).toBe(128);
    await expect.poll(() => terminalBuffer(other)).toMatch(/\[installed \/bin\/myrace, \d+ bytes\]/);
    expect(otherErrors).toEqual([]);
    await fresh.close();
  });

  it('takes an ELF built with glassbox cc (picker or drop), rejects anything else naming why, shows headers read-only', async () => {
    const { page, errors } = await openApp(h);
    await openEditor(page);
    await page.locator('#editor-upload').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\n'.repeat(20)) });
    await expect.poll(() => page.locator('#editor-status').textContent()).toBe('notes.txt: not an ELF file (bad magic)');
    expect(await page.evaluate(() => (window as any).glassbox.readyProgram)).toBeUndefined();

    const built = buildProgram({ sources: [{ path: 'hi.c', text: 'int main(void) { return 3; }\n' }], runtime: 'kernel', readFile: nodeReader() });
    expect(built.errors).toEqual([]);
    await page.locator('#editor-upload').setInputFiles({ name: 'hi', mimeType: 'application/octet-stream', buffer: Buffer.from(built.elf!) });
    await expect.poll(() => page.locator('#editor-status').textContent()).toMatch(/^hi: a valid program .*; installed as \/bin\/hi: type hi in the terminal$/);
    expect(await page.evaluate(() => (window as any).glassbox.readyProgram?.elf.length)).toBe(built.elf!.length);
    // Dropped on the Editor: the same checks.
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'dropped.elf'));
      document.getElementById('view-editor')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [...built.elf!.slice(0, 100)]);
    await expect.poll(() => page.locator('#editor-status').textContent()).toMatch(/^dropped\.elf: .*past the end of the file/);
    expect(await page.evaluate(() => (window as any).glassbox.readyProgram?.name)).toBe('hi');
    // A good one dropped installs like a picked one, and runs.
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'dropped.elf'));
      document.getElementById('view-editor')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [...built.elf!]);
    await expect.poll(() => page.locator('#editor-status').textContent()).toMatch(/^dropped\.elf: a valid program .*; installed as \/bin\/dropped: type dropped in the terminal$/);
    await typeLine(page, 'dropped');
    await expect.poll(() => terminalBuffer(page)).toMatch(/\$ dropped\n\[exit status 3\]/);

    await page.locator('#editor-headers').focus();
    await expect.poll(() => page.locator('#editor-headers option').count()).toBeGreaterThan(10);
    await page.locator('#editor-headers').selectOption('/usr/include/unistd.h');
    await expect.poll(() => editorText(page)).toMatch(/pid_t fork\(void\);/);
    expect(await page.locator('#view-editor .cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await page.locator('#btn-editor-build').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('measures a 200-line build and the emulation speed with the Editor open', { timeout: 400_000 }, async () => {
    const { page, errors } = await openApp(h);
    await openEditor(page);
    const source = program200();
    // Build, then install into /bin of the running machine (the kernel's answer included), as the button does.
    const times = await page.evaluate(async (text) => {
      const app = (window as any).glassbox;
      const c = await app.editor.app.compiler();
      const out: { ms: number; totalMs: number; ok: boolean }[] = [];
      for (let i = 0; i < 6; i++) {
        const t = performance.now();
        const r = await c.build('big.c', text);
        const built = performance.now();
        const installed = r.ok && (await app.programReady({ name: r.name, elf: r.elf, from: 'build', sources: [{ path: 'big.c', text }] })).ok;
        out.push({ ms: built - t, totalMs: performance.now() - t, ok: installed });
      }
      return out;
    }, source);
    expect(times.every((t) => t.ok)).toBe(true);
    await page.close();
    const warm = times.slice(1).map((t) => t.ms).sort((a, b) => a - b);
    const warmTotal = times.slice(1).map((t) => t.totalMs).sort((a, b) => a - b);

    /**
     * One page's speed with `spin` in the foreground: guest instructions per
     * second of host time (MIPS), and per second of the machine worker's CPU
     * time (what the page's work in that worker — snapshots — takes from
     * the machine, whatever other jobs on the host do), and the page's own
     * main-thread CPU time per second.
     */
    const measure = async (query: string, editor: boolean): Promise<{ mips: number; cpuMips: number; mainMsPerS: number }> => {
      const { page: p, errors: e } = await openApp(h, query);
      await expect.poll(() => p.evaluate(async () => (await (window as any).glassbox?.api?.progress())?.idle === true), { timeout: 30_000 }).toBe(true);
      if (editor) {
        await p.locator('#btn-editor').click();
        await p.locator('#btn-editor-build').click(); // the compile worker is up, and idle
        await p.waitForFunction(() => /^Built/.test(document.getElementById('editor-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
        await p.locator('#view-editor .cm-content').click(); // idle with the cursor in it, as after typing
      }
      await p.evaluate(() => (window as any).glassbox.api.input('spin\n'));
      await p.waitForTimeout(1500);
      let a: any;
      let b: any;
      const times = await threadTimes(p, async () => {
        a = await p.evaluate(() => (window as any).glassbox.api.progress());
        await p.waitForTimeout(SPEED_WINDOW_MS);
        b = await p.evaluate(() => (window as any).glassbox.api.progress());
      });
      expect(e).toEqual([]);
      await p.close();
      // The machine's worker is the busiest dedicated worker (the compile worker sleeps).
      const workerMs = times.cpuMs.get('DedicatedWorker thread') ?? NaN;
      const instructions = b.instret - a.instret;
      return {
        mips: instructions / ((b.hostMs - a.hostMs) * 1000),
        cpuMips: instructions / (workerMs * 1000),
        mainMsPerS: ((times.cpuMs.get('CrRendererMain') ?? 0) / times.wallMs) * 1000,
      };
    };
    // Rounds of the three, one right after the other. This host's other jobs
    // swing its load (and the wall-clock speed) by a factor of two within a
    // minute, so the figure is the median over the rounds of the ratio in
    // worker CPU time; the wall-clock ratios are kept beside it.
    const withEditor: Awaited<ReturnType<typeof measure>>[] = [];
    const withViews: Awaited<ReturnType<typeof measure>>[] = [];
    const headless: Awaited<ReturnType<typeof measure>>[] = [];
    for (let round = 0; round < SPEED_ROUNDS; round++) {
      withEditor.push(await measure('', true));
      withViews.push(await measure('', false));
      headless.push(await measure('?headless', false));
    }
    const median = (xs: number[]): number => {
      const sorted = [...xs].sort((x, y) => x - y);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const ratio = (xs: typeof withEditor, ys: typeof withEditor, k: 'mips' | 'cpuMips'): number[] => xs.map((x, i) => x[k] / ys[i][k]);
    const fixed = (xs: number[], digits = 3): number[] => xs.map((x) => +x.toFixed(digits));
    const result = {
      date: new Date().toISOString(),
      buildLines: source.split('\n').length,
      buildColdMs: +times[0].ms.toFixed(0),
      buildWarmMs: warm.map((x) => +x.toFixed(0)),
      buildMedianMs: +median(warm).toFixed(0),
      buildAndInstallColdMs: +times[0].totalMs.toFixed(0),
      buildAndInstallWarmMs: warmTotal.map((x) => +x.toFixed(0)),
      buildAndInstallMedianMs: +median(warmTotal).toFixed(0),
      cpuMipsWithEditor: fixed(withEditor.map((x) => x.cpuMips), 1),
      cpuMipsWithAllViews: fixed(withViews.map((x) => x.cpuMips), 1),
      cpuMipsHeadless: fixed(headless.map((x) => x.cpuMips), 1),
      cpuRatioPerRound: fixed(ratio(withEditor, headless, 'cpuMips')),
      cpuRatio: +median(ratio(withEditor, headless, 'cpuMips')).toFixed(3),
      cpuRatioToAllViews: +median(ratio(withEditor, withViews, 'cpuMips')).toFixed(3),
      mipsWithEditor: fixed(withEditor.map((x) => x.mips), 1),
      mipsWithAllViews: fixed(withViews.map((x) => x.mips), 1),
      mipsHeadless: fixed(headless.map((x) => x.mips), 1),
      ratioPerRound: fixed(ratio(withEditor, headless, 'mips')),
      ratio: +median(ratio(withEditor, headless, 'mips')).toFixed(3),
      mainThreadMsPerS: {
        editor: +median(withEditor.map((x) => x.mainMsPerS)).toFixed(0),
        allViews: +median(withViews.map((x) => x.mainMsPerS)).toFixed(0),
        headless: +median(headless.map((x) => x.mainMsPerS)).toFixed(0),
      },
      how: 'build: six builds of the same program through the page\'s compile worker, timed in the page (round trip), ' +
        'each then installed into /bin of the running machine (to the kernel\'s answer); ' +
        'the first compiles libc too (cold), the medians are of the other five. Speed: ' + SPEED_ROUNDS + ' rounds of a fresh ' +
        'page with the Editor open after one build and the cursor in it (idle), the same page with the debugger\'s views instead, ' +
        'and ?headless; `spin` in the foreground, 1.5 s warm-up, guest instructions over ' + SPEED_WINDOW_MS / 1000 + ' s of host time; ' +
        'cpuRatio = the median over the rounds of (with the Editor / headless) in guest instructions per second of the ' +
        'machine worker\'s CPU time (thread time from a Chromium trace); ratio = the same in host (wall-clock) time; ' +
        'mainThreadMsPerS = the page\'s main-thread CPU time per second, median over the rounds.',
    };
    writeFileSync(join(RESULTS, 'editor-measurements.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(`editor measurements: ${JSON.stringify(result)}`);
    expect(errors).toEqual([]);
    expect(result.cpuRatio).toBeGreaterThan(0);
  });
});

/** A ~200-line C program: a small library of list, string and number routines and a main that uses them. */
function program200(): string {
  const parts = ['#include <stdio.h>', '#include <stdlib.h>', '#include <string.h>', '',
    'struct node { int value; struct node *next; };', ''];
  for (let i = 0; i < 9; i++) {
    parts.push(
      `// routine ${i}: push, sum and free a list of ${i + 3} numbers`,
      `static int routine${i}(int seed) {`,
      '  struct node *head = 0;',
      '  struct node *n;',
      '  int i;',
      '  int total = 0;',
      `  for (i = 0; i < ${i + 3}; i++) {`,
      '    n = malloc(sizeof(struct node));',
      `    n->value = (seed * ${i + 7} + i) % 101;`,
      '    n->next = head;',
      '    head = n;',
      '  }',
      '  while (head) {',
      '    total += head->value;',
      '    n = head->next;',
      '    free(head);',
      '    head = n;',
      '  }',
      `  return total + (int)strlen("routine ${i}");`,
      '}',
      '',
    );
  }
  parts.push('int main(void) {', '  int total = 0;');
  for (let i = 0; i < 9; i++) parts.push(`  total += routine${i}(${i});`);
  parts.push('  printf("total %d\\n", total);', '  return 0;', '}');
  return parts.join('\n') + '\n';
}
