import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectHttp, connectStdio, startHttp, startWorld, textOf, type World } from './helpers';

// MCP logging: the server's own log lines as notifications/message, per connection at the level the
// client set, and redacted like everything else.

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});
beforeEach(() => {
  world.sandbox.state.reset();
  world.sandbox.requests.clear();
  world.sandbox.faults.clear();
});

interface Message {
  level: string;
  logger?: string | undefined;
  data: unknown;
}

/** Collects the log messages a client receives. */
function collect(client: Client): Message[] {
  const got: Message[] = [];
  client.setNotificationHandler('notifications/message', (n) => {
    got.push(n.params as Message);
  });
  return got;
}

const SEVERITY = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
const read = { name: 'deploi_get_server_info', arguments: { id: 1000 } };

describe('MCP logging', () => {
  it('declares the logging capability', async () => {
    const client = await connectStdio(world);
    try {
      expect(client.getServerCapabilities()?.logging).toEqual({});
      expect(client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('sends what a call did at the level set: none below warning, every step at debug', async () => {
    const client = await connectStdio(world);
    try {
      const got = collect(client);
      await client.setLoggingLevel('warning');
      const first = await client.callTool(read);
      expect(first.isError, textOf(first)).toBeFalsy();
      for (const m of got) expect(SEVERITY.indexOf(m.level), JSON.stringify(m)).toBeGreaterThanOrEqual(3);
      expect(got.filter((m) => m.logger === 'hostkit.call')).toEqual([]);

      got.length = 0;
      await client.setLoggingLevel('debug');
      await client.callTool(read);
      const lines = got.map((m) => `${m.level} ${m.logger} ${String(m.data)}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          'info hostkit.call deploi_get_server_info: called',
          'debug hostkit.call deploi_get_server_info: arguments {"id":1000}',
          'info hostkit.call deploi_get_server_info: finished, ok',
        ]),
      );
    } finally {
      await client.close();
    }
  });

  it('tells of the sandbox, the login and a read sent again', async () => {
    const client = await connectStdio(world, { args: ['--sandbox'] });
    try {
      const got = collect(client);
      await client.setLoggingLevel('info');
      await client.callTool(read);
      const data = got.map((m) => String(m.data));
      expect(data.some((d) => d.includes('embedded sandbox'))).toBe(true);
      expect(got).toEqual(
        expect.arrayContaining([{ level: 'notice', logger: 'hostkit.deploi', data: 'logged in to Deploi' }]),
      );
    } finally {
      await client.close();
    }
    const retrying = await connectStdio(world);
    try {
      const got = collect(retrying);
      world.sandbox.faults.add({
        kind: 'rate-limit',
        retryAfterSeconds: 0,
        times: 1,
        command: 'GetServerInfo',
        provider: 'deploi',
      });
      const result = await retrying.callTool(read);
      expect(result.isError, textOf(result)).toBeFalsy();
      const retry = got.find((m) => m.logger === 'hostkit.deploi' && m.level === 'warning');
      expect(String(retry?.data)).toMatch(
        /GetServerInfo to Deploi failed \(HTTP 429\): sending the read again/,
      );
    } finally {
      await retrying.close();
    }
  });

  it('sends a line from outside any call too: the call side starting after the first listing', async () => {
    const client = await connectStdio(world, { args: ['--sandbox'] });
    try {
      const started = new Promise<Message>((resolve) => {
        client.setNotificationHandler('notifications/message', (n) => {
          const m = n.params as Message;
          if (String(m.data).startsWith('embedded sandbox at')) resolve(m);
        });
      });
      // The listing loads the call side (and starts the embedded sandbox) with no call made.
      await client.listTools();
      expect(await started).toMatchObject({ level: 'info', logger: 'hostkit' });
    } finally {
      await client.close();
    }
  });

  it('redacts secrets: logins with the password, a wrong one and a two-factor code log none of them', async () => {
    const client = await connectStdio(world);
    try {
      const got = collect(client);
      await client.setLoggingLevel('debug');
      const password = world.env.HOSTKIT_DEPLOI_PASSWORD as string;
      const code = '918273';
      const username = world.env.HOSTKIT_DEPLOI_USERNAME as string;
      await client.callTool({ name: 'deploi_login', arguments: { username, password } });
      await client.callTool({ name: 'deploi_login', arguments: { username, password: 'Wr0ng-pass!' } });
      await client.callTool({ name: 'deploi_login', arguments: { username, password, secondfactor: code } });
      const all = JSON.stringify(got);
      expect(got.filter((m) => String(m.data).startsWith('deploi_login: arguments'))).toHaveLength(3);
      expect(all).toContain(username);
      expect(all).not.toContain(password);
      expect(all).not.toContain('Wr0ng-pass!');
      expect(all).not.toContain(code);
      expect(all).not.toContain(world.env.HOSTKIT_SEFLOW_KEY);
    } finally {
      await client.close();
    }
  });

  it('over HTTP each session has its own level', async () => {
    const http = await startHttp(world);
    const quiet = await connectHttp(http.url, { era: 'legacy' });
    const chatty = await connectHttp(http.url, { era: 'legacy' });
    try {
      const heard = { quiet: collect(quiet), chatty: collect(chatty) };
      await quiet.setLoggingLevel('error');
      await chatty.setLoggingLevel('debug');
      await quiet.callTool(read);
      await chatty.callTool(read);
      expect(heard.quiet).toEqual([]);
      const chattyCalls = heard.chatty.filter((m) => m.logger === 'hostkit.call').map((m) => m.level);
      expect(chattyCalls).toEqual(['info', 'debug', 'info']);
    } finally {
      await quiet.close();
      await chatty.close();
      await http.stop();
    }
  });
});
