import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Minimal JSON-RPC clients, so what is timed is the server and the transport, not a client library's
// own validation. The official client does the same exchanges (see apps/mcp-server/test).

type Json = Record<string, unknown>;

const LEGACY = '2025-11-25';
const MODERN = '2026-07-28';
const CLIENT_INFO = { name: 'hostkit-bench', version: '1.0.0' };

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = (): number => performance.now();

/** A process speaking newline-delimited JSON-RPC on stdin/stdout (the MCP stdio transport). */
export class StdioPeer {
  readonly child: ChildProcess;
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Json) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;
  stderr = '';

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 20_000) this.stderr += String(d);
    });
    this.child.once('exit', (code) => {
      for (const p of this.pending.values())
        p.reject(new Error(`exited with ${code}: ${this.stderr.slice(-500)}`));
      this.pending.clear();
    });
    this.child.stdin?.on('error', () => {});
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      if (!line.trim()) continue;
      const message = JSON.parse(line) as Json;
      const id = message.id;
      if (typeof id === 'number' && ('result' in message || 'error' in message)) {
        const p = this.pending.get(id);
        this.pending.delete(id);
        p?.resolve(message);
      } else if (id !== undefined && typeof message.method === 'string') {
        // A server-to-client request (ping, elicitation): this client declares nothing, so refuse it.
        this.send({ jsonrpc: '2.0', id, error: { code: -32601, message: 'not supported by the bench' } });
      }
    }
  }

  private send(message: Json): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** Sends a request; resolves with its result, rejects on a JSON-RPC error. */
  async request(method: string, params: Json = {}): Promise<Json> {
    const id = this.nextId++;
    const reply = await new Promise<Json>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
    if (reply.error) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result as Json;
  }

  notify(method: string, params: Json = {}): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The 2025-11-25 handshake every stdio client does first. */
  async initialize(): Promise<Json> {
    const result = await this.request('initialize', {
      protocolVersion: LEGACY,
      capabilities: {},
      clientInfo: CLIENT_INFO,
    });
    this.notify('notifications/initialized');
    return result;
  }

  async callTool(name: string, args: Json): Promise<Json> {
    const result = await this.request('tools/call', { name, arguments: args });
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    return result;
  }

  /** Resident set size in bytes (Linux /proc), or NaN. */
  rss(): number {
    return procStatus(this.child.pid, 'VmRSS');
  }

  /** CPU time (user + system) the process has used so far, in ms (Linux /proc; 10 ms ticks), or NaN. */
  cpuMs(): number {
    return cpuMsOf(this.child.pid);
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** CPU time (user + system, all threads) process `pid` has used so far, in ms (Linux /proc), or NaN. */
export function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** A `/proc/<pid>/status` size field (kB) in bytes, or NaN. */
export function procStatus(pid: number | undefined, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * A Streamable HTTP client on the 2026-07-28 protocol: stateless, one POST per request with the
 * routing headers and the client's identity in `_meta` (what the official client sends).
 */
export class HttpPeer {
  private nextId = 1;
  constructor(readonly url: string) {}

  async request(method: string, params: Json = {}, name?: string): Promise<Json> {
    const id = this.nextId++;
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'mcp-method': method,
        ...(name ? { 'mcp-name': name } : {}),
        'mcp-protocol-version': MODERN,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method,
        params: {
          ...params,
          _meta: {
            'io.modelcontextprotocol/protocolVersion': MODERN,
            'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${text.slice(0, 200)}`);
    const body = (response.headers.get('content-type') ?? '').includes('text/event-stream')
      ? lastSseData(text)
      : text;
    const reply = JSON.parse(body) as Json;
    if (reply.error) throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result as Json;
  }

  discover(): Promise<Json> {
    return this.request('server/discover');
  }

  async callTool(name: string, args: Json): Promise<Json> {
    const result = await this.request('tools/call', { name, arguments: args }, name);
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    return result;
  }
}

function lastSseData(text: string): string {
  const data = text
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trim());
  return data[data.length - 1] ?? '';
}

/** A child process started for a measurement, stopped afterwards. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
