// Shared pieces of the real-VS-Code test runners: the cached code-server set-up, a throwaway
// profile, starting and stopping code-server as a process group, and headless Chromium.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type BrowserContext, chromium } from 'playwright-core';

export interface SetupEnv {
  node: string;
  codeServer: string;
  chromium: string;
}

export interface Profile {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  workspace: string;
  settingsFile: string;
  config: string;
}

export const cacheDir =
  process.env.HOSTKIT_VSCODE_TEST_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'hostkit-vscode-test');

export function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

/** The cached set-up, or undefined (with the command to make it) when test:setup never ran. */
export function loadSetup(): SetupEnv | undefined {
  const file = join(cacheDir, 'env.json');
  if (!existsSync(file)) {
    console.error(`No code-server set-up in ${cacheDir}. Run: pnpm --filter hostkit-vscode run test:setup`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SetupEnv;
}

/** A fresh home, user-data and extensions folder, workspace and settings, under the system temp dir. */
export function makeProfile(settings: Record<string, unknown>): Profile {
  const root = mkdtempSync(join(tmpdir(), 'hostkit-e2e-'));
  const p: Profile = {
    root,
    home: join(root, 'home'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    workspace: join(root, 'workspace'),
    settingsFile: join(root, 'user-data', 'User', 'settings.json'),
    config: join(root, 'code-server.yaml'),
  };
  for (const d of [p.home, join(p.userData, 'User'), p.extensions, p.workspace])
    mkdirSync(d, { recursive: true });
  writeFileSync(join(p.workspace, 'README.md'), '# Hostkit e2e workspace\n');
  writeFileSync(p.config, 'auth: none\ncert: false\n');
  writeFileSync(
    p.settingsFile,
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...settings,
      },
      null,
      2,
    ),
  );
  return p;
}

/** code-server's environment: HOME and XDG folders inside the profile, no extension gallery. */
function serverEnv(p: Profile, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: p.home,
    XDG_CONFIG_HOME: join(p.home, '.config'),
    XDG_DATA_HOME: join(p.home, '.local', 'share'),
    XDG_CACHE_HOME: join(p.home, '.cache'),
    XDG_STATE_HOME: join(p.home, '.local', 'state'),
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function profileArgs(p: Profile): string[] {
  return ['--config', p.config, '--user-data-dir', p.userData, '--extensions-dir', p.extensions];
}

/** Installs a .vsix into the profile the way a user would (`code-server --install-extension`). */
export function installVsix(setup: SetupEnv, p: Profile, vsix: string): string {
  return execFileSync(setup.node, [setup.codeServer, ...profileArgs(p), '--install-extension', vsix], {
    env: serverEnv(p, {}),
    encoding: 'utf8',
  });
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  base: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

/** Starts code-server on 127.0.0.1 in its own process group and waits for /healthz. */
export async function startCodeServer(
  setup: SetupEnv,
  p: Profile,
  options: { env?: Record<string, string>; args?: string[] } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    setup.node,
    [
      setup.codeServer,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      ...profileArgs(p),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.args ?? []),
    ],
    // detached: its own process group (setsid), so the whole tree can be stopped.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(p, options.env ?? {}) },
  );
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`code-server did not answer on ${base}/healthz within 60 s`);
    await delay(250);
  }
  return { base, port, child, output };
}

/** Stops code-server's whole process group: its extension host and watcher outlive the main process. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  if (child.exitCode === null) {
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    if (kill('SIGTERM')) {
      const timer = setTimeout(() => kill('SIGKILL'), 8000);
      await gone;
      clearTimeout(timer);
    }
  }
  // Children of the group may still be closing: a short grace, then whatever is left goes.
  await delay(500);
  kill('SIGKILL');
}

/** Headless Debian Chromium with the flags this machine's closed network needs. */
export function launchChromium(setup: SetupEnv, dir: string, height = 2000): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: setup.chromium,
    headless: true,
    viewport: { width: 1400, height },
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
}

/** Every file under `dir` whose bytes contain one of `needles`. */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.size < 50 * 1024 * 1024) {
        const bytes = readFileSync(p);
        if (needles.some((n) => bytes.includes(n))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}
