// A minimal test runner for the extension host: named async tests, run in order, each failure
// logged with its stack; a thrown error from run() fails the code-server run.
import { writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

type Test = { name: string; fn: () => Promise<void> };
const tests: Test[] = [];

export function test(name: string, fn: () => Promise<void>): void {
  tests.push({ name, fn });
}

export async function runAll(): Promise<void> {
  let passed = 0;
  let failed = 0;
  // HOSTKIT_E2E_ONLY=<regexp> runs the tests whose name matches it (while working on them; the full run has none).
  const only = process.env.HOSTKIT_E2E_ONLY;
  const chosen = only ? tests.filter((t) => new RegExp(only).test(t.name)) : tests;
  for (const t of chosen) {
    const started = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`✓ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.error(
        `✗ ${t.name}\n    ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n    ') : String(e)}`,
      );
    }
  }
  console.log(`extension host: ${passed} passed, ${failed} failed`);
  const file = process.env.HOSTKIT_E2E_RESULT_FILE;
  // `total` lets the runner tell a suite that stopped half-way from one that finished.
  if (file) writeFileSync(file, JSON.stringify({ passed, failed, total: chosen.length }));
  if (failed > 0) throw new Error(`${failed} of ${passed + failed} extension-host tests failed`);
}

/** Waits until `check` returns a value (not undefined/false), polling; fails with `what` after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await delay(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
