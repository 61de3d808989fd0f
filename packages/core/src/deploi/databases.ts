import { z } from 'zod';
import {
  clientId,
  deploiReply,
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

// MySQL limits user names to 32 characters; letters, digits and _ need no quoting anywhere.
const dbUserName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'must be a letter, then up to 31 letters, digits or _');

const productId = id('The SiteHost server (product) holding the database, from deploi_get_servers.');

/** Deploi: managed databases (MySQL, PostgreSQL) and the databases and database users of SiteHost sites. */
export const deploiDatabases = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetDatabases',
    group: 'databases',
    title: 'List managed databases',
    description:
      'Lists the managed database services (MySQL, PostgreSQL) of a client with their quotas, status, disk use, IPs and port. For the databases of SiteHost sites use deploi_get_site_databases.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      databases: z
        .array(
          z.looseObject({
            id: looseNumber.optional(),
            type: z.string().optional(),
            ram: looseNumber.optional(),
            cpu: looseNumber.optional(),
            disk: looseNumber.optional(),
            status: z
              .looseObject({
                status: z.string().optional(),
                diskUsed: looseNumber.optional(),
                ips: z.array(z.string()).optional(),
                // "port" is the documented name; the example sends "post". Either is accepted, as sent.
                port: looseNumber.optional(),
                post: looseNumber.optional(),
              })
              .optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'databases', noun: 'database service', columns: ['id', 'type', 'ram', 'cpu', 'disk'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetSiteDatabase',
    tool: 'deploi_get_site_databases',
    group: 'databases',
    title: 'List the databases of a site',
    description:
      "Lists the databases of a SiteHost site with each one's primary domain. The site id comes from deploi_get_sites; the database ids are what the database-user and WordPress tools need.",
    input: z.strictObject({ siteid: id('The site whose databases to list, from deploi_get_sites.') }),
    output: deploiReply({
      data: z
        .array(
          z.looseObject({
            databaseid: looseNumber.optional(),
            primarydomain: z.string().optional(),
            founduniqueprimarydomain: looseBoolean.optional(),
            // The field list spells it so; accepted in case the server does too.
            founduniqueprimarydomian: looseBoolean.optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'data', noun: 'site database', columns: ['databaseid', 'primarydomain'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateSiteDatabase',
    group: 'databases',
    title: 'Create a site database',
    description:
      'Creates a new, empty database for SiteHost sites and returns its id in data; it takes disk space the live sites share. Give it a user with deploi_create_database_user, or use it with deploi_install_wordpress.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({ data: looseNumber.optional() }),
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_databases', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteSiteDatabase',
    group: 'databases',
    title: 'Delete a site database',
    description:
      'Deletes a database of a SiteHost site with all its tables and data; sites using it (such as WordPress) stop working. It cannot be undone except from a backup.',
    input: z.strictObject({
      id: productId,
      databaseid: id('The database to delete, from deploi_get_site_databases.'),
    }),
    output: deploiReply({}),
    ...sessionDestructive,
    idempotent: true,
    check: (): ToolCall => toolCall('deploi_get_databases', {}),
    targets: (i) => [{ kind: 'server', id: i.id }],
    summary: (i, n) =>
      `Delete database ${i.databaseid} of ${n.server(i.id)} with all its tables and data; sites using it stop working. Only a backup brings it back.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDatabaseUser',
    tool: 'deploi_get_database_users',
    group: 'databases',
    title: 'List the users of a database',
    description:
      'Lists the names of the users of a SiteHost site database. The database id comes from deploi_get_site_databases.',
    input: z.strictObject({
      databaseid: id('The database whose users to list, from deploi_get_site_databases.'),
    }),
    output: deploiReply({
      data: z.array(z.looseObject({ name: z.string().optional() })).optional(),
    }),
    ...sessionRead,
    list: { at: 'data', noun: 'database user', columns: ['name'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateDatabaseUser',
    group: 'databases',
    title: 'Create a database user',
    description:
      'Creates a database user with a password for SiteHost site databases. The new login exposes the database to whoever holds the password: choose a strong one and hand it only to the application that needs it.',
    input: z.strictObject({
      clientid: clientId,
      username: dbUserName.describe(
        'Name of the new database user; deploi_get_database_users lists existing ones.',
      ),
      password: z
        .string()
        .min(8)
        .max(128)
        .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
        .describe('Password of the new database user: 8-128 printable ASCII characters, no spaces.'),
    }),
    output: deploiReply({}),
    // A new login to the databases: it grants access to whoever holds the password.
    ...sessionDestructive,
    idempotent: false,
    // No read shows it for sure: GetDatabaseUser lists one database's users, and this takes no database.
    secrets: ['password'],
    summary: (i) =>
      `Create the database user ${q(i.username)}${forClient(i)} with the password given: whoever holds it can read and change the site databases it is granted.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteDatabaseUser',
    group: 'databases',
    title: 'Delete a database user',
    description:
      'Deletes a user of a SiteHost site database. Applications that connect as that user (such as WordPress) lose database access at once.',
    input: z.strictObject({
      id: productId,
      databaseid: id('The database the user belongs to, from deploi_get_site_databases.'),
      username: dbUserName.describe('The user to delete, from deploi_get_database_users.'),
    }),
    output: deploiReply({}),
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_database_users', { databaseid: i.databaseid }),
    targets: (i) => [{ kind: 'server', id: i.id }],
    summary: (i, n) =>
      `Delete the database user ${q(i.username)} of database ${i.databaseid} on ${n.server(i.id)}: applications connecting as it lose database access at once.`,
  }),
] as const satisfies readonly Command[];
