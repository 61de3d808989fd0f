import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through this export condition (see
// packages/core/package.json), so tests need no build of them. Vite's default conditions follow it.
const SOURCE = '@hostkit/source';

/** Shared vitest settings: node environment, loopback-only tests, no timing assertions. */
export const baseConfig = defineConfig({
  resolve: { conditions: [SOURCE, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [SOURCE, 'module', 'node', 'development|production'] } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
