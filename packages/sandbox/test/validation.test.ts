import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index';
import { deploi, seflow, session } from './support/http';

// Malformed requests and invalid input get answers in each API's own error shape.

let sandbox: Sandbox;
let call: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sandbox = await startSandbox({ bodyLimitBytes: 10_000 });
  call = await session(sandbox);
});
afterAll(() => sandbox.stop());

const deploiError = { success: false, message: expect.any(String), messageId: expect.any(Number) };

describe('Deploi request errors', () => {
  it('answers invalid JSON with 400 in the Deploi shape', async () => {
    const reply = await deploi(sandbox, '{"command": "Ping",');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      success: false,
      message: 'The request body is not valid JSON',
      messageId: -1,
    });
  });

  it('answers a body that is not an object, and a missing command', async () => {
    expect((await deploi(sandbox, '[1, 2]')).body).toEqual(deploiError);
    expect((await deploi(sandbox, {})).body).toEqual({
      success: false,
      message: 'Missing command',
      messageId: -1,
    });
  });

  it('answers an unknown command in the Deploi shape', async () => {
    const reply = await deploi(sandbox, { command: 'FormatAllDisks', token: 'x' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ success: false, message: 'Unknown command: FormatAllDisks', messageId: -1 });
  });

  it('refuses bodies over the limit with 413', async () => {
    const reply = await deploi(sandbox, { command: 'Ping', padding: 'x'.repeat(20_000) });
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ success: false });
  });

  it('names the bad fields, validated with the core schema', async () => {
    const reply = await call('GetServerInfo', { id: 'abc' });
    expect(reply.body).toEqual(deploiError);
    expect(reply.body.message).toMatch(/^Invalid input: id: /);
    const extra = await call('GetServerInfo', { id: 1000, colour: 'blue' });
    expect(extra.body.message).toContain('unknown field(s) "colour"');
    const record = await call('AddDomainRecord', {
      domain: 'nordlys.example',
      type: 'A',
      host: 'www',
      value: '2001:db8::1',
      options: { ttl: 3600 },
    });
    expect(record.body.message).toContain('value: an A record value must be an IPv4 address');
  });

  it('derives patch input from setX flags: placeholders beside false flags change nothing', async () => {
    const reply = await call('UpdateAccountInfo', {
      clientid: 101,
      settype: false,
      type: '',
      setcompanyname: true,
      companyname: 'Nordlys Media Group AS',
      setfirstname: false,
      firstname: '',
      setEhfInvoice: false,
      ehfinvoice: false,
    });
    expect(reply.body).toMatchObject({ success: true, messageId: 65 });
    const info = await call('GetAccountInfo', { clientid: 101 });
    expect(info.body.accountInfo).toMatchObject({
      companyname: 'Nordlys Media Group AS',
      type: 'company',
      firstname: 'Kari',
      ehfinvoice: true,
    });
    const nothing = await call('UpdateAccountInfo', { clientid: 101, setphone: false, phone: '' });
    expect(nothing.body.message).toContain('nothing to change');
    const missing = await call('UpdateAccountInfo', { clientid: 101, setphone: true });
    expect(missing.body.message).toContain('phone: required when setphone is true');
  });

  it('refuses clients the user has no access to', async () => {
    const reply = await call('GetServers', { clientid: 999 });
    expect(reply.body).toEqual({ success: false, message: expect.stringMatching(/client/), messageId: -1 });
  });

  it('answers commands without a sandbox handler yet in the Deploi shape', async () => {
    const reply = await call('GetFirewalls', { clientid: 101 });
    // Until the firewalls handler file exists; afterwards it succeeds.
    expect(reply.body.success === true || /not implemented/.test(reply.body.message)).toBe(true);
  });

  it('refuses requests that look like curl, as the live API does', async () => {
    const response = await fetch(sandbox.deploiUrl, {
      method: 'POST',
      headers: { 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify({ command: 'Ping' }),
    });
    expect(await response.json()).toEqual({ success: false, message: 'Request blocked', messageId: 138 });
  });

  it('answers other methods and paths without crashing', async () => {
    const get = await fetch(sandbox.deploiUrl);
    expect(await get.json()).toMatchObject({ name: 'Hostkit sandbox', seflowUrl: sandbox.seflowUrl });
    expect((await fetch(sandbox.deploiUrl, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(new URL('/nothing', sandbox.deploiUrl))).status).toBe(404);
  });
});

describe('SeFlow request errors', () => {
  it('answers unknown and missing actions in the SeFlow shape', async () => {
    expect((await seflow(sandbox, 'format-dserver')).body).toEqual({
      status: 'error',
      statusmsg: 'Unknown action',
    });
    const none = await fetch(sandbox.seflowUrl);
    expect(await none.json()).toEqual({ status: 'error', statusmsg: 'Missing action' });
  });

  it('validates variables with the core schema', async () => {
    const reply = await seflow(sandbox, 'changerdns', { ip: 'not-an-ip', rdns: 'mail.example.com' });
    expect(reply.body.status).toBe('error');
    expect(reply.body.statusmsg).toMatch(/^Invalid input: ip: /);
    const missing = await seflow(sandbox, 'checkstatus');
    expect(missing.body.statusmsg).toMatch(/serverid/);
  });

  it('answers POST with 405 in the SeFlow shape', async () => {
    const reply = await fetch(sandbox.seflowUrl, { method: 'POST' });
    expect(reply.status).toBe(405);
    expect(await reply.json()).toMatchObject({ status: 'error' });
  });
});
