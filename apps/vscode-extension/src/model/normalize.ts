import { asArray, asObject, bool, compact, num, str } from './read';
import type {
  DnsRecord,
  DomainSummary,
  FirewallRule,
  FirewallSummary,
  PrivateNetwork,
  RecordOptions,
  ReverseProxy,
  ServerDetails,
  ServerSummary,
} from './types';

/** GetServers → summaries; entries without an id are dropped (nothing could be done with them). */
export function serversFromReply(reply: unknown): ServerSummary[] {
  const out: ServerSummary[] = [];
  for (const raw of asArray(asObject(reply)?.servers)) {
    const s = asObject(raw);
    const id = num(s?.id);
    if (!s || id === undefined) continue;
    out.push(
      compact({
        provider: 'deploi' as const,
        id,
        name: str(s.name) || `Server ${id}`,
        status: str(s.status) ?? 'unknown',
        type: str(s.type),
        mainIp: realIp(str(s.mainip)),
        ram: num(s.ram),
        cpu: num(s.cpu),
        disk: num(s.disk),
      }),
    );
  }
  return out;
}

// A new server reports "" or "0.0.0.0" until it has an address.
function realIp(ip: string | undefined): string | undefined {
  return ip && ip !== '0.0.0.0' ? ip : undefined;
}

/** Percentage used from a monitor reply: `used`/`used%`, else worked out from total and available. */
export function usagePercent(reply: unknown, kind: 'cpu' | 'ram' | 'disk'): number | undefined {
  const d = asObject(asObject(reply)?.data);
  if (!d) return undefined;
  const total = num(d.total);
  const available = num(d.available);
  // MonitorRAM's documented "used" is the available share (see core's description), so RAM is
  // always worked out from total and available when both are there.
  if (kind !== 'cpu' && total !== undefined && available !== undefined && total > 0) {
    return ((total - available) / total) * 100;
  }
  return num(d['used%']) ?? num(d.used);
}

/** GetServerInfo plus the three monitor replies → details. */
export function serverDetailsFromReplies(
  info: unknown,
  monitors: { cpu?: unknown; ram?: unknown; disk?: unknown },
  usageErrors: string[] = [],
): ServerDetails {
  const v = asObject(asObject(asObject(info)?.serverInfo)?.virtual) ?? {};
  const disks = asArray(v.disks).flatMap((raw) => {
    const d = asObject(raw);
    const id = str(d?.id);
    return d && id ? [compact({ id, type: str(d.type), size: num(d.size) })] : [];
  });
  const cpuData = asObject(asObject(monitors.cpu)?.data);
  return compact({
    mainIp: realIp(str(v.mainip)),
    ips: asArray(v.ips).flatMap((ip) => (typeof ip === 'string' && ip ? [ip] : [])),
    disks,
    ram: num(v.ram),
    cpu: num(v.cpu),
    running: bool(v.running),
    suspended: bool(v.suspended),
    usage: compact({
      cpu: usagePercent(monitors.cpu, 'cpu'),
      ram: usagePercent(monitors.ram, 'ram'),
      disk: usagePercent(monitors.disk, 'disk'),
      load: num(cpuData?.average),
    }),
    usageErrors,
  });
}

export function domainsFromReply(reply: unknown): DomainSummary[] {
  return asArray(asObject(reply)?.domains).flatMap((raw) => {
    const d = asObject(raw);
    const name = str(d?.name);
    if (!d || !name) return [];
    return [
      compact({
        name,
        id: num(d.id),
        status: str(d.status),
        registrationDate: str(d.registrationDate),
        expiryDate: str(d.expiryDate),
        nextDueDate: str(d.nextDueDate),
      }),
    ];
  });
}

function optionsFrom(raw: unknown): RecordOptions {
  const o = asObject(raw) ?? {};
  // serviceSet/protocolSet false means "not set": the empty value is kept out of the model so an
  // edit does not send a service the record never had.
  return compact({
    ttl: num(o.ttl),
    service: bool(o.serviceSet) === false ? undefined : str(o.service) || undefined,
    protocol: bool(o.protocolSet) === false ? undefined : str(o.protocol) || undefined,
    priority: num(o.priority),
    weight: num(o.weight),
    port: num(o.port),
  });
}

