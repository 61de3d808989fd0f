import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A scriptable HTTP server on 127.0.0.1 for client tests: it records every request and answers from a
// queue or a handler. Not the sandbox: it knows nothing of the APIs, each test says what it answers.

/** A request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: Record<string, unknown> | undefined;
}

/** What the server does with one request. */
export type FakeReply =
  | { status?: number; json?: unknown; body?: string; headers?: Record<string, string> }
  /** Never answers (until the server closes). */
  | { hang: true }
  /** Drops the connection without answering. */
  | { destroy: true };

export type FakeHandler = (req: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeApi {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests with these, in order (before any handler). */
  queue(...replies: FakeReply[]): void;
  /** Answers requests when the queue is empty. */
  handle(handler: FakeHandler): void;
  /** Resolves when the server has received `n` requests in all. */
  received(n: number): Promise<void>;
  close(): Promise<void>;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = req.url ?? '/';
  const query = Object.fromEntries(new URL(url, 'http://127.0.0.1').searchParams);
  return { method: req.method ?? '', url, query, headers: req.headers, body, json: parseJson(body) };
}

function respond(res: ServerResponse, reply: FakeReply): void {
  if ('hang' in reply) return;
  if ('destroy' in reply) {
    res.socket?.destroy();
    return;
  }
  const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const type = reply.body === undefined ? 'application/json' : 'text/html; charset=utf-8';
  res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
  res.end(body);
}

/** Starts a fake API on a free loopback port. */
export async function startFakeApi(): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const queued: FakeReply[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let handler: FakeHandler | undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const recorded = await record(req);
      const index = requests.push(recorded) - 1;
      for (const w of waiters.filter((w) => requests.length >= w.n)) w.resolve();
      const reply = queued.shift() ?? (handler ? await handler(recorded, index) : undefined);
      respond(res, reply ?? { status: 599, json: { error: 'the test scripted no reply for this request' } });
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    queue: (...replies) => {
      queued.push(...replies);
    },
    handle: (h) => {
      handler = h;
    },
    received: (n) =>
      requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A loopback URL where nothing listens: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}/`;
}
