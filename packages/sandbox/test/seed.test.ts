import { describe, expect, it } from 'vitest';
import { seedState, startSandbox } from '../src/index';

// Determinism and the promised sizes of the seeded state.

const docRange = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

describe('seed', () => {
  it('gives the same state for the same seed, and a different one for another seed', () => {
    expect(JSON.stringify(seedState(7, 'demo'))).toBe(JSON.stringify(seedState(7, 'demo')));
    expect(JSON.stringify(seedState(7, 'demo'))).not.toBe(JSON.stringify(seedState(8, 'demo')));
  });

  it('starts a sandbox whose state is exactly the seeded one', async () => {
    const a = await startSandbox({ seed: 42 });
    const b = await startSandbox({ seed: 42 });
    try {
      expect(a.state.snapshot()).toEqual(b.state.snapshot());
      expect(a.state.snapshot()).toEqual(seedState(42, 'demo'));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('seeds the demo account with everything the README promises', () => {
    const s = seedState(1, 'demo');
    expect(s.clients).toHaveLength(2);
    expect(s.users[0]?.clientIds).toEqual([101, 102]);
    expect(s.servers.length).toBeGreaterThanOrEqual(12);
    expect(new Set(s.servers.map((v) => v.clientId))).toEqual(new Set([101, 102]));
    expect(s.seflow.servers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(s.seflow.servers.map((d) => d.status))).toEqual(
      new Set(['active', 'suspended-seflow', 'canceled']),
    );
    expect(s.seflow.portableIps.length).toBeGreaterThan(0);
    expect(s.domains.length).toBeGreaterThanOrEqual(8);
    expect(s.domains.reduce((n, d) => n + d.records.length, 0)).toBeGreaterThanOrEqual(60);
    expect(s.firewalls).toHaveLength(3);
    for (const f of s.firewalls) {
      expect(f.rules.length).toBeGreaterThan(0);
      expect(f.privateNetworks.length).toBeGreaterThan(0);
    }
    const proxies = s.firewalls.flatMap((f) => f.reverseProxies);
    expect(proxies.some((p) => p.wafEnabled && p.geoBlockActivated && p.certCreated)).toBe(true);
    expect(s.sites.length).toBeGreaterThan(0);
    expect(s.sites.every((site) => s.servers.some((v) => v.id === site.serverId))).toBe(true);
    expect(s.siteDatabases.length).toBeGreaterThan(0);
    expect(s.databases.length).toBeGreaterThan(0);
    expect(s.emailProducts.length).toBeGreaterThan(0);
    expect(s.kubernetes.length).toBeGreaterThan(0);
    expect(s.backupPlans.length).toBeGreaterThan(0);
    expect(s.alerts.length).toBeGreaterThan(0);
    expect(s.vpns.length).toBeGreaterThan(0);
    expect(s.invoices.length).toBeGreaterThan(0);
    expect(s.wordpresses.length).toBeGreaterThan(0);
  });

  it('bills every agreement and never invents an id twice', () => {
    const s = seedState(3, 'demo');
    for (const invoice of s.invoices) {
      expect(invoice.lines.length).toBeGreaterThan(0);
      for (const line of invoice.lines) expect(Number.isInteger(line.amount) && line.amount > 0).toBe(true);
    }
    const services = [
      s.servers,
      s.domains,
      s.firewalls,
      s.databases,
      s.emailProducts,
      s.kubernetes,
      s.vpns,
      s.alerts,
    ]
      .flat()
      .map((r) => r.id);
    expect(new Set(s.agreements.map((a) => a.id))).toEqual(
      new Set([...services, ...s.wordpresses.map((w) => w.id)]),
    );
    const ids = [
      ...s.agreements.map((a) => a.id),
      ...s.invoices.map((i) => i.id),
      ...s.sites.map((x) => x.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses only documentation addresses and example domains', () => {
    const s = seedState(5, 'demo');
    const publicIps = [
      ...s.servers.map((v) => v.mainip),
      ...s.firewalls.flatMap((f) => f.publicIPv4s),
      ...s.seflow.servers.flatMap((d) => d.ips),
      ...s.seflow.portableIps.map((p) => p.ip),
    ];
    for (const ip of publicIps) expect(ip).toMatch(docRange);
    expect(new Set(publicIps).size).toBe(publicIps.length);
    for (const d of s.domains) expect(d.name).toMatch(/\.example$/);
    for (const r of s.domains.flatMap((d) => d.records)) {
      if (r.type === 'A') expect(r.value).toMatch(docRange);
    }
  });

  it('seeds the scale account with 1,000 servers, 500 domains and 100 firewalls', () => {
    const started = performance.now();
    const s = seedState(1, 'scale');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(s.servers.filter((v) => v.name !== 'sitehost-01')).toHaveLength(1000);
    expect(s.domains).toHaveLength(500);
    expect(new Set(s.domains.map((d) => d.name)).size).toBe(500);
    expect(s.firewalls).toHaveLength(100);
    expect(s.seflow.servers.length).toBeGreaterThanOrEqual(2);
    // The documentation pool runs out at scale: the rest have a private address only.
    const publicIps = s.servers.map((v) => v.mainip).filter((ip) => docRange.test(ip));
    expect(new Set(publicIps).size).toBe(publicIps.length);
    expect(s.servers.every((v) => docRange.test(v.mainip) || v.mainip.startsWith('10.'))).toBe(true);
  });
});
