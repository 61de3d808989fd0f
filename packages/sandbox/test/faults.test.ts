import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index';
import { deploi, login, seflow, session } from './support/http';

// Every fault kind, observed over HTTP the way a client would see it.

let sandbox: Sandbox;
afterEach(() => sandbox.stop());

const ping = () => deploi(sandbox, { command: 'Ping' });

describe('faults', () => {
  it('adds latency', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'latency', ms: 150, command: 'Ping' }] });
    const started = performance.now();
    expect((await ping()).body.data).toBe('pong');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers a 5xx status without running the command', async () => {
    sandbox = await startSandbox();
    sandbox.faults.add({ kind: 'status', status: 503, command: 'GetDomainRecords' });
    const call = await session(sandbox);
    const reply = await call('GetDomainRecords', { domain: 'nordlys.example' });
    expect(reply.status).toBe(503);
    expect(reply.body).toBeUndefined();
    expect((await ping()).status).toBe(200);
  });

  it('answers 429 with Retry-After', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'rate-limit', retryAfterSeconds: 7 }] });
    const reply = await ping();
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.body).toMatchObject({ success: false, message: 'Too many requests' });
  });

  it('answers an HTML page', async () => {
    sandbox = await startSandbox({ faults: [{ kind: 'html', provider: 'seflow' }] });
    const reply = await seflow(sandbox, 'checkauth');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toMatch(/^<!DOCTYPE html>/);
    expect((await ping()).body.data).toBe('pong');
  });

  it('cuts the JSON reply of a command that did run', async () => {
    sandbox = await startSandbox();
    const call = await session(sandbox);
    sandbox.faults.add({ kind: 'truncated-json', command: 'AddDomainRecord', times: 1 });
    const record = {
      domain: 'nordlys.example',
      type: 'TXT',
      host: 'cut',
      value: 'written',
      options: { ttl: 300 },
    };
    const reply = await call('AddDomainRecord', record);
    expect(reply.status).toBe(200);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.body).toBeUndefined();
    const domain = sandbox.state.get().domains.find((d) => d.name === 'nordlys.example');
    expect(domain?.records.some((r) => r.host === 'cut.nordlys.example')).toBe(true);
  });

  it('resets the connection before or after running the command', async () => {
    sandbox = await startSandbox();
    const call = await session(sandbox);
    sandbox.faults.add({ kind: 'reset', command: 'Ping', times: 1 });
    await expect(ping()).rejects.toThrow();
    expect((await ping()).body.data).toBe('pong');
    sandbox.faults.add({ kind: 'reset', afterHandling: true, command: 'DeleteDomainRecord', times: 1 });
    const target = { domain: 'nordlys.example', type: 'TXT', host: '@', value: 'v=spf1 mx a -all' };
    await expect(call('DeleteDomainRecord', target)).rejects.toThrow();
    const domain = sandbox.state.get().domains.find((d) => d.name === 'nordlys.example');
    expect(domain?.records.some((r) => r.type === 'TXT' && r.value === 'v=spf1 mx a -all')).toBe(false);
    expect(
      sandbox.requests
        .entries()
        .filter((e) => e.fault === 'reset')
        .map((e) => e.status),
    ).toEqual([0, 0]);
  });

  it('expires the token now', async () => {
    sandbox = await startSandbox();
    const token = await login(sandbox);
    sandbox.faults.add({ kind: 'expire-token', command: 'GetServers', times: 1 });
    const reply = await deploi(sandbox, { command: 'GetServers', token });
    expect(reply.body).toEqual({ success: false, message: 'Token expired', messageId: -1 });
    const fresh = await login(sandbox);
    expect((await deploi(sandbox, { command: 'GetServers', token: fresh })).body.success).toBe(true);
  });

  it('refuses in each API shape', async () => {
    sandbox = await startSandbox({
      faults: [
        { kind: 'refuse', provider: 'deploi', message: 'Maintenance', messageId: 500 },
        { kind: 'refuse', provider: 'seflow' },
      ],
    });
    expect((await ping()).body).toEqual({ success: false, message: 'Maintenance', messageId: 500 });
    expect((await seflow(sandbox, 'checkauth')).body).toEqual({
      status: 'error',
      statusmsg: 'Service temporarily unavailable',
    });
  });

  it('lets the first N matching requests through with after, then applies', async () => {
    sandbox = await startSandbox();
    sandbox.faults.add({ kind: 'status', status: 503, command: 'Ping', after: 2, times: 1 });
    // Another command does not count towards `after`.
    expect((await seflow(sandbox, 'checkauth')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ping()).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });

  it('counts N times, matches by command, and can be removed or cleared', async () => {
    sandbox = await startSandbox();
    const id = sandbox.faults.add({ kind: 'status', status: 500, command: ['Ping', 'checkauth'], times: 2 });
    expect(sandbox.faults.list()).toEqual([expect.objectContaining({ id, remaining: 2, hits: 0 })]);
    expect((await ping()).status).toBe(500);
    expect((await seflow(sandbox, 'checkauth')).status).toBe(500);
    expect((await ping()).status).toBe(200);
    expect(sandbox.faults.list()).toEqual([]);
    const forever = sandbox.faults.add({ kind: 'status', status: 502 });
    expect((await ping()).status).toBe(502);
    expect(sandbox.faults.remove(forever)).toBe(true);
    sandbox.faults.add({ kind: 'status', status: 502 });
    sandbox.faults.clear();
    expect((await ping()).status).toBe(200);
    expect(() => sandbox.faults.add({ kind: 'status', status: 200 } as never)).toThrow();
  });

  it('is controllable over HTTP for a sandbox in another process', async () => {
    sandbox = await startSandbox();
    const added = await fetch(new URL('faults', sandbox.controlUrl), {
      method: 'POST',
      body: JSON.stringify({ kind: 'status', status: 503, times: 1 }),
    });
    expect(added.status).toBe(201);
    expect((await ping()).status).toBe(503);
    const bad = await fetch(new URL('faults', sandbox.controlUrl), {
      method: 'POST',
      body: '{"kind":"explode"}',
    });
    expect(bad.status).toBe(400);
    const listed = await (await fetch(new URL('faults', sandbox.controlUrl))).json();
    expect(listed).toEqual({ faults: [] });
    const requests = await (await fetch(new URL('requests', sandbox.controlUrl))).json();
    expect(requests.requests.at(-1)).toMatchObject({ command: 'Ping', status: 503, fault: 'status' });
  });
});
