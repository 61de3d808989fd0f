// The public API of @hostkit/sandbox. Explicit names only.

export { type Clock, type ManualClock, manualClock, systemClock } from './clock';
export {
  exampleDomainContact,
  exampleDomainOwner,
  exampleRegistration,
  exampleServerOrder,
  exampleSshKey,
  type ToolExample,
  toolExamples,
} from './examples';
export { type FaultInfo, type FaultKind, type FaultSpec, faultSpecSchema } from './faults';
export { kubeconfigFor } from './handlers/kubernetes';
export type {
  DeploiInput,
  Handler,
  HandlerContext,
  HandlerEntry,
  HandlerMap,
  HandlerOf,
  Handlers,
  InputOf,
  Reply,
  SandboxConfig,
  SeflowInput,
} from './handlers/support';
export type {
  Agreement,
  Alert,
  BackupPlan,
  Client,
  DatabaseUser,
  DedicatedServer,
  DedicatedStatus,
  DeepReadonly,
  Disk,
  DnsRecord,
  Domain,
  DomainContact,
  EmailProduct,
  Firewall,
  FirewallRule,
  Invoice,
  KubernetesCluster,
  ManagedDatabase,
  PortableIp,
  PrivateNetwork,
  ReverseProxy,
  SandboxEvent,
  SandboxState,
  Scale,
  SeflowAccount,
  ServerStatus,
  Site,
  SiteDatabase,
  SshKey,
  User,
  VirtualServer,
  Vpn,
  Wordpress,
} from './model';
export { encodePng } from './png';
export type { RequestLogEntry } from './request-log';
export {
  type Sandbox,
  type SandboxCredentials,
  type SandboxFaults,
  type SandboxOptions,
  type SandboxRequests,
  type SandboxStateAccess,
  startSandbox,
} from './sandbox';
export { seedState } from './seed';
export { HEALTHY_HOST, TROUBLES } from './seed-troubled';
