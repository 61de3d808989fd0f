import * as vscode from 'vscode';
import type { NodeOf } from '../../../src/tree/nodes';
import { assert, assertEqual, hostkit, nodesOf, prompter } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

const DOMAIN = 'nordlys-media.example';

async function records(): Promise<string[]> {
  const state = await sandbox.state();
  return (state.domains.find((d) => d.name === DOMAIN)?.records ?? [])
    .map((r) => `${r.type} ${r.host} ${r.value} ${r.ttl}`)
    .sort();
}

async function domainNode(): Promise<NodeOf<'domain'>> {
  const api = await hostkit();
  const d = (await nodesOf(api.domains, 'domain')).find((n) => n.domain.name === DOMAIN);
  assert(d, `${DOMAIN} listed`);
  return d;
}

async function recordNode(value: string): Promise<NodeOf<'record'>> {
  const api = await hostkit();
  await api.store.settled();
  const kids = await api.domains.getChildren(await domainNode());
  const r = kids.find((k): k is NodeOf<'record'> => k.kind === 'record' && k.record.value === value);
  assert(r, `record with value ${value} shown under ${DOMAIN}`);
  return r;
}

async function dnsWrites(since: number): Promise<string[]> {
  return (await sandbox.since(since))
    .map((r) => r.command)
    .filter((c) => /DomainRecord$/.test(c) && !c.startsWith('Get'));
}

test('adding a DNS record: a cancelled modal changes nothing (palette, with pickers)', async () => {
  const before = await records();
  const seq = await sandbox.lastSeq();
  prompter.reset();
  prompter.expect(
    { pick: DOMAIN },
    { pick: 'A' },
    { input: 'e2e' },
    { input: ['2001:db8::1', '192.0.2.99'] }, // an A record refuses an IPv6 (core's schema)
    { input: ['30', '600'] }, // below the schema's minimum TTL
    { confirm: false },
  );
  const result = await vscode.commands.executeCommand('hostkit.domains.addRecord');
  prompter.done();
  assertEqual(result, 'cancelled', 'outcome');
  const value = prompter.asked.find((a) => a.text.includes('value'));
  assert(
    value?.rejected?.[0]?.problem.includes('IPv4'),
    `the value box refused an IPv6 for an A record: ${JSON.stringify(value?.rejected)}`,
  );
  const confirm = prompter.asked.find((a) => a.kind === 'confirm');
  assert(
    confirm?.text.includes(`A e2e → 192.0.2.99`) && confirm.text.includes(DOMAIN),
    `the modal names the record: ${confirm?.text}`,
  );
  assertEqual(await records(), before, 'records after cancelling');
  assertEqual(await dnsWrites(seq), [], 'DNS writes sent');
});

test('adding a DNS record: confirmed, the sandbox and the tree have it', async () => {
  const node = await domainNode();
  prompter.reset();
  prompter.expect(
    { pick: 'A' },
    { input: 'e2e' },
    { input: '192.0.2.99' },
    { input: '600' },
    { confirm: true },
  );
  assertEqual(await vscode.commands.executeCommand('hostkit.domains.addRecord', node), 'done', 'outcome');
  prompter.done();
  assert((await records()).includes(`A e2e.${DOMAIN} 192.0.2.99 600`), 'the sandbox has the new record');
  await recordNode('192.0.2.99');
});

test('editing a DNS record: cancelled changes nothing, confirmed changes it', async () => {
  const before = await records();
  const seq = await sandbox.lastSeq();
  prompter.reset();
  prompter.expect({ input: 'e2e' }, { input: '192.0.2.100' }, { input: '600' }, { confirm: false });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.domains.editRecord', await recordNode('192.0.2.99')),
    'cancelled',
    'outcome',
  );
  prompter.done();
  const confirm = prompter.asked.find((a) => a.kind === 'confirm');
  assert(
    confirm?.text.includes('A e2e → 192.0.2.99') && confirm.text.includes('192.0.2.100'),
    `the modal names old and new: ${confirm?.text}`,
  );
  assertEqual(await records(), before, 'records after cancelling');
  assertEqual(await dnsWrites(seq), [], 'DNS writes sent');

  prompter.reset();
  prompter.expect({ input: 'e2e' }, { input: '192.0.2.100' }, { input: '900' }, { confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.domains.editRecord', await recordNode('192.0.2.99')),
    'done',
    'outcome',
  );
  prompter.done();
  const after = await records();
  assert(
    after.includes(`A e2e.${DOMAIN} 192.0.2.100 900`) && !after.some((r) => r.includes('192.0.2.99')),
    `changed in the sandbox: ${after.join('; ')}`,
  );
  await recordNode('192.0.2.100');
});

