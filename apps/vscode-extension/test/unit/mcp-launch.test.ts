import { loadConfig } from '@hostkit/mcp-server/src/config';
import { describe, expect, it } from 'vitest';
import { launchVersion, mcpLaunch } from '../../src/mcp/mcp-launch';

describe('mcpLaunch', () => {
  // The flag and variable names are the server's: its own loadConfig is the oracle, not a copy of them here.
  const read = (l: { args: string[]; env: Record<string, string> }, env = l.env) => {
    try {
      return loadConfig(l.args.slice(1), env);
    } catch (e) {
      return String(e);
    }
  };

  it('passes settings as flags and credentials only in the environment, as the server reads them', () => {
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
    expect(l.args[0]).toBe('/ext/dist/hostkit-mcp.mjs');
    expect(l.args.join(' ')).not.toMatch(/secret/);
    const config = read(l);
    expect(config).toMatchObject({
      backend: 'accounts',
      readOnly: true,
      toolsets: ['servers', 'dns'],
      auditLog: '/state/audit.jsonl',
      deploi: {
        url: 'http://127.0.0.1:1/',
        username: 'me@example.com',
        password: 'pw-secret',
        token: 'tok-secret',
        clientId: 101,
      },
      seflow: { url: 'http://127.0.0.1:1/seflow/api', username: 'u', key: 'key-secret' },
    });
    // Nothing set that the server ignores: without any one variable it reads something else, or refuses.
    for (const name of Object.keys(l.env).filter((n) => n !== 'ELECTRON_RUN_AS_NODE')) {
      const { [name]: _gone, ...rest } = l.env;
      expect(read(l, rest), name).not.toEqual(config);
    }
  });

  it('leaves out what is not set and uses the server defaults', () => {
    const l = mcpLaunch({
      serverPath: 's.mjs',
      toolsets: [],
      readOnly: false,
      deploi: { baseUrl: 'u', username: 'me', password: undefined, token: 't' },
    });
    expect(l.args).toEqual(['s.mjs']);
    // The Electron switch and the three values given; no empty variable for what was not.
    expect(Object.values(l.env).sort()).toEqual(['1', 'me', 't', 'u']);
    expect(l.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(read(l)).toMatchObject({
      readOnly: false,
      toolsets: undefined,
      deploi: { url: 'u', username: 'me', password: undefined, token: 't' },
    });
  });

  it('versions a launch by its non-secret parts', () => {
    expect(launchVersion(['a', 1])).toBe(launchVersion(['a', 1]));
    expect(launchVersion(['a', 1])).not.toBe(launchVersion(['a', 2]));
  });
});
