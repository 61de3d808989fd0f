import { quote } from '../text.js';
import {
  type Ctx,
  checkServer,
  DAY_MS,
  EXPIRY_WARNING_DAYS,
  serverText,
  throughRules,
  throughWaf,
} from './diagnose-checks.js';
import type { Diagnosis, Finding, Fix, Hop, Severity } from './diagnosis.js';
import { type FirewallFact, Inventory, type ServerFact, type SiteFact, type ZoneFact } from './inventory.js';
import type { TypedRead } from './typed-read.js';

export { BLOCKED_SHARE_LIMIT, EXPIRY_WARNING_DAYS, THRESHOLDS } from './diagnose-checks.js';

// Diagnosis: follows the path a request takes to a host (its zone and DNS records, the owner of the
// address they give, a firewall's forwarding rule or WAF site in front, the server behind, the site that
// should answer) and says what is wrong, ranked: the cause of an outage first, each with the evidence as
// data and the tool call that clears it. Reads only.

export interface DiagnoseOptions {
  /** Reads by tool name, typed from each command's output. */
  read: TypedRead;
  /** The Deploi clients to look at (`undefined`: the login's default client). */
  clients: readonly (number | undefined)[];
  seflow: boolean;
  /** Now, in epoch ms (for expiry dates). */
  now: number;
}

const rank: Record<Severity, number> = { outage: 0, degraded: 1, warning: 2 };
const order: Finding['where'][] = ['domain', 'dns', 'firewall', 'waf', 'site', 'server'];
const ipLike = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$/i;

/** What a request for `target` (a host name, site domain, server name or id, or an IP) runs into. */
export async function diagnose(target: string, options: DiagnoseOptions): Promise<Diagnosis> {
  const inv = new Inventory(options.read, options.clients, options.seflow);
  const path: Hop[] = [];
  const findings: Finding[] = [];
  const t = target.trim().toLowerCase().replace(/\.$/, '');
  const add = (f: Finding) => findings.push(f);
  const ctx: Ctx = { inv, path, add, now: options.now };

  let ips: string[] = [];
  let host: string | undefined;
  if (ipLike.test(t)) ips = [t];
  else {
    const servers = await inv.servers();
    const server = servers.find((s) => s.name.toLowerCase() === t || String(s.id) === t);
    if (server && !t.includes('.')) {
      path.push({ step: 'server', what: `server ${serverText(server)}` });
      await checkServer(ctx, server);
    } else {
      host = t;
      ips = await resolveHost(ctx, t);
    }
  }
  const site = host ? await siteOf(inv, host) : undefined;
  if (site) path.push({ step: 'site', what: `site ${quote(site.primarydomain)} (id ${site.siteid})` });
  for (const ip of ips) await followAddress(ctx, ip, host, site);
  // Two addresses of one name reaching the same server find its faults twice: each is said once.
  const seen = new Set<string>();
  const unique = findings.filter((f) => !seen.has(f.title) && seen.add(f.title));
  unique.sort(
    (a, b) => rank[a.severity] - rank[b.severity] || order.indexOf(a.where) - order.indexOf(b.where),
  );
  return {
    target,
    path: dedupe(path),
    findings: unique,
    ...(inv.unchecked.length ? { unchecked: [...new Set(inv.unchecked)] } : {}),
    reads: inv.reads,
  };
}

function dedupe(path: Hop[]): Hop[] {
  return path.filter((h, i) => path.findIndex((o) => o.what === h.what) === i);
}

async function siteOf(inv: Inventory, host: string): Promise<SiteFact | undefined> {
  const sites = await inv.sites();
  return sites.find((s) => s.primarydomain === host || s.domains.includes(host));
}

