import { defineConfig } from 'vitest/config';

/** Shared vitest settings: node environment, loopback-only tests, no timing assertions. */
export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
