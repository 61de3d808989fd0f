import { callText, HostkitError, OutcomeUnknownError } from '../errors.js';
import { redactText } from '../redact.js';
import type { Provider } from '../registry/define.js';
import type { ToolCall } from '../registry/undo.js';
import { HOSTKIT_VERSION } from '../version.js';

/** The fetch function a client uses; the global one unless injected. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
/** Waits `ms` milliseconds, rejecting when `signal` aborts; injectable so tests need not wait. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Settings shared by both clients' transports. */
export interface TransportOptions {
  provider: Provider;
  /** Per request, retries and waits between them included. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Put in front of Hostkit's own User-Agent, such as `"hostkit-mcp/0.1.0"`. */
  userAgent?: string | undefined;
  fetch?: FetchLike | undefined;
  sleep?: Sleep | undefined;
  /** A number in [0, 1), for backoff jitter. */
  random?: (() => number) | undefined;
  /** Told of what a client does on its own (a read sent again, a login); it must not throw. */
  onEvent?: ClientEventHandler | undefined;
}

/**
 * Something a client did on its own, for a log: a read sent again after a failure, or a Deploi login
 * (the first, or a renewal after a refused token). Names and counts only, never a value sent.
 */
export type ClientEvent =
  | { kind: 'retry'; provider: Provider; wire: string; attempt: number; waitMs: number; reason: string }
  | { kind: 'login'; provider: Provider; renewal: boolean };

/** Receives {@link ClientEvent}s; a throw is ignored. */
export type ClientEventHandler = (event: ClientEvent) => void;

/** Calls `handler` with `event`, ignoring what it throws: a log must never fail a call. */
export function tell(handler: ClientEventHandler | undefined, event: ClientEvent): void {
  try {
    handler?.(event);
  } catch {
    // See above.
  }
}

/** One API request, described for the transport. */
export interface SendRequest {
  /** The wire name, for messages. */
  wire: string;
  /** The tool name, for {@link OutcomeUnknownError}. */
  tool: string;
  /** Reads may be sent again after a failure; writes never are. */
  retry: boolean;
  /** The read tool that shows whether a write took effect. */
  /** The read that shows whether a write took effect, for an unknown outcome. */
  check?: ToolCall | undefined;
  method: 'GET' | 'POST';
  url: string;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Values to redact from every message (password, token, key, secret inputs). */
  secrets: readonly string[];
  /** True when a parsed body is the API's reply envelope. */
  isReply: (json: unknown) => boolean;
  /** The API's own message in a reply, for error messages. */
  messageOf: (reply: Record<string, unknown>) => string | undefined;
}

/** A reply envelope and the HTTP status it came with. */
export interface SendResult {
  status: number;
  reply: Record<string, unknown>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Tries in total for a read, the first included. */
export const MAX_TRIES = 3;
/** The longest `Retry-After` honoured by waiting; a longer one ends the call with the wait in the message. */
export const RETRY_AFTER_CAP_MS = 30_000;
const BACKOFF_BASE_MS = 300;
const BACKOFF_CAP_MS = 5_000;

// Failures where the connection was never made, so the request surely did not reach the API.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/** The provider's name as people write it. */
export function providerName(provider: Provider): string {
  return provider === 'deploi' ? 'Deploi' : 'SeFlow';
}

/** `hostkit/0.1.0 (+https://github.com/hostkit; deploi client)`, after the caller's own product token. */
export function userAgentFor(provider: Provider, prefix?: string): string {
  const own = `hostkit/${HOSTKIT_VERSION} (+https://github.com/hostkit; ${provider} client)`;
  return prefix ? `${prefix} ${own}` : own;
}

/** Waits with `setTimeout`, rejecting as soon as `signal` aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Milliseconds asked by a `Retry-After` header (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// Why one try failed, before deciding whether to try again.
type NetworkFailure = { kind: 'network'; sent: boolean; detail: string };
type Failure =
  | { kind: 'aborted' | 'timeout'; sent: boolean }
  | NetworkFailure
  | { kind: 'status'; status: number; apiMessage?: string | undefined; retryAfterMs?: number | undefined }
  | { kind: 'bad_body'; status: number; detail: string };
type TryResult = { ok: SendResult } | { failure: Failure };

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // undici wraps the socket error in `cause`; a failed happy-eyeballs connect is an AggregateError.
  return errorCode(cause) ?? (Array.isArray(errors) ? errorCode(errors[0]) : undefined);
}

function networkFailure(e: unknown): NetworkFailure {
  const code = errorCode(e);
  // Only the code is kept: a runtime's message may contain the URL, and SeFlow's URL holds the key.
  const detail = code ? `${CODE_WORDS[code] ?? 'network error'} (${code})` : 'network error';
  return { kind: 'network', sent: !(code && NOT_SENT_CODES.has(code)), detail };
}

function describeBody(text: string, json: unknown, secrets: readonly string[]): string {
  const trimmed = text.trimStart();
  const kind =
    trimmed === ''
      ? 'an empty body'
      : json !== undefined
        ? 'JSON that is not an API reply'
        : trimmed.startsWith('<')
          ? 'HTML'
          : /^[[{]/.test(trimmed)
            ? 'truncated or invalid JSON'
            : 'a body that is not JSON';
  if (trimmed === '') return kind;
  // Redact the whole body before cutting it, so no secret is split across the cut.
  const safe = redactText(trimmed, secrets).replace(/[\p{Cc}\s]+/gu, ' ');
  return `${kind}, starting "${clip(safe, 80)}"`;
}

/** At most `max` characters, without cutting a `[redacted]` marker in two. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max).replace(/\[[a-z]*$/, '')}…`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends requests with a timeout, cancellation, retries for reads, and the errors both clients share. */
export class Transport {
  readonly provider: Provider;
  readonly timeoutMs: number;
  readonly userAgent: string;
  private readonly fetchFn: FetchLike;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly onEvent: ClientEventHandler | undefined;

