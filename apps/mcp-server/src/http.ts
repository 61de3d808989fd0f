import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  isLegacyRequest,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  type McpServerFactory,
  validateHostHeader,
  validateOriginHeader,
  WebStandardStreamableHTTPServerTransport,
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

function jsonError(status: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A JSON array body: a JSON-RPC batch, which 2025-06-18 and later revisions removed. */
function isBatch(body: Buffer): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b;
  }
  return false;
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

/** How many 2025-11-25 sessions may be open at once, and how long an idle one is kept. */
export const MAX_LEGACY_SESSIONS = 64;
export const LEGACY_SESSION_IDLE_MS = 30 * 60 * 1000;

// A Host header as RFC 9110 allows it here: a name or an IPv4 or bracketed IPv6 address, and a port.
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

interface LegacySession {
  transport: WebStandardStreamableHTTPServerTransport;
  lastUsed: number;
}

/**
 * Serves MCP over Streamable HTTP at `/mcp`, checking first, in this order: the request target and Host
 * header syntax, the Host header on a loopback bind (DNS rebinding), the Origin header, the bearer
 * token, the 1 MiB body limit and JSON-RPC batches (which no served revision allows). 2026-07-28
 * requests go to the SDK's per-request handler; 2025-11-25 clients get a session, so the server can
 * send them requests (elicitation) on the stream of a pending call.
 */
export async function serveHttp(
  factory: McpServerFactory,
  options: HttpOptions,
  logger: Logger,
): Promise<Server> {
  const onerror = (e: Error) => logger.warn(`HTTP: ${e.message}`);
  // The SDK's legacy option serves 2025 traffic statelessly only (SDK 2.4): sessions are wired here,
  // routed by its isLegacyRequest, as its documentation describes.
  const modern = createMcpHandler(factory, {
    legacy: 'reject',
    maxRequestBodySize: HTTP_BODY_LIMIT,
    onerror,
  });
  const sessions = new Map<string, LegacySession>();
  const hosts = localhostAllowedHostnames();
  // DNS rebinding only matters on loopback: any other bind needs the bearer token, which a rebinding page cannot send.
  const checkHost = isLoopback(options.host);
  const origins = [...localhostAllowedOrigins(), ...options.allowedOrigins];

  const sweep = setInterval(() => {
    const stale = Date.now() - LEGACY_SESSION_IDLE_MS;
    for (const [id, session] of sessions) {
      if (session.lastUsed < stale) {
        sessions.delete(id);
        void session.transport.close();
      }
    }
  }, 60_000);
  sweep.unref();

  async function legacy(request: Request): Promise<Response> {
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const session = sessions.get(id);
      if (!session) return jsonError(404, 'Session not found: initialize a new session.');
      session.lastUsed = Date.now();
      return session.transport.handleRequest(request);
    }
    if (sessions.size >= MAX_LEGACY_SESSIONS) {
      return jsonError(503, 'Too many open sessions: close one (DELETE /mcp) or use protocol 2026-07-28.');
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: HTTP_BODY_LIMIT,
      onsessioninitialized: (sid) => void sessions.set(sid, { transport, lastUsed: Date.now() }),
      onsessionclosed: (sid) => void sessions.delete(sid),
    });
    transport.onerror = onerror;
    const server = await factory({ era: 'legacy' });
    await server.connect(transport);
    const response = await transport.handleRequest(request);
    // A request that did not start a session (not an initialize) leaves nothing behind.
    if (!transport.sessionId) await server.close();
    return response;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logger.error(`HTTP: ${(e as Error).message}`);
      if (!res.headersSent) refuse(res, 500, 'Internal error.');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Origin-form targets only ("/mcp"): an absolute-form target or a malformed Host is a bad request.
    if (!(req.url ?? '').startsWith('/'))
      return refuse(res, 400, 'Bad Request: the request target must be a path.');
    const hostHeader = req.headers.host ?? '';
    if (!HOST_HEADER.test(hostHeader)) return refuse(res, 400, 'Bad Request: malformed Host header.');
    if (checkHost) {
      const host = validateHostHeader(hostHeader, hosts);
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
    if (body && isBatch(body)) {
      return refuse(
        res,
        400,
        'Bad Request: JSON-RPC batches are not supported; send one message per request.',
      );
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
    // The URL is built from the path alone: the Host header was checked, and never becomes part of a URL.
    const request = new Request(`http://127.0.0.1${url.pathname}${url.search}`, {
      method: req.method ?? 'GET',
      headers,
      signal: abort.signal,
      ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const response = (await isLegacyRequest(request, undefined, { maxRequestBodySize: HTTP_BODY_LIMIT }))
      ? await legacy(request)
      : await modern.fetch(request);
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
    clearInterval(sweep);
    void modern.close();
    for (const session of sessions.values()) void session.transport.close();
    sessions.clear();
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
