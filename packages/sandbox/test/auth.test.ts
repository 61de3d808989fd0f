import { isTokenRejected } from '@hostkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, type Sandbox, startSandbox } from '../src/index';
import { deploi, login, seflow } from './support/http';

// Login, two-factor, token expiry and logout (Deploi); username and key (SeFlow).

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

describe('Deploi auth', () => {
  it('logs in with the demo credentials and lists both clients', async () => {
    sandbox = await startSandbox();
    const { username, password } = sandbox.credentials.deploi;
    const reply = await deploi(sandbox, { command: 'Login', username, password });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ success: true, message: 'Login successful.', messageId: 0 });
    expect(reply.body.data.token).toMatch(/^[a-z]{25}$/);
    expect(reply.body.data.nextstep).toBe('none');
    expect(reply.body.data.clients.map((c: { id: number }) => c.id)).toEqual([101, 102]);
  });

  it('refuses a wrong password with the documented message', async () => {
    sandbox = await startSandbox();
    const reply = await deploi(sandbox, {
      command: 'Login',
      username: sandbox.credentials.deploi.username,
      password: 'not-the-password',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ success: false, message: 'Email or Password Invalid', messageId: -1 });
  });

  it('asks for a second factor when two-factor is required, then accepts the code', async () => {
    sandbox = await startSandbox({ requireTwoFactor: true });
    const { username, password, twoFactorCode } = sandbox.credentials.deploi;
    expect(twoFactorCode).toMatch(/^\d{6}$/);
    const first = await deploi(sandbox, { command: 'Login', username, password });
    expect(first.body.success).toBe(true);
    expect(first.body.data).toEqual({ nextstep: 'secondfactor' });
    const wrong = await deploi(sandbox, { command: 'Login', username, password, secondfactor: '000000' });
    expect(wrong.body).toMatchObject({ success: false, messageId: -1 });
    const right = await deploi(sandbox, {
      command: 'Login',
      username,
      password,
      secondfactor: twoFactorCode,
    });
    expect(right.body.data.token).toMatch(/^[a-z]{25}$/);
    const user = await deploi(sandbox, { command: 'GetUserInfo', token: right.body.data.token });
    expect(user.body.userInfo.twoFactorAuthentication).toBe(true);
  });

  it('expires tokens after the TTL with the message the core client detects', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ clock, tokenTtlMs: 60_000 });
    const token = await login(sandbox);
    clock.advance(59_000);
    expect((await deploi(sandbox, { command: 'GetUserInfo', token })).body.success).toBe(true);
    clock.advance(1_000);
    const expired = await deploi(sandbox, { command: 'GetUserInfo', token });
    expect(expired.body).toEqual({ success: false, message: 'Token expired', messageId: -1 });
    expect(isTokenRejected(expired.body, expired.status)).toBe(true);
  });

  it('refuses missing and unknown tokens, and tokens after Logout', async () => {
    sandbox = await startSandbox();
    const missing = await deploi(sandbox, { command: 'GetServers' });
    expect(missing.body).toEqual({ success: false, message: 'Invalid token', messageId: -1 });
    const unknown = await deploi(sandbox, { command: 'GetServers', token: 'abcdefghijklmnopqrstuvwxy' });
    expect(isTokenRejected(unknown.body)).toBe(true);
    const token = await login(sandbox);
    const out = await deploi(sandbox, { command: 'Logout', token });
    expect(out.body).toEqual({ success: true, message: 'Logout successful.' });
    const after = await deploi(sandbox, { command: 'GetServers', token });
    expect(after.body).toMatchObject({ success: false, message: 'Invalid token' });
  });

  it('needs no token for Ping, Login and Register, and a registered user can log in', async () => {
    sandbox = await startSandbox();
    expect((await deploi(sandbox, { command: 'Ping' })).body).toEqual({ success: true, data: 'pong' });
    const registration = {
      command: 'Register',
      firstname: 'Per',
      lastname: 'Hansen',
      email: 'per@hansen.example',
      phone: '98162249',
      password: 'a-long-password',
      type: 'person',
      addressline1: 'Gardveien 11',
      city: 'Oslo',
      postalcode: '0193',
      country: 'NO',
      agreedtotac: true,
      receiveinfo: false,
      ehfinvoice: false,
    };
    expect((await deploi(sandbox, registration)).body).toMatchObject({ success: true, messageId: 1 });
    expect((await deploi(sandbox, registration)).body.success).toBe(false);
    const reply = await deploi(sandbox, {
      command: 'Login',
      username: 'per@hansen.example',
      password: 'a-long-password',
    });
    expect(reply.body.data.clients).toEqual([{ id: expect.any(Number), name: 'Per Hansen' }]);
    expect(JSON.stringify(sandbox.state.get())).not.toContain('a-long-password');
  });
});

describe('SeFlow auth', () => {
  it('accepts the key and refuses a wrong one with the documented message', async () => {
    sandbox = await startSandbox();
    expect((await seflow(sandbox, 'checkauth')).body).toEqual({ status: 'success', statusmsg: 'Login OK' });
    const wrong = await seflow(sandbox, 'checkauth', { key: 'wrong-key' });
    expect(wrong.body).toEqual({ status: 'error', statusmsg: 'Wrong Username or Password' });
    const noUser = await seflow(sandbox, 'showportableip', { username: 'someone-else' });
    expect(noUser.body.statusmsg).toBe('Wrong Username or Password');
  });
});
