import type { CompleteRequest, CompleteResult, Server, ServerContext } from '@modelcontextprotocol/server';
import type { LiveLists, LiveRow } from './live-lists';
import type { CompletionSource } from './prompts/definitions';
import { offeredPrompts, type PromptScope } from './prompts/handlers';
import { kindOfTemplate, type VariableSource } from './resources/kinds';

// `completion/complete` for prompt arguments and resource template variables: live names and ids from
// the account (through the cached lists), filtered by what has been typed.

/** The most values one completion carries (the spec's cap). */
export const MAX_COMPLETIONS = 100;

type Source = CompletionSource | VariableSource;

const str = (v: unknown) => String(v ?? '');

/** The client the other arguments name (a prompt's `client`, a template's `{client}`), if any. */
function clientOf(context: Record<string, string> | undefined): number | undefined {
  const c = context?.client;
  return c && /^[1-9]\d{0,11}$/.test(c) ? Number(c) : undefined;
}

/** Candidate values, in the account's order, before filtering. */
async function candidates(
  source: Source,
  typed: string,
  client: number | undefined,
  lists: LiveLists,
  ctx: ServerContext,
  server: Server,
): Promise<string[]> {
  if (source === 'client') return (await lists.clients(ctx, server)).map((c) => str(c.id));
  const ids = await lists.clientIds(client, ctx, server);
  const rows = async (list: Parameters<LiveLists['rows']>[0]): Promise<LiveRow[]> =>
    (await Promise.all(ids.map((id) => lists.rows(list, id, ctx, server)))).flat();
  switch (source) {
    case 'server':
      return (await rows('servers')).map((s) => str(s.id));
    case 'invoice':
      return (await rows('invoices')).map((i) => str(i.id));
    case 'domain':
      return (await rows('domains')).map((d) => str(d.name));
    case 'month':
      return [...new Set((await rows('invoices')).map((i) => str(i.period)).filter(Boolean))]
        .sort()
        .reverse();
    case 'target': {
      const [servers, domains] = await Promise.all([rows('servers'), rows('domains')]);
      return [...servers.map((s) => str(s.name)), ...domains.map((d) => str(d.name))];
    }
    case 'host': {
      // A host is a domain or a name in it: "www.nor" offers "www.nordlys.example".
      const domains = (await rows('domains')).map((d) => str(d.name));
      const dot = typed.indexOf('.');
      const label = dot > 0 ? typed.slice(0, dot + 1) : '';
      return [...domains, ...(label ? domains.map((d) => label + d) : [])];
    }
    case 'firewall': {
      // A prompt takes a name or an id.
      const firewalls = await rows('firewalls');
      return [...firewalls.map((f) => str(f.name)), ...firewalls.map((f) => str(f.id))];
    }
    case 'firewall-id':
      return (await rows('firewalls')).map((f) => str(f.id));
  }
}

/** The source of the argument a completion request names; undefined for one that has none. */
function sourceOf(scope: PromptScope, request: CompleteRequest['params']): Source | undefined {
  const { ref, argument } = request;
  if (ref.type === 'ref/prompt') {
    return offeredPrompts(scope)
      .find((p) => p.name === ref.name)
      ?.arguments.find((a) => a.name === argument.name)?.complete;
  }
  return kindOfTemplate(ref.uri)?.complete[argument.name];
}

/** `completion/complete`: live values starting with what was typed (any case), at most {@link MAX_COMPLETIONS}. */
export async function complete(
  scope: PromptScope,
  lists: LiveLists,
  request: CompleteRequest['params'],
  ctx: ServerContext,
  server: Server,
): Promise<CompleteResult> {
  const none = { completion: { values: [], total: 0, hasMore: false } };
  const source = sourceOf(scope, request);
  if (!source) return none;
  const typed = request.argument.value;
  const client = clientOf(request.context?.arguments);
  let values: string[];
  try {
    values = await candidates(source, typed, client, lists, ctx, server);
  } catch {
    // A provider not configured, or a read that failed: nothing to offer, and typing goes on.
    return none;
  }
  const prefix = typed.toLowerCase();
  const matching = [...new Set(values.filter(Boolean).filter((v) => v.toLowerCase().startsWith(prefix)))];
  return {
    completion: {
      values: matching.slice(0, MAX_COMPLETIONS),
      total: matching.length,
      hasMore: matching.length > MAX_COMPLETIONS,
    },
  };
}
