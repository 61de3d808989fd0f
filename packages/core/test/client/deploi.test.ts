import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { DEPLOI_TOKEN_REJECTED_MESSAGES, DeploiClient, isTokenRejected } from '../../src/client/deploi';
import { outputOf } from '../../src/client/result';
import type { ClientEvent } from '../../src/client/transport';
import { ApiError, HostkitError, SchemaDriftError, ValidationError } from '../../src/errors';
import { getCommandByWire } from '../../src/registry/registry';
import { canary, failure } from '../support/canaries';
import { type FakeApi, type RecordedRequest, startFakeApi } from '../support/fake-api';
import { addThing, getPrice, getThings, updateThing } from '../support/test-commands';

let api: FakeApi;
beforeEach(async () => {
  api = await startFakeApi();
});
afterEach(async () => {
  await api.close();
});

const noWait = { sleep: async () => {}, random: () => 0.5 };
const login = (r: RecordedRequest) => r.json?.command === 'Login';

/** A tiny Deploi: Login gives `state.valid`; token commands refuse any other token. */
function miniDeploi(options: { code?: string } = {}) {
  const state = { valid: canary.token as string, logins: 0 };
  api.handle(async (req) => {
    const body = req.json ?? {};
    if (body.command === 'Login') {
      state.logins++;
      // Slow enough that concurrent calls pile up behind one login.
      await delay(20);
      if (body.password !== canary.password) {
        return { json: { success: false, message: 'Email or Password Invalid', messageId: -1 } };
      }
      if (options.code && body.secondfactor === undefined) {
        return { json: { success: true, message: '', messageId: 0, data: { nextstep: 'twofactor' } } };
      }
      if (options.code && body.secondfactor !== options.code) {
        return { json: { success: false, message: `Wrong code ${String(body.secondfactor)}`, messageId: 5 } };
      }
      const clients = [
        { id: 123, name: 'Company A' },
        { id: 321, name: 'Company B' },
      ];
      return {
        json: {
          success: true,
          message: 'Login successful.',
          messageId: 0,
          data: { token: state.valid, clients },
        },
      };
    }
    if (body.command === 'GetPrice')
      return { json: { success: true, message: '', messageId: 0, price: '95' } };
    if (body.token !== state.valid) {
      return {
        json: { success: false, message: `${DEPLOI_TOKEN_REJECTED_MESSAGES[0]}: ${String(body.token)}` },
      };
    }
    return { json: { success: true, message: '', messageId: 0, things: [{ id: '7', name: 'x' }] } };
  });
  return state;
}

const withLogin = () =>
  new DeploiClient({ baseUrl: api.url, username: 'bob@example.com', password: canary.password, ...noWait });

