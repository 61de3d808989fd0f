import { describe, expect, it } from 'vitest';
import { collectSecrets, isSecretKey, REDACTED, redactText, redactValue } from '../src/redact';

describe('isSecretKey', () => {
  it('knows the global names in any case and spelling', () => {
    for (const name of [
      'password',
      'Password',
      'token',
      'key',
      'apiKey',
      'api_key',
      'secondfactor',
      'twoFactor',
      'otp',
    ]) {
      expect(isSecretKey(name), name).toBe(true);
    }
    for (const name of [
      'authcode',
      'auth_code',
      'eppCode',
      'kubeconfig',
      'privateKey',
      'newpassword',
      'sessionToken',
    ]) {
      expect(isSecretKey(name), name).toBe(true);
    }
    for (const name of ['username', 'domain', 'keyname', 'clientid', 'name', 'value', '']) {
      expect(isSecretKey(name), name).toBe(false);
    }
  });

  it("adds a command's own secrets", () => {
    expect(isSecretKey('magicword')).toBe(false);
    expect(isSecretKey('MagicWord', ['magicword'])).toBe(true);
  });
});

describe('redactValue', () => {
  it('deep-copies, replacing secret values at any depth', () => {
    const input = {
      username: 'bob',
      password: 'hunter22',
      nested: [{ Token: 'abc', keep: 1 }],
      kubeconfig: { a: 1 },
    };
    const out = redactValue(input);
    expect(out).toEqual({
      username: 'bob',
      password: REDACTED,
      nested: [{ Token: REDACTED, keep: 1 }],
      kubeconfig: REDACTED,
    });
    expect(input.password).toBe('hunter22');
  });

  it('uses extra keys and leaves null and undefined alone', () => {
    expect(redactValue({ magicword: 'x', password: null }, ['magicword'])).toEqual({
      magicword: REDACTED,
      password: null,
    });
  });

  it('never throws on cycles, throwing getters or odd values', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { x: 1 };
    const odd = {
      get boom(): never {
        throw new Error('no');
      },
    };
    expect(redactValue(a)).toEqual({ name: 'a', self: '[circular]' });
    expect(redactValue({ p: shared, q: shared })).toEqual({ p: { x: 1 }, q: { x: 1 } });
    expect(redactValue(odd)).toEqual({ boom: '[unreadable]' });
    expect(redactValue({ f: () => 1, n: 1n, s: Symbol('s') })).toMatchObject({ f: '[function]', n: 1n });
    expect(
      redactValue(
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('x');
            },
          },
        ),
      ),
    ).toBe('[unreadable]');
    expect(redactValue('text')).toBe('text');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 200; i++) deep = deep.next = {} as Record<string, unknown>;
    expect(() => JSON.stringify(redactValue(root))).not.toThrow();
  });
});

describe('redactText', () => {
  it('replaces known secrets and their encoded forms', () => {
    const secret = 'p@ss word/+&=';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${new URLSearchParams({ k: secret }).toString()} d ${JSON.stringify(secret)}`;
    const out = redactText(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('p%40ss+word');
    expect(out.split(REDACTED)).toHaveLength(5);
  });

  it('replaces secret-named fields in JSON and queries, even cut off', () => {
    expect(redactText('{"token":"abcdef","id":1}')).toBe(`{"token":"${REDACTED}","id":1}`);
    expect(redactText('{"data":{"token":"abc')).toBe(`{"data":{"token":"${REDACTED}`);
    expect(redactText('/api?action=x&key=s3cr3t&serverid=1')).toBe(
      `/api?action=x&key=${REDACTED}&serverid=1`,
    );
  });

  it('ignores very short secrets and odd input', () => {
    expect(redactText('a 1 b', ['1', undefined, null])).toBe('a 1 b');
    expect(redactText(undefined)).toBe('undefined');
    expect(
      redactText({
        toString: () => {
          throw new Error('x');
        },
      }),
    ).toBe('[unprintable]');
    expect(redactText('lone \ud800 surrogate', ['\ud800 sur'])).toBe(`lone ${REDACTED}rogate`);
  });
});

describe('collectSecrets', () => {
  it('finds the values of secret fields, with objects under them', () => {
    const found = collectSecrets(
      { password: 'hunter22', nested: { magic: 'abracadabra', other: 'x' }, kubeconfig: { a: 'clusterkey' } },
      ['magic'],
    );
    expect(found.sort()).toEqual(['abracadabra', 'clusterkey', 'hunter22']);
  });
});
