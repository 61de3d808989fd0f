import { REQUEST_BLOCKED_MESSAGE_ID } from '@hostkit/core';
import { tokenMessages } from './auth';

// The messages the sandbox answers with, in one place. Those the API references document are used
// verbatim; the others are the sandbox's own wording (the live API's is not documented), kept short.
// Documented success messages live in the handlers beside their messageId.

/** A message and its messageId. */
export interface DeploiMessage {
  message: string;
  messageId: number;
}

const m = (message: string, messageId = -1): DeploiMessage => ({ message, messageId });

/** Deploi refusals. */
export const deploiErrors = {
  /** Documented (public sources): wrong username or password. */
  loginFailed: m('Email or Password Invalid', -1),
  /** Documented (public sources): requests that look like curl. */
  requestBlocked: m('Request blocked', REQUEST_BLOCKED_MESSAGE_ID),
  /** The core client's expired-token detection matches these two exactly. */
  tokenInvalid: m(tokenMessages.invalid),
  tokenExpired: m(tokenMessages.expired),
  twoFactorInvalid: m('Two factor code invalid'),
  invalidJson: m('The request body is not valid JSON'),
  notAnObject: m('The request body must be a JSON object'),
  tooLarge: m('The request body is too large'),
  missingCommand: m('Missing command'),
  unknownCommand: (name: string) => m(`Unknown command: ${name}`),
  notImplemented: (name: string) => m(`${name} is not implemented in the Hostkit sandbox yet`),
  invalidInput: (issues: string) => m(`Invalid input: ${issues}`),
  noSuchClient: m('No such client, or the user has no access to it'),
  noSuchServer: m('No such server'),
  serverNotActive: m('The server is not active'),
  noSuchDisk: m('No such disk'),
  noSuchAgreement: m('No such agreement'),
  noSuchDomain: m('No such domain'),
  noSuchRecord: m('No such record'),
  recordExists: m('The record already exists'),
  emailTaken: m('The e-mail address is already registered'),
  // domains
  domainTaken: m('The domain is not available'),
  domainAtDeploi: m('The domain is already registered with Deploi'),
  noSuchContact: m('No such contact'),
  // firewalls and WAF
  noSuchFirewall: m('No such firewall'),
  noPublicIps: m('No public IPv4 addresses available'),
  notOnFirewall: m('The IP is not an address of this firewall'),
  portForwarded: m('The port is already forwarded'),
  noSuchRule: m('No such firewall rule'),
  noSuchNetwork: m('No such private network'),
  networkOverlaps: m('The network overlaps a private network of the firewall'),
  networkFull: m('The private network has no free address'),
  alreadyConnected: m('The server is already connected to this network'),
  noSuchConnector: m('No such connector'),
  notWaf: m('The firewall is not a WAF firewall'),
  noSuchReverseProxy: m('No such reverse proxy site'),
  domainServed: (domain: string) => m(`${domain} is already served by another reverse proxy site`),
  paranoiaOrder: m('logParanoiaLevel must be at least blockingParanoiaLevel'),
  allowedAndBlocked: (country: string) => m(`${country} cannot be both allowed and blocked`),
  dnsNotPointing: (domain: string) => m(`The DNS of ${domain} does not point at the firewall`),
  noCertificate: m('The site has no certificate'),
  // billing
  noSuchInvoice: m('No such invoice'),
  // sites, wordpress, databases, email, kubernetes, backups
  noSuchSite: m('No such site'),
  noSuchSiteUser: m('No such site user'),
  siteUserExists: m('The user already exists on the SiteHost server'),
  noFreeSiteSlot: m('The SiteHost server has no free site slot'),
  noSiteHostServer: m('The client has no SiteHost server'),
  siteDomainTaken: (domain: string) => m(`${domain} is already used by another site on the server`),
  siteHasNoDomains: m('The site has no domains'),
  sshKeyExists: m('The user already has an SSH key with that name'),
  noSuchSshKey: m('No such SSH key'),
  noSuchWordpress: m('No such WordPress service'),
  noSuchWordpressSite: m('No such WordPress website'),
  wordpressType: (type: string) => m(`The WordPress service is not of type ${type}`),
  domainInUse: (domain: string) => m(`${domain} is already in use`),
  wordpressInstalled: m('WordPress is already installed on the site'),
  noSuchDatabase: m('No such database'),
  databaseOfOtherSite: m('The database belongs to another site'),
  noSuchDatabaseUser: m('No such database user'),
  databaseUserExists: m('The database user already exists'),
  noSuchEmailAccount: m('No such e-mail account'),
  emailDomainNotYours: (address: string) => m(`The domain of ${address} is not one of yours`),
  emailServiceExists: (address: string) => m(`${address} already has an e-mail service`),
  emailNotReady: m('The e-mail service is still being created'),
  noSuchKubernetes: m('No such Kubernetes service'),
  noSuchBackupPlan: m('No such backup plan'),
  noSuchBackup: m('No such backup'),
  tooManyRequests: m('Too many requests'),
  unavailable: m('Service temporarily unavailable'),
  methodNotAllowed: m('Use POST with a JSON body'),
} as const;

/** SeFlow refusals: the first five are the reference's own texts. */
export const seflowErrors = {
  wrongCredentials: 'Wrong Username or Password',
  noSuchServer: 'No such server or server not yet active',
  noSuchIp: 'No such ip',
  noSuchTarget: 'No such target server',
  noPortableIp: 'No Portable IP',
  suspendedBySeflow: 'Server is suspended by SeFlow',
  unknownAction: 'Unknown action',
  missingAction: 'Missing action',
  invalidInput: (issues: string) => `Invalid input: ${issues}`,
  notImplemented: (name: string) => `${name} is not implemented in the Hostkit sandbox yet`,
  tooManyRequests: 'Too many requests',
  unavailable: 'Service temporarily unavailable',
  methodNotAllowed: 'Use GET with query parameters',
} as const;
