import type { SchemaDrift } from '@hostkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from './support/clients';

// A reply that drifts from the documented shape, made by the sandbox's extra-fields fault and read by the
// real core clients over HTTP: the result's type must still be true, and the drift must be told.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  await t.sandbox.stop();
});

describe('a reply off its schema', () => {
  it('gives the servers that match, leaves out the values that do not, and carries the raw reply', async () => {
    const seeded = t.sandbox.state.get().servers.filter((s) => s.clientId === 101);
    const [first, second] = seeded;
    if (!first || !second) throw new Error('the demo seed has two servers for client 101');
    // GetServers answers with the first server's status a number and the second server's id a word.
    const servers = [
      { id: first.id, name: first.name, status: 7 },
      { id: 'second', name: second.name, status: 'active' },
    ];
    t.sandbox.faults.add({ kind: 'extra-fields', command: 'GetServers', fields: { servers }, times: 1 });
    const result = await t.deploi.call('deploi_get_servers', { clientid: 101 });
    expect(result.ok).toBe(true);
    // The oracle is the reply as the fault wrote it: the first server without its status, the second gone.
    expect(result.output?.servers).toEqual([{ id: first.id, name: first.name }]);
    const drift = result.drift as SchemaDrift;
    expect((drift.raw as { servers: unknown }).servers).toEqual(servers);
    expect(drift.issues.map((i) => i.path)).toEqual([
      ['servers', 0, 'status'],
      ['servers', 1, 'id'],
    ]);
    expect(drift.dropped).toEqual(['servers.0.status', 'servers.1']);
    expect(t.warnings).toEqual([
      expect.objectContaining({
        code: 'schema_drift',
        command: 'deploi_get_servers',
        issues: [
          expect.objectContaining({ path: 'servers.0.status' }),
          expect.objectContaining({ path: 'servers.1.id' }),
        ],
      }),
    ]);
  });

  it('says a reply whose required field is wrong cannot be typed, and still gives it as sent', async () => {
    // checkstatus's statusmsg is required: a number there leaves nothing typed to give.
    t.sandbox.faults.add({
      kind: 'extra-fields',
      command: 'checkstatus',
      provider: 'seflow',
      fields: { statusmsg: 42 },
      times: 1,
    });
    const name = t.sandbox.state.get().seflow.servers[0]?.name;
    if (!name) throw new Error('the demo seed has a SeFlow server');
    const result = await t.seflow.call('seflow_checkstatus', { serverid: name });
    expect(result.ok).toBe(false);
    expect(result.output).toBeUndefined();
    expect(result.drift?.raw).toEqual({ status: 'success', statusmsg: 42 });
    expect(result.drift?.issues.map((i) => i.path)).toEqual([['statusmsg']]);
    expect(result.drift?.message).toMatch(
      /checkstatus succeeded, but its reply cannot be read as documented/,
    );
  });
});
