import { MAX_LIMIT } from '@hostkit/core';
import type { Server, ServerContext } from '@modelcontextprotocol/server';
import type { Result } from './pipeline';

// The live lists completions and `resources/list` offer: the account's clients, servers, domains,
// firewalls and invoices, read through the same tools (and so the same client, pipeline and redaction)
// as a model's calls, and kept a few seconds so typing an id does not read the account at each key.

/** Runs a read tool through the call pipeline (see runtime.ts `read`). Never throws. */
export type ReadTool = (
  name: string,
  args: Record<string, unknown>,
  ctx: ServerContext,
  server: Server,
) => Promise<Result>;

/** How long a list is reused: long enough for a burst of keystrokes, short enough to see a new server. */
export const LIVE_TTL_MS = 5000;

/** The most pages of one list read for completions and resources/list (10,000 rows and more). */
export const MAX_PAGES = 20;

/** One row of a live list, as the tool returned it. */
export type LiveRow = Record<string, unknown>;

/** A Deploi list and the fields of it completions and resource names use (no join: one request). */
const LISTS = {
  servers: { tool: 'deploi_get_servers', at: 'servers', fields: ['id', 'name'] },
  domains: { tool: 'deploi_get_domains', at: 'domains', fields: ['name'] },
  firewalls: { tool: 'deploi_get_firewalls', at: 'firewalls', fields: ['id', 'name', 'type'] },
  invoices: { tool: 'deploi_get_invoices', at: 'invoices', fields: ['id', 'period', 'amount', 'currency'] },
} as const;

export type ListName = keyof typeof LISTS;

/** A tool's result as data: its structured content, or its (already redacted) error text thrown. */
export function structuredOf(result: Result): Record<string, unknown> {
  const r = result as { isError?: boolean; structuredContent?: unknown; content?: { text?: string }[] };
  if (r.isError || !r.structuredContent) {
    throw new Error(r.content?.map((c) => c.text ?? '').join('\n') || 'the read returned nothing');
  }
  return r.structuredContent as Record<string, unknown>;
}

/** The account's lists, read on demand and cached per list and client for {@link LIVE_TTL_MS}. */
export class LiveLists {
  private readonly cache = new Map<string, { at: number; rows: Promise<LiveRow[]> }>();

  constructor(
    private readonly read: ReadTool,
    private readonly now: () => number = Date.now,
  ) {}

  private cached(key: string, load: () => Promise<LiveRow[]>): Promise<LiveRow[]> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < LIVE_TTL_MS) return hit.rows;
    const rows = load();
    const entry = { at: this.now(), rows };
    this.cache.set(key, entry);
    // A failed read (the request was cancelled, the API refused) is not kept.
    rows.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return rows;
  }

  /**
   * The Deploi clients the login can act for: `{ id, name }`; for a bare token, its configured client.
   * Empty when Deploi is not configured (or a token has no client configured).
   */
  clients(ctx: ServerContext, server: Server): Promise<LiveRow[]> {
    return this.cached('clients', async () => {
      const s = structuredOf(await this.read('hostkit_list_clients', {}, ctx, server));
      const clients = (s.clients as LiveRow[] | undefined) ?? [];
      // A bare token knows no client list: the client it acts for is the configured one.
      return clients.length || s.defaultClientId === undefined ? clients : [{ id: s.defaultClientId }];
    });
  }

  /**
   * One of a client's lists (undefined: the default client), every row: a page holds at most
   * {@link MAX_LIMIT} rows and the tool's result budget, and each further page is the tool's next
   * call with its cursor (the API has no paging: each is one more list request), up to {@link MAX_PAGES}.
   */
  rows(list: ListName, client: number | undefined, ctx: ServerContext, server: Server): Promise<LiveRow[]> {
    const { tool, at, fields } = LISTS[list];
    return this.cached(`${list}:${client ?? ''}`, async () => {
      const rows: LiveRow[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const args = {
          ...(client === undefined ? {} : { clientid: client }),
          fields,
          limit: MAX_LIMIT,
          ...(cursor ? { cursor } : {}),
        };
        const s = structuredOf(await this.read(tool, args, ctx, server));
        rows.push(...((s[at] as LiveRow[] | undefined) ?? []));
        cursor = typeof s.next === 'string' ? s.next : undefined;
        if (!cursor) break;
      }
      return rows;
    });
  }

  /** The client ids to look at: the one given, else every client (one `undefined` for a bare token). */
  async clientIds(
    client: number | undefined,
    ctx: ServerContext,
    server: Server,
  ): Promise<(number | undefined)[]> {
    if (client !== undefined) return [client];
    const ids = (await this.clients(ctx, server)).map((c) => Number(c.id));
    return ids.length ? ids : [undefined];
  }
}
