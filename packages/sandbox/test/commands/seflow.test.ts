import { ApiError, SeflowClient } from '@hostkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';
import type { Json } from '../support/http';

// The seflow group through the core SeflowClient: status, suspend and reactivate, reboots, rDNS,
// portable IP routes (visible in showportableip) and the bandwidth graphs, fetched as real PNGs.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ restartDelayMs: 120_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const run = async (tool: string, input: Record<string, unknown> = {}): Promise<Json> => {
  const result = await t.seflow.call(tool, input);
  if (!result.ok) throw new Error(result.drift.message);
  return result.output;
};

/** The ApiError an action is refused with. */
async function refused(tool: string, input: Record<string, unknown> = {}): Promise<ApiError> {
  const error = await run(tool, input).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`${tool} was not refused by the API: ${String(error)}`);
  return error;
}

const status = async (serverid: string) => (await run('seflow_checkstatus', { serverid })).statusmsg;

describe('seflow', () => {
  it('checks the credentials', async () => {
    expect(await run('seflow_checkauth')).toEqual({ status: 'success', statusmsg: 'Login OK' });
    const wrong = new SeflowClient({
      baseUrl: t.sandbox.seflowUrl,
      username: t.sandbox.credentials.seflow.username,
      key: 'not-the-key',
    });
    await expect(wrong.call('seflow_checkauth', {})).rejects.toMatchObject({
      code: 'auth_failed',
      apiMessage: 'Wrong Username or Password',
    });
  });

  it('reports the four statuses, suspends and reactivates', async () => {
    expect(await status('DS-1042')).toBe('Server is active');
    expect(await status('DS-1044')).toBe('Server is suspended by SeFlow');
    expect(await status('DS-1045')).toBe('Server is canceled');
    expect(await run('seflow_suspendserver', { serverid: 'DS-1042' })).toEqual({
      status: 'success',
      statusmsg: 'Server Suspended',
    });
    expect(await status('DS-1042')).toBe('Server is suspended by customer');
    expect(await run('seflow_activateserver', { serverid: 'DS-1042' })).toEqual({
      status: 'success',
      statusmsg: 'Server reactivated',
    });
    expect(await status('DS-1042')).toBe('Server is active');
    expect((await refused('seflow_activateserver', { serverid: 'DS-1044' })).apiMessage).toBe(
      'Server is suspended by SeFlow',
    );
    expect((await refused('seflow_checkstatus', { serverid: 'DS-9999' })).apiMessage).toBe(
      'No such server or server not yet active',
    );
  });

  it('reboots: the server is busy until the reboot ends', async () => {
    expect(await run('seflow_reboot_dserver', { serverid: 'DS-1043' })).toEqual({
      status: 'success',
      statusmsg: 'Reboot in Progress',
    });
    const rebooting = t.sandbox.state.get().seflow.servers.find((s) => s.name === 'DS-1043');
    expect(rebooting?.rebootUntil).toBe(t.clock.now() + 120_000);
    expect((await refused('seflow_dserver_graph', { serverid: 'DS-1043' })).apiMessage).toBe(
      'No such server or server not yet active',
    );
    expect(await status('DS-1043')).toBe('Server is active');
    t.clock.advance(120_000);
    expect((await run('seflow_dserver_graph', { serverid: 'DS-1043' })).status).toBe('success');
    expect(t.sandbox.state.get().seflow.servers.find((s) => s.name === 'DS-1043')?.rebootUntil).toBeNull();
  });

  it('sets reverse DNS on an IP of an active server', async () => {
    const server = t.sandbox.state.get().seflow.servers.find((s) => s.name === 'DS-1042');
    const ip = server?.ips[1] ?? '';
    expect(await run('seflow_changerdns', { ip, rdns: 'Mail.Nordlys.example' })).toEqual({
      status: 'success',
      statusmsg: 'Operation completed. rDNS will be available within 24 hours',
    });
    expect(t.sandbox.state.get().seflow.rdns[ip]).toBe('mail.nordlys.example');
    expect(
      (await refused('seflow_changerdns', { ip: '198.51.100.254', rdns: 'x.example.com' })).apiMessage,
    ).toBe('No such server or server not yet active');
  });

  it('routes portable IPs, visible in showportableip', async () => {
    const list = async () => (await run('seflow_showportableip')).statusmsg as string;
    const pairs = (await list()).trim().split(' ');
    expect(pairs).toEqual(t.sandbox.state.get().seflow.portableIps.map((p) => `${p.ip}:${p.routedTo}`));
    const [portable] = t.sandbox.state.get().seflow.portableIps;
    const active = t.sandbox.state.get().seflow.servers.filter((s) => s.status === 'active');
    const target = active.find((s) => s.primaryIp !== portable?.routedTo);
    if (!portable || !target) throw new Error('the seed lacks portable IPs or a second active server');
    expect(
      await run('seflow_changeiproute', { portableip: portable.ip, target_ip: target.primaryIp }),
    ).toEqual({
      status: 'success',
      statusmsg: 'Portable IP route was update succesfully',
    });
    expect(await list()).toContain(`${portable.ip}:${target.primaryIp} `);
    expect(
      (await refused('seflow_changeiproute', { portableip: '203.0.113.250', target_ip: target.primaryIp }))
        .apiMessage,
    ).toBe('No such ip');
    const canceled = t.sandbox.state.get().seflow.servers.find((s) => s.status === 'canceled');
    expect(
      (await refused('seflow_changeiproute', { portableip: portable.ip, target_ip: canceled?.primaryIp }))
        .apiMessage,
    ).toBe('No such target server');
    t.sandbox.state.update((s) => {
      s.seflow.portableIps = [];
    });
    // SeFlow refuses with "No Portable IP" when there are none; the client makes that the empty list it means.
    expect(await run('seflow_showportableip')).toMatchObject({ status: 'success', portableIps: [] });
    expect(t.sandbox.requests.entries().at(-1)).toMatchObject({
      command: 'showportableip',
      success: false,
      message: 'No Portable IP',
    });
  });

  it('links four bandwidth graphs that are real PNG images', async () => {
    const reply = await run('seflow_dserver_graph', { serverid: 'DS-1042' });
    expect(reply).toMatchObject({ status: 'success', statusmsg: '', loadgraph: null });
    const urls = [reply.dailygraph, reply.weekgraph, reply.monthgraph, reply.yeargraph] as string[];
    expect(new Set(urls).size).toBe(4);
    for (const url of urls) {
      expect(url.startsWith(t.sandbox.graphsBaseUrl)).toBe(true);
      const image = await fetch(url);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await image.arrayBuffer());
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBeGreaterThan(0);
      expect(png.readUInt32BE(20)).toBeGreaterThan(0);
      expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
      // The empty IEND chunk's CRC-32 is the same in every PNG file (the PNG spec's value).
      expect(png.subarray(-4).toString('hex')).toBe('ae426082');
    }
    expect((await refused('seflow_dserver_graph', { serverid: 'DS-1045' })).apiMessage).toBe(
      'No such server or server not yet active',
    );
  });
});
