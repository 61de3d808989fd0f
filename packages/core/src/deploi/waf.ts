import { z } from 'zod';
import {
  countryCode,
  deploiAck,
  deploiReply,
  domainName,
  id,
  ipv4,
  label,
  looseBoolean,
  looseNumber,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand, type Names } from '../registry/define.js';
import { quotedList } from '../registry/summary.js';
import { proxyInfo, type ToolCall, toolCall, type UndoSpec } from '../registry/undo.js';
import { quote as q } from '../text.js';

const wafId = () => id('The WAF firewall id (a firewall of type "waf"), from deploi_get_firewalls.');
const reverseProxyId = () => id('The reverse proxy site id, from deploi_get_firewall_reverse_proxies.');

/** Every command on one reverse proxy site names the WAF and the site. */
const site = () => z.strictObject({ id: wafId(), reverseProxyId: reverseProxyId() });

const siteDomains = z
  .array(domainName.describe('A domain name served by the site, such as www.example.com.'))
  .min(1)
  .max(100);

// OWASP Core Rule Set paranoia levels.
const paranoiaLevel = z.number().int().min(1).max(4);

const countries = z
  .array(countryCode.describe('A two-letter ISO 3166-1 alpha-2 country code, such as NO.'))
  .max(250);

/** Every command on one site names it the same way. */
const onSite = () => ({
  targets: (i: { id: number; reverseProxyId: number }) => [
    { kind: 'proxy' as const, firewall: i.id, id: i.reverseProxyId },
  ],
});
const siteName = (i: { id: number; reverseProxyId: number }, n: Names) => n.proxy(i.id, i.reverseProxyId);

type Site = { id: number; reverseProxyId: number };
const siteOf = (i: Site): Site => ({ id: i.id, reverseProxyId: i.reverseProxyId });
/** The read of a site's settings its undo starts from. */
const settingsBefore = (i: Site): ToolCall => toolCall('deploi_get_reverse_proxy_info', siteOf(i));

/** A switch is undone by the other one, unless the site was already so (then nothing changed). */
function undoSwitch(flag: 'wafEnabled' | 'geoBlockActivated', to: boolean, back: string): UndoSpec<Site> {
  return {
    before: settingsBefore,
    inverse: (i, before): readonly ToolCall[] | string =>
      proxyInfo(before)?.[flag] === to ? [] : [{ tool: back, input: siteOf(i) }],
  };
}

// The settings UpdateReverseProxy takes, under the same names GetReverseProxyInfo shows them.
const proxySettings = [
  'name',
  'domains',
  'forwardTo',
  'validateSourceCert',
  'logParanoiaLevel',
  'blockingParanoiaLevel',
  'wafMode',
] as const;

/** The settings a call gave, back to what the site had just before. */
function restoreSettings<K extends string>(
  i: Site & Partial<Record<K, unknown>>,
  before: Record<string, unknown> | undefined,
  fields: readonly (readonly [K, string])[],
  tool: string,
): { tool: string; input: Record<string, unknown> }[] | string {
  const info = proxyInfo(before);
  const input: Record<string, unknown> = siteOf(i);
  for (const [field, shown] of fields) {
    if (i[field] === undefined) continue;
    const old = info?.[shown];
    if (old === undefined) return `the site's ${shown} before the change is not known`;
    input[field] = old;
  }
  return [{ tool, input }];
}

