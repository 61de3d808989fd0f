import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// A reply off its schema, made by the sandbox's extra-fields fault, through the official client (which
// checks structuredContent against the advertised output schema): the tool gives the typed output that
// matched and the reply as sent beside it, and says the reply drifted.

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});

describe('a reply off its schema', () => {
  it('gives what matched, the reply as sent under unparsedReply, and says so', async () => {
    const client = await connectStdio(world, { args: ['--toolsets', 'servers'] });
    try {
      const first = world.sandbox.state.get().servers[0];
      if (!first) throw new Error('the sandbox seed has a server');
      const servers = [
        { id: first.id, name: first.name, status: 7 },
        { id: 'second', name: 'no id' },
      ];
      world.sandbox.faults.add({
        kind: 'extra-fields',
        command: 'GetServers',
        fields: { servers },
        times: 1,
      });
      const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        servers: [{ id: first.id, name: first.name }],
        unparsedReply: { servers },
      });
      const typed = (result.structuredContent as { servers: Record<string, unknown>[] }).servers;
      expect(typed).toHaveLength(1);
      expect(typed[0]).not.toHaveProperty('status');
      expect(textOf(result)).toMatch(/did not match its documented shape/);
    } finally {
      await client.close();
    }
  });

  it('refuses to build an undo from a read that drifted, and says the change cannot be undone', async () => {
    const client = await connectStdio(world, { args: ['--toolsets', 'dns', '--no-confirm'] });
    try {
      const domain = world.sandbox.state.get().domains.find((d) => d.records.some((r) => r.type === 'A'));
      const record = domain?.records.find((r) => r.type === 'A');
      if (!domain || !record) throw new Error('the sandbox seed has a domain with an A record');
      // The read the undo starts from answers with one record's TTL a word.
      world.sandbox.faults.add({
        kind: 'extra-fields',
        command: 'GetDomainRecords',
        fields: {
          records: [{ type: 'A', host: record.host, value: record.value, options: { ttl: 'soon' } }],
        },
        times: 1,
      });
      const result = await client.callTool({
        name: 'deploi_update_domain_record',
        arguments: {
          domain: domain.name,
          type: 'A',
          from: { host: record.host, value: record.value },
          to: { host: record.host, value: '192.0.2.77', options: { ttl: 600 } },
        },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      // The change was made (the oracle is the sandbox) and the journal file says it cannot be undone.
      const now = world.sandbox.state.get().domains.find((d) => d.name === domain.name);
      expect(now?.records.some((r) => r.host === record.host && r.value === '192.0.2.77')).toBe(true);
      const lines = readFileSync(join(world.dir, 'undo-journal.jsonl'), 'utf8').split('\n').filter(Boolean);
      const change = lines
        .map((l) => JSON.parse(l) as { kind: string; steps?: Record<string, unknown>[] })
        .filter((l) => l.kind === 'change')
        .at(-1);
      expect(change?.steps).toEqual([
        expect.objectContaining({
          tool: 'deploi_update_domain_record',
          irreversible: 'what it replaced could not be read just before it was sent',
        }),
      ]);
      expect(change?.steps?.[0]).not.toHaveProperty('inverse');
    } finally {
      await client.close();
    }
  });
});
