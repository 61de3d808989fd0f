import { baseConfig } from '@hostkit/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

// Packing and installing take seconds each: a generous per-test limit.
export default mergeConfig(
  baseConfig,
  defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } }),
);
