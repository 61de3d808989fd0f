import { ApiError, HostkitError } from '../errors.js';
import { redactText } from '../redact.js';
import type { Command, CommandInput, CommandOutput } from '../registry/define.js';
import type { NamedIn, ProviderToolName, ProviderWireName, UnknownName } from '../registry/registry.js';
import type { ToolCall } from '../registry/undo.js';
import { toWireFields } from '../registry/wire.js';
import { type DeploiAccount, type DeploiSession, loginRequest, parseLoginReply } from './deploi-login.js';
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
import {
  type ClientEventHandler,
  type FetchLike,
  type SendResult,
  type Sleep,
  Transport,
  tell,
} from './transport.js';

/** The public Deploi API endpoint. */
export const DEPLOI_BASE_URL = 'https://api.deploi.no';

/** Settings of a {@link DeploiClient}. Give `username` and `password`, or a `token`. */
export interface DeploiClientOptions {
  /** Default {@link DEPLOI_BASE_URL}. */
  baseUrl?: string | undefined;
  /** The account's e-mail address. */
  username?: string | undefined;
  password?: string | undefined;
  /**
   * The two-factor code, or a function asked for one when Deploi wants it (needed again at each re-login,
   * so long-lived clients should give a function).
   */
  secondFactor?: string | (() => Promise<string>) | undefined;
  /** A session token from an earlier login; without username and password it cannot be renewed. */
  token?: string | undefined;
  /** The client (customer account) `clientid` defaults to; else the first one the login returns. */
  clientId?: number | undefined;
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

/**
 * What Hostkit's sandbox answers (`success: false`) to a request whose token is unknown or expired.
 * The live API's wording is not documented; {@link isTokenRejected} accepts these and similar wordings.
 */
export const DEPLOI_TOKEN_REJECTED_MESSAGES = ['Invalid token', 'Token expired'] as const;

// Lower-cased phrases that mean the session token was refused.
const tokenRejectedPhrases = [
  'invalid token',
  'token expired',
  'expired token',
  'token has expired',
  'token is expired',
  'token is invalid',
  'token invalid',
  'token not valid',
  'token is not valid',
  'not logged in',
];

/**
 * True when a reply to a token-authenticated command says the token was refused: `success: false` and
 * either HTTP 401 or a message containing (any case) "invalid token", "token expired", "expired token",
 * "token has/is expired", "token is invalid", "token (is) not valid" or "not logged in".
 */
export function isTokenRejected(reply: Record<string, unknown>, status = 200): boolean {
  if (reply.success !== false) return false;
  if (status === 401) return true;
  const message = typeof reply.message === 'string' ? reply.message.toLowerCase() : '';
  return tokenRejectedPhrases.some((p) => message.includes(p));
}

/** messageId of Deploi's "Request blocked". */
export const REQUEST_BLOCKED_MESSAGE_ID = 138;

const isEnvelope = (json: unknown): boolean =>
  typeof json === 'object' && json !== null && typeof (json as { success?: unknown }).success === 'boolean';
const messageOf = (reply: Record<string, unknown>) =>
  typeof reply.message === 'string' && reply.message !== '' ? reply.message : undefined;

/** The Deploi API client: session login, typed calls, retries for reads, redacted errors. */
export class DeploiClient {
  readonly baseUrl: string;
  private readonly options: DeploiClientOptions;
  private readonly transport: Transport;
  private token: string | undefined;
  private accounts: DeploiAccount[] = [];
  private loginInFlight: Promise<string> | undefined;
  // Whether a login has succeeded before: the next one is a renewal.
  private loggedIn = false;
  // Every secret this client has seen: password, tokens, two-factor codes; redacted from every error.
  private readonly secrets = new Set<string>();

