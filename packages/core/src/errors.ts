import type { SchemaDrift } from './client/result.js';
import type { Provider } from './registry/define.js';
import type { ToolCall } from './registry/undo.js';

/** A read as a person or an agent would make it: the tool, and its arguments when it takes any. */
export function callText(call: ToolCall): string {
  return Object.keys(call.input).length ? `${call.tool} ${JSON.stringify(call.input)}` : call.tool;
}

/** What kind of failure a {@link HostkitError} is. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_command'
  | 'config'
  | 'api_error'
  | 'auth_failed'
  | 'two_factor_required'
  | 'request_blocked'
  | 'timeout'
  | 'network'
  | 'http_status'
  | 'bad_response'
  | 'aborted'
  | 'outcome_unknown'
  | 'schema_drift';

/** Every error Hostkit raises: a stable `code`, a message that says what to do next. */
export class HostkitError extends Error {
  readonly code: ErrorCode;
  /** True when the same request may be sent again safely (a read, or a write that surely did not run). */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HostkitError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** One problem with one input field. */
export interface InputIssue {
  /** Dotted path of the field, `""` for the whole input. */
  path: string;
  message: string;
}

/** The input did not match the command's schema; nothing was sent. */
export class ValidationError extends HostkitError {
  readonly command: string;
  readonly issues: readonly InputIssue[];

  constructor(command: string, issues: readonly InputIssue[]) {
    const list = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(
      'invalid_input',
      `Invalid input for ${command}: ${list}. Nothing was sent; fix the input and try again.`,
    );
    this.name = 'ValidationError';
    this.command = command;
    this.issues = issues;
  }
}

/** The API answered and refused: Deploi `success: false`, SeFlow `status: "error"`. */
export class ApiError extends HostkitError {
  readonly provider: Provider;
  readonly command: string;
  /** The API's own message, redacted. */
  readonly apiMessage: string;
  readonly messageId: number | undefined;

  constructor(
    provider: Provider,
    command: string,
    apiMessage: string,
    messageId: number | undefined,
    code: ErrorCode = 'api_error',
    advice?: string,
  ) {
    const id = messageId === undefined ? '' : ` (messageId ${messageId})`;
    const name = provider === 'deploi' ? 'Deploi' : 'SeFlow';
    super(code, `${name} refused ${command}: "${apiMessage}"${id}.${advice ? ` ${advice}` : ''}`);
    this.name = 'ApiError';
    this.provider = provider;
    this.command = command;
    this.apiMessage = apiMessage;
    this.messageId = messageId;
  }
}

/** The request may or may not have taken effect: a write whose reply was lost. It was not retried. */
export class OutcomeUnknownError extends HostkitError {
  readonly command: string;
  /** The read tool that shows whether the write took effect. */
  readonly checkWith: string | undefined;
  /** That read with its arguments, from the command's definition. */
  readonly check: ToolCall | undefined;

  constructor(command: string, check: ToolCall | undefined, reason: string, cause?: unknown) {
    const advice = check
      ? ` Check with ${callText(check)} before trying again.`
      : ' Check the current state before trying again.';
    super(
      'outcome_unknown',
      `The outcome of ${command} is unknown: ${reason}. It was sent once and not retried, because repeating a write could apply it twice.${advice}`,
      { cause },
    );
    this.name = 'OutcomeUnknownError';
    this.command = command;
    this.checkWith = check?.tool;
    this.check = check;
  }
}

/**
 * A successful reply that cannot be read as documented (a {@link CallResult} with `ok: false`), raised by
 * {@link outputOf} for callers that need the typed output. The call was carried out; `drift.raw` is the reply.
 */
export class SchemaDriftError extends HostkitError {
  readonly command: string;
  readonly drift: SchemaDrift;

  constructor(drift: SchemaDrift) {
    super(
      'schema_drift',
      `${drift.message} Read drift.raw for what was sent; do not repeat a write because of this.`,
    );
    this.name = 'SchemaDriftError';
    this.command = drift.command;
    this.drift = drift;
  }
}

/** True when `e` is a Hostkit error, optionally of one code. */
export function isHostkitError(e: unknown, code?: ErrorCode): e is HostkitError {
  return e instanceof HostkitError && (code === undefined || e.code === code);
}
