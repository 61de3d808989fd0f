// The sandbox the runner started, seen through its control API (another process owns it).
import type { RequestLogEntry, SandboxCredentials, SandboxState } from '@hostkit/sandbox';

const control = (name = 'HOSTKIT_E2E_CONTROL_URL') => {
  const url = process.env[name];
  if (!url) throw new Error('HOSTKIT_E2E_CONTROL_URL is not set: run the tests through test/e2e/run.ts');
  return url;
};

async function json<T>(path: string, init?: RequestInit, base = control()): Promise<T> {
  const r = await fetch(new URL(path, base), init);
  if (!r.ok) throw new Error(`sandbox control ${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

export const sandbox = {
  state: () => json<SandboxState>('state'),
  requests: async () => (await json<{ requests: RequestLogEntry[] }>('requests')).requests,
  addFault: async (spec: Record<string, unknown>) =>
    (
      await json<{ id: string }>('faults', {
        method: 'POST',
        body: JSON.stringify(spec),
        headers: { 'content-type': 'application/json' },
      })
    ).id,
  clearFaults: () => json('faults', { method: 'DELETE' }),
  credentials: (): SandboxCredentials =>
    JSON.parse(process.env.HOSTKIT_E2E_CREDENTIALS ?? '{}') as SandboxCredentials,
  /** Requests after `seq`, by wire name. */
  since: async (seq: number) => (await sandbox.requests()).filter((r) => r.seq > seq),
  lastSeq: async () => (await sandbox.requests()).at(-1)?.seq ?? 0,
};

/** The second sandbox the runner started, seeded at scale (1,000 servers). */
export const scaleSandbox = {
  deploiUrl: () => process.env.HOSTKIT_E2E_SCALE_DEPLOI_URL ?? '',
  state: () => json<SandboxState>('state', undefined, control('HOSTKIT_E2E_SCALE_CONTROL_URL')),
};
