import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, demoRecord, startWorld, textOf, type World } from './helpers';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});

describe('composite tools', () => {
  it('waits for a restarting server with progress notifications', async () => {
    const client = await connectStdio(world, { args: ['--no-confirm'] });
    try {
      const restarted = await client.callTool({
        name: 'deploi_restart_virtual_server',
        arguments: { id: 1000 },
      });
      expect(restarted.isError, textOf(restarted)).toBeFalsy();
      expect(world.sandbox.state.get().servers.find((s) => s.id === 1000)?.status).toBe('restarting');
      const progress: { progress: number; message?: string | undefined }[] = [];
      const waited = await client.callTool(
        {
          name: 'hostkit_wait_for_server',
          arguments: { provider: 'deploi', id: 1000, intervalSeconds: 1, timeoutSeconds: 30 },
        },
        { onprogress: (p) => progress.push(p) },
      );
      expect(waited.isError, textOf(waited)).toBeFalsy();
      expect(waited.structuredContent).toMatchObject({ ready: true, provider: 'deploi', server: 1000 });
      expect(progress.length).toBeGreaterThan(1);
      expect(progress[0]?.message).toContain('Waiting');
      expect(world.sandbox.state.get().servers.find((s) => s.id === 1000)?.status).toBe('active');
    } finally {
      await client.close();
    }
  });

  it('waits for a SeFlow server back from a reboot, and gives up at the time limit', async () => {
    const client = await connectStdio(world, { args: ['--no-confirm'] });
    try {
      await client.callTool({ name: 'seflow_reboot_dserver', arguments: { serverid: 'DS-1043' } });
      const waited = await client.callTool({
        name: 'hostkit_wait_for_server',
        arguments: { provider: 'seflow', serverid: 'DS-1043', intervalSeconds: 1, timeoutSeconds: 30 },
      });
      expect(waited.structuredContent).toMatchObject({ ready: true, server: 'DS-1043' });
      expect((waited.structuredContent as { checks: number }).checks).toBeGreaterThan(1);
      const suspended = await client.callTool({
        name: 'hostkit_wait_for_server',
        arguments: { provider: 'seflow', serverid: 'DS-1044', intervalSeconds: 1, timeoutSeconds: 5 },
      });
      expect(suspended.isError).toBe(true);
      expect(textOf(suspended)).toContain('not up after');
      const missing = await client.callTool({
        name: 'hostkit_wait_for_server',
        arguments: { provider: 'deploi' },
      });
      expect(textOf(missing)).toContain('id: required');
    } finally {
      await client.close();
    }
  });

  it('creates, then updates (with confirmation), then leaves a DNS record by host and type', async () => {
    const { domain } = demoRecord(world);
    const asked: string[] = [];
    const client = await connectStdio(world, { elicit: 'accept', onElicit: (m) => asked.push(m) });
    const record = (value: string) => ({ domain, type: 'A', host: 'upsert', value, options: { ttl: 600 } });
    const live = () =>
      world.sandbox.state
        .get()
        .domains.find((d) => d.name === domain)
        ?.records.filter((r) => r.host === `upsert.${domain}`);
    try {
      const added = await client.callTool({
        name: 'hostkit_upsert_dns_record',
        arguments: record('192.0.2.77'),
      });
      expect(added.structuredContent).toMatchObject({ action: 'added' });
      expect(asked).toEqual([]);
      const updated = await client.callTool({
        name: 'hostkit_upsert_dns_record',
        arguments: record('192.0.2.78'),
      });
      expect(updated.structuredContent).toMatchObject({ action: 'updated', from: { value: '192.0.2.77' } });
      expect(asked[0]).toContain(
        `Change the A record "upsert.${domain}" → "192.0.2.77" on "${domain}" to "upsert" → "192.0.2.78"`,
      );
      // Every value UpdateDomainRecord will be sent with is listed, the live record's included.
      expect(asked[0]).toContain('  from.value: "192.0.2.77"\n');
      expect(asked[0]).toContain('  to.value: "192.0.2.78"\n');
      expect(live()?.map((r) => r.value)).toEqual(['192.0.2.78']);
      world.sandbox.requests.clear();
      const same = await client.callTool({
        name: 'hostkit_upsert_dns_record',
        arguments: record('192.0.2.78'),
      });
      expect(same.structuredContent).toMatchObject({ action: 'none' });
      expect(world.commandsSent()).toEqual(['GetDomainRecords']);
      const audit = world
        .auditLines()
        .filter((l) => l.tool === 'hostkit_upsert_dns_record' && l.phase === 'outcome');
      expect(audit.map((l) => [l.confirmation, l.sent])).toEqual([
        ['not-required', ['AddDomainRecord']],
        ['elicitation', ['UpdateDomainRecord']],
        ['not-required', []],
      ]);
    } finally {
      await client.close();
    }
  });

  it('finds servers by name and IP, and SeFlow servers and portable IPs', async () => {
    const client = await connectStdio(world);
    try {
      const server = world.sandbox.state.get().servers.find((s) => s.id === 1000);
      const byName = await client.callTool({
        name: 'hostkit_find',
        arguments: { query: server?.name ?? '' },
      });
      expect((byName.structuredContent as { matches: object[] }).matches).toContainEqual(
        expect.objectContaining({ provider: 'deploi', kind: 'server', id: 1000 }),
      );
      const byIp = await client.callTool({
        name: 'hostkit_find',
        arguments: { query: server?.mainip ?? '' },
      });
      expect((byIp.structuredContent as { matches: object[] }).matches).toContainEqual(
        expect.objectContaining({ kind: 'server', id: 1000, ip: server?.mainip, clientid: 101 }),
      );
      const portable = world.sandbox.state.get().seflow.portableIps[0];
      const byPortable = await client.callTool({
        name: 'hostkit_find',
        arguments: { query: portable?.ip ?? '' },
      });
      expect((byPortable.structuredContent as { matches: object[] }).matches).toContainEqual(
        expect.objectContaining({ provider: 'seflow', kind: 'portable-ip', name: portable?.ip }),
      );
      const dedicated = await client.callTool({ name: 'hostkit_find', arguments: { query: 'DS-1042' } });
      expect((dedicated.structuredContent as { matches: object[] }).matches).toContainEqual(
        expect.objectContaining({ provider: 'seflow', kind: 'dedicated-server', name: 'DS-1042' }),
      );
    } finally {
      await client.close();
    }
  });

  it('lists the clients the login can act for, and acts for another with clientid', async () => {
    const client = await connectStdio(world);
    try {
      const listed = await client.callTool({ name: 'hostkit_list_clients', arguments: {} });
      const { clients, defaultClientId } = listed.structuredContent as {
        clients: { id: number }[];
        defaultClientId: number;
      };
      expect(clients.length).toBeGreaterThan(1);
      expect(defaultClientId).toBe(clients[0]?.id);
      const other = clients[1]?.id as number;
      const servers = await client.callTool({ name: 'deploi_get_servers', arguments: { clientid: other } });
      const expected = world.sandbox.state
        .get()
        .servers.filter((s) => s.clientId === other)
        .map((s) => s.id);
      expect(
        (servers.structuredContent as { servers: { id: number }[] }).servers.map((s) => s.id).sort(),
      ).toEqual(expected.sort());
    } finally {
      await client.close();
    }
  });
});
