import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { collectSecrets, type Provider, redactText } from '@hostkit/core';
import { type DispatchEnv, type DispatchResult, dispatchDeploi, dispatchSeflow } from './dispatch';
import { type FaultController, type FaultPlan, type FaultSpec, faultSpecSchema } from './faults';
import { deploiErrors, seflowErrors } from './messages';
import type { SandboxState } from './model';
import { bandwidthGraph, type GraphPeriod } from './png';
import type { RequestLog, RequestLogEntry } from './request-log';
import { advance } from './state';

// HTTP: routing, body limit, JSON parse errors, fault injection and the request log. One server
// carries both APIs (see README "URLs"): Deploi at POST /, SeFlow at GET /seflow/api, the graph
// images under /seflow/graphs/, and a small control API under /_sandbox/ for out-of-process use.

/** Path of the SeFlow API. */
export const SEFLOW_PATH = '/seflow/api';
/** Path prefix of the graph images. */
export const GRAPHS_PATH = '/seflow/graphs/';
/** Path prefix of the control API. */
export const CONTROL_PATH = '/_sandbox/';

/** What the HTTP layer needs from the sandbox. */
export interface ServerDeps {
  env: DispatchEnv;
  faults: FaultController;
  log: RequestLog;
  bodyLimitBytes: number;
  /** Called after a write command succeeded (to save the state file). */
  onMutated(): void;
  /** Reseeds the state (control API). */
  reset(): void;
  /** The URLs, for GET / and the control API. */
  describe(): Record<string, unknown>;
}

/** Creates the (not yet listening) HTTP server. */
export function createSandboxServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: `Sandbox bug: ${e instanceof Error ? e.message : String(e)}` });
      else res.destroy();
    });
  });
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/') {
    if (req.method === 'POST') return handleDeploi(deps, req, res);
    if (req.method === 'GET') return sendJson(res, 200, deps.describe());
    return sendJson(res, 405, deploiBody(deploiErrors.methodNotAllowed), { allow: 'POST, GET' });
  }
  if (url.pathname === SEFLOW_PATH) {
    if (req.method === 'GET') return handleSeflow(deps, req, url, res);
    return sendJson(
      res,
      405,
      { status: 'error', statusmsg: seflowErrors.methodNotAllowed },
      { allow: 'GET' },
    );
  }
  if (url.pathname.startsWith(GRAPHS_PATH) && req.method === 'GET') return handleGraph(deps, url, res);
  if (url.pathname.startsWith(CONTROL_PATH)) return handleControl(deps, req, url, res);
  sendJson(res, 404, { error: `Nothing at ${url.pathname}. ${describePaths}` });
}

const describePaths =
  'Deploi: POST /, SeFlow: GET /seflow/api, graphs: /seflow/graphs/, control: /_sandbox/.';

async function handleDeploi(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const text = await readBody(req, deps.bodyLimitBytes);
  if (text === undefined) {
    sendJson(res, 413, deploiBody(deploiErrors.tooLarge), { connection: 'close' });
    return logAnswer(deps, started, 'deploi', '(none)', 413, undefined);
  }
  let body: unknown;
  let parsed = true;
  try {
    body = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const named = (body as { command?: unknown } | null)?.command;
  const commandName = typeof named === 'string' && named !== '' ? named : '(none)';
  const plan = deps.faults.take('deploi', commandName);
  const requestSecrets = parsed ? collectSecrets(body) : [];
  if (await applyFaultBefore(deps, plan, 'deploi', commandName, started, req, res, requestSecrets)) return;
  let result: DispatchResult;
  if (!parsed) {
    result = {
      status: 400,
      body: deploiBody(deploiErrors.invalidJson),
      command: commandName,
      fields: [],
      mutated: false,
      secrets: [],
    };
  } else if (/^curl\//i.test(req.headers['user-agent'] ?? '')) {
    // The live API refuses requests that look like curl; the sandbox does the same so clients see it.
    const secrets = collectSecrets(body);
    result = {
      status: 200,
      body: deploiBody(deploiErrors.requestBlocked),
      command: commandName,
      fields: [],
      mutated: false,
      secrets,
    };
  } else {
    result = dispatchDeploi(deps.env, body);
  }
  if (result.mutated && result.body.success === true) deps.onMutated();
  finish(deps, plan, 'deploi', result, started, req, res);
}

async function handleSeflow(
  deps: ServerDeps,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const commandName = url.searchParams.get('action') || '(none)';
  const plan = deps.faults.take('seflow', commandName);
  const requestSecrets = collectSecrets(Object.fromEntries(url.searchParams));
  if (await applyFaultBefore(deps, plan, 'seflow', commandName, started, req, res, requestSecrets)) return;
  const result = dispatchSeflow(deps.env, url.searchParams);
  if (result.mutated && result.body.status === 'success') deps.onMutated();
  finish(deps, plan, 'seflow', result, started, req, res);
}

/** Applies latency and any fault that answers instead of the API; true when it answered. */
async function applyFaultBefore(
  deps: ServerDeps,
  plan: FaultPlan,
  provider: Provider,
  command: string,
  started: number,
  req: IncomingMessage,
  res: ServerResponse,
  // The request's secret values: an injected refusal's message is logged redacted, like any reply's.
  secrets: string[],
): Promise<boolean> {
  if (plan.latencyMs > 0) await delay(plan.latencyMs);
  const effect = plan.effect;
  if (!effect) return false;
  const deploi = provider === 'deploi';
  const log = (status: number) => logAnswer(deps, started, provider, command, status, undefined, effect.kind);
  switch (effect.kind) {
    case 'status':
      res
        .writeHead(effect.status, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`HTTP ${effect.status} (sandbox fault)\n`);
      log(effect.status);
      return true;
    case 'rate-limit': {
      const body = deploi
        ? deploiBody(deploiErrors.tooManyRequests)
        : { status: 'error', statusmsg: seflowErrors.tooManyRequests };
      sendJson(res, 429, body, { 'retry-after': String(effect.retryAfterSeconds ?? 1) });
      log(429);
      return true;
    }
    case 'html': {
      const status = effect.status ?? 200;
      res
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We will be back soon</h1></body></html>\n',
        );
      log(status);
      return true;
    }
    case 'reset':
      if (effect.afterHandling) return false;
      req.socket.destroy();
      log(0);
      return true;
    case 'refuse': {
      const message =
        effect.message ?? (deploi ? deploiErrors.unavailable.message : seflowErrors.unavailable);
      const body = deploi
        ? { success: false, message, messageId: effect.messageId ?? -1 }
        : { status: 'error', statusmsg: message };
      sendJson(res, 200, body);
      logAnswer(deps, started, provider, command, 200, body, effect.kind, { fields: [], secrets });
      return true;
    }
    case 'expire-token':
      deps.env.sessions.expireAll();
      return false;
    case 'truncated-json':
    case 'extra-fields':
      return false;
  }
}

