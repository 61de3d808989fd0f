import type { Domain, DomainContact, Firewall, SandboxState, VirtualServer } from './model';
import type { Random } from './prng';
import { defaultNameServers, operatingSystems, seedEpoch } from './seed-data';
import {
  addAgreement,
  allocatePrivateIp,
  allocatePublicIp,
  assignServerIps,
  DAY_MS,
  dnsRecord,
  isoDate,
  nextId,
  serverPrice,
} from './state';

// The record builders the seed uses: each adds one service with its parts and its agreement.

const day = DAY_MS;

/** Adds an active server with a system disk (and sometimes a data disk), its IPs and its agreement. */
export function addServer(
  state: SandboxState,
  rng: Random,
  clientId: number,
  name: string,
  kind: 'server' | 'sitehost' = 'server',
): VirtualServer {
  const id = nextId(state);
  const ram = rng.pick([1, 2, 4, 8, 16, 32]);
  const cpu = rng.pick([1, 2, 4, 8]);
  const server: VirtualServer = {
    id,
    clientId,
    name,
    type: 'virtual',
    ram,
    cpu,
    status: 'active',
    readyAt: null,
    suspended: false,
    os: rng.pick(operatingSystems),
    licenses: [],
    username: 'admin',
    publicIp: true,
    mainip: '',
    ips: [],
    diskIds: [],
    createdAt: isoDate(seedEpoch - rng.int(30, 1500) * day),
    usage: { cpuPercent: rng.int(2, 90), ramPercent: rng.int(15, 95), diskPercent: rng.int(5, 92) },
  };
  assignServerIps(state, server);
  const sizes = [{ name: `${name}-system`, type: 'ssd' as const, sizeGb: rng.pick([20, 40, 80, 160]) }];
  if (rng.chance(0.3))
    sizes.push({ name: `${name}-data`, type: 'ssd' as const, sizeGb: rng.pick([250, 500, 1000]) });
  for (const disk of sizes) {
    const diskId = String(nextId(state));
    state.disks.push({ id: diskId, clientId, serverId: id, technology: 'internal', ...disk });
    server.diskIds.push(diskId);
  }
  state.servers.push(server);
  const diskGb = sizes.reduce((sum, d) => sum + d.sizeGb, 0);
  addAgreement(state, {
    id,
    clientId,
    kind,
    description: `${kind === 'sitehost' ? 'SiteHost server' : 'Virtual server'} ${name} (${cpu} vCPU, ${ram} GB RAM, ${diskGb} GB disk)`,
    monthlyPrice: serverPrice(ram, cpu, diskGb),
    now: Date.parse(`${server.createdAt}T00:00:00Z`),
  });
  return server;
}

function contact(rng: Random, state: SandboxState, clientId: number): DomainContact {
  const client = state.clients.find((c) => c.id === clientId);
  return {
    id: `n-${rng.alnum(2)}${rng.int(1000, 9999)}`,
    firstName: client?.firstname ?? 'Kari',
    lastName: client?.lastname ?? 'Nordmann',
    company: client?.type === 'company',
    companyName: client?.companyname ?? '',
    companyID: client?.legalentityid ?? '',
    country: client?.countrycode ?? 'NO',
    addressLine1: client?.addressline1 ?? '',
    addressLine2: client?.addressline2 ?? '',
    postalCode: client?.postalcode ?? '',
    city: client?.city ?? '',
    phone: client?.phone ?? '',
    email: client?.email ?? '',
  };
}

/** A server's IPv6, or `fallback` when there is no server or it has none. */
function v6Of(server: VirtualServer | undefined, fallback: string): string {
  return server?.ips.find((ip) => ip.includes(':')) ?? fallback;
}

export function addDomain(
  state: SandboxState,
  rng: Random,
  clientId: number,
  name: string,
  rich: boolean,
): Domain {
  const id = nextId(state);
  const webs = state.servers.filter((s) => s.clientId === clientId && s.publicIp && s.ips.length > 1);
  const web = webs.length > 0 ? rng.pick(webs) : undefined;
  const webIp = web ? web.mainip : '192.0.2.10';
  const registered = seedEpoch - rng.int(200, 3500) * day;
  const expiry = seedEpoch + rng.int(20, 700) * day;
  const records = [
    dnsRecord('A', name, webIp),
    dnsRecord('A', `www.${name}`, webIp),
    dnsRecord('MX', name, `mail.${name}`, { priority: 10 }),
    dnsRecord('TXT', name, 'v=spf1 mx a -all'),
  ];
  if (rich) {
    records.push(
      // The web server's own IPv6 (the random one, drawn either way so the seed stays as it was, only
      // when the client has none).
      dnsRecord(
        'AAAA',
        name,
        v6Of(web, `2001:db8:${rng.int(1, 0xfff).toString(16)}::${rng.int(1, 0xffff).toString(16)}`),
      ),
      dnsRecord('A', `mail.${name}`, webIp),
      dnsRecord('TXT', `_dmarc.${name}`, `v=DMARC1; p=quarantine; rua=mailto:dmarc@${name}`),
      dnsRecord('CNAME', `ftp.${name}`, `www.${name}`, { ttl: 86400 }),
    );
    if (rng.chance(0.5)) {
      records.push(
        dnsRecord('SRV', `_sip._tcp.${name}`, `sip.${name}`, {
          service: '_sip',
          protocol: 'tcp',
          priority: 10,
          weight: 5,
          port: 5060,
        }),
      );
    }
  }
  const owner = contact(rng, state, clientId);
  const other = contact(rng, state, clientId);
  const domain: Domain = {
    id,
    clientId,
    name,
    status: 'active',
    registrationDate: isoDate(registered),
    expiryDate: isoDate(expiry),
    nextDueDate: isoDate(expiry - 30 * day),
    nameServers: [...defaultNameServers],
    defaultNameServers: true,
    contacts: {
      holder: owner,
      administrativeContact: other,
      technicalContact: other,
      billingContact: { ...other },
    },
    records,
  };
  state.domains.push(domain);
  addAgreement(state, {
    id,
    clientId,
    kind: 'domain',
    description: `Domain ${name}`,
    monthlyPrice: 13,
    now: registered,
  });
  return domain;
}

