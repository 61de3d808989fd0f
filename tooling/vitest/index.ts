import { defineConfig } from 'vitest/config';

/** Shared vitest settings: node environment, no timing-based assertions, loopback-only tests. */
export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
