import { createHash } from 'node:crypto';
import type { AgreementKind, DnsRecord, SandboxState, Scale, VirtualServer } from './model';

// Operations on the state shared by the seed and the handlers: ids, address allocation, lifecycle
// transitions and cancellation. Handlers change the state only through plain mutation of the
// records plus these helpers, so the state stays JSON and deterministic.

/** The state a seed starts from: no records, counters at their start values. */
export function emptyState(seed: number, scale: Scale): SandboxState {
  return {
    version: 1,
    seed,
    scale,
    nextId: 1000,
    nextPublicIp: 0,
    nextPrivateIp: 0,
    users: [],
    clients: [],
    servers: [],
    disks: [],
    vpns: [],
    domains: [],
    firewalls: [],
    sites: [],
    siteDatabases: [],
    databaseUsers: [],
    sshKeys: [],
    databases: [],
    wordpresses: [],
    emailProducts: [],
    kubernetes: [],
    backupPlans: [],
    invoices: [],
    agreements: [],
    alerts: [],
    seflow: { username: '', keyHash: '', servers: [], portableIps: [], rdns: {} },
    events: [],
  };
}

/** A fresh numeric id, unique across every kind of record. */
export function nextId(state: SandboxState): number {
  const id = state.nextId;
  state.nextId += 1;
  return id;
}

/** A one-way hash of a password or API key, so the state never holds the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(`hostkit-sandbox:${secret}`).digest('hex');
}

// Public IPv4s come only from the documentation ranges (RFC 5737), so nothing the sandbox shows is
// anybody's real address: 3 × 254 usable addresses.
const documentationNets = ['192.0.2', '198.51.100', '203.0.113'] as const;
/** How many public IPv4 addresses the sandbox can hand out. */
export const publicIpPoolSize = documentationNets.length * 254;

/** The pool address at `index` (0-based), or null past the end. */
export function publicIpAt(index: number): string | null {
  if (index < 0 || index >= publicIpPoolSize) return null;
  return `${documentationNets[Math.floor(index / 254)]}.${(index % 254) + 1}`;
}

/**
 * The next unused public IPv4, or null when the pool is exhausted (at scale: servers created after
 * that get a private address only, like a server ordered with publicip false).
 */
export function allocatePublicIp(state: SandboxState): string | null {
  const ip = publicIpAt(state.nextPublicIp);
  if (ip !== null) state.nextPublicIp += 1;
  return ip;
}

