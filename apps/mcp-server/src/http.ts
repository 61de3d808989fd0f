import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  type McpServerFactory,
  validateHostHeader,
  validateOriginHeader,
} from '@modelcontextprotocol/server';
import { isLoopback } from './config';
import type { Logger } from './log';

/** Largest request body accepted. */
export const HTTP_BODY_LIMIT = 1024 * 1024;

/** The path the MCP endpoint is served at. */
export const MCP_PATH = '/mcp';

/** Settings of the Streamable HTTP transport. */
export interface HttpOptions {
  host: string;
  port: number;
  /** Bearer token clients must send; required (checked at configuration) for a non-loopback host. */
  token: string | undefined;
  /** Extra Origin host names to accept (browser clients other than localhost ones). */
  allowedOrigins: readonly string[];
}

function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Reads the body up to the limit; undefined when it is larger. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > HTTP_BODY_LIMIT) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > HTTP_BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Serves MCP over Streamable HTTP (both protocol eras, via the SDK's handler) at `/mcp`, checking first,
 * in this order: the Host header on a loopback bind (DNS rebinding), the Origin header, the bearer token,
 * and the 1 MiB body limit.
 */
export async function serveHttp(
  factory: McpServerFactory,
  options: HttpOptions,
  logger: Logger,
): Promise<Server> {
  const handler = createMcpHandler(factory, {
    maxRequestBodySize: HTTP_BODY_LIMIT,
    onerror: (e) => logger.warn(`HTTP: ${e.message}`),
  });
  const hosts = localhostAllowedHostnames();
  // DNS rebinding only matters on loopback: any other bind needs the bearer token, which a rebinding page cannot send.
  const checkHost = isLoopback(options.host);
  const origins = [...localhostAllowedOrigins(), ...options.allowedOrigins];

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error(`HTTP: ${(e as Error).message}`);
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (checkHost) {
      const host = validateHostHeader(req.headers.host, hosts);
      if (!host.ok) return refuse(res, 403, `Forbidden: ${host.message}`);
    }
    const origin = validateOriginHeader(req.headers.origin, origins);
    if (!origin.ok) return refuse(res, 403, `Forbidden: ${origin.message}`);
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) {
      return refuse(res, 401, 'Unauthorized: send Authorization: Bearer <token>.', {
        'www-authenticate': 'Bearer',
      });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== MCP_PATH) return refuse(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    if (req.method === 'POST' && body === undefined) {
      return refuse(res, 413, `Request body larger than ${HTTP_BODY_LIMIT} bytes.`, { connection: 'close' });
    }
    const abort = new AbortController();
    // Only a client that went away mid-request cancels it: aborting after a finished response would
    // still run every abort listener (and build an AbortError and an SDK error) on each request.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers.set(k, v);
      else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    }
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      signal: abort.signal,
      ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const response = await handler.fetch(request);
    const out = Object.fromEntries(response.headers);
    if (!response.body) {
      res.writeHead(response.status, out);
      res.end();
      return;
    }
    // A JSON reply (every 2026-07-28 one) goes out whole, with its length: one write instead of a
    // chunked stream of several. Only an event stream is passed on as it comes.
    if (!(out['content-type'] ?? '').startsWith('text/event-stream')) {
      const whole = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...out, 'content-length': String(whole.length) });
      res.end(whole);
      return;
    }
    res.writeHead(response.status, out);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = server.close.bind(server);
  server.close = (cb) => {
    void handler.close();
    server.closeAllConnections();
    return close(cb);
  };
  return server;
}

/** The URL clients connect to. */
export function endpointOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const shown = WILDCARDS.has(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}${MCP_PATH}`;
}
