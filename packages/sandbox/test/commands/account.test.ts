import { DeploiClient } from '@hostkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRegistration } from '../../src/index';
import { type ClientSandbox, startWithClients } from '../support/clients';
import { deploi } from '../support/http';

// The account group through the core Deploi client: sessions, registration, account and user
// details, password requests and alerts, each change read back.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

// The shared example (src/examples.ts), also what the MCP server's end-to-end sweep registers.
const registration = exampleRegistration;

describe('account', () => {
  it('pings without a login', async () => {
    expect(await t.call('deploi_ping')).toEqual({ success: true, data: 'pong' });
    expect(t.sandbox.requests.entries().map((e) => e.command)).toEqual(['Ping']);
  });

  it('logs in with the clients of the user, and logs out (the token stops working)', async () => {
    const { username, password } = t.sandbox.credentials.deploi;
    const login = await t.call('deploi_login', { username, password });
    expect(login).toMatchObject({ success: true, message: 'Login successful.' });
    expect(login.data).toEqual({
      token: expect.any(String),
      nextstep: 'none',
      clients: [
        { id: 101, name: 'Nordlys Media AS' },
        { id: 102, name: 'Ola Fjell' },
      ],
    });
    const token: string = login.data.token;
    expect((await deploi(t.sandbox, { command: 'GetUserInfo', token })).body.success).toBe(true);
    expect(await t.call('deploi_logout')).toEqual({ success: true, message: 'Logout successful.' });
    expect((await deploi(t.sandbox, { command: 'GetUserInfo', token })).body.message).toBe('Invalid token');
    // The client logs in again by itself for the next call.
    expect((await t.call('deploi_get_user_info')).userInfo.email).toBe(username);
    const wrong = await t.refusal('deploi_login', { username, password: 'not-the-password' });
    expect(wrong).toMatchObject({ apiMessage: 'Email or Password Invalid', code: 'auth_failed' });
  });

  it('registers a new account that can log in, without keeping the password', async () => {
    const reply = await t.call('deploi_register', registration);
    expect(reply).toEqual({ success: true, message: 'Registration successful.', messageId: 1 });
    expect(JSON.stringify(t.sandbox.state.get())).not.toContain(registration.password);
    const siri = new DeploiClient({
      baseUrl: t.sandbox.deploiUrl,
      username: registration.email,
      password: registration.password,
    });
    const info = (await siri.call('deploi_get_account_info', {})).output?.accountInfo;
    expect(info).toMatchObject({
      type: 'company',
      companyname: 'Dahl Design AS',
      legalentityid: '923456789',
      city: 'Trondheim',
      countrycode: 'NO',
      receiveinfo: false,
      ehfinvoice: false,
    });
    const again = await t.refusal('deploi_register', registration);
    expect(again.apiMessage).toBe('The e-mail address is already registered');
  });

  it('shows and changes account details, only the fields given', async () => {
    const before = (await t.call('deploi_get_account_info', { clientid: 102 })).accountInfo;
    expect(before).toMatchObject({
      id: 102,
      firstname: 'Ola',
      lastname: 'Fjell',
      city: 'Bergen',
      type: 'person',
    });
    const reply = await t.call('deploi_update_account_info', {
      clientid: 102,
      city: 'Trondheim',
      receiveinfo: false,
    });
    expect(reply).toEqual({
      success: true,
      message: 'The request has been received and is being processed.',
      messageId: 65,
    });
    const after = (await t.call('deploi_get_account_info', { clientid: 102 })).accountInfo;
    expect(after).toEqual({ ...before, city: 'Trondheim', receiveinfo: false });
    const other = await t.refusal('deploi_get_account_info', { clientid: 999 });
    expect(other.apiMessage).toBe('No such client, or the user has no access to it');
  });

  it('shows the logged-in user', async () => {
    const { userInfo } = await t.call('deploi_get_user_info');
    expect(userInfo).toEqual({
      id: 432,
      firstname: 'Kari',
      lastname: 'Nordmann',
      email: t.sandbox.credentials.deploi.username,
      twoFactorAuthentication: false,
      accounts: [101, 102],
    });
  });

  it('requests a new server password, recorded as an event', async () => {
    const server = t.sandbox.state.get().servers.find((s) => s.clientId === 102);
    const reply = await t.call('deploi_forgot_password', { id: server?.id });
    expect(reply).toEqual({ success: true, message: 'Password request recieved.', messageId: 84 });
    expect(t.sandbox.state.get().events.at(-1)).toMatchObject({
      command: 'ForgotPassword',
      clientId: 102,
      detail: `password reset requested for server ${server?.id}`,
    });
    expect((await t.refusal('deploi_forgot_password', { id: 424_242 })).apiMessage).toBe('No such agreement');
  });

  it('lists the alerts of a client', async () => {
    const { alerts } = await t.call('deploi_get_alerts', { clientid: 102 });
    const seeded = t.sandbox.state.get().alerts.filter((a) => a.clientId === 102);
    expect(alerts).toEqual(
      seeded.map(({ id, description, checkFrequency, checkTime }) => ({
        id,
        description,
        checkFrequency,
        checkTime,
      })),
    );
    expect(alerts[0].description).toBe('Certificate for kystkafe.example expires within 14 days.');
  });
});
