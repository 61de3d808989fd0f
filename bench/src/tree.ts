import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSandbox } from '@hostkit/sandbox';
import { build } from 'esbuild';
import { ROOT } from './env';
import { now } from './rpc';
import { median } from './stats';

// The VS Code views' first render at scale, with the extension's own tree code (its providers, data
// store and client pool, bundled here with a stand-in for the `vscode` module: the tree code uses only
// TreeItem, ThemeIcon, ThemeColor, MarkdownString, EventEmitter and Disposable from it), against the
// sandbox's scale seed. Nothing of VS Code itself is measured: what VS Code does with the TreeItems is
// not in these numbers.

const EXTENSION = join(ROOT, 'apps', 'vscode-extension', 'src');
const VIEWS = [
  { id: 'servers', file: 'tree/servers-provider.ts', exported: 'ServersProvider' },
  { id: 'domains', file: 'tree/domains-provider.ts', exported: 'DomainsProvider' },
  { id: 'firewalls', file: 'tree/firewalls-provider.ts', exported: 'FirewallsProvider' },
] as const;

const VSCODE_STUB = `
export class EventEmitter {
  listeners = new Set();
  event = (l) => { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; };
  fire(e) { for (const l of this.listeners) l(e); }
  dispose() { this.listeners.clear(); }
}
export class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 };
export class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
export class ThemeColor { constructor(id) { this.id = id; } }
export class MarkdownString {
  constructor(value = '') { this.value = value; }
  appendMarkdown(s) { this.value += s; return this; }
  appendText(s) { this.value += s; return this; }
  appendCodeblock(s) { this.value += s; return this; }
}
export class Disposable {
  constructor(fn) { this.fn = fn; }
  dispose() { this.fn?.(); }
  static from(...items) { return new Disposable(() => { for (const d of items) d.dispose(); }); }
}
`;

interface TreeNode {
  kind: string;
}
interface TreeItemLike {
  collapsibleState?: number;
}
interface Provider {
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): TreeItemLike;
  dispose(): void;
}
type ProviderClass = new (deps: unknown) => Provider;
interface TreeModule {
  DataStore: new (options: unknown) => { settled(): Promise<void>; dispose(): void };
  ClientPool: new (accounts: unknown, prompter: () => unknown, log: unknown) => { dispose(): void };
  [view: string]: unknown;
}

/** One view's first render. */
export interface ViewRender {
  view: string;
  /** Nodes of the first level: everything VS Code shows without the user expanding anything. */
  nodes: number;
  /** Wall time of the first render: list requests to the sandbox included. */
  firstRenderMs: number;
  /** Median time to build the same level again from the loaded data (no request): the tree code's own cost. */
  buildMs: number;
  /** HTTP requests of the first render, by API command (the shared login counted where it happened). */
  requests: Record<string, number>;
  /** Requests less the login, per account and per list scope (a Deploi client). */
  requestsPerAccount: number;
  scopes: number;
}

export type TreeResult =
  | { measured: true; seed: string; accounts: string; views: ViewRender[] }
  | { measured: false; reason: string };

