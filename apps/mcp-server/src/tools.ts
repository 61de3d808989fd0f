import {
  ApiError,
  type CallResult,
  type Command,
  type CommandByTool,
  type CommandInput,
  type CommandOutput,
  collectSecrets,
  commands,
  type DeploiAccount,
  ENVELOPE_KEYS,
  getCommandByTool,
  inputIssues,
  lookupNames,
  mayNeedConfirmation,
  namesFrom,
  needsConfirmation,
  outputOf,
  parseInput,
  quote,
  type ReadRow,
  type Risk,
  redactValue,
  renderResult,
  shapeReply,
  summaryOf,
  type ToolName,
  textRedactor,
  token,
  ValidationError,
} from '@hostkit/core';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { ToolListing, ToolsetSwitch } from './catalog';
import type { Journal, JournalStep } from './journal';
import { commandInput, listResult, listText, messageOf, resultJsonSchema, splitQuery } from './results';
import { inputJsonSchema, type JsonSchema, outputJsonSchema } from './schemas';
import { readBefore, undoStep } from './undo-step';

/** What tools reach the APIs through: the configured accounts or the embedded sandbox. */
export interface Backend {
  /**
   * Validates, sends and reads one registry command: its typed output, or the drift of a reply off its
   * schema (see core's CallResult); throws a HostkitError.
   */
  call<C extends Command>(
    command: C,
    input: CommandInput<C>,
    signal?: AbortSignal,
  ): Promise<CallResult<CommandOutput<C>>>;
  /** The Deploi clients (customer accounts) the login can act for. */
  clients(signal?: AbortSignal): Promise<readonly DeploiAccount[]>;
  /** The client `clientid` defaults to: the configured one, else the login's first; undefined if none. */
  defaultClientId(signal?: AbortSignal): Promise<number | undefined>;
  /** Which providers have credentials. */
  readonly providers: { deploi: boolean; seflow: boolean };
  /** Secret values known to this process (credentials, tokens): redacted from every result. */
  secrets(): readonly string[];
  /** A PNG a SeFlow reply links to (its bandwidth graphs), fetched only from SeFlow's own domain. */
  seflowImage(url: string, signal?: AbortSignal): Promise<Uint8Array>;
}

/** What a tool gets while it runs. */
export interface ToolContext {
  backend: Backend;
  signal: AbortSignal;
  /** Whether calls that need a yes will ask a person (false under --no-confirm): plans skip what only asking needs. */
  confirming: boolean;
  /** Sends a progress notification when the client asked for them. */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  /** The undo journal (absent under --read-only, where nothing changes). */
  journal?: Journal | undefined;
  /** The calling connection's toolsets (absent where a connection keeps no state: 2026-07-28). */
  toolsets?: ToolsetSwitch | undefined;
}

/**
 * What a tool returns: structured content and a headline (the text is the headline and a compact
 * rendering of the content, unless `text` gives it whole); the API message fields for the audit log.
 */
export interface ToolRun {
  structured: Record<string, unknown>;
  headline: string;
  text?: string | undefined;
  messageId?: number | undefined;
  message?: string | undefined;
  /** Wire commands a composite tool sent, for the audit log. */
  sent?: readonly string[] | undefined;
  /** What was applied, for the undo journal: each call with its inverse or why it has none. */
  journal?: readonly JournalStep[] | undefined;
  /** A composite that stopped part-way: the result says what was applied and what was not. */
  isError?: boolean | undefined;
  /** Images to show beside the text (base64 PNG), for clients that display them. */
  images?: readonly { data: string; mimeType: 'image/png' }[] | undefined;
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
  /** The advertised output schema when it is not `output`'s own (a registry reply, shaped and paged). */
  resultSchema?: JsonSchema | undefined;
  secrets: readonly string[];
  command?: Command | undefined;
  parse(raw: unknown): Input;
  /** Reads done before confirmation; the plan joins the summary and what a confirmation is bound to. */
  plan?(input: Input, ctx: ToolContext): Promise<unknown>;
  /** Whether some call of it may need a human's yes (listings, describe). */
  asks: boolean;
  /** Whether this call needs a human's yes (destructive, billable, or risky for these arguments). */
  needsConfirmation(input: Input, plan: unknown): boolean;
  summary(input: Input, plan: unknown): string;
  run(input: Input, plan: unknown, ctx: ToolContext): Promise<ToolRun>;
}

/** What every composite that only reads shares: nothing to confirm, no secret in its input. */
export const READ_ONLY = {
  risk: 'read',
  billable: false,
  idempotent: true,
  openWorld: true,
  secrets: [],
  asks: false,
  needsConfirmation: () => false,
  summary: () => '',
} as const satisfies Partial<HostkitTool>;

/** What a composite shares that changes things and always shows a person its plan first. */
export const ALWAYS_ASKS = {
  group: 'hostkit',
  risk: 'destructive',
  billable: false,
  idempotent: false,
  openWorld: true,
  secrets: [],
  asks: true,
  needsConfirmation: () => true,
} as const satisfies Partial<HostkitTool>;

