import {
  type Command,
  commands,
  type DeploiAccount,
  getCommandByTool,
  type InputIssue,
  parseInput,
  type Risk,
  redactValue,
  ValidationError,
} from '@hostkit/core';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { mayConfirm, offersConfirmationId, type ToolListing, withConfirmationId } from './catalog';
import { replyHeadline } from './result';
import { inputJsonSchema, outputJsonSchema } from './schemas';
import { summarize } from './summaries';

/** What tools reach the APIs through: the configured accounts or the embedded sandbox. */
export interface Backend {
  /** Validates, sends and parses one registry command; throws a HostkitError. */
  call(command: Command, input: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
  /** The Deploi clients (customer accounts) the login can act for. */
  clients(signal?: AbortSignal): Promise<readonly DeploiAccount[]>;
  /** Which providers have credentials. */
  readonly providers: { deploi: boolean; seflow: boolean };
}

/** What a tool gets while it runs. */
export interface ToolContext {
  backend: Backend;
  signal: AbortSignal;
  /** Sends a progress notification when the client asked for them. */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
}

/** What a tool returns: structured content and a headline; the API message fields for the audit log. */
export interface ToolRun {
  structured: Record<string, unknown>;
  headline: string;
  messageId?: number | undefined;
  message?: string | undefined;
  /** Wire commands a composite tool sent, for the audit log. */
  sent?: readonly string[] | undefined;
}

type Input = Record<string, unknown>;

/** One MCP tool: a registry command, a composite, or a discovery meta-tool. */
export interface HostkitTool {
  name: string;
  title: string;
  description: string;
  /** The toolset it belongs to. */
  group: string;
  risk: Risk;
  billable: boolean;
  idempotent: boolean;
  /** False for tools that never leave this process (discovery). */
  openWorld: boolean;
  input: z.ZodType;
  /** Absent when the reply is only the API's success envelope, or free-form. */
  output?: z.ZodType | undefined;
  secrets: readonly string[];
  command?: Command | undefined;
  parse(raw: unknown): Input;
  /** Reads done before confirmation; the plan joins the summary and what a confirmation is bound to. */
  plan?(input: Input, ctx: ToolContext): Promise<unknown>;
  /** Whether this call needs a human's go-ahead (destructive or billable; a composite may decide per plan). */
  needsConfirmation(input: Input, plan: unknown): boolean;
  summary(input: Input, plan: unknown): string;
  run(input: Input, plan: unknown, ctx: ToolContext): Promise<ToolRun>;
}

/**
 * Commands whose reply holds a secret the model has no use for: Login's session token, which core's
 * DeploiClient adopts as the server's session. Their results are redacted like their inputs.
 */
const SECRET_REPLIES: ReadonlySet<string> = new Set(['Login']);

/** The registry command of a tool name; composite tools are built on these. */
export function commandNamed(tool: string): Command {
  const command = getCommandByTool(tool);
  if (!command) throw new Error(`The Hostkit registry has no ${tool}.`);
  return command;
}

/** Parses `raw` with a zod schema, raising the same {@link ValidationError} core's parseInput raises. */
export function parseWith(tool: string, schema: z.ZodType, raw: unknown): Input {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data as Input;
  const issues: InputIssue[] = result.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message:
      i.code === 'unrecognized_keys'
        ? `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}; remove them`
        : i.message,
  }));
  throw new ValidationError(tool, issues);
}

function isEnvelopeOnly(output: z.ZodType): boolean {
  const shape = (output as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) return false;
  return Object.keys(shape).every((k) =>
    ['success', 'message', 'messageId', 'status', 'statusmsg'].includes(k),
  );
}

