import type { ReadRow } from '../results/list.js';

// What a workflow needs to know of an account, read once per run and shared: servers with their
// addresses, firewalls with theirs, zones and their records, sites, SeFlow portable IPs. Each part is
// read on first use, in parallel where it can be, and a part that cannot be read is noted, not fatal.

type Obj = Record<string, unknown>;

export interface ServerFact {
  id: number;
  name: string;
  clientid: number | undefined;
  status: string;
  mainip: string | undefined;
  ips: string[];
  running: boolean | undefined;
  suspended: boolean | undefined;
  disks: { id: string; size: number }[];
}

export interface FirewallFact {
  id: number;
  name: string;
  type: string;
  clientid: number | undefined;
  ips: string[];
}

export interface ZoneFact {
  name: string;
  clientid: number | undefined;
  status: string;
  expiryDate: string | undefined;
}

export interface RecordFact {
  type: string;
  host: string;
  value: string;
  ttl: number | undefined;
}

export interface SiteFact {
  siteid: number;
  primarydomain: string;
  serverid: number | undefined;
  domains: string[];
  certificate: boolean | undefined;
}

const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** Runs `f` over `items`, a few at a time. */
export async function each<T, R>(items: readonly T[], f: (item: T) => Promise<R>, size = 8): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

/** An account's facts, read lazily and once. */
export class Inventory {
  /** Parts that could not be read, and why. */
  readonly unchecked: string[] = [];
  /** Requests made. */
  reads = 0;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly readRow: ReadRow,
    /** The Deploi clients to look at (`undefined`: the login's default client). */
    readonly clients: readonly (number | undefined)[],
    /** Whether SeFlow is configured. */
    readonly seflow: boolean,
  ) {}

  /** One read, counted; a failure becomes a note and an empty answer. */
  async read(tool: string, input: Obj, what: string): Promise<Obj> {
    this.reads += 1;
    try {
      return await this.readRow(tool, input);
    } catch (e) {
      this.unchecked.push(`${what}: ${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}`);
      return {};
    }
  }

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      this.memo.set(key, p);
    }
    return p;
  }

  private scope(clientid: number | undefined): Obj {
    return clientid === undefined ? {} : { clientid };
  }

  /** Every server of every client, with its addresses and disks (one read per server for those). */
  servers(): Promise<ServerFact[]> {
    return this.once('servers', async () => {
      const rows = (
        await Promise.all(
          this.clients.map(async (c) =>
            list(
              (
                await this.read(
                  'deploi_get_servers',
                  this.scope(c),
                  `Deploi servers of client ${c ?? 'default'}`,
                )
              ).servers,
            ).map((r) => ({ r, c })),
          ),
        )
      ).flat();
      return each(rows, async ({ r, c }) => {
        const info = (
          await this.read('deploi_get_server_info', { id: num(r.id) }, `details of server ${str(r.id)}`)
        ).serverInfo as Obj | undefined;
        const v = (info?.virtual ?? {}) as Obj;
        const mainip = str(v.mainip) || undefined;
        return {
          id: num(r.id) ?? 0,
          name: str(r.name),
          clientid: c,
          status: str(r.status),
          mainip,
          ips: [...new Set([...(mainip ? [mainip] : []), ...list(v.ips).map(str)])],
          running: typeof v.running === 'boolean' ? v.running : undefined,
          suspended: typeof v.suspended === 'boolean' ? v.suspended : undefined,
          disks: list(v.disks).map((d) => ({ id: str(d.id), size: num(d.size) ?? 0 })),
        };
      });
    });
  }

  /** Every firewall of every client, with its public IPs (one read per firewall for those). */
  firewalls(): Promise<FirewallFact[]> {
    return this.once('firewalls', async () => {
      const rows = (
        await Promise.all(
          this.clients.map(async (c) =>
            list(
              (
                await this.read(
                  'deploi_get_firewalls',
                  this.scope(c),
                  `firewalls of client ${c ?? 'default'}`,
                )
              ).firewalls,
            ).map((r) => ({ r, c })),
          ),
        )
      ).flat();
      return each(rows, async ({ r, c }) => {
        const ips = list(
          (
            await this.read(
              'deploi_get_firewall_public_ips',
              { id: num(r.id) },
              `public IPs of firewall ${str(r.id)}`,
            )
          ).publicIPv4s,
        ).map(str);
        return { id: num(r.id) ?? 0, name: str(r.name), type: str(r.type), clientid: c, ips };
      });
    });
  }

  /** Every zone (domain) of every client. */
  zones(): Promise<ZoneFact[]> {
    return this.once('zones', async () =>
      (
        await Promise.all(
          this.clients.map(async (c) =>
            list(
              (
                await this.read('deploi_get_domains', this.scope(c), `domains of client ${c ?? 'default'}`)
              ).domains,
            ).map((d) => ({
              name: str(d.name ?? d.domain).toLowerCase(),
              clientid: c,
              status: str(d.status),
              expiryDate: str(d.expiryDate) || undefined,
            })),
          ),
        )
      ).flat(),
    );
  }

  /** The records of one zone. */
  records(zone: string): Promise<RecordFact[]> {
    return this.once(`records:${zone}`, async () =>
      list(
        (await this.read('deploi_get_domain_records', { domain: zone }, `DNS records of ${zone}`)).records,
      ).map((r) => ({
        type: str(r.type).toUpperCase(),
        host: str(r.host).toLowerCase().replace(/\.$/, ''),
        value: str(r.value),
        ttl: num((r.options as Obj | undefined)?.ttl),
      })),
    );
  }

  /** Every site, with its domains, certificate and server (one read per site for those). */
  sites(): Promise<SiteFact[]> {
    return this.once('sites', async () => {
      if (this.clients.length === 0) return [];
      const rows = list((await this.read('deploi_get_sites', {}, 'sites')).data);
      return each(rows, async (r) => {
        const data = ((await this.read('deploi_get_site', { siteid: num(r.siteid) }, `site ${str(r.siteid)}`))
          .data ?? {}) as Obj;
        return {
          siteid: num(r.siteid) ?? 0,
          primarydomain: str(r.primarydomain).toLowerCase(),
          serverid: num(data.serverid),
          domains: list(data.domene).map((d) => str(d).toLowerCase()),
          certificate:
            typeof data.certificate === 'boolean'
              ? data.certificate
              : typeof data.certifificate === 'boolean'
                ? data.certifificate
                : undefined,
        };
      });
    });
  }

  /** SeFlow portable IPs and where they point. */
  portableIps(): Promise<{ ip: string; routedTo: string }[]> {
    return this.once('portable', async () => {
      if (!this.seflow) return [];
      const reply = await this.read('seflow_showportableip', {}, 'SeFlow portable IPs');
      return list(reply.portableIps).map((p) => ({ ip: str(p.ip), routedTo: str(p.routedTo) }));
    });
  }

  /** The zone a host name belongs to: the longest of the account's zones it ends with. */
  async zoneOf(host: string): Promise<ZoneFact | undefined> {
    const h = host.toLowerCase().replace(/\.$/, '');
    const zones = (await this.zones()).filter((z) => h === z.name || h.endsWith(`.${z.name}`));
    return zones.sort((a, b) => b.name.length - a.name.length)[0];
  }
}
