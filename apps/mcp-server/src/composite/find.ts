import { HostkitError, quote } from '@hostkit/core';
import { z } from 'zod';
import { errorText } from '../result';
import { commandNamed, type HostkitTool, parseWith, type ToolContext } from '../tools';

const input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(2)
    .max(253)
    .describe(
      'What to look for: part of a server or domain name, a Deploi server id, a SeFlow server name, or an IPv4/IPv6 address.',
    ),
});

const match = z.object({
  provider: z.enum(['deploi', 'seflow']),
  kind: z.enum(['server', 'domain', 'dns-record', 'portable-ip', 'dedicated-server']),
  name: z.string(),
  id: z.union([z.number(), z.string()]).optional(),
  clientid: z.number().optional(),
  detail: z.string().optional(),
});

const output = z.object({
  query: z.string(),
  matches: z.array(match),
  /** Parts that could not be searched, and why. */
  skipped: z.array(z.string()),
});

type Match = z.output<typeof match>;
type Call = (tool: string, args: Record<string, unknown>) => Promise<Record<string, unknown>>;

const ipLike = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;
const MAX_INFO_LOOKUPS = 50;
const MAX_ZONE_LOOKUPS = 20;

async function inBatches<T>(items: readonly T[], size: number, f: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(f));
}

// One part of the search failing (a client without domains, an API refusal) leaves the others standing.
async function attempt(skipped: string[], what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (e instanceof HostkitError && e.code === 'aborted') throw e;
    const message = e instanceof HostkitError ? errorText(e) : e instanceof Error ? e.message : String(e);
    skipped.push(`${what}: ${message.replace(/\.$/, '')}`);
  }
}

async function searchDeploi(
  q: string,
  call: Call,
  ctx: ToolContext,
  out: Match[],
  skipped: string[],
): Promise<void> {
  const needle = q.toLowerCase();
  const isIp = ipLike.test(q);
  let clients = (await ctx.backend.clients(ctx.signal)).map((c) => c.id);
  // A bare token knows no client list: the client's default client is used.
  if (clients.length === 0) clients = [0];
  for (const clientid of clients) {
    const scope = clientid === 0 ? {} : { clientid };
    const owner = clientid ? { clientid } : {};
    let servers: { id: number; name?: string; status?: string }[] = [];
    let names: string[] = [];
    await attempt(skipped, `Deploi servers of client ${clientid}`, async () => {
      servers = ((await call('deploi_get_servers', scope)).servers ?? []) as typeof servers;
      for (const s of servers) {
        if (String(s.id) === q || (s.name ?? '').toLowerCase().includes(needle)) {
          out.push({
            provider: 'deploi',
            kind: 'server',
            name: s.name ?? String(s.id),
            id: s.id,
            ...owner,
            detail: `status ${s.status ?? 'unknown'}`,
          });
        }
      }
    });
    await attempt(skipped, `Deploi domains of client ${clientid}`, async () => {
      const domains = ((await call('deploi_get_domains', scope)).domains ?? []) as {
        domain?: string;
        name?: string;
      }[];
      names = domains.map((d) => d.domain ?? d.name ?? '').filter(Boolean);
      for (const d of names) {
        if (d.toLowerCase().includes(needle))
          out.push({ provider: 'deploi', kind: 'domain', name: d, ...owner });
      }
    });
    if (!isIp) continue;
    if (servers.length > MAX_INFO_LOOKUPS)
      skipped.push(`IPs of Deploi servers after the first ${MAX_INFO_LOOKUPS} of client ${clientid}`);
    await inBatches(servers.slice(0, MAX_INFO_LOOKUPS), 5, (s) =>
      attempt(skipped, `IPs of Deploi server ${s.id}`, async () => {
        const info = (await call('deploi_get_server_info', { id: s.id })).serverInfo as
          | { virtual?: { mainip?: string; ips?: string[] } }
          | undefined;
        const ips = [info?.virtual?.mainip ?? '', ...(info?.virtual?.ips ?? [])];
        if (ips.some((ip) => ip.toLowerCase() === needle)) {
          out.push({
            provider: 'deploi',
            kind: 'server',
            name: s.name ?? String(s.id),
            id: s.id,
            ...owner,
            detail: `has IP ${q}`,
          });
        }
      }),
    );
    if (names.length > MAX_ZONE_LOOKUPS)
      skipped.push(`DNS records of domains after the first ${MAX_ZONE_LOOKUPS} of client ${clientid}`);
    await inBatches(names.slice(0, MAX_ZONE_LOOKUPS), 5, (domain) =>
      attempt(skipped, `DNS records of ${domain}`, async () => {
        const records = ((await call('deploi_get_domain_records', { domain })).records ?? []) as {
          type?: string;
          host?: string;
          value?: string;
        }[];
        for (const r of records) {
          if ((r.value ?? '').toLowerCase() === needle) {
            out.push({
              provider: 'deploi',
              kind: 'dns-record',
              name: `${r.host ?? ''} ${r.type ?? ''}`.trim(),
              detail: `${domain}: ${r.host} → ${r.value}`,
            });
          }
        }
      }),
    );
  }
}

