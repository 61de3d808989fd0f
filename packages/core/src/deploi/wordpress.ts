import { z } from 'zod';
import {
  clientId,
  deploiReply,
  domainName,
  id,
  looseBoolean,
  looseNumber,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q } from '../text.js';

const check = z.looseObject({
  success: looseBoolean.optional(),
  exists: looseBoolean.optional(),
  message: z.string().optional(),
});

/** Deploi: managed WordPress (Deploi-hosted and Laravel Forge) and WordPress on SiteHost sites. */
export const deploiWordpress = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetWordpress',
    group: 'wordpress',
    title: 'List managed WordPress services',
    description:
      'Lists the managed WordPress services of a client: id, domain, type ("deploihosted" or "forge") and their quotas or Forge site and server ids. Use it to find the ids the other WordPress tools need.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      wordpresses: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            id: looseNumber.optional(),
            domain: z.string().optional(),
            deploihosted: z
              .looseObject({
                ram: looseNumber.optional(),
                cpu: looseNumber.optional(),
                disk: looseNumber.optional(),
              })
              .optional(),
            forge: z
              .looseObject({ siteId: looseNumber.optional(), serverId: looseNumber.optional() })
              .optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'wordpresses', noun: 'WordPress service', columns: ['id', 'domain', 'type'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetWordpressInfo',
    group: 'wordpress',
    title: 'Get WordPress site information',
    description:
      'Tells whether SSL is active for a managed WordPress website and its domain. The service id, domain and Forge site id come from deploi_get_wordpress.',
    input: z.strictObject({
      id: id('The WordPress service id, from deploi_get_wordpress.'),
      domain: domainName.describe('The domain of the WordPress website, such as www.example.com.'),
      siteid: id(
        'The WordPress website id: forge.siteId from deploi_get_wordpress. Omit for Deploi-hosted services.',
      ).optional(),
    }),
    output: deploiReply({
      wordpressInfo: z.looseObject({ SSL: looseBoolean.optional() }).optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'InstallWordpress',
    group: 'wordpress',
    title: 'Install WordPress on a site',
    description:
      "Installs WordPress into a SiteHost site, using an existing database and database user (deploi_get_site_databases, deploi_get_database_users). Meant for an empty site: WordPress's files and tables may overwrite what the site and database already hold.",
    input: z.strictObject({
      clientid: clientId,
      siteid: id('The site to install WordPress on, from deploi_get_sites.'),
      databaseid: id(
        'The database WordPress will use, from deploi_get_site_databases or deploi_create_site_database.',
      ),
      name: z
        .string()
        .trim()
        .regex(
          /^[A-Za-z][A-Za-z0-9_]{0,31}$/,
          'must be a database user name: a letter, then up to 31 letters, digits or _',
        )
        .describe(
          'The database user WordPress connects as, from deploi_get_database_users or deploi_create_database_user.',
        ),
    }),
    output: deploiReply({}),
    ...sessionDestructive,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_wordpress', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    targets: (i) => [{ kind: 'site', id: i.siteid }],
    summary: (i, n) =>
      `Install WordPress on ${n.site(i.siteid)}${forClient(i)}, using database ${i.databaseid} as the database user ${q(i.name)}. Files and tables already there may be overwritten.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DuplicateWordpress',
    group: 'wordpress',
    title: 'Duplicate a WordPress website',
    description:
      'Copies a managed WordPress website to a new domain within the same service (staging copies, migrations). The new domain must not be in use; the copy goes live once its DNS points at the service.',
    input: z
      .strictObject({
        type: z
          .enum(['forge', 'deploihosted'])
          .describe('The system that delivers the WordPress service: its "type" in deploi_get_wordpress.'),
        id: id('The WordPress service id, from deploi_get_wordpress.'),
        siteId: id(
          'The website to copy: forge.siteId from deploi_get_wordpress. Required for "forge".',
        ).optional(),
        newDomain: domainName.describe('The domain of the copy, such as staging.example.com.'),
      })
      .refine((v) => v.type !== 'forge' || v.siteId !== undefined, {
        path: ['siteId'],
        message: 'siteId is required when type is "forge"',
      }),
    output: deploiReply({}),
    ...sessionWrite,
    idempotent: false,
    check: (): ToolCall => toolCall('deploi_get_wordpress', {}),
    summary: (i) =>
      `Copy the ${i.type} WordPress service ${i.id}${i.siteId === undefined ? '' : ` (site ${i.siteId})`} to the new domain ${q(i.newDomain)}.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'WordpressCheckSetup',
    group: 'wordpress',
    title: 'Check a WordPress setup',
    description:
      "Checks that a managed WordPress service was set up correctly: whether its domain's IPs point at it (ips) and whether WordPress is installed (installed), each with a reason when not.",
    input: z.strictObject({ id: id('The WordPress service id, from deploi_get_wordpress.') }),
    output: deploiReply({ ips: check.optional(), installed: check.optional() }),
    ...sessionRead,
  }),
] as const satisfies readonly Command[];