/** The registry command of a tool name, typed by it; composite tools are built on these. */
export function commandNamed<T extends ToolName>(tool: T): CommandByTool<T>;
export function commandNamed(tool: string): Command;
export function commandNamed(tool: string): Command {
  const command = getCommandByTool(tool);
  if (!command) throw new Error(`The Hostkit registry has no ${tool}.`);
  return command;
}

/** Parses `raw` with a zod schema, raising the same {@link ValidationError} core's parseInput raises. */
export function parseWith(tool: string, schema: z.ZodType, raw: unknown): Input {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data as Input;
  throw new ValidationError(tool, inputIssues(result.error));
}

function isEnvelopeOnly(output: z.ZodType): boolean {
  const shape = (output as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) return false;
  return Object.keys(shape).every((k) => ENVELOPE_KEYS.includes(k));
}

/**
 * A call's result as structured content that matches the advertised output schema, even when the reply
 * drifted: then the reply as sent is under a key no schema declares (`unparsedReply`), beside the typed
 * output when there is one, else beside the envelope alone.
 */
export function structuredReply(result: CallResult<unknown>): Record<string, unknown> {
  if (!result.drift) return result.output as Record<string, unknown>;
  const raw = (result.drift.raw ?? {}) as Record<string, unknown>;
  if (result.ok) return { ...(result.output as Record<string, unknown>), unparsedReply: raw };
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

/** `value` with every known secret cut out of each string in it, at any depth (keys and structure kept). */
export function redactKnown(value: unknown, known: readonly string[]): unknown {
  if (!known.length) return value;
  const redact = textRedactor(known);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/**
 * A reply as the model may see it: every secret-named field replaced, at any depth, and every known
 * secret value (credentials, tokens, whatever the call's input held) cut out of the text that remains.
 */
export function redactReply(
  reply: Record<string, unknown>,
  extraKeys: readonly string[],
  known: readonly string[],
): Record<string, unknown> {
  return redactKnown(redactValue(reply, extraKeys), known) as Record<string, unknown>;
}

/** What a registry tool looks up before asking: the names of its targets, as sorted pairs. */
interface NamesPlan {
  names: [string, string][];
}

/** The MCP tool of one registry command: no per-command code. */
export function commandTool(command: Command): HostkitTool {
  const secrets = command.secrets ?? [];
  return {
    name: command.tool,
    title: command.title,
    description: command.list?.join
      ? `${command.description} Also: ${command.list.join.cost}.`
      : command.description,
    group: command.group,
    risk: command.risk,
    billable: command.billable,
    idempotent: command.idempotent,
    openWorld: true,
    input: commandInput(command),
    output: isEnvelopeOnly(command.output) ? undefined : command.output,
    resultSchema: isEnvelopeOnly(command.output) && !command.creates ? undefined : resultJsonSchema(command),
    secrets,
    command,
    asks: mayNeedConfirmation(command),
    // A list takes the ways to narrow it besides the command's own fields; those never reach the API.
    parse: (raw) =>
      command.list
        ? parseWith(command.tool, commandInput(command), raw)
        : (parseInput(command, raw) as Input),
    // Only a call a human must confirm costs reads first: the default client made explicit (so the
    // summary shows every value sent) and the names of what it acts on.
    async plan(input, ctx): Promise<NamesPlan | undefined> {
      if (!ctx.confirming || !needsConfirmation(command, input)) return undefined;
      if (
        'clientid' in command.input.shape &&
        input.clientid === undefined &&
        command.provider === 'deploi'
      ) {
        const clientid = await ctx.backend.defaultClientId(ctx.signal);
        if (clientid !== undefined) input.clientid = clientid;
      }
      const targets = command.targets?.(input) ?? [];
      if (targets.length === 0) return { names: [] };
      const clients = await ctx.backend.clients(ctx.signal).catch(() => []);
      const read = async (tool: string, args: Record<string, unknown>) =>
        outputOf(await ctx.backend.call(commandNamed(tool), args, ctx.signal));
      const ids = clients.length ? clients.map((c) => c.id) : [undefined];
      const found = await lookupNames(targets, read, ids);
      return { names: [...found].sort(([a], [b]) => (a < b ? -1 : 1)) };
    },
    needsConfirmation: (input) => needsConfirmation(command, input),
    summary: (input, plan) =>
      summaryOf(command, input, namesFrom(new Map((plan as NamesPlan | undefined)?.names))),
    async run(input, plan, ctx) {
      const { api, query } = command.list ? splitQuery(input) : { api: input, query: {} };
      const known = [...ctx.backend.secrets(), ...collectSecrets(api, secrets)];
      const read: ReadRow = async (tool, args) =>
        shapeReply(
          redactReply(
            outputOf(await ctx.backend.call(commandNamed(tool), args, ctx.signal)) as Record<string, unknown>,
            secrets,
            known,
          ),
        );
      const creates = command.creates;
      // What the reply will not say (the new id) is read around the call: the ids there before, then after.
      const before = creates ? await idsIn(creates, api, read).catch(() => undefined) : undefined;
      // What an undo needs of the state the call replaces, read just before it is sent.
      const prior = await readBefore(command, api, ctx);
      let reply: CallResult<unknown>;
      try {
        reply = await ctx.backend.call(command, api, ctx.signal);
      } catch (e) {
        throw await explained(command, e, api, read);
      }
      // Secret-named fields here; known secret values are cut out of every result once, in the pipeline.
      const redacted = redactValue(structuredReply(reply), secrets) as Record<string, unknown>;
      // Login and Logout change only the session: nothing to undo there.
      const journal =
        command.risk === 'read' || command.wire === 'Login' || command.wire === 'Logout'
          ? undefined
          : [undoStep(command, api, prior, ctx)];
      const audit = { ...messageFields(redacted), journal };
      if ('unparsedReply' in redacted) {
        const headline = `${command.title}: the reply did not match its documented shape (see unparsedReply).`;
        return { structured: redacted, headline, ...audit };
      }
      const shaped = shapeReply(redacted);
      if (command.list) {
        const result = await listResult(command, shaped, query, read);
        return {
          structured: result.structured,
          headline: '',
          text: listText(command, result, scopeOf(api)),
          ...audit,
        };
      }
      const message = messageOf(shaped);
      const names = namesFrom(new Map((plan as NamesPlan | undefined)?.names));
      // A change says what was done, with the names and ids it was asked with; a read what it got.
      const said = message ? ` ${command.provider === 'deploi' ? 'Deploi' : 'SeFlow'} said ${message}.` : '';
      if (creates && before) {
        const made = await createdRows(creates, api, read, before).catch(() => []);
        if (made.length) {
          shaped.created = made;
          const what = made
            .map((r) => `id ${String(r.id)}${r.status ? ` (${token(r.status)})` : ''}`)
            .join(', ');
          return {
            structured: shaped,
            headline: `Done: ${summaryOf(command, api, names).split('\n')[0]} It is ${what}.${said}`,
            ...audit,
          };
        }
      }
      const headline =
        command.risk === 'read'
          ? `${command.title}${message ? `: ${message}` : ''}.`
          : `Done: ${summaryOf(command, api, names).split('\n')[0]}${said}`;
      // The message is in the headline already; its id is for the audit log.
      const { message: _m, messageId: _id, ...rest } = shaped;
      return { structured: shaped, headline, text: [headline, ...renderResult(rest)].join('\n'), ...audit };
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

type Creates = NonNullable<Command['creates']>;

async function idsIn(creates: Creates, api: Input, read: ReadRow): Promise<Set<string>> {
  const reply = await read(creates.list, creates.input(api));
  const rows = (reply[creates.rows] ?? []) as Input[];
  return new Set(rows.map((r) => String(r.id)));
}

/** The rows the call created: in the list now, matching the input, not there before. */
async function createdRows(
  creates: Creates,
  api: Input,
  read: ReadRow,
  before: Set<string>,
): Promise<Input[]> {
  const reply = await read(creates.list, creates.input(api));
  const rows = (reply[creates.rows] ?? []) as Input[];
  return rows
    .filter((r) => !before.has(String(r.id)) && creates.matches(r, api))
    .map((r) => ({
      id: r.id,
      ...(r.name === undefined ? {} : { name: r.name }),
      ...(r.status === undefined ? {} : { status: r.status }),
    }));
}

/** An API refusal with what the call clashed with, when a read can name it. */
async function explained(command: Command, error: unknown, api: Input, read: ReadRow): Promise<unknown> {
  if (!(error instanceof ApiError) || !command.explainRefusal) return error;
  const why = await command.explainRefusal(api, read).catch(() => undefined);
  if (!why) return error;
  return new ApiError(error.provider, error.command, error.apiMessage, error.messageId, error.code, why);
}

/** ` of client 101`, ` of "example.com"`: what a list was asked for, for its headline. */
function scopeOf(api: Record<string, unknown>): string {
  const parts = [
    api.domain === undefined ? '' : ` of ${quote(api.domain)}`,
    api.id === undefined ? '' : ` of ${String(api.id)}`,
    api.siteid === undefined ? '' : ` of site ${String(api.siteid)}`,
    api.clientid === undefined ? '' : ` (client ${String(api.clientid)})`,
  ];
  return parts.join('');
}

export type { ToolListing };

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

/** The listing of `tool`, its JSON Schemas computed once and cached. The bundle carries these precomputed. */
export function listingOf(tool: HostkitTool): ToolListing {
  const cached = listingCache.get(tool.name);
  if (cached) return cached;
  const annotations = annotationsOf(tool);
  const listing: ToolListing = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool.input),
    ...(tool.resultSchema
      ? { outputSchema: tool.resultSchema }
      : tool.output
        ? { outputSchema: outputJsonSchema(tool.output) }
        : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  listingCache.set(tool.name, listing);
  return listing;
}