describe('DeploiClient session', () => {
  it('logs in once and reuses the token across calls', async () => {
    const state = miniDeploi();
    const client = withLogin();
    const first = await client.call(getThings, {});
    await client.call(getThings, { name: 'x' });
    expect(first.output?.things[0]?.id).toBe(7);
    expect(state.logins).toBe(1);
    expect(api.requests.map((r) => r.json?.command)).toEqual(['Login', 'GetThings', 'GetThings']);
    expect(api.requests[0]?.json).toEqual({
      command: 'Login',
      username: 'bob@example.com',
      password: canary.password,
    });
    expect(api.requests[1]?.json).toMatchObject({ command: 'GetThings', token: canary.token, clientid: 123 });
    expect(api.requests[1]?.headers['content-type']).toBe('application/json');
    expect(api.requests[1]?.headers['user-agent']).toMatch(
      /^hostkit\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/hostkit; deploi client\)$/,
    );
  });

  it('types call() from the command given', async () => {
    miniDeploi();
    const out = await withLogin().call(getThings, { name: 'x' });
    if (out.ok) expectTypeOf(out.output.things).toBeArray();
    expect(out.ok).toBe(true);
    // @ts-expect-error an unknown field is a type error for a typed command
    await expect(withLogin().call(getThings, { nope: 1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('sends no token for an auth "none" command and needs no login', async () => {
    miniDeploi();
    const out = await withLogin().call(getPrice, { domain: 'Example.com' });
    expect(out).toEqual({ ok: true, output: expect.objectContaining({ price: 95 }) });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.json).toEqual({ command: 'GetPrice', domain: 'example.com' });
  });

  it('refuses wrong credentials with auth_failed and advice', async () => {
    miniDeploi();
    const client = new DeploiClient({
      baseUrl: api.url,
      username: 'bob@example.com',
      password: `${canary.password}x`,
    });
    const e = await failure(client.call(getThings, {}));
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'auth_failed', messageId: -1, apiMessage: 'Email or Password Invalid' });
    expect(e.message).toMatch(/Check the username/);
  });

  it('never echoes the password from a failed Login', async () => {
    api.handle((req) => ({ status: 500, json: { success: false, message: `crashed on ${req.body}` } }));
    const e = await failure(withLogin().call(getThings, {}));
    expect(e).toMatchObject({ code: 'http_status' });
    expect(e.message).toContain('"password":"[redacted]"');
    api.handle((req) => ({ json: { success: false, message: `refused ${req.body}`, messageId: 3 } }));
    expect(await failure(withLogin().login())).toMatchObject({ code: 'auth_failed', messageId: 3 });
  });

  it('asks for the two-factor code when Login answers a nextstep and none was given', async () => {
    miniDeploi({ code: canary.code });
    const e = await failure(withLogin().call(getThings, {}));
    expect(e).toMatchObject({ code: 'two_factor_required' });
    expect(e.message).toMatch(/secondFactor/);
    expect(api.requests.filter(login)).toHaveLength(1);
  });

  it('logs in with a two-factor code given as a string, in the first Login', async () => {
    const state = miniDeploi({ code: canary.code });
    const client = new DeploiClient({
      ...noWait,
      baseUrl: api.url,
      username: 'b',
      password: canary.password,
      secondFactor: canary.code,
    });
    await client.call(getThings, {});
    expect(state.logins).toBe(1);
    expect(api.requests[0]?.json?.secondfactor).toBe(canary.code);
  });

  it('asks a secondFactor function only when Deploi wants a code', async () => {
    miniDeploi({ code: canary.code });
    let asked = 0;
    const secondFactor = async () => {
      asked++;
      return canary.code;
    };
    const client = new DeploiClient({
      ...noWait,
      baseUrl: api.url,
      username: 'b',
      password: canary.password,
      secondFactor,
    });
    const session = await client.login();
    expect(asked).toBe(1);
    expect(session.clients.map((c) => c.id)).toEqual([123, 321]);
    expect(api.requests.map((r) => r.json?.secondfactor)).toEqual([undefined, canary.code]);
  });

  it('explains a wrong two-factor code without echoing it', async () => {
    miniDeploi({ code: '000000' });
    const client = new DeploiClient({
      baseUrl: api.url,
      username: 'b',
      password: canary.password,
      secondFactor: canary.code,
    });
    const e = await failure(client.login());
    expect(e).toMatchObject({ code: 'auth_failed' });
    expect(e.message).toMatch(/two-factor code is current/);
  });

  it('makes exactly one Login for 20 concurrent calls on an expired token, and retries each once', async () => {
    const state = miniDeploi();
    const client = withLogin();
    await client.call(getThings, {});
    state.valid = canary.newToken;
    const results = await Promise.all(Array.from({ length: 20 }, () => client.call(getThings, {})));
    expect(results).toHaveLength(20);
    expect(state.logins).toBe(2);
    const after = api.requests.slice(2);
    expect(after.filter(login)).toHaveLength(1);
    expect(after.filter((r) => r.json?.token === canary.token)).toHaveLength(20);
    expect(after.filter((r) => r.json?.token === canary.newToken)).toHaveLength(20);
  });

  it('tells onEvent of the first login and of the renewal after a refused token, with no secret', async () => {
    const state = miniDeploi();
    const events: ClientEvent[] = [];
    const client = new DeploiClient({
      baseUrl: api.url,
      username: 'bob@example.com',
      password: canary.password,
      ...noWait,
      onEvent: (e) => events.push(e),
    });
    await client.call(getThings, {});
    await client.call(getThings, {});
    state.valid = canary.newToken;
    await client.call(getThings, {});
    expect(events).toEqual([
      { kind: 'login', provider: 'deploi', renewal: false },
      { kind: 'login', provider: 'deploi', renewal: true },
    ]);
  });

  it('shares one Login among concurrent first calls', async () => {
    const state = miniDeploi();
    const client = withLogin();
    await Promise.all(Array.from({ length: 10 }, () => client.call(getThings, {})));
    expect(state.logins).toBe(1);
  });

  it('cannot renew a bare token: a clear auth_failed after one request', async () => {
    miniDeploi();
    const client = new DeploiClient({ baseUrl: api.url, token: canary.newToken, clientId: 9 });
    const e = await failure(client.call(getThings, {}));
    expect(e).toMatchObject({ code: 'auth_failed' });
    expect(e.message).toMatch(/token alone cannot be renewed/);
    expect(api.requests).toHaveLength(1);
  });

  it('needs credentials or a token', async () => {
    const e = await failure(new DeploiClient({ baseUrl: api.url }).call(getThings, {}));
    expect(e).toMatchObject({ code: 'config' });
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => new DeploiClient({ baseUrl: 'api.deploi.no' })).toThrow(HostkitError);
    expect(() => new DeploiClient({ baseUrl: 'api.deploi.no' })).toThrow(/baseUrl/);
  });

  it('logs out and forgets the token', async () => {
    miniDeploi();
    const client = withLogin();
    await client.login();
    await client.logout();
    await client.call(getThings, {});
    expect(api.requests.map((r) => r.json?.command)).toEqual(['Login', 'Logout', 'Login', 'GetThings']);
  });
});

