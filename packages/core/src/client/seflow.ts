import { ApiError, HostkitError } from '../errors.js';
import { redactText } from '../redact.js';
import type { Command, CommandInput, CommandOutput } from '../registry/define.js';
import type { NamedIn, ProviderToolName, ProviderWireName, UnknownName } from '../registry/registry.js';
import { toWireFields } from '../registry/wire.js';
import type { CallResult } from './result.js';
import {
  type CallOptions,
  inputSecrets,
  parseOutput,
  parseRedacted,
  resolveCommand,
  scrub,
  type WarningHandler,
} from './shared.js';
import { type ClientEventHandler, type FetchLike, type Sleep, Transport } from './transport.js';

/** Settings of a {@link SeflowClient}; `baseUrl`, `username` and `key` are required. */
export interface SeflowClientOptions {
  /** The Valhalla CP API address SeFlow gave you; it is not in the public docs. */
  baseUrl?: string | undefined;
  username?: string | undefined;
  /** The API key from the SeFlow customer portal. */
  key?: string | undefined;
  /** Per request, retries included. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Your program's product token, put in front of Hostkit's User-Agent. */
  userAgent?: string | undefined;
  fetch?: FetchLike | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  onWarning?: WarningHandler | undefined;
  onEvent?: ClientEventHandler | undefined;
}

const isEnvelope = (json: unknown): boolean => {
  const status =
    typeof json === 'object' && json !== null ? (json as { status?: unknown }).status : undefined;
  return status === 'success' || status === 'error';
};
const messageOf = (reply: Record<string, unknown>) =>
  typeof reply.statusmsg === 'string' && reply.statusmsg !== '' ? reply.statusmsg : undefined;

/** The SeFlow Valhalla CP API client: `GET` with `action`, `username`, `key` and the action's variables. */
export class SeflowClient {
  private readonly url: URL;
  private readonly username: string;
  private readonly key: string;
  private readonly transport: Transport;
  private readonly onWarning: WarningHandler | undefined;

  /** Throws a {@link HostkitError} with code `config` naming every missing setting. */
  constructor(options: SeflowClientOptions) {
    const missing = [
      options.baseUrl
        ? ''
        : 'baseUrl (the Valhalla CP API address SeFlow gave you; it is not in the public docs)',
      options.username ? '' : 'username',
      options.key ? '' : 'key (the API key from the SeFlow customer portal)',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new HostkitError('config', `SeFlow is not configured: set ${missing.join(', ')}.`);
    }
    let url: URL | undefined;
    try {
      url = new URL(options.baseUrl ?? '');
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new HostkitError(
        'config',
        'SeFlow baseUrl is not an http(s) URL: set it to the API address SeFlow gave you.',
      );
    }
    this.url = url;
    this.username = options.username ?? '';
    this.key = options.key ?? '';
    this.transport = new Transport({ ...options, provider: 'seflow' });
    this.onWarning = options.onWarning;
  }

  /**
   * Calls a SeFlow action: validates the input (a {@link ValidationError} and nothing sent if it is wrong),
   * sends it, and reads the reply with the output schema: a {@link CallResult} (see {@link DeploiClient.call});
   * `status: "error"` raises an {@link ApiError}.
   */
  call<C extends Command>(
    command: C,
    input: CommandInput<C>,
    options?: CallOptions,
  ): Promise<CallResult<CommandOutput<C>>>;
  call<N extends ProviderToolName<'seflow'> | ProviderWireName<'seflow'>>(
    name: N,
    input: CommandInput<NamedIn<'seflow', N>>,
    options?: CallOptions,
  ): Promise<CallResult<CommandOutput<NamedIn<'seflow', N>>>>;
  // A name only known at run time; a literal name of the registry must use the typed overload above.
  call<N extends string>(
    name: UnknownName<N>,
    input?: unknown,
    options?: CallOptions,
  ): Promise<CallResult<unknown>>;
  async call(
    ref: Command | string,
    input?: unknown,
    options: CallOptions = {},
  ): Promise<CallResult<unknown>> {
    let secrets = [this.key];
    try {
      const command = resolveCommand('seflow', ref);
      secrets = [...secrets, ...inputSecrets(command, input)];
      const parsed = parseRedacted(command, input, secrets);
      const url = new URL(this.url);
      url.searchParams.set('action', command.wire);
      url.searchParams.set('username', this.username);
      url.searchParams.set('key', this.key);
      for (const [name, value] of Object.entries(toWireFields(command, parsed))) {
        if (value !== undefined && value !== null) url.searchParams.set(name, wireValue(value));
      }
      const { reply } = await this.transport.send({
        wire: command.wire,
        tool: command.tool,
        retry: command.risk === 'read',
        check: command.check?.(parsed),
        method: 'GET',
        url: url.toString(),
        signal: options.signal,
        secrets,
        isReply: isEnvelope,
        messageOf,
      });
      if (reply.status === 'error') {
        // "No Portable IP" and the like: a normal state, answered as an empty success.
        if (command.emptyWhen?.test(messageOf(reply) ?? ''))
          return parseOutput(command, { status: 'success', statusmsg: '' }, this.onWarning);
        throw this.refusal(command.wire, reply, secrets);
      }
      return parseOutput(command, reply, this.onWarning);
    } catch (e) {
      throw scrub(e, secrets);
    }
  }

  private refusal(wire: string, reply: Record<string, unknown>, secrets: readonly string[]): ApiError {
    const message = redactText(messageOf(reply) ?? 'no message', secrets);
    if (/wrong username or password/i.test(message)) {
      return new ApiError(
        'seflow',
        wire,
        message,
        undefined,
        'auth_failed',
        'Check the SeFlow username and API key, and that API access is enabled for the account in the SeFlow customer portal.',
      );
    }
    return new ApiError(
      'seflow',
      wire,
      message,
      undefined,
      'api_error',
      'Correct what the message names and try again.',
    );
  }
}

function wireValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