/** The next unused private address in 10.16.0.0/12. */
export function allocatePrivateIp(state: SandboxState): string {
  const n = state.nextPrivateIp + 2;
  state.nextPrivateIp += 1;
  return `10.${16 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
}

/** A documentation-prefix IPv6 address (RFC 3849) derived from an id. */
export function ipv6For(id: number): string {
  return `2001:db8:7204:1::${id.toString(16)}`;
}

/** Gives a server its addresses: public (if ordered and available), IPv6 and private. */
export function assignServerIps(state: SandboxState, server: VirtualServer): void {
  const publicIp = server.publicIp ? allocatePublicIp(state) : null;
  const privateIp = allocatePrivateIp(state);
  server.mainip = publicIp ?? privateIp;
  server.ips = publicIp ? [publicIp, ipv6For(server.id), privateIp] : [privateIp];
}

/**
 * Applies every transition due at `now`: servers that finished creating (they get their IPs then) or
 * restarting become active; SeFlow reboots end; incoming domain transfers complete; ordered e-mail
 * services become active. Called before each request and each state read, so time-driven changes need
 * no timers and follow an injected clock.
 */
export function advance(state: SandboxState, now: number): void {
  for (const server of state.servers) {
    if (server.readyAt === null || server.readyAt > now) continue;
    if (server.status === 'creating') assignServerIps(state, server);
    if (server.status === 'creating' || server.status === 'restarting') server.status = 'active';
    server.readyAt = null;
  }
  for (const server of state.seflow.servers) {
    if (server.rebootUntil !== null && server.rebootUntil <= now) server.rebootUntil = null;
  }
  for (const domain of state.domains) {
    if (domain.readyAt === undefined || domain.readyAt > now) continue;
    domain.status = 'active';
    delete domain.readyAt;
  }
  for (const product of state.emailProducts) {
    if (product.readyAt === undefined || product.readyAt > now) continue;
    if (product.status === 'creating') product.status = 'active';
    delete product.readyAt;
  }
}

/** Records a new agreement for a service that was just created with id `id`. */
export function addAgreement(
  state: SandboxState,
  fields: {
    id: number;
    clientId: number;
    kind: AgreementKind;
    description: string;
    monthlyPrice: number;
    now: number;
  },
): void {
  state.agreements.push({
    id: fields.id,
    clientId: fields.clientId,
    kind: fields.kind,
    description: fields.description,
    monthlyPrice: fields.monthlyPrice,
    startDate: isoDate(fields.now),
  });
}

/**
 * Cancels an agreement: the agreement and the service with its id disappear (with a server go its
 * disks and sites, and with the sites their databases and SSH keys). Returns false when no such
 * agreement exists.
 */
export function cancelAgreement(state: SandboxState, id: number): boolean {
  const agreement = state.agreements.find((a) => a.id === id);
  if (!agreement) return false;
  state.agreements = state.agreements.filter((a) => a.id !== id);
  const notId = <T extends { id: number }>(r: T) => r.id !== id;
  switch (agreement.kind) {
    case 'server':
    case 'sitehost':
      state.servers = state.servers.filter(notId);
      state.disks = state.disks.filter((d) => d.serverId !== id);
      state.sites = state.sites.filter((s) => s.serverId !== id);
      // The sites' databases and SSH keys lived on that server too.
      state.siteDatabases = state.siteDatabases.filter(
        (d) => d.siteId === null || state.sites.some((s) => s.id === d.siteId),
      );
      state.sshKeys = state.sshKeys.filter((k) => state.sites.some((s) => s.id === k.siteId));
      break;
    case 'vpn':
      state.vpns = state.vpns.filter(notId);
      break;
    case 'domain':
      state.domains = state.domains.filter(notId);
      break;
    case 'firewall':
      state.firewalls = state.firewalls.filter(notId);
      break;
    case 'database':
      state.databases = state.databases.filter(notId);
      break;
    case 'wordpress':
      state.wordpresses = state.wordpresses.filter(notId);
      break;
    case 'email':
      state.emailProducts = state.emailProducts.filter(notId);
      break;
    case 'kubernetes':
      state.kubernetes = state.kubernetes.filter(notId);
      break;
    case 'alert':
      state.alerts = state.alerts.filter(notId);
      break;
  }
  return true;
}

/** Notes a side effect that leaves no other trace (a reset mail, an auth-code mail). Keeps the last 500. */
export function recordEvent(
  state: SandboxState,
  now: number,
  command: string,
  detail: string,
  clientId: number | null = null,
): void {
  state.events.push({ time: new Date(now).toISOString(), command, clientId, detail });
  if (state.events.length > 500) state.events.splice(0, state.events.length - 500);
}

/** `YYYY-MM-DD` of an epoch-ms time, in UTC. */
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** NOK per month for a server of this size: the same formula for seeded and created servers. */
export function serverPrice(ramGb: number, cpu: number, diskGb: number): number {
  return ramGb * 40 + cpu * 60 + Math.ceil(diskGb / 2);
}

/** A DNS record with the options GetDomainRecords shows, defaults filled in. */
export function dnsRecord(
  type: DnsRecord['type'],
  host: string,
  value: string,
  extra: Partial<DnsRecord> = {},
): DnsRecord {
  return {
    type,
    host,
    value,
    ttl: 3600,
    service: '',
    protocol: '',
    priority: 0,
    weight: 0,
    port: 0,
    ...extra,
  };
}