  /** Throws a {@link HostkitError} with code `config` when `baseUrl` is not an http(s) URL. */
  constructor(options: DeploiClientOptions = {}) {
    this.options = options;
    this.baseUrl = options.baseUrl ?? DEPLOI_BASE_URL;
    // Checked here: a bad URL would otherwise fail inside fetch, where it looks like a lost request.
    if (!/^https?:\/\/[^/\s]/i.test(this.baseUrl) || !URL.canParse(this.baseUrl)) {
      throw new HostkitError(
        'config',
        'Deploi baseUrl is not an http(s) URL: leave it out to use https://api.deploi.no.',
      );
    }
    this.transport = new Transport({ ...options, provider: 'deploi' });
    this.token = options.token || undefined;
    for (const s of [options.password, options.token, options.secondFactor]) {
      if (typeof s === 'string' && s !== '') this.secrets.add(s);
    }
  }

  /** Logs in now (again, if a session exists) and returns the token and the clients it can act for. */
  async login(options: CallOptions = {}): Promise<DeploiSession> {
    const secrets = [...this.secrets];
    try {
      this.token = undefined;
      const token = await this.waitFor(this.sharedLogin(), 'Login', options.signal);
      return { token, clients: [...this.accounts] };
    } catch (e) {
      throw scrub(e, [...secrets, ...this.secrets]);
    }
  }

  /** Ends the session at Deploi (if there is one) and forgets the token. */
  async logout(options: CallOptions = {}): Promise<void> {
    const token = this.token;
    this.token = undefined;
    this.accounts = [];
    if (!token) return;
    try {
      const meta = { wire: 'Logout', tool: 'deploi_logout', retry: true };
      const { reply } = await this.post(meta, { command: 'Logout', token }, options);
      // A token Deploi no longer knows is as logged out as it gets.
      if (reply.success === false && !isTokenRejected(reply)) throw this.refusal('Logout', reply, []);
    } catch (e) {
      throw scrub(e, [...this.secrets]);
    }
  }

  /** The clients (customer accounts) the login can act for; logs in first if needed. Empty with a bare token. */
  async clients(options: CallOptions = {}): Promise<readonly DeploiAccount[]> {
    if (!this.token && this.canLogin()) await this.login(options);
    return [...this.accounts];
  }

  /**
   * Calls a Deploi command: validates the input (a {@link ValidationError} and nothing sent if it is wrong),
   * logs in if needed, fills `clientid`, sends, and reads the reply with the output schema: a {@link CallResult},
   * whose `output` is typed and true to its type; a reply that drifted from its schema is described by `drift`
   * (the raw reply and zod's issues) and reported to `onWarning`.
   */
  call<C extends Command>(
    command: C,
    input: CommandInput<C>,
    options?: CallOptions,
  ): Promise<CallResult<CommandOutput<C>>>;
  call<N extends ProviderToolName<'deploi'> | ProviderWireName<'deploi'>>(
    name: N,
    input: CommandInput<NamedIn<'deploi', N>>,
    options?: CallOptions,
  ): Promise<CallResult<CommandOutput<NamedIn<'deploi', N>>>>;
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
    let secrets = [...this.secrets];
    try {
      const command = resolveCommand('deploi', ref);
      secrets = [...secrets, ...inputSecrets(command, input)];
      const parsed = parseRedacted(command, input, secrets);
      if (command.wire === 'Login') return await this.callLogin(command, parsed, options);
      if (command.auth === 'session' && 'clientid' in command.input.shape && parsed.clientid === undefined) {
        parsed.clientid = await this.defaultClientId(command, options.signal);
      }
      const fields = toWireFields(command, parsed);
      const meta = { wire: command.wire, tool: command.tool, retry: command.risk === 'read' };
      const reply = await this.send(
        { ...meta, check: command.check?.(parsed) },
        command,
        fields,
        secrets,
        options,
      );
      if (command.wire === 'Logout') this.token = undefined;
      return parseOutput(command, reply, this.options.onWarning);
    } catch (e) {
      throw scrub(e, [...secrets, ...this.secrets]);
    }
  }

  private canLogin(): boolean {
    return Boolean(this.options.username && this.options.password);
  }

