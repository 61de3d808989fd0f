import { z } from 'zod';
import {
  clientId,
  deploiAck,
  deploiReply,
  domainName,
  id,
  label,
  looseBoolean,
  looseNumber,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient, quotedList } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q } from '../text.js';

const siteId = (what = 'The site id, from deploi_get_sites.') => id(what);

// The Linux user a site runs as (GetSite's "name"): a conservative system user name.
const siteUser = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,31}$/,
    'must be a user name: a letter, then up to 31 letters, digits, _ or -',
  );

const sshKeyName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
    'must be 1-64 letters, digits, ., _, @ or -, starting with a letter or digit',
  );

// Only a single OpenSSH public key line passes, so private key material can never be sent.
const sshPublicKey = z
  .string()
  .trim()
  .max(16384)
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\p{Cc}]*)?$/u,
    'must be one OpenSSH public key line such as "ssh-ed25519 AAAAC3Nz... me@laptop" (never a private key)',
  );

/** Deploi: SiteHost servers and their sites: domains, certificates, Apache, SSH keys. */
export const deploiSites = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetSites',
    group: 'sites',
    title: 'List sites',
    description:
      'Lists every SiteHost site the login can see, with its site id and primary domain. Use it to find the siteid the other site, database and SSH-key tools need.',
    input: z.strictObject({}),
    output: deploiReply({
      data: z
        .array(
          z.looseObject({
            siteid: looseNumber.optional(),
            primarydomain: z.string().optional(),
            // Joined in by Hostkit from GetSite (see `list.join`).
            serverid: looseNumber.optional(),
            certificate: looseBoolean.optional(),
            domains: z.array(z.string()).optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: {
      at: 'data',
      noun: 'site',
      columns: ['siteid', 'primarydomain', 'serverid', 'certificate', 'domains'],
      // GetSites has only ids and primary domains; GetSite has the rest.
      join: {
        fields: ['serverid', 'certificate', 'domains'],
        cost: 'each site returned also gets its domains, certificate state and SiteHost server id, from one deploi_get_site request per site',
        async extra(row, read) {
          const site = (await read('deploi_get_site', { siteid: Number(row.siteid) })).data as
            | { domene?: string[]; certificate?: boolean; certifificate?: boolean; serverid?: number }
            | undefined;
          if (!site) return {};
          return {
            ...(site.serverid === undefined ? {} : { serverid: site.serverid }),
            certificate: site.certificate ?? site.certifificate ?? false,
            ...(site.domene ? { domains: site.domene } : {}),
          };
        },
      },
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetSite',
    group: 'sites',
    title: 'Get a site',
    description:
      'Returns one site: its domains (in the Norwegian key "domene"), the user it runs as ("name") and whether it has a certificate. The site id comes from deploi_get_sites.',
    input: z.strictObject({ siteid: siteId('The site to describe, from deploi_get_sites.') }),
    output: deploiReply({
      data: z
        .looseObject({
          domene: z.array(z.string()).optional(),
          name: z.string().optional(),
          certificate: looseBoolean.optional(),
          // The field list spells it so; accepted in case the server does too.
          certifificate: looseBoolean.optional(),
          // Not documented: the SiteHost server the site runs on, when the reply names it (api-notes).
          serverid: looseNumber.optional(),
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateSiteHostServer',
    tool: 'deploi_create_sitehost_server',
    group: 'sites',
    title: 'Create a SiteHost server',
    description:
      'Orders a new virtual server with Deploi SiteHost installed, which hosts up to `sites` web sites. Costs money: the server is billed by its RAM, CPU and disk from creation until cancelled.',
    input: z.strictObject({
      clientid: clientId,
      name: label('Name of the new server, shown in the Deploi portal and in deploi_get_servers.', 64),
      ram: z.number().int().min(1).max(512).describe('RAM in GB, a whole number (1-512).'),
      cpu: z.number().int().min(1).max(128).describe('Number of virtual CPUs, a whole number (1-128).'),
      disk: z.number().int().min(1).max(16384).describe('Disk size in GB, a whole number (1-16384).'),
      sites: z
        .number()
        .int()
        .min(1)
        .max(10000)
        .describe('The most sites the server may host, a whole number (1-10000).'),
      publicip: z
        .boolean()
        .describe('true to give the server a public IPv4 address; false for an internal address only.'),
    }),
    output: deploiAck,
    risk: 'write',
    billable: true,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_servers', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    auth: 'session',
    creates: {
      list: 'deploi_get_servers',
      input: (i) => (i.clientid === undefined ? {} : { clientid: i.clientid }),
      rows: 'servers',
      matches: (row, i) => row.name === i.name,
    },
    summary: (i) =>
      `Order a SiteHost server ${q(i.name)}${forClient(i)} for up to ${i.sites} site${i.sites === 1 ? '' : 's'}: ${i.cpu} vCPU, ${i.ram} GB RAM, ${i.disk} GB disk, ${i.publicip ? 'a public IP' : 'a private IP only'}. Billed monthly from creation until cancelled.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DuplicateSite',
    group: 'sites',
    title: 'Duplicate a site',
    description:
      "Copies a site (files and settings) to a new site on the same SiteHost server, optionally running as a new user. Uses one of the server's site slots and disk space shared with its live sites; the copy needs its own domains (deploi_update_site_domains).",
    input: z
      .strictObject({
        clientid: clientId,
        siteid: siteId('The site to copy, from deploi_get_sites.'),
        usedifferentuser: z
          .boolean()
          .describe('true to run the copy as a new user named `name`; false to keep the original user.'),
        name: siteUser
          .optional()
          .describe('The user the copy runs as (a new user when usedifferentuser is true). Required then.'),
      })
      .refine((v) => !v.usedifferentuser || v.name !== undefined, {
        path: ['name'],
        message: 'name is required when usedifferentuser is true',
      }),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (): ToolCall => toolCall('deploi_get_sites', {}),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateSiteDomains',
    group: 'sites',
    title: 'Set the domains of a site',
    description:
      'Replaces the whole list of domains a site answers to. Any domain left out stops being served by the site at once (and its certificate no longer covers it); read the current list with deploi_get_site first.',
    input: z.strictObject({
      id: id('The SiteHost server (product) the site runs on, from deploi_get_servers.'),
      siteid: siteId('The site whose domains to set, from deploi_get_sites.'),
      domains: z
        .array(domainName)
        .min(1)
        .max(100)
        .refine((d) => new Set(d).size === d.length, 'domains must not repeat')
        .describe(
          'The complete new list of domains for the site, such as ["example.com", "www.example.com"].',
        ),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_site', { siteid: i.siteid }),
    targets: (i) => [
      { kind: 'site', id: i.siteid },
      { kind: 'server', id: i.id },
    ],
    summary: (i, n) =>
      `Make ${n.site(i.siteid)} on ${n.server(i.id)} answer to exactly ${quotedList(i.domains)}. Any domain it serves now that is not listed stops being served at once.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'RestartApache',
    group: 'sites',
    title: 'Restart Apache of a site',
    description:
      "Restarts the Apache web server serving a site. Requests in flight are dropped and the server's sites are briefly unreachable; use it after configuration changes or when a site hangs.",
    input: z.strictObject({
      clientid: clientId,
      siteid: siteId('The site whose Apache to restart, from deploi_get_sites.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: false,
    targets: (i) => [{ kind: 'site', id: i.siteid }],
    summary: (i, n) =>
      `Restart the Apache web server of ${n.site(i.siteid)}${forClient(i)}: requests in flight are dropped and the server's sites are briefly unreachable.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateCertificate',
    group: 'sites',
    title: 'Create a site certificate',
    description:
      "Creates a TLS certificate for a site's domains so it is served over HTTPS. The domains must already point at the site, and the certificate becomes public in Certificate Transparency logs; deploi_get_site shows whether a certificate exists.",
    input: z.strictObject({
      clientid: clientId,
      siteid: siteId('The site to create a certificate for, from deploi_get_sites.'),
    }),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_site', { siteid: i.siteid }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteCertificate',
    group: 'sites',
    title: 'Delete a site certificate',
    description:
      "Deletes a site's TLS certificate. HTTPS to the site stops working (browsers show errors) until deploi_create_certificate makes a new one.",
    input: z.strictObject({
      clientid: clientId,
      siteid: siteId('The site whose certificate to delete, from deploi_get_sites.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_site', { siteid: i.siteid }),
    targets: (i) => [{ kind: 'site', id: i.siteid }],
    summary: (i, n) =>
      `Delete the TLS certificate of ${n.site(i.siteid)}${forClient(i)}: HTTPS to it stops working until a new one is made.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetSSHKeys',
    group: 'sites',
    title: 'List SSH keys of sites',
    description:
      'Lists the SSH public keys installed for site users, with the site and key name of each. Give siteid to list one site only, omit it for all sites.',
    input: z.strictObject({
      siteid: siteId(
        'Only list the keys of this site, from deploi_get_sites. Omit to list the keys of all sites.',
      ).optional(),
    }),
    output: deploiReply({
      data: z
        .array(
          z.looseObject({
            siteid: looseNumber.optional(),
            keyname: z.string().optional(),
            key: z.string().optional(),
            primarydomain: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    // The wire's filteredbysite flag is derived: true exactly when a site is given; no placeholder siteid is sent.
    toWire: ({ siteid }) =>
      siteid === undefined ? { filteredbysite: false } : { filteredbysite: true, siteid },
    list: { at: 'data', noun: 'SSH key', columns: ['siteid', 'keyname', 'primarydomain'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'AddSSHKey',
    group: 'sites',
    title: 'Add an SSH key to a site user',
    description:
      'Installs an SSH public key for a site user, giving whoever holds the matching private key shell access as that user. The user is the "name" shown by deploi_get_site.',
    input: z.strictObject({
      clientid: clientId,
      keyname: sshKeyName.describe('A name for the key, used to remove it later (deploi_remove_ssh_key).'),
      key: sshPublicKey.describe(
        'The OpenSSH public key line, such as "ssh-ed25519 AAAAC3Nz... me@laptop". Never a private key.',
      ),
      name: siteUser.describe('The site user to add the key for: the "name" of deploi_get_site.'),
    }),
    output: deploiAck,
    // Grants shell access to whoever holds the private key: it weakens security.
    ...sessionDestructive,
    idempotent: false,
    check: (): ToolCall => toolCall('deploi_get_ssh_keys', {}),
    // A public key is not secret, but a private key pasted by mistake must not reach a log; the human
    // confirming must see which key gets access (the schema lets only public key lines through).
    secrets: ['key'],
    shown: ['key'],
    summary: (i) =>
      `Give shell access as the site user ${q(i.name)}${forClient(i)} to whoever holds the private key of ${q(i.key)}, installed under the name ${q(i.keyname)}.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'RemoveSSHKey',
    group: 'sites',
    title: 'Remove an SSH key from a site user',
    description:
      'Removes an SSH public key from a site user: whoever logs in with it (people, deploy pipelines) loses access at once. deploi_get_ssh_keys lists the installed keys and their names.',
    input: z.strictObject({
      clientid: clientId,
      keyname: sshKeyName.describe('The name of the key to remove, from deploi_get_ssh_keys.'),
      key: sshPublicKey.describe('The public key line to remove, as listed by deploi_get_ssh_keys.'),
      name: siteUser.describe('The site user to remove the key from: the "name" of deploi_get_site.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (): ToolCall => toolCall('deploi_get_ssh_keys', {}),
    secrets: ['key'],
    shown: ['key'],
    summary: (i) =>
      `Remove the SSH key ${q(i.keyname)} (${q(i.key)}) from the site user ${q(i.name)}${forClient(i)}: whoever logs in with it loses access at once.`,
  }),
] as const satisfies readonly Command[];
