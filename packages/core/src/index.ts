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
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
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
export {
  type ColumnOf,
  DEFAULT_LIMIT,
  decodeCursor,
  encodeCursor,
  identifying,
  type KnownKeys,
  type ListPath,
  type ListQuery,
  type ListSpec,
  listPath,
  listQueryShape,
  MAX_LIMIT,
  moreText,
  narrow,
  type Page,
  type ReadRow,
  type Row,
  rowsAt,
  withRows,
} from './results/list';
export { cell, keyValues, renderResult, table } from './results/render';
export { ENVELOPE_KEYS, isEmptyValue, prune, roundNumber, shapeReply } from './results/shape';
export { DECEPTIVE_CHARACTERS, PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote, token } from './text';
export { HOSTKIT_VERSION } from './version';
