import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/registry/registry';
import { HOSTKIT_VERSION } from '../../src/version';

const deploiCount = commands.filter((c) => c.provider === 'deploi').length;

describe('client links to the rest of core', () => {
  it('gives every write the read that shows whether it took effect, but where none can', () => {
    // Every Deploi command of the reference is in the registry.
    expect(deploiCount).toBeGreaterThanOrEqual(94);
    // What no read shows: a session, a mail sent, a password set, a restart, a cancellation, a PTR, a
    // database user (its read lists one database's users; the create names no database).
    const unseen = [
      'Login',
      'Logout',
      'Register',
      'ForgotPassword',
      'GetDomainAuthCode',
      'SetEmailPassword',
      'RestartApache',
      'CancelAgreement',
      'CreateDatabaseUser',
      'changerdns',
    ];
    const writes = commands.filter((c) => c.risk !== 'read');
    expect(
      writes
        .filter((c) => !c.check)
        .map((c) => c.wire)
        .sort(),
    ).toEqual([...unseen].sort());
  });

  it('sends the version of package.json in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(HOSTKIT_VERSION).toBe(pkg.version);
  });
});
