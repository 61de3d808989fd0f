import { setTimeout as delay } from 'node:timers/promises';
import * as vscode from 'vscode';
import { assert, assertEqual, expand, hostkit, item, label, nodesOf, quiet } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

const sorted = (xs: string[]) => [...xs].sort();

test('first render: one list request per view and client, none per item; Servers lists the sandbox servers', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  // Renders VS Code started after the sign-ins must not be counted as this render's requests: the
  // trees coalesce redraws for 30 ms, then VS Code asks for the children again.
  await quiet(api);
  const seq = await sandbox.lastSeq();
  api.store.invalidate();
  // The servers' IPs were joined in once after the sign-in (GetServerInfo per server, in the
  // background) and are kept: a render after that costs the list requests only.
  const servers = await nodesOf(api.servers, 'server');
  const domains = await nodesOf(api.domains, 'domain');
  const firewalls = await nodesOf(api.firewalls, 'firewall');
  await api.store.settled();
  assert(domains.length > 0 && firewalls.length > 0, 'domains and firewalls listed');
  const sent = await sandbox.since(seq);
  const count = (wire: string) => sent.filter((r) => r.command === wire).length;
  const transitional = state.servers.some((s) => s.status !== 'active' && s.status !== 'off');
  assert(
    transitional ? count('GetServers') >= 2 : count('GetServers') === 2,
    `GetServers once per client, sent ${count('GetServers')}: ${JSON.stringify(sent.map((r) => [r.seq, r.time, r.command, r.success, r.message]))}`,
  );
  assertEqual(count('GetDomains'), 2, 'GetDomains requests (one per client)');
  assertEqual(count('GetFirewalls'), 2, 'GetFirewalls requests (one per client)');
  const perItemWires = [
    'GetServerInfo',
    'MonitorCPU',
    'MonitorRAM',
    'MonitorDisk',
    'GetDomainRecords',
    'GetDomainNameServers',
  ];
  for (const perItem of [
    ...perItemWires,
    'GetFirewallRules',
    'GetFirewallPrivateNetworks',
    'GetFirewallReverseProxies',
  ]) {
    assertEqual(count(perItem), 0, `${perItem} requests on first render`);
  }
  // SeFlow has no list call: one checkstatus per listed server is the least it takes.
  assertEqual(count('checkstatus'), 3, 'SeFlow checkstatus requests');

  const deploiNames = servers
    .filter((s) => s.server.provider === 'deploi')
    .map((s) => `${s.scope.clientId}:${s.server.name}`);
  assertEqual(
    sorted(deploiNames),
    sorted(state.servers.map((s) => `${s.clientId}:${s.name}`)),
    'Deploi servers per client',
  );
  const seflowNames = servers.filter((s) => s.server.provider === 'seflow').map((s) => s.server.name);
  assertEqual(sorted(seflowNames), ['DS-1042', 'DS-1043', 'DS-1044'], 'SeFlow servers');

  const web = servers.find((s) => s.server.name === 'web-01' && s.scope.clientId === 101);
  assert(web, 'web-01 of client 101 is listed');
  const t = item(api.servers, web);
  const icon = t.iconPath as vscode.ThemeIcon;
  assert(
    icon instanceof vscode.ThemeIcon && icon.color instanceof vscode.ThemeColor,
    'status icon is a coloured ThemeIcon',
  );
  assert(String(t.description).includes('active'), `status in the description: ${t.description}`);
  assert(
    String((t.tooltip as vscode.MarkdownString).value).includes('Updated'),
    'the tooltip says how old the data is',
  );
  const ds1044 = servers.find((s) => s.server.name === 'DS-1044');
  assert(
    ds1044 && String(item(api.servers, ds1044).description).includes('suspended'),
    'DS-1044 shows suspended by SeFlow',
  );

  // The same, as drawn in the workbench.
  await vscode.commands.executeCommand('workbench.view.extension.hostkit');
  const ui = await uiCheckpoint('servers');
  const rows = ui.rows.join('\n');
  for (const text of ['Deploi', 'SeFlow', 'Nordlys Media AS', 'web-01', 'DS-1042'])
    assert(rows.includes(text), `"${text}" drawn in the tree: ${rows}`);
});

test('a server expands to IPs, disks, CPU and RAM with usage from the monitor commands', async () => {
  const api = await hostkit();
  const web = (await nodesOf(api.servers, 'server')).find(
    (s) => s.server.name === 'web-01' && s.scope.clientId === 101,
  );
  assert(web, 'web-01 listed');
  const children = await expand(api.servers, web);
  const labels = children.map((c) => label(api.servers, c));
  for (const l of ['Main IP', 'CPU', 'RAM', 'Disk usage', 'Disks'])
    assert(labels.includes(l), `"${l}" among ${JSON.stringify(labels)}`);
  const cpu = children.find((c) => label(api.servers, c) === 'CPU');
  assert(
    cpu && /\d+% used/.test(String(item(api.servers, cpu).description)),
    `CPU usage shown: ${cpu && item(api.servers, cpu).description}`,
  );
  const ram = children.find((c) => label(api.servers, c) === 'RAM');
  assert(ram && /\d+% used/.test(String(item(api.servers, ram).description)), 'RAM usage shown');
  // Once the details are known, the server's row shows its main IP too.
  const ip = (await sandbox.state()).servers.find((s) => s.id === web.server.id)?.mainip;
  assert(
    ip && String(item(api.servers, web).description).includes(ip),
    `main IP in the description: ${item(api.servers, web).description}`,
  );
});

