import type { ViteUserConfig } from 'vitest/config';

/** Shared vitest settings: node environment, loopback-only tests, no timing assertions. */
export declare const baseConfig: ViteUserConfig;
