import * as vscode from 'vscode';
import type { Node } from '../../../src/tree/nodes';
import { assert, assertEqual, hostkit, label, nodesOf, prompter, quiet } from './context';
import { eventually, test } from './harness';
import { sandbox, scaleSandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

// Finding things in a fleet: the filter, the other groupings, and background polling.

const config = () => vscode.workspace.getConfiguration('hostkit');

/** Every server node the view shows, whatever the grouping (sections opened). */
async function shownServers(): Promise<string[]> {
  const api = await hostkit();
  const out: string[] = [];
  const walk = async (nodes: Node[]): Promise<void> => {
    for (const n of nodes) {
      if (n.kind === 'server') out.push(n.server.name);
      else if (n.kind !== 'message') await walk(await api.servers.getChildren(n));
    }
  };
  await walk(await api.servers.getChildren());
  return out.sort();
}

test('group by status, by client and flat, then back', async () => {
  const api = await hostkit();
  const every = await shownServers();
  assertEqual(
    await vscode.commands.executeCommand('hostkit.servers.groupBy', 'status'),
    'status',
    'grouping',
  );
  const statusRoots = (await api.servers.getChildren()).map((n) => label(api.servers, n));
  for (const s of ['active', 'off', 'suspended by seflow'])
    assert(statusRoots.includes(s), `a "${s}" group: ${JSON.stringify(statusRoots)}`);
  assertEqual(await shownServers(), every, 'servers grouped by status');

  await vscode.commands.executeCommand('hostkit.servers.groupBy', 'client');
  const clients = (await api.servers.getChildren()).map((n) => label(api.servers, n));
  assertEqual(clients, ['Nordlys Media AS', 'Ola Fjell', 'hostkit-demo'], 'client roots');
  assertEqual(await shownServers(), every, 'servers grouped by client');

  prompter.reset();
  prompter.expect({ pick: 'Flat' });
  assertEqual(await vscode.commands.executeCommand('hostkit.servers.groupBy'), 'flat', 'picked grouping');
  const flat = await api.servers.getChildren();
  assert(
    flat.every((n) => n.kind === 'server'),
    'only servers at the root',
  );
  const names = flat.map((n) => label(api.servers, n));
  assertEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b)),
    'sorted by name',
  );

  await vscode.commands.executeCommand('hostkit.servers.groupBy', 'account');
  assert(
    (await api.servers.getChildren()).every((n) => n.kind === 'provider'),
    'providers at the root again',
  );
});

test('the filter narrows the tree by name, IP, status or client, not by account labels', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const db = state.servers.find((s) => s.name === 'db-01')!;
  const names = async (text: string) => {
    await vscode.commands.executeCommand('hostkit.servers.filter', text);
    return shownServers();
  };
  try {
    await filterChecks(names, db.mainip, state);
    assert(api.servers.message?.includes('0 of'), `the view says how many match: ${api.servers.message}`);
  } finally {
    await vscode.commands.executeCommand('hostkit.servers.clearFilter');
  }
  assertEqual((await shownServers()).length, state.servers.length + 3, 'everything after clearing');
});

async function filterChecks(
  names: (text: string) => Promise<string[]>,
  ip: string,
  state: Awaited<ReturnType<typeof sandbox.state>>,
): Promise<void> {
  assertEqual(await names('db-01'), ['db-01'], 'by name');
  assertEqual(await names(ip), ['db-01'], 'by main IP');
  assertEqual(await names('status:off'), ['legacy-erp-01'], 'by status');
  assertEqual(
    await names('client:ola'),
    state.servers
      .filter((s) => s.clientId === 102)
      .map((s) => s.name)
      .sort(),
    'by client',
  );
  // The account's label is "demo@hostkit.example": VS Code's own find would match every row on it.
  assertEqual(await names('hostkit.example'), [], 'by account label');
}

