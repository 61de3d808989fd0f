// The data the trees show, as plain JSON: it is what the cache stores, so no class instances and
// nothing secret.

export type ProviderId = 'deploi' | 'seflow';

export interface ServerSummary {
  provider: ProviderId;
  /** Deploi: the numeric service id; SeFlow: the server name from the customer portal. */
  id: number | string;
  name: string;
  status: string;
  type?: string;
  mainIp?: string;
  /** Every IP the server has (public and private), once GetServerInfo was read for it. */
  ips?: string[];
  ram?: number;
  cpu?: number;
  disk?: number;
}

export interface DiskInfo {
  id: string;
  type?: string;
  size?: number;
}

export interface ServerDetails {
  mainIp?: string;
  ips: string[];
  disks: DiskInfo[];
  ram?: number;
  cpu?: number;
  running?: boolean;
  suspended?: boolean;
  usage: { cpu?: number; ram?: number; disk?: number; load?: number };
  /** Monitor commands that failed: shown as a hint, they do not fail the whole node. */
  usageErrors: string[];
}

export interface DomainSummary {
  name: string;
  id?: number;
  status?: string;
  registrationDate?: string;
  expiryDate?: string;
  nextDueDate?: string;
}

export interface RecordOptions {
  ttl?: number;
  service?: string;
  protocol?: string;
  priority?: number;
  weight?: number;
  port?: number;
}

export interface DnsRecord {
  type: string;
  host: string;
  value: string;
  options: RecordOptions;
}

export interface DomainDetails {
  records: DnsRecord[];
  nameServers: string[];
  /** Name servers are read separately; their failure leaves the records shown. */
  nameServerError?: string;
}

export interface FirewallSummary {
  id: number;
  name: string;
  status?: string;
  type?: string;
  tb?: number;
  ipv4s?: number;
}

export interface FirewallRule {
  protocol?: string;
  srcNetwork?: string;
  srcCidr?: number;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
  packets?: number;
  bytes?: number;
}

export interface PrivateNetwork {
  network: string;
  name?: string;
  connectors: { name?: string; local?: string; remote?: string; ip?: string }[];
}

export interface ReverseProxy {
  id: number;
  name: string;
  forwardTo?: string;
  domains: string[];
  wafEnabled?: boolean;
  wafMode?: string;
  geoBlockActivated?: boolean;
  allowList: string[];
  blockList: string[];
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
