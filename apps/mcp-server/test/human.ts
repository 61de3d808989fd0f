import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

// The person at the confirmation page, for tests: finds the page Hostkit opened and answers it the way
// a browser would (a form POST from the page's own origin with the page's token).

const RECORDER = join(dirname(fileURLToPath(import.meta.url)), 'support', 'record-url.mjs');

/** Environment that makes Hostkit "open the browser" by writing the page URL to `file`. */
export function recordingBrowser(file: string): Record<string, string> {
  return { HOSTKIT_BROWSER: `${process.execPath} ${RECORDER} ${file}` };
}

/** The URLs Hostkit opened so far. */
export function openedUrls(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** Waits for the `n`th URL Hostkit opens (1-based). */
export async function nthOpenedUrl(file: string, n: number, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const urls = openedUrls(file);
    if (urls.length >= n) return urls[n - 1] as string;
    if (Date.now() > until)
      throw new Error(`Hostkit opened no page (${urls.length} of ${n}) within ${timeoutMs} ms`);
    await delay(50);
  }
}

/** The page's HTML and its hidden form token. */
export async function readPage(
  url: string,
): Promise<{ status: number; html: string; csrf: string | undefined }> {
  const response = await fetch(url);
  const html = await response.text();
  return { status: response.status, html, csrf: /name="csrf" value="([^"]+)"/.exec(html)?.[1] };
}

/** Posts an answer as the page's own form would; `origin` and `csrf` can be overridden to attack it. */
export async function answerPage(
  url: string,
  decision: 'approve' | 'decline',
  overrides: { origin?: string | null; csrf?: string | null } = {},
): Promise<{ status: number; html: string }> {
  const page = await readPage(url);
  const csrf = overrides.csrf === undefined ? page.csrf : overrides.csrf;
  const origin = overrides.origin === undefined ? new URL(url).origin : overrides.origin;
  const body = new URLSearchParams({ decision, ...(csrf === null || csrf === undefined ? {} : { csrf }) });
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(origin === null ? {} : { origin }),
    },
    body,
  });
  return { status: response.status, html: await response.text() };
}
