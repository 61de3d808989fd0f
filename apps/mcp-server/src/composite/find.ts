import {
  HostkitError,
  listQueryShape,
  moreText,
  narrow,
  quote,
  type Row,
  type TypedRead,
  table,
  ValidationError,
} from '@hostkit/core';
import { z } from 'zod';
import { errorText } from '../result';
import { counted, RESULT_BUDGET } from '../results';
import { type HostkitTool, parseWith, READ_ONLY } from '../tools';
import { typedRead } from './typed-read';

const KINDS = [
  'server',
  'domain',
  'dns-record',
  'firewall',
  'site',
  'portable-ip',
  'dedicated-server',
] as const;

const input = z.strictObject({
  query: z
    .string()
    .trim()
    .min(2)
    .max(253)
    .describe(
      'What to look for: part of a name (server, domain, firewall, site, DNS record host or value), a Deploi server id, a SeFlow server name, or an IPv4/IPv6 address.',
    ),
  kinds: z
    .array(z.enum(KINDS))
    .min(1)
    .optional()
    .describe(
      'Only these kinds of match (default all): server, domain, dns-record, firewall, site, portable-ip, dedicated-server.',
    ),
  clientid: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Only this Deploi client (default every client you can act for).'),
  limit: listQueryShape.limit,
  cursor: listQueryShape.cursor,
});

const match = z.object({
  provider: z.enum(['deploi', 'seflow']),
  kind: z.enum(KINDS),
  name: z.string(),
  id: z.union([z.number(), z.string()]).optional(),
  clientid: z.number().optional(),
  ip: z.string().optional(),
  /** A firewall's public IPv4s: where its rules can listen. */
  ips: z.array(z.string()).optional(),
  domain: z.string().optional(),
  type: z.string().optional(),
  value: z.string().optional(),
  detail: z.string().optional(),
});

const output = z.object({
  query: z.string(),
  matches: z.array(match),
  total: z.number(),
  next: z.string().optional(),
  /** What was searched, as counts: the search never stops without saying so. */
  searched: z.record(z.string(), z.number()),
  /** Parts that could not be searched, and why. */
  skipped: z.array(z.string()).optional(),
});

type Match = z.output<typeof match>;

const ipLike = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;
const CONCURRENCY = 8;

/** Runs `f` over `items`, a few at a time. */
async function each<T>(items: readonly T[], f: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY)
    await Promise.all(items.slice(i, i + CONCURRENCY).map(f));
}

interface Search {
  q: string;
  needle: string;
  isIp: boolean;
  wants: (kind: Match['kind']) => boolean;
  read: TypedRead;
  out: Match[];
  searched: Record<string, number>;
  skipped: string[];
}

const count = (s: Search, what: string, n = 1) => {
  s.searched[what] = (s.searched[what] ?? 0) + n;
};

// One part of the search failing (a client without domains, an API refusal) leaves the others standing.
async function attempt(s: Search, what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (e instanceof HostkitError && e.code === 'aborted') throw e;
    const message = e instanceof HostkitError ? errorText(e) : e instanceof Error ? e.message : String(e);
    s.skipped.push(`${what}: ${message.replace(/\.$/, '')}`);
  }
}

const has = (s: Search, v: unknown) => typeof v === 'string' && v.toLowerCase().includes(s.needle);
/** A server's main IP, from GetServerInfo (GetServers has none); a read that fails gives none. */
async function mainIpOf(s: Search, id: number): Promise<string | undefined> {
  const reply = await s.read('deploi_get_server_info', { id }).catch(() => undefined);
  // Typed, so a field renamed in GetServerInfo's output fails to compile here.
  const ip: string | undefined = reply?.serverInfo?.virtual?.mainip;
  return ip;
}

