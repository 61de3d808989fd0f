// The sandbox's state model: plain JSON-serialisable records, so the whole state can be compared
// (seed determinism), persisted (stateFile) and shown read-only. Field names are camelCase; the
// handlers map them to each command's wire names. Every numeric service id doubles as its
// agreement id, as in Deploi (CancelAgreement and ForgotPassword take the service id).

/** How much the seed generates: a realistic demo account, or a large one for benchmarks. */
/**
 * `demo`: a realistic account; `scale`: 1,000 servers, 500 domains, 100 firewalls; `troubled`: the demo
 * account with planted faults for hostkit_diagnose to find (see seed-troubled.ts).
 */
export type Scale = 'demo' | 'scale' | 'troubled';

/** A Deploi login. The password is stored hashed so the state (and its file) holds no secret. */
export interface User {
  id: number;
  email: string;
  passwordHash: string;
  firstname: string;
  lastname: string;
  twoFactor: boolean;
  /** The clients (customer accounts) this user administers, in Login's order. */
  clientIds: number[];
}

/** A customer account (GetAccountInfo's accountInfo). */
export interface Client {
  id: number;
  /** Shown in Login's data.clients. */
  name: string;
  type: 'company' | 'person';
  firstname: string;
  lastname: string;
  email: string;
  phone: string;
  companyname: string;
  legalentityid: string;
  addressline1: string;
  addressline2: string;
  city: string;
  state: string;
  postalcode: string;
  countrycode: string;
  agreedtotac: boolean;
  receiveinfo: boolean;
  ehfinvoice: boolean;
  autocreate: boolean;
}

export type ServerStatus = 'creating' | 'active' | 'restarting' | 'off';

/** A Deploi virtual server. */
export interface VirtualServer {
  id: number;
  clientId: number;
  name: string;
  type: 'virtual';
  /** GB. */
  ram: number;
  /** vCPUs. */
  cpu: number;
  status: ServerStatus;
  /** When a `creating` or `restarting` server becomes `active` (epoch ms); null when settled. */
  readyAt: number | null;
  suspended: boolean;
  os: string;
  licenses: string[];
  /** The sudo user created with the server (never its password). */
  username: string;
  publicIp: boolean;
  /** Empty while `creating`, as the live API shows. */
  mainip: string;
  ips: string[];
  diskIds: string[];
  createdAt: string;
  /** Load figures the monitoring commands report. */
  usage: { cpuPercent: number; ramPercent: number; diskPercent: number };
  /** SiteHost servers made by CreateSiteHostServer: how many sites they may host (none: no limit). */
  maxSites?: number;
}

/** A disk; `serverId` null for a detached network disk. */
export interface Disk {
  id: string;
  clientId: number;
  serverId: number | null;
  name: string;
  type: 'ssd' | 'hdd';
  technology: 'internal' | 'network';
  /** GB. */
  sizeGb: number;
}

export interface Vpn {
  id: number;
  clientId: number;
  username: string;
  ip: string;
}

export interface DnsRecord {
  type: 'A' | 'AAAA' | 'TXT' | 'MX' | 'CNAME' | 'SOA' | 'SRV' | 'NS';
  /** Fully qualified, without the trailing dot ("www.example.com"); the apex is the domain name. */
  host: string;
  value: string;
  ttl: number;
  service: string;
  protocol: string;
  priority: number;
  weight: number;
  port: number;
}

/** A domain contact in GetDomainContacts' shape. */
export interface DomainContact {
  id: string;
  firstName: string;
  lastName: string;
  company: boolean;
  companyName: string;
  companyID: string;
  country: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
}

export interface Domain {
  id: number;
  clientId: number;
  name: string;
  /** `active`, or `pending-transfer` while an incoming transfer runs. */
  status: string;
  /** While a transfer runs: when it completes and the domain becomes `active` (epoch ms). */
  readyAt?: number;
  registrationDate: string;
  expiryDate: string;
  nextDueDate: string;
  /** Name servers without the trailing dot. */
  nameServers: string[];
  defaultNameServers: boolean;
  contacts: {
    holder: DomainContact;
    administrativeContact: DomainContact;
    technicalContact: DomainContact;
    billingContact: DomainContact;
  };
  records: DnsRecord[];
}

