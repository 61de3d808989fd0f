import type { ToolName } from '../registry/registry.js';
import type { ToolInput, ToolOutput, TypedRead } from './typed-read.js';

// What a workflow needs to know of an account, read once per run and shared: servers with their
// addresses, firewalls with theirs, zones and their records, sites, SeFlow portable IPs. Each part is
// read on first use, in parallel where it can be, and a part that cannot be read is noted, not fatal.

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

// Typed parameters, not `unknown`: a field renamed in its schema reads as `unknown` (the index signature
// of a looseObject) and so fails to compile here.
const str = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
const num = (v: number | string | undefined): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};
/** A field the schema does not name (read through the index signature), as text. */
const loose = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

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
    private readonly typedRead: TypedRead,
    /** The Deploi clients to look at (`undefined`: the login's default client). */
    readonly clients: readonly (number | undefined)[],
    /** Whether SeFlow is configured. */
    readonly seflow: boolean,
  ) {}

  /** One read, counted, typed from the command's output; a failure becomes a note and no answer. */
  async read<T extends ToolName>(
    tool: T,
    input: ToolInput<T>,
    what: string,
  ): Promise<ToolOutput<T> | undefined> {
    this.reads += 1;
    try {
      return await this.typedRead(tool, input);
    } catch (e) {
      this.unchecked.push(`${what}: ${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}`);
      return undefined;
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

  private scope(clientid: number | undefined): { clientid?: number } {
    return clientid === undefined ? {} : { clientid };
  }

  /** Every server of every client, with its addresses and disks (one read per server for those). */
  servers(): Promise<ServerFact[]> {
    return this.once('servers', async () => {
      const rows = (
        await Promise.all(
          this.clients.map(async (c) =>
            (
              (
                await this.read(
                  'deploi_get_servers',
                  this.scope(c),
                  `Deploi servers of client ${c ?? 'default'}`,
                )
              )?.servers ?? []
            ).map((r) => ({ r, c })),
          ),
        )
      ).flat();
      return each(rows, async ({ r, c }) => {
        const v = (await this.read('deploi_get_server_info', { id: r.id }, `details of server ${r.id}`))
          ?.serverInfo?.virtual;
        const mainip: string | undefined = v?.mainip || undefined;
        const ips: string[] = v?.ips ?? [];
        const running: boolean | undefined = v?.running;
        const suspended: boolean | undefined = v?.suspended;
        return {
          id: r.id,
          name: str(r.name),
          clientid: c,
          status: str(r.status),
          mainip,
          ips: [...new Set([...(mainip ? [mainip] : []), ...ips])],
          running,
          suspended,
          disks: (v?.disks ?? []).map((d) => ({ id: str(d.id), size: num(d.size) ?? 0 })),
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
            (
              (
                await this.read(
                  'deploi_get_firewalls',
                  this.scope(c),
                  `firewalls of client ${c ?? 'default'}`,
                )
              )?.firewalls ?? []
            ).map((r) => ({ r, c })),
          ),
        )
      ).flat();
      return each(rows, async ({ r, c }) => {
        const id = num(r.id);
        const what = `public IPs of firewall ${str(r.id)}`;
        // A firewall without an id cannot be asked for its IPs: noted, as a failed read would be.
        if (id === undefined) this.unchecked.push(`${what}: it has no id`);
        const ips: string[] =
          id === undefined
            ? []
            : ((await this.read('deploi_get_firewall_public_ips', { id }, what))?.publicIPv4s ?? []);
        return { id: id ?? 0, name: str(r.name), type: str(r.type), clientid: c, ips };
      });
    });
  }

  /** Every zone (domain) of every client. */
  zones(): Promise<ZoneFact[]> {
    return this.once('zones', async () =>
      (
        await Promise.all(
          this.clients.map(async (c) =>
            (
              (
                await this.read('deploi_get_domains', this.scope(c), `domains of client ${c ?? 'default'}`)
              )?.domains ?? []
            ).map((d) => ({
              // `domain` is no field of the schema: read as the API may send it.
              name: (d.name ?? loose(d.domain)).toLowerCase(),
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
      (
        (await this.read('deploi_get_domain_records', { domain: zone }, `DNS records of ${zone}`))?.records ??
        []
      ).map((r) => ({
        type: str(r.type).toUpperCase(),
        host: str(r.host).toLowerCase().replace(/\.$/, ''),
        value: str(r.value),
        ttl: num(r.options?.ttl),
      })),
    );
  }

  /** Every site, with its domains, certificate and server (one read per site for those). */
  sites(): Promise<SiteFact[]> {
    return this.once('sites', async () => {
      if (this.clients.length === 0) return [];
      const rows = (await this.read('deploi_get_sites', {}, 'sites'))?.data ?? [];
      return each(rows, async (r) => {
        const siteid = num(r.siteid);
        const what = `site ${str(r.siteid)}`;
        // A site without an id cannot be asked for its details: noted, as a failed read would be.
        if (siteid === undefined) this.unchecked.push(`${what}: it has no id`);
        const data =
          siteid === undefined ? undefined : (await this.read('deploi_get_site', { siteid }, what))?.data;
        const domains: string[] = data?.domene ?? [];
        // The field list spells it `certifificate`: either spelling is read.
        const certificate: boolean | undefined = data?.certificate ?? data?.certifificate;
        return {
          siteid: siteid ?? 0,
          primarydomain: str(r.primarydomain).toLowerCase(),
          serverid: num(data?.serverid),
          domains: domains.map((d) => d.toLowerCase()),
          certificate,
        };
      });
    });
  }

  /** SeFlow portable IPs and where they point. */
  portableIps(): Promise<{ ip: string; routedTo: string }[]> {
    return this.once('portable', async () => {
      if (!this.seflow) return [];
      const reply = await this.read('seflow_showportableip', {}, 'SeFlow portable IPs');
      return (reply?.portableIps ?? []).map((p) => ({ ip: p.ip, routedTo: p.routedTo }));
    });
  }

  /** The zone a host name belongs to: the longest of the account's zones it ends with. */
  async zoneOf(host: string): Promise<ZoneFact | undefined> {
    const h = host.toLowerCase().replace(/\.$/, '');
    const zones = (await this.zones()).filter((z) => h === z.name || h.endsWith(`.${z.name}`));
    return zones.sort((a, b) => b.name.length - a.name.length)[0];
  }
}
