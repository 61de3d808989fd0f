import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectHttp,
  connectStdio,
  type HttpServer,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';

// completion/complete as a client asks while a person types: live values from the account (the
// sandbox's state is the oracle), filtered by the typed prefix, capped at 100 with hasMore and total.

const prompt = (name: string, argument: string, value: string, context?: Record<string, string>) => ({
  ref: { type: 'ref/prompt' as const, name },
  argument: { name: argument, value },
  ...(context ? { context: { arguments: context } } : {}),
});

const template = (uri: string, argument: string, value: string, context?: Record<string, string>) => ({
  ref: { type: 'ref/resource' as const, uri },
  argument: { name: argument, value },
  ...(context ? { context: { arguments: context } } : {}),
});

describe('completions', () => {
  let world: World;
  let client: Client;

  beforeAll(async () => {
    world = await startWorld({ provisioningDelayMs: 0 });
    client = await connectStdio(world, { elicit: 'accept' });
  });
  afterAll(async () => {
    await client.close();
    await world.sandbox.stop();
  });

  it('offers a server created a moment ago, by name and by id', async () => {
    const created = await client.callTool({
      name: 'deploi_create_virtual_server',
      arguments: {
        clientid: 102,
        name: 'zz-completion-test',
        ram: 2,
        cpu: 1,
        disks: [{ name: 'system', size: 20, type: 'ssd' }],
        OS: 'Ubuntu 24.04',
        username: 'bob',
        publickey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq0m4wJ3z1m1Xk7f5yTzYQ2x8iJ0b1c2d3e4f5g6h7 test',
        publicip: true,
      },
    });
    expect(created.isError, textOf(created)).toBeFalsy();
    const server = world.sandbox.state.get().servers.find((s) => s.name === 'zz-completion-test');
    if (!server) throw new Error('the sandbox has no new server');
    const byName = await client.complete(prompt('site-down', 'target', 'zz-comp'));
    expect(byName.completion.values).toEqual(['zz-completion-test']);
    const byId = await client.complete(
      template('hostkit://deploi/{client}/servers/{server}', 'server', String(server.id), { client: '102' }),
    );
    expect(byId.completion.values).toEqual([String(server.id)]);
  });

  it('filters by the typed prefix, any case, exactly as the account holds the names', async () => {
    const s = world.sandbox.state.get();
    const got = await client.complete(prompt('site-down', 'target', 'WEB'));
    const expected = [...s.servers.map((x) => x.name), ...s.domains.map((d) => d.name)].filter((n) =>
      n.toLowerCase().startsWith('web'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect([...got.completion.values].sort()).toEqual([...new Set(expected)].sort());
    expect(got.completion).toMatchObject({ total: new Set(expected).size, hasMore: false });

    const zones = await client.complete(prompt('stale-dns', 'domain', ''));
    expect([...zones.completion.values].sort()).toEqual(s.domains.map((d) => d.name).sort());

    const hosts = await client.complete(prompt('repoint-host', 'host', 'www.'));
    expect([...hosts.completion.values].sort()).toEqual(s.domains.map((d) => `www.${d.name}`).sort());

    const clients = await client.complete(template('hostkit://deploi/{client}/zones/{domain}', 'client', ''));
    expect(clients.completion.values).toEqual(s.clients.map((c) => String(c.id)));

    const none = await client.complete(prompt('site-down', 'target', 'no-such-thing-'));
    expect(none.completion).toMatchObject({ values: [], total: 0, hasMore: false });
  });

  it("completes a template's variables within the client already chosen", async () => {
    const s = world.sandbox.state.get();
    for (const c of s.clients) {
      const fw = await client.complete(
        template('hostkit://deploi/{client}/firewalls/{firewall}', 'firewall', '', { client: String(c.id) }),
      );
      expect([...fw.completion.values].sort()).toEqual(
        s.firewalls
          .filter((f) => f.clientId === c.id)
          .map((f) => String(f.id))
          .sort(),
      );
      const inv = await client.complete(
        template('hostkit://deploi/{client}/invoices/{invoice}', 'invoice', '', { client: String(c.id) }),
      );
      expect([...inv.completion.values].sort()).toEqual(
        s.invoices
          .filter((i) => i.clientId === c.id)
          .map((i) => String(i.id))
          .sort(),
      );
    }
  });

  it('reads each list once for a burst of keystrokes', async () => {
    await client.complete(prompt('stale-dns', 'domain', 'n'));
    world.sandbox.requests.clear();
    for (const typed of ['no', 'nor', 'nord', 'nordl'])
      await client.complete(prompt('stale-dns', 'domain', typed));
    expect(world.commandsSent()).toEqual([]);
  });
});

describe('completions of a large account', () => {
  let world: World;
  let client: Client;

  beforeAll(async () => {
    world = await startWorld({ scale: 'scale' });
    client = await connectStdio(world);
  });
  afterAll(async () => {
    await client.close();
    await world.sandbox.stop();
  });

  it('gives at most 100 values, with the total and hasMore', async () => {
    const s = world.sandbox.state.get();
    const got = await client.complete(prompt('site-down', 'target', ''));
    const total = new Set([...s.servers.map((x) => x.name), ...s.domains.map((d) => d.name)]).size;
    expect(total).toBeGreaterThan(100);
    expect(got.completion.values).toHaveLength(100);
    expect(got.completion).toMatchObject({ total, hasMore: true });
  });
});

describe('prompts, resources and completions over Streamable HTTP', () => {
  let world: World;
  let http: HttpServer;

  beforeAll(async () => {
    world = await startWorld();
    http = await startHttp(world);
  });
  afterAll(async () => {
    await http.stop();
    await world.sandbox.stop();
  });

  it.each(['legacy', 'modern'] as const)(
    'serve the %s protocol, one server instance per request sharing one cache',
    async (era) => {
      const client = await connectHttp(http.url, { era });
      try {
        const { prompts } = await client.listPrompts();
        expect(prompts.map((p) => p.name)).toContain('stale-dns');
        const domain = world.sandbox.state.get().domains[0];
        if (!domain) throw new Error('the demo account has no domain');
        const done = await client.complete(prompt('stale-dns', 'domain', domain.name.slice(0, 4)));
        expect(done.completion.values).toContain(domain.name);
        world.sandbox.requests.clear();
        await client.complete(prompt('stale-dns', 'domain', domain.name.slice(0, 5)));
        expect(world.commandsSent()).toEqual([]);
        const { contents } = await client.readResource({
          uri: `hostkit://deploi/${domain.clientId}/zones/${domain.name}`,
        });
        expect((contents[0] as { text?: string }).text).toContain(`$ORIGIN ${domain.name}.`);
      } finally {
        await client.close();
      }
    },
  );
});
