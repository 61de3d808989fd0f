import { ApiError, HostkitError } from '@hostkit/core';
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { AuditLog, Confirmation } from './audit';
import { mayConfirm } from './catalog';
import type { ConfirmPolicy } from './config';
import { bindingOf, type Confirmer } from './confirm';
import type { Logger } from './log';
import { errorResult, okResult, outcomeOf } from './result';
import type { Backend, HostkitTool, ToolContext } from './tools';

// The call pipeline: validate → plan → confirm → call → audit → answer. Loaded with the registry on the
// first tool call (see runtime.ts), not at start-up.

/** What every call shares: one per process, whatever the transport and era. */
export interface PipelineDeps {
  backend: Backend;
  audit: AuditLog;
  confirmer: Confirmer;
  policy: ConfirmPolicy;
  logger: Logger;
}

/** What a tool call answers: a result, or (2026-07-28) a request for the user's input. */
export type Result = CallToolResult | InputRequiredResult;

function canElicit(ctx: ServerContext, server: Server): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const caps =
    (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ??
    // Deprecated accessor, but the only view of the capabilities a 2025-11-25 client declared at initialize.
    server.getClientCapabilities();
  const elicitation = caps?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation) return false;
  // An empty elicitation capability means form mode (the pre-mode rule); a url-only client cannot confirm in a form.
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

function toolContext(deps: PipelineDeps, ctx: ServerContext): ToolContext {
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
  deps: PipelineDeps,
  tool: HostkitTool,
  raw: unknown,
  ctx: ServerContext,
  server: Server,
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
          canElicit: canElicit(ctx, server),
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
