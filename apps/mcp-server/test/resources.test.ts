import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// Resources as a person attaches them: templates, the account's concrete resources (paged), and reads.
// Oracles: the sandbox's own state for what a read says, its request log for what a read costs.

interface Read {
  uri: string;
  text: string;
  mimeType: string | undefined;
}

async function read(client: Client, uri: string): Promise<Read> {
  const { contents } = await client.readResource({ uri });
  expect(contents).toHaveLength(1);
  const c = contents[0] as { uri: string; text?: string; mimeType?: string };
  expect(c.uri).toBe(uri);
  return { uri, text: c.text ?? '', mimeType: c.mimeType };
}

/** What the sandbox received while `run` ran. */
async function requestsOf(world: World, run: () => Promise<unknown>): Promise<string[]> {
  world.sandbox.requests.clear();
  await run();
  return world.commandsSent();
}

describe('resources', () => {
  let world: World;
  let client: Client;

  beforeAll(async () => {
    world = await startWorld();
    client = await connectStdio(world);
  });
  afterAll(async () => {
    await client.close();
    await world.sandbox.stop();
  });

  it('gives a URI template for servers, zones, firewalls and invoices per client, and SeFlow servers', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(
      [
        'hostkit://deploi/{client}/firewalls/{firewall}',
        'hostkit://deploi/{client}/invoices/{invoice}',
        'hostkit://deploi/{client}/servers/{server}',
        'hostkit://deploi/{client}/zones/{domain}',
        'hostkit://seflow/dedicated/{server}',
      ].sort(),
    );
    for (const t of resourceTemplates)
      expect(t.name && t.description && t.mimeType, t.uriTemplate).toBeTruthy();
  });

  it('lists every server, zone, firewall and invoice of every client', async () => {
    const { resources, nextCursor } = await client.listResources();
    expect(nextCursor).toBeUndefined();
    const uris = new Set(resources.map((r) => r.uri));
    const s = world.sandbox.state.get();
    const expected = [
      ...s.servers.map((x) => `hostkit://deploi/${x.clientId}/servers/${x.id}`),
      ...s.domains.map((d) => `hostkit://deploi/${d.clientId}/zones/${d.name}`),
      ...s.firewalls.map((f) => `hostkit://deploi/${f.clientId}/firewalls/${f.id}`),
      ...s.invoices.map((i) => `hostkit://deploi/${i.clientId}/invoices/${i.id}`),
      'hostkit://seflow/portable-ips',
    ];
    expect([...uris].sort()).toEqual([...new Set(expected)].sort());
    expect(resources.find((r) => r.uri.includes('/zones/'))?.mimeType).toBe('text/dns');
  });

  it('reads every template for a real id, saying what the account holds', async () => {
    const s = world.sandbox.state.get();
    const server = s.servers.find((x) => x.status === 'active');
    const domain = s.domains.find((d) => d.records.length > 3);
    const firewall = s.firewalls.find((f) => f.rules.length > 0);
    const invoice = s.invoices[0];
    const dedicated = s.seflow.servers[0];
    if (!server || !domain || !firewall || !invoice || !dedicated)
      throw new Error('the demo account lacks a kind');

    const srv = JSON.parse(
      (await read(client, `hostkit://deploi/${server.clientId}/servers/${server.id}`)).text,
    );
    expect(srv.serverInfo.virtual).toMatchObject({ mainip: server.mainip, ram: server.ram, cpu: server.cpu });

    const zone = await read(client, `hostkit://deploi/${domain.clientId}/zones/${domain.name}`);
    expect(zone.mimeType).toBe('text/dns');
    expect(zone.text).toContain(`$ORIGIN ${domain.name}.`);
    const lines = zone.text.split('\n').filter((l) => l && !l.startsWith(';') && !l.startsWith('$'));
    expect(lines).toHaveLength(domain.records.length);
    for (const r of domain.records) {
      expect(
        lines.some(
          (l) =>
            l.includes(` IN ${r.type} `) && l.includes(r.type === 'TXT' ? JSON.stringify(r.value) : r.value),
        ),
        `${r.type} ${r.host} ${r.value}`,
      ).toBe(true);
    }

    const fw = JSON.parse(
      (await read(client, `hostkit://deploi/${firewall.clientId}/firewalls/${firewall.id}`)).text,
    );
    expect(fw.firewallRules.rules).toHaveLength(firewall.rules.length);
    expect(fw.firewallRules.rules.map((r: { 'dst-ip': string }) => r['dst-ip']).sort()).toEqual(
      firewall.rules.map((r) => r.dstIp).sort(),
    );

    const inv = JSON.parse(
      (await read(client, `hostkit://deploi/${invoice.clientId}/invoices/${invoice.id}`)).text,
    );
    expect(Number(inv.invoiceInfo.amount)).toBe(invoice.lines.reduce((n, l) => n + l.amount, 0));
    expect(inv.invoiceInfo.lines).toHaveLength(invoice.lines.length);

    const ds = JSON.parse((await read(client, `hostkit://seflow/dedicated/${dedicated.name}`)).text);
    expect(String(ds.statusmsg).toLowerCase()).toContain(
      dedicated.status === 'active' ? 'active' : 'suspend',
    );

    const ips = JSON.parse((await read(client, 'hostkit://seflow/portable-ips')).text);
    expect(ips.portableIps.map((p: { ip: string }) => p.ip).sort()).toEqual(
      s.seflow.portableIps.map((p) => p.ip).sort(),
    );
  });

  it('costs the same API requests as the matching tool', async () => {
    const s = world.sandbox.state.get();
    const server = s.servers[0];
    const domain = s.domains[0];
    const firewall = s.firewalls[0];
    const invoice = s.invoices[0];
    const dedicated = s.seflow.servers[0];
    if (!server || !domain || !firewall || !invoice || !dedicated)
      throw new Error('the demo account lacks a kind');
    // Logged in already (the reads above): neither side pays for the login.
    const pairs: [string, string, Record<string, unknown>][] = [
      [
        `hostkit://deploi/${server.clientId}/servers/${server.id}`,
        'deploi_get_server_info',
        { id: server.id },
      ],
      [
        `hostkit://deploi/${domain.clientId}/zones/${domain.name}`,
        'deploi_get_domain_records',
        { domain: domain.name },
      ],
      [
        `hostkit://deploi/${firewall.clientId}/firewalls/${firewall.id}`,
        'deploi_get_firewall_rules',
        { id: firewall.id },
      ],
      [
        `hostkit://deploi/${invoice.clientId}/invoices/${invoice.id}`,
        'deploi_get_invoice_info',
        { invoiceNr: invoice.id },
      ],
      [`hostkit://seflow/dedicated/${dedicated.name}`, 'seflow_checkstatus', { serverid: dedicated.name }],
    ];
    await client.callTool({ name: 'deploi_ping', arguments: {} });
    for (const [uri, tool, args] of pairs) {
      const byResource = await requestsOf(world, () => read(client, uri));
      const byTool = await requestsOf(world, async () => {
        const r = await client.callTool({ name: tool, arguments: args });
        expect(r.isError, textOf(r)).toBeFalsy();
      });
      expect(byResource.length, uri).toBeGreaterThan(0);
      expect(byResource, uri).toEqual(byTool);
    }
  });

  it('reads a zone too large for one read in pages, each naming the next, every record once', async () => {
    const domain = world.sandbox.state.get().domains[1];
    if (!domain) throw new Error('the demo account has no second domain');
    world.sandbox.state.update((s) => {
      const d = s.domains.find((x) => x.name === domain.name);
      const template = d?.records.find((r) => r.type === 'A');
      if (!d || !template) throw new Error('no A record to copy');
      for (let i = 0; i < 600; i++)
        d.records.push({ ...template, host: `host-${i}.${d.name}`, value: `198.51.100.${i % 250}` });
    });
    const want = world.sandbox.state.get().domains.find((d) => d.name === domain.name)?.records.length ?? 0;
    let uri: string | undefined = `hostkit://deploi/${domain.clientId}/zones/${domain.name}`;
    const lines: string[] = [];
    let pages = 0;
    while (uri && pages < 20) {
      const { text } = await read(client, uri);
      // A page fits the tools' result budget (16 KiB), with room for the header.
      expect(text.length).toBeLessThan(20_000);
      lines.push(...text.split('\n').filter((l) => l && !l.startsWith(';') && !l.startsWith('$')));
      uri = /the rest: (\S+)/.exec(text)?.[1];
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(lines).toHaveLength(want);
    expect(new Set(lines).size).toBe(want);
  });

  it('keeps secrets out, and answers an unknown or malformed URI with an error', async () => {
    const { resources } = await client.listResources();
    const texts = await Promise.all(resources.slice(0, 12).map((r) => read(client, r.uri)));
    for (const secret of [world.env.HOSTKIT_DEPLOI_PASSWORD, world.env.HOSTKIT_SEFLOW_KEY]) {
      for (const t of texts) expect(t.text).not.toContain(secret);
    }
    await expect(client.readResource({ uri: 'hostkit://deploi/101/servers/99999' })).rejects.toThrow(
      /No such server/,
    );
    await expect(client.readResource({ uri: 'hostkit://deploi/101/servers/web-01' })).rejects.toThrow(
      /numeric id/,
    );
    await expect(client.readResource({ uri: 'hostkit://nothing/here' })).rejects.toThrow(
      /No Hostkit resource/,
    );
  });
});