  private async send(
    meta: { wire: string; tool: string; retry: boolean; check?: ToolCall | undefined },
    command: Command,
    fields: Record<string, unknown>,
    secrets: readonly string[],
    options: CallOptions,
  ): Promise<Record<string, unknown>> {
    if (command.auth !== 'session') {
      const { reply } = await this.post(meta, { command: command.wire, ...fields }, options, secrets);
      return this.accepted(meta.wire, reply, secrets);
    }
    const token = await this.currentToken(meta.wire, options.signal);
    let result = await this.post(meta, { command: command.wire, ...fields, token }, options, secrets);
    if (isTokenRejected(result.reply, result.status)) {
      // The refused request was not applied, so one retry with a fresh token is safe even for a write.
      const fresh = await this.renew(token, meta.wire, options.signal);
      result = await this.post(meta, { command: command.wire, ...fields, token: fresh }, options, secrets);
      if (isTokenRejected(result.reply, result.status)) {
        throw new HostkitError(
          'auth_failed',
          `Deploi refused ${meta.wire} with a token from a fresh login. Check that the account may use the API, then try again.`,
        );
      }
    }
    return this.accepted(meta.wire, result.reply, secrets);
  }

  private post(
    meta: { wire: string; tool: string; retry: boolean; check?: ToolCall | undefined },
    body: Record<string, unknown>,
    options: CallOptions,
    secrets: readonly string[] = [],
  ): Promise<SendResult> {
    return this.transport.send({
      ...meta,
      method: 'POST',
      url: this.baseUrl,
      body: JSON.stringify(body),
      signal: options.signal,
      secrets: [...secrets, ...this.secrets],
      isReply: isEnvelope,
      messageOf,
    });
  }

  /** The reply when it reports success; else throws the matching {@link ApiError}. */
  private accepted(
    wire: string,
    reply: Record<string, unknown>,
    secrets: readonly string[],
  ): Record<string, unknown> {
    if (reply.success !== false) return reply;
    throw this.refusal(wire, reply, secrets);
  }

  private refusal(wire: string, reply: Record<string, unknown>, secrets: readonly string[]): ApiError {
    const message = redactText(messageOf(reply) ?? 'no message', [...secrets, ...this.secrets]);
    const id = Number(reply.messageId);
    const messageId = reply.messageId === undefined || Number.isNaN(id) ? undefined : id;
    if (messageId === REQUEST_BLOCKED_MESSAGE_ID || /request blocked/i.test(message)) {
      return new ApiError(
        'deploi',
        wire,
        message,
        messageId,
        'request_blocked',
        blockedAdvice(this.transport.userAgent),
      );
    }
    if (isTokenRejected(reply))
      return new ApiError('deploi', wire, message, messageId, 'auth_failed', 'Log in again.');
    return new ApiError(
      'deploi',
      wire,
      message,
      messageId,
      'api_error',
      'Correct what the message names and try again.',
    );
  }

  private async currentToken(wire: string, signal: AbortSignal | undefined): Promise<string> {
    if (this.token) return this.token;
    return this.waitFor(this.sharedLogin(), wire, signal);
  }

  /** A token other than `rejected`: the one another call already got, or one from a single shared login. */
  private async renew(rejected: string, wire: string, signal: AbortSignal | undefined): Promise<string> {
    if (this.token && this.token !== rejected) return this.token;
    this.token = undefined;
    if (!this.canLogin() && !this.loginInFlight) {
      throw new HostkitError(
        'auth_failed',
        `Deploi refused the token for ${wire}: it has expired or is not valid. A token alone cannot be renewed: give a new token, or a username and password so Hostkit can log in again.`,
      );
    }
    return this.waitFor(this.sharedLogin(), wire, signal);
  }

