// Browser tests (npm run test:e2e): the built site (dist/, made by `npm run
// build` first) served on 127.0.0.1 and driven with playwright-core in
// Debian's chromium. Kept apart from `npm test`, which needs no browser.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
