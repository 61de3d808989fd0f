import { ApiError, HostkitError } from '@hostkit/core';
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  McpServer,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import type { AuditLog, Confirmation } from './audit';
import type { ConfirmPolicy } from './config';
import { bindingOf, type Confirmer } from './confirm';
import { CALL_TOOL, callTarget } from './discovery';
import type { Logger } from './log';
import { errorResult, okResult, outcomeOf } from './result';
import type { JsonSchema } from './schemas';
import { type Backend, type HostkitTool, listingOf, mayConfirm, type ToolContext } from './tools';
import { VERSION } from './version';

/** What every server instance shares: one per process, whatever the transport and era. */
export interface ServerDeps {
  backend: Backend;
  audit: AuditLog;
  confirmer: Confirmer;
  policy: ConfirmPolicy;
  /** Tools in `tools/list`. */
  listed: readonly HostkitTool[];
  /** Tools the discovery meta-tools may reach. */
  scope: ReadonlyMap<string, HostkitTool>;
  verifyRequestState: (state: string, ctx: ServerContext) => Promise<unknown>;
  instructions: string;
  logger: Logger;
}

type Result = CallToolResult | InputRequiredResult;

/**
 * The JSON Schema the SDK advertises, computed once per tool, with validation left to the tool: core's
 * parseInput names each bad field in an `isError` result instead of the SDK's protocol error.
 */
function advertised(json: JsonSchema): StandardSchemaWithJSON {
  return {
    '~standard': {
      version: 1,
      vendor: 'hostkit',
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: () => json, output: () => json },
    },
  };
}

function canElicit(ctx: ServerContext, mcp: McpServer): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const caps =
    (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ??
    // Deprecated accessor, but the only view of the capabilities a 2025-11-25 client declared at initialize.
    mcp.server.getClientCapabilities();
  const elicitation = caps?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  // An empty elicitation capability means form mode (the pre-mode rule); a url-only client cannot confirm in a form.
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

function toolContext(deps: ServerDeps, ctx: ServerContext): ToolContext {
  const token = ctx.mcpReq._meta?.progressToken;
  return {
    backend: deps.backend,
    signal: ctx.mcpReq.signal,
    async progress(progress, total, message) {
      if (token === undefined) return;
      try {
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken: token, progress, ...(total === undefined ? {} : { total }), message },
        });
      } catch {
        // A client that went away does not fail the call.
      }
    },
  };
}

function takeConfirmationId(args: unknown): { rest: unknown; id: string | undefined; bad: boolean } {
  if (args === null || typeof args !== 'object' || Array.isArray(args) || !('confirmationId' in args)) {
    return { rest: args, id: undefined, bad: false };
  }
  const { confirmationId, ...rest } = args as Record<string, unknown>;
  return {
    rest,
    id: typeof confirmationId === 'string' ? confirmationId : undefined,
    bad: typeof confirmationId !== 'string',
  };
}

/** Runs one tool call: validate, plan, confirm, call, audit, answer. Never throws. */
export async function invoke(
  deps: ServerDeps,
  tool: HostkitTool,
  raw: unknown,
  ctx: ServerContext,
  mcp: McpServer,
): Promise<Result> {
  const confirming = deps.policy === 'confirm' && mayConfirm(tool);
  const {
    rest,
    id: confirmationId,
    bad,
  } = confirming ? takeConfirmationId(raw) : { rest: raw, id: undefined, bad: false };
  if (bad)
    return errorResult(
      new HostkitError(
        'invalid_input',
        `Invalid input for ${tool.name}: confirmationId: must be the string a previous call returned. Nothing was sent.`,
      ),
    );
  let input: Record<string, unknown>;
  try {
    input = tool.parse(rest);
  } catch (e) {
    return errorResult(e);
  }
  const tctx = toolContext(deps, ctx);
  const mutating = tool.risk !== 'read';
  const audit = (confirmation: Confirmation, fields: Record<string, unknown>) =>
    mutating
      ? deps.audit.write({
          tool: tool.name,
          arguments: input,
          secrets: tool.secrets,
          confirmation,
          ...fields,
        } as Parameters<AuditLog['write']>[0])
      : undefined;
  let plan: unknown;
  let how: Confirmation = 'not-required';
  try {
    plan = tool.plan ? await tool.plan(input, tctx) : undefined;
    if (tool.needsConfirmation(input, plan)) {
      const decision = await deps.confirmer.decide(
        {
          tool: tool.name,
          binding: bindingOf(tool.name, input, plan),
          summary: tool.summary(input, plan),
          confirmationId,
          canElicit: canElicit(ctx, mcp),
        },
        ctx,
      );
      if (!decision.proceed) {
        if (decision.declined) await audit(decision.declined, { outcome: 'not-sent' });
        return decision.result;
      }
      how = decision.how;
    } else if (deps.policy === 'none' && mayConfirm(tool)) {
      how = 'no-confirm';
    }
  } catch (e) {
    return errorResult(e);
  }
  try {
    const run = await tool.run(input, plan, tctx);
    await audit(how, { outcome: 'ok', messageId: run.messageId, message: run.message, sent: run.sent });
    return okResult(run.structured, run.headline);
  } catch (e) {
    const fields = {
      outcome: outcomeOf(e),
      error: e instanceof HostkitError ? e.code : 'internal',
      message: e instanceof Error ? e.message : String(e),
      messageId: e instanceof ApiError ? e.messageId : undefined,
    };
    await audit(how, fields);
    if (!(e instanceof HostkitError)) deps.logger.error(`${tool.name} failed: ${fields.message}`);
    return errorResult(e);
  }
}

/** A fresh MCP server instance with the listed tools registered; the SDK calls this per connection or request. */
export function createServer(deps: ServerDeps): McpServer {
  const mcp = new McpServer(
    { name: 'hostkit', title: 'Hostkit (Deploi and SeFlow hosting)', version: VERSION },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: deps.instructions,
      requestState: { verify: deps.verifyRequestState },
    },
  );
  for (const tool of deps.listed) {
    const listing = listingOf(tool, deps.policy === 'confirm');
    mcp.registerTool(
      tool.name,
      {
        title: listing.title,
        description: listing.description,
        inputSchema: advertised(listing.inputSchema),
        ...(listing.outputSchema ? { outputSchema: advertised(listing.outputSchema) } : {}),
        annotations: listing.annotations,
      },
      async (args: unknown, ctx: ServerContext) => {
        if (tool.name !== CALL_TOOL) return invoke(deps, tool, args, ctx, mcp);
        let target: ReturnType<typeof callTarget>;
        try {
          target = callTarget(deps.scope, tool.parse(args));
        } catch (e) {
          return errorResult(e);
        }
        return invoke(deps, target.tool, target.args, ctx, mcp);
      },
    );
  }
  return mcp;
}
