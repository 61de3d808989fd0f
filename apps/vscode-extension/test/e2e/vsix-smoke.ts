// The packaged extension as a user gets it: installs the .vsix into code-server, opens the
// workbench in headless Chromium and clicks through it: the activity-bar entry, the welcome
// view's "Try the sandbox", tree rows, a context-menu action with its real modal dialog, and
// VS Code's own MCP server list. No test hooks: the production build, driven like a person would.
// Needs `pnpm run package` (the .vsix) and test:setup. Prints "N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import {
  installVsix,
  launchChromium,
  loadSetup,
  log,
  makeProfile,
  type RunningServer,
  startCodeServer,
  stopGroup,
} from './code-server';

const extDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(extDir, '.vscode-test', 'results');

type Check = [name: string, run: (page: Page) => Promise<void>];

const rows = (page: Page) => page.locator('.part.sidebar .monaco-list-row');
const row = (page: Page, text: string) => rows(page).filter({ hasText: text }).first();

async function palette(page: Page, command: string): Promise<void> {
  // Whatever quick pick is still open (or closing) goes first.
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: command }).first().waitFor();
  await page.keyboard.press('Enter');
}

// Right-click a row → a context-menu item → the modal. The workbench sometimes drops a context-menu
// click while a previous dialog's focus is settling (more so on a busy machine); opening the menu again
// is safe (nothing is sent before the modal is confirmed).
async function openModalFrom(page: Page, target: Locator, itemText: string) {
  const dialog = page.locator('.monaco-dialog-box');
  for (let attempt = 1; ; attempt++) {
    await target.click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: itemText }).first();
    try {
      await item.waitFor({ timeout: 5_000 });
      await item.hover();
      await item.click();
      await dialog.waitFor({ timeout: 8_000 });
      return dialog;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
}

const openRestartModal = (page: Page) => openModalFrom(page, row(page, 'web-01'), 'Restart Server');