/** Deploi: WAF reverse proxy sites: creation, settings, WAF, geo-blocking and certificates. */
export const deploiWaf = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetFirewallReverseProxies',
    group: 'waf',
    title: 'List WAF reverse proxy sites',
    description:
      'Lists the reverse proxy sites (name and reverseProxyId) of a WAF firewall. The other WAF tools need the firewall id and the reverseProxyId from here.',
    input: z.strictObject({ id: wafId() }),
    output: deploiReply({
      firewallReverseProxies: z
        .array(z.looseObject({ name: z.string().optional(), id: looseNumber.optional() }))
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'firewallReverseProxies', noun: 'reverse proxy site', columns: ['id', 'name'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateReverseProxy',
    group: 'waf',
    title: 'Create a WAF reverse proxy site',
    description:
      "Creates a reverse proxy site on a WAF firewall that serves the given domains and forwards to a server's IPv4. The site is public once the domains' DNS points at the firewall's public IP (deploi_get_firewall_public_ips); then create its certificate with deploi_create_firewall_certificate.",
    input: z.strictObject({
      id: wafId(),
      name: label('A name for the site, such as "example.com WAF".', 128),
      domains: siteDomains.describe(
        'The domain names the site serves, such as ["example.com", "www.example.com"].',
      ),
      forwardToIP: ipv4.describe('The IPv4 of the server running the website or web service behind the WAF.'),
    }),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_firewall_reverse_proxies', { id: i.id }),
    confirm: (i) =>
      `it serves ${quotedList(i.domains)} from the firewall and forwards their traffic to ${q(i.forwardToIP)}`,
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `Create the reverse proxy site ${q(i.name)} on ${n.firewall(i.id)} for ${quotedList(i.domains)}, forwarding to ${q(i.forwardToIP)}.`,
    // The docs' example nests the site under "data" (its field list is flat): the example is followed.
    toWire: ({ id: firewall, ...data }) => ({ id: firewall, data }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateReverseProxy',
    group: 'waf',
    title: 'Update a WAF reverse proxy site',
    description:
      'Changes the settings of a reverse proxy site: name, domains, target IP, source certificate check, WAF paranoia levels and WAF mode; only the fields given change. Changing forwardTo re-routes all its traffic, and wafMode "Off"/"DetectionOnly" or lower paranoia levels weaken protection. Read the current settings with deploi_get_reverse_proxy_info.',
    input: z
      .strictObject({
        id: wafId(),
        reverseProxyId: reverseProxyId(),
        name: label('New name of the site.', 128).optional(),
        domains: siteDomains
          .optional()
          .describe('The complete new list of domain names the site serves (replaces the current list).'),
        forwardTo: ipv4.optional().describe('New IPv4 of the server the site forwards traffic to.'),
        validateSourceCert: z
          .boolean()
          .optional()
          .describe(
            'true to verify the TLS certificate of the server behind the proxy, false to accept any.',
          ),
        logParanoiaLevel: paranoiaLevel
          .optional()
          .describe('Paranoia level (1-4) of the rules that are logged; at least blockingParanoiaLevel.'),
        blockingParanoiaLevel: paranoiaLevel
          .optional()
          .describe(
            'Paranoia level (1-4) of the rules that block requests; higher blocks more, with more false positives.',
          ),
        wafMode: z
          .enum(['On', 'Off', 'DetectionOnly'])
          .optional()
          .describe(
            'WAF mode: "On" blocks attacks, "DetectionOnly" only logs them, "Off" disables rule processing. The wire has no flag for it: it is sent only when given.',
          ),
      })
      .superRefine((v, ctx) => {
        if (
          v.logParanoiaLevel !== undefined &&
          v.blockingParanoiaLevel !== undefined &&
          v.logParanoiaLevel < v.blockingParanoiaLevel
        )
          ctx.addIssue({
            code: 'custom',
            path: ['logParanoiaLevel'],
            message: 'must be at least blockingParanoiaLevel',
          });
      }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    patch: {
      wafMode: null,
      name: 'setName',
      domains: 'setDomains',
      forwardTo: 'setForwardTo',
      validateSourceCert: 'setValidateSourceCert',
      logParanoiaLevel: 'setLogParanoiaLevel',
      blockingParanoiaLevel: 'setBlockingParanoiaLevel',
    },
    ...onSite(),
    summary: (i, n) => {
      const changes = [
        i.name === undefined ? '' : `name to ${q(i.name)}`,
        i.domains === undefined ? '' : `domains to ${quotedList(i.domains)}`,
        i.forwardTo === undefined ? '' : `forward all traffic to ${q(i.forwardTo)}`,
        i.validateSourceCert === undefined
          ? ''
          : i.validateSourceCert
            ? "verify the server's certificate"
            : 'accept any certificate from the server',
        i.logParanoiaLevel === undefined ? '' : `log paranoia level ${i.logParanoiaLevel}`,
        i.blockingParanoiaLevel === undefined ? '' : `blocking paranoia level ${i.blockingParanoiaLevel}`,
        i.wafMode === undefined
          ? ''
          : `WAF mode ${q(i.wafMode)}${i.wafMode === 'On' ? '' : i.wafMode === 'Off' ? ' (attacks are no longer filtered)' : ' (attacks are only logged, not blocked)'}`,
      ].filter(Boolean);
      return `Change ${siteName(i, n)}: ${changes.join('; ')}.`;
    },
    undo: {
      before: settingsBefore,
      inverse: (i, before): readonly ToolCall[] | string =>
        restoreSettings(
          i,
          before,
          proxySettings.map((k) => [k, k] as const),
          'deploi_update_reverse_proxy',
        ),
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetReverseProxyInfo',
    group: 'waf',
    title: 'Get WAF reverse proxy site settings',
    description:
      'Returns the settings of a reverse proxy site: domains, target IP, WAF and rule set state, WAF mode, paranoia levels, certificate state and geo-blocking lists. Read it before changing the site.',
    input: site(),
    output: deploiReply({
      reverseProxyInfo: z
        .looseObject({
          forwardTo: z.string().optional(),
          name: z.string().optional(),
          siteadminemail: z.string().optional(),
          domains: z.array(z.string()).optional(),
          siteid: looseNumber.optional(),
          wafEnabled: looseBoolean.optional(),
          crsEnabled: looseBoolean.optional(),
          validateSourceCert: looseBoolean.optional(),
          certCreated: looseBoolean.optional(),
          // Not documented: when the certificate expires, if the reply says (api-notes).
          certExpires: z.string().optional(),
          wafMode: z.string().optional(),
          geoBlockActivated: looseBoolean.optional(),
          blockList: z.array(z.string()).optional(),
          allowList: z.array(z.string()).optional(),
          geoBlock: looseBoolean.optional(),
          geoAllow: looseBoolean.optional(),
          blockingParanoiaLevel: looseNumber.optional(),
          logParanoiaLevel: looseNumber.optional(),
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'EnableWAF',
    group: 'waf',
    title: 'Enable the web application firewall',
    description:
      'Turns on the web application firewall of a reverse proxy site, so attacks are filtered before they reach the server. Live at once; legitimate requests that look like attacks may start being blocked.',
    input: site(),
    output: deploiAck,
    ...sessionWrite,
    idempotent: true,
    check: (i) => settingsBefore(i),
    ...onSite(),
    undo: undoSwitch('wafEnabled', true, 'deploi_disable_waf'),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DisableWAF',
    group: 'waf',
    title: 'Disable the web application firewall',
    description:
      'Turns off the web application firewall of a reverse proxy site: traffic still passes the proxy but attacks are no longer filtered. Weakens security at once; re-enable with deploi_enable_waf.',
    input: site(),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    ...onSite(),
    undo: undoSwitch('wafEnabled', false, 'deploi_enable_waf'),
    summary: (i, n) =>
      `Turn off the web application firewall of ${siteName(i, n)}: attacks are no longer filtered.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'EnableGeoBlock',
    group: 'waf',
    title: 'Enable geo-blocking',
    description:
      'Turns on geo-blocking for a reverse proxy site, applying its allow and block country lists (set them with deploi_update_geo_block). Live at once: visitors from blocked countries are stopped.',
    input: site(),
    output: deploiAck,
    // Disrupts service: visitors from blocked countries are turned away at once.
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    ...onSite(),
    undo: undoSwitch('geoBlockActivated', true, 'deploi_disable_geo_block'),
    summary: (i, n) =>
      `Turn on geo-blocking for ${siteName(i, n)}: visitors from the countries its lists block are turned away at once.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DisableGeoBlock',
    group: 'waf',
    title: 'Disable geo-blocking',
    description:
      'Turns off geo-blocking for a reverse proxy site: visitors from every country reach it again. Weakens security at once; the country lists are kept for deploi_enable_geo_block.',
    input: site(),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    ...onSite(),
    undo: undoSwitch('geoBlockActivated', false, 'deploi_enable_geo_block'),
    summary: (i, n) =>
      `Turn off geo-blocking for ${siteName(i, n)}: visitors from every country reach it again.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateGeoBlock',
    group: 'waf',
    title: 'Set geo-blocking country lists',
    description:
      'Replaces the allow list (only these countries may visit) and/or the block list (these countries may not) of a reverse proxy site; a list not given is kept. Live at once when geo-blocking is on: a wrong allow list locks out everyone else, removing entries weakens protection.',
    input: z.strictObject({
      id: wafId(),
      reverseProxyId: reverseProxyId(),
      allow: countries
        .optional()
        .describe(
          'The complete new allow list of ISO country codes such as ["NO","SE"]; every other country is blocked.',
        ),
      blocking: countries
        .optional()
        .describe('The complete new block list of ISO country codes such as ["RU","KP"].'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    patch: { allow: 'setAllow', blocking: 'setBlocking' },
    ...onSite(),
    summary: (i, n) =>
      `Set the geo-blocking lists of ${siteName(i, n)}: ${[
        i.allow === undefined
          ? ''
          : i.allow.length
            ? `allow only ${quotedList(i.allow)} (every other country is blocked)`
            : 'an empty allow list',
        i.blocking === undefined
          ? ''
          : i.blocking.length
            ? `block ${quotedList(i.blocking)}`
            : 'an empty block list',
      ]
        .filter(Boolean)
        .join('; ')}. Live at once when geo-blocking is on.`,
    undo: {
      before: settingsBefore,
      inverse(i, before) {
        const info = proxyInfo(before);
        // A list can be kept without being in force (geoAllow/geoBlock false), which no call sets back.
        for (const [field, list, flag] of [
          ['allow', 'allowList', 'geoAllow'],
          ['blocking', 'blockList', 'geoBlock'],
        ] as const)
          if (
            i[field] !== undefined &&
            info?.[flag] === false &&
            (info[list] as unknown[] | undefined)?.length
          )
            return `its old ${list} was kept but not in force, and the API can only set a list in force`;
        return restoreSettings(
          i,
          before,
          [
            ['allow', 'allowList'],
            ['blocking', 'blockList'],
          ],
          'deploi_update_geo_block',
        );
      },
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateFirewallCertificate',
    group: 'waf',
    title: 'Create the TLS certificate of a WAF site',
    description:
      "Issues a TLS certificate for the domains of a reverse proxy site so it can serve HTTPS publicly. The domains' DNS must already point at the firewall's public IP.",
    input: site(),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i) => settingsBefore(i),
    ...onSite(),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteFirewallCertificate',
    group: 'waf',
    title: 'Delete the TLS certificate of a WAF site',
    description:
      'Deletes the TLS certificate of a reverse proxy site. HTTPS to its domains stops working at once (browsers show errors) until deploi_create_firewall_certificate issues a new one.',
    input: site(),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i) => settingsBefore(i),
    ...onSite(),
    summary: (i, n) =>
      `Delete the TLS certificate of ${siteName(i, n)}: HTTPS to its domains stops working until a new one is issued.`,
  }),
] as const satisfies readonly Command[];
