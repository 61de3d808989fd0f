import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploiClient } from '../../src/client/deploi';
import { type ClientEvent, MAX_TRIES, parseRetryAfter } from '../../src/client/transport';
import { type HostkitError, OutcomeUnknownError } from '../../src/errors';
import { canary, failure } from '../support/canaries';
import { type FakeApi, refusedUrl, startFakeApi } from '../support/fake-api';
import { addThing, getThings } from '../support/test-commands';

let api: FakeApi;
let waits: number[];
beforeEach(async () => {
  api = await startFakeApi();
  waits = [];
});
afterEach(async () => {
  await api.close();
});

const ok = { json: { success: true, message: '', messageId: 0, things: [{ id: 1 }] } };
const write = { domain: 'example.com', value: 'v', magicword: canary.secretInput };

function client(extra: { baseUrl?: string; timeoutMs?: number } = {}) {
  return new DeploiClient({
    baseUrl: api.url,
    token: canary.token,
    clientId: 1,
    // Waits are recorded, not waited: the tests check the delay asked, never the clock.
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

/** A body that echoes the request, as a careless proxy or error page might. */
const echo = (status: number, wrap: (body: string) => string) => () =>
  api.handle((req) => ({ status, body: wrap(`${req.body} ${req.url}`) }));

describe('reads', () => {
  it('retries after a 503 and succeeds', async () => {
    api.queue({ status: 503, body: '<html>busy</html>' }, ok);
    const out = await client().call(getThings, {});
    expect(out.output?.things).toEqual([{ id: 1 }]);
    expect(api.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0);
  });

  it('tells onEvent of each read sent again, by wire name, cause and wait, and of no write', async () => {
    const events: ClientEvent[] = [];
    api.queue({ status: 503, body: 'busy' }, { status: 503, body: 'busy' }, ok);
    const c = new DeploiClient({
      baseUrl: api.url,
      token: canary.token,
      clientId: 1,
      sleep: async () => {},
      random: () => 0.5,
      onEvent: (e) => events.push(e),
    });
    await c.call(getThings, {});
    expect(events).toEqual([
      { kind: 'retry', provider: 'deploi', wire: 'GetThings', attempt: 1, waitMs: 300, reason: 'HTTP 503' },
      { kind: 'retry', provider: 'deploi', wire: 'GetThings', attempt: 2, waitMs: 600, reason: 'HTTP 503' },
    ]);
    events.length = 0;
    api.queue({ status: 503, body: 'busy' });
    await failure(c.call(addThing, write));
    expect(events).toEqual([]);
  });

  it(`gives up after ${MAX_TRIES} tries, with growing jittered backoff`, async () => {
    api.handle((req) => ({ status: 503, json: { success: false, message: `down ${req.body}` } }));
    const e = await failure(client().call(getThings, {}));
    expect(e).toMatchObject({ code: 'http_status', retryable: true });
    expect(e.message).toMatch(/HTTP 503.*tried 3 times/);
    expect(api.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] ?? Number.POSITIVE_INFINITY);
  });

  it('honours Retry-After on 429', async () => {
    api.queue(
      { status: 429, headers: { 'retry-after': '2' }, json: { success: false, message: 'Slow down' } },
      ok,
    );
    await client().call(getThings, {});
    expect(waits).toEqual([2000]);
    expect(api.requests).toHaveLength(2);
  });

  it('does not wait longer than the cap: reports the wait asked instead', async () => {
    api.queue({
      status: 429,
      headers: { 'retry-after': '120' },
      json: { success: false, message: 'Slow down' },
    });
    const e = await failure(client().call(getThings, {}));
    expect(e).toMatchObject({ code: 'http_status', retryable: true });
    expect(e.message).toMatch(/wait 120 s/);
    expect(api.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('retries a refused connection, then reports a network error', async () => {
    const e = await failure(client({ baseUrl: await refusedUrl() }).call(getThings, {}));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toMatch(/connection refused.*tried 3 times/);
    expect(waits).toHaveLength(2);
  });

  it('times out against a server that never answers', async () => {
    api.queue({ hang: true });
    const e = await failure(client({ timeoutMs: 150 }).call(getThings, {}));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(api.requests).toHaveLength(1);
  });

  it('is cancelled by an AbortSignal', async () => {
    api.queue({ hang: true });
    const controller = new AbortController();
    const call = client().call(getThings, {}, { signal: controller.signal });
    await api.received(1);
    controller.abort();
    const e = await failure(call);
    expect(e).toMatchObject({ code: 'aborted' });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const e = await failure(client().call(getThings, {}, { signal: AbortSignal.abort() }));
    expect(e).toMatchObject({ code: 'aborted' });
    expect(api.requests).toHaveLength(0);
  });

  it('reports an HTML body as bad_response, redacted, not retried', async () => {
    echo(200, (b) => `<html>${b}`)();
    const e = await failure(client().call(getThings, {}));
    expect(e).toMatchObject({ code: 'bad_response', retryable: true });
    expect(e.message).toMatch(/HTTP 200 and HTML, starting "<html>\{"command":"GetThings"/);
    expect(e.message).toContain('"token":"[redacted]"');
    expect(api.requests).toHaveLength(1);
  });

  it('reports truncated JSON as bad_response without leaking a half-sent token', async () => {
    api.queue({ status: 200, body: `{"success":true,"data":{"token":"${canary.token.slice(0, 12)}` });
    const e = await failure(client().call(getThings, {}));
    expect(e).toMatchObject({ code: 'bad_response' });
    expect(e.message).toMatch(/truncated or invalid JSON/);
    expect(e.message).not.toContain(canary.token.slice(0, 12));
  });

  it('reports a non-JSON 404 as http_status, not retried', async () => {
    api.queue({ status: 404, body: 'Not Found' });
    const e = await failure(client().call(getThings, {}));
    expect(e).toMatchObject({ code: 'http_status', retryable: false });
    expect(e.message).toMatch(/HTTP 404.*base URL/);
    expect(api.requests).toHaveLength(1);
  });
});

describe('writes', () => {
  it('are not retried after a 503: outcome unknown, naming the check tool', async () => {
    api.handle((req) => ({ status: 503, json: { success: false, message: `down ${req.body}` } }));
    const e = await failure(client().call(addThing, write));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect(e).toMatchObject({
      code: 'outcome_unknown',
      checkWith: 'deploi_get_domain_records',
      retryable: false,
    });
    // The read with the arguments the write gives it, from the command's definition.
    expect(e.message).toMatch(
      /deploi_add_thing is unknown.*HTTP 503.*Check with deploi_get_domain_records \{"domain":"[^"]+"\}/,
    );
    expect(api.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('say a 429 was not applied: not retried, but retryable', async () => {
    api.queue({ status: 429, headers: { 'retry-after': '5' }, body: '' });
    const e = await failure(client().call(addThing, write));
    expect(e).not.toBeInstanceOf(OutcomeUnknownError);
    expect(e).toMatchObject({ code: 'http_status', retryable: true });
    expect(e.message).toMatch(/not applied.*wait 5 s|wait 5 s.*not applied/);
    expect(api.requests).toHaveLength(1);
  });

  it('say a refused connection sent nothing: retryable', async () => {
    const e = await failure(client({ baseUrl: await refusedUrl() }).call(addThing, write));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toMatch(/not sent, so nothing changed/);
    expect(waits).toEqual([]);
  });

  it('are of unknown outcome when the connection drops after sending', async () => {
    api.queue({ destroy: true });
    const e = await failure(client().call(addThing, write));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect((e.cause as HostkitError).code).toBe('network');
    expect(api.requests).toHaveLength(1);
  });

  it('are of unknown outcome after a timeout', async () => {
    api.queue({ hang: true });
    const e = await failure(client({ timeoutMs: 150 }).call(addThing, write));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect((e.cause as HostkitError).code).toBe('timeout');
  });

  it('are of unknown outcome after a garbled body', async () => {
    echo(200, (b) => `{"success":true,"echo":${b}`)();
    const e = await failure(client().call(addThing, write));
    expect(e).toBeInstanceOf(OutcomeUnknownError);
    expect((e.cause as HostkitError).code).toBe('bad_response');
  });

  it('say a cancellation after sending may have applied them', async () => {
    api.queue({ hang: true });
    const controller = new AbortController();
    const call = client().call(addThing, write, { signal: controller.signal });
    await api.received(1);
    controller.abort();
    const e = await failure(call);
    expect(e).toMatchObject({ code: 'aborted', retryable: false });
    expect(e.message).toMatch(/may or may not have been applied.*deploi_get_domain_records/);
  });
});
