import type { TaskCost } from './tasks';

// The default listing, chosen from measurement: every task is run once in discovery mode (each tool
// reached by a search, then hostkit_call_tool), which gives each step's result bytes and the search it
// took. A candidate set is then priced exactly: its listing, plus for each task its results, plus a
// search for each tool it uses that the set does not list. The best set costs least in all, with every
// task within its call limit.

/** What a set is priced against: the listings, and how conversations go. */
export interface Pricing {
  /** Bytes of the discovery listing (the three meta-tools). */
  metaListing: number;
  /** Bytes of each tool's entry in tools/list. */
  toolListing: Readonly<Record<string, number>>;
  tasksPerConversation: number;
  /** What each call costs beside its result. */
  callBytes: number;
}

/** How sets are priced: three tasks per conversation, 250 B for each call an agent makes. */
export const DEFAULT_SET_WEIGHTS = { tasksPerConversation: 3, callBytes: 250 } as const;
export const DEFAULT_SET_ASSUMPTION =
  'listing paid once per conversation of 3 tasks; each call 250 B (the call the model writes and its framing); every search for an unlisted tool as measured in discovery mode';

/** What a set costs: its listing, paid once per conversation, and the tasks. */
export interface SetCost {
  tools: string[];
  listingBytes: number;
  /** The listing once per conversation (`tasksPerConversation` tasks each), plus every task's results. */
  totalBytes: number;
  calls: Record<string, number>;
  resultBytes: Record<string, number>;
  withinLimits: boolean;
}

/** Most calls a task may take (the targets: 4, the diagnosis and repoint tasks 3). */
export function callLimit(task: string): number {
  return task === 'shop-down' || task === 'repoint-ip' ? 3 : 4;
}

/** Prices `set` from discovery-mode task runs and each tool's listing size. */
export function priceSet(set: readonly string[], discovery: readonly TaskCost[], pricing: Pricing): SetCost {
  const { metaListing, toolListing, tasksPerConversation, callBytes } = pricing;
  const listed = new Set(set);
  const listingBytes = metaListing + set.reduce((n, t) => n + (toolListing[t] ?? 0) + 1, 0);
  const calls: Record<string, number> = {};
  const resultBytes: Record<string, number> = {};
  let within = true;
  let total = 0;
  for (const task of discovery) {
    // A listed tool needs no search: its search row drops out; everything else stays as measured.
    const kept = task.results.filter((r) => !(r.for && listed.has(r.for)));
    calls[task.id] = kept.length;
    resultBytes[task.id] = kept.reduce((n, r) => n + r.text, 0);
    if (kept.length > callLimit(task.id)) within = false;
    total += listingBytes / tasksPerConversation + (resultBytes[task.id] ?? 0) + kept.length * callBytes;
  }
  return { tools: [...set], listingBytes, totalBytes: total, calls, resultBytes, withinLimits: within };
}

/** The cheapest set of the tools the tasks use that keeps every task within its call limit. */
export function bestSet(discovery: readonly TaskCost[], pricing: Pricing): SetCost {
  const used = [
    ...new Set(discovery.flatMap((t) => t.results.map((r) => r.for).filter((x): x is string => !!x))),
  ].sort();
  if (used.length > 20) throw new Error(`${used.length} tools: too many to try every set`);
  let best: SetCost | undefined;
  for (let mask = 0; mask < 1 << used.length; mask++) {
    const set = used.filter((_, i) => mask & (1 << i));
    const cost = priceSet(set, discovery, pricing);
    if (!cost.withinLimits) continue;
    if (!best || cost.totalBytes < best.totalBytes) best = cost;
  }
  if (!best) throw new Error('no set keeps every task within its call limit');
  return best;
}
