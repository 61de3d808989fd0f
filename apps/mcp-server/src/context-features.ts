import type { Server } from '@modelcontextprotocol/server';
import type { ReadTool } from './live-lists';
import type { PromptScope } from './prompts/handlers';

// Prompts, resources and completions: what clients show people (slash commands, attachable context,
// ids filled in as they type) beside the tools. Registered on each server instance by server.ts. The
// handlers load on their first request (context-handlers.ts, with core's text helpers), so start-up
// stays the handshake and the catalog.

/** The capabilities these handlers serve (no subscriptions: resources are read when attached). */
export const CONTEXT_CAPABILITIES = {
  prompts: { listChanged: false },
  resources: { listChanged: false, subscribe: false },
  completions: {},
} as const;

/** What the handlers share across server instances (one per process). */
export interface ContextDeps {
  prompts: PromptScope;
  providers: { deploi: boolean; seflow: boolean };
  /** Runs a read tool through the call pipeline; resources and completions read nothing else. */
  read: ReadTool;
}

const handlers = () => import('./context-handlers');

/** Registers prompts/*, resources/* and completion/complete on one server instance. */
export function registerContextFeatures(server: Server, deps: ContextDeps): void {
  server.setRequestHandler('prompts/list', async () => (await handlers()).listPrompts(deps));
  server.setRequestHandler('prompts/get', async (request) =>
    (await handlers()).getPrompt(deps, request.params.name, request.params.arguments),
  );
  server.setRequestHandler('resources/templates/list', async () => (await handlers()).listTemplates());
  server.setRequestHandler('resources/list', async (request, ctx) =>
    (await handlers()).listResources(deps, request.params?.cursor, ctx, server),
  );
  server.setRequestHandler('resources/read', async (request, ctx) =>
    (await handlers()).readResource(deps, request.params.uri, ctx, server),
  );
  server.setRequestHandler('completion/complete', async (request, ctx) =>
    (await handlers()).complete(deps, request.params, ctx, server),
  );
}