test('the filter narrows 1,000 servers of the scale seed to the matches (UI check)', async () => {
  const api = await hostkit();
  const demoUrl = config().get<string>('deploi.baseUrl');
  const { deploi } = sandbox.credentials();
  const scale = await scaleSandbox.state();
  await config().update('deploi.baseUrl', scaleSandbox.deploiUrl(), vscode.ConfigurationTarget.Global);
  let account: { id: string } | undefined;
  try {
    prompter.reset();
    // The scale seed has its own copy of the demo login, without two-factor.
    prompter.expect({ input: deploi.username }, { input: deploi.password });
    account = (await vscode.commands.executeCommand('hostkit.accounts.signInDeploi')) as
      | { id: string }
      | undefined;
    prompter.done();
    assert(account, 'signed in to the scale sandbox');
    await vscode.commands.executeCommand('workbench.view.extension.hostkit');
    const all = await nodesOf(api.servers, 'server');
    assert(all.length >= scale.servers.length, `${all.length} servers listed`);
    const text = 'db-09';
    const expected = [
      ...scale.servers.filter((s) => s.name.includes(text)).map((s) => s.name),
      ...(await sandbox.state()).servers.filter((s) => s.name.includes(text)).map((s) => s.name),
    ].sort();
    assert(
      expected.length > 0 && expected.length < 30,
      `a filter with a handful of matches (${expected.length})`,
    );
    await vscode.commands.executeCommand('hostkit.servers.filter', text);
    assertEqual(await shownServers(), expected, 'servers shown');
    await eventually('the count in the view', () =>
      api.servers.message?.startsWith(`${expected.length} of `),
    );
    const ui = await uiCheckpoint('filter-scale', { actions: [{ wait: 500 }] });
    const rows = ui.rows.join('\n');
    for (const name of expected.slice(0, 5)) assert(rows.includes(name), `${name} drawn: ${rows}`);
    assert(!rows.includes('web-0001'), 'a server that does not match is not drawn');
    assert(
      ui.messages.some((m) => m.includes(`${expected.length} of `)),
      `the view says how many match: ${JSON.stringify(ui.messages)}`,
    );
  } finally {
    await vscode.commands.executeCommand('hostkit.servers.clearFilter');
    if (account) {
      const a = api.accounts.get(account.id);
      if (a)
        await vscode.commands.executeCommand('hostkit.accounts.signOut', {
          kind: 'account',
          id: 'x',
          account: a,
        });
    }
    await config().update('deploi.baseUrl', demoUrl, vscode.ConfigurationTarget.Global);
  }
});

test('background polling reads each shown list at most once per interval', async () => {
  const api = await hostkit();
  await vscode.commands.executeCommand('workbench.view.extension.hostkit');
  for (const t of [api.servers, api.domains, api.firewalls]) assert(t.visible, `${t.view} view shown`);
  await nodesOf(api.domains, 'domain');
  await nodesOf(api.firewalls, 'firewall');
  await quiet(api);
  const interval = 3;
  await config().update('refresh.backgroundIntervalSeconds', interval, vscode.ConfigurationTarget.Global);
  try {
    const seq = await sandbox.lastSeq();
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    const sent = await sandbox.since(seq);
    const seconds = (Date.now() - started) / 1000;
    const intervals = Math.floor(seconds / interval) + 1;
    const count = (c: string) => sent.filter((r) => r.command === c).length;
    const clients = api.accounts
      .byProvider('deploi')
      .reduce((n, a) => n + Math.max(1, a.clients?.length ?? 0), 0);
    const seflow = api.accounts.byProvider('seflow').reduce((n, a) => n + (a.servers?.length ?? 0), 0);
    for (const [wire, lists] of [
      ['GetServers', clients],
      ['GetDomains', clients],
      ['GetFirewalls', clients],
      ['checkstatus', seflow],
    ] as const) {
      assert(count(wire) >= lists, `${wire} polled at least once per list: ${count(wire)}`);
      assert(
        count(wire) <= lists * intervals,
        `${wire}: ${count(wire)} requests for ${lists} lists in ${seconds.toFixed(1)} s (at most ${lists * intervals})`,
      );
    }
    const other = sent.filter(
      (r) => !['GetServers', 'GetDomains', 'GetFirewalls', 'checkstatus'].includes(r.command),
    );
    assertEqual(
      other.map((r) => r.command),
      [],
      'requests other than the lists',
    );
  } finally {
    await config().update('refresh.backgroundIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  }
});
