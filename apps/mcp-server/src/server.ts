import {
  type CallToolResult,
  isInputRequiredResult,
  type ListToolsResult,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { ToolListing } from './catalog';
import { CONTEXT_CAPABILITIES, type ContextDeps, registerContextFeatures } from './context-features';
import type { Result } from './pipeline';
import { VERSION } from './version';

/** What every server instance shares: one per process, whatever the transport and era. */
export interface ServerDeps {
  /** The `tools/list` entries, with `confirmationId` where the policy offers it. */
  listed: readonly ToolListing[];
  /** Every tool a call may name: the listed ones, and in the default mode those discovery reaches. */
  callable: readonly ToolListing[];
  /** Runs one call through the pipeline (loading the registry on first use). Never throws. */
  call(name: string, args: unknown, ctx: ServerContext, server: Server): Promise<Result>;
  /** Told when a client lists the tools. */
  onList?: () => void;
  verifyRequestState: (state: string, ctx: ServerContext) => Promise<unknown>;
  instructions: string;
  /** Prompts, resources and completions; absent, the server offers tools only. */
  context?: ContextDeps;
}

/**
 * The server side of one connection (stdio) or one request (Streamable HTTP, where the SDK asks for a
 * fresh instance per request). The SDK's low-level `Server` with the two tool handlers, rather than
 * `McpServer` with a registration per tool: a registration costs about 60 µs, and a hundred of them per
 * HTTP request was most of what an HTTP call cost. Arguments are validated by the call pipeline (core's
 * parseInput, which names each bad field in an `isError` result), as they were behind `McpServer`.
 */
export function createServer(deps: ServerDeps): Server {
  const server = new Server(
    { name: 'hostkit', title: 'Hostkit (Deploi and SeFlow hosting)', version: VERSION },
    {
      capabilities: { tools: { listChanged: false }, ...(deps.context ? CONTEXT_CAPABILITIES : {}) },
      instructions: deps.instructions,
      requestState: { verify: deps.verifyRequestState },
    },
  );
  // The listings as computed at build time, and only the listed ones: tools discovery reaches stay
  // callable by name without costing every conversation their schemas. Every input schema is an object
  // schema (zod objects), which the SDK's type cannot know of a JsonSchema.
  const tools = deps.listed as unknown as ListToolsResult['tools'];
  const callable = new Map(deps.callable.map((l) => [l.name, l]));
  server.setRequestHandler('tools/list', () => {
    deps.onList?.();
    return { tools };
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name, arguments: args } = request.params;
    const listing = callable.get(name);
    // What McpServer answers for a tool it does not have.
    if (!listing) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    let result: Result;
    try {
      result = await deps.call(name, args, ctx, server);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      return { content: [{ type: 'text', text }], isError: true } satisfies CallToolResult;
    }
    if (isInputRequiredResult(result)) return result;
    // The era's view of the result (the 2025-11-25 codec wraps a non-object structuredContent).
    return server.projectCallToolResult(result, listing.outputSchema);
  });
  if (deps.context) registerContextFeatures(server, deps.context);
  return server;
}
