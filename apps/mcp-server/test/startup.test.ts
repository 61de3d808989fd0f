import { describe, expect, it } from 'vitest';
import { defaultAuditLogPath, loadConfig } from '../src/config';
import { connectStdio, runBundle, startWorld, textOf } from './helpers';

describe('configuration', () => {
  it('uses the embedded sandbox when no account is configured, and says so on stderr', async () => {
    const world = await startWorld();
    try {
      const env = { PATH: world.env.PATH ?? '', HOME: world.dir, HOSTKIT_AUDIT_LOG: world.auditPath };
      const client = await connectStdio({ ...world, env }, { env: {} });
      const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
      expect(result.isError, textOf(result)).toBeFalsy();
      await client.close();
      // Nothing reached the test's own sandbox: the server started its own.
      expect(world.sandbox.requests.entries()).toEqual([]);
      const { stderr } = await runBundle(['--version'], env);
      expect(stderr).toBe('');
    } finally {
      await world.sandbox.stop();
    }
  });

  it('names what to set when credentials are partial, and refuses to start', async () => {
    const { code, stderr, stdout } = await runBundle([], {
      PATH: process.env.PATH ?? '',
      HOSTKIT_DEPLOI_USERNAME: 'me@example.com',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('HOSTKIT_DEPLOI_PASSWORD');
    expect(stderr).toContain('HOSTKIT_DEPLOI_TOKEN');
    expect(stdout).toBe('');
    const seflow = await runBundle([], { PATH: process.env.PATH ?? '', HOSTKIT_SEFLOW_USERNAME: 'me' });
    expect(seflow.stderr).toContain('HOSTKIT_SEFLOW_URL');
    expect(seflow.stderr).toContain('HOSTKIT_SEFLOW_KEY');
  });

  it('answers calls to an unconfigured provider with one message listing what to set', async () => {
    const world = await startWorld();
    try {
      const env = {
        ...world.env,
        HOSTKIT_SEFLOW_URL: '',
        HOSTKIT_SEFLOW_USERNAME: '',
        HOSTKIT_SEFLOW_KEY: '',
      };
      const client = await connectStdio({ ...world, env });
      const result = await client.callTool({ name: 'seflow_checkauth', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('HOSTKIT_SEFLOW_URL');
      expect(textOf(result)).toContain('HOSTKIT_SEFLOW_KEY');
      await client.close();
    } finally {
      await world.sandbox.stop();
    }
  });

  it('defaults the audit log to the XDG state directory', () => {
    expect(defaultAuditLogPath({ XDG_STATE_HOME: '/x/state' })).toBe('/x/state/hostkit/audit.jsonl');
    expect(defaultAuditLogPath({ HOME: '/home/u' })).toBe('/home/u/.local/state/hostkit/audit.jsonl');
    const config = loadConfig(['--toolsets', 'dns,servers', '--no-confirm'], { HOME: '/home/u' });
    expect(config).toMatchObject({
      backend: 'sandbox',
      sandboxReason: 'no-account',
      confirm: 'none',
      toolsets: ['dns', 'servers'],
    });
    expect(() => loadConfig(['--port', '80'], {})).toThrow('--port only applies with --http');
  });
});
