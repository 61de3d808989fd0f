import { spawn } from 'node:child_process';
import { now, StdioPeer } from './rpc';
import { median, percentile, shuffled } from './stats';

/** One way of starting a process: an MCP server over stdio, or a process that just exits. */
export interface ColdVariant {
  id: string;
  label: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** False for `node -e 0`: timed until it exits. */
  mcp: boolean;
}

/** Medians over the interleaved runs of one variant. */
export interface ColdResult {
  id: string;
  label: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  /** CPU time (user + system) the server used until tools/list was answered (10 ms ticks). */
  medianCpuMs: number | null;
  /** The tools/list result of the first run. */
  list?: { tools: Record<string, unknown>[] } | undefined;
}

async function exitOnce(v: ColdVariant): Promise<{ ms: number }> {
  const t0 = now();
  const child = spawn(v.command, [...v.args], { env: v.env, stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return { ms: now() - t0 };
}

/** Spawn → initialize → notifications/initialized → tools/list answered, as a client does it. */
async function mcpOnce(v: ColdVariant): Promise<{ ms: number; cpuMs: number; list: ColdResult['list'] }> {
  const t0 = now();
  const peer = new StdioPeer(v.command, v.args, v.env);
  try {
    await peer.initialize();
    const list = (await peer.request('tools/list')) as ColdResult['list'];
    const ms = now() - t0;
    return { ms, cpuMs: peer.cpuMs(), list };
  } finally {
    await peer.close();
  }
}

/**
 * Runs every variant `rounds` times, interleaved (each round in a new random order) after one discarded
 * warm-up round, one process at a time.
 */
export async function measureColdStart(
  variants: readonly ColdVariant[],
  rounds: number,
): Promise<ColdResult[]> {
  const times = new Map<string, number[]>(variants.map((v) => [v.id, []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [v.id, []]));
  const lists = new Map<string, ColdResult['list']>();
  for (let round = 0; round <= rounds; round++) {
    for (const v of shuffled(variants)) {
      if (!v.mcp) {
        const r = await exitOnce(v);
        if (round > 0) times.get(v.id)?.push(r.ms);
        continue;
      }
      const r = await mcpOnce(v);
      if (!lists.has(v.id)) lists.set(v.id, r.list);
      if (round > 0) {
        times.get(v.id)?.push(r.ms);
        if (!Number.isNaN(r.cpuMs)) cpu.get(v.id)?.push(r.cpuMs);
      }
    }
  }
  return variants.map((v) => {
    const t = times.get(v.id) ?? [];
    const c = cpu.get(v.id) ?? [];
    return {
      id: v.id,
      label: v.label,
      runs: t.length,
      medianMs: median(t),
      p90Ms: percentile(t, 90),
      minMs: Math.min(...t),
      medianCpuMs: c.length ? median(c) : null,
      list: lists.get(v.id),
    };
  });
}
