// Transports under abuse, through the built bundle. Extends test/http.test.ts (which checks one foreign
// Host, one foreign Origin, a body over 1 MiB with Content-Length, and a non-loopback bind without a token):
// many rebinding Host and Origin forms, each carrying a write that must not reach the API; an oversized
// chunked body; 1,000 malformed JSON-RPC messages over HTTP and over stdio, after which the server still
// answers; more non-loopback binds; and `__proto__` in arguments.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_BODY_LIMIT } from '../../src/http';
import { STDIO_LINE_LIMIT } from '../../src/stdio';
import {
  BUNDLE,
  connectHttp,
  type HttpServer,
  runBundle,
  startHttp,
  startWorld,
  textOf,
  type World,
} from '../helpers';
import { post } from '../raw-http';
import { mapLimit } from './support';

let world: World;
let server: HttpServer;
const figures: Record<string, number> = {};

beforeAll(async () => {
  world = await startWorld();
  server = await startHttp(world, ['--toolsets', 'all']);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await world?.sandbox.stop();
  console.log(`hardening/transport: ${JSON.stringify(figures)}`);
});

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function writeCall(domain: string, id: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: {
      name: 'deploi_add_domain_record',
      arguments: { domain, type: 'TXT', host: `rebind-${id}`, value: 'pwned', options: { ttl: 3600 } },
    },
  });
}

/** Malformed JSON-RPC messages: broken JSON, JSON that is not JSON-RPC, wrong shapes of real methods. */
function malformed(count: number, seed: number): string[] {
  const valid = [
    initialize,
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}',
    '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"deploi_get_servers","arguments":{}}}',
  ];
  const fixed = [
    '',
    '{',
    '[',
    'null',
    '"x"',
    '1e999',
    '[]',
    '{}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`,
    '{"jsonrpc":"1.0","id":1,"method":"tools/list"}',
    '{"jsonrpc":"2.0"}',
    '{"jsonrpc":"2.0","id":{"x":1},"method":"tools/list"}',
    '{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}',
    '{"jsonrpc":"2.0","id":null,"method":"tools/list"}',
    '{"jsonrpc":"2.0","id":1,"method":42}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"deploi_get_servers"}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"deploi_get_servers","arguments":[1,2]}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"deploi_get_servers","arguments":"x"}}',
    '{"jsonrpc":"2.0","id":1,"method":"../../etc/passwd"}',
    '{"jsonrpc":"2.0","id":1,"method":"__proto__","params":{}}',
    '{"jsonrpc":"2.0","id":5,"result":{}}',
    '{"jsonrpc":"2.0","id":5,"error":{"code":1}}',
    '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"x":[]}}}',
    '[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]',
    `{"jsonrpc":"2.0","id":"${'i'.repeat(100_000)}","method":"tools/list"}`,
    '\u0000\u0001\u0002',
    '\ufeff{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  ];
  const broken = fc.oneof(
    // A valid message cut short, or with one byte changed.
    fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([m, n]) => m.slice(0, n % m.length)),
    fc
      .tuple(fc.constantFrom(...valid), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
      .map(([m, n, c]) => `${m.slice(0, n % m.length)}${c}${m.slice((n % m.length) + 1)}`),
    // Any JSON at all, and any text.
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 200, unit: 'binary' }),
    // Real methods with random params and ids.
    fc
      .record({
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
        id: fc.oneof(fc.integer(), fc.string(), fc.jsonValue()),
        method: fc.constantFrom(
          'tools/call',
          'tools/list',
          'initialize',
          'ping',
          'resources/list',
          'server/discover',
        ),
        params: fc.jsonValue({ maxDepth: 3 }),
      })
      .map((m) => JSON.stringify(m)),
  );
  return [...fixed, ...fc.sample(broken, { numRuns: count - fixed.length, seed })];
}