test('cached data is shown at once while it refreshes', async () => {
  const api = await hostkit();
  await nodesOf(api.domains, 'domain');
  await api.store.settled();
  await delay(700); // the snapshot is written in batches
  const fault = await sandbox.addFault({ kind: 'latency', ms: 2500, command: 'GetDomains' });
  try {
    api.store.invalidate();
    const started = Date.now();
    const domains = await nodesOf(api.domains, 'domain');
    const took = Date.now() - started;
    assert(domains.length > 0 && took < 1500, `cached domains in ${took} ms (${domains.length})`);
    assert(
      domains.every((d) => d.fresh.fromCache),
      'nodes drawn from the cache',
    );
    assert(
      String(item(api.domains, domains[0]!).tooltip).includes('from cache'),
      'the tooltip says the data is cached',
    );
    await api.store.settled();
  } finally {
    await sandbox.clearFaults();
  }
  const fresh = await nodesOf(api.domains, 'domain');
  assert(
    fresh.every((d) => !d.fresh.fromCache),
    'after the refresh the nodes are fresh',
  );
  void fault;
});

test('Domains lists the sandbox domains with status and expiry', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const domains = await nodesOf(api.domains, 'domain');
  assertEqual(
    sorted(domains.map((d) => `${d.scope.clientId}:${d.domain.name}`)),
    sorted(state.domains.map((d) => `${d.clientId}:${d.name}`)),
    'domains per client',
  );
  const d = domains[0]!;
  assert(String(item(api.domains, d).description).includes('expires'), 'expiry in the description');
});

test('expanding a domain lists exactly its records and its name servers', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const node = (await nodesOf(api.domains, 'domain')).find((d) => d.domain.name === 'nordlys-media.example');
  assert(node, 'nordlys-media.example listed');
  const children = await api.domains.getChildren(node);
  const records = children.filter((c) => c.kind === 'record');
  const expected = state.domains.find((d) => d.name === 'nordlys-media.example')?.records ?? [];
  assertEqual(
    sorted(
      records.map((r) =>
        r.kind === 'record'
          ? `${r.record.type} ${r.record.host} ${r.record.value} ${r.record.options.ttl}`
          : '',
      ),
    ),
    sorted(expected.map((r) => `${r.type} ${r.host} ${r.value} ${r.ttl}`)),
    'records of nordlys-media.example',
  );
  const first = records[0]!;
  assert(
    / → /.test(label(api.domains, first)) && /TTL/.test(String(item(api.domains, first).description)),
    'type, host → value, TTL shown',
  );
  const ns = children.find((c) => c.kind === 'info' && c.label === 'Name servers');
  assert(ns && ns.kind === 'info' && (ns.children?.length ?? 0) > 0, 'name servers listed');
});

test('Firewalls lists the sandbox firewalls; each expands to rules, private networks and WAF proxies', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const firewalls = await nodesOf(api.firewalls, 'firewall');
  assertEqual(
    sorted(firewalls.map((f) => `${f.scope.clientId}:${f.firewall.name}`)),
    sorted(state.firewalls.map((f) => `${f.clientId}:${f.name}`)),
    'firewalls per client',
  );
  const ip = firewalls.find(
    (f) =>
      f.firewall.type === 'ip' &&
      (state.firewalls.find((s) => s.id === f.firewall.id)?.rules.length ?? 0) > 0,
  );
  assert(ip, 'an IP firewall with rules');
  const ipChildren = await expand(api.firewalls, ip);
  const rules = ipChildren.filter((c) => c.kind === 'rule');
  assertEqual(
    rules.length,
    state.firewalls.find((s) => s.id === ip.firewall.id)?.rules.length,
    'rules of the IP firewall',
  );
  assert(
    ipChildren.some((c) => c.kind === 'info' && c.label === 'Private networks'),
    'private networks section',
  );
  const withConnectors = state.firewalls.find((f) => f.privateNetworks.some((n) => n.connectors.length > 0));
  if (withConnectors) {
    const fw = firewalls.find((f) => f.firewall.id === withConnectors.id)!;
    const nets = (await api.firewalls.getChildren(fw)).find(
      (c) => c.kind === 'info' && c.label === 'Private networks',
    );
    const net =
      nets?.kind === 'info'
        ? nets.children?.find((n) => n.kind === 'info' && (n.children?.length ?? 0) > 0)
        : undefined;
    assert(net, 'a private network with its connectors');
  }
  const waf = firewalls.find((f) => f.firewall.type === 'waf');
  assert(waf, 'a WAF firewall');
  const proxies = (await expand(api.firewalls, waf)).filter((c) => c.kind === 'proxy');
  assertEqual(
    proxies.length,
    state.firewalls.find((s) => s.id === waf.firewall.id)?.reverseProxies.length,
    'reverse proxies',
  );
  const p = proxies[0]!;
  assert(
    /WAF (on|off).*geo-blocking (on|off)/.test(String(item(api.firewalls, p).description)),
    'WAF and geo-blocking state shown',
  );
});

