import { afterEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock, type Sandbox, startSandbox } from '../src/index';
import { seflow } from './support/http';

// SeFlow dedicated servers: status, suspend/reactivate, reboot, rDNS, portable IPs and graphs.

let sandbox: Sandbox;
let clock: ManualClock;
afterEach(() => sandbox.stop());

async function start() {
  clock = manualClock();
  sandbox = await startSandbox({ clock, restartDelayMs: 120_000 });
}

const status = async (serverid: string) => (await seflow(sandbox, 'checkstatus', { serverid })).body;

describe('SeFlow', () => {
  it('reports the four documented statuses, and suspends and reactivates', async () => {
    await start();
    expect(await status('DS-1042')).toEqual({ status: 'success', statusmsg: 'Server is active' });
    expect(await status('DS-1044')).toEqual({
      status: 'success',
      statusmsg: 'Server is suspended by SeFlow',
    });
    expect(await status('DS-1045')).toEqual({ status: 'success', statusmsg: 'Server is canceled' });
    expect((await seflow(sandbox, 'suspendserver', { serverid: 'DS-1042' })).body).toEqual({
      status: 'success',
      statusmsg: 'Server Suspended',
    });
    expect(await status('DS-1042')).toEqual({
      status: 'success',
      statusmsg: 'Server is suspended by customer',
    });
    expect((await seflow(sandbox, 'reboot-dserver', { serverid: 'DS-1042' })).body.status).toBe('error');
    expect((await seflow(sandbox, 'activateserver', { serverid: 'DS-1042' })).body).toEqual({
      status: 'success',
      statusmsg: 'Server reactivated',
    });
    expect(await status('DS-1042')).toEqual({ status: 'success', statusmsg: 'Server is active' });
    expect((await seflow(sandbox, 'activateserver', { serverid: 'DS-1044' })).body.status).toBe('error');
    expect(await status('DS-9999')).toEqual({
      status: 'error',
      statusmsg: 'No such server or server not yet active',
    });
  });

  it('reboots: not available while the reboot runs, back afterwards', async () => {
    await start();
    expect((await seflow(sandbox, 'reboot-dserver', { serverid: 'DS-1043' })).body).toEqual({
      status: 'success',
      statusmsg: 'Reboot in Progress',
    });
    expect(sandbox.state.get().seflow.servers.find((s) => s.name === 'DS-1043')?.rebootUntil).not.toBeNull();
    const during = await seflow(sandbox, 'reboot-dserver', { serverid: 'DS-1043' });
    expect(during.body).toEqual({ status: 'error', statusmsg: 'No such server or server not yet active' });
    clock.advance(120_000);
    expect((await seflow(sandbox, 'reboot-dserver', { serverid: 'DS-1043' })).body.status).toBe('success');
  });

  it('routes a portable IP to another server, visible in showportableip', async () => {
    await start();
    const servers = sandbox.state.get().seflow.servers;
    const [a, b] = servers.filter((s) => s.status === 'active');
    const list = async () => (await seflow(sandbox, 'showportableip')).body.statusmsg as string;
    const before = await list();
    expect(before).toMatch(/^(\d+\.\d+\.\d+\.\d+:\d+\.\d+\.\d+\.\d+ )+$/);
    const portable = sandbox.state.get().seflow.portableIps[0];
    if (!a || !b || !portable) throw new Error('seed lacks servers or portable IPs');
    const target = portable.routedTo === a.primaryIp ? b : a;
    const moved = await seflow(sandbox, 'changeiproute', {
      portableip: portable.ip,
      target_ip: target.primaryIp,
    });
    expect(moved.body).toEqual({ status: 'success', statusmsg: 'Portable IP route was update succesfully' });
    expect(await list()).toContain(`${portable.ip}:${target.primaryIp} `);
    expect(
      (await seflow(sandbox, 'changeiproute', { portableip: '203.0.113.250', target_ip: a.primaryIp })).body,
    ).toEqual({
      status: 'error',
      statusmsg: 'No such ip',
    });
    const canceled = servers.find((s) => s.status === 'canceled');
    const toCanceled = await seflow(sandbox, 'changeiproute', {
      portableip: portable.ip,
      target_ip: canceled?.primaryIp ?? '',
    });
    expect(toCanceled.body).toEqual({ status: 'error', statusmsg: 'No such target server' });
    sandbox.state.update((s) => {
      s.seflow.portableIps = [];
    });
    expect((await seflow(sandbox, 'showportableip')).body).toEqual({
      status: 'error',
      statusmsg: 'No Portable IP',
    });
  });

  it('sets reverse DNS on IPs of active servers only', async () => {
    await start();
    const [active] = sandbox.state.get().seflow.servers.filter((s) => s.status === 'active');
    const ip = active?.ips[1] ?? '';
    const reply = await seflow(sandbox, 'changerdns', { ip, rdns: 'Mail.Nordlys.example' });
    expect(reply.body).toEqual({
      status: 'success',
      statusmsg: 'Operation completed. rDNS will be available within 24 hours',
    });
    expect(sandbox.state.get().seflow.rdns[ip]).toBe('mail.nordlys.example');
    const unknown = await seflow(sandbox, 'changerdns', { ip: '198.51.100.254', rdns: 'x.example.com' });
    expect(unknown.body).toEqual({ status: 'error', statusmsg: 'No such server or server not yet active' });
  });

  it('links four graphs that are served as real PNG images', async () => {
    await start();
    const reply = await seflow(sandbox, 'dserver-graph', { serverid: 'DS-1042' });
    expect(reply.body).toMatchObject({ status: 'success', statusmsg: '', loadgraph: null });
    const urls = ['dailygraph', 'weekgraph', 'monthgraph', 'yeargraph'].map((k) => reply.body[k] as string);
    expect(new Set(urls).size).toBe(4);
    for (const url of urls) {
      expect(url.startsWith(sandbox.graphsBaseUrl)).toBe(true);
      const image = await fetch(url);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await image.arrayBuffer());
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(Buffer.from(bytes.subarray(12, 16)).toString('ascii')).toBe('IHDR');
    }
    const inactive = await seflow(sandbox, 'dserver-graph', { serverid: 'DS-1045' });
    expect(inactive.body).toEqual({
      status: 'error',
      statusmsg: 'No such server or server not yet active',
      loadgraph: null,
    });
    expect((await fetch(`${sandbox.graphsBaseUrl}DS-9999/daily.png`)).status).toBe(404);
  });
});