export interface FirewallRule {
  protocol: 'tcp' | 'udp';
  srcNetwork: string;
  srcCidr: number;
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  packets: number;
  bytes: number;
}

export interface PrivateNetworkConnector {
  name: string;
  local: string;
  remote: string;
  ip: string;
}

export interface PrivateNetwork {
  network: string;
  name: string;
  connectors: PrivateNetworkConnector[];
}

export type WafMode = 'On' | 'Off' | 'DetectionOnly';

/** A reverse proxy site of a WAF firewall, with its WAF, geo-blocking and certificate settings. */
export interface ReverseProxy {
  id: number;
  name: string;
  domains: string[];
  forwardTo: string;
  validateSourceCert: boolean;
  siteadminemail: string;
  siteid: number;
  wafEnabled: boolean;
  crsEnabled: boolean;
  wafMode: WafMode;
  blockingParanoiaLevel: number;
  logParanoiaLevel: number;
  certCreated: boolean;
  /** When the certificate expires (YYYY-MM-DD); GetReverseProxyInfo reports it as `certExpires`. */
  certExpires?: string;
  geoBlockActivated: boolean;
  geoBlock: boolean;
  geoAllow: boolean;
  blockList: string[];
  allowList: string[];
  /** Counters GetLogStatistics reports. */
  stats: { requests: number; blocked: number; logged: number };
}

export interface Firewall {
  id: number;
  clientId: number;
  name: string;
  /** Terabytes per month it may process. */
  tb: number;
  type: 'ip' | 'waf';
  status: 'active' | 'off';
  publicIPv4s: string[];
  packets: number;
  bytes: number;
  rules: FirewallRule[];
  privateNetworks: PrivateNetwork[];
  reverseProxies: ReverseProxy[];
}

/** What a site backup restores: the settings the sandbox models (files and tables are not modelled). */
export interface SiteSnapshot {
  primarydomain: string;
  domains: string[];
  certificate: boolean;
  wordpress: boolean;
}

/** A SiteHost site. */
export interface Site {
  id: number;
  clientId: number;
  /** The SiteHost server (product) it runs on. */
  serverId: number;
  /** The Linux user it runs as (GetSite's "name"). */
  name: string;
  primarydomain: string;
  domains: string[];
  certificate: boolean;
  wordpress: boolean;
  /** Newest first. `snapshot` only on backups taken with BackupSite (seeded ones have none). */
  backups: { backupid: number; datetime: string; snapshot?: SiteSnapshot }[];
}

/** A site database (CreateSiteDatabase) and the users given access to it. */
export interface SiteDatabase {
  id: number;
  clientId: number;
  siteId: number | null;
  users: string[];
}

/** A site database user (CreateDatabaseUser); the password is never stored. */
export interface DatabaseUser {
  clientId: number;
  name: string;
}

export interface SshKey {
  clientId: number;
  siteId: number;
  keyname: string;
  /** A public key: not a secret. */
  key: string;
  /** The site user it is for. */
  name: string;
}

/** A managed database (GetDatabases). */
export interface ManagedDatabase {
  id: number;
  clientId: number;
  type: 'MySQL' | 'PostgreSQL';
  ram: number;
  cpu: number;
  disk: number;
  status: string;
  diskUsed: number;
  ips: string[];
  port: number;
}

export interface Wordpress {
  id: number;
  clientId: number;
  type: 'deploihosted' | 'forge';
  domain: string;
  ram: number;
  cpu: number;
  disk: number;
  forgeSiteId: number;
  forgeServerId: number;
  ssl: boolean;
}

export interface EmailProduct {
  id: number;
  clientId: number;
  email: string;
  type: 'account' | 'transactional' | 'm365';
  status: 'active' | 'creating' | 'cancelled';
  /** GB, for account and transactional. */
  used: number;
  total: number;
  /** For m365: subscription expiry date. */
  expiry: string;
  invoiceterm: 'monthly' | 'yearly';
  /** When SetEmailPassword last ran (the password itself is never stored). */
  passwordSetAt: string | null;
  /** While `creating` (OrderEmailService): when it becomes `active` (epoch ms). */
  readyAt?: number;
}

