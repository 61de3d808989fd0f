import type { CommandInput } from '../registry/define.js';
import type { CommandByTool } from '../registry/registry.js';
import { quote } from '../text.js';
import type { Finding, Fix, Hop } from './diagnosis.js';
import type { FirewallFact, Inventory, ServerFact } from './inventory.js';
import type { ToolOutput } from './typed-read.js';
import { usageOf } from './usage.js';

// The checks of hostkit_diagnose at each thing on the path: a server's state and usage, an IP
// firewall's forwarding rules, a WAF site's mode, blocks and certificate.

/** Usage at or above these per cents is a finding (disk: degraded from 95). */
export const THRESHOLDS = { cpu: 90, ram: 90, disk: 90, diskCritical: 95 } as const;
/** Domains and certificates expiring within this many days are a warning. */
export const EXPIRY_WARNING_DAYS = 30;
/** A WAF blocking more than this share of requests is stopping real visitors too. */
export const BLOCKED_SHARE_LIMIT = 0.05;

export const DAY_MS = 86_400_000;
const pct = (n: number) => `${Math.round(n)} %`;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.parseFloat(String(v ?? '')));

type ReverseProxyInfo = NonNullable<ToolOutput<'deploi_get_reverse_proxy_info'>['reverseProxyInfo']>;

/** What the checks share: the account, the path so far, where findings go, and now. */
export interface Ctx {
  inv: Inventory;
  path: Hop[];
  add(f: Finding): void;
  now: number;
}

export function serverText(s: ServerFact): string {
  return `${quote(s.name)} (id ${s.id})`;
}

export async function checkServer(ctx: Ctx, server: ServerFact): Promise<void> {
  const { inv, add } = ctx;
  if (server.status === 'off' || server.running === false) {
    add({
      severity: 'outage',
      where: 'server',
      title: `The server ${serverText(server)} is off`,
      evidence: { server: server.id, status: server.status, running: server.running },
      fix: {
        tool: 'deploi_restart_virtual_server',
        arguments: { id: server.id },
        note: 'starts a server that is off (the API has no separate start command)',
      },
    });
    return;
  }
  if (server.suspended) {
    add({
      severity: 'outage',
      where: 'server',
      title: `The server ${serverText(server)} is suspended by Deploi: ask Deploi support why`,
      evidence: { server: server.id, suspended: true },
    });
    return;
  }
  if (server.status !== 'active') {
    inv.unchecked.push(`usage of ${serverText(server)}: it is ${quote(server.status)}`);
    return;
  }
  const [cpu, ram, disk] = await Promise.all([
    inv.read('deploi_monitor_cpu', { id: server.id }, `CPU of ${server.name}`),
    inv.read('deploi_monitor_ram', { id: server.id }, `RAM of ${server.name}`),
    inv.read('deploi_monitor_disk', { id: server.id }, `disk of ${server.name}`),
  ]);
  const usage = usageOf(cpu, ram, disk);
  const cpuUsed = usage.cpuPercent ?? Number.NaN;
  const ramUsed = usage.ramPercent ?? Number.NaN;
  const diskUsed = usage.diskPercent ?? Number.NaN;
  const largest = [...server.disks].sort((a, b) => b.size - a.size)[0];
  if (diskUsed >= THRESHOLDS.disk)
    add({
      severity: diskUsed >= THRESHOLDS.diskCritical ? 'degraded' : 'warning',
      where: 'server',
      title: `The disk of ${serverText(server)} is ${pct(diskUsed)} full`,
      evidence: { server: server.id, diskUsedPercent: diskUsed, disks: server.disks },
      ...(largest
        ? {
            fix: {
              tool: 'deploi_update_virtual_server',
              arguments: {
                id: server.id,
                diskChange: [{ id: largest.id, size: Math.ceil((largest.size * 1.5) / 10) * 10 }],
              },
            },
          }
        : {}),
    });
  if (cpuUsed >= THRESHOLDS.cpu)
    add({
      severity: 'warning',
      where: 'server',
      title: `${serverText(server)} runs at ${pct(cpuUsed)} CPU`,
      evidence: { server: server.id, cpuUsedPercent: cpuUsed },
    });
  if (Number.isFinite(ramUsed) && ramUsed >= THRESHOLDS.ram)
    add({
      severity: 'warning',
      where: 'server',
      title: `${serverText(server)} uses ${pct(ramUsed)} of its RAM`,
      evidence: { server: server.id, ramUsedPercent: Math.round(ramUsed) },
    });
}

/** An IP firewall: the web ports it forwards for this address, and the server they reach. */
export async function throughRules(
  ctx: Ctx,
  firewall: FirewallFact,
  ip: string,
  servers: ServerFact[],
): Promise<ServerFact | undefined> {
  const reply = await ctx.inv.read(
    'deploi_get_firewall_rules',
    { id: firewall.id },
    `rules of firewall ${firewall.name}`,
  );
  // Each field into a typed place, so a field renamed in GetFirewallRules' output fails to compile here.
  const rules = (reply?.firewallRules?.rules ?? [])
    .map((r): { srcIp: string | undefined; srcPort: number | undefined; dstIp: string | undefined } => ({
      srcIp: r['src-ip'],
      srcPort: r['src-port'],
      dstIp: r['dst-ip'],
    }))
    .filter((r) => r.srcIp === ip);
  const port = (p: number) => rules.find((r) => Number(r.srcPort) === p);
  const http = port(80);
  const https = port(443);
  const forward = https ?? http;
  if (!https) {
    ctx.add({
      severity: 'outage',
      where: 'firewall',
      title: `The firewall ${quote(firewall.name)} (id ${firewall.id}) forwards no port 443 for ${quote(ip)}: HTTPS does not get through`,
      evidence: { firewall: firewall.id, ip, forwarded: rules.map((r) => Number(r.srcPort)) },
      ...(http
        ? {
            fix: {
              tool: 'deploi_add_firewall_rule',
              // Typed from AddFirewallRule's input, so a renamed field fails to compile here.
              arguments: {
                id: firewall.id,
                'src-cidr': '0.0.0.0/0',
                'src-ip': ip,
                'src-port': 443,
                'dst-ip': http.dstIp ?? '',
                'dst-port': 443,
              } satisfies CommandInput<CommandByTool<'deploi_add_firewall_rule'>>,
            },
          }
        : {}),
    });
  }
  if (!forward) return undefined;
  const dst = String(forward.dstIp);
  const server = servers.find((s) => s.ips.includes(dst));
  if (server) ctx.path.push({ step: 'server', what: `server ${serverText(server)} at ${quote(dst)}` });
  else ctx.inv.unchecked.push(`the firewall forwards to ${quote(dst)}, which none of your servers holds`);
  return server;
}

