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

/** A page at 1280x720 with the app loaded; `errors` collects console errors and page errors. */
export async function openApp(h: Harness, query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
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
