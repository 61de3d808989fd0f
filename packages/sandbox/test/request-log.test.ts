import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index';
import { deploi, login, seflow } from './support/http';

// The request log says what was called and how it went, and never holds a secret.

let sandbox: Sandbox;
afterEach(() => sandbox.stop());

describe('request log', () => {
  it('records time, provider, command, status and outcome, without any secret', async () => {
    sandbox = await startSandbox({ requireTwoFactor: true });
    const { username, password, twoFactorCode } = sandbox.credentials.deploi;
    const key = sandbox.credentials.seflow.key;
    const token = await login(sandbox);
    await deploi(sandbox, { command: 'Login', username, password: 'wrong-password-xyz' });
    await deploi(sandbox, { command: 'GetServers', token, clientid: 101 });
    await deploi(sandbox, {
      command: 'Register',
      firstname: 'A',
      lastname: 'B',
      email: username,
      phone: '98162249',
      password: 'register-secret-123',
      type: 'person',
      addressline1: 'X 1',
      city: 'Oslo',
      postalcode: '0193',
      country: 'NO',
      agreedtotac: true,
    });
    await seflow(sandbox, 'checkauth');
    await seflow(sandbox, 'checkauth', { key: 'wrong-key-abc' });

    const entries = sandbox.requests.entries();
    expect(entries.map((e) => [e.provider, e.command, e.status, e.success])).toEqual([
      ['deploi', 'Login', 200, true],
      ['deploi', 'Login', 200, false],
      ['deploi', 'GetServers', 200, true],
      ['deploi', 'Register', 200, false],
      ['seflow', 'checkauth', 200, true],
      ['seflow', 'checkauth', 200, false],
    ]);
    expect(entries[1]?.message).toBe('Email or Password Invalid');
    expect(entries[2]?.fields).toEqual(['clientid']);
    expect(entries[0]?.fields).toEqual(['username', 'password', 'secondfactor']);
    expect(new Date(entries[0]?.time ?? '').getTime()).not.toBeNaN();
    const text = JSON.stringify(entries);
    for (const secret of [
      password,
      token,
      key,
      twoFactorCode ?? '',
      'wrong-password-xyz',
      'register-secret-123',
      'wrong-key-abc',
    ]) {
      expect(secret.length).toBeGreaterThan(3);
      expect(text).not.toContain(secret);
    }
    sandbox.requests.clear();
    expect(sandbox.requests.entries()).toEqual([]);
  });
});
