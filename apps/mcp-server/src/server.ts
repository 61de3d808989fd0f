import {
  type CallToolResult,
  isInputRequiredResult,
  type ListToolsResult,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { CONTEXT_CAPABILITIES, type ContextDeps, registerContextFeatures } from './context-features';
import type { ToolOffer } from './listing';
import type { LogHub } from './logging';
import type { CallTool, Result } from './pipeline';
import { VERSION } from './version';

/** What every server instance shares: one per process, whatever the transport and era. */
export interface ServerDeps {
  /** What is served: each connection's listing starts from it (listing.ts). */
  offer: ToolOffer;
  /** Where the server's log lines reach this connection (logging.ts). */
  logs: LogHub;
  /** Runs one call through the pipeline (loading the registry on first use). */
  call: CallTool;
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
export function createServer(deps: ServerDeps, era: 'legacy' | 'modern' = 'legacy'): Server {
  const server = new Server(
    { name: 'hostkit', title: 'Hostkit (Deploi and SeFlow hosting)', version: VERSION },
    {
      // listChanged: a connection's listing changes when it enables a toolset (listing.ts).
      capabilities: {
        tools: { listChanged: true },
        logging: {},
        ...(deps.context ? CONTEXT_CAPABILITIES : {}),
      },
      instructions: deps.instructions,
      requestState: { verify: deps.verifyRequestState },
    },
  );
  // This connection's listing (listing.ts) and log level (logging.ts). Tools discovery reaches stay
  // callable by name without costing every conversation their schemas.
  const tools = deps.offer.connect(era);
  const logs = deps.logs.attach(server, era);
  server.setRequestHandler('tools/list', () => {
    deps.onList?.();
    return { tools: tools.list() } satisfies ListToolsResult;
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const { name, arguments: args } = request.params;
    const listing = tools.find(name);
    // What McpServer answers for a tool it does not have.
    if (!listing) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    let result: Result;
    try {
      result = await deps.logs.inCall(logs, ctx, () =>
        deps.call(name, args, ctx, server, tools.toolsetSwitch),
      );
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      return { content: [{ type: 'text', text }], isError: true } satisfies CallToolResult;
    }
    // On the call's own stream, before its result: the client re-lists before the model reads on.
    if (tools.takeChange()) await ctx.mcpReq.notify({ method: 'notifications/tools/list_changed' });
    if (isInputRequiredResult(result)) return result;
    // The era's view of the result (the 2025-11-25 codec wraps a non-object structuredContent).
    return server.projectCallToolResult(result, listing.outputSchema);
  });
  if (deps.context) registerContextFeatures(server, deps.context);
  return server;
}
