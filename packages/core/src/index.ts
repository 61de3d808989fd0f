// The public API of @hostkit/core. Explicit names only, so what is public is decided here.

export {
  DEPLOI_BASE_URL,
  DEPLOI_TOKEN_REJECTED_MESSAGES,
  DeploiClient,
  type DeploiClientOptions,
  isTokenRejected,
  REQUEST_BLOCKED_MESSAGE_ID,
} from './client/deploi';
export type { DeploiAccount, DeploiSession } from './client/deploi-login';
export { SeflowClient, type SeflowClientOptions } from './client/seflow';
export type { CallOptions, HostkitWarning, WarningHandler } from './client/shared';
export {
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  MAX_TRIES,
  RETRY_AFTER_CAP_MS,
  type Sleep,
  userAgentFor,
} from './client/transport';
export {
  ApiError,
  type ErrorCode,
  HostkitError,
  type InputIssue,
  isHostkitError,
  OutcomeUnknownError,
  ValidationError,
} from './errors';
export {
  collectSecrets,
  isSecretKey,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactText,
  redactValue,
} from './redact';
export {
  type AnyInput,
  type Auth,
  type Command,
  type CommandInput,
  type CommandOutput,
  type CommandSpec,
  defineCommand,
  type Provider,
  type Risk,
} from './registry/define';
export {
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
} from './registry/registry';
export { parseInput, toWireFields } from './registry/wire';
export { HOSTKIT_VERSION } from './version';