export function recordsFromReply(reply: unknown): DnsRecord[] {
  return asArray(asObject(reply)?.records).flatMap((raw) => {
    const r = asObject(raw);
    const type = str(r?.type);
    if (!r || !type) return [];
    return [{ type, host: str(r.host) ?? '', value: str(r.value) ?? '', options: optionsFrom(r.options) }];
  });
}

export function nameServersFromReply(reply: unknown): string[] {
  return asArray(asObject(reply)?.records).flatMap((raw) => {
    const v = str(asObject(raw)?.value);
    return v ? [v] : [];
  });
}

export function firewallsFromReply(reply: unknown): FirewallSummary[] {
  return asArray(asObject(reply)?.firewalls).flatMap((raw) => {
    const f = asObject(raw);
    const id = num(f?.id);
    if (!f || id === undefined) return [];
    return [
      compact({
        id,
        name: str(f.name) || `Firewall ${id}`,
        status: str(f.status),
        type: str(f.type),
        tb: num(f.tb),
        ipv4s: num(f.ipv4s),
      }),
    ];
  });
}

export function rulesFromReply(reply: unknown): FirewallRule[] {
  const fr = asObject(asObject(reply)?.firewallRules);
  return asArray(fr?.rules).flatMap((raw) => {
    const r = asObject(raw);
    if (!r) return [];
    return [
      compact({
        protocol: str(r.protocol),
        srcNetwork: str(r['src-network']),
        srcCidr: num(r['src-cidr']),
        srcIp: str(r['src-ip']),
        srcPort: num(r['src-port']),
        dstIp: str(r['dst-ip']),
        dstPort: num(r['dst-port']),
        packets: num(r.packets),
        bytes: num(r.bytes),
      }),
    ];
  });
}

export function privateNetworksFromReply(reply: unknown): PrivateNetwork[] {
  return asArray(asObject(reply)?.privateNetworks).flatMap((raw) => {
    const n = asObject(raw);
    const network = str(n?.network);
    if (!n || !network) return [];
    const connectors = asArray(n.connectors).flatMap((c) => {
      const o = asObject(c);
      return o
        ? [compact({ name: str(o.name), local: str(o.local), remote: str(o.remote), ip: str(o.ip) })]
        : [];
    });
    return [compact({ network, name: str(n.name), connectors })];
  });
}

export function reverseProxiesFromReply(reply: unknown): { id: number; name: string }[] {
  return asArray(asObject(reply)?.firewallReverseProxies).flatMap((raw) => {
    const p = asObject(raw);
    const id = num(p?.id);
    return p && id !== undefined ? [{ id, name: str(p.name) || `Site ${id}` }] : [];
  });
}

export function reverseProxyFromInfo(base: { id: number; name: string }, reply: unknown): ReverseProxy {
  const i = asObject(asObject(reply)?.reverseProxyInfo) ?? {};
  const strings = (v: unknown) => asArray(v).flatMap((x) => (typeof x === 'string' ? [x] : []));
  return compact({
    id: base.id,
    name: str(i.name) || base.name,
    forwardTo: str(i.forwardTo),
    domains: strings(i.domains),
    wafEnabled: bool(i.wafEnabled),
    wafMode: str(i.wafMode),
    // The docs carry both names; either one set means geo-blocking is on.
    geoBlockActivated: bool(i.geoBlockActivated) ?? bool(i.geoBlock),
    allowList: strings(i.allowList),
    blockList: strings(i.blockList),
  });
}

/** The `src-cidr` DeleteFirewallRule wants, from a listed rule's network and prefix length. */
export function ruleSourceCidr(rule: FirewallRule): string | undefined {
  if (!rule.srcNetwork || rule.srcCidr === undefined) return undefined;
  return `${rule.srcNetwork}/${rule.srcCidr}`;
}

/** The DeleteFirewallRule input for a listed rule; undefined when the listing lacks a field. */
export function deleteRuleInput(firewallId: number, rule: FirewallRule): Record<string, unknown> | undefined {
  const cidr = ruleSourceCidr(rule);
  if (!cidr || !rule.srcIp || !rule.srcPort || !rule.dstIp || !rule.dstPort || !rule.protocol)
    return undefined;
  return {
    id: firewallId,
    'src-cidr': cidr,
    'src-ip': rule.srcIp,
    'src-port': rule.srcPort,
    'dst-ip': rule.dstIp,
    'dst-port': rule.dstPort,
    protocol: rule.protocol.toLowerCase(),
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
