import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The monitoring group through the core Deploi client: the figures follow the server's size and
// load in the state (and its resizes), in the types of the docs' examples.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const gib = 1024 ** 3;

function server(name: string) {
  const found = t.sandbox.state.get().servers.find((s) => s.name === name && s.clientId === 101);
  if (!found) throw new Error(`no seeded server ${name}`);
  return found;
}

describe('monitoring', () => {
  it('reports CPU as vCPUs, load average and per cent', async () => {
    const { id, cpu, usage } = server('db-01');
    const reply = await t.call('deploi_monitor_cpu', { id });
    expect(reply.data).toEqual({
      average: ((cpu * usage.cpuPercent) / 100).toFixed(2),
      total: String(cpu),
      used: usage.cpuPercent,
    });
  });

  it('reports disk bytes of all the disks, and the share used', async () => {
    const s = server('web-01');
    const sizes = t.sandbox.state.get().disks.filter((d) => s.diskIds.includes(d.id));
    const total = sizes.reduce((sum, d) => sum + d.sizeGb, 0) * gib;
    const { data } = await t.call('deploi_monitor_disk', { id: s.id });
    expect(data).toEqual({
      available: String(Math.round((total * (100 - s.usage.diskPercent)) / 100)),
      total: String(total),
      used: `${s.usage.diskPercent}%`,
    });
  });

  it('reports RAM bytes, following a resize', async () => {
    const { id, usage } = server('app-01');
    await t.call('deploi_update_virtual_server', { id, ram: 8 });
    const { data } = await t.call('deploi_monitor_ram', { id });
    expect(data.total).toBe(String(8 * gib));
    expect(Number(data.available)).toBe(Math.round((8 * gib * (100 - usage.ramPercent)) / 100));
    // As in the docs' example, "used" is the available share.
    expect(data.used).toBeCloseTo(100 - usage.ramPercent, 6);
  });

  it('has no figures for a server that is not running', async () => {
    const off = await t.refusal('deploi_monitor_cpu', { id: server('legacy-erp-01').id });
    expect(off).toMatchObject({ apiMessage: 'The server is not active', messageId: -1 });
    await t.call('deploi_create_virtual_server', {
      name: 'fresh',
      ram: 2,
      cpu: 1,
      disks: [{ name: 'system', size: 20, type: 'ssd' }],
      OS: 'Debian 12',
      username: 'ops',
      password: 'a-long-password',
      publicip: true,
    });
    const fresh = server('fresh');
    expect((await t.refusal('deploi_monitor_ram', { id: fresh.id })).apiMessage).toBe(
      'The server is not active',
    );
    t.clock.advance(60_000);
    expect((await t.call('deploi_monitor_ram', { id: fresh.id })).data.total).toBe(String(2 * gib));
    expect((await t.refusal('deploi_monitor_disk', { id: 31_337 })).apiMessage).toBe('No such server');
  });

  it('reports the WAF log statistics of a reverse proxy site', async () => {
    const waf = t.sandbox.state.get().firewalls.find((f) => f.type === 'waf' && f.clientId === 101);
    const proxy = waf?.reverseProxies[0];
    const reply = await t.call('deploi_get_log_statistics', { id: waf?.id, reverseProxyId: proxy?.id });
    expect(reply).toEqual({
      success: true,
      message: 'Fetched log statistics.',
      messageId: 91,
      data: { ...proxy?.stats },
    });
    const ip = t.sandbox.state.get().firewalls.find((f) => f.type === 'ip')?.id;
    const refused = await t.refusal('deploi_get_log_statistics', { id: ip, reverseProxyId: proxy?.id });
    expect(refused.apiMessage).toBe('The firewall is not a WAF firewall');
  });
});