/** The zone's state and the host's address records; the addresses to follow. */
async function resolveHost(ctx: Ctx, host: string): Promise<string[]> {
  const { inv, add } = ctx;
  const zone = await inv.zoneOf(host);
  if (!zone) {
    inv.unchecked.push(
      `DNS: ${quote(host)} is in none of your Deploi zones, so its records could not be read`,
    );
    return [];
  }
  ctx.path.push({
    step: 'zone',
    what: `zone ${quote(zone.name)}${zone.clientid ? ` (client ${zone.clientid})` : ''}`,
  });
  checkZone(ctx, zone);
  const ns = await inv.read(
    'deploi_get_domain_name_servers',
    { domain: zone.name },
    `name servers of ${zone.name}`,
  );
  const servers = ns?.records ?? [];
  // Deploi's own name servers carry its name; any others serve the zone from elsewhere.
  const external = servers
    .map((r) => (r.value ?? '').replace(/\.$/, ''))
    .filter((v) => v && !/deploi/i.test(v));
  if (servers.length && external.length === servers.length)
    inv.unchecked.push(
      `DNS: ${quote(zone.name)} is delegated to ${external.map(quote).join(', ')}, not to Deploi: the records checked here may not be the ones the world sees`,
    );
  let name = host;
  for (let hops = 0; hops < 3; hops++) {
    const records = (await inv.records(zone.name)).filter(
      (r) => r.host === name || (name === zone.name && r.host === '@'),
    );
    const cname = records.find((r) => r.type === 'CNAME');
    if (cname) {
      const next = cname.value.toLowerCase().replace(/\.$/, '');
      ctx.path.push({ step: 'dns', what: `${quote(name)} CNAME ${quote(next)}` });
      if (!(await inv.zoneOf(next))) {
        inv.unchecked.push(`DNS: ${quote(name)} is an alias of ${quote(next)}, outside your Deploi zones`);
        return [];
      }
      name = next;
      continue;
    }
    const addresses = records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.value);
    if (addresses.length === 0) {
      add({
        severity: 'outage',
        where: 'dns',
        title: `${quote(name)} has no A, AAAA or CNAME record in ${quote(zone.name)}: the name does not resolve`,
        evidence: { zone: zone.name, host: name, records: records.map((r) => `${r.type} ${r.value}`) },
      });
      return [];
    }
    ctx.path.push({ step: 'dns', what: `${quote(name)} → ${addresses.map(quote).join(', ')}` });
    return addresses;
  }
  return [];
}

function checkZone(ctx: Ctx, zone: ZoneFact): void {
  const expires = zone.expiryDate ? Date.parse(zone.expiryDate) : Number.NaN;
  const renew: Fix = {
    tool: 'deploi_order_domain',
    arguments: {
      domain: zone.name,
      operation: 'register',
      ...(zone.clientid ? { clientid: zone.clientid } : {}),
    },
    note: 'registering your own expired or expiring domain renews it (billed at the renewal price)',
  };
  if (zone.status === 'expired') {
    ctx.add({
      severity: 'outage',
      where: 'domain',
      title: `The domain ${quote(zone.name)} has expired${zone.expiryDate ? ` (on ${zone.expiryDate})` : ''}: its names stop resolving`,
      evidence: { domain: zone.name, status: zone.status, expiryDate: zone.expiryDate },
      fix: renew,
    });
  } else if (Number.isFinite(expires) && expires < ctx.now) {
    // The date has passed but Deploi does not call it expired: a registry's grace period, most likely.
    ctx.add({
      severity: 'warning',
      where: 'domain',
      title: `The expiry date of ${quote(zone.name)} (${zone.expiryDate}) has passed, yet Deploi lists it as ${quote(zone.status)}: it may be in its grace period and stop resolving any day`,
      evidence: { domain: zone.name, status: zone.status, expiryDate: zone.expiryDate },
      fix: renew,
    });
  } else if (Number.isFinite(expires) && expires - ctx.now < EXPIRY_WARNING_DAYS * DAY_MS) {
    ctx.add({
      severity: 'warning',
      where: 'domain',
      title: `The domain ${quote(zone.name)} expires on ${zone.expiryDate}, in ${Math.ceil((expires - ctx.now) / DAY_MS)} days`,
      evidence: { domain: zone.name, expiryDate: zone.expiryDate },
      fix: renew,
    });
  }
}

