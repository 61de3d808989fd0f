import type { Target } from './define.js';
import { targetKey } from './summary.js';

/** Runs one read command by tool name and returns its parsed reply; throws on failure. */
export type ReadCommand = (tool: string, input: Record<string, unknown>) => Promise<unknown>;

type Row = { id?: unknown; name?: unknown; siteid?: unknown; primarydomain?: unknown };

const rows = (reply: unknown, key: string): Row[] => {
  const value = (reply as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? (value as Row[]) : [];
};

/**
 * The names of the resources a call acts on, by {@link targetKey}, for its confirmation: servers and
 * firewalls from each client's list (one read per client and kind), sites from the site list, reverse
 * proxies from their firewall's list. A read that fails leaves those targets named by id only.
 */
export async function lookupNames(
  targets: readonly Target[],
  read: ReadCommand,
  clientIds: readonly (number | undefined)[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const kinds = new Set(targets.map((t) => t.kind));
  const tryRead = async (tool: string, input: Record<string, unknown>) => {
    try {
      return await read(tool, input);
    } catch {
      return undefined;
    }
  };
  const perClient = async (tool: string, key: string, kind: 'server' | 'firewall') => {
    const replies = await Promise.all(
      clientIds.map((clientid) => tryRead(tool, clientid === undefined ? {} : { clientid })),
    );
    for (const reply of replies)
      for (const row of rows(reply, key))
        if (typeof row.name === 'string' && row.id !== undefined)
          names.set(`${kind}:${Number(row.id)}`, row.name);
  };
  const jobs: Promise<void>[] = [];
  if (kinds.has('server')) jobs.push(perClient('deploi_get_servers', 'servers', 'server'));
  if (kinds.has('firewall') || kinds.has('proxy'))
    jobs.push(perClient('deploi_get_firewalls', 'firewalls', 'firewall'));
  if (kinds.has('site')) {
    jobs.push(
      tryRead('deploi_get_sites', {}).then((reply) => {
        for (const row of rows(reply, 'data'))
          if (typeof row.primarydomain === 'string' && row.siteid !== undefined)
            names.set(`site:${Number(row.siteid)}`, row.primarydomain);
      }),
    );
  }
  for (const t of targets) {
    if (t.kind !== 'proxy') continue;
    jobs.push(
      tryRead('deploi_get_firewall_reverse_proxies', { id: t.firewall }).then((reply) => {
        const row = rows(reply, 'firewallReverseProxies').find((r) => Number(r.id) === t.id);
        if (typeof row?.name === 'string') names.set(targetKey(t), row.name);
      }),
    );
  }
  await Promise.all(jobs);
  return names;
}
