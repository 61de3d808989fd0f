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
  type Names,
  type ParsedInput,
  type Provider,
  type Risk,
  type Target,
} from './registry/define';
export { lookupNames, type ReadCommand } from './registry/lookup-names';
export {
  cidrOverlaps,
  cidrWithin,
  intToIpv4,
  ipv4ToInt,
  isPrivateCidr,
  parseCidr,
  reachesPublicInternet,
} from './registry/net';
export {
  type CommandByWire,
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
  type ProviderWireName,
  type RegistryCommand,
} from './registry/registry';
export {
  argumentLines,
  confirmationReasons,
  idNames,
  mayNeedConfirmation,
  namesFrom,
  needsConfirmation,
  summaryOf,
  targetKey,
} from './registry/summary';
export { parseInput, toWireFields } from './registry/wire';
export { DECEPTIVE_CHARACTERS, PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote } from './text';
export { HOSTKIT_VERSION } from './version';
