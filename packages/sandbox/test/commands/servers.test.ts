import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleServerOrder } from '../../src/index';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The servers group through the core Deploi client: listing, the creating → active lifecycle with
// its IP, resizes, restarts, disks and VPNs, each change read back.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000, restartDelayMs: 20_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const gib = 1024 ** 3;
const docRange = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

// The shared example (src/examples.ts): api-02 for client 102.
const order = exampleServerOrder;

async function find(name: string, clientid = 102) {
  const { servers } = await t.call('deploi_get_servers', { clientid });
  return servers.find((s: { name: string }) => s.name === name);
}

describe('servers', () => {
  it('lists the servers of each client', async () => {
    const state = t.sandbox.state.get();
    const { servers } = await t.call('deploi_get_servers');
    const seeded = state.servers.filter((s) => s.clientId === 101);
    expect(servers.map((s: { id: number }) => s.id)).toEqual(seeded.map((s) => s.id));
    const first = seeded[0];
    const disk = state.disks.filter((d) => first?.diskIds.includes(d.id)).reduce((n, d) => n + d.sizeGb, 0);
    expect(servers[0]).toEqual({
      id: first?.id,
      name: first?.name,
      type: 'virtual',
      ram: first?.ram,
      cpu: first?.cpu,
      disk,
      status: 'active',
    });
    expect(servers.find((s: { name: string }) => s.name === 'legacy-erp-01').status).toBe('off');
  });

  it('creates a server: creating without an IP, then active with one, its disk and backup plan', async () => {
    const reply = await t.call('deploi_create_virtual_server', order);
    expect(reply).toEqual({ success: true, message: 'Server ordered.', messageId: 10 });
    const created = await find('api-02');
    expect(created).toMatchObject({ status: 'creating', ram: 4, cpu: 2, disk: 40 });
    const during = (await t.call('deploi_get_server_info', { id: created.id })).serverInfo;
    expect(during.virtual).toMatchObject({ mainip: '', ips: [], running: false });
    t.clock.advance(60_000);
    expect((await find('api-02')).status).toBe('active');
    const { serverInfo } = await t.call('deploi_get_server_info', { id: created.id });
    expect(serverInfo.type).toBe('virtual');
    expect(serverInfo.virtual.mainip).toMatch(docRange);
    expect(serverInfo.virtual).toMatchObject({ ram: 4, cpu: 2, running: true, suspended: false });
    expect(serverInfo.virtual.disks).toEqual([{ id: expect.any(String), type: 'ssd', size: 40 }]);
    const diskId = serverInfo.virtual.disks[0].id;
    const state = t.sandbox.state.get();
    expect(state.backupPlans.find((p) => p.objectid === diskId)).toMatchObject({
      location: 2,
      daily: 7,
      weekly: 4,
    });
    expect(state.agreements.find((a) => a.id === created.id)?.kind).toBe('server');
    expect(JSON.stringify(state)).not.toContain(order.password);
  });

  it('resizes only what is given', async () => {
    const server = t.sandbox.state.get().servers.find((s) => s.name === 'files-01');
    if (!server) throw new Error('no seeded files-01');
    const diskId = server.diskIds[0];
    const reply = await t.call('deploi_update_virtual_server', {
      id: server.id,
      cpucent: 400,
      diskChange: [{ id: diskId, size: 500 }],
    });
    expect(reply).toEqual({
      success: true,
      message: 'Request to change server resources received.',
      messageId: 63,
    });
    const { virtual } = (await t.call('deploi_get_server_info', { id: server.id })).serverInfo;
    expect(virtual.cpu).toBe(4);
    expect(virtual.ram).toBe(server.ram);
    expect(virtual.disks.find((d: { id: string }) => d.id === diskId).size).toBe(500);
  });

  it('restarts through restarting back to active', async () => {
    const { id } = await find('web-01');
    expect(await t.call('deploi_restart_virtual_server', { id })).toEqual({
      success: true,
      message: '',
      messageId: 0,
    });
    expect((await find('web-01')).status).toBe('restarting');
    expect((await t.call('deploi_get_server_info', { id })).serverInfo.virtual.running).toBe(false);
    const busy = await t.refusal('deploi_restart_virtual_server', { id });
    expect(busy.apiMessage).toBe('The server is not active');
    t.clock.advance(20_000);
    expect((await find('web-01')).status).toBe('active');
  });

  it('lists disks in bytes and upper-case types', async () => {
    const { disks } = await t.call('deploi_get_disks', { clientid: 102 });
    const seeded = t.sandbox.state.get().disks.filter((d) => d.clientId === 102);
    expect(disks).toEqual(
      seeded.map((d) => ({
        id: d.id,
        name: d.name,
        type: d.type.toUpperCase(),
        technology: d.technology,
        size: d.sizeGb * gib,
      })),
    );
  });

  it('lists VPN accounts', async () => {
    const { vpns } = await t.call('deploi_get_vpns');
    const seeded = t.sandbox.state.get().vpns.filter((v) => v.clientId === 101);
    expect(vpns).toEqual(seeded.map(({ id, username, ip }) => ({ id, username, ip })));
    expect(vpns[0].username).toBe('kari.nordmann');
  });

  it('refuses servers that do not exist or belong to clients the user cannot access', async () => {
    t.sandbox.state.update((s) => {
      const first = s.servers[0];
      if (first) s.servers.push({ ...first, id: 424_242, clientId: 999 });
    });
    for (const id of [999_999, 424_242]) {
      const refused = await t.refusal('deploi_get_server_info', { id });
      expect(refused).toMatchObject({ apiMessage: 'No such server', messageId: -1, code: 'api_error' });
    }
    await t.refusal('deploi_update_virtual_server', { id: 424_242, ram: 64 });
    expect(t.sandbox.state.get().servers.find((s) => s.id === 424_242)?.ram).toBe(
      t.sandbox.state.get().servers[0]?.ram,
    );
  });
});