export interface KubernetesCluster {
  id: number;
  clientId: number;
  ram: number;
  cpu: number;
  disk: number;
  /** Milli-CPUs and bytes in use, as GetKubernetesInfo reports. */
  cpuUsed: number;
  ramUsed: number;
  diskUsed: number;
}

export interface BackupSlot {
  type: 'interval' | 'permanent';
  interval: { from?: string; to?: string };
  name: string;
  present: boolean;
}

export interface BackupPlan {
  /** Such as "Disk-8-2-1". */
  id: string;
  clientId: number;
  location: number;
  daily: number;
  weekly: number;
  monthly: number;
  yearly: number;
  backupof: string;
  objectid: string;
  objectname: string;
  slots: BackupSlot[];
}

export interface InvoiceLine {
  description: string;
  /** NOK; the invoice amount is the sum of its lines. */
  amount: number;
}

export interface Invoice {
  id: number;
  clientId: number;
  date: string;
  due: string;
  cancelled: boolean;
  paid: boolean;
  lines: InvoiceLine[];
}

export type AgreementKind =
  | 'server'
  | 'vpn'
  | 'domain'
  | 'firewall'
  | 'sitehost'
  | 'database'
  | 'wordpress'
  | 'email'
  | 'kubernetes'
  | 'alert';

/** What a client pays for. Cancelling one removes it and the service with the same id. */
export interface Agreement {
  id: number;
  clientId: number;
  kind: AgreementKind;
  description: string;
  /** NOK per month. */
  monthlyPrice: number;
  startDate: string;
}

export interface Alert {
  id: number;
  clientId: number;
  description: string;
  checkFrequency: { day: number; week: number; month: number; year: number };
  checkTime: string;
}

export type DedicatedStatus = 'active' | 'suspended-customer' | 'suspended-seflow' | 'canceled';

/** A SeFlow dedicated server, named as in the SeFlow portal. */
export interface DedicatedServer {
  name: string;
  status: DedicatedStatus;
  primaryIp: string;
  ips: string[];
  /** While a reboot runs: when it ends (epoch ms); null otherwise. */
  rebootUntil: number | null;
  lastRebootAt: string | null;
  cpu: string;
  ramGb: number;
}

export interface PortableIp {
  ip: string;
  /** The primary IP of the server it is routed to. */
  routedTo: string;
}

/** The SeFlow account: one API user; the key is stored hashed. */
export interface SeflowAccount {
  username: string;
  keyHash: string;
  servers: DedicatedServer[];
  portableIps: PortableIp[];
  /** PTR host names by IP. */
  rdns: Record<string, string>;
}

/** A side effect with nothing else to show for it (password reset mails, auth-code mails…). */
export interface SandboxEvent {
  time: string;
  command: string;
  clientId: number | null;
  detail: string;
}

/** The whole sandbox state. */
export interface SandboxState {
  version: 1;
  seed: number;
  scale: Scale;
  /** The next numeric id (services, records, invoices): one counter keeps ids unique and stable. */
  nextId: number;
  /** Index of the next unused address of the documentation IPv4 pool. */
  nextPublicIp: number;
  /** Index of the next unused private (10.x) address. */
  nextPrivateIp: number;
  users: User[];
  clients: Client[];
  servers: VirtualServer[];
  disks: Disk[];
  vpns: Vpn[];
  domains: Domain[];
  firewalls: Firewall[];
  sites: Site[];
  siteDatabases: SiteDatabase[];
  databaseUsers: DatabaseUser[];
  sshKeys: SshKey[];
  databases: ManagedDatabase[];
  wordpresses: Wordpress[];
  emailProducts: EmailProduct[];
  kubernetes: KubernetesCluster[];
  backupPlans: BackupPlan[];
  invoices: Invoice[];
  agreements: Agreement[];
  alerts: Alert[];
  seflow: SeflowAccount;
  events: SandboxEvent[];
}

/** A read-only view of a state value, all the way down. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
