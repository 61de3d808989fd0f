import {
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  ResourceNotFoundError,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { LiveLists, LiveRow, ReadTool } from '../live-lists';
import type { Result } from '../pipeline';
import { KINDS, resolve } from './kinds';

/** Resources per `resources/list` page. */
export const RESOURCE_PAGE = 100;

/** What the resource handlers read through. */
export interface ResourceDeps {
  read: ReadTool;
  lists: LiveLists;
  providers: { deploi: boolean; seflow: boolean };
}

type Resource = ListResourcesResult['resources'][number];

export function listTemplates(): ListResourceTemplatesResult {
  return {
    resourceTemplates: KINDS.filter((k) => k.uriTemplate.includes('{')).map((k) => ({
      uriTemplate: k.uriTemplate,
      name: k.name,
      title: k.title,
      description: k.description,
      mimeType: k.mimeType,
    })),
  };
}

const str = (v: unknown) => String(v ?? '');

/** A list that could not be read (Deploi not configured, the API refused) offers no resources. */
async function rowsOr(load: Promise<LiveRow[]>): Promise<LiveRow[]> {
  return load.catch(() => []);
}

/** Every concrete resource of the account, Deploi clients in order, then SeFlow. */
async function everything(deps: ResourceDeps, ctx: ServerContext, server: Server): Promise<Resource[]> {
  const out: Resource[] = [];
  if (deps.providers.deploi) {
    const clients = await rowsOr(deps.lists.clients(ctx, server));
    for (const c of clients) {
      const id = Number(c.id);
      const who = c.name ? `${str(c.name)}, client ${id}` : `client ${id}`;
      const [servers, domains, firewalls, invoices] = await Promise.all(
        (['servers', 'domains', 'firewalls', 'invoices'] as const).map((l) =>
          rowsOr(deps.lists.rows(l, id, ctx, server)),
        ),
      );
      for (const s of servers ?? [])
        out.push({
          uri: `hostkit://deploi/${id}/servers/${str(s.id)}`,
          name: str(s.name) || `server ${str(s.id)}`,
          title: `Server ${str(s.name)} (id ${str(s.id)}, ${who})`,
          mimeType: 'application/json',
        });
      for (const d of domains ?? [])
        out.push({
          uri: `hostkit://deploi/${id}/zones/${encodeURIComponent(str(d.name))}`,
          name: str(d.name),
          title: `DNS zone ${str(d.name)} (${who})`,
          mimeType: 'text/dns',
        });
      for (const f of firewalls ?? [])
        out.push({
          uri: `hostkit://deploi/${id}/firewalls/${str(f.id)}`,
          name: str(f.name) || `firewall ${str(f.id)}`,
          title: `Firewall ${str(f.name)} (id ${str(f.id)}, ${who})`,
          mimeType: 'application/json',
        });
      for (const i of invoices ?? [])
        out.push({
          uri: `hostkit://deploi/${id}/invoices/${str(i.id)}`,
          name: `invoice ${str(i.id)}`,
          title: `Invoice ${str(i.id)}, ${str(i.period)}: ${str(i.amount)} ${str(i.currency)} (${who})`,
          mimeType: 'application/json',
        });
    }
  }
  if (deps.providers.seflow) {
    out.push({
      uri: 'hostkit://seflow/portable-ips',
      name: 'SeFlow portable IPs',
      title: 'SeFlow portable IPs and where each is routed',
      mimeType: 'application/json',
    });
  }
  return out;
}

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n <= 0)
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      'Invalid cursor: use the nextCursor of the last page',
    );
  return n;
}

/** `resources/list`: the account's servers, zones, firewalls and invoices, {@link RESOURCE_PAGE} a page. */
export async function listResources(
  deps: ResourceDeps,
  cursor: string | undefined,
  ctx: ServerContext,
  server: Server,
): Promise<ListResourcesResult> {
  const start = offsetOf(cursor);
  const all = await everything(deps, ctx, server);
  const end = start + RESOURCE_PAGE;
  return {
    resources: all.slice(start, end),
    ...(end < all.length ? { nextCursor: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

/** A failed read as the protocol error it is, its text the tool's (already redacted) message. */
function readError(uri: string, result: Result): never {
  const r = result as { structuredContent?: { error?: string }; content?: { text?: string }[] };
  const text = r.content?.map((c) => c.text ?? '').join('\n') || 'the read failed';
  const code = r.structuredContent?.error;
  if (code === 'invalid_input') throw new ProtocolError(ProtocolErrorCode.InvalidParams, text);
  if (code === 'api_error') throw new ResourceNotFoundError(uri, text);
  throw new ProtocolError(ProtocolErrorCode.InternalError, text);
}

/** `resources/read`: the one read tool of the URI's kind, through the call pipeline. */
export async function readResource(
  deps: ResourceDeps,
  uri: string,
  ctx: ServerContext,
  server: Server,
): Promise<ReadResourceResult> {
  const found = resolve(uri);
  if (!found) throw new ResourceNotFoundError(uri, `No Hostkit resource is named ${JSON.stringify(uri)}`);
  const { kind, vars, cursor } = found;
  const result = await deps.read(kind.tool, kind.args(vars, cursor), ctx, server);
  const r = result as { isError?: boolean; structuredContent?: Record<string, unknown> };
  if (r.isError || !r.structuredContent) readError(uri, result);
  return { contents: [{ uri, mimeType: kind.mimeType, text: kind.text(r.structuredContent, vars, uri) }] };
}
