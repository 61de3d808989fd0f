import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_BODY_LIMIT } from '../src/http';
import { DEFAULT_TOOLS } from '../src/selection';
import {
  connectHttp,
  type HttpServer,
  runBundle,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';
import { post } from './raw-http';

let world: World;
let server: HttpServer;
beforeAll(async () => {
  world = await startWorld();
  server = await startHttp(world);
});
afterAll(async () => {
  await server.stop();
  await world.sandbox.stop();
});

/** A raw POST with chosen headers (fetch does not let a caller set Host). */
const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

describe('Streamable HTTP', () => {
  it.each(['legacy', 'modern'] as const)(
    'serves the %s protocol: tools/list and a read call',
    async (era) => {
      const client = await connectHttp(server.url, { era });
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe(era === 'modern' ? '2026-07-28' : '2025-11-25');
        const { tools } = await client.listTools();
        // The default listing: the most used tools and the discovery meta-tools; a 2026-07-28 request keeps
        // no state, so it is offered no hostkit_enable_toolset (dynamic-toolsets.test.ts).
        expect(tools.length).toBe(DEFAULT_TOOLS.length + (era === 'modern' ? 3 : 4));
        const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
        expect(result.isError, textOf(result)).toBeFalsy();
      } finally {
        await client.close();
      }
    },
  );

  it('confirms by elicitation over 2026-07-28 (input_required round trip), naming the server', async () => {
    let asked = '';
    const client = await connectHttp(server.url, {
      era: 'modern',
      elicit: 'accept',
      onElicit: (m) => {
        asked = m;
      },
    });
    try {
      world.sandbox.requests.clear();
      const result = await client.callTool({
        name: 'deploi_restart_virtual_server',
        arguments: { id: 1002 },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const name = world.sandbox.state.get().servers.find((s) => s.id === 1002)?.name;
      expect(asked).toContain(`Restart server ${JSON.stringify(name)} (id 1002).`);
      // Before asking, only the server lists (for its name) are read; then it is sent once.
      const sent = world.commandsSent().filter((c) => c !== 'Login');
      expect(sent.filter((c) => c !== 'GetServers')).toEqual(['RestartVirtualServer']);
      expect(sent.at(-1)).toBe('RestartVirtualServer');
      expect(world.sandbox.state.get().servers.find((s) => s.id === 1002)?.status).toBe('restarting');
    } finally {
      await client.close();
    }
  });

  it('confirms by elicitation over 2025-11-25 too: the session carries the request', async () => {
    let asked = '';
    const client = await connectHttp(server.url, {
      era: 'legacy',
      elicit: 'accept',
      onElicit: (m) => {
        asked = m;
      },
    });
    try {
      world.sandbox.requests.clear();
      const done = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { serverid: 'DS-1043' },
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(asked).toContain('Hard-reboot the SeFlow server "DS-1043"');
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
    } finally {
      await client.close();
    }
  });

  it("offers no session tools over HTTP: one client's login would switch every client's account", async () => {
    const all = await startHttp(world, ['--toolsets', 'all']);
    const client = await connectHttp(all.url, { era: 'modern' });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('deploi_register');
      expect(names).not.toContain('deploi_login');
      expect(names).not.toContain('deploi_logout');
      await expect(
        client.callTool({ name: 'deploi_login', arguments: { username: 'a@b.example', password: 'x' } }),
      ).rejects.toThrow(/not found/);
    } finally {
      await client.close();
      await all.stop();
    }
  });

  it('refuses a foreign Host or Origin (DNS rebinding) and bodies over 1 MiB', async () => {
    expect((await post(server.url, { host: 'evil.example' }, initialize)).status).toBe(403);
    expect((await post(server.url, { origin: 'http://evil.example' }, initialize)).status).toBe(403);
    expect((await post(server.url, { origin: 'http://localhost:5173' }, initialize)).status).toBe(200);
    expect((await post(server.url, {}, 'x'.repeat(HTTP_BODY_LIMIT + 1))).status).toBe(413);
  });

  it('refuses a non-loopback bind without a token, a token on the command line or a guessable one', async () => {
    const refused = await runBundle(['--http', '--host', '0.0.0.0', '--port', '0'], world.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('HOSTKIT_HTTP_TOKEN or a file named by --token-file');
    const onArgv = await runBundle(['--http', '--token', 'x'.repeat(40)], world.env);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toContain("Unknown option '--token'");
    for (const weak of ['short-token', 'a'.repeat(64), 'abababababababababababababababab'.repeat(2)]) {
      const guessable = await runBundle(['--http', '--port', '0'], {
        ...world.env,
        HOSTKIT_HTTP_TOKEN: weak,
      });
      expect(guessable.code, weak).toBe(2);
      expect(guessable.stderr).toContain('too easy to guess');
    }
  });

  it('requires the bearer token when one is set, from the environment or a file', async () => {
    const token = 'x9Qm2Lr7Tv4Kp8Zc1Wn6Hs3Jd5Fb0Ga-YeUuIiOo';
    const file = join(world.dir, 'http-token');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    for (const how of [
      { args: ['--host', '0.0.0.0'], env: { HOSTKIT_HTTP_TOKEN: token } },
      { args: ['--host', '0.0.0.0', '--token-file', file], env: {} },
    ]) {
      const guarded = await startHttp(world, how.args, how.env);
      try {
        expect((await post(guarded.url, {}, initialize)).status).toBe(401);
        expect(
          (await post(guarded.url, { authorization: 'Bearer wrong-token-0123456789ab' }, initialize)).status,
        ).toBe(401);
        const client = await connectHttp(guarded.url, {}, { authorization: `Bearer ${token}` });
        expect((await client.listTools()).tools.length).toBe(DEFAULT_TOOLS.length + 4);
        await client.close();
        expect(guarded.stderr()).not.toContain(token);
      } finally {
        await guarded.stop();
      }
    }
  });
});
