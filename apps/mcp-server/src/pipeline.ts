import { randomUUID } from 'node:crypto';
import {
  ApiError,
  collectSecrets,
  HostkitError,
  redactText,
  redactValue,
  renderResult,
  textRedactor,
} from '@hostkit/core';
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  isInputRequiredResult,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { AuditLog, AuditRecord, Confirmation } from './audit';
import type { ToolsetSwitch } from './catalog';
import type { ConfirmPolicy } from './config';
import { bindingOf, type Confirmer } from './confirm';
import type { Journal } from './journal';
import type { Logger } from './log';
import { errorResult, okResult, outcomeOf } from './result';
import { type Backend, type HostkitTool, redactKnown, type ToolContext } from './tools';

// The call pipeline: validate → plan → confirm → audit the intent → call → audit the outcome → answer.
// Loaded with the registry on the first tool call (see runtime.ts), not at start-up.

/** What every call shares: one per process, whatever the transport and era. */
export interface PipelineDeps {
  backend: Backend;
  audit: AuditLog;
  /** The undo journal; absent under --read-only or when it could not be opened. */
  journal?: Journal | undefined;
  confirmer: Confirmer;
  policy: ConfirmPolicy;
  logger: Logger;
}

/** What a tool call answers: a result, or (2026-07-28) a request for the user's input. */
export type Result = CallToolResult | InputRequiredResult;

/**
 * Runs one call, by tool name, for a connection with these toolsets (undefined where it keeps none):
 * what the runtime offers and the server calls. Never throws.
 */
export type CallTool = (
  name: string,
  args: unknown,
  ctx: ServerContext,
  server: Server,
  toolsets: ToolsetSwitch | undefined,
) => Promise<Result>;

