import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sensitivePort } from '@hostkit/core';
import * as vscode from 'vscode';
import type { NodeOf } from '../../../src/tree/nodes';
import type { PanelModel } from '../../../src/ui/details-html';
import { assert, assertEqual, hostkit, item, nodesOf, prompter } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

// The details panels, the zone file and the fleet health check, against what the sandbox holds.

const LIMITS = { cpu: 80, ram: 90, disk: 90 };

/** The sandbox's servers that should be flagged, and why. */
async function flaggedInSandbox() {
  const state = await sandbox.state();
  return state.servers.filter(
    (s) =>
      s.usage.cpuPercent >= LIMITS.cpu ||
      s.usage.ramPercent >= LIMITS.ram ||
      s.usage.diskPercent >= LIMITS.disk,
  );
}

test('the details panel of a server: usage against thresholds, IPs, disks, the rules that reach it, warnings', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const flagged = await flaggedInSandbox();
  // A flagged server that firewall rules reach, if the seed has one.
  const reached = (id: number) => {
    const s = state.servers.find((x) => x.id === id);
    return state.firewalls
      .filter((f) => f.clientId === s?.clientId)
      .flatMap((f) => f.rules.filter((r) => s?.ips.includes(r.dstIp)));
  };
  const pick = flagged.find((s) => reached(s.id).length > 0) ?? flagged[0];
  assert(pick, 'the seed has a server above a threshold');
  const node = (await nodesOf(api.servers, 'server')).find(
    (n) => n.server.id === pick.id,
  ) as NodeOf<'server'>;
  const model = (await vscode.commands.executeCommand('hostkit.servers.showDetails', node)) as PanelModel;
  const shorts = model.findings.map((f) => f.short);
  if (pick.usage.cpuPercent >= LIMITS.cpu)
    assert(shorts.includes(`CPU ${pick.usage.cpuPercent}%`), `CPU flagged: ${shorts}`);
  if (pick.usage.ramPercent >= LIMITS.ram)
    assert(
      shorts.some((s) => s.startsWith('RAM')),
      `RAM flagged: ${shorts}`,
    );
  assertEqual(
    model.usage.map((u) => u.label),
    ['CPU', 'RAM', 'Disk'],
    'usage rows',
  );
  assertEqual(
    model.usage.map((u) => u.limit),
    [LIMITS.cpu, LIMITS.ram, LIMITS.disk],
    'thresholds shown',
  );
  const ipTable = model.tables.find((t) => t.caption === 'IP addresses');
  assertEqual(ipTable?.rows.map((r) => r[0]).sort(), [...pick.ips].sort(), 'IPs');
  const rules = model.tables.find((t) => t.caption === 'Firewall rules that reach it');
  assertEqual(rules?.rows.length, reached(pick.id).length, 'rules that reach it');
  assert(
    model.tables.some((t) => t.caption === 'Disks' && t.rows.length > 0),
    'disks listed',
  );
  // The tree row says so too, now that the usage is known.
  await eventually('the warning on the server row', () =>
    String(item(api.servers, node).description).includes('⚠'),
  );

  const before = api.panels.openKeys().length;
  await vscode.commands.executeCommand('hostkit.servers.showDetails', node);
  assertEqual(api.panels.openKeys().length, before, 'panels after opening the same server again');
  await uiCheckpoint('details-server', { actions: [{ wait: 1500 }] });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('a domain: the details panel lists every record; the zone file opens read-only and exports', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const domain = state.domains.find((d) => d.name === 'nordlys.example') ?? state.domains[0]!;
  const node = (await nodesOf(api.domains, 'domain')).find((d) => d.domain.name === domain.name)!;
  const model = (await vscode.commands.executeCommand('hostkit.domains.showDetails', node)) as PanelModel;
  const records = model.tables.find((t) => t.caption.startsWith('DNS records'));
  assertEqual(records?.rows.length, domain.records.length, 'records in the panel');

  const doc = (await vscode.commands.executeCommand(
    'hostkit.domains.openZoneFile',
    node,
  )) as vscode.TextDocument;
  assertEqual(doc.uri.scheme, 'hostkit-zone', 'a read-only document of the extension');
  const text = doc.getText();
  assert(text.includes(`$ORIGIN ${domain.name}.`), `origin line: ${text.slice(0, 300)}`);
  for (const r of domain.records)
    assert(
      text.includes(r.type === 'TXT' ? r.value.slice(0, 10) : r.value),
      `${r.type} ${r.value} in the zone file`,
    );
  await uiCheckpoint('zone-file', { actions: [{ wait: 800 }] });

  const file = join(mkdtempSync(join(tmpdir(), 'hostkit-zone-')), `${domain.name}.zone`);
  prompter.reset();
  prompter.expect({ save: file });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.domains.exportZoneFile', node),
    file,
    'exported to',
  );
  prompter.done();
  const strip = (t: string) => t.replace(/^; .*read .* UTC by Hostkit\.\n/m, '');
  assertEqual(strip(readFileSync(file, 'utf8')), strip(text), 'the exported file is the zone file');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('Check Fleet Health flags servers above a threshold and rules open to the world on sensitive ports', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const flagged = (await vscode.commands.executeCommand('hostkit.servers.checkHealth')) as string[];
  for (const s of await flaggedInSandbox())
    assert(
      flagged.some((f) => f.startsWith(`${s.name} (`)),
      `${s.name} flagged: ${JSON.stringify(flagged)}`,
    );
  // Port-forwarding rules belong to IP firewalls (the tree reads no rules of a WAF firewall).
  const open = state.firewalls.filter(
    (f) =>
      f.type === 'ip' &&
      f.rules.some((r) => r.srcCidr === 0 && (sensitivePort(r.dstPort) || sensitivePort(r.srcPort))),
  );
  for (const f of open) {
    assert(
      flagged.some((x) => x.startsWith(`${f.name} (`) && x.includes('open to the world')),
      `${f.name} flagged`,
    );
    const fw = (await nodesOf(api.firewalls, 'firewall')).find((n) => n.firewall.id === f.id)!;
    assert(String(item(api.firewalls, fw).description).includes('⚠'), `${f.name} row marked`);
  }
  const over = new Set((await flaggedInSandbox()).map((s) => s.id));
  const rows = (await nodesOf(api.servers, 'server')).filter((n) => over.has(Number(n.server.id)));
  for (const n of rows)
    assert(String(item(api.servers, n).description).includes('⚠'), `${n.server.name} row marked`);
});