/** Sends the API's answer, cut or dropped when a fault says so, and logs it. */
function finish(
  deps: ServerDeps,
  plan: FaultPlan,
  provider: Provider,
  result: DispatchResult,
  started: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const effect = plan.effect;
  const entry = { fields: result.fields, secrets: result.secrets };
  if (effect?.kind === 'reset') {
    req.socket.destroy();
    logAnswer(deps, started, provider, result.command, 0, result.body, effect.kind, entry);
    return;
  }
  if (effect?.kind === 'truncated-json') {
    const text = JSON.stringify(result.body);
    const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8' }).end(cut);
    logAnswer(deps, started, provider, result.command, result.status, result.body, effect.kind, entry);
    return;
  }
  const body = effect?.kind === 'extra-fields' ? withFields(result.body, effect.fields) : result.body;
  sendJson(res, result.status, body);
  logAnswer(deps, started, provider, result.command, result.status, body, effect?.kind, entry);
}

function withFields(body: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const data = body.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data))
    return { ...body, data: { ...(data as Record<string, unknown>), ...fields } };
  return { ...body, ...fields };
}

function logAnswer(
  deps: ServerDeps,
  started: number,
  provider: RequestLogEntry['provider'],
  command: string,
  status: number,
  body: Record<string, unknown> | undefined,
  fault?: RequestLogEntry['fault'],
  extra: { fields: string[]; secrets: string[] } = { fields: [], secrets: [] },
): void {
  const message = body ? (provider === 'deploi' ? body.message : body.statusmsg) : undefined;
  deps.log.add({
    time: new Date(deps.env.clock.now()).toISOString(),
    provider,
    command,
    status,
    success: body ? body.success === true || body.status === 'success' : undefined,
    message: typeof message === 'string' ? redactText(message, extra.secrets) : undefined,
    fields: extra.fields,
    fault,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  });
}

function handleGraph(deps: ServerDeps, url: URL, res: ServerResponse): void {
  const started = performance.now();
  const match = /^([^/]+)\/(daily|weekly|monthly|yearly)\.png$/.exec(url.pathname.slice(GRAPHS_PATH.length));
  const name = match ? decodeURIComponent(match[1] ?? '') : '';
  const server = deps.env.state().seflow.servers.find((s) => s.name === name);
  if (!match || !server) {
    sendJson(res, 404, { error: 'No such graph' });
    logAnswer(deps, started, 'seflow', 'graph', 404, undefined);
    return;
  }
  const png = bandwidthGraph(server.name, match[2] as GraphPeriod);
  res
    .writeHead(200, {
      'content-type': 'image/png',
      'content-length': png.length,
      'cache-control': 'no-store',
    })
    .end(png);
  logAnswer(deps, started, 'seflow', `graph:${match[2]}`, 200, undefined);
}

async function handleControl(
  deps: ServerDeps,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
): Promise<void> {
  const path = url.pathname.slice(CONTROL_PATH.length);
  if (path === 'state' && req.method === 'GET') {
    const state: SandboxState = deps.env.state();
    advance(state, deps.env.clock.now());
    return sendJson(res, 200, state as unknown as Record<string, unknown>);
  }
  if (path === 'requests' && req.method === 'GET')
    return sendJson(res, 200, { requests: deps.log.entries() });
  if (path === 'reset' && req.method === 'POST') {
    deps.reset();
    return sendJson(res, 200, { reset: true });
  }
  if (path === 'faults') {
    if (req.method === 'GET') return sendJson(res, 200, { faults: deps.faults.list() });
    if (req.method === 'DELETE') {
      deps.faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (req.method === 'POST') {
      const text = await readBody(req, deps.bodyLimitBytes);
      let spec: FaultSpec;
      try {
        spec = faultSpecSchema.parse(JSON.parse(text ?? ''));
      } catch (e) {
        return sendJson(res, 400, { error: `Not a fault: ${e instanceof Error ? e.message : String(e)}` });
      }
      return sendJson(res, 201, { id: deps.faults.add(spec) });
    }
  }
  if (path.startsWith('faults/') && req.method === 'DELETE') {
    return sendJson(res, 200, {
      removed: deps.faults.remove(decodeURIComponent(path.slice('faults/'.length))),
    });
  }
  sendJson(res, 404, {
    error: 'Control API: GET state, GET requests, POST reset, GET|POST|DELETE faults, DELETE faults/<id>.',
  });
}

/** The body as text, or undefined when it exceeds `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function deploiBody(refusal: { message: string; messageId: number }): Record<string, unknown> {
  return { success: false, message: refusal.message, messageId: refusal.messageId };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    })
    .end(text);
}
