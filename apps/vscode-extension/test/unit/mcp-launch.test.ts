import { describe, expect, it } from 'vitest';
import { launchVersion, mcpLaunch } from '../../src/mcp/mcp-launch';

describe('mcpLaunch', () => {
  it('passes settings as flags and credentials only in the environment', () => {
    const l = mcpLaunch({
      serverPath: '/ext/dist/hostkit-mcp.mjs',
      toolsets: ['servers', 'dns'],
      readOnly: true,
      auditLog: '/state/audit.jsonl',
      deploi: {
        baseUrl: 'http://127.0.0.1:1/',
        username: 'me@example.com',
        password: 'pw-secret',
        token: 'tok-secret',
        clientId: 101,
      },
      seflow: { baseUrl: 'http://127.0.0.1:1/seflow/api', username: 'u', key: 'key-secret' },
    });
    expect(l.args).toEqual([
      '/ext/dist/hostkit-mcp.mjs',
      '--read-only',
      '--toolsets',
      'servers,dns',
      '--audit-log',
      '/state/audit.jsonl',
    ]);
    expect(l.env).toEqual({
      ELECTRON_RUN_AS_NODE: '1',
      HOSTKIT_DEPLOI_URL: 'http://127.0.0.1:1/',
      HOSTKIT_DEPLOI_USERNAME: 'me@example.com',
      HOSTKIT_DEPLOI_PASSWORD: 'pw-secret',
      HOSTKIT_DEPLOI_TOKEN: 'tok-secret',
      HOSTKIT_DEPLOI_CLIENT_ID: '101',
      HOSTKIT_SEFLOW_URL: 'http://127.0.0.1:1/seflow/api',
      HOSTKIT_SEFLOW_USERNAME: 'u',
      HOSTKIT_SEFLOW_KEY: 'key-secret',
    });
    expect(l.args.join(' ')).not.toMatch(/secret/);
  });

  it('leaves out what is not set and uses the server defaults', () => {
    const l = mcpLaunch({
      serverPath: 's.mjs',
      toolsets: [],
      readOnly: false,
      deploi: { baseUrl: 'u', username: 'me', password: undefined },
    });
    expect(l.args).toEqual(['s.mjs']);
    expect(l.env).toEqual({
      ELECTRON_RUN_AS_NODE: '1',
      HOSTKIT_DEPLOI_URL: 'u',
      HOSTKIT_DEPLOI_USERNAME: 'me',
    });
  });

  it('versions a launch by its non-secret parts', () => {
    expect(launchVersion(['a', 1])).toBe(launchVersion(['a', 1]));
    expect(launchVersion(['a', 1])).not.toBe(launchVersion(['a', 2]));
  });
});
