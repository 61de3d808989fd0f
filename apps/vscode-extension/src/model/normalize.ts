import type { CommandByTool, CommandInput } from '@hostkit/core';
import { compact } from './read';
import type {
  DnsRecord,
  DomainSummary,
  FirewallRule,
  FirewallSummary,
  Output,
  PrivateNetwork,
  RecordOptions,
  RecordRow,
  ReverseProxy,
  ServerDetails,
  ServerSummary,
} from './types';

/** GetServers → summaries; entries without an id are left out by the schema (nothing could be done with them). */
export function serversFromReply(reply: Output<'deploi_get_servers'>): ServerSummary[] {
  return (reply.servers ?? []).map((s) =>
    compact({
      provider: 'deploi' as const,
      id: s.id,
      name: s.name || `Server ${s.id}`,
      status: s.status ?? 'unknown',
      type: s.type,
      mainIp: realIp(s.mainip),
      ram: s.ram,
      cpu: s.cpu,
      disk: s.disk,
    }),
  );
}

// A new server reports "" or "0.0.0.0" until it has an address.
function realIp(ip: string | undefined): string | undefined {
  return ip && ip !== '0.0.0.0' ? ip : undefined;
}

// Monitor values come as numbers or numeric strings, the percentages with a "%" (the schema keeps them
// as sent: `looseString`).
function amount(v: string | number | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim().replace(/%$/, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Percentage used from MonitorCPU: `used%` or `used`. */
export function cpuPercent(reply: Output<'deploi_monitor_cpu'>): number | undefined {
  return amount(reply.data?.['used%']) ?? amount(reply.data?.used);
}

/** Percentage used from MonitorRAM or MonitorDisk: worked out from total and available, else `used%`/`used`. */
export function usedPercent(reply: Output<'deploi_monitor_ram' | 'deploi_monitor_disk'>): number | undefined {
  const d = reply.data;
  if (!d) return undefined;
  const total = amount(d.total);
  const available = amount(d.available);
  // MonitorRAM's documented "used" is the available share (see core's description), so RAM is
  // always worked out from total and available when both are there.
  if (total !== undefined && available !== undefined && total > 0) return ((total - available) / total) * 100;
  return amount(d['used%']) ?? amount(d.used);
}

/** GetServerInfo plus the three monitor replies → details. */
export function serverDetailsFromReplies(
  info: Output<'deploi_get_server_info'>,
  monitors: {
    cpu?: Output<'deploi_monitor_cpu'> | undefined;
    ram?: Output<'deploi_monitor_ram'> | undefined;
    disk?: Output<'deploi_monitor_disk'> | undefined;
  },
  usageErrors: string[] = [],
): ServerDetails {
  const v = info.serverInfo?.virtual ?? {};
  const disks = (v.disks ?? []).flatMap((d) => {
    const id = String(d.id);
    return id ? [compact({ id, type: d.type, size: d.size })] : [];
  });
  return compact({
    mainIp: realIp(v.mainip),
    ips: (v.ips ?? []).filter(Boolean),
    disks,
    ram: v.ram,
    cpu: v.cpu,
    running: v.running,
    suspended: v.suspended,
    usage: compact({
      cpu: monitors.cpu && cpuPercent(monitors.cpu),
      ram: monitors.ram && usedPercent(monitors.ram),
      disk: monitors.disk && usedPercent(monitors.disk),
      load: amount(monitors.cpu?.data?.average),
    }),
    usageErrors,
  });
}

export function domainsFromReply(reply: Output<'deploi_get_domains'>): DomainSummary[] {
  return (reply.domains ?? []).flatMap((d) =>
    d.name
      ? [
          compact({
            name: d.name,
            id: d.id,
            status: d.status,
            registrationDate: d.registrationDate,
            expiryDate: d.expiryDate,
            nextDueDate: d.nextDueDate,
          }),
        ]
      : [],
  );
}

function optionsFrom(o: RecordRow['options'] = {}): RecordOptions {
  // serviceSet/protocolSet false means "not set": the empty value is kept out of the model so an
  // edit does not send a service the record never had.
  return compact({
    ttl: o.ttl,
    service: o.serviceSet === false ? undefined : o.service || undefined,
    protocol: o.protocolSet === false ? undefined : o.protocol || undefined,
    priority: o.priority,
    weight: o.weight,
    port: o.port,
  });
}

export function recordsFromReply(reply: Output<'deploi_get_domain_records'>): DnsRecord[] {
  return (reply.records ?? []).flatMap((r) =>
    r.type
      ? [{ type: r.type, host: r.host ?? '', value: r.value ?? '', options: optionsFrom(r.options) }]
      : [],
  );
}

export function nameServersFromReply(reply: Output<'deploi_get_domain_name_servers'>): string[] {
  return (reply.records ?? []).flatMap((r) => (r.value ? [r.value] : []));
}

export function firewallsFromReply(reply: Output<'deploi_get_firewalls'>): FirewallSummary[] {
  return (reply.firewalls ?? []).flatMap((f) =>
    f.id === undefined
      ? []
      : [
          compact({
            id: f.id,
            name: f.name || `Firewall ${f.id}`,
            status: f.status,
            type: f.type,
            tb: f.tb,
            ipv4s: f.ipv4s,
          }),
        ],
  );
}

export function rulesFromReply(reply: Output<'deploi_get_firewall_rules'>): FirewallRule[] {
  return (reply.firewallRules?.rules ?? []).map((r) =>
    compact({
      protocol: r.protocol,
      srcNetwork: r['src-network'],
      srcCidr: r['src-cidr'],
      srcIp: r['src-ip'],
      srcPort: r['src-port'],
      dstIp: r['dst-ip'],
      dstPort: r['dst-port'],
      packets: r.packets,
      bytes: r.bytes,
    }),
  );
}

export function privateNetworksFromReply(
  reply: Output<'deploi_get_firewall_private_networks'>,
): PrivateNetwork[] {
  return (reply.privateNetworks ?? []).flatMap((n) =>
    n.network
      ? [
          compact({
            network: n.network,
            name: n.name,
            connectors: (n.connectors ?? []).map((c) =>
              compact({ name: c.name, local: c.local, remote: c.remote, ip: c.ip }),
            ),
          }),
        ]
      : [],
  );
}

export function reverseProxiesFromReply(
  reply: Output<'deploi_get_firewall_reverse_proxies'>,
): { id: number; name: string }[] {
  return (reply.firewallReverseProxies ?? []).flatMap((p) =>
    p.id === undefined ? [] : [{ id: p.id, name: p.name || `Site ${p.id}` }],
  );
}

export function reverseProxyFromInfo(
  base: { id: number; name: string },
  reply: Output<'deploi_get_reverse_proxy_info'>,
): ReverseProxy {
  const i = reply.reverseProxyInfo ?? {};
  return compact({
    id: base.id,
    name: i.name || base.name,
    forwardTo: i.forwardTo,
    domains: i.domains ?? [],
    wafEnabled: i.wafEnabled,
    wafMode: i.wafMode,
    // The docs carry both names; either one set means geo-blocking is on.
    geoBlockActivated: i.geoBlockActivated ?? i.geoBlock,
    allowList: i.allowList ?? [],
    blockList: i.blockList ?? [],
  });
}

/** The `src-cidr` DeleteFirewallRule wants, from a listed rule's network and prefix length. */
export function ruleSourceCidr(rule: FirewallRule): string | undefined {
  if (!rule.srcNetwork || rule.srcCidr === undefined) return undefined;
  return `${rule.srcNetwork}/${rule.srcCidr}`;
}

/** The DeleteFirewallRule input for a listed rule; undefined when the listing lacks a field. */
export function deleteRuleInput(
  firewallId: number,
  rule: FirewallRule,
): CommandInput<CommandByTool<'deploi_delete_firewall_rule'>> | undefined {
  const cidr = ruleSourceCidr(rule);
  const protocol = rule.protocol?.toLowerCase();
  if (!cidr || !rule.srcIp || !rule.srcPort || !rule.dstIp || !rule.dstPort) return undefined;
  // DeleteFirewallRule takes tcp or udp: a rule listed with another protocol cannot be named to it.
  if (protocol !== 'tcp' && protocol !== 'udp') return undefined;
  return {
    id: firewallId,
    'src-cidr': cidr,
    'src-ip': rule.srcIp,
    'src-port': rule.srcPort,
    'dst-ip': rule.dstIp,
    'dst-port': rule.dstPort,
    protocol,
  };
}

/** "tcp 0.0.0.0/0 → 193.69.47.61:22 ⇒ 10.0.0.202:22": one rule in a line. */
export function describeRule(rule: FirewallRule): string {
  const src = ruleSourceCidr(rule) ?? 'any';
  return `${rule.protocol ?? '?'} from ${src}: ${rule.srcIp ?? '?'}:${rule.srcPort ?? '?'} → ${rule.dstIp ?? '?'}:${rule.dstPort ?? '?'}`;
}

/** "A www → 192.0.2.1": one record in a line, used in confirmations. */
export function describeRecord(r: DnsRecord): string {
  return `${r.type} ${r.host || '@'} → ${r.value}`;
}

/** The existing-record options UpdateDomainRecord's `from` accepts (ttl, service, protocol, priority, weight, port). */
export function existingOptions(r: DnsRecord): RecordOptions {
  return compact({ ...r.options });
}

/** A new record's options: ttl always, the MX/SRV fields only for the types that use them. */
export function newOptions(type: string, o: RecordOptions & { ttl: number }): RecordOptions {
  const t = type.toUpperCase();
  if (t === 'SRV')
    return compact({
      ttl: o.ttl,
      service: o.service,
      protocol: o.protocol,
      priority: o.priority,
      weight: o.weight,
      port: o.port,
    });
  if (t === 'MX') return compact({ ttl: o.ttl, priority: o.priority });
  return { ttl: o.ttl };
}
