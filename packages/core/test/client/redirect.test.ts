import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploiClient } from '../../src/client/deploi';
import { SeflowClient } from '../../src/client/seflow';
import { getCommandByWire } from '../../src/registry/registry';
import { failure } from '../support/canaries';

// The clients' default fetch (the platform's, as the VS Code extension uses it) against a real redirect
// from a loopback server: the transport asks for `redirect: 'manual'`, so a POST carrying a password, or
// a GET carrying the SeFlow key in its query, must never be re-sent to where the redirect points. The MCP
// server's own fetch (node-fetch.ts) follows nothing by construction; this is the path that could.

const PASSWORD = 'redirect-canary-Pw-41c9';
const KEY = 'redirect-canary-key-7d20';

interface Caught {
  method: string;
  url: string;
  body: string;
}

let target: Server;
let redirector: Server;
const caught: Caught[] = [];
let redirects = 0;
let status = 307;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

const bodyOf = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += String(d);
    });
    req.on('end', () => resolve(body));
  });

let targetUrl = '';
let redirectorUrl = '';

beforeAll(async () => {
  target = createServer(async (req, res) => {
    caught.push({ method: req.method ?? '', url: req.url ?? '', body: await bodyOf(req) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"data":{"token":"t"}}');
  });
  redirector = createServer(async (req, res) => {
    await bodyOf(req);
    redirects++;
    res.writeHead(status, { location: `${targetUrl}${req.url ?? '/'}` }).end();
  });
  targetUrl = await listen(target);
  redirectorUrl = await listen(redirector);
});

afterAll(() => {
  target.close();
  redirector.close();
});

describe.each([301, 302, 303, 307, 308])('a %i redirect, through the default fetch', (code) => {
  it('is reported as that HTTP status; the Deploi login with its password is not re-sent', async () => {
    status = code;
    caught.length = 0;
    redirects = 0;
    const client = new DeploiClient({
      baseUrl: `${redirectorUrl}/`,
      username: 'me@example.com',
      password: PASSWORD,
    });
    const servers = getCommandByWire('GetServers', 'deploi');
    if (!servers) throw new Error('no GetServers in the registry');
    const e = await failure(client.call(servers, {}));
    expect(e.message).toContain(`HTTP ${code}`);
    expect(e.message).not.toContain(PASSWORD);
    // The redirect was answered (the request went out) and nothing reached its target.
    expect(redirects).toBe(1);
    expect(caught).toEqual([]);
  });

  it('is reported as that HTTP status; the SeFlow request with its key is not re-sent', async () => {
    status = code;
    caught.length = 0;
    redirects = 0;
    const client = new SeflowClient({ baseUrl: `${redirectorUrl}/api`, username: 'me', key: KEY });
    const check = getCommandByWire('checkstatus', 'seflow');
    if (!check) throw new Error('no checkstatus in the registry');
    const e = await failure(client.call(check, { serverid: 'DS-1042' }));
    expect(e.message).toContain(`HTTP ${code}`);
    expect(e.message).not.toContain(KEY);
    // A read is retried on some statuses, never on a redirect: one request, none at the target.
    expect(redirects).toBe(1);
    expect(caught).toEqual([]);
  });
});
