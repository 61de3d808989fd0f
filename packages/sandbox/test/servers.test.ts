import { afterEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock, type Sandbox, startSandbox } from '../src/index';
import { session } from './support/http';

// Virtual servers: listing, the creating → active lifecycle with IP assignment, restart, resize.

let sandbox: Sandbox;
let clock: ManualClock;
afterEach(() => sandbox.stop());

const docRange = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

async function start() {
  clock = manualClock();
  sandbox = await startSandbox({ clock, provisioningDelayMs: 60_000, restartDelayMs: 20_000 });
  return session(sandbox);
}

const newServer = {
  clientid: 102,
  name: 'new-app',
  ram: 4,
  cpu: 2,
  disks: [
    {
      idSet: false,
      id: '',
      name: 'system',
      size: 40,
      type: 'ssd',
      backupSpecs: {
        profileIdSet: false,
        profileId: 0,
        spec: [{ loc: 1, daily: 7, weekly: 0, monthly: 0, yearly: 0 }],
      },
    },
  ],
  OS: 'Ubuntu 24.04',
  licenses: [],
  username: 'bob',
  password: 'a-long-password',
  allowRemotePasswordLogin: false,
  publicip: true,
};

describe('servers', () => {
  it('lists servers, disks (in bytes) and VPNs of a client', async () => {
    const call = await start();
    const servers = await call('GetServers', { clientid: 101 });
    expect(servers.body.success).toBe(true);
    expect(servers.body.servers.length).toBeGreaterThanOrEqual(10);
    expect(servers.body.servers[0]).toEqual({
      id: expect.any(Number),
      name: expect.any(String),
      type: 'virtual',
      ram: expect.any(Number),
      cpu: expect.any(Number),
      disk: expect.any(Number),
      status: 'active',
    });
    const disks = await call('GetDisks', {});
    expect(disks.body.disks[0].size % 1024 ** 3).toBe(0);
    expect(disks.body.disks[0].type).toMatch(/^(SSD|HDD)$/);
    const vpns = await call('GetVPNs', { clientid: 102 });
    expect(vpns.body.vpns).toEqual([
      { id: expect.any(Number), username: 'ola.fjell', ip: expect.any(String) },
    ]);
  });

  it('creates a server that is creating without an IP, then active with one', async () => {
    const call = await start();
    const created = await call('CreateVirtualServer', newServer);
    expect(created.body).toEqual({ success: true, message: 'Server ordered.', messageId: 10 });
    const listed = (await call('GetServers', { clientid: 102 })).body.servers.find(
      (s: { name: string }) => s.name === 'new-app',
    );
    expect(listed).toMatchObject({ status: 'creating', ram: 4, cpu: 2, disk: 40 });
    const during = await call('GetServerInfo', { id: listed.id });
    expect(during.body.serverInfo.virtual).toMatchObject({ mainip: '', running: false, ips: [] });
    clock.advance(59_999);
    expect((await call('GetServerInfo', { id: listed.id })).body.serverInfo.virtual.mainip).toBe('');
    clock.advance(1);
    const after = (await call('GetServerInfo', { id: listed.id })).body.serverInfo.virtual;
    expect(after.mainip).toMatch(docRange);
    expect(after.running).toBe(true);
    expect(after.ips[0]).toBe(after.mainip);
    expect(after.disks).toEqual([{ id: expect.any(String), type: 'ssd', size: 40 }]);
    const state = sandbox.state.get();
    expect(state.backupPlans.some((p) => p.objectid === after.disks[0].id && p.daily === 7)).toBe(true);
    expect(state.agreements.find((a) => a.id === listed.id)?.monthlyPrice).toBeGreaterThan(0);
    expect(JSON.stringify(state)).not.toContain('a-long-password');
  });

  it('restarts: restarting, then active again', async () => {
    const call = await start();
    const id = sandbox.state.get().servers.find((s) => s.clientId === 101 && s.status === 'active')?.id;
    expect((await call('RestartVirtualServer', { id })).body).toEqual({
      success: true,
      message: '',
      messageId: 0,
    });
    const status = async () =>
      (await call('GetServers', { clientid: 101 })).body.servers.find((s: { id: number }) => s.id === id)
        .status;
    expect(await status()).toBe('restarting');
    expect((await call('GetServerInfo', { id })).body.serverInfo.virtual.running).toBe(false);
    expect((await call('RestartVirtualServer', { id })).body.success).toBe(false);
    clock.advance(20_000);
    expect(await status()).toBe('active');
  });

  it('resizes only what the patch names', async () => {
    const call = await start();
    const server = sandbox.state.get().servers.find((s) => s.clientId === 101);
    if (!server) throw new Error('no server');
    const diskId = server.diskIds[0];
    const reply = await call('UpdateVirtualServer', {
      id: server.id,
      setCpu: true,
      cpucent: 800,
      setRam: false,
      ram: 0,
      diskChange: [{ id: diskId, size: 333 }],
    });
    expect(reply.body).toMatchObject({ success: true, messageId: 63 });
    const info = (await call('GetServerInfo', { id: server.id })).body.serverInfo.virtual;
    expect(info.cpu).toBe(8);
    expect(info.ram).toBe(server.ram);
    expect(info.disks.find((d: { id: string }) => d.id === diskId).size).toBe(333);
  });

  it('does not show or change servers of clients the user cannot access', async () => {
    const call = await start();
    sandbox.state.update((s) => {
      s.clients.push({ ...s.clients[0]!, id: 999, name: 'Someone else' });
      const first = s.servers[0]!;
      s.servers.push({ ...first, id: 424242, clientId: 999 });
    });
    const reply = await call('GetServerInfo', { id: 424242 });
    expect(reply.body).toEqual({ success: false, message: 'No such server', messageId: -1 });
    expect((await call('RestartVirtualServer', { id: 424242 })).body.success).toBe(false);
  });
});
