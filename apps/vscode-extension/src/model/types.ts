import type { CommandByTool, CommandOutput, KnownKeys, ToolName } from '@hostkit/core';

// The data the trees show, as plain JSON: it is what the cache stores, so no class instances and
// nothing secret. Every field's type is the core output schema's (z.output), so a field renamed or
// retyped in core fails to compile here instead of being read wrongly.

export type ProviderId = 'deploi' | 'seflow';

/** The parsed output of a command, by tool name. */
export type Output<T extends ToolName> = CommandOutput<CommandByTool<T>>;
/** One entry of an optional list in an output. */
type Entry<L> = NonNullable<L> extends readonly (infer E)[] ? E : never;
/**
 * `T[K]` without the `undefined` an optional field adds, for `exactOptionalPropertyTypes` view fields.
 * `K` is a key the schema names, not one a loose object's index signature allows, so a renamed field fails.
 */
type Field<T, K extends KnownKeys<T> & keyof T> = Exclude<T[K], undefined>;

/** A server as GetServers lists it. */
export type ServerRow = Entry<Output<'deploi_get_servers'>['servers']>;
/** GetServerInfo's `serverInfo.virtual`. */
export type VirtualInfo = NonNullable<NonNullable<Output<'deploi_get_server_info'>['serverInfo']>['virtual']>;
type DiskRow = Entry<VirtualInfo['disks']>;
export type DomainRow = Entry<Output<'deploi_get_domains'>['domains']>;
export type RecordRow = Entry<Output<'deploi_get_domain_records'>['records']>;
type RecordOptionsRow = NonNullable<RecordRow['options']>;
export type FirewallRow = Entry<Output<'deploi_get_firewalls'>['firewalls']>;
export type RuleRow = Entry<NonNullable<Output<'deploi_get_firewall_rules'>['firewallRules']>['rules']>;
export type NetworkRow = Entry<Output<'deploi_get_firewall_private_networks'>['privateNetworks']>;
type ConnectorRow = Entry<NetworkRow['connectors']>;
export type ProxyInfoRow = NonNullable<Output<'deploi_get_reverse_proxy_info'>['reverseProxyInfo']>;

export interface ServerSummary {
  provider: ProviderId;
  /** Deploi: the numeric service id; SeFlow: the server name from the customer portal. */
  id: ServerRow['id'] | string;
  name: string;
  status: string;
  type?: Field<ServerRow, 'type'>;
  mainIp?: Field<ServerRow, 'mainip'>;
  /** Every IP the server has (public and private), once GetServerInfo was read for it. */
  ips?: Field<VirtualInfo, 'ips'>;
  ram?: Field<ServerRow, 'ram'>;
  cpu?: Field<ServerRow, 'cpu'>;
  disk?: Field<ServerRow, 'disk'>;
}

export interface DiskInfo {
  id: string;
  type?: Field<DiskRow, 'type'>;
  size?: Field<DiskRow, 'size'>;
}

export interface ServerDetails {
  mainIp?: Field<VirtualInfo, 'mainip'>;
  ips: Field<VirtualInfo, 'ips'>;
  disks: DiskInfo[];
  ram?: Field<VirtualInfo, 'ram'>;
  cpu?: Field<VirtualInfo, 'cpu'>;
  running?: Field<VirtualInfo, 'running'>;
  suspended?: Field<VirtualInfo, 'suspended'>;
  usage: { cpu?: number; ram?: number; disk?: number; load?: number };
  /** Monitor commands that failed: shown as a hint, they do not fail the whole node. */
  usageErrors: string[];
}

export interface DomainSummary {
  name: Field<DomainRow, 'name'>;
  id?: Field<DomainRow, 'id'>;
  status?: Field<DomainRow, 'status'>;
  registrationDate?: Field<DomainRow, 'registrationDate'>;
  expiryDate?: Field<DomainRow, 'expiryDate'>;
  nextDueDate?: Field<DomainRow, 'nextDueDate'>;
}

/** The options a record is written with (serviceSet/protocolSet are read, never kept). */
export type RecordOptions = Partial<
  Pick<
    { [K in keyof RecordOptionsRow]: Exclude<RecordOptionsRow[K], undefined> },
    'ttl' | 'service' | 'protocol' | 'priority' | 'weight' | 'port'
  >
>;

export interface DnsRecord {
  type: Field<RecordRow, 'type'>;
  host: Field<RecordRow, 'host'>;
  value: Field<RecordRow, 'value'>;
  options: RecordOptions;
}

export interface DomainDetails {
  records: DnsRecord[];
  nameServers: string[];
  /** Name servers are read separately; their failure leaves the records shown. */
  nameServerError?: string;
}

export interface FirewallSummary {
  id: Field<FirewallRow, 'id'>;
  name: string;
  status?: Field<FirewallRow, 'status'>;
  type?: Field<FirewallRow, 'type'>;
  tb?: Field<FirewallRow, 'tb'>;
  ipv4s?: Field<FirewallRow, 'ipv4s'>;
}

export interface FirewallRule {
  protocol?: Field<RuleRow, 'protocol'>;
  srcNetwork?: Field<RuleRow, 'src-network'>;
  srcCidr?: Field<RuleRow, 'src-cidr'>;
  srcIp?: Field<RuleRow, 'src-ip'>;
  srcPort?: Field<RuleRow, 'src-port'>;
  dstIp?: Field<RuleRow, 'dst-ip'>;
  dstPort?: Field<RuleRow, 'dst-port'>;
  packets?: Field<RuleRow, 'packets'>;
  bytes?: Field<RuleRow, 'bytes'>;
}

export interface PrivateNetwork {
  network: Field<NetworkRow, 'network'>;
  name?: Field<NetworkRow, 'name'>;
  connectors: { [K in 'name' | 'local' | 'remote' | 'ip']?: Field<ConnectorRow, K> }[];
}

export interface ReverseProxy {
  id: number;
  name: string;
  forwardTo?: Field<ProxyInfoRow, 'forwardTo'>;
  domains: Field<ProxyInfoRow, 'domains'>;
  wafEnabled?: Field<ProxyInfoRow, 'wafEnabled'>;
  wafMode?: Field<ProxyInfoRow, 'wafMode'>;
  geoBlockActivated?: Field<ProxyInfoRow, 'geoBlockActivated'>;
  allowList: Field<ProxyInfoRow, 'allowList'>;
  blockList: Field<ProxyInfoRow, 'blockList'>;
  /** GetReverseProxyInfo failed for this site: shown on the node, the rest of the firewall is fine. */
  infoError?: string;
}

export interface FirewallDetails {
  rules: FirewallRule[];
  privateNetworks: PrivateNetwork[];
  reverseProxies: ReverseProxy[];
  /** Section name → error message, for sections whose read failed. */
  errors: Record<string, string>;
}