const checks: Check[] = [
  [
    'the Hostkit activity-bar entry opens three views with welcome content',
    async (page) => {
      await page.locator('.activitybar [aria-label^="Hostkit"]').first().click();
      for (const v of ['Servers', 'Domains', 'Firewalls']) {
        await page.locator('.part.sidebar .pane-header').filter({ hasText: v }).first().waitFor();
      }
      const welcome = page.locator('.part.sidebar .welcome-view-content').first();
      await welcome.getByText('Sign in to Deploi').first().waitFor();
      await welcome.getByText('Sign in to SeFlow').first().waitFor();
    },
  ],
  [
    '"Try the sandbox" in the welcome view starts the embedded sandbox and fills the views',
    async (page) => {
      await page
        .locator('.part.sidebar .welcome-view-content')
        .first()
        .getByText('Try the sandbox')
        .first()
        .click();
      await row(page, 'web-01').waitFor({ timeout: 30_000 });
      await row(page, 'DS-1042').waitFor();
      await row(page, 'nordlys-media.example').waitFor();
      await row(page, 'Nordlys WAF').waitFor();
    },
  ],
  [
    'expanding a domain shows its DNS records',
    async (page) => {
      await row(page, 'nordlys-media.example').click();
      await rows(page)
        .filter({ hasText: /^(A|AAAA|MX|TXT|CNAME) .+ → / })
        .first()
        .waitFor();
      await row(page, 'Name servers').waitFor();
    },
  ],
  [
    'three selected DNS records: Delete asks once, in a modal listing the three (screenshot), Cancel keeps them',
    async (page) => {
      const records = rows(page).filter({ hasText: /^(A|AAAA|MX|TXT|CNAME) .+ → / });
      // The rows' labels ("A www → 192.0.2.20"), without their descriptions (TTL).
      const texts = (await records.locator('.label-name').allTextContents()).slice(0, 3);
      if (texts.length < 3) throw new Error(`fewer than three records shown: ${texts.join(' | ')}`);
      await records.nth(0).click();
      await records.nth(1).click({ modifiers: ['Control'] });
      await records.nth(2).click({ modifiers: ['Control'] });
      const dialog = await openModalFrom(page, records.nth(2), 'Delete DNS Record');
      const text = (await dialog.textContent()) ?? '';
      if (!/Delete 3 DNS records of nordlys-media\.example\?/.test(text))
        throw new Error(`modal text: ${text}`);
      for (const t of texts)
        if (!text.includes(t)) throw new Error(`"${t}" not listed in the modal: ${text}`);
      await page.screenshot({ path: join(resultsDir, 'bulk-delete-modal.png') });
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      for (const t of texts) await row(page, t).waitFor();
    },
  ],
  [
    'the context menu of a server that is off offers Copy IP and SSH, not Restart',
    async (page) => {
      await page.keyboard.press('Escape');
      const menu = page.locator('.context-view .action-label');
      for (let attempt = 1; ; attempt++) {
        await row(page, 'legacy-erp-01').click({ button: 'right' });
        try {
          await menu.filter({ hasText: 'Copy IP Address' }).first().waitFor({ timeout: 5_000 });
          break;
        } catch (e) {
          if (attempt >= 3) throw e;
          await page.keyboard.press('Escape');
        }
      }
      const items = await menu.allInnerTexts();
      await page.keyboard.press('Escape');
      if (items.some((i) => i.includes('Restart Server')))
        throw new Error(`Restart offered: ${items.join(' | ')}`);
      if (!items.some((i) => i.includes('Open SSH Terminal')))
        throw new Error(`no SSH: ${items.join(' | ')}`);
    },
  ],
  [
    'Restart Server from the context menu asks in a modal naming the server; Cancel leaves it running',
    async (page) => {
      const dialog = await openRestartModal(page);
      const text = (await dialog.textContent()) ?? '';
      if (!/Restart server "web-01" \(id \d+/.test(text)) throw new Error(`modal text: ${text}`);
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.waitForTimeout(500);
      if (!((await row(page, 'web-01').textContent()) ?? '').includes('active'))
        throw new Error('web-01 changed after Cancel');
    },
  ],
  [
    'confirming the modal restarts the server; the row shows it restarting',
    async (page) => {
      const dialog = await openRestartModal(page);
      await dialog.locator('.monaco-button', { hasText: 'Restart' }).first().click();
      await row(page, 'web-01').filter({ hasText: 'restarting' }).waitFor({ timeout: 10_000 });
    },
  ],
  [
    "VS Code's own MCP client lists the extension's Hostkit server, starts it and discovers its tools",
    async (page) => {
      const pickHostkit = async () => {
        await palette(page, 'MCP: List Servers');
        const item = page
          .locator('.quick-input-list .monaco-list-row')
          .filter({ hasText: 'Hostkit' })
          .first();
        await item.waitFor({ timeout: 15_000 });
        const text = (await item.textContent()) ?? '';
        await item.click();
        return text;
      };
      const before = await pickHostkit();
      if (!before.includes('Hostkit (sandbox)')) throw new Error(`listed as: ${before}`);
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: 'Start Server' })
        .first()
        .click();
      // VS Code resolves the definition (credentials into the environment) and spawns the server.
      await page.waitForTimeout(1000);
      for (let i = 0; i < 30 && !(await pickHostkit()).includes('Running'); i++)
        await page.waitForTimeout(500);
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: 'Show Output' })
        .first()
        .click();
      // The output is a Monaco editor: its text is split into coloured spans, so read the lines whole.
      const lines = page.locator('.part.panel .view-lines').first();
      for (let i = 0; i < 30; i++) {
        const text = (await lines.textContent().catch(() => '')) ?? '';
        const m = /Discovered (\d+) tools/.exec(text.replace(/\s+/g, ' '));
        if (m && Number(m[1]) > 0) return;
        await page.waitForTimeout(500);
      }
      throw new Error(
        `no "Discovered N tools" in the MCP output: ${await lines.textContent().catch(() => '')}`,
      );
    },
  ],
];

async function main(): Promise<number> {
  const setup = loadSetup();
  if (!setup) return 2;
  const { name, version } = JSON.parse(readFileSync(join(extDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const vsix = join(extDir, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) {
    console.error(`${vsix} is missing: run pnpm --filter hostkit-vscode run package first.`);
    return 2;
  }
  mkdirSync(resultsDir, { recursive: true });
  // AI features on: VS Code's MCP support (agent mode's client) is part of them.
  const profile = makeProfile({ 'chat.disableAIFeatures': false });
  log(installVsix(setup, profile, vsix).trim());
  let server: RunningServer | undefined;
  let passed = 0;
  let failed = 0;
  const browser = await launchChromium(setup, join(profile.root, 'chromium'));
  try {
    server = await startCodeServer(setup, profile);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.base}/?folder=${encodeURIComponent(profile.workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    for (const [i, [checkName, run]] of checks.entries()) {
      try {
        await run(page);
        passed++;
        log(`✓ ${checkName}`);
      } catch (e) {
        failed++;
        log(`✗ ${checkName}\n    ${e instanceof Error ? e.message : String(e)}`);
      }
      await page.screenshot({ path: join(resultsDir, `vsix-${i + 1}.png`) });
    }
  } catch (e) {
    failed++;
    console.error(e);
  } finally {
    await browser.close().catch(() => undefined);
    if (server) await stopGroup(server.child);
    rmSync(profile.root, { recursive: true, force: true });
  }
  // A check that neither passed nor failed (the run stopped before it) is a failure too.
  failed += Math.max(0, checks.length - passed - failed);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