async function searchSeflow(q: string, call: Call, out: Match[], skipped: string[]): Promise<void> {
  const needle = q.toLowerCase();
  await attempt(skipped, 'SeFlow portable IPs', async () => {
    const reply = await call('seflow_showportableip', {});
    const pairs = String(reply.statusmsg ?? '')
      .split(/\s+/)
      .map((p) => p.split(':'))
      .filter((p): p is [string, string] => p.length === 2 && Boolean(p[0]) && Boolean(p[1]));
    for (const [ip, routed] of pairs) {
      if (ip === needle || routed === needle) {
        out.push({ provider: 'seflow', kind: 'portable-ip', name: ip, detail: `routed to ${routed}` });
      }
    }
  });
  if (ipLike.test(q) || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(q)) return;
  try {
    const status = await call('seflow_checkstatus', { serverid: q });
    out.push({
      provider: 'seflow',
      kind: 'dedicated-server',
      name: q,
      id: q,
      detail: String(status.statusmsg ?? ''),
    });
  } catch (e) {
    // "No such server": not a match.
    if (!(e instanceof HostkitError && e.code === 'api_error')) throw e;
  }
}

/** hostkit_find: finds servers, domains and IPs by name, id or address across Deploi clients and SeFlow. */
export function findTool(): HostkitTool {
  const name = 'hostkit_find';
  return {
    name,
    title: 'Find a server, domain or IP',
    description:
      'Searches both providers for a server, domain or IP: Deploi servers and domains of every client (by name, id or IP, plus DNS records pointing at an IP) and SeFlow portable IPs and servers by name. Use it when you do not know which provider or client holds something.',
    group: 'hostkit',
    risk: 'read',
    billable: false,
    idempotent: true,
    openWorld: true,
    input,
    output,
    secrets: [],
    parse: (raw) => parseWith(name, input, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    async run(args, _plan, ctx) {
      const q = String(args.query);
      const matches: Match[] = [];
      const skipped: string[] = [];
      const call: Call = async (tool, a) =>
        (await ctx.backend.call(commandNamed(tool), a, ctx.signal)) as Record<string, unknown>;
      const { deploi, seflow } = ctx.backend.providers;
      const searches: Promise<void>[] = [];
      if (deploi) searches.push(searchDeploi(q, call, ctx, matches, skipped));
      else skipped.push('Deploi (not configured)');
      if (seflow) searches.push(searchSeflow(q, call, matches, skipped));
      else skipped.push('SeFlow (not configured)');
      const results = await Promise.allSettled(searches);
      for (const r of results) {
        if (r.status === 'rejected')
          skipped.push((r.reason instanceof Error ? r.reason.message : String(r.reason)).replace(/\.$/, ''));
      }
      const structured = { query: q, matches, skipped };
      const shown = matches
        .slice(0, 8)
        .map(
          (m) =>
            `${m.provider} ${m.kind} ${quote(m.name)}${m.id !== undefined && String(m.id) !== m.name ? ` (id ${quote(m.id)})` : ''}`,
        )
        .join('; ');
      // Names come from the APIs: quoted as JSON, so they read as data, never as instructions.
      const headline = `${matches.length} match${matches.length === 1 ? '' : 'es'} for ${quote(q)}${shown ? `: ${shown}` : ''}${skipped.length ? `. Not searched: ${skipped.join('; ')}` : ''}.`;
      return { structured, headline };
    },
  };
}

/** hostkit_list_clients: the Deploi clients (customer accounts) the login can act for. */
export function listClientsTool(defaultClientId: number | undefined): HostkitTool {
  const name = 'hostkit_list_clients';
  const empty = z.strictObject({});
  return {
    name,
    title: 'List the Deploi clients you can act for',
    description:
      'Lists the Deploi clients (customer accounts) this login can act for, with id and name, and which one is the default. Pass an id as clientid to any deploi_* tool to act for another client.',
    group: 'hostkit',
    risk: 'read',
    billable: false,
    idempotent: true,
    openWorld: true,
    input: empty,
    output: z.object({
      clients: z.array(z.object({ id: z.number(), name: z.string().optional() })),
      defaultClientId: z.number().optional(),
    }),
    secrets: [],
    parse: (raw) => parseWith(name, empty, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    async run(_args, _plan, ctx) {
      const clients = (await ctx.backend.clients(ctx.signal)).map((c) => ({
        id: c.id,
        ...(c.name === undefined ? {} : { name: c.name }),
      }));
      const def = defaultClientId ?? clients[0]?.id;
      const structured = { clients, ...(def === undefined ? {} : { defaultClientId: def }) };
      const list = clients
        .map(
          (c) =>
            `${c.name === undefined ? 'unnamed' : quote(c.name)} (id ${c.id}${c.id === def ? ', default' : ''})`,
        )
        .join('; ');
      const headline = clients.length
        ? `${clients.length} client${clients.length === 1 ? '' : 's'}: ${list}.`
        : 'No client list: the login is a bare token. Set HOSTKIT_DEPLOI_CLIENT_ID or pass clientid.';
      return { structured, headline };
    },
  };
}
