import {
  type Command,
  commands,
  type DeploiAccount,
  getCommandByTool,
  type InputIssue,
  parseInput,
  type Risk,
  ValidationError,
} from '@hostkit/core';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { replyHeadline } from './result';
import { inputJsonSchema, type JsonSchema, outputJsonSchema } from './schemas';
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

/** Session commands the server runs itself: a model never logs in, out, or creates accounts. */
export const SESSION_COMMANDS: ReadonlySet<string> = new Set([
  'Login',
  'Logout',
  'Register',
  'ForgotPassword',
]);

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
      const structured = structuredReply(command, reply);
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

/** Every registry command except the session ones, as tools, in registry order. */
export function registryTools(): HostkitTool[] {
  return commands.filter((c) => !SESSION_COMMANDS.has(c.wire)).map(commandTool);
}

/** The `tools/list` entry of a tool: JSON Schemas computed once per tool and cached. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  annotations: ToolAnnotations;
}

const CONFIRMATION_ID_PROPERTY = {
  type: 'string',
  description: 'Only to confirm: the id a previous call returned, with exactly the same arguments.',
};

const listingCache = new Map<string, ToolListing>();

/** Whether a tool can ever ask for confirmation, so its schema offers `confirmationId`. */
export function mayConfirm(tool: HostkitTool): boolean {
  return tool.risk === 'destructive' || tool.billable;
}

/** The annotations of a tool, from its risk and idempotence. */
export function annotationsOf(tool: HostkitTool): ToolAnnotations {
  if (tool.risk === 'read') return { readOnlyHint: true, openWorldHint: tool.openWorld };
  return {
    readOnlyHint: false,
    destructiveHint: tool.risk === 'destructive',
    idempotentHint: tool.idempotent,
    openWorldHint: tool.openWorld,
  };
}

/** The listing of `tool`; with `confirm`, tools that may ask for confirmation accept `confirmationId`. */
export function listingOf(tool: HostkitTool, confirm: boolean): ToolListing {
  const key = `${tool.name}\0${confirm}`;
  const cached = listingCache.get(key);
  if (cached) return cached;
  let inputSchema = inputJsonSchema(tool.input);
  if (confirm && mayConfirm(tool)) {
    const properties = {
      ...(inputSchema.properties as JsonSchema),
      confirmationId: CONFIRMATION_ID_PROPERTY,
    };
    inputSchema = { ...inputSchema, properties };
  }
  const listing: ToolListing = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema,
    ...(tool.output ? { outputSchema: outputJsonSchema(tool.output) } : {}),
    annotations: annotationsOf(tool),
  };
  listingCache.set(key, listing);
  return listing;
}
