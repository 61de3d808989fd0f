// The public API of @hostkit/core. Explicit names only, so what is public is decided here.

export {
  DEPLOI_BASE_URL,
  DEPLOI_TOKEN_REJECTED_MESSAGES,
  DeploiClient,
  type DeploiClientOptions,
  isTokenRejected,
  REQUEST_BLOCKED_MESSAGE_ID,
} from './client/deploi.js';
export type { DeploiAccount, DeploiSession } from './client/deploi-login.js';
export { SeflowClient, type SeflowClientOptions } from './client/seflow.js';
export type { CallOptions, HostkitWarning, WarningHandler } from './client/shared.js';
export {
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  MAX_TRIES,
  RETRY_AFTER_CAP_MS,
  type Sleep,
  userAgentFor,
} from './client/transport.js';
export {
  ApiError,
  type ErrorCode,
  HostkitError,
  type InputIssue,
  isHostkitError,
  OutcomeUnknownError,
  ValidationError,
} from './errors.js';
export {
  collectSecrets,
  isSecretKey,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactText,
  redactValue,
} from './redact.js';
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
} from './registry/define.js';
export {
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
} from './registry/registry.js';
export { parseInput, toWireFields } from './registry/wire.js';
export { HOSTKIT_VERSION } from './version.js';
