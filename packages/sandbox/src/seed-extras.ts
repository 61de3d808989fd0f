import type { Invoice, SandboxState } from './model';
import type { Random } from './prng';
import { addServer } from './seed-builders';
import { seedEpoch } from './seed-data';
import { addAgreement, allocatePrivateIp, allocatePublicIp, DAY_MS, ipv6For, isoDate, nextId } from './state';

// The rest of the seeded account, the same at both scales: sites, databases, e-mail, Kubernetes,
// backups, VPNs, alerts, and last the invoices, which bill every agreement made before them.

const day = DAY_MS;

/** Adds sites, databases, WordPress, e-mail, Kubernetes, backup plans, VPNs, alerts and invoices. */
export function seedExtras(state: SandboxState, rng: Random): void {
  seedSites(state, rng);
  seedManaged(state, rng);
  seedBackups(state, rng);
  seedInvoices(state, rng);
}

function fakePublicKey(rng: Random, comment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let body = 'AAAAC3NzaC1lZDI1NTE5AAAAI';
  for (let i = 0; i < 43; i++) body += alphabet[rng.int(0, 63)];
  return `ssh-ed25519 ${body} ${comment}`;
}

function seedSites(state: SandboxState, rng: Random): void {
  const plans = [
    { clientId: 101, server: 'sitehost-01', sites: ['nordlys-media.example', 'nordlys-shop.example'] },
    { clientId: 102, server: 'sitehost-01', sites: ['kystkafe.example'] },
  ];
  for (const plan of plans) {
    const host = addServer(state, rng, plan.clientId, plan.server, 'sitehost');
    for (const primary of plan.sites) {
      const id = nextId(state);
      const user = primary.split(/[.-]/)[0] ?? 'site';
      state.sites.push({
        id,
        clientId: plan.clientId,
        serverId: host.id,
        name: user,
        primarydomain: primary,
        domains: [primary, `www.${primary}`],
        certificate: rng.chance(0.7),
        wordpress: primary.includes('shop'),
        backups: [1, 2, 3].map((n) => ({
          backupid: nextId(state),
          datetime: new Date(seedEpoch - n * day + 3 * 3_600_000 + rng.int(0, 3599) * 1000)
            .toISOString()
            .slice(0, 19),
        })),
      });
      const dbId = nextId(state);
      state.databaseUsers.push({ clientId: plan.clientId, name: `${user}_app` });
      state.siteDatabases.push({ id: dbId, clientId: plan.clientId, siteId: id, users: [`${user}_app`] });
      state.sshKeys.push({
        clientId: plan.clientId,
        siteId: id,
        keyname: `${user}-deploy`,
        key: fakePublicKey(rng, `deploy@${primary}`),
        name: user,
      });
    }
  }
}

function seedManaged(state: SandboxState, rng: Random): void {
  const now = seedEpoch - 200 * day;
  const databases = [
    { clientId: 101, type: 'MySQL' as const, port: 3306 },
    { clientId: 101, type: 'PostgreSQL' as const, port: 5432 },
    { clientId: 102, type: 'PostgreSQL' as const, port: 5432 },
  ];
  for (const spec of databases) {
    const id = nextId(state);
    const publicIp = allocatePublicIp(state);
    state.databases.push({
      id,
      clientId: spec.clientId,
      type: spec.type,
      ram: rng.pick([1, 2, 4]),
      cpu: rng.pick([0.25, 0.5, 1]),
      disk: rng.pick([10, 20, 50]),
      status: 'active',
      diskUsed: rng.int(1, 90) / 10,
      ips: [...(publicIp ? [publicIp] : []), allocatePrivateIp(state), ipv6For(id)],
      port: spec.port + rng.int(0, 3) * 1000,
    });
    addAgreement(state, {
      id,
      clientId: spec.clientId,
      kind: 'database',
      description: `Managed ${spec.type}`,
      monthlyPrice: 199,
      now,
    });
  }
  const wordpresses = [
    { clientId: 101, type: 'deploihosted' as const, domain: 'blog.nordlys-media.example' },
    { clientId: 102, type: 'forge' as const, domain: 'hyttetur.example' },
  ];
  for (const spec of wordpresses) {
    const id = nextId(state);
    const hosted = spec.type === 'deploihosted';
    state.wordpresses.push({
      id,
      clientId: spec.clientId,
      type: spec.type,
      domain: spec.domain,
      ram: hosted ? 2 : 0,
      cpu: hosted ? 100 : 0,
      disk: hosted ? 20 : 0,
      forgeSiteId: hosted ? 0 : rng.int(100000, 999999),
      forgeServerId: hosted ? 0 : rng.int(10000, 99999),
      ssl: true,
    });
    addAgreement(state, {
      id,
      clientId: spec.clientId,
      kind: 'wordpress',
      description: `WordPress ${spec.domain}`,
      monthlyPrice: 149,
      now,
    });
  }
  const emails = [
    { clientId: 101, email: 'post@nordlys-media.example', type: 'account' as const, total: 10 },
    { clientId: 101, email: 'noreply@nordlys-shop.example', type: 'transactional' as const, total: 5 },
    { clientId: 101, email: 'kari@nordlys.example', type: 'm365' as const, total: 0 },
    { clientId: 102, email: 'ola@fjellkonsult.example', type: 'account' as const, total: 10 },
  ];
  for (const spec of emails) {
    const id = nextId(state);
    state.emailProducts.push({
      id,
      clientId: spec.clientId,
      email: spec.email,
      type: spec.type,
      status: 'active',
      used: spec.total === 0 ? 0 : rng.int(1, spec.total * 9) / 10,
      total: spec.total,
      expiry: spec.type === 'm365' ? isoDate(seedEpoch + rng.int(30, 300) * day) : '',
      invoiceterm: rng.pick(['monthly', 'yearly'] as const),
      passwordSetAt: null,
    });
    addAgreement(state, {
      id,
      clientId: spec.clientId,
      kind: 'email',
      description: `E-mail ${spec.type} ${spec.email}`,
      monthlyPrice: 49,
      now,
    });
  }
  const k8s = nextId(state);
  state.kubernetes.push({
    id: k8s,
    clientId: 101,
    ram: 8,
    cpu: 4,
    disk: 20,
    cpuUsed: rng.int(200, 3000),
    ramUsed: rng.int(1, 6) * 1024 ** 3,
    diskUsed: rng.int(1, 15) * 1024 ** 3,
  });
  addAgreement(state, {
    id: k8s,
    clientId: 101,
    kind: 'kubernetes',
    description: 'Managed Kubernetes (4 vCPU, 8 GB)',
    monthlyPrice: 890,
    now,
  });
  for (const [clientId, username] of [
    [101, 'kari.nordmann'],
    [102, 'ola.fjell'],
  ] as const) {
    const id = nextId(state);
    state.vpns.push({ id, clientId, username, ip: allocatePrivateIp(state) });
    addAgreement(state, { id, clientId, kind: 'vpn', description: `VPN ${username}`, monthlyPrice: 59, now });
  }
  const alerts = [
    { clientId: 101, description: 'Backup of server web-01 has been performed.', day: 1, time: '01:00' },
    { clientId: 101, description: 'Disk usage above 80% on db-01.', day: 0, time: '06:30' },
    {
      clientId: 102,
      description: 'Certificate for kystkafe.example expires within 14 days.',
      day: 1,
      time: '08:00',
    },
  ];
  for (const spec of alerts) {
    const id = nextId(state);
    state.alerts.push({
      id,
      clientId: spec.clientId,
      description: spec.description,
      checkFrequency: { day: spec.day, week: spec.day === 0 ? 1 : 0, month: 0, year: 0 },
      checkTime: spec.time,
    });
    addAgreement(state, {
      id,
      clientId: spec.clientId,
      kind: 'alert',
      description: `Alert: ${spec.description}`,
      monthlyPrice: 10,
      now,
    });
  }
}

