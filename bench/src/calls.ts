import { type ChildProcess, spawn } from 'node:child_process';
import { BUNDLE, type SandboxInfo } from './env';
import { cpuMsOf, HttpPeer, now, procStatus, StdioPeer, stopChild } from './rpc';
import { median, percentile, shuffled } from './stats';

/** The read tool timed, and the same request as the sandbox gets it. */
export interface ReadProbe {
  tool: string;
  args: Record<string, unknown>;
  wire: Record<string, unknown>;
}

/** A logged-in direct line to the sandbox, as the server's client sends it (POST JSON, keep-alive). */
export async function directDeploi(
  sandbox: SandboxInfo,
): Promise<(fields: Record<string, unknown>) => Promise<unknown>> {
  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(sandbox.deploiUrl, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'hostkit-bench',
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const login = await post({
    command: 'Login',
    username: sandbox.credentials.deploi.username,
    password: sandbox.credentials.deploi.password,
  });
  const token = (login.data as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`sandbox login failed: ${JSON.stringify(login).slice(0, 200)}`);
  return async (fields) => {
    const reply = await post({ ...fields, token });
    if (reply.success !== true)
      throw new Error(`${String(fields.command)}: ${JSON.stringify(reply).slice(0, 200)}`);
    return reply;
  };
}

/** deploi_get_server_info on the first demo server: a read tool with a reply of typical size. */
export async function readProbe(
  direct: (f: Record<string, unknown>) => Promise<unknown>,
): Promise<ReadProbe> {
  const servers = (await direct({ command: 'GetServers' })) as { servers?: { id: number | string }[] };
  const id = Number(servers.servers?.[0]?.id);
  if (!Number.isInteger(id)) throw new Error('the sandbox has no server');
  return { tool: 'deploi_get_server_info', args: { id }, wire: { command: 'GetServerInfo', id } };
}

/** A Hostkit server on Streamable HTTP (random port); resolves once it listens. */
export async function startHttpServer(
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
): Promise<{ url: string; child: ChildProcess; rss(): number; cpuMs(): number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BUNDLE, '--http', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += String(d);
      const m = /Streamable HTTP at (\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the HTTP server exited with ${code}: ${err}`)));
  });
  return {
    url,
    child,
    rss: () => procStatus(child.pid, 'VmRSS'),
    cpuMs: () => cpuMsOf(child.pid),
    stop: () => stopChild(child),
  };
}

/** Median and p99 of one path, and what it adds to the direct request (paired, per round). */
export interface PathStats {
  medianMs: number;
  p99Ms: number;
  addedMedianMs: number;
  addedP99Ms: number;
  /** CPU time the MCP server process used per call (all its threads, GC included). */
  serverCpuMsPerCall: number;
}

export interface OverheadResult {
  tool: string;
  calls: number;
  warmup: number;
  direct: { medianMs: number; p99Ms: number };
  stdio: PathStats;
  http: PathStats;
}

/**
 * The same read, `calls` times per path after `warmup`, interleaved (each round a new random order of
 * stdio, HTTP and direct), one request at a time.
 */
export async function measureOverhead(
  stdio: StdioPeer,
  http: HttpPeer,
  httpCpuMs: () => number,
  direct: (f: Record<string, unknown>) => Promise<unknown>,
  probe: ReadProbe,
  calls: number,
  warmup: number,
): Promise<OverheadResult> {
  const paths = {
    stdio: () => stdio.callTool(probe.tool, probe.args),
    http: () => http.callTool(probe.tool, probe.args),
    direct: () => direct(probe.wire),
  };
  type Path = keyof typeof paths;
  const names = Object.keys(paths) as Path[];
  for (let i = 0; i < warmup; i++) for (const p of names) await paths[p]();
  const times: Record<Path, number[]> = { stdio: [], http: [], direct: [] };
  const cpuBefore = { stdio: stdio.cpuMs(), http: httpCpuMs() };
  for (let i = 0; i < calls; i++) {
    for (const p of shuffled(names)) {
      const t0 = now();
      await paths[p]();
      times[p].push(now() - t0);
    }
  }
  const cpuPerCall = {
    stdio: (stdio.cpuMs() - cpuBefore.stdio) / calls,
    http: (httpCpuMs() - cpuBefore.http) / calls,
  };
  const stats = (p: 'stdio' | 'http'): PathStats => {
    const added = times[p].map((t, i) => t - (times.direct[i] as number));
    return {
      medianMs: median(times[p]),
      p99Ms: percentile(times[p], 99),
      addedMedianMs: median(added),
      addedP99Ms: percentile(added, 99),
      serverCpuMsPerCall: cpuPerCall[p],
    };
  };
  return {
    tool: probe.tool,
    calls,
    warmup,
    direct: { medianMs: median(times.direct), p99Ms: percentile(times.direct, 99) },
    stdio: stats('stdio'),
    http: stats('http'),
  };
}

export interface ConcurrencyResult {
  clients: number;
  callsPerClient: number;
  calls: number;
  errors: number;
  firstError?: string | undefined;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  callsPerSecond: number;
  wallMs: number;
  /** CPU time the MCP server process used per call. */
  serverCpuMsPerCall: number;
}

/** `clients` HTTP MCP clients at once, each discovering the server then making `perClient` calls in a row. */
export async function measureConcurrency(
  url: string,
  serverCpuMs: () => number,
  probe: ReadProbe,
  clients: number,
  perClient: number,
): Promise<ConcurrencyResult> {
  const peers = Array.from({ length: clients }, () => new HttpPeer(url));
  await Promise.all(peers.map((p) => p.discover()));
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpu0 = serverCpuMs();
  const t0 = now();
  await Promise.all(
    peers.map(async (peer) => {
      for (let i = 0; i < perClient; i++) {
        const start = now();
        try {
          await peer.callTool(probe.tool, probe.args);
          latencies.push(now() - start);
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    }),
  );
  const wallMs = now() - t0;
  return {
    clients,
    callsPerClient: perClient,
    calls: clients * perClient,
    errors,
    firstError,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    callsPerSecond: (latencies.length / wallMs) * 1000,
    wallMs,
    serverCpuMsPerCall: (serverCpuMs() - cpu0) / (clients * perClient),
  };
}

export interface MemoryResult {
  idleRssMb: number;
  afterCallsRssMb: number;
  calls: number;
  /** The idle figure is taken this long after tools/list (the call side loads just after the listing). */
  settleMs: number;
}

const MB = 1024 * 1024;

/** A fresh stdio server: RSS once listed and idle, then after `calls` reads. */
export async function measureMemory(
  env: NodeJS.ProcessEnv,
  probe: ReadProbe,
  calls: number,
  settleMs: number,
): Promise<MemoryResult> {
  const peer = new StdioPeer(process.execPath, [BUNDLE], env);
  try {
    await peer.initialize();
    await peer.request('tools/list');
    await new Promise((r) => setTimeout(r, settleMs));
    const idle = peer.rss();
    for (let i = 0; i < calls; i++) await peer.callTool(probe.tool, probe.args);
    await new Promise((r) => setTimeout(r, 200));
    return { idleRssMb: idle / MB, afterCallsRssMb: peer.rss() / MB, calls, settleMs };
  } finally {
    await peer.close();
  }
}
