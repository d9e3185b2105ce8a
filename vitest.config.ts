import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // beforeAll hooks build the system and boot the kernel: seconds alone, much more
    // on a loaded machine (the 10 s default timed out there).
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'all', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'node_modules/**'] },
      },
      {
        // Issue 15: every core test runs under both tiers. The harness (test/core/harness.ts)
        // turns the compiled tier on for every machine with GLASSBOX_TEST_JIT=1; the tests
        // that choose their tiers themselves are left out (they already run both).
        extends: true,
        test: {
          name: 'core-jit',
          include: ['test/core/**/*.test.ts'],
          exclude: ['test/core/jit.test.ts', 'test/core/jit-ops.test.ts', 'test/core/tlb-model.test.ts'],
          env: { GLASSBOX_TEST_JIT: '1' },
        },
      },
    ],
  },
});
