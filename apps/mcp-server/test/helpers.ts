import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Sandbox, type SandboxOptions, startSandbox } from '@hostkit/sandbox';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/** The built bundle the tests drive (`pnpm test` builds it first). */
export const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'hostkit-mcp.js');

if (!existsSync(BUNDLE)) {
  throw new Error(`${BUNDLE} is missing: run "pnpm --filter @hostkit/mcp-server build" (pnpm test does it).`);
}

/** A sandbox plus a scratch directory for the audit log and HOME. */
export interface World {
  sandbox: Sandbox;
  dir: string;
  auditPath: string;
  /** The environment the server is started with: both providers pointed at the sandbox. */
  env: Record<string, string>;
  auditLines(): Record<string, unknown>[];
  /** Wire names the sandbox received, in order. */
  commandsSent(): string[];
}

export async function startWorld(options: SandboxOptions = {}): Promise<World> {
  const sandbox = await startSandbox({ seed: 7, provisioningDelayMs: 1500, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'hostkit-mcp-test-'));
  const auditPath = join(dir, 'audit.jsonl');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    HOSTKIT_DEPLOI_URL: sandbox.deploiUrl,
    HOSTKIT_DEPLOI_USERNAME: sandbox.credentials.deploi.username,
    HOSTKIT_DEPLOI_PASSWORD: sandbox.credentials.deploi.password,
    HOSTKIT_SEFLOW_URL: sandbox.seflowUrl,
    HOSTKIT_SEFLOW_USERNAME: sandbox.credentials.seflow.username,
    HOSTKIT_SEFLOW_KEY: sandbox.credentials.seflow.key,
    HOSTKIT_AUDIT_LOG: auditPath,
    // No test opens a real browser: those that play the person set HOSTKIT_BROWSER (see human.ts).
    HOSTKIT_BROWSER: 'none',
  };
  return {
    sandbox,
    dir,
    auditPath,
    env,
    auditLines: () =>
      existsSync(auditPath)
        ? readFileSync(auditPath, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
        : [],
    commandsSent: () => sandbox.requests.entries().map((e) => e.command),
  };
}

/** What the test client answers to an elicitation; undefined declares no elicitation capability. */
export type ElicitAnswer = 'accept' | 'decline' | 'cancel' | undefined;

export interface ClientOptions {
  args?: string[];
  env?: Record<string, string>;
  elicit?: ElicitAnswer;
  /** Which elicitation mode the client declares: form (default) or url (it shows the person a URL). */
  elicitMode?: 'form' | 'url';
  /** What an accepted form elicitation sends back (default `{ confirm: true }`); `null` sends no content. */
  content?: Record<string, unknown> | null;
  /** `legacy` speaks 2025-11-25 (initialize); `modern` pins 2026-07-28. */
  era?: 'legacy' | 'modern';
  /** HTTP only: the fetch the transport uses (to record what the client sends). */
  fetch?: typeof fetch;
  /** Receives each elicitation request's params. */
  onElicit?: (message: string, params: Record<string, unknown>) => unknown;
}

function makeClient(options: ClientOptions): Client {
  const mode = options.elicitMode ?? 'form';
  const client = new Client(
    { name: 'hostkit-test', version: '1.0.0' },
    {
      capabilities: options.elicit ? { elicitation: mode === 'url' ? { url: {} } : { form: {} } } : {},
      ...(options.era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    },
  );
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler('elicitation/create', async (request) => {
      const params = request.params as Record<string, unknown>;
      await options.onElicit?.(String(params.message ?? ''), params);
      if (answer !== 'accept') return { action: answer };
      if (params.mode === 'url') return { action: 'accept' };
      const content = options.content === undefined ? { confirm: true } : options.content;
      return content === null ? { action: 'accept' } : ({ action: 'accept', content } as never);
    });
  }
  return client;
}

/** The official client connected to the built bundle over stdio. */
export async function connectStdio(world: World, options: ClientOptions = {}): Promise<Client> {
  const client = makeClient(options);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE, ...(options.args ?? [])],
    env: { ...world.env, ...options.env },
    stderr: 'pipe',
  });
  await client.connect(transport);
  return client;
}

/** A bundle serving Streamable HTTP; resolves with its URL once it listens. */
export interface HttpServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

export function startHttp(
  world: World,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<HttpServer> {
  const child = spawn(process.execPath, [BUNDLE, '--http', '--port', '0', ...args], {
    env: { ...world.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += String(d);
      const m = /Streamable HTTP at (\S+)/.exec(err);
      if (m?.[1]) {
        resolve({
          url: m[1],
          child,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

export async function connectHttp(
  url: string,
  options: ClientOptions = {},
  headers: Record<string, string> = {},
): Promise<Client> {
  const client = makeClient(options);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  return client;
}

/** Runs the bundle to completion (for start-up refusals); resolves with exit code and stderr. */
export function runBundle(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += String(d);
    });
    child.once('exit', (code) => resolve({ code, stderr, stdout }));
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** The text of a tool result's first content block. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === 'text')?.text ?? '';
}

/** The first domain of the demo account that has an A record, with that record. */
export function demoRecord(world: World): { domain: string; host: string; value: string } {
  for (const d of world.sandbox.state.get().domains) {
    const r = d.records.find((x) => x.type === 'A');
    if (r) return { domain: d.name, host: r.host, value: r.value };
  }
  throw new Error('the demo account has no A record');
}