describe('DeploiClient clientid', () => {
  it('fills clientid from the configured client, then keeps an explicit one', async () => {
    miniDeploi();
    const client = new DeploiClient({
      ...noWait,
      baseUrl: api.url,
      username: 'b',
      password: canary.password,
      clientId: 555,
    });
    await client.call(getThings, {});
    await client.call(getThings, { clientid: 42 });
    const sent = api.requests.filter((r) => !login(r)).map((r) => r.json?.clientid);
    expect(sent).toEqual([555, 42]);
  });

  it('fills clientid from the first client of the login', async () => {
    miniDeploi();
    const client = withLogin();
    await client.call(getThings, {});
    expect(api.requests[1]?.json?.clientid).toBe(123);
    expect((await client.clients()).map((c) => c.name)).toEqual(['Company A', 'Company B']);
  });

  it('refuses a bare token without clientId before sending anything', async () => {
    const client = new DeploiClient({ baseUrl: api.url, token: canary.token });
    const e = await failure(client.call(getThings, {}));
    expect(e).toMatchObject({ code: 'config' });
    expect(e.message).toMatch(/clientid/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('DeploiClient input and replies', () => {
  const tokenClient = (extra = {}) =>
    new DeploiClient({ baseUrl: api.url, token: canary.token, clientId: 1, ...noWait, ...extra });

  it('refuses invalid input with a ValidationError and sends nothing', async () => {
    const e = await failure(
      tokenClient().call(addThing, { domain: 'not a domain', value: '', magicword: canary.secretInput }),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues.map((i) => i.path).sort()).toEqual(['domain', 'value']);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses an unknown command by name', async () => {
    const e = await failure(tokenClient().call('deploi_no_such_thing', {}));
    expect(e).toMatchObject({ code: 'unknown_command' });
  });

  it('refuses a SeFlow command', async () => {
    const e = await failure(tokenClient().call('seflow_checkstatus' as string, { serverid: 'DS-1' }));
    expect(e).toMatchObject({ code: 'unknown_command' });
    expect(e.message).toMatch(/SeflowClient/);
  });

  it('sends setX flags for exactly the fields given of a patch command', async () => {
    api.queue({ json: { success: true, message: 'Updated.', messageId: 0 } });
    await tokenClient().call(updateThing, { companyname: 'New AS' });
    expect(api.requests[0]?.json).toEqual({
      command: 'UpdateThing',
      token: canary.token,
      clientid: 1,
      companyname: 'New AS',
      setcompanyname: true,
      setphone: false,
    });
  });

  it('sends UpdateAccountInfo as a patch', async () => {
    expect(getCommandByWire('UpdateAccountInfo', 'deploi')?.patch).toBeDefined();
    api.queue({ json: { success: true, message: 'Updated.', messageId: 0 } });
    await tokenClient().call('UpdateAccountInfo', { companyname: 'New AS' });
    const body = api.requests[0]?.json ?? {};
    expect(body).toMatchObject({
      command: 'UpdateAccountInfo',
      companyname: 'New AS',
      setcompanyname: true,
    });
    expect(body.setphone).toBe(false);
    expect(body).not.toHaveProperty('phone');
  });

  it('adopts the session of the registry Login called by name', async () => {
    expect(getCommandByWire('Login', 'deploi')?.auth).toBe('none');
    miniDeploi();
    const client = new DeploiClient({ baseUrl: api.url, ...noWait });
    await client.call('Login', { username: 'bob@example.com', password: canary.password });
    await client.call(getThings, {});
    expect(api.requests[1]?.json).toMatchObject({ token: canary.token, clientid: 123 });
  });

  it('turns success:false into an ApiError with message and messageId, redacted', async () => {
    api.queue({
      json: { success: false, message: `No such domain; magic ${canary.secretInput}`, messageId: '73' },
    });
    const e = await failure(
      tokenClient().call(addThing, { domain: 'example.com', value: 'v', magicword: canary.secretInput }),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'api_error', messageId: 73, provider: 'deploi', command: 'AddThing' });
    expect((e as ApiError).apiMessage).toBe('No such domain; magic [redacted]');
  });

  it('explains "Request blocked" (138)', async () => {
    api.queue({ status: 403, json: { success: false, message: 'Request blocked', messageId: 138 } });
    const e = await failure(tokenClient({ userAgent: 'test-app/1.0' }).call(getThings, {}));
    expect(e).toMatchObject({ code: 'request_blocked', messageId: 138 });
    expect(e.message).toMatch(/look like curl/);
    expect(e.message).toContain('test-app/1.0 hostkit/');
  });

  it('gives a drifted reply that cannot be typed as drift, with the raw reply and the issue, and warns', async () => {
    const warnings: unknown[] = [];
    api.queue({ json: { success: true, things: 'not a list' } });
    const out = await tokenClient({ onWarning: (w: unknown) => warnings.push(w) }).call(getThings, {});
    // `things` is required, so no typed output can be made: the whole reply is the drift.
    expect(out.ok).toBe(false);
    expect(out.output).toBeUndefined();
    expect(out.drift?.raw).toEqual({ success: true, things: 'not a list' });
    expect(out.drift?.issues.map((i) => i.path)).toEqual([['things']]);
    expect(out.drift?.dropped).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'schema_drift',
        command: 'deploi_get_things',
        issues: [expect.objectContaining({ path: 'things' })],
      }),
    ]);
    expect(() => outputOf(out)).toThrow(SchemaDriftError);
  });

  it('leaves out the list entries and fields that drifted, and says which', async () => {
    api.queue({
      json: {
        success: true,
        things: [
          { id: 1, name: 'a' },
          { id: 'x', name: 'b' },
          { id: '3', name: 4 },
          { name: 'no id' },
          { id: 5 },
        ],
      },
    });
    const out = await tokenClient().call(getThings, {});
    expect(out.ok).toBe(true);
    // Entry 1 has an id that is not a number and entry 3 none: each goes; entry 2 keeps its id without the name.
    expect(out.output?.things).toEqual([{ id: 1, name: 'a' }, { id: 3 }, { id: 5 }]);
    expect(out.drift?.dropped).toEqual(['things.1', 'things.2.name', 'things.3']);
    expect(out.drift?.issues.map((i) => i.path.join('.'))).toEqual([
      'things.1.id',
      'things.2.name',
      'things.3.id',
    ]);
    expect(out.drift?.raw).toMatchObject({ things: { length: 5 } });
    expect(out.drift?.message).not.toContain('no id');
  });

  it('detects a refused token by message or HTTP 401', () => {
    for (const message of DEPLOI_TOKEN_REJECTED_MESSAGES)
      expect(isTokenRejected({ success: false, message })).toBe(true);
    expect(isTokenRejected({ success: false, message: 'Your token has expired.' })).toBe(true);
    expect(isTokenRejected({ success: false, message: 'x' }, 401)).toBe(true);
    expect(isTokenRejected({ success: false, message: 'Email or Password Invalid' })).toBe(false);
    expect(isTokenRejected({ success: true, message: 'Invalid token' })).toBe(false);
  });

  it('throws HostkitErrors only', async () => {
    const e = await failure(tokenClient().call(getThings, { clientid: -1 }));
    expect(e).toBeInstanceOf(HostkitError);
  });
});
