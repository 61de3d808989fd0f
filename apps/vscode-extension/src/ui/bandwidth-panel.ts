import { outputOf } from '@hostkit/core';
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/run-action';
import type { Output } from '../model/types';
import type { NodeOf } from '../tree/nodes';
import { withProgress } from './reporter';

const PERIODS = [
  ['dailygraph', 'Daily'],
  ['weekgraph', 'Weekly'],
  ['monthgraph', 'Monthly'],
  ['yeargraph', 'Yearly'],
] as const satisfies readonly (readonly [keyof Output<'seflow_dserver_graph'>, string])[];

/** Largest image inlined; a graph is a few KiB, anything near this is not a graph. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface BandwidthGraph {
  period: string;
  /** A data: URI, or undefined with `error` set. */
  src?: string;
  error?: string;
}

/**
 * Opens a webview with the server's daily, weekly, monthly and yearly bandwidth graphs. The
 * images are fetched here, in the extension host, and inlined as data: URIs, so the webview needs
 * no network access (its CSP allows none) and works the same in desktop VS Code and in a browser.
 */
export function showBandwidthPanel(
  deps: CommandDeps,
  node: NodeOf<'server'>,
): Promise<BandwidthGraph[] | undefined> {
  // One panel per server: a second click (or a double click) brings it to the front instead of
  // loading the graphs into another one.
  const open = panels.get(node.key);
  if (open) {
    open.panel.reveal(undefined, false);
    return Promise.resolve(open.graphs);
  }
  const loading = opening.get(node.key);
  if (loading) return loading;
  const started = openPanel(deps, node).finally(() => opening.delete(node.key));
  opening.set(node.key, started);
  return started;
}

const panels = new Map<string, { panel: vscode.WebviewPanel; graphs: BandwidthGraph[] }>();
const opening = new Map<string, Promise<BandwidthGraph[] | undefined>>();

async function openPanel(deps: CommandDeps, node: NodeOf<'server'>): Promise<BandwidthGraph[] | undefined> {
  const name = node.server.name;
  let graphs: BandwidthGraph[];
  try {
    graphs = await withProgress(`Loading bandwidth graphs of ${name}…`, async (signal) => {
      const reply = outputOf(
        await deps.pool.call(node.scope.account, 'seflow_dserver_graph', { serverid: name }, signal),
      );
      return Promise.all(
        PERIODS.map(async ([field, period]) => {
          const url = reply[field];
          if (!url) return { period, error: 'SeFlow gave no graph for this period' };
          try {
            return { period, src: await fetchImage(url, node.scope.account.baseUrl, signal) };
          } catch (e) {
            return { period, error: deps.reporter.log(`Bandwidth graph ${period} of ${name}`, e) };
          }
        }),
      );
    });
  } catch (e) {
    await deps.reporter.fail(`Bandwidth graphs of ${name}`, e);
    return undefined;
  }
  const panel = vscode.window.createWebviewPanel(
    'hostkit.bandwidth',
    `Bandwidth: ${name}`,
    vscode.ViewColumn.Active,
    { enableScripts: false, localResourceRoots: [] },
  );
  panel.webview.html = renderHtml(name, graphs);
  panels.set(node.key, { panel, graphs });
  panel.onDidDispose(() => panels.delete(node.key));
  return graphs;
}

async function fetchImage(url: string, base: string, signal: AbortSignal): Promise<string> {
  const target = new URL(url, base);
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new Error(`not a web address: ${target.protocol}`);
  const res = await fetch(target, { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status} for the graph image`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!/^image\/(png|jpeg|gif|webp)$/.test(type))
    throw new Error(`not an image (${type || 'no content type'})`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_IMAGE_BYTES) throw new Error('image too large');
  return `data:${type};base64,${body.toString('base64')}`;
}

export function renderHtml(name: string, graphs: readonly BandwidthGraph[]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const figures = graphs
    .map((g) =>
      g.src
        ? `<figure><figcaption>${esc(g.period)}</figcaption><img alt="${esc(`${g.period} bandwidth of ${name}`)}" src="${g.src}"></figure>`
        : `<figure><figcaption>${esc(g.period)}</figcaption><p class="error">${esc(g.error ?? 'unavailable')}</p></figure>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">
<title>Bandwidth: ${esc(name)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 1em; }
figure { margin: 0 0 1.5em; } figcaption { font-weight: 600; margin-bottom: .4em; }
img { max-width: 100%; background: #fff; border: 1px solid var(--vscode-panel-border); }
.error { color: var(--vscode-errorForeground); }
</style></head>
<body><h1>Bandwidth of ${esc(name)}</h1>
${figures}
</body></html>`;
}
