import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/client';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { restorer } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';
import { nthOpenedUrl, readPage, recordingBrowser } from './human';

// The one-time confirmation page, in a real browser (Debian's headless Chromium, which `pnpm test`'s
// set-up installs): it shows the whole summary; Approve sends exactly one request and Decline none; a
// second use, a cross-origin post and a post without the page's token are refused. The screenshot is
// kept under .test-results/ as a CI artifact.

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-results');

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed: run `pnpm test:setup` (pnpm test does) to install it.');
  }
}

let world: World;
let client: Client;
let browser: BrowserContext;
let restore: () => void;
let evil: Server;
const urls = join(mkdtempSync(join(tmpdir(), 'hostkit-page-')), 'opened.txt');
let opened = 0;

beforeAll(async () => {
  world = await startWorld();
  restore = restorer(world);
  client = await connectStdio(world, { env: recordingBrowser(urls) });
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'hostkit-chromium-')), {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 900, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Another site on this machine that tries to approve a pending confirmation with a form of its own.
  evil = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<form id="f" method="post" action="${target}"><input name="decision" value="approve"><input name="csrf" value="guessed"></form><script>document.getElementById('f').submit()</script>`,
    );
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await client?.close();
  evil?.close();
  await world?.sandbox.stop();
});
beforeEach(() => {
  restore();
  world.sandbox.requests.clear();
});

const reboots = () => world.commandsSent().filter((c) => c === 'reboot-dserver').length;

/** Starts a reboot that needs a yes and returns the call and the page Hostkit opened for it. */
async function pending(): Promise<{ call: Promise<unknown>; url: string }> {
  const call = client.callTool({ name: 'seflow_reboot_dserver', arguments: { serverid: 'DS-1042' } });
  opened += 1;
  return { call, url: await nthOpenedUrl(urls, opened) };
}

describe('the confirmation page in Chromium', () => {
  it('shows the whole summary; Approve sends exactly one request; the page cannot be used again', async () => {
    const { call, url } = await pending();
    const page = await browser.newPage();
    await page.goto(url);
    const shown = await page.locator('#summary').textContent();
    expect(shown).toContain('Hard-reboot the SeFlow server "DS-1042".');
    expect(shown).toContain('Asked because it can lose data, disrupt service or weaken security.');
    expect(shown).toContain('SeFlow reboot-dserver will be sent with:\n  serverid: "DS-1042"');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'confirm-page.png'), fullPage: true });
    expect(reboots()).toBe(0);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.locator('#outcome').textContent()).toContain('Approved');
    const result = await call;
    expect((result as { isError?: boolean }).isError, textOf(result)).toBeFalsy();
    expect(reboots()).toBe(1);
    // A second use: the page says it was answered, and resubmitting the form does nothing.
    const again = await page.goto(url);
    expect(again?.status()).toBe(410);
    await page.goBack();
    await page.goBack();
    expect(reboots()).toBe(1);
    await page.close();
  });

  it('Decline sends nothing', async () => {
    const { call, url } = await pending();
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => page.locator('#outcome').textContent()).toContain('Declined');
    expect(textOf(await call)).toContain('declined');
    expect(reboots()).toBe(0);
    await page.close();
  });

  it('refuses a cross-origin post and a post without the page token, and still asks the person', async () => {
    const { call, url } = await pending();
    const page = await browser.newPage();
    const { port } = evil.address() as AddressInfo;
    // The browser posts the other site's form to the confirmation URL: refused.
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === url && r.request().method() === 'POST'),
      page.goto(`http://127.0.0.1:${port}/?target=${encodeURIComponent(url)}`),
    ]);
    expect(response.status()).toBe(403);
    // Same origin, but without the page's token: refused.
    const noToken = await page.request.post(url, {
      headers: { origin: new URL(url).origin },
      form: { decision: 'approve' },
    });
    expect(noToken.status()).toBe(403);
    expect(reboots()).toBe(0);
    // The page is still waiting for the person, who declines.
    expect((await readPage(url)).status).toBe(200);
    await page.goto(url);
    await page.getByRole('button', { name: 'Decline' }).click();
    expect(textOf(await call)).toContain('declined');
    expect(reboots()).toBe(0);
    await page.close();
  });
});