test("one account's failure stays in its own branch", async () => {
  const api = await hostkit();
  await sandbox.addFault({
    kind: 'refuse',
    message: 'Service temporarily unavailable',
    command: 'GetServers',
  });
  try {
    api.servers.refresh();
    const roots = await api.servers.getChildren();
    const [deploi, seflow] = [
      roots.find((r) => r.kind === 'provider' && r.provider === 'deploi')!,
      roots.find((r) => r.kind === 'provider' && r.provider === 'seflow')!,
    ];
    const deploiAccount = (await api.servers.getChildren(deploi))[0]!;
    const clients = await api.servers.getChildren(deploiAccount);
    for (const c of clients) {
      const kids = await eventually('the refresh to fail', async () => {
        await api.store.settled();
        const k = await api.servers.getChildren(c);
        return k.some((n) => n.kind === 'message' && n.severity !== 'info') ? k : undefined;
      });
      const msg = kids.find((n) => n.kind === 'message');
      assert(
        msg?.kind === 'message' && msg.label.includes('Service temporarily unavailable'),
        `error shown in the client branch: ${msg && label(api.servers, msg)}`,
      );
    }
    const seflowServers = await nodesOf(api.servers, 'server', seflow);
    assertEqual(seflowServers.length, 3, 'SeFlow servers still listed');
  } finally {
    await sandbox.clearFaults();
  }
  api.servers.refresh();
  const again = await nodesOf(api.servers, 'server');
  await api.store.settled();
  assert(
    again.filter((s) => s.server.provider === 'deploi').length > 0,
    'Deploi servers back after the fault is gone',
  );
});

test('a reply off its schema shows what matched, and a warning that names what was left out', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const [first] = state.servers;
  assert(first, 'the sandbox has a server');
  // GetServers answers with the first server's status a number and a second entry whose id is a word.
  await sandbox.addFault({
    kind: 'extra-fields',
    command: 'GetServers',
    fields: {
      servers: [
        { id: first.id, name: first.name, status: 7 },
        { id: 'second', name: 'no id' },
      ],
    },
  });
  try {
    api.servers.refresh();
    const roots = await api.servers.getChildren();
    const deploi = roots.find((r) => r.kind === 'provider' && r.provider === 'deploi');
    assert(deploi, 'a Deploi provider node');
    const deploiAccount = (await api.servers.getChildren(deploi))[0];
    assert(deploiAccount, 'a Deploi account node');
    const clients = await api.servers.getChildren(deploiAccount);
    for (const c of clients) {
      const kids = await eventually('the drifted list to load', async () => {
        await api.store.settled();
        const k = await api.servers.getChildren(c);
        return k.some((n) => n.kind === 'message' && n.severity === 'warning') ? k : undefined;
      });
      const warning = kids.find((n) => n.kind === 'message' && n.severity === 'warning');
      assert(warning, 'a warning above the list');
      const text = `${label(api.servers, warning)} ${String(item(api.servers, warning).tooltip)}`;
      assert(
        text.includes('servers.0.status') && text.includes('servers.1'),
        `the warning names both: ${text}`,
      );
      const servers = kids.filter((n) => n.kind === 'server');
      assertEqual(
        servers.map((n) => (n.kind === 'server' ? [n.server.id, n.server.status] : [])),
        [[first.id, 'unknown']],
        'the server that matched is shown, its drifted status not taken as one',
      );
    }
  } finally {
    await sandbox.clearFaults();
  }
  api.servers.refresh();
  await api.store.settled();
  const roots = await api.servers.getChildren();
  const deploi = roots.find((r) => r.kind === 'provider' && r.provider === 'deploi');
  const account = deploi && (await api.servers.getChildren(deploi))[0];
  const clients = account ? await api.servers.getChildren(account) : [];
  const after = await eventually('the warning to go once the reply matches again', async () => {
    await api.store.settled();
    const lists = await Promise.all(clients.map((c) => api.servers.getChildren(c)));
    return lists.flat().some((n) => n.kind === 'message' && n.severity === 'warning') ? undefined : lists;
  });
  assert(
    after.flat().some((n) => n.kind === 'server'),
    'servers listed again',
  );
});
