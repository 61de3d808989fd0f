// Runs the extension's end-to-end tests inside a real VS Code (code-server) driven by headless
// Chromium, against the Hostkit sandbox. Needs `pnpm --filter hostkit-vscode run test:setup` once.
// The tests run in the extension host (test/e2e/suite); the runner answers their UI checkpoints
// (screenshot and tree rows) and checks afterwards that no credential reached a file.
// Exits non-zero when any test or runner check failed, or when the suite reported no result; prints
// "N passed, N failed" as its last line.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@hostkit/sandbox';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  filesContaining,
  launchChromium,
  loadSetup,
  log,
  makeProfile,
  type RunningServer,
  startCodeServer,
  stopGroup,
} from './code-server';
import type { UiAction, UiTarget } from './suite/ui-checkpoint';

const here = dirname(fileURLToPath(import.meta.url));
const extDir = resolve(here, '..', '..');
const TIMEOUT_MS = Number(process.env.HOSTKIT_E2E_TIMEOUT_MS ?? 300_000);
const resultsDir = join(extDir, '.vscode-test', 'results');

async function main(): Promise<number> {
  const setup = loadSetup();
  if (!setup) return 2;
  const suite = join(extDir, '.vscode-test', 'suite', 'e2e.js');
  if (!existsSync(suite) || !existsSync(join(extDir, 'dist', 'extension.js'))) {
    console.error('Build first: node scripts/build.mjs --tests (pnpm run test:e2e does).');
    return 2;
  }
  mkdirSync(resultsDir, { recursive: true });

  const sandbox = await startSandbox({ port: 0, seed: 1, requireTwoFactor: true, restartDelayMs: 1500 });
  log(`sandbox on ${sandbox.deploiUrl}`);
  // A fleet at scale (1,000 servers, 500 domains, 100 firewalls) for the filter's UI check.
  const scale = await startSandbox({ port: 0, seed: 1, scale: 'scale' });
  const profile = makeProfile({
    'hostkit.deploi.baseUrl': sandbox.deploiUrl,
    'hostkit.seflow.baseUrl': sandbox.seflowUrl,
    'hostkit.refresh.pollIntervalSeconds': 2,
  });
  const resultFile = join(profile.root, 'result.json');
  const uiDir = join(profile.root, 'ui');
  mkdirSync(uiDir);

  let server: RunningServer | undefined;
  let browser: BrowserContext | undefined;
  let code = 1;
  const failures: string[] = [];
  try {
    server = await startCodeServer(setup, profile, {
      // Without the smoke-test driver the test payload below is silently ignored.
      args: ['--vscode-option', 'enable-smoke-test-driver'],
      // Environment variables reach the extension host: where the tests find the sandbox and us.
      env: {
        HOSTKIT_E2E_CONTROL_URL: sandbox.controlUrl,
        HOSTKIT_E2E_CREDENTIALS: JSON.stringify(sandbox.credentials),
        HOSTKIT_E2E_SETTINGS_FILE: profile.settingsFile,
        HOSTKIT_E2E_RESULT_FILE: resultFile,
        HOSTKIT_E2E_UI_DIR: uiDir,
        HOSTKIT_E2E_SCALE_DEPLOI_URL: scale.deploiUrl,
        HOSTKIT_E2E_SCALE_CONTROL_URL: scale.controlUrl,
      },
    });
    log(`code-server on ${server.base}`);
    browser = await launchChromium(setup, join(profile.root, 'chromium'));
    // Copy IP is checked through the clipboard, which the browser guards.
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    const page = browser.pages()[0] ?? (await browser.newPage());
    let finish: (c: number) => void = () => {};
    const exited = new Promise<number>((r) => {
      finish = r;
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = (Array.isArray(args) ? args : [args])
        .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
        .join(' ');
      if (text.trim() && !text.includes('builtin extensions from gallery'))
        console.log(type === 'error' ? `  ! ${text}` : `  ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (c: number) => finish(c));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server?.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extDir)],
      ['extensionTestsPath', remote(suite)],
    ];
    await page.goto(
      `${server.base}/?folder=${encodeURIComponent(profile.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );

    // UI checkpoints: a test writes <name>.request and waits; we answer with what the page shows.
    let checkpoints = 0;
    const answering = setInterval(() => {
      for (const f of readdirSync(uiDir).filter((n) => n.endsWith('.request'))) {
        const name = f.slice(0, -'.request'.length);
        const request = readRequest(join(uiDir, f));
        rmSync(join(uiDir, f));
        void (async () => {
          let error: string | undefined;
          try {
            for (const action of request.actions) await perform(page, action);
            // A tooltip of the last thing pointed at must not cover the picture, unless that was the point.
            if (!('hover' in (request.actions.at(-1) ?? {}))) await page.mouse.move(900, 1500);
          } catch (e) {
            error = e instanceof Error ? e.message : String(e);
          }
          await page.waitForTimeout(800); // let the tree finish drawing what the test just caused
          const screenshot = join(resultsDir, `${name}.png`);
          await page.screenshot({ path: screenshot });
          const rows = await page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
          const panes = await page.locator('.part.sidebar .pane-header .title').allInnerTexts();
          const welcome = await page.locator('.part.sidebar .welcome-view-content').allInnerTexts();
          const messages = await page.locator('.part.sidebar .pane-body .message:not(.hide)').allInnerTexts();
          const editorText = await page
            .locator('.part.editor')
            .first()
            .textContent()
            .catch(() => null);
          const editor = (editorText ?? '').slice(0, 4000);
          const notifications = await page
            .locator('.notifications-center, .notifications-toasts')
            .allInnerTexts();
          const quickInput = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
          const suggestions = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
          writeFileSync(
            join(resultsDir, `${name}.txt`),
            [...panes, ...welcome, ...messages, ...rows, ...notifications].join('\n'),
          );
          const tmpFile = join(uiDir, `${name}.tmp`);
          writeFileSync(
            tmpFile,
            JSON.stringify({
              rows,
              panes,
              welcome,
              messages,
              notifications,
              quickInput,
              suggestions,
              editor,
              screenshot,
              ...(error ? { error } : {}),
            }),
          );
          renameSync(tmpFile, join(uiDir, `${name}.done`));
          checkpoints++;
          log(`UI checkpoint "${name}": ${rows.length} rows, screenshot ${screenshot}`);
        })().catch((e) => failures.push(`UI checkpoint ${name}: ${String(e)}`));
      }
    }, 150);
    const timeout = new Promise<number>((r) => setTimeout(() => r(-1), TIMEOUT_MS));
    code = await Promise.race([exited, timeout]);
    clearInterval(answering);
    if (code === -1) {
      failures.push(`the tests did not finish within ${TIMEOUT_MS} ms`);
      code = 1;
    }
    if (checkpoints === 0) failures.push('no UI checkpoint was reached');
  } catch (e) {
    failures.push(`runner: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    code = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopGroup(server.child);
  }

  // No credential may end up in settings or in any file VS Code keeps for the user (globalState
  // included); SecretStorage's own store is the one place allowed to hold them.
  const secrets = [sandbox.credentials.deploi.password, sandbox.credentials.seflow.key];
  if (secrets.some((s) => readFileSync(profile.settingsFile, 'utf8').includes(s)))
    failures.push('a credential was written to settings.json');
  const leaks = filesContaining(join(profile.userData, 'User'), secrets);
  if (leaks.length) failures.push(`credentials found in: ${leaks.join(', ')}`);

  // The suite's own count is the only evidence its tests ran: no result, or one that misses tests, fails.
  const result = readResult(resultFile);
  if (!result) failures.push('the extension-host tests wrote no result.json: they did not run to the end');
  else if (result.total === 0 || result.passed + result.failed !== result.total)
    failures.push(`the extension-host tests ran ${result.passed + result.failed} of ${result.total}`);
  if (code !== 0 && failures.length === 0 && !result?.failed)
    failures.push(`the test run exited with ${code}`);
  await sandbox.stop();
  await scale.stop();
  if (failures.length || code !== 0) {
    writeFileSync(join(resultsDir, 'code-server.log'), server?.output.join('') ?? '');
    for (const f of failures) console.error(`[e2e] FAIL ${f}`);
  }
  if (process.env.HOSTKIT_E2E_KEEP === '1') log(`kept ${profile.root}`);
  else rmSync(profile.root, { recursive: true, force: true });
  // Runner failures (a leak, a missing checkpoint or result) count as failed tests; passes are the suite's.
  const passed = result?.passed ?? 0;
  const failed = (result?.failed ?? 0) + failures.length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

/** The suite's result.json (see suite/harness.ts), or undefined when it is missing or not one. */
function readResult(file: string): { passed: number; failed: number; total: number } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const n = (k: string) =>
      typeof r[k] === 'number' && Number.isInteger(r[k]) ? (r[k] as number) : undefined;
    const [passed, failed, total] = [n('passed'), n('failed'), n('total')];
    return passed === undefined || failed === undefined || total === undefined
      ? undefined
      : { passed, failed, total };
  } catch {
    return undefined;
  }
}

function readRequest(file: string): { actions: UiAction[] } {
  const text = readFileSync(file, 'utf8');
  return text ? (JSON.parse(text) as { actions: UiAction[] }) : { actions: [] };
}

function locate(page: Page, target: UiTarget[]): Locator {
  let l: Locator | undefined;
  for (const t of target) {
    let next = (l ?? page.locator('body')).locator(t.css);
    if (t.hasText !== undefined) next = next.filter({ hasText: t.hasText });
    l = next.nth(t.nth ?? 0);
  }
  if (!l) throw new Error('an action needs a target');
  return l;
}

/** Does what a test asked for in the page, as a person would (real clicks and keys). */
async function perform(page: Page, action: UiAction): Promise<void> {
  if ('click' in action) {
    const o: Parameters<Locator['click']>[0] = { timeout: 10_000 };
    if (action.button) o.button = action.button;
    if (action.modifiers) o.modifiers = action.modifiers;
    await locate(page, action.click).click(o);
  } else if ('hover' in action) await locate(page, action.hover).hover({ timeout: 10_000 });
  else if ('press' in action) await page.keyboard.press(action.press);
  else if ('type' in action) await page.keyboard.type(action.type, { delay: 20 });
  else await page.waitForTimeout(action.wait);
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