async function bundleTree(): Promise<{ module: TreeModule; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'hostkit-bench-tree-'));
  const outfile = join(dir, 'tree.mjs');
  const exports = [
    ...VIEWS.map((v) => `export { ${v.exported} } from './${v.file}';`),
    "export { DataStore } from './tree/data-store';",
    "export { ClientPool } from './accounts/client-pool';",
  ].join('\n');
  await build({
    stdin: { contents: exports, resolveDir: EXTENSION, loader: 'ts', sourcefile: 'bench-tree-entry.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Workspace packages from their sources (the `@hostkit/source` export condition), as in the extension's build.
    conditions: ['@hostkit/source'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'vscode-stand-in',
        setup(b) {
          b.onResolve({ filter: /^vscode$/ }, () => ({ path: 'vscode', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: VSCODE_STUB, loader: 'js' }));
        },
      },
    ],
  });
  const module = (await import(pathToFileURL(outfile).href)) as TreeModule;
  return { module, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Renders what VS Code shows first: each node, and the children of those drawn expanded. */
async function renderFirstLevel(provider: Provider): Promise<number> {
  let count = 0;
  const walk = async (node?: TreeNode): Promise<void> => {
    const children = await provider.getChildren(node);
    for (const child of children) {
      count++;
      const item = provider.getTreeItem(child);
      if (item.collapsibleState === 2) await walk(child);
    }
  };
  await walk();
  return count;
}

/** The tree benchmark, or why it could not run. */
export async function measureTree(buildRepeats = 7): Promise<TreeResult> {
  const missing = VIEWS.map((v) => join(EXTENSION, v.file)).filter((f) => !existsSync(f));
  if (missing.length)
    return { measured: false, reason: `apps/vscode-extension has no ${missing.join(', ')} yet` };
  let bundled: Awaited<ReturnType<typeof bundleTree>>;
  try {
    bundled = await bundleTree();
  } catch (e) {
    return {
      measured: false,
      reason: `the tree code does not build outside VS Code: ${String(e).slice(0, 300)}`,
    };
  }
  const sandbox = await startSandbox({ scale: 'scale', seed: 1, port: 0 });
  try {
    const { deploi, seflow } = sandbox.credentials;
    const state = sandbox.state.get();
    const user = state.users.find((u) => u.email === deploi.username);
    const clients = (user?.clientIds ?? []).map((id) => ({
      id,
      name: state.clients.find((c) => c.id === id)?.name ?? `Client ${id}`,
    }));
    const accounts = [
      {
        id: 'bench-deploi',
        provider: 'deploi',
        username: deploi.username,
        baseUrl: sandbox.deploiUrl,
        clients,
      },
      {
        id: 'bench-seflow',
        provider: 'seflow',
        username: seflow.username,
        baseUrl: sandbox.seflowUrl,
        servers: state.seflow.servers.map((s) => ({ name: s.name })),
      },
    ];
    const secrets: Record<string, unknown> = {
      'bench-deploi': { password: deploi.password },
      'bench-seflow': { key: seflow.key },
    };
    const accountStore = {
      all: () => accounts,
      byProvider: (p: string) => accounts.filter((a) => a.provider === p),
      get: (id: string) => accounts.find((a) => a.id === id),
      onDidChange: () => ({ dispose() {} }),
      readSecrets: async (id: string) => secrets[id] ?? {},
    };
    const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, appendLine() {} };
    const { module } = bundled;
    const store = new module.DataStore({
      storage: { get: () => undefined, update: async () => {} },
      onChange: () => {},
      describeError: (e: unknown) => String(e),
    });
    const pool = new module.ClientPool(accountStore, () => ({ input: async () => undefined }), quiet);
    const deps = {
      store,
      accounts: accountStore,
      pool,
      reporter: { describe: (e: unknown) => String(e) },
      settings: () => ({ pollIntervalSeconds: 3600 }),
    };
    const views: ViewRender[] = [];
    for (const v of VIEWS) {
      const provider = new (module[v.exported] as ProviderClass)(deps);
      sandbox.requests.clear();
      const t0 = now();
      const nodes = await renderFirstLevel(provider);
      const firstRenderMs = now() - t0;
      const requests: Record<string, number> = {};
      for (const e of sandbox.requests.entries()) requests[e.command] = (requests[e.command] ?? 0) + 1;
      const builds: number[] = [];
      for (let i = 0; i < buildRepeats; i++) {
        const t1 = now();
        await renderFirstLevel(provider);
        builds.push(now() - t1);
      }
      const lists = Object.entries(requests)
        .filter(([command]) => command !== 'Login')
        .reduce((n, [, c]) => n + c, 0);
      const used = accounts.filter((a) => (v.id === 'servers' ? true : a.provider === 'deploi'));
      const scopes = used.reduce((n, a) => n + Math.max(1, a.clients?.length ?? 1), 0);
      views.push({
        view: v.id,
        nodes,
        firstRenderMs,
        buildMs: median(builds),
        requests,
        requestsPerAccount: lists / used.length,
        scopes,
      });
      provider.dispose();
    }
    await store.settled();
    store.dispose();
    pool.dispose();
    return {
      measured: true,
      seed: `startSandbox({ scale: 'scale' }): ${state.servers.length} servers, ${state.domains.length} domains, ${state.firewalls.length} firewalls`,
      accounts: `one Deploi login with ${clients.length} clients, one SeFlow account with ${state.seflow.servers.length} dedicated servers`,
      views,
    };
  } catch (e) {
    return { measured: false, reason: `the tree code failed outside VS Code: ${String(e).slice(0, 300)}` };
  } finally {
    bundled.cleanup();
    await sandbox.stop();
  }
}
