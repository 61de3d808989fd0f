import { baseConfig } from '@hostkit/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

// Unit tests only: test/e2e runs inside code-server (pnpm run test:e2e), not under vitest.
export default mergeConfig(baseConfig, defineConfig({ test: { include: ['test/unit/**/*.test.ts'] } }));
