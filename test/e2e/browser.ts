// The e2e harness: serve dist/ with Vite's preview server on 127.0.0.1,
// launch Debian's chromium through playwright-core (never a downloaded
// browser), open the app and collect console errors.

import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import type { PreviewServer } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const RESULTS = join(ROOT, 'test-results');
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export interface Harness {
  server: PreviewServer;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('dist/ is not built: run `npm run build` (npm run test:e2e does)');
  const executablePath = CHROMIUM.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`no chromium at ${CHROMIUM.join(' or ')} (apt-get install chromium)`);
  const server = await preview({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 4300 + Math.floor(Math.random() * 500), strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server has no local URL');
  const browser = await chromium.launch({ executablePath, args: ['--disable-gpu', '--disable-quic', '--no-sandbox'] });
  mkdirSync(RESULTS, { recursive: true });
  return {
    server,
    browser,
    url,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A page at 1280x720 with the app loaded; `errors` collects console errors
 * and page errors. The browser is a returning visitor's (the lessons' first
 * visit offer already answered) unless `firstVisit` asks for a new one: only
 * the lessons' tests are about that offer.
 */
export async function openApp(h: Harness, query = '', opts: { firstVisit?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
  if (!opts.firstVisit) {
    await page.addInitScript(() => {
      if (localStorage.getItem('glassbox.lessons') === null) localStorage.setItem('glassbox.lessons', JSON.stringify({ finished: [], welcomed: true }));
    });
  }
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url + query);
  return { page, errors };
}

/** The terminal's visible text (xterm's DOM rows), each line without trailing blanks. */
export async function terminalText(page: Page): Promise<string> {
  const raw = await page.locator('.xterm-rows').innerText();
  return raw.replace(/\u00a0/g, ' ').split('\n').map((l) => l.trimEnd()).join('\n').trimEnd();
}

/** Wait until the terminal shows `re` (lines have no trailing blanks; the text none at its end). */
export async function waitForTerminal(page: Page, re: RegExp, timeout = 30_000): Promise<string> {
  const end = Date.now() + timeout;
  let text = '';
  while (Date.now() < end) {
    text = await terminalText(page);
    if (re.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`the terminal never showed ${re}; it shows:\n${text}`);
}

/** Type a line into the terminal. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The terminal's whole buffer (scrollback included), lines wrapped at its width joined, without trailing blanks. */
export async function terminalBuffer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = (window as any).glassbox.terminal.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text: string = line?.translateToString(true) ?? '';
      if (line?.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    return out.join('\n').trimEnd();
  });
}

/** The trace event ('toplevel' category) of each task a Chromium thread runs. */
const TOP_LEVEL_TASK = 'ThreadControllerImpl::RunTask';

/** CPU time (thread time) each of a page's threads spent in tasks over a stretch of host time. */
export interface ThreadTimes {
  /** Host milliseconds the trace covered. */
  wallMs: number;
  /** Milliseconds of CPU time by thread name ('CrRendererMain' is the page, 'DedicatedWorker thread' a worker). */
  cpuMs: Map<string, number>;
}

/**
 * Trace the page's top-level tasks while `during` runs and add up each
 * thread's CPU time (the trace's thread time, tdur): unlike wall-clock time
 * it does not count the time a thread waited for a core that other jobs on
 * the host held. Two workers of one name are added together.
 */
export async function threadTimes(page: Page, during: () => Promise<void>): Promise<ThreadTimes> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as typeof events)));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,__metadata', transferMode: 'ReportEvents' });
  const t0 = Date.now();
  await during();
  const wallMs = Date.now() - t0;
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const cpuMs = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== TOP_LEVEL_TASK || e.tdur === undefined) continue;
    const name = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
    cpuMs.set(name, (cpuMs.get(name) ?? 0) + e.tdur / 1000);
  }
  return { wallMs, cpuMs };
}