/** A WAF: the site serving the host, its mode, blocks and certificate, and the server it forwards to. */
export async function throughWaf(
  ctx: Ctx,
  firewall: FirewallFact,
  host: string | undefined,
): Promise<ServerFact | undefined> {
  const { inv, add } = ctx;
  const list = await inv.read(
    'deploi_get_firewall_reverse_proxies',
    { id: firewall.id },
    `sites of WAF ${firewall.name}`,
  );
  const proxies = list?.firewallReverseProxies ?? [];
  const infos = await Promise.all(
    proxies.map(async (p) => {
      const what = `WAF site ${String(p.id)}`;
      // A site without an id cannot be asked for its details: noted, as a failed read would be.
      if (p.id === undefined) inv.unchecked.push(`${what}: it has no id`);
      const info: ReverseProxyInfo =
        (p.id === undefined
          ? undefined
          : (await inv.read('deploi_get_reverse_proxy_info', { id: firewall.id, reverseProxyId: p.id }, what))
              ?.reverseProxyInfo) ?? {};
      return { p, info };
    }),
  );
  const match = infos.find(({ info }) => host && info.domains?.some((d) => d.toLowerCase() === host));
  if (!match) {
    if (host)
      add({
        severity: 'outage',
        where: 'waf',
        title: `The WAF ${quote(firewall.name)} serves no site for ${quote(host)}`,
        evidence: { firewall: firewall.id, sites: infos.map(({ info }) => info.domains) },
      });
    return undefined;
  }
  const { p, info } = match;
  const site = { id: firewall.id, reverseProxyId: Number(p.id) };
  ctx.path.push({
    step: 'waf',
    what: `WAF site ${quote(String((info.name satisfies string | undefined) ?? p.name))} (id ${String(p.id)})`,
  });
  const mode: string = info.wafMode ?? '';
  const enabled: boolean | undefined = info.wafEnabled;
  if (enabled === false || mode === 'Off')
    add({
      severity: 'warning',
      where: 'waf',
      title: `The WAF of ${quote(host)} filters nothing (WAF ${enabled === false ? 'disabled' : 'mode "Off"'})`,
      evidence: { ...site, wafEnabled: enabled, wafMode: mode },
      fix: { tool: 'deploi_enable_waf', arguments: site },
    });
  // GetLogStatistics' output leaves `data` unknown (the API documents no fields), so it is read as a record.
  const stats = ((await inv.read('deploi_get_log_statistics', site, `blocks of WAF site ${String(p.id)}`))
    ?.data ?? {}) as Record<string, unknown>;
  const requests = num(stats.requests);
  const blocked = num(stats.blocked);
  const level = num(info.blockingParanoiaLevel satisfies number | undefined);
  if (mode === 'On' && requests > 0 && blocked / requests > BLOCKED_SHARE_LIMIT)
    add({
      severity: 'degraded',
      where: 'waf',
      title: `The WAF blocks ${pct((100 * blocked) / requests)} of requests to ${quote(host)} (${blocked} of ${requests}) at blocking paranoia level ${level}: real visitors are being turned away`,
      evidence: { ...site, wafMode: mode, blockingParanoiaLevel: level, requests, blocked },
      fix: { tool: 'deploi_update_reverse_proxy', arguments: { ...site, blockingParanoiaLevel: 1 } },
    });
  const reissue: Fix = { tool: 'deploi_create_firewall_certificate', arguments: site };
  const certCreated: boolean | undefined = info.certCreated;
  const certExpires: string | undefined = info.certExpires;
  if (certCreated === false)
    add({
      severity: 'outage',
      where: 'waf',
      title: `The WAF site for ${quote(host)} has no TLS certificate: HTTPS fails`,
      evidence: { ...site, certCreated: false },
      fix: reissue,
    });
  else if (typeof certExpires === 'string') {
    const left = Math.ceil((Date.parse(certExpires) - ctx.now) / DAY_MS);
    if (left < EXPIRY_WARNING_DAYS)
      add({
        severity: left <= 0 ? 'outage' : 'warning',
        where: 'waf',
        title:
          left <= 0
            ? `The WAF certificate for ${quote(host)} expired on ${certExpires}`
            : `The WAF certificate for ${quote(host)} expires on ${certExpires}, in ${left} days`,
        evidence: { ...site, certExpires },
        fix: reissue,
      });
  } else
    inv.unchecked.push(`certificate expiry of the WAF site for ${quote(host)}: the API does not report it`);
  const target: string = info.forwardTo ?? '';
  const server = (await inv.servers()).find((s) => s.ips.includes(target));
  if (server) ctx.path.push({ step: 'server', what: `server ${serverText(server)} at ${quote(target)}` });
  else inv.unchecked.push(`the WAF forwards to ${quote(target)}, which none of your servers holds`);
  return server;
}