async function searchClient(s: Search, clientid: number | undefined): Promise<void> {
  const scope = clientid === undefined ? {} : { clientid };
  const owner = clientid === undefined ? {} : { clientid };
  const where = clientid === undefined ? 'the default client' : `client ${clientid}`;
  if (s.wants('server')) {
    await attempt(s, `Deploi servers of ${where}`, async () => {
      const servers = (await s.read('deploi_get_servers', scope)).servers ?? [];
      count(s, 'servers', servers.length);
      // An IP can only be matched against every server's main IP: one read per server.
      const candidates = s.isIp ? servers : servers.filter((r) => String(r.id) === s.q || has(s, r.name));
      await each(candidates, async (r) => {
        const ip = await mainIpOf(s, r.id);
        if (s.isIp && ip?.toLowerCase() !== s.needle) return;
        s.out.push({
          provider: 'deploi',
          kind: 'server',
          name: r.name ?? String(r.id),
          id: r.id,
          ...owner,
          ...(ip ? { ip } : {}),
          detail: `status ${r.status ?? 'unknown'}`,
        });
      });
      if (s.isIp) count(s, 'server IPs', servers.length);
    });
  }
  if (s.wants('firewall')) {
    await attempt(s, `Deploi firewalls of ${where}`, async () => {
      const firewalls = (await s.read('deploi_get_firewalls', scope)).firewalls ?? [];
      count(s, 'firewalls', firewalls.length);
      await each(firewalls, async (f) => {
        // Nothing can be done with a firewall without its id.
        if (f.id === undefined) return;
        const named = has(s, f.name) || String(f.id) === s.q;
        // An IP is matched against every firewall's addresses; a firewall found by name brings its own,
        // which a new rule needs (src-ip).
        if (!s.isIp && !named) return;
        const id = f.id;
        const ips = (await s.read('deploi_get_firewall_public_ips', { id })).publicIPv4s ?? [];
        count(s, 'firewall IPs');
        if (named || ips.includes(s.needle))
          s.out.push({
            provider: 'deploi',
            kind: 'firewall',
            name: f.name ?? String(id),
            id,
            ...owner,
            ...(ips[0] ? { ip: s.isIp ? s.needle : ips[0] } : {}),
            ...(ips.length ? { ips } : {}),
            detail: `type ${f.type ?? ''}`,
          });
      });
    });
  }
  if (!s.wants('domain') && !s.wants('dns-record')) return;
  await attempt(s, `Deploi domains of ${where}`, async () => {
    const domains = ((await s.read('deploi_get_domains', scope)).domains ?? []).flatMap((d) =>
      d.name ? [d.name] : [],
    );
    count(s, 'domains', domains.length);
    if (s.wants('domain'))
      for (const d of domains)
        if (has(s, d)) s.out.push({ provider: 'deploi', kind: 'domain', name: d, ...owner });
    if (!s.wants('dns-record')) return;
    // Record names and values, in every zone: one read per domain.
    await each(domains, (domain) =>
      attempt(s, `DNS records of ${quote(domain)}`, async () => {
        const records = (await s.read('deploi_get_domain_records', { domain })).records ?? [];
        count(s, 'zones');
        count(s, 'DNS records', records.length);
        for (const r of records) {
          const exact = s.isIp
            ? (r.value ?? '').toLowerCase() === s.needle
            : has(s, r.host) || has(s, r.value);
          if (exact)
            s.out.push({
              provider: 'deploi',
              kind: 'dns-record',
              name: r.host ?? '',
              domain,
              type: r.type ?? '',
              value: r.value ?? '',
              ...owner,
            });
        }
      }),
    );
  });
}

async function searchSeflow(s: Search): Promise<void> {
  if (s.wants('portable-ip')) {
    await attempt(s, 'SeFlow portable IPs', async () => {
      const ips = (await s.read('seflow_showportableip', {})).portableIps ?? [];
      count(s, 'portable IPs', ips.length);
      for (const p of ips)
        if (p.ip === s.needle || p.routedTo === s.needle || (!s.isIp && p.ip.includes(s.needle)))
          s.out.push({
            provider: 'seflow',
            kind: 'portable-ip',
            name: p.ip,
            ip: p.ip,
            detail: `routed to ${p.routedTo}`,
          });
    });
  }
  // SeFlow has no server list: a name is checked as given.
  if (!s.wants('dedicated-server') || s.isIp || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s.q)) return;
  try {
    const status = await s.read('seflow_checkstatus', { serverid: s.q });
    count(s, 'SeFlow servers');
    s.out.push({
      provider: 'seflow',
      kind: 'dedicated-server',
      name: s.q,
      id: s.q,
      detail: status.statusmsg,
    });
  } catch (e) {
    // "No such server": not a match.
    if (!(e instanceof HostkitError && e.code === 'api_error')) throw e;
    count(s, 'SeFlow servers');
  }
}