test('deleting a DNS record: cancelled changes nothing, confirmed deletes it', async () => {
  const before = await records();
  const seq = await sandbox.lastSeq();
  prompter.reset();
  prompter.expect({ confirm: false });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.domains.deleteRecord', await recordNode('192.0.2.100')),
    'cancelled',
    'outcome',
  );
  prompter.done();
  assert(
    prompter.asked[0]?.text.includes(`Delete the record A e2e → 192.0.2.100 of ${DOMAIN}?`),
    `modal text: ${prompter.asked[0]?.text}`,
  );
  assertEqual(await records(), before, 'records after cancelling');
  assertEqual(await dnsWrites(seq), [], 'DNS writes sent');

  prompter.reset();
  prompter.expect({ confirm: true });
  assertEqual(
    await vscode.commands.executeCommand('hostkit.domains.deleteRecord', await recordNode('192.0.2.100')),
    'done',
    'outcome',
  );
  prompter.done();
  assert(!(await records()).some((r) => r.includes('192.0.2.100')), 'gone from the sandbox');
  const api = await hostkit();
  await api.store.settled();
  const kids = await api.domains.getChildren(await domainNode());
  assert(!kids.some((k) => k.kind === 'record' && k.record.value === '192.0.2.100'), 'gone from the tree');
});

test('a delete whose outcome is unknown refreshes the zone by itself and names nothing VS Code cannot do', async () => {
  const api = await hostkit();
  const state = await sandbox.state();
  const ftp = state.domains
    .find((d) => d.name === DOMAIN)
    ?.records.find((r) => r.type === 'CNAME' && r.host.startsWith('ftp.'));
  assert(ftp, `${DOMAIN} has a CNAME ftp record in the seed`);
  const node = await recordNode(ftp.value);
  await vscode.commands.executeCommand('notifications.clearAll');
  // The delete takes effect, then the connection drops before the reply: the outcome is unknown.
  await sandbox.addFault({ kind: 'reset', afterHandling: true, command: 'DeleteDomainRecord', times: 1 });
  try {
    prompter.reset();
    prompter.expect({ confirm: true });
    await vscode.commands.executeCommand('hostkit.domains.deleteRecord', node);
    prompter.done();
  } finally {
    await sandbox.clearFaults();
  }
  assert(!(await records()).some((r) => r.startsWith(`CNAME ftp.`)), 'the sandbox deleted the record');
  // Nobody refreshes by hand: the zone is read again and the record is gone from the tree.
  await eventually('the deleted record gone from the tree', async () => {
    await api.store.settled();
    const kids = await api.domains.getChildren(await domainNode());
    return !kids.some(
      (k) => k.kind === 'record' && k.record.type === 'CNAME' && k.record.value === ftp.value,
    );
  });
  await vscode.commands.executeCommand('notifications.showList');
  const ui = await uiCheckpoint('unknown-outcome');
  const text = ui.notifications.join('\n');
  assert(/delete/i.test(text), `a notification about the delete: ${text}`);
  assert(!/deploi_|seflow_/.test(text), `no MCP tool named in what VS Code shows: ${text}`);
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
});

test('a zone that fails to load says so in its own branch, naming the zone', async () => {
  const api = await hostkit();
  await sandbox.addFault({
    kind: 'refuse',
    message: 'Zone service unavailable',
    command: 'GetDomainRecords',
  });
  try {
    const node = await domainNode();
    // Never loaded before (nothing cached to show instead).
    api.store.forget(node.key);
    const kids = await api.domains.getChildren(node);
    const msg = kids.find((k) => k.kind === 'message');
    assert(
      msg?.kind === 'message' &&
        msg.label.includes(`the DNS records of ${DOMAIN}`) &&
        msg.label.includes('Zone service unavailable'),
      `the message: ${msg?.kind === 'message' ? msg.label : JSON.stringify(kids.map((k) => k.kind))}`,
    );
  } finally {
    await sandbox.clearFaults();
  }
  (await hostkit()).domains.refreshItem(await domainNode());
});

test('a failed write says why, with a button to the output channel, and leaks no secret', async () => {
  const { deploi } = sandbox.credentials();
  // An API message that echoes a secret: what a careless server might do.
  await sandbox.addFault({
    kind: 'refuse',
    message: `Zone locked for ${deploi.password}`,
    command: 'AddDomainRecord',
  });
  try {
    prompter.reset();
    prompter.expect(
      { pick: 'TXT' },
      { input: 'e2e-fail' },
      { input: 'hello' },
      { input: '600' },
      { confirm: true },
    );
    assertEqual(
      await vscode.commands.executeCommand('hostkit.domains.addRecord', await domainNode()),
      'failed',
      'outcome',
    );
    prompter.done();
  } finally {
    await sandbox.clearFaults();
  }
  // Toasts may be hidden already (an unfocused headless window); the notification centre has them all.
  await vscode.commands.executeCommand('notifications.showList');
  const ui = await uiCheckpoint('failed-write');
  const toast = ui.notifications.find((n) => n.includes('Zone locked'));
  assert(toast, `an error notification: ${JSON.stringify(ui.notifications)}`);
  assert(toast.includes('Show Output'), `with a button to the output channel: ${toast}`);
  assert(
    !toast.includes(deploi.password) && toast.includes('[redacted]'),
    `the secret is redacted: ${toast}`,
  );
  assert(!(await records()).some((r) => r.includes('e2e-fail')), 'nothing added');
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('notifications.hideList');
});
