import * as vscode from 'vscode';
import type { NodeOf } from '../../../src/tree/nodes';
import { menuOffers } from '../../support/when-clause';
import { assert, assertEqual, hostkit, item, manifest, nodesOf, prompter, quiet } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

// A fleet as a user sees it: the title-bar Refresh, the main IP of every server, Copy IP, and which
// power actions a server's menu offers.

const deploiServers = async () =>
  (await nodesOf((await hostkit()).servers, 'server')).filter((n) => n.server.provider === 'deploi');

async function serverNamed(name: string, clientId?: number): Promise<NodeOf<'server'>> {
  const s = (await nodesOf((await hostkit()).servers, 'server')).find(
    (n) => n.server.name === name && (clientId === undefined || n.scope.clientId === clientId),
  );
  assert(s, `${name} listed`);
  return s;
}

test("the view's title-bar Refresh reloads every account's lists, whatever row is selected", async () => {
  const api = await hostkit();
  await vscode.commands.executeCommand('workbench.view.extension.hostkit');
  await nodesOf(api.servers, 'server');
  await quiet(api);
  // A person selects a server row (a click selects and expands it; the left arrow folds it again)…
  await uiCheckpoint('select-server-row', {
    actions: [
      { click: [{ css: '.part.sidebar .monaco-list-row', hasText: 'legacy-erp-01' }] },
      { wait: 500 },
      { press: 'ArrowLeft' },
    ],
  });
  await quiet(api);
  const seq = await sandbox.lastSeq();
  // …then presses the Servers view's Refresh button.
  await uiCheckpoint('title-refresh', {
    actions: [
      { hover: [{ css: '.part.sidebar .pane-header', hasText: 'Servers' }] },
      {
        click: [
          { css: '.part.sidebar .pane-header', hasText: 'Servers' },
          { css: '.action-label[aria-label^="Refresh"]' },
        ],
      },
    ],
  });
  const deploi = api.accounts.byProvider('deploi');
  const clients = deploi.reduce((n, a) => n + Math.max(1, a.clients?.length ?? 0), 0);
  const seflowServers = api.accounts.byProvider('seflow').reduce((n, a) => n + (a.servers?.length ?? 0), 0);
  const sent = await eventually(
    'the list requests of every account',
    async () => {
      const s = await sandbox.since(seq);
      const count = (c: string) => s.filter((r) => r.command === c).length;
      return count('GetServers') >= clients && count('checkstatus') >= seflowServers ? s : undefined;
    },
    10_000,
  ).catch(async (e) => {
    throw new Error(
      `${(e as Error).message}; sent ${JSON.stringify((await sandbox.since(seq)).map((r) => r.command))}`,
    );
  });
  assert(sent.length > 0, 'requests sent');
});

test('every Deploi server row shows its main IP, and Copy IP puts it on the clipboard', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const ipOf = (n: NodeOf<'server'>) => state.servers.find((s) => s.id === n.server.id)?.mainip ?? '?';
  const rows = await eventually(
    'the main IP in every Deploi server row',
    async () => {
      const nodes = await deploiServers();
      const missing = nodes.filter((n) => !String(item(api.servers, n).description).includes(ipOf(n)));
      return nodes.length > 0 && missing.length === 0 ? nodes : undefined;
    },
    20_000,
  ).catch(async (e) => {
    const nodes = await deploiServers();
    const missing = nodes
      .filter((n) => !String(item(api.servers, n).description).includes(ipOf(n)))
      .map((n) => `${n.server.name}: "${item(api.servers, n).description}"`);
    throw new Error(`${(e as Error).message}; rows without their IP: ${missing.join('; ')}`);
  });
  assertEqual(rows.length, state.servers.length, 'Deploi server rows');

  const files = rows.find((n) => n.server.name === 'files-01')!;
  assertEqual(await vscode.commands.executeCommand('hostkit.servers.copyIp', files), ipOf(files), 'copied');
  assertEqual(await vscode.env.clipboard.readText(), ipOf(files), 'the clipboard holds the IP');

  // From the Command Palette, every server is offered.
  prompter.reset();
  prompter.expect({ pick: 'monitor-01' });
  const monitor = rows.find((n) => n.server.name === 'monitor-01')!;
  assertEqual(await vscode.commands.executeCommand('hostkit.servers.copyIp'), ipOf(monitor), 'copied');
  prompter.done();
  const offered = prompter.asked[0]?.items ?? [];
  for (const n of rows)
    assert(
      offered.includes(n.server.name),
      `${n.server.name} offered by "Copy the IP of which server?": ${JSON.stringify(offered)}`,
    );
  assertEqual(await vscode.env.clipboard.readText(), ipOf(monitor), 'the clipboard holds the IP');
});

test('Restart is not offered on a server that is off, neither in its menu nor when run on it', async () => {
  const api = await hostkit();
  const off = await serverNamed('legacy-erp-01');
  assertEqual(off.server.status, 'off', 'legacy-erp-01 is off in the sandbox seed');
  const running = await serverNamed('web-02');
  const menu = (n: NodeOf<'server'>) => ({
    view: 'hostkit.servers',
    viewItem: item(api.servers, n).contextValue ?? '',
  });
  const m = manifest();
  assert(
    menuOffers(m, 'view/item/context', 'hostkit.servers.restart', menu(running)),
    `Restart offered on a running server (${menu(running).viewItem})`,
  );
  assert(
    !menuOffers(m, 'view/item/context', 'hostkit.servers.restart', menu(off)),
    `Restart offered on the off server (context value ${menu(off).viewItem})`,
  );
  const seq = await sandbox.lastSeq();
  prompter.reset();
  await vscode.commands.executeCommand('hostkit.servers.restart', off);
  assertEqual(
    prompter.asked.map((a) => a.kind),
    [],
    'questions asked when Restart runs on an off server',
  );
  assertEqual(
    (await sandbox.since(seq)).filter((r) => r.command === 'RestartVirtualServer').length,
    0,
    'restarts sent',
  );
});