function seedBackups(state: SandboxState, rng: Random): void {
  // Backup plans for the system disks of the first servers of each client (all of them in the demo).
  const servers = state.servers.filter((s) => s.status !== 'off').slice(0, 8);
  for (const server of servers) {
    const diskId = server.diskIds[0];
    if (diskId === undefined) continue;
    const location = rng.int(1, 2);
    const weekly = rng.pick([0, 4, 5]);
    const daily = weekly === 0 ? 7 : rng.pick([0, 7]);
    const slots = [];
    for (let w = 0; w < 4; w++) {
      const to = seedEpoch - w * 7 * day - day;
      slots.push({
        type: 'interval' as const,
        interval: { from: isoDate(to - 6 * day), to: isoDate(to) },
        name: `${isoDate(to - 6 * day)} 04:00:0${w}`,
        present: rng.chance(0.9),
      });
    }
    slots.push({
      type: 'permanent' as const,
      interval: {},
      name: `${isoDate(seedEpoch - 60 * day)} 04:00:00`,
      present: true,
    });
    state.backupPlans.push({
      id: `Disk-${diskId}-${location}-1`,
      clientId: server.clientId,
      location,
      daily,
      weekly,
      monthly: rng.pick([0, 3, 6]),
      yearly: rng.pick([0, 1]),
      backupof: 'Disk',
      objectid: diskId,
      objectname: `${server.name} system disk`,
      slots,
    });
  }
}

function seedInvoices(state: SandboxState, rng: Random): void {
  for (const client of state.clients) {
    const agreements = state.agreements.filter((a) => a.clientId === client.id);
    for (let m = 6; m >= 1; m--) {
      const date = new Date(seedEpoch);
      date.setUTCMonth(date.getUTCMonth() - m);
      const dateMs = date.getTime();
      const billed = agreements.filter((a) => Date.parse(`${a.startDate}T00:00:00Z`) <= dateMs);
      // One line per service, as the docs show; a very large account is summed per kind of service.
      const lines =
        billed.length <= 50
          ? billed.map((a) => ({ description: a.description, amount: a.monthlyPrice }))
          : [...new Set(billed.map((a) => a.kind))].map((kind) => {
              const ofKind = billed.filter((a) => a.kind === kind);
              return {
                description: `${kind} (${ofKind.length})`,
                amount: ofKind.reduce((s, a) => s + a.monthlyPrice, 0),
              };
            });
      const invoice: Invoice = {
        id: nextId(state),
        clientId: client.id,
        date: isoDate(dateMs),
        due: isoDate(dateMs + 14 * day),
        cancelled: false,
        paid: m > 1,
        lines,
      };
      if (client.id === 102 && m === 4) {
        invoice.cancelled = true;
        invoice.paid = false;
      }
      if (rng.chance(0.2) && m > 1)
        invoice.lines.push({ description: 'Extra traffic', amount: rng.int(10, 200) });
      state.invoices.push(invoice);
    }
  }
}
