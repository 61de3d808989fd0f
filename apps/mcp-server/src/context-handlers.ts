import type { CompleteRequest, Server, ServerContext } from '@modelcontextprotocol/server';
import { complete as completeFrom } from './completions';
import type { ContextDeps } from './context-features';
import { LiveLists } from './live-lists';
import { listPrompts as list, getPrompt as render } from './prompts/handlers';
import { listResources as listAll, type ResourceDeps, readResource as readOne } from './resources/handlers';

// The prompt, resource and completion handlers, loaded on the first such request (context-features.ts).

export { listTemplates } from './resources/handlers';

/** One set of live lists (and so one cache) per process's deps, whatever the server instance. */
const lists = new WeakMap<ContextDeps, LiveLists>();

function resourceDeps(deps: ContextDeps): ResourceDeps {
  let l = lists.get(deps);
  if (!l) {
    l = new LiveLists(deps.read);
    lists.set(deps, l);
  }
  return { read: deps.read, lists: l, providers: deps.providers };
}

export const listPrompts = (deps: ContextDeps) => list(deps.prompts);

export const getPrompt = (
  deps: ContextDeps,
  name: string,
  args: Readonly<Record<string, string>> | undefined,
) => render(deps.prompts, name, args);

export const listResources = (
  deps: ContextDeps,
  cursor: string | undefined,
  ctx: ServerContext,
  server: Server,
) => listAll(resourceDeps(deps), cursor, ctx, server);

export const readResource = (deps: ContextDeps, uri: string, ctx: ServerContext, server: Server) =>
  readOne(resourceDeps(deps), uri, ctx, server);

export const complete = (
  deps: ContextDeps,
  params: CompleteRequest['params'],
  ctx: ServerContext,
  server: Server,
) => completeFrom(deps.prompts, resourceDeps(deps).lists, params, ctx, server);
