import * as vscode from 'vscode';
import { commandOf } from '../../../src/commands/input-schema';
import type { NodeOf } from '../../../src/tree/nodes';
import { assert, assertEqual, expand, hostkit, nodesOf, prompter } from './context';
import { test } from './harness';
import { sandbox } from './sandbox-control';

// The record editor (steps, Back, the API's types, plain messages), bulk deletes and the rule form.

const DOMAIN = 'media-demo.example';

async function zone(): Promise<string[]> {
  return ((await sandbox.state()).domains.find((d) => d.name === DOMAIN)?.records ?? []).map(
    (r) => `${r.type} ${r.host} ${r.value}`,
  );
}

async function recordNodes(): Promise<NodeOf<'record'>[]> {
  const api = await hostkit();
  await api.store.settled();
  const d = (await nodesOf(api.domains, 'domain')).find((n) => n.domain.name === DOMAIN);
  assert(d, `${DOMAIN} listed`);
  return (await api.domains.getChildren(d)).filter((k): k is NodeOf<'record'> => k.kind === 'record');
}

test('the record editor: a step counter, Back, the API’s record types only, plain-language messages', async () => {
  const before = await zone();
  prompter.reset();
  prompter.expect(
    { pick: DOMAIN },
    { pick: 'MX' },
    { input: 'mx-first' },
    { back: true }, // at the value: back to the host
    { input: 'mx-e2e' },
    { input: 'mail.example.net' },
    { input: ['70000', '20'] },
    { input: ['30', '600'] },
    { confirm: false },
  );
  assertEqual(await vscode.commands.executeCommand('hostkit.domains.addRecord'), 'cancelled', 'outcome');
  prompter.done();
  const asked = prompter.asked;
  const typePick = asked.find((a) => a.kind === 'pick' && a.text.startsWith('Add a DNS record'));
  assertEqual(
    typePick?.items,
    (commandOf('deploi_add_domain_record').input.shape.type as { options: string[] }).options,
    'types offered: the API’s',
  );
  assertEqual(
    asked.filter((a) => a.step).map((a) => `${a.step} ${a.answer}`),
    ['1/? MX', '2/5 mx-first', '2/5 mx-e2e', '3/5 mail.example.net', '4/5 20', '5/5 600'],
    'steps asked, with their counter',
  );
  const ttl = asked.find((a) => a.text.includes('TTL'));
  assertEqual(ttl?.rejected?.[0]?.problem, 'The TTL must be at least 60 seconds', 'a plain TTL message');
  const priority = asked.find((a) => a.text.includes('priority'));
  assert(
    !/Too small|expected number/.test(priority?.rejected?.[0]?.problem ?? ''),
    `plain: ${priority?.rejected?.[0]?.problem}`,
  );
  const confirm = asked.find((a) => a.kind === 'confirm');
  assert(
    confirm?.text.includes('MX mx-e2e → mail.example.net'),
    `the modal has the answers after Back: ${confirm?.text}`,
  );
  assertEqual(await zone(), before, 'nothing sent');
});

test('deleting several selected records: one modal lists every record, then each is deleted', async () => {
  const nodes = (await recordNodes()).filter((n) => ['A', 'MX', 'TXT'].includes(n.record.type)).slice(0, 3);
  assertEqual(nodes.length, 3, 'three records selected');
  const seq = await sandbox.lastSeq();
  prompter.reset();
  prompter.expect({ confirm: true });
  const result = (await vscode.commands.executeCommand('hostkit.domains.deleteRecord', nodes[0], nodes)) as {
    done: string[];
  };
  prompter.done();
  const modals = prompter.asked.filter((a) => a.kind === 'confirm');
  assertEqual(modals.length, 1, 'modals');
  const text = modals[0]?.text ?? '';
  assert(text.startsWith(`Delete 3 DNS records of ${DOMAIN}?`), `the question: ${text}`);
  for (const n of nodes) {
    assert(text.includes(n.record.value), `${n.record.type} ${n.record.value} listed: ${text}`);
    assert(
      !(await zone()).includes(`${n.record.type} ${n.record.host} ${n.record.value}`),
      `${n.record.value} deleted`,
    );
  }
  assertEqual(result.done.length, 3, 'deleted');
  assertEqual(
    (await sandbox.since(seq)).filter((r) => r.command === 'DeleteDomainRecord').length,
    3,
    'deletes sent',
  );
  const left = await recordNodes();
  for (const n of nodes)
    assert(
      !left.some((l) => l.record.value === n.record.value && l.record.type === n.record.type),
      'gone from the tree',
    );
});

test('the rule form says TCP and offers the private IPs of the client’s servers', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const fwState = state.firewalls.find(
    (f) => f.type === 'ip' && f.publicIPv4s.length > 0 && f.clientId === 101,
  )!;
  const fw = (await nodesOf(api.firewalls, 'firewall')).find((f) => f.firewall.id === fwState.id)!;
  const web = state.servers.find((s) => s.name === 'web-02' && s.clientId === 101)!;
  const privateIp = web.ips.at(-1)!;
  prompter.reset();
  prompter.expect(
    { pick: fwState.publicIPv4s[0]! },
    { input: '8081' },
    { pick: privateIp },
    { input: '8081' },
    { input: '203.0.113.0/24' },
    { confirm: false },
  );
  assertEqual(await vscode.commands.executeCommand('hostkit.firewalls.addRule', fw), 'cancelled', 'outcome');
  prompter.done();
  const targets = prompter.asked.find((a) => a.text.includes('private IP'));
  assert(
    targets?.items?.includes(privateIp),
    `${privateIp} (web-02) offered: ${JSON.stringify(targets?.items)}`,
  );
  assert(
    prompter.asked.every((a) => a.kind !== 'input' || a.text.includes('TCP rule')),
    'every question says TCP',
  );
  const confirm = prompter.asked.find((a) => a.kind === 'confirm');
  assert(confirm?.text.includes('TCP'), `the modal says TCP: ${confirm?.text}`);
  // Two selected rules are deleted under one modal (cancelled here).
  const rules = (await expand(api.firewalls, fw))
    .filter((c): c is NodeOf<'rule'> => c.kind === 'rule')
    .slice(0, 2);
  prompter.reset();
  prompter.expect({ confirm: false });
  await vscode.commands.executeCommand('hostkit.firewalls.deleteRule', rules[0], rules);
  prompter.done();
  assert(
    prompter.asked[0]?.text.startsWith('Delete 2 firewall rules?'),
    `one modal for both: ${prompter.asked[0]?.text}`,
  );
});
