import { retallyBlocked } from './handlers/waf';
import type { DnsRecord, SandboxState } from './model';
import { DAY_MS, isoDate } from './state';

// The troubled demo: the demo account with one planted fault per kind, each behind a host name a user
// would give, so `hostkit_diagnose` can be watched at work (README: "A troubled demo"). Dates are set
// from the sandbox clock at start, so "expired" and "expires in 10 days" stay true whenever it runs.

/**
 * The planted faults: the host a user would ask about, where on the way to it the fault sits
 * (domain, dns, firewall, waf, server, site), how bad it is, and what it is.
 */
export const TROUBLES = [
  {
    host: 'nordlys-shop.example',
    where: 'dns',
    severity: 'outage',
    fault: 'DNS points at app-01 while the site lives on sitehost-01',
  },
  { host: 'erp.nordlys.example', where: 'server', severity: 'outage', fault: 'legacy-erp-01 is off' },
  {
    host: 'portal.fjellkonsult.example',
    where: 'firewall',
    severity: 'outage',
    fault: 'the firewall forwards port 80 but has no rule for 443',
  },
  {
    host: 'vpn.fjellkonsult.example',
    where: 'server',
    severity: 'degraded',
    fault: 'the disk of vpn-gw-01 is 97 % full',
  },
  { host: 'hyttetur.example', where: 'domain', severity: 'outage', fault: 'the domain expired 20 days ago' },
  {
    host: 'nordlys-media.example',
    where: 'waf',
    severity: 'degraded',
    fault: 'the WAF blocks at paranoia level 4, stopping real visitors',
  },
  {
    host: 'www.nordlys-media.example',
    where: 'waf',
    severity: 'warning',
    fault: 'the WAF certificate expires in 10 days',
  },
  { host: 'kystkafe.example', where: 'site', severity: 'degraded', fault: 'the site has no TLS certificate' },
] as const;

/** A host that is fine: diagnosing it finds nothing wrong. */
export const HEALTHY_HOST = 'status.nordlys.example';

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the demo seed has no ${what}: the troubled demo needs it`);
  return value;
}

function setA(state: SandboxState, zone: string, host: string, value: string): void {
  const domain = must(
    state.domains.find((d) => d.name === zone),
    `zone ${zone}`,
  );
  // One IPv4 address and nothing else, so the planted fault is the only story told of this name.
  domain.records = domain.records.filter(
    (r) => !(r.host === host && (r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME')),
  );
  const record: DnsRecord = {
    ...(domain.records.find((r) => r.type === 'A') as DnsRecord),
    type: 'A',
    host,
    value,
  };
  domain.records.push(record);
}

/** Plants the troubles into a freshly seeded demo state, with dates counted from `now`. */
export function plantTroubles(state: SandboxState, now: number): SandboxState {
  const server = (name: string, clientId: number) =>
    must(
      state.servers.find((s) => s.name === name && s.clientId === clientId),
      `server ${name}`,
    );
  const privateIp = (s: { ips: string[] }) =>
    must(
      s.ips.find((ip) => ip.startsWith('10.')),
      'private IP',
    );
  // Every domain comfortably valid, but the expired one.
  for (const d of state.domains) {
    d.status = 'active';
    d.expiryDate = isoDate(now + 400 * DAY_MS);
    d.nextDueDate = isoDate(now + 370 * DAY_MS);
  }
  const hyttetur = must(
    state.domains.find((d) => d.name === 'hyttetur.example'),
    'hyttetur.example',
  );
  hyttetur.status = 'expired';
  hyttetur.expiryDate = isoDate(now - 20 * DAY_MS);
  hyttetur.nextDueDate = isoDate(now - 50 * DAY_MS);

  // The shop: its site lives on sitehost-01, its DNS still points at app-01 (as in the demo).
  const app = server('app-01', 101);
  setA(state, 'nordlys-shop.example', 'nordlys-shop.example', app.mainip);
  setA(state, 'nordlys-shop.example', 'www.nordlys-shop.example', app.mainip);
  // Every site has its certificate, but Kystkafe's.
  for (const site of state.sites) site.certificate = site.primarydomain !== 'kystkafe.example';
  // Kystkafe is served from where its site is, so only planted faults show.
  const kystHost = server('sitehost-01', 102);
  setA(state, 'kystkafe.example', 'kystkafe.example', kystHost.mainip);
  setA(state, 'kystkafe.example', 'www.kystkafe.example', kystHost.mainip);

  // An off server behind a name.
  const erp = server('legacy-erp-01', 101);
  erp.status = 'off';
  setA(state, 'nordlys.example', 'erp.nordlys.example', erp.mainip);

  // A healthy host: a quiet server, nothing in front of it.
  const quiet = server('web-02', 101);
  quiet.usage = { cpuPercent: 12, ramPercent: 31, diskPercent: 40 };
  setA(state, 'nordlys.example', HEALTHY_HOST, quiet.mainip);

  // A firewall address that forwards port 80 to files-01, and nothing for 443.
  const office = must(
    state.firewalls.find((f) => f.name === 'Fjell Office'),
    'firewall Fjell Office',
  );
  const spare = must(office.publicIPv4s[1], 'second IP of Fjell Office');
  const files = server('files-01', 102);
  files.usage = { cpuPercent: 22, ramPercent: 48, diskPercent: 51 };
  office.rules = office.rules.filter((r) => r.srcIp !== spare);
  office.rules.push({
    protocol: 'tcp',
    srcNetwork: '0.0.0.0',
    srcCidr: 0,
    srcIp: spare,
    srcPort: 80,
    dstIp: privateIp(files),
    dstPort: 80,
    packets: 1520,
    bytes: 881_230,
  });
  setA(state, 'fjellkonsult.example', 'portal.fjellkonsult.example', spare);

  // A nearly full disk.
  const vpn = server('vpn-gw-01', 102);
  vpn.usage = { cpuPercent: 18, ramPercent: 36, diskPercent: 97 };
  setA(state, 'fjellkonsult.example', 'vpn.fjellkonsult.example', vpn.mainip);

  // The media site behind the WAF: blocking hard, and a certificate about to expire.
  const waf = must(
    state.firewalls.find((f) => f.name === 'Nordlys WAF'),
    'firewall Nordlys WAF',
  );
  const proxy = must(waf.reverseProxies[0], 'reverse proxy of Nordlys WAF');
  const siteHost = server('sitehost-01', 101);
  proxy.forwardTo = privateIp(siteHost);
  proxy.wafEnabled = true;
  proxy.wafMode = 'On';
  proxy.blockingParanoiaLevel = 4;
  proxy.logParanoiaLevel = 4;
  proxy.certCreated = true;
  proxy.certExpires = isoDate(now + 10 * DAY_MS);
  proxy.stats = { requests: 120_000, blocked: 0, logged: 2_400 };
  retallyBlocked(proxy);
  const wafIp = must(waf.publicIPv4s[0], 'public IP of Nordlys WAF');
  setA(state, 'nordlys-media.example', 'nordlys-media.example', wafIp);
  setA(state, 'nordlys-media.example', 'www.nordlys-media.example', wafIp);
  // The web servers behind the other names are not the story here.
  siteHost.usage = { cpuPercent: 35, ramPercent: 52, diskPercent: 48 };
  app.usage = { cpuPercent: 21, ramPercent: 44, diskPercent: 39 };
  return state;
}
