import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
        // The default listing: the most used tools and the three discovery meta-tools.
        expect(tools.length).toBe(11);
        const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
        expect(result.isError, textOf(result)).toBeFalsy();
      } finally {
        await client.close();
      }
    },
  );

  it('confirms by elicitation over 2026-07-28 (input_required round trip)', async () => {
    const client = await connectHttp(server.url, { era: 'modern', elicit: 'accept' });
    try {
      world.sandbox.requests.clear();
      const result = await client.callTool({
        name: 'deploi_restart_virtual_server',
        arguments: { id: 1002 },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(world.commandsSent().filter((c) => c !== 'Login')).toEqual(['RestartVirtualServer']);
      expect(world.sandbox.state.get().servers.find((s) => s.id === 1002)?.status).toBe('restarting');
    } finally {
      await client.close();
    }
  });

  it('falls back to a confirmation id over stateless 2025-11-25', async () => {
    const client = await connectHttp(server.url, { era: 'legacy', elicit: 'accept' });
    try {
      world.sandbox.requests.clear();
      // The stateless 2025 leg knows no client capabilities, so it cannot elicit.
      const preview = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { serverid: 'DS-1043' },
      });
      const id = (preview.structuredContent as { confirmationId: string }).confirmationId;
      expect(id).toBeTruthy();
      expect(world.commandsSent()).toEqual([]);
      const done = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { serverid: 'DS-1043', confirmationId: id },
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
    } finally {
      await client.close();
    }
  });

  it('refuses a foreign Host or Origin (DNS rebinding) and bodies over 1 MiB', async () => {
    expect((await post(server.url, { host: 'evil.example' }, initialize)).status).toBe(403);
    expect((await post(server.url, { origin: 'http://evil.example' }, initialize)).status).toBe(403);
    expect((await post(server.url, { origin: 'http://localhost:5173' }, initialize)).status).toBe(200);
    expect((await post(server.url, {}, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
  });

  it('refuses a non-loopback bind without a token, and requires the token when given', async () => {
    const refused = await runBundle(['--http', '--host', '0.0.0.0', '--port', '0'], world.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--token or HOSTKIT_HTTP_TOKEN');
    const token = 'test-token-0123456789abcdef';
    const guarded = await startHttp(world, ['--host', '0.0.0.0'], { HOSTKIT_HTTP_TOKEN: token });
    try {
      expect((await post(guarded.url, {}, initialize)).status).toBe(401);
      expect(
        (await post(guarded.url, { authorization: 'Bearer wrong-token-0123456789ab' }, initialize)).status,
      ).toBe(401);
      const client = await connectHttp(guarded.url, {}, { authorization: `Bearer ${token}` });
      expect((await client.listTools()).tools.length).toBe(11);
      await client.close();
      expect(guarded.stderr()).not.toContain(token);
    } finally {
      await guarded.stop();
    }
  });
});
