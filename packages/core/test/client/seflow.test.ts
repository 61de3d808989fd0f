import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeflowClient } from '../../src/client/seflow';
import { ApiError, OutcomeUnknownError, ValidationError } from '../../src/errors';
import { canary, failure } from '../support/canaries';
import { type FakeApi, refusedUrl, startFakeApi } from '../support/fake-api';

let api: FakeApi;
let waits: number[];
beforeEach(async () => {
  api = await startFakeApi();
  waits = [];
});
afterEach(async () => {
  await api.close();
});

function client(baseUrl = `${api.url}api.php`, extra = {}) {
  return new SeflowClient({
    baseUrl,
    username: 'user1',
    key: canary.key,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

describe('SeflowClient', () => {
  it('sends GET with action, username, key and the variables', async () => {
    api.queue({ json: { status: 'success', statusmsg: 'Server is active' } });
    const out = await client().call('seflow_checkstatus', { serverid: 'DS-1042' });
    expect(out).toEqual({ ok: true, output: { status: 'success', statusmsg: 'Server is active' } });
    const req = api.requests[0];
    expect(req?.method).toBe('GET');
    expect(req?.url.startsWith('/api.php?')).toBe(true);
    expect(req?.query).toEqual({
      action: 'checkstatus',
      username: 'user1',
      key: canary.key,
      serverid: 'DS-1042',
    });
    expect(req?.body).toBe('');
    expect(req?.headers['user-agent']).toMatch(
      /^hostkit\/\S+ \(\+https:\/\/github\.com\/hostkit; seflow client\)$/,
    );
  });

  it('accepts wire names and keeps a query already in the base URL', async () => {
    api.queue({ json: { status: 'success', statusmsg: '192.0.2.1:10.0.0.1 ' } });
    await client(`${api.url}?lang=en`).call('showportableip', {});
    expect(api.requests[0]?.query).toEqual({
      lang: 'en',
      action: 'showportableip',
      username: 'user1',
      key: canary.key,
    });
  });

  it('turns status "error" into an ApiError with statusmsg', async () => {
    api.queue({ json: { status: 'error', statusmsg: 'No such server or server not yet active' } });
    const e = await failure(client().call('seflow_checkstatus', { serverid: 'DS-1' }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({
      code: 'api_error',
      provider: 'seflow',
      apiMessage: 'No such server or server not yet active',
    });
  });

  it('maps "Wrong Username or Password" to auth_failed', async () => {
    api.queue({ json: { status: 'error', statusmsg: 'Wrong Username or Password' } });
    const e = await failure(client().call('seflow_checkauth', {}));
    expect(e).toMatchObject({ code: 'auth_failed' });
    expect(e.message).toMatch(/API key/);
  });

  it('lists every missing setting', () => {
    for (const [options, names] of [
      [{ username: 'u', key: 'k' }, ['baseUrl']],
      [{}, ['baseUrl', 'username', 'key']],
    ] as const) {
      let error: unknown;
      try {
        new SeflowClient(options);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'config' });
      for (const n of names) expect((error as Error).message).toContain(n);
    }
    expect(() => new SeflowClient({ baseUrl: 'ftp://x', username: 'u', key: 'k' })).toThrow(/http\(s\)/);
  });

  it('validates input before sending', async () => {
    const e = await failure(
      client().call('seflow_changerdns', { ip: '999.1.1.1', rdns: 'mail.example.com' }),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(api.requests).toHaveLength(0);
  });

  it('retries a read after a 502 and keeps the key out of an echoed page', async () => {
    api.handle((req) => ({ status: 502, body: `<html>Bad gateway for ${req.url}</html>` }));
    const e = await failure(client().call('seflow_checkstatus', { serverid: 'DS-1' }));
    expect(e).toMatchObject({ code: 'http_status', retryable: true });
    expect(api.requests).toHaveLength(3);
  });

  it('reports an HTML page echoing the URL, with the key redacted', async () => {
    api.handle((req) => ({ status: 200, body: `<p>${req.url}</p>` }));
    const e = await failure(client().call('seflow_checkauth', {}));
    expect(e).toMatchObject({ code: 'bad_response' });
    expect(e.message).toContain('key=[redacted]');
  });

  it('never retries a write: a 503 on reboot is of unknown outcome, checked with seflow_checkstatus', async () => {
    api.queue({ status: 503, json: { status: 'error', statusmsg: `overloaded ${canary.key}` } });
    const e = await failure(client().call('seflow_reboot_dserver', { serverid: 'DS-1' }));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect(e).toMatchObject({ checkWith: 'seflow_checkstatus' });
    expect(api.requests).toHaveLength(1);
  });

  it('keeps the key out of network errors', async () => {
    const e = await failure(client(await refusedUrl()).call('seflow_checkauth', {}));
    expect(e).toMatchObject({ code: 'network' });
    expect(waits).toHaveLength(2);
  });

  it('refuses a Deploi command', async () => {
    const e = await failure(client().call('deploi_get_servers' as string, {}));
    expect(e).toMatchObject({ code: 'unknown_command' });
  });

  it('times out and is cancellable', async () => {
    api.handle(() => ({ hang: true }));
    const timeout = await failure(client(undefined, { timeoutMs: 150 }).call('seflow_checkauth', {}));
    expect(timeout).toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    const call = client().call('seflow_checkauth', {}, { signal: controller.signal });
    await api.received(2);
    controller.abort();
    expect(await failure(call)).toMatchObject({ code: 'aborted' });
  });
});