/** A reply as structured content that matches the advertised output schema, even when the reply drifted. */
export function structuredReply(command: Command, reply: unknown): Record<string, unknown> {
  const parsed = command.output.safeParse(reply);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  // The client returned the reply as sent because it drifted: keep only the envelope typed, and the rest
  // under a key no schema declares, so clients validating against the output schema still accept it.
  const raw = (reply ?? {}) as Record<string, unknown>;
  const envelope = Object.fromEntries(
    Object.entries(raw).filter(
      ([k, v]) =>
        (k === 'success' && typeof v === 'boolean') ||
        (['message', 'statusmsg'].includes(k) && typeof v === 'string') ||
        (k === 'status' && (v === 'success' || v === 'error')),
    ),
  );
  return { success: true, ...envelope, unparsedReply: raw };
}

function messageFields(reply: Record<string, unknown>): { messageId?: number; message?: string } {
  const id = Number(reply.messageId);
  const message = [reply.message, reply.statusmsg].find((m) => typeof m === 'string' && m !== '') as
    | string
    | undefined;
  return {
    ...(reply.messageId !== undefined && !Number.isNaN(id) ? { messageId: id } : {}),
    ...(message === undefined ? {} : { message }),
  };
}

/** The MCP tool of one registry command: no per-command code. */
export function commandTool(command: Command): HostkitTool {
  const subject = { ...command, name: command.tool };
  return {
    name: command.tool,
    title: command.title,
    description: command.description,
    group: command.group,
    risk: command.risk,
    billable: command.billable,
    idempotent: command.idempotent,
    openWorld: true,
    input: command.input,
    output: isEnvelopeOnly(command.output) ? undefined : command.output,
    secrets: command.secrets ?? [],
    command,
    parse: (raw) => parseInput(command, raw) as Input,
    needsConfirmation: () => command.risk === 'destructive' || command.billable,
    summary: (input) => summarize(subject, input),
    async run(input, _plan, ctx) {
      const reply = await ctx.backend.call(command, input, ctx.signal);
      const parsed = structuredReply(command, reply);
      const structured = SECRET_REPLIES.has(command.wire)
        ? (redactValue(parsed, command.secrets ?? []) as Record<string, unknown>)
        : parsed;
      const drift =
        'unparsedReply' in structured
          ? ' (the reply did not match its documented shape: see unparsedReply)'
          : '';
      return {
        structured,
        headline: `${replyHeadline(command.title, structured)}${drift}`,
        ...messageFields(structured),
      };
    },
  };
}

/**
 * Every registry command as a tool, in registry order. Login and Logout act on the server's own session:
 * Login's token becomes it, and after Logout the next call logs in again with the configured credentials.
 */
export function registryTools(): HostkitTool[] {
  return commands.map(commandTool);
}

// Where they were before catalog.ts: tests import them from here.
export { mayConfirm, type ToolListing };

const listingCache = new Map<string, ToolListing>();

/**
 * The annotations of a tool, from its risk and idempotence: only the hints that differ from the MCP
 * defaults (`readOnlyHint: false`, `destructiveHint: true`, `idempotentHint: false`, `openWorldHint:
 * true`), which clients apply to whatever is left out. A destructive, non-idempotent tool has none.
 */
export function annotationsOf(tool: HostkitTool): ToolAnnotations {
  const hints: ToolAnnotations = {};
  if (tool.risk === 'read') hints.readOnlyHint = true;
  // The other two hints only mean something for a tool that changes things.
  else {
    if (tool.risk !== 'destructive') hints.destructiveHint = false;
    if (tool.idempotent) hints.idempotentHint = true;
  }
  if (!tool.openWorld) hints.openWorldHint = false;
  return hints;
}

/**
 * The listing of `tool`, its JSON Schemas computed once and cached; with `confirm`, tools that may ask
 * for confirmation accept `confirmationId`. The bundle carries these precomputed (see catalog.ts).
 */
export function listingOf(tool: HostkitTool, confirm: boolean): ToolListing {
  const key = `${tool.name}\0${confirm}`;
  const cached = listingCache.get(key);
  if (cached) return cached;
  const annotations = annotationsOf(tool);
  const plain: ToolListing = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool.input),
    ...(tool.output ? { outputSchema: outputJsonSchema(tool.output) } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  const listing = confirm && offersConfirmationId(tool) ? withConfirmationId(plain) : plain;
  listingCache.set(key, listing);
  return listing;
}
