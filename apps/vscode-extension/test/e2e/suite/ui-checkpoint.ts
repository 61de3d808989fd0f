import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** What the runner saw in the workbench at a checkpoint. */
export interface UiSnapshot {
  /** Text of every visible tree row in the side bar's views. */
  rows: string[];
  /** Titles of the visible view panes. */
  panes: string[];
  /** Text of the welcome content shown in empty views. */
  welcome: string[];
  /** Text of the notification toasts on screen (message and buttons). */
  notifications: string[];
  screenshot: string;
}

/**
 * Asks the runner (outside VS Code, driving Chromium) to look at the workbench now: the extension
 * host is gone by the time the run exits, so UI checks happen while the tests wait here.
 */
export async function uiCheckpoint(name: string, timeoutMs = 30_000): Promise<UiSnapshot> {
  const dir = process.env.HOSTKIT_E2E_UI_DIR;
  if (!dir) throw new Error('HOSTKIT_E2E_UI_DIR is not set: run the tests through test/e2e/run.ts');
  const done = join(dir, `${name}.done`);
  writeFileSync(join(dir, `${name}.request`), '');
  const until = Date.now() + timeoutMs;
  while (!existsSync(done)) {
    if (Date.now() > until) throw new Error(`the runner did not answer UI checkpoint "${name}"`);
    await delay(100);
  }
  return JSON.parse(readFileSync(done, 'utf8')) as UiSnapshot;
}
