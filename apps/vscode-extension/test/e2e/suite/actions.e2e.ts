import * as vscode from 'vscode';
import type { NodeOf } from '../../../src/tree/nodes';
import { assert, assertEqual, expand, hostkit, item, nodesOf, prompter } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';

async function server(name: string, clientId?: number): Promise<NodeOf<'server'>> {
  const api = await hostkit();
  const s = (await nodesOf(api.servers, 'server')).find(
    (n) => n.server.name === name && (clientId === undefined || n.scope.clientId === clientId),
  );
  assert(s, `${name} listed`);
  return s;
}

test('restarting a server goes through the modal; the restart is shown and polled until active', async () => {
  const api = await hostkit();
  const web = await server('web-01', 101);
  const seq = await sandbox.lastSeq();
  prompter.reset();
  prompter.expect({ confirm: false });
  assertEqual(await vscode.commands.executeCommand('hostkit.servers.restart', web), 'cancelled', 'outcome');
  assert(
    prompter.asked[0]?.text.startsWith(`Restart server "web-01" (id ${web.server.id}`),
    `modal names the server: ${prompter.asked[0]?.text}`,
  );
  assertEqual(
    (await sandbox.since(seq)).filter((r) => r.command === 'RestartVirtualServer').length,
    0,
    'restarts sent after cancel',
  );

  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(await vscode.commands.executeCommand('hostkit.servers.restart', web), 'done', 'outcome');
  assertEqual(
    (await sandbox.state()).servers.find((s) => s.id === web.server.id)?.status,
    'restarting',
    'sandbox status',
  );
  const restarting = await eventually('web-01 shown restarting', async () => {
    const n = await server('web-01', 101);
    return n.server.status === 'restarting' ? n : undefined;
  });
  assert(
    String(item(api.servers, restarting).description).includes('restarting'),
    'restarting in the description',
  );
  // Nobody refreshes by hand from here: the poller must bring "active" back.
  await eventually(
    'web-01 active again (polled)',
    async () => (await server('web-01', 101)).server.status === 'active',
    20_000,
  );
});

test('SeFlow: suspend asks in a modal, reactivate does not; statuses follow', async () => {
  const api = await hostkit();
  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.servers.suspend', await server('DS-1043')),
    'done',
    'suspend',
  );
  assert(
    prompter.asked[0]?.text.includes('Suspend SeFlow dedicated server "DS-1043"'),
    'modal names the server',
  );
  assertEqual(
    (await sandbox.state()).seflow.servers.find((s) => s.name === 'DS-1043')?.status,
    'suspended-customer',
    'sandbox status',
  );
  await eventually(
    'DS-1043 shown suspended',
    async () => (await server('DS-1043')).server.status === 'suspended',
  );
  prompter.reset();
  assertEqual(
    await vscode.commands.executeCommand('hostkit.servers.reactivate', await server('DS-1043')),
    'done',
    'reactivate',
  );
  assertEqual(prompter.asked.length, 0, 'no modal for reactivating');
  await api.store.settled();
  assertEqual(
    (await sandbox.state()).seflow.servers.find((s) => s.name === 'DS-1043')?.status,
    'active',
    'sandbox status',
  );
});