function capabilitiesOf(ctx: ServerContext, server: Server): ClientCapabilities | undefined {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  return (
    (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ??
    // Deprecated accessor (SDK 2.4), but the only view of what a 2025-11-25 client declared at initialize.
    server.getClientCapabilities()
  );
}

function toolContext(
  deps: PipelineDeps,
  ctx: ServerContext,
  toolsets: ToolsetSwitch | undefined,
): ToolContext {
  const token = ctx.mcpReq._meta?.progressToken;
  return {
    backend: deps.backend,
    journal: deps.journal,
    toolsets,
    confirming: deps.policy === 'confirm',
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

const NOT_AUDITED =
  'Not done; nothing was sent: the audit log could not be written, and Hostkit never changes anything it cannot record. Free disk space or fix the permissions of the audit log (HOSTKIT_AUDIT_LOG), then try again.';

/**
 * The arguments of a call as a log line may show them: secret-named fields replaced, and every secret
 * value known to the process or in the input cut out of what remains.
 */
function argumentsText(deps: PipelineDeps, tool: HostkitTool, input: Record<string, unknown>): string {
  const known = [...deps.backend.secrets(), ...collectSecrets(input, tool.secrets)];
  return redactText(JSON.stringify(redactValue(input, tool.secrets)), known);
}

/** What a result says of its outcome, for the log: ok, or the start of its error text. */
function outcomeText(result: Result): string {
  const call = result as CallToolResult;
  if (!call.isError) return 'ok';
  const first = call.content?.[0];
  const text = first && first.type === 'text' ? first.text.split('\n')[0] : '';
  return `error: ${text}`;
}

/**
 * Runs one tool call: validate, plan, confirm, call, audit, answer, each step told to the MCP log (the
 * call's connection: logging.ts). Never throws.
 */
export async function invoke(
  deps: PipelineDeps,
  tool: HostkitTool,
  raw: unknown,
  ctx: ServerContext,
  server: Server,
  toolsets?: ToolsetSwitch,
): Promise<Result> {
  deps.logger.log('info', 'hostkit.call', `${tool.name}: called`);
  const result = await invokeLogged(deps, tool, raw, ctx, server, toolsets);
  deps.logger.log(
    'info',
    'hostkit.call',
    isInputRequiredResult(result)
      ? `${tool.name}: waiting for the user's answer`
      : `${tool.name}: finished, ${outcomeText(result)}`,
  );
  return result;
}

async function invokeLogged(
  deps: PipelineDeps,
  tool: HostkitTool,
  raw: unknown,
  ctx: ServerContext,
  server: Server,
  toolsets: ToolsetSwitch | undefined,
): Promise<Result> {
  let input: Record<string, unknown>;
  try {
    input = tool.parse(raw);
  } catch (e) {
    return errorResult(e);
  }
  deps.logger.log(
    'debug',
    'hostkit.call',
    () => `${tool.name}: arguments ${argumentsText(deps, tool, input)}`,
  );
  const tctx = toolContext(deps, ctx, toolsets);
  const mutating = tool.risk !== 'read';
  const call = randomUUID();
  let plan: unknown;
  let how: Confirmation = 'not-required';
  let asked = false;
  try {
    plan = tool.plan ? await tool.plan(input, tctx) : undefined;
    asked = tool.needsConfirmation(input, plan);
  } catch (e) {
    return errorResult(e);
  }
  // Reads that need a yes (a kubeconfig) are recorded like changes: who allowed what.
  const audited = mutating || asked;
  const audit = (phase: AuditRecord['phase'], confirmation: Confirmation, fields: Partial<AuditRecord>) =>
    deps.audit.write({
      phase,
      call,
      tool: tool.name,
      arguments: input,
      secrets: tool.secrets,
      confirmation,
      outcome: 'pending',
      ...fields,
    });
  if (asked) {
    let decision: Awaited<ReturnType<Confirmer['decide']>>;
    deps.logger.log('notice', 'hostkit.confirm', `${tool.name}: needs the user's confirmation`);
    try {
      decision = await deps.confirmer.decide(
        {
          tool: tool.name,
          title: tool.title,
          binding: bindingOf(tool.name, input, plan),
          summary: tool.summary(input, plan),
          capabilities: capabilitiesOf(ctx, server),
          progress: (progress, message) => tctx.progress(progress, undefined, message),
        },
        ctx,
      );
    } catch (e) {
      return errorResult(e);
    }
    deps.logger.log(
      'notice',
      'hostkit.confirm',
      decision.proceed
        ? `${tool.name}: confirmed (${decision.how})`
        : decision.declined
          ? `${tool.name}: not confirmed (${decision.declined}); nothing was sent`
          : `${tool.name}: not confirmed yet; nothing was sent`,
    );
    if (!decision.proceed) {
      if (decision.declined) {
        await audit('outcome', decision.declined, { outcome: 'not-sent' }).catch(() => undefined);
      }
      return decision.result;
    }
    how = decision.how;
  }
  if (audited) {
    try {
      await audit('intent', how, {});
    } catch {
      return { content: [{ type: 'text', text: NOT_AUDITED }], isError: true };
    }
  }
  try {
    const run = await tool.run(input, plan, tctx);
    if (audited) {
      await audit('outcome', how, {
        outcome: run.isError ? 'error' : 'ok',
        messageId: run.messageId,
        message: run.message,
        sent: run.sent,
      }).catch(() => deps.logger.error(`${tool.name} ran, but its outcome could not be audited`));
    }
    // Every secret the process knows, and the call's own, cut out of what the model reads: registry
    // tools redact their replies, and this catches what a workflow shows of the replies it read.
    const known = [...deps.backend.secrets(), ...collectSecrets(input, tool.secrets)];
    const structured = redactKnown(run.structured, known) as typeof run.structured;
    const redact = textRedactor(known);
    const headline = redact(run.headline);
    let text = run.text === undefined ? undefined : redact(run.text);
    if (run.journal?.length) {
      const kept = await (deps.journal?.record(call, tool.name, run.journal) ?? Promise.reject()).then(
        () => true,
        () => false,
      );
      if (!kept) {
        deps.logger.error(`${tool.name} ran, but the undo journal could not record it`);
        text = `${text ?? [headline, ...renderResult(structured)].join('\n')}\nThis change could not be recorded in the undo journal: hostkit_undo cannot revert it.`;
      }
    }
    const result = okResult(structured, headline, text, run.images);
    return run.isError ? { ...result, isError: true } : result;
  } catch (e) {
    const fields = {
      outcome: outcomeOf(e),
      error: e instanceof HostkitError ? e.code : 'internal',
      message: e instanceof Error ? e.message : String(e),
      messageId: e instanceof ApiError ? e.messageId : undefined,
    };
    if (audited) await audit('outcome', how, fields).catch(() => undefined);
    if (!(e instanceof HostkitError)) deps.logger.error(`${tool.name} failed: ${fields.message}`);
    return errorResult(e);
  }
}
