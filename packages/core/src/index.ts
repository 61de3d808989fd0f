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
export {
  type CallResult,
  type DriftIssue,
  issuePath,
  outputOf,
  readReply,
  type SchemaDrift,
} from './client/result.js';
export { SeflowClient, type SeflowClientOptions } from './client/seflow.js';
export type { CallOptions, HostkitWarning, WarningHandler } from './client/shared.js';
export {
  type ClientEvent,
  type ClientEventHandler,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  MAX_TRIES,
  RETRY_AFTER_CAP_MS,
  type Sleep,
  userAgentFor,
} from './client/transport.js';
export { sensitivePort, sourceText } from './deploi/firewalls.js';
export {
  ApiError,
  type ErrorCode,
  HostkitError,
  type InputIssue,
  isHostkitError,
  OutcomeUnknownError,
  SchemaDriftError,
  ValidationError,
} from './errors.js';
export {
  collectSecrets,
  isSecretKey,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactText,
  redactValue,
  textRedactor,
} from './redact.js';
export { dnsHost, dnsRecordType, domainName, ipAddress, ipv4 } from './registry/common.js';
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
} from './registry/define.js';
export { isIdn, toAsciiDomain, toUnicodeDomain } from './registry/idn.js';
export { lookupNames, type ReadCommand } from './registry/lookup-names.js';
export {
  cidrOverlaps,
  cidrWithin,
  intToIpv4,
  ipv4ToInt,
  isPrivateCidr,
  parseCidr,
  reachesPublicInternet,
} from './registry/net.js';
export {
  type CommandByTool,
  type CommandByWire,
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
  type ProviderWireName,
  type RegistryCommand,
  type ToolName,
} from './registry/registry.js';
export {
  alwaysNeedsConfirmation,
  argumentLines,
  confirmationReasons,
  idNames,
  mayNeedConfirmation,
  namesFrom,
  needsConfirmation,
  plural,
  quotedList,
  summaryOf,
  targetKey,
} from './registry/summary.js';
export {
  fullHost,
  identifyingOptions,
  type LiveRecord,
  liveRecord,
  proxyInfo,
  type ToolCall,
  type UndoSpec,
  undoReason,
  writableOptions,
} from './registry/undo.js';
export { inputIssues, parseInput, toWireFields } from './registry/wire.js';
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
} from './results/list.js';
export { cell, keyValues, renderResult, table } from './results/render.js';
export { ENVELOPE_KEYS, isEmptyValue, prune, roundNumber, shapeReply } from './results/shape.js';
export { type ZoneFileOptions, zoneFileText } from './results/zone-file.js';
export { DECEPTIVE_CHARACTERS, PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote, token } from './text.js';
export { HOSTKIT_VERSION } from './version.js';
export {
  type CostsOptions,
  costs,
  MAX_LINE_READS,
  monthBefore,
  SEFLOW_NOT_BILLED,
} from './workflows/costs.js';
export {
  type ClientCosts,
  type CostChange,
  type CostInvoice,
  type CostLine,
  type CostReport,
  type CostTotal,
  clientCosts,
  costChange,
  costInvoice,
  costLine,
  costReport,
  costTotal,
  MONTH_PATTERN,
} from './workflows/costs-schema.js';
export {
  BLOCKED_SHARE_LIMIT,
  type DiagnoseOptions,
  diagnose,
  EXPIRY_WARNING_DAYS,
  THRESHOLDS,
} from './workflows/diagnose.js';
export {
  type Diagnosis,
  diagnosis,
  type Finding,
  type Fix,
  finding,
  type Hop,
  type Severity,
} from './workflows/diagnosis.js';
export {
  type FirewallFact,
  Inventory,
  type RecordFact,
  type ServerFact,
  type SiteFact,
  type ZoneFact,
} from './workflows/inventory.js';
export type { ToolInput, ToolOutput, TypedRead } from './workflows/typed-read.js';
export { type ServerUsage, serverUsage, usageOf } from './workflows/usage.js';