test('SeFlow bandwidth graphs open in one webview with the sandbox PNGs, however often asked', async () => {
  const ds = await server('DS-1042');
  // A double click runs the command twice at once.
  const [graphs] = (await Promise.all([
    vscode.commands.executeCommand('hostkit.servers.showBandwidth', ds),
    vscode.commands.executeCommand('hostkit.servers.showBandwidth', ds),
  ])) as ({ period: string; src?: string }[] | undefined)[];
  await vscode.commands.executeCommand('hostkit.servers.showBandwidth', ds);
  // The tab model reaches the extension host a moment after the panel opens.
  const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
  await eventually('the bandwidth tab', () => tabLabels().some((l) => l.includes('DS-1042')));
  await new Promise((r) => setTimeout(r, 500));
  const labels = tabLabels();
  assertEqual(
    labels.filter((l) => l.includes('DS-1042')).length,
    1,
    `bandwidth panels of DS-1042 among the tabs ${JSON.stringify(labels)}`,
  );
  assert(graphs, 'graphs returned');
  assertEqual(
    graphs.map((g) => g.period),
    ['Daily', 'Weekly', 'Monthly', 'Yearly'],
    'periods',
  );
  for (const g of graphs) {
    assert(g.src?.startsWith('data:image/png;base64,'), `${g.period} is an inlined PNG`);
    assert(
      Buffer.from((g.src ?? '').split(',')[1] ?? '', 'base64')
        .subarray(1, 4)
        .toString() === 'PNG',
      `${g.period} has PNG magic`,
    );
  }
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('a SeFlow reboot shows the server rebooting, then active again once SeFlow serves it', async () => {
  const api = await hostkit();
  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.servers.reboot', await server('DS-1042')),
    'done',
    'reboot',
  );
  prompter.done();
  const description = async () => String(item(api.servers, await server('DS-1042')).description);
  await eventually('DS-1042 shown rebooting', async () => (await description()).includes('rebooting'));
  // Nobody refreshes by hand: polling brings it back.
  await eventually(
    'DS-1042 active again',
    async () => {
      const d = await description();
      return d.includes('active') && !d.includes('rebooting');
    },
    20_000,
  );
});

test('firewall rules: add (confirmed) and delete (cancelled, then confirmed)', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const fwState = state.firewalls.find((f) => f.type === 'ip' && f.publicIPv4s.length > 0)!;
  const fw = (await nodesOf(api.firewalls, 'firewall')).find((f) => f.firewall.id === fwState.id)!;
  const rulesBefore = fwState.rules.length;
  prompter.reset();
  prompter.expect(
    { pick: fwState.publicIPv4s[0]! },
    { input: ['0', '8443'] },
    { pick: 'Another address…' },
    { input: ['10.0.0.300', '10.0.0.77'] },
    { input: '443' },
    { input: ['0.0.0.0', '198.51.100.0/24'] },
    { confirm: true },
  );
  assertEqual(await vscode.commands.executeCommand('hostkit.firewalls.addRule', fw), 'done', 'add rule');
  prompter.done();
  const added = (await sandbox.state()).firewalls.find((f) => f.id === fwState.id)!;
  assertEqual(added.rules.length, rulesBefore + 1, 'rules after adding');
  await api.store.settled();
  const rule = (await expand(api.firewalls, fw)).find(
    (c): c is NodeOf<'rule'> => c.kind === 'rule' && c.rule.dstIp === '10.0.0.77',
  );
  assert(rule, 'the new rule is in the tree');
  prompter.reset();
  prompter.expect({ confirm: false });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.deleteRule', rule),
    'cancelled',
    'delete cancelled',
  );
  assertEqual(
    (await sandbox.state()).firewalls.find((f) => f.id === fwState.id)?.rules.length,
    rulesBefore + 1,
    'rules after cancel',
  );
  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.deleteRule', rule),
    'done',
    'delete confirmed',
  );
  assertEqual(
    (await sandbox.state()).firewalls.find((f) => f.id === fwState.id)?.rules.length,
    rulesBefore,
    'rules after delete',
  );
});

test('WAF and geo-blocking: disabling either asks, enabling geo-blocking asks (it turns visitors away), enabling the WAF does not', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const wafState = state.firewalls.find(
    (f) => f.type === 'waf' && f.reverseProxies.some((p) => p.wafEnabled && p.geoBlockActivated),
  );
  assert(wafState, 'a WAF site with WAF and geo-blocking on');
  const site = wafState.reverseProxies.find((p) => p.wafEnabled && p.geoBlockActivated)!;
  const proxyNode = async () => {
    await api.store.settled();
    const fw = (await nodesOf(api.firewalls, 'firewall')).find((f) => f.firewall.id === wafState.id)!;
    return (await expand(api.firewalls, fw)).find(
      (c): c is NodeOf<'proxy'> => c.kind === 'proxy' && c.proxy.id === site.id,
    )!;
  };
  const siteState = async () =>
    (await sandbox.state()).firewalls
      .find((f) => f.id === wafState.id)!
      .reverseProxies.find((p) => p.id === site.id)!;
  assertEqual(
    item(api.firewalls, await proxyNode()).contextValue,
    'hostkit.proxy.waf-on.geo-on',
    'context value',
  );

  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.disableWaf', await proxyNode()),
    'done',
    'disable WAF',
  );
  assert(prompter.asked[0]?.text.includes(`"${site.name}"`), 'modal names the site');
  assertEqual((await siteState()).wafEnabled, false, 'WAF off in the sandbox');
  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.disableGeoBlocking', await proxyNode()),
    'done',
    'disable geo',
  );
  assertEqual((await siteState()).geoBlockActivated, false, 'geo-blocking off in the sandbox');
  // The row says the WAF is off, and not with the rule engine's mode beside it ("WAF off (On)").
  const off = String(item(api.firewalls, await proxyNode()).description);
  assert(off.includes('WAF off') && !off.includes('(On)'), `the row reads: ${off}`);
  assertEqual(
    item(api.firewalls, await proxyNode()).contextValue,
    'hostkit.proxy.waf-off.geo-off',
    'context value after',
  );

  prompter.reset();
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.enableWaf', await proxyNode()),
    'done',
    'enable WAF',
  );
  assertEqual(prompter.asked.length, 0, 'no modal for enabling the WAF');
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.firewalls.enableGeoBlocking', await proxyNode()),
    'done',
    'enable geo',
  );
  assertEqual(prompter.asked.length, 1, 'one modal, for geo-blocking');
  assert(prompter.asked[0]?.text.includes(`"${site.name}"`), 'the geo-blocking modal names the site');
  prompter.done();
  const s = await siteState();
  assert(s.wafEnabled && s.geoBlockActivated, 'both back on in the sandbox');
});
