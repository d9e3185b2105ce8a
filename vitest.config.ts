import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    // beforeAll hooks build the system and boot the kernel: seconds alone, much more
    // on a loaded machine (the 10 s default timed out there).
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