describe('resources of a bare token', () => {
  it("lists the configured client's resources, a token knowing no client list", async () => {
    const world = await startWorld();
    try {
      const login = (await (
        await fetch(world.sandbox.deploiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            command: 'Login',
            username: world.sandbox.credentials.deploi.username,
            password: world.sandbox.credentials.deploi.password,
          }),
        })
      ).json()) as { data: { token: string; clients: { id: number }[] } };
      const clientId = login.data.clients[1]?.id;
      if (clientId === undefined) throw new Error('the demo login has no second client');
      const { HOSTKIT_DEPLOI_USERNAME: _u, HOSTKIT_DEPLOI_PASSWORD: _p, ...rest } = world.env;
      const client = await connectStdio(
        { ...world, env: rest },
        { env: { HOSTKIT_DEPLOI_TOKEN: login.data.token, HOSTKIT_DEPLOI_CLIENT_ID: String(clientId) } },
      );
      try {
        const uris = (await client.listResources()).resources.map((r) => r.uri);
        const s = world.sandbox.state.get();
        const mine = s.servers.filter((x) => x.clientId === clientId);
        expect(mine.length).toBeGreaterThan(0);
        for (const x of mine) expect(uris).toContain(`hostkit://deploi/${clientId}/servers/${x.id}`);
        expect(
          uris.every(
            (u) => !u.startsWith('hostkit://deploi/') || u.startsWith(`hostkit://deploi/${clientId}/`),
          ),
        ).toBe(true);
      } finally {
        await client.close();
      }
    } finally {
      await world.sandbox.stop();
    }
  });
});

describe('resources of a large account', () => {
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

  it('pages resources/list with a cursor, each page bounded, all of them once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      // The raw request: listResources() without a cursor walks every page itself.
      const page = await client.request({ method: 'resources/list', params: cursor ? { cursor } : {} });
      expect(page.resources.length).toBeLessThanOrEqual(100);
      seen.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const s = world.sandbox.state.get();
    const count = s.servers.length + s.domains.length + s.firewalls.length + s.invoices.length + 1;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(count);
    expect(pages).toBe(Math.ceil(count / 100));
    // The SDK's own walk over the pages sees the same.
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(seen);
    await expect(client.listResources({ cursor: 'not-a-cursor' })).rejects.toThrow(/Invalid cursor/);
  });
});