/** Who holds an address, and what stands between it and the site. */
async function followAddress(
  ctx: Ctx,
  ip: string,
  host: string | undefined,
  site: SiteFact | undefined,
): Promise<void> {
  const { inv } = ctx;
  const [servers, firewalls, portable] = await Promise.all([
    inv.servers(),
    inv.firewalls(),
    inv.portableIps(),
  ]);
  const firewall = firewalls.find((f) => f.ips.includes(ip));
  if (firewall) {
    ctx.path.push({
      step: 'firewall',
      what: `${firewall.type === 'waf' ? 'WAF' : 'firewall'} ${quote(firewall.name)} (id ${firewall.id}) at ${quote(ip)}`,
    });
    const behind =
      firewall.type === 'waf'
        ? await throughWaf(ctx, firewall, host)
        : await throughRules(ctx, firewall, ip, servers);
    if (behind) await reached(ctx, behind, host, site, firewall, ip);
    return;
  }
  const server = servers.find((s) => s.ips.includes(ip));
  if (server) {
    ctx.path.push({ step: 'server', what: `server ${serverText(server)}` });
    await reached(ctx, server, host, site, undefined, ip);
    return;
  }
  const p = portable.find((x) => x.ip === ip);
  if (p) {
    ctx.path.push({ step: 'portable-ip', what: `SeFlow portable IP ${quote(ip)} → ${quote(p.routedTo)}` });
    inv.unchecked.push(
      `SeFlow: ${quote(p.routedTo)} is a SeFlow server, but SeFlow does not say which: check it by name with seflow_checkstatus`,
    );
    return;
  }
  inv.unchecked.push(
    `${quote(ip)} is held by none of your Deploi servers or firewalls, nor a SeFlow portable IP: nothing behind it could be checked`,
  );
}

/** The server a request reached; checked, and compared with where the site lives. */
async function reached(
  ctx: Ctx,
  server: ServerFact,
  host: string | undefined,
  site: SiteFact | undefined,
  via: FirewallFact | undefined,
  ip: string,
): Promise<void> {
  await checkServer(ctx, server);
  if (!site || site.serverid === undefined || !host) return;
  if (site.serverid === server.id) {
    if (site.certificate === false && !via)
      ctx.add({
        severity: 'degraded',
        where: 'site',
        title: `The site ${quote(site.primarydomain)} has no TLS certificate: HTTPS to it fails`,
        evidence: { siteid: site.siteid, certificate: false },
        fix: { tool: 'deploi_create_certificate', arguments: { siteid: site.siteid } },
      });
    return;
  }
  const home = (await ctx.inv.servers()).find((s) => s.id === site.serverid);
  const zone = await ctx.inv.zoneOf(host);
  if (via) {
    if (via.type !== 'waf' || !home) return;
    ctx.add({
      severity: 'outage',
      where: 'waf',
      title: `The WAF site for ${quote(host)} forwards to ${serverText(server)}, but the site lives on ${serverText(home)}`,
      evidence: { forwardsTo: server.id, siteServer: home.id },
    });
    return;
  }
  const type = ip.includes(':') ? 'AAAA' : 'A';
  const right = type === 'A' ? home?.mainip : home?.ips.find((a) => a.includes(':'));
  ctx.add({
    severity: 'outage',
    where: 'dns',
    title: `DNS sends ${quote(host)} (${type} ${quote(ip)}) to ${serverText(server)}, but its site lives on ${home ? serverText(home) : `server ${site.serverid}`}`,
    evidence: { host, type, pointsAt: ip, server: server.id, siteServer: site.serverid, siteServerIp: right },
    ...(right && zone
      ? {
          fix: {
            tool: 'hostkit_upsert_dns_record',
            arguments: { domain: zone.name, type, host, value: right, options: { ttl: 3600 } },
          },
        }
      : {}),
  });
}