  constructor(options: TransportOptions) {
    this.onEvent = options.onEvent;
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.userAgent = userAgentFor(options.provider, options.userAgent);
    // Called through a wrapper so a global fetch installed later (or a polyfill) is still used.
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /** Sends `req`, trying a read up to {@link MAX_TRIES} times; throws a {@link HostkitError} on failure. */
  async send(req: SendRequest): Promise<SendResult> {
    if (req.signal?.aborted)
      throw this.error(req, 'aborted', `${req.wire} was cancelled; nothing was sent.`, true);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const stopped = (): 'aborted' | 'timeout' | undefined =>
      req.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : undefined;
    const deadline = Date.now() + this.timeoutMs;
    try {
      for (let attempt = 1; ; attempt++) {
        const result = await this.tryOnce(req, controller.signal, stopped);
        if ('ok' in result) return result.ok;
        const { failure } = result;
        if (!req.retry) throw this.writeError(req, failure);
        const retryable =
          failure.kind === 'network' ||
          (failure.kind === 'status' && (failure.status === 429 || failure.status >= 500));
        if (!retryable || attempt >= MAX_TRIES) throw this.readError(req, failure, attempt);
        const asked = failure.kind === 'status' ? failure.retryAfterMs : undefined;
        if (asked !== undefined && asked > RETRY_AFTER_CAP_MS) throw this.readError(req, failure, attempt);
        const wait =
          asked ?? Math.floor(this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
        // Waiting past the deadline would only end in a timeout: report the real cause now.
        if (Date.now() + wait >= deadline) throw this.readError(req, failure, attempt);
        const reason = failure.kind === 'status' ? `HTTP ${failure.status}` : 'no reply';
        tell(this.onEvent, {
          kind: 'retry',
          provider: this.provider,
          wire: req.wire,
          attempt,
          waitMs: wait,
          reason,
        });
        try {
          await this.sleep(wait, controller.signal);
        } catch {
          // Only an abort ends a wait early.
        }
        const stop = stopped();
        if (stop) throw this.readError(req, { kind: stop, sent: true }, attempt);
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async tryOnce(
    req: SendRequest,
    signal: AbortSignal,
    stopped: () => 'aborted' | 'timeout' | undefined,
  ): Promise<TryResult> {
    let response: Response;
    try {
      response = await this.fetchFn(req.url, {
        method: req.method,
        headers: {
          accept: 'application/json',
          'user-agent': this.userAgent,
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(req.body === undefined ? {} : { body: req.body }),
        signal,
        // Never follow a redirect: a POST carrying a password must not be re-sent to another address.
        redirect: 'manual',
      });
    } catch (e) {
      const stop = stopped();
      return { failure: stop ? { kind: stop, sent: true } : networkFailure(e) };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      const stop = stopped();
      // The status line arrived, so the request was received: the reply was cut off.
      return { failure: stop ? { kind: stop, sent: true } : { ...networkFailure(e), sent: true } };
    }
    const status = response.status;
    const json = parseJson(text);
    const reply = json !== undefined && req.isReply(json) ? (json as Record<string, unknown>) : undefined;
    if (status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const said = reply && req.messageOf(reply);
      // Redacted before it is shortened, so no secret is cut in two.
      const apiMessage = said && clip(redactText(said, req.secrets), 160);
      return { failure: { kind: 'status', status, retryAfterMs, apiMessage } };
    }
    if (reply) return { ok: { status, reply } };
    if (status === 0 || (status >= 300 && status < 500)) return { failure: { kind: 'status', status } };
    return { failure: { kind: 'bad_body', status, detail: describeBody(text, json, req.secrets) } };
  }

  private error(
    req: SendRequest,
    code: HostkitError['code'],
    message: string,
    retryable: boolean,
    cause?: unknown,
  ) {
    return new HostkitError(code, redactText(message, req.secrets), { retryable, cause });
  }

  private statusText(failure: { status: number; apiMessage?: string | undefined }): string {
    return `HTTP ${failure.status}${failure.apiMessage ? ` ("${failure.apiMessage}")` : ''}`;
  }

  private waitText(ms: number | undefined): string {
    return ms === undefined ? '' : `; it asks to wait ${Math.ceil(ms / 1000)} s`;
  }

  /** The final error of a read (or a login), after `tries` tries. */
  private readError(req: SendRequest, failure: Failure, tries: number): HostkitError {
    const p = providerName(this.provider);
    const times = tries > 1 ? ` (tried ${tries} times)` : '';
    switch (failure.kind) {
      case 'aborted':
        return this.error(req, 'aborted', `${req.wire} was cancelled before ${p} answered.`, true);
      case 'timeout':
        return this.error(
          req,
          'timeout',
          `${p} did not answer ${req.wire} within ${this.timeoutMs / 1000} s${times}. Try again later, or allow a longer timeout.`,
          true,
        );
      case 'network':
        return this.error(
          req,
          'network',
          `Could not reach ${p} for ${req.wire}: ${failure.detail}${times}. Check the network connection and the base URL, then try again.`,
          true,
          new Error(`fetch failed: ${failure.detail}`),
        );
      case 'bad_body':
        return this.error(
          req,
          'bad_response',
          `${p} answered ${req.wire} with HTTP ${failure.status} and ${failure.detail}, not an API reply. It may be a proxy or maintenance page or a cut-off reply: try again, and check the base URL if it persists.`,
          true,
        );
      case 'status': {
        const what = this.statusText(failure);
        if (failure.status === 429) {
          return this.error(
            req,
            'http_status',
            `${p} is limiting the request rate and refused ${req.wire} with ${what}${times}${this.waitText(failure.retryAfterMs)}. Wait, then try again.`,
            true,
          );
        }
        if (failure.status >= 500) {
          return this.error(
            req,
            'http_status',
            `${p} failed to answer ${req.wire}: ${what}${times}. The service may be down or overloaded; try again in a few minutes.`,
            true,
          );
        }
        return this.error(
          req,
          'http_status',
          `${p} answered ${req.wire} with ${what} instead of an API reply. Check the base URL: it should be the API endpoint itself.`,
          false,
        );
      }
    }
  }

  /** The error of a write, which is never retried: surely not applied, or of unknown outcome. */
  private writeError(req: SendRequest, failure: Failure): HostkitError {
    const p = providerName(this.provider);
    const unknown = (reason: string, cause: HostkitError) =>
      new OutcomeUnknownError(req.tool, req.check, redactText(reason, req.secrets), cause);
    switch (failure.kind) {
      case 'aborted': {
        const check = req.check ? `Check with ${callText(req.check)}` : 'Check the current state';
        return this.error(
          req,
          'aborted',
          `${req.wire} was cancelled after it was sent, so it may or may not have been applied. ${check} before sending it again.`,
          false,
        );
      }
      case 'timeout':
        return unknown(
          `${p} did not answer within ${this.timeoutMs / 1000} s`,
          this.readError(req, failure, 1),
        );
      case 'network':
        if (!failure.sent) {
          return this.error(
            req,
            'network',
            `Could not reach ${p} for ${req.wire}: ${failure.detail}. The request was not sent, so nothing changed; check the network connection and the base URL, then try again.`,
            true,
            new Error(`fetch failed: ${failure.detail}`),
          );
        }
        return unknown(
          `the connection failed (${failure.detail}) after the request may have reached ${p}`,
          this.readError(req, failure, 1),
        );
      case 'bad_body':
        return unknown(
          `${p} answered with ${failure.detail}, not an API reply`,
          this.readError(req, failure, 1),
        );
      case 'status':
        if (failure.status === 429) {
          return this.error(
            req,
            'http_status',
            `${p} is limiting the request rate and refused ${req.wire} with HTTP 429${this.waitText(failure.retryAfterMs)}. It was not applied and not retried: wait, then send it again.`,
            true,
          );
        }
        if (failure.status >= 500) {
          return unknown(`${p} failed with ${this.statusText(failure)}`, this.readError(req, failure, 1));
        }
        return this.error(
          req,
          'http_status',
          `${p} answered ${req.wire} with ${this.statusText(failure)} instead of an API reply, so it was not applied. Check the base URL: it should be the API endpoint itself.`,
          false,
        );
    }
  }
}