export function addFirewall(
  state: SandboxState,
  rng: Random,
  clientId: number,
  name: string,
  type: 'ip' | 'waf',
): Firewall {
  const id = nextId(state);
  const ipCount = type === 'waf' ? 1 : rng.int(1, 2);
  const publicIPv4s: string[] = [];
  for (let i = 0; i < ipCount; i++) {
    const ip = allocatePublicIp(state);
    if (ip) publicIPv4s.push(ip);
  }
  const backends = state.servers.filter((s) => s.clientId === clientId);
  const privateIp = () => (backends.length > 0 ? rng.pick(backends).ips.at(-1) : undefined) ?? '10.16.0.10';
  const firewall: Firewall = {
    id,
    clientId,
    name,
    tb: rng.pick([1, 2, 5]),
    type,
    status: 'active',
    publicIPv4s,
    packets: 0,
    bytes: 0,
    rules: [],
    privateNetworks: [],
    reverseProxies: [],
  };
  const ruleCount = rng.int(2, 5);
  for (let i = 0; i < ruleCount; i++) {
    const port = rng.pick([22, 80, 443, 3306, 5432, 8080]);
    const packets = rng.int(0, 5_000_000);
    firewall.rules.push({
      protocol: rng.chance(0.85) ? 'tcp' : 'udp',
      srcNetwork: rng.chance(0.5) ? '0.0.0.0' : '198.51.100.0',
      srcCidr: 0,
      srcIp: publicIPv4s[0] ?? '192.0.2.1',
      srcPort: port === 22 ? 2200 + i : port,
      dstIp: privateIp(),
      dstPort: port,
      packets,
      bytes: packets * rng.int(60, 1400),
    });
  }
  for (const rule of firewall.rules) if (rule.srcNetwork !== '0.0.0.0') rule.srcCidr = 24;
  firewall.packets = firewall.rules.reduce((sum, r) => sum + r.packets, 0) + rng.int(0, 1000);
  firewall.bytes = firewall.rules.reduce((sum, r) => sum + r.bytes, 0);
  const networks = rng.int(1, 2);
  for (let n = 0; n < networks; n++) {
    firewall.privateNetworks.push({
      network: `192.168.${n}.1/24`,
      name: `br${n}`,
      connectors:
        n === 0
          ? [
              {
                name: `gre${n}_2`,
                local: allocatePrivateIp(state),
                remote: privateIp(),
                ip: `192.168.${n}.2`,
              },
            ]
          : [],
    });
  }
  if (type === 'waf') {
    const domain = state.domains.find((d) => d.clientId === clientId)?.name ?? 'nordlys-media.example';
    firewall.reverseProxies.push({
      id: nextId(state),
      name: `${domain} WAF`,
      domains: [domain, `www.${domain}`],
      forwardTo: privateIp(),
      validateSourceCert: false,
      siteadminemail: state.clients.find((c) => c.id === clientId)?.email ?? 'admin@nordlys-media.example',
      siteid: 0,
      wafEnabled: true,
      crsEnabled: true,
      wafMode: 'On',
      blockingParanoiaLevel: 1,
      logParanoiaLevel: 2,
      certCreated: true,
      geoBlockActivated: true,
      geoBlock: true,
      // Only the block list is set and in force (the sandbox's rule: a list set and not empty is in force).
      geoAllow: false,
      blockList: ['RU', 'CN', 'KP'],
      allowList: [],
      stats: {
        requests: rng.int(10_000, 900_000),
        blocked: rng.int(100, 9000),
        logged: rng.int(1000, 20000),
      },
    });
  }
  state.firewalls.push(firewall);
  addAgreement(state, {
    id,
    clientId,
    kind: 'firewall',
    description: `Firewall ${name} (${type}, ${firewall.tb} TB, ${publicIPv4s.length} IPv4)`,
    monthlyPrice: firewall.tb * 150 + publicIPv4s.length * 40,
    now: seedEpoch - 400 * day,
  });
  return firewall;
}