/** hostkit_find: finds servers, domains, DNS records, firewalls, sites and IPs across Deploi clients and SeFlow. */
export function findTool(): HostkitTool {
  const name = 'hostkit_find';
  return {
    name,
    title: 'Find a server, domain, record or IP',
    description:
      'Searches both providers by name, id or address: Deploi servers (with their main IP), domains, DNS records (host names and values in every zone), firewalls (with their public IPs) and sites of every client, SeFlow portable IPs and servers by name. Returns each match with its client, id and IP. Costs one request per client and kind, one per zone, one per firewall found, and for an IP one per server and firewall. Use it when you do not know which provider, client or zone holds something.',
    group: 'hostkit',
    ...READ_ONLY,
    input,
    output,
    parse: (raw) => parseWith(name, input, raw),
    async run(args, _plan, ctx) {
      const q = String(args.query);
      const kinds = args.kinds as Match['kind'][] | undefined;
      const query = {
        ...(args.limit === undefined ? {} : { limit: Number(args.limit) }),
        ...(args.cursor === undefined ? {} : { cursor: String(args.cursor) }),
        scope: JSON.stringify([q, kinds ?? [], args.clientid ?? null]),
      };
      // A cursor of another search is refused before anything is searched.
      if (query.cursor !== undefined) narrowOrRefuse([], query);
      const s: Search = {
        q,
        needle: q.toLowerCase(),
        isIp: ipLike.test(q),
        wants: (k) => !kinds || kinds.includes(k),
        read: typedRead(ctx),
        out: [],
        searched: {},
        skipped: [],
      };
      const { deploi, seflow } = ctx.backend.providers;
      const searches: Promise<void>[] = [];
      if (deploi) {
        const clients =
          args.clientid === undefined
            ? (await ctx.backend.clients(ctx.signal)).map((c) => c.id)
            : [Number(args.clientid)];
        count(s, 'clients', clients.length);
        // A bare token knows no client list: its default client is searched.
        searches.push(...(clients.length ? clients : [undefined]).map((c) => searchClient(s, c)));
        if (s.wants('site'))
          searches.push(
            attempt(s, 'Deploi sites', async () => {
              const sites = (await s.read('deploi_get_sites', {})).data ?? [];
              count(s, 'sites', sites.length);
              for (const site of sites)
                if (has(s, site.primarydomain) || String(site.siteid) === q)
                  s.out.push({
                    provider: 'deploi',
                    kind: 'site',
                    name: site.primarydomain ?? String(site.siteid),
                    ...(site.siteid === undefined ? {} : { id: site.siteid }),
                  });
            }),
          );
      } else s.skipped.push('Deploi (not configured)');
      if (seflow) searches.push(searchSeflow(s));
      else s.skipped.push('SeFlow (not configured)');
      for (const r of await Promise.allSettled(searches))
        if (r.status === 'rejected')
          s.skipped.push(
            (r.reason instanceof Error ? r.reason.message : String(r.reason)).replace(/\.$/, ''),
          );
      // Exact names first, then the rest in the order found.
      // Exact names first; then by kind, client and id, so the order does not depend on which read came back first.
      const exact = (m: Match) =>
        m.name.toLowerCase() === s.needle || String(m.id) === q || m.ip === s.needle ? 0 : 1;
      const rank = (m: Match) => [exact(m), KINDS.indexOf(m.kind), m.clientid ?? 0] as const;
      const sorted = [...s.out].sort((a, b) => {
        const [x, y] = [rank(a), rank(b)];
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
        return (
          String(a.domain ?? '').localeCompare(String(b.domain ?? '')) ||
          String(a.id ?? a.name).localeCompare(String(b.id ?? b.name), undefined, { numeric: true })
        );
      });
      let page = narrowOrRefuse(sorted, query);
      while (JSON.stringify(page.rows).length > RESULT_BUDGET * 0.9 && page.rows.length > 1)
        page = narrowOrRefuse(sorted, { ...query, limit: Math.ceil(page.rows.length / 2) });
      const structured = {
        query: q,
        matches: page.rows,
        total: page.total,
        ...(page.next ? { next: page.next } : {}),
        searched: s.searched,
        ...(s.skipped.length ? { skipped: s.skipped } : {}),
      };
      const searched = Object.entries(s.searched)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      const more = moreText(page, page.rows.length, 'match', 'matches');
      const head = `${counted(page.total, 'match')} for ${quote(q)}${page.rows.length < page.total ? `, ${page.rows.length} shown` : ''} (searched ${searched || 'nothing'}).${more ? ` ${more.replace('narrow with where, match or fields', 'narrow with kinds or clientid')}` : ''}${s.skipped.length ? ` Not searched: ${s.skipped.join('; ')}.` : ''}`;
      const text = [
        head,
        ...table(page.rows as Row[], [
          'kind',
          'name',
          'id',
          'ip',
          'ips',
          'clientid',
          'domain',
          'type',
          'value',
          'detail',
        ]),
      ].join('\n');
      return { structured, headline: head, text };
    },
  };
}

function narrowOrRefuse(rows: readonly Match[], query: { limit?: number; cursor?: string; scope: string }) {
  try {
    return narrow(rows as readonly Row[], query);
  } catch (e) {
    throw new ValidationError('hostkit_find', [{ path: 'cursor', message: (e as Error).message }]);
  }
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
    ...READ_ONLY,
    input: empty,
    output: z.object({
      clients: z.array(z.object({ id: z.number(), name: z.string().optional() })),
      defaultClientId: z.number().optional(),
    }),
    parse: (raw) => parseWith(name, empty, raw),
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
