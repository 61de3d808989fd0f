import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** One locator step: CSS, optionally only the elements holding `hasText`, the `nth` of them (default first). */
export interface UiTarget {
  css: string;
  hasText?: string;
  nth?: number;
}

/**
 * What the runner does in the page before it looks: click or hover an element (each step of `target`
 * is looked for inside the previous one), press a key, or wait.
 */
export type UiAction =
  | { click: UiTarget[]; button?: 'left' | 'right'; modifiers?: ('Control' | 'Shift')[] }
  | { hover: UiTarget[] }
  | { press: string }
  | { type: string }
  | { wait: number };

/** What the runner saw in the workbench at a checkpoint. */
export interface UiSnapshot {
  /** Text of every visible tree row in the side bar's views. */
  rows: string[];
  /** Titles of the visible view panes. */
  panes: string[];
  /** Text of the welcome content shown in empty views. */
  welcome: string[];
  /** Messages views show above their items (a filter's count). */
  messages: string[];
  /** The text of the editor area (a walkthrough, a zone file), cut at 4,000 characters. */
  editor: string;
  /** Text of the notification toasts on screen (message and buttons). */
  notifications: string[];
  /** Rows of the open quick pick or quick access (MCP: Browse Resources). */
  quickInput: string[];
  /** Rows of an open suggestion widget (chat slash commands). */
  suggestions: string[];
  screenshot: string;
}

/**
 * Asks the runner (outside VS Code, driving Chromium) to look at the workbench now: the extension
 * host is gone by the time the run exits, so UI checks happen while the tests wait here.
 */
export async function uiCheckpoint(
  name: string,
  options: { actions?: UiAction[]; timeoutMs?: number } = {},
): Promise<UiSnapshot> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dir = process.env.HOSTKIT_E2E_UI_DIR;
  if (!dir) throw new Error('HOSTKIT_E2E_UI_DIR is not set: run the tests through test/e2e/run.ts');
  const done = join(dir, `${name}.done`);
  writeFileSync(join(dir, `${name}.request`), JSON.stringify({ actions: options.actions ?? [] }));
  const until = Date.now() + timeoutMs;
  while (!existsSync(done)) {
    if (Date.now() > until) throw new Error(`the runner did not answer UI checkpoint "${name}"`);
    await delay(100);
  }
  const snapshot = JSON.parse(readFileSync(done, 'utf8')) as UiSnapshot & { error?: string };
  if (snapshot.error) throw new Error(`UI checkpoint "${name}": ${snapshot.error}`);
  return snapshot;
}