describe('transport hardening', () => {
  it('refuses rebinding Hosts and foreign Origins before anything runs, and accepts the local ones', async () => {
    const port = new URL(server.url).port;
    const domain = world.sandbox.state.get().domains[0]?.name ?? '';
    world.sandbox.requests.clear();
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `attacker.localhost.evil:${port}`,
      `0.0.0.0:${port}`,
      `169.254.169.254:${port}`,
    ];
    const origins = [
      'http://evil.example',
      'null',
      `http://evil.example:${port}`,
      'http://localhost.evil.example',
      'https://127.0.0.1.evil.example',
      'file://',
      'chrome-extension://abcdefghijklmnop',
    ];
    let id = 100;
    const refused = await Promise.all([
      ...hosts.map((host) => post(server.url, { host }, writeCall(domain, id++))),
      ...origins.map((origin) => post(server.url, { origin }, writeCall(domain, id++))),
    ]);
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
    figures.rebindingRefused = refused.length;
    // Nothing reached the API: no write, and not even a login.
    expect(world.sandbox.requests.entries()).toEqual([]);
    for (const origin of [
      undefined,
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
      'http://localhost:5173',
    ]) {
      const r = await post(
        server.url,
        { host: `127.0.0.1:${port}`, ...(origin ? { origin } : {}) },
        initialize,
      );
      expect(r.status, `${origin}: ${r.body}`).toBe(200);
    }
    expect((await post(server.url, { host: `localhost:${port}` }, initialize)).status).toBe(200);
  });

  it('refuses a body over 1 MiB sent chunked (no Content-Length), and still answers', async () => {
    const big = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"deploi_get_servers","arguments":{"x":"${'a'.repeat(HTTP_BODY_LIMIT)}"}}}`;
    const r = await post(server.url, {}, big, true);
    expect(r.status).toBe(413);
    expect(r.body).toContain(`larger than ${HTTP_BODY_LIMIT} bytes`);
    figures.oversizedStatus = r.status;
    expect((await post(server.url, {}, initialize)).status).toBe(200);
  });

  it('answers a valid call after 1,000 malformed JSON-RPC messages over HTTP, never with a 5xx', async () => {
    const messages = malformed(1000, 4242);
    const answers = await mapLimit(messages, 16, (m, i) =>
      post(server.url, i % 50 === 7 ? { 'content-type': 'text/plain' } : {}, m),
    );
    const statuses: Record<string, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    figures.malformedHttp = messages.length;
    for (const [status, n] of Object.entries(statuses)) figures[`http${status}`] = n;
    expect(
      answers
        .filter((a) => a.status >= 500 || a.status <= 0)
        .map((a) => `${a.status} ${a.body.slice(0, 120)}`),
    ).toEqual([]);
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr()).not.toMatch(/unhandled|uncaught|hostkit-mcp: error/i);
    const client = await connectHttp(server.url);
    try {
      const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
      expect(result.isError, textOf(result)).toBeFalsy();
    } finally {
      await client.close();
    }
  }, 120_000);

  it('answers a valid call after 1,000 malformed lines on stdio, and drops __proto__ before any tool sees it', async () => {
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BUNDLE, '--toolsets', 'all'], {
      env: world.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += String(d);
    });
    const send = (line: string) => child.stdin.write(`${line}\n`);
    const answer = async (id: number): Promise<Record<string, unknown>> => {
      const end = Date.now() + 20_000;
      for (;;) {
        const line = out.split('\n').find((l) => l.includes(`"id":${id},`) || l.includes(`"id":${id}}`));
        if (line) return JSON.parse(line) as Record<string, unknown>;
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no answer to ${id}: ${err}`);
        await delay(20);
      }
    };
    try {
      send(initialize);
      await answer(1);
      send('{"jsonrpc":"2.0","method":"notifications/initialized"}');
      // Lines cannot hold a raw line break: each malformed message is one line.
      const lines = malformed(1000, 777).map((m) => m.replace(/[\r\n]/g, ' '));
      for (const line of lines) send(line);
      figures.malformedStdio = lines.length;
      const call = (id: number, name: string, args: string) =>
        send(
          `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${name}","arguments":${args}}}`,
        );
      call(900_001, 'deploi_get_servers', '{}');
      const ok = (await answer(900_001)).result as { isError?: boolean };
      expect(ok.isError).toBeFalsy();
      // The SDK's parsing drops a __proto__ key: it neither reaches a tool nor smuggles fields in.
      call(900_002, 'deploi_get_domain_records', '{"__proto__":{"domain":"nordlys-media.example"}}');
      const smuggled = (await answer(900_002)).result as { isError?: boolean; content: { text: string }[] };
      expect(smuggled.isError).toBe(true);
      expect(smuggled.content[0]?.text).toMatch(/domain: /);
      call(
        900_003,
        'hostkit_list_clients',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
      );
      const polluted = (await answer(900_003)).result as { isError?: boolean; content: { text: string }[] };
      expect(polluted.content[0]?.text).toContain('unknown field(s) "constructor"');
      expect(child.exitCode).toBeNull();
      expect(err).not.toMatch(/unhandled|uncaught|hostkit-mcp: error/i);
    } finally {
      child.kill();
    }
  }, 120_000);

  it('refuses to start on any non-loopback address without a long enough bearer token', async () => {
    const runs = await Promise.all([
      runBundle(['--http', '--host', '::', '--port', '0'], world.env),
      runBundle(['--http', '--host', '192.0.2.1', '--port', '0'], world.env),
      runBundle(['--http', '--host', 'localhost.evil.example', '--port', '0'], world.env),
      runBundle(['--http', '--host', '0.0.0.0', '--port', '0'], {
        ...world.env,
        HOSTKIT_HTTP_TOKEN: 'short-token',
      }),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/token/i);
    }
    figures.bindsRefused = runs.length;
  }, 60_000);

  it('answers a malformed Host or an absolute-form target with 400, not 500', async () => {
    const port = new URL(server.url).port;
    const send = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            headers: { host, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(initialize);
      });
    const answers = await Promise.all([
      send('/mcp', 'a@b'),
      send('/mcp', 'user:pw@127.0.0.1'),
      send('/mcp', '127.0.0.1:1/x'),
      send(`http://evil.example/mcp`, `127.0.0.1:${port}`),
      send(`http://127.0.0.1:${port}/mcp`, `127.0.0.1:${port}`),
    ]);
    expect(answers).toEqual([400, 400, 400, 400, 400]);
    figures.malformedTargetsRefused = answers.length;
  });

  it('refuses JSON-RPC batches on every protocol revision, over HTTP and stdio, and keeps serving', async () => {
    const batch = JSON.stringify([
      JSON.parse(writeCall('kystkafe.example', 900)),
      { jsonrpc: '2.0', id: 901, method: 'tools/list' },
    ]);
    world.sandbox.requests.clear();
    for (const headers of [
      {},
      { 'mcp-protocol-version': '2025-11-25' },
      { 'mcp-protocol-version': '2026-07-28' },
    ]) {
      const answer = await post(server.url, headers, batch);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('batches are not supported');
    }
    const child = spawn(process.execPath, [BUNDLE], { env: world.env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const lines = stdoutLines(child);
      child.stdin.write(`${initialize}\n`);
      await lines.next();
      child.stdin.write(`${batch}\n`);
      expect(JSON.parse(await lines.next())).toMatchObject({ id: null, error: { code: -32600 } });
      child.stdin.write('{"jsonrpc":"2.0","id":7,"method":"tools/list"}\n');
      expect(JSON.parse(await lines.next())).toMatchObject({ id: 7, result: { tools: expect.any(Array) } });
    } finally {
      child.kill();
    }
    expect(world.commandsSent()).not.toContain('AddDomainRecord');
  });

  it('refuses a stdio message over the limit with an error and keeps serving', async () => {
    const child = spawn(process.execPath, [BUNDLE], { env: world.env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const lines = stdoutLines(child);
      child.stdin.write(`${initialize}\n`);
      await lines.next();
      const huge = JSON.stringify({
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'deploi_get_servers', arguments: { note: 'x'.repeat(STDIO_LINE_LIMIT + 1) } },
      });
      // Written in pieces, as a pipe delivers it.
      for (let i = 0; i < huge.length; i += 256 * 1024) child.stdin.write(huge.slice(i, i + 256 * 1024));
      child.stdin.write('\n');
      expect(JSON.parse(await lines.next())).toMatchObject({
        id: null,
        error: { code: -32600, message: expect.stringContaining('larger than') },
      });
      child.stdin.write('{"jsonrpc":"2.0","id":9,"method":"tools/list"}\n');
      expect(JSON.parse(await lines.next())).toMatchObject({ id: 9, result: { tools: expect.any(Array) } });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 60_000);
});

/** The child's stdout as whole lines, one at a time. */
function stdoutLines(child: ChildProcessWithoutNullStreams): { next(): Promise<string> } {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    partial += String(d);
    for (let i = partial.indexOf('\n'); i !== -1; i = partial.indexOf('\n')) {
      const line = partial.slice(0, i);
      partial = partial.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else queue.push(line);
    }
  });
  return {
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = queue.shift();
        if (line !== undefined) return resolve(line);
        const timer = setTimeout(() => reject(new Error('no line from the server within 15 s')), 15_000);
        waiting.push((l) => {
          clearTimeout(timer);
          resolve(l);
        });
      }),
  };
}