  // One login at a time: concurrent calls that need a token all wait for the same one.
  private sharedLogin(): Promise<string> {
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = undefined;
    });
    return this.loginInFlight;
  }

  private async doLogin(): Promise<string> {
    const { username, password, secondFactor } = this.options;
    if (!username || !password) {
      throw new HostkitError(
        'config',
        'Deploi needs credentials: give username (the account e-mail) and password, or a token from an earlier login.',
      );
    }
    let code = typeof secondFactor === 'string' && secondFactor !== '' ? secondFactor : undefined;
    let session = await this.loginOnce(username, password, code);
    if (session.nextstep && code === undefined && typeof secondFactor === 'function') {
      code = await this.askCode(secondFactor);
      session = await this.loginOnce(username, password, code);
    }
    if (session.nextstep) {
      throw new HostkitError(
        'two_factor_required',
        code === undefined
          ? `Deploi asks for a further login step ("${session.nextstep}"): give the current two-factor code as secondFactor (or a function that asks for it) and log in again.`
          : `Deploi still asks for a further login step ("${session.nextstep}") after the two-factor code was sent: the code may be wrong or expired. Give a fresh code and log in again.`,
      );
    }
    this.secrets.add(session.token);
    const renewal = this.loggedIn;
    this.loggedIn = true;
    this.token = session.token;
    this.accounts = session.clients;
    tell(this.options.onEvent, { kind: 'login', provider: 'deploi', renewal });
    return session.token;
  }

  private async askCode(ask: () => Promise<string>): Promise<string> {
    let code: string;
    try {
      code = await ask();
    } catch (e) {
      throw new HostkitError('two_factor_required', 'Deploi asks for a two-factor code and none was given.', {
        cause: e,
      });
    }
    if (typeof code !== 'string' || code.trim() === '') {
      throw new HostkitError('two_factor_required', 'Deploi asks for a two-factor code and none was given.');
    }
    this.secrets.add(code.trim());
    return code.trim();
  }

  private async loginOnce(username: string, password: string, code: string | undefined) {
    const meta = { wire: 'Login', tool: 'deploi_login', retry: true };
    // Login is not a change to the hosting; sending it again after a lost reply is harmless.
    const { reply } = await this.post(meta, loginRequest(username, password, code), {});
    if (reply.success === false) throw this.loginRefusal(reply, code !== undefined);
    return parseLoginReply(reply);
  }

  private loginRefusal(reply: Record<string, unknown>, codeSent: boolean): ApiError {
    const refusal = this.refusal('Login', reply, []);
    if (refusal.code === 'request_blocked') return refusal;
    const advice = `Check the username (the account e-mail) and password${codeSent ? ', and that the two-factor code is current' : ''}.`;
    return new ApiError('deploi', 'Login', refusal.apiMessage, refusal.messageId, 'auth_failed', advice);
  }

  // Callers wait for the shared login with their own signal; one caller's cancellation must not end it for all.
  private waitFor<T>(promise: Promise<T>, wire: string, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return promise;
    const cancelled = () =>
      new HostkitError('aborted', `${wire} was cancelled while waiting for the login; nothing was sent.`, {
        retryable: true,
      });
    if (signal.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async defaultClientId(command: Command, signal: AbortSignal | undefined): Promise<number> {
    if (this.options.clientId !== undefined) return this.options.clientId;
    if (this.accounts.length === 0 && !this.token) await this.currentToken(command.wire, signal);
    const first = this.accounts[0]?.id;
    if (first !== undefined) return first;
    throw new HostkitError(
      'config',
      `${command.tool} needs a clientid and none is known: pass clientid, or set clientId on the client (a login with username and password uses the first client of the account).`,
    );
  }

  /** `Login` called as a command: sent as given, and its token becomes this client's session. */
  private async callLogin(
    command: Command,
    parsed: Record<string, unknown>,
    options: CallOptions,
  ): Promise<CallResult<unknown>> {
    for (const key of ['password', 'secondfactor']) {
      if (typeof parsed[key] === 'string') this.secrets.add(parsed[key]);
    }
    const meta = { wire: 'Login', tool: command.tool, retry: true };
    const { reply } = await this.post(meta, { command: 'Login', ...toWireFields(command, parsed) }, options);
    if (reply.success === false) throw this.loginRefusal(reply, parsed.secondfactor !== undefined);
    const session = parseLoginReply(reply);
    if (!session.nextstep) {
      this.secrets.add(session.token);
      this.token = session.token;
      this.accounts = session.clients;
    }
    return parseOutput(command, reply, this.options.onWarning);
  }
}

function blockedAdvice(userAgent: string): string {
  return `Deploi blocks requests that look like curl or other automation. Hostkit identifies itself as "${userAgent}"; if a proxy or a custom userAgent changed that, restore it. If it persists, ask Deploi support to allow API access for this account and address.`;
}
