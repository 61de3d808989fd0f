import { z } from 'zod';
import {
  clientId,
  deploiAck,
  deploiReply,
  id,
  label,
  looseBoolean,
  looseNumber,
  looseString,
  sessionDestructive,
  sessionRead,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q } from '../text.js';

// Known limits of a Deploi virtual server.
const ramGb = z.number().int().min(1).max(160);
const diskGb = z.number().int().min(5).max(10000);
const serverId = id('The server id, from deploi_get_servers.');

// GetDisks gives ids such as "hwe30nflge", GetServerInfo gives "125": accepted either way, sent as given.
const diskRef = z.union([
  z.number().int().positive(),
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a disk id from deploi_get_disks or deploi_get_server_info'),
]);

const retention = (period: string) =>
  z.number().int().min(0).max(365).describe(`How many ${period} backups to keep (0-365; 0 keeps none).`);

const backupSpec = z.strictObject({
  loc: z
    .union([z.literal(1), z.literal(2)])
    .describe('Backup storage location: 1 or 2. One spec entry per location.'),
  daily: retention('daily'),
  weekly: retention('weekly'),
  monthly: retention('monthly'),
  yearly: retention('yearly'),
});

const newDisk = z.strictObject({
  id: diskRef
    .optional()
    .describe('Id of an existing disk to use, from deploi_get_disks; omit to create a new disk.'),
  name: label('Name of the disk, such as "system" or "data".', 64),
  size: diskGb.describe('Size of the disk in GB (5-10000).'),
  type: z.enum(['ssd', 'hdd']).describe('Disk type: "ssd" or "hdd".'),
  backupSpecs: z
    .strictObject({
      profileId: z
        .number()
        .int()
        .nonnegative()
        .optional()
        .describe('Id of a premade Deploi backup profile (a preset of intervals); omit to use spec.'),
      spec: z
        .array(backupSpec)
        .max(2)
        .default([])
        .describe('Backup retention per location; at most one entry per location.'),
    })
    .optional()
    .describe('Backups of this disk; omit for no backups.'),
});

const osNames = [
  'Ubuntu 26.04',
  'Ubuntu 24.04',
  'Ubuntu 22.04',
  'Ubuntu 20.04',
  'Windows Server 2019 Datasenter',
  'Windows Server 2022 Datasenter',
  'Windows Server 2025 Datasenter',
  'Fedora 34',
  'Suse 15.1',
  'Debian 11',
  'Debian 12',
  'Debian 13',
  'CentOS 8.2',
  'AlmaLinux 9.0',
] as const;

/** GetServerInfo's reply; the list join of GetServers reads it too. */
const serverInfoOutput = deploiReply({
  serverInfo: z
    .looseObject({
      type: z.string().optional(),
      virtual: z
        .looseObject({
          mainip: z.string().optional(),
          ram: looseNumber.optional(),
          cpu: looseNumber.optional(),
          disks: z
            .array(
              z.looseObject({
                id: looseString,
                type: z.string().optional(),
                size: looseNumber.optional(),
              }),
            )
            .optional(),
          suspended: looseBoolean.optional(),
          running: looseBoolean.optional(),
          ips: z.array(z.string()).optional(),
        })
        .optional(),
      licenses: z.array(looseString).optional(),
    })
    .optional(),
});

/** Deploi: servers. */
export const deploiServers = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetServers',
    group: 'servers',
    title: 'List Deploi servers',
    description:
      'Lists the servers of the account (virtual and dedicated) with id, name, RAM and disk in GB, vCPUs and status ("creating", "active" or "off"). Start here to find a server id.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      servers: z
        .array(
          z.looseObject({
            id: looseNumber,
            name: z.string().optional(),
            type: z.string().optional(),
            ram: looseNumber.optional(),
            cpu: looseNumber.optional(),
            disk: looseNumber.optional(),
            status: z.string().optional(),
            // Not in the API's list: Hostkit joins it in from GetServerInfo (see `list.join`).
            mainip: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: {
      at: 'servers',
      noun: 'server',
      columns: ['id', 'name', 'status', 'mainip', 'ram', 'cpu', 'disk', 'type'],
      // GetServers has no IP; GetServerInfo has the main one.
      join: {
        fields: ['mainip'],
        cost: 'each server returned also gets its mainip, from one deploi_get_server_info request per server (narrow with where or limit for fewer)',
        async extra(row, read) {
          // Read by name, so untyped here (and maybe without its envelope): its serverInfo is read with
          // GetServerInfo's own schema.
          const reply = await read('deploi_get_server_info', { id: Number(row.id) });
          const info = serverInfoOutput.shape.serverInfo.safeParse(reply.serverInfo);
          // Typed, so a field renamed in the schema fails to compile here rather than reading `unknown`.
          const ip: string | undefined = info.success ? info.data?.virtual?.mainip : undefined;
          return ip === undefined ? {} : { mainip: ip };
        },
      },
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetServerInfo',
    group: 'servers',
    title: 'Get details of a Deploi server',
    description:
      'Returns a server\'s main IP, all IPs, RAM (GB), vCPUs, disks (id, ssd/hdd, GB), whether it is running or suspended, and its licenses. A new server has mainip "" or "0.0.0.0" for 30-120 s after deploi_create_virtual_server: poll until a real address appears.',
    input: z.strictObject({ id: serverId }),
    output: serverInfoOutput,
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateVirtualServer',
    group: 'servers',
    title: 'Order a new Deploi virtual server',
    description:
      'Orders a new virtual server, billed from the moment it is created (costs money every month). Names need not be unique, so every call creates and bills another server: check deploi_get_servers first and never retry blindly. The reply has no server id: the server appears in deploi_get_servers with status "creating" and gets its IP after 30-120 s (deploi_get_server_info shows mainip "" or "0.0.0.0" until then).',
    input: z
      .strictObject({
        clientid: clientId.describe(
          'Client (customer account) that will own and pay for the server. Optional.',
        ),
        name: label('Name of the server; not required to be unique.', 64),
        ram: ramGb.describe('RAM in GB (1-160).'),
        cpu: z.number().int().min(1).max(80).describe('Number of vCPUs (1-80).'),
        disks: z.array(newDisk).min(1).max(16).describe('The disks of the server, at least one.'),
        OS: z
          .enum(osNames)
          .describe('Operating system to install (exact names as listed, "Datasenter" spelling included).'),
        licenses: z
          .array(z.enum(['Windows']))
          .max(1)
          .optional()
          .describe('Software licenses: ["Windows"] for a Windows Server OS; omit for Linux.'),
        username: z
          .string()
          .trim()
          .regex(
            /^[a-z_][a-z0-9_-]{0,31}$/,
            'must be a lower-case user name such as bob (letters, digits, _ and -)',
          )
          .describe('Name of the user with sudo (administrator) access created on the server.'),
        password: z
          .string()
          .min(8)
          .max(128)
          .optional()
          .describe('Password of that user (at least 8 characters). Give a password, a publickey, or both.'),
        publickey: z
          .string()
          .trim()
          .regex(
            /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/,
            'must be one OpenSSH public key line such as "ssh-ed25519 AAAA... user@host"',
          )
          .optional()
          .describe('OpenSSH public key the user can log in with (one line, as in id_ed25519.pub).'),
        allowRemotePasswordLogin: z
          .boolean()
          .default(false)
          .describe(
            'true allows SSH/RDP login with the password from anywhere (not recommended). Default false.',
          ),
        publicip: z
          .boolean()
          .describe(
            'true gives the server a public IP; false gives it only a local (private) IP, unreachable from the internet.',
          ),
      })
      .superRefine((v, ctx) => {
        if (v.password === undefined && v.publickey === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['password'],
            message: 'give a password, a publickey, or both',
          });
        }
        if (v.allowRemotePasswordLogin && v.password === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['allowRemotePasswordLogin'],
            message: 'remote password login needs a password',
          });
        }
      }),
    output: deploiAck,
    risk: 'write',
    billable: true,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_servers', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    auth: 'session',
    secrets: ['password'],
    // The reply has no id: the new server is the one of that name that was not there before.
    creates: {
      list: 'deploi_get_servers',
      input: (i) => (i.clientid === undefined ? {} : { clientid: i.clientid }),
      rows: 'servers',
      matches: (row, i) => row.name === i.name,
    },
    summary: (i) => {
      const disks = i.disks
        .map((d) =>
          d.id === undefined
            ? `a new ${d.size} GB ${d.type.toUpperCase()} disk ${q(d.name)}`
            : `the existing disk ${q(d.id)} as ${q(d.name)}`,
        )
        .join(', ');
      const login = [
        i.password === undefined ? '' : 'a password',
        i.publickey === undefined ? '' : 'an SSH key',
      ]
        .filter(Boolean)
        .join(' and ');
      return `Order a server ${q(i.name)}${forClient(i)}: ${i.cpu} vCPU, ${i.ram} GB RAM, ${disks}, ${q(i.OS)}${i.licenses?.length ? ` with a ${i.licenses.join(', ')} license` : ''}, ${i.publicip ? 'a public IP' : 'a private IP only'}; admin user ${q(i.username)} logging in with ${login}${i.allowRemotePasswordLogin ? ', password login allowed from anywhere' : ''}. Billed monthly from creation until cancelled.`;
    },
    // Nested idSet/profileIdSet flags follow the patch rule: true when the value is given, value not sent otherwise.
    toWire: ({ disks, ...rest }) => ({
      ...rest,
      disks: disks.map(({ id: diskId, backupSpecs, ...disk }) => ({
        idSet: diskId !== undefined,
        ...(diskId === undefined ? {} : { id: diskId }),
        ...disk,
        backupSpecs: {
          profileIdSet: backupSpecs?.profileId !== undefined,
          ...(backupSpecs?.profileId === undefined ? {} : { profileId: backupSpecs.profileId }),
          spec: backupSpecs?.spec ?? [],
        },
      })),
    }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateVirtualServer',
    group: 'servers',
    title: 'Resize a Deploi virtual server',
    description:
      'Changes the vCPUs, RAM and/or disk sizes of a virtual server; what is not given stays as it is. More resources cost more money every month; the change may restart the server, and a smaller disk or less RAM can break or lose what runs on it. Ids from deploi_get_servers and deploi_get_server_info.',
    input: z.strictObject({
      id: id('The virtual server id, from deploi_get_servers.'),
      cpucent: z
        .number()
        .int()
        .min(100)
        .max(8000)
        .multipleOf(100)
        .optional()
        .describe('New CPU allocation in hundredths of a vCPU: 100 = 1 vCPU, 400 = 4 vCPUs (100-8000).'),
      ram: ramGb.optional().describe('New RAM in GB (1-160).'),
      diskChange: z
        .array(
          z.strictObject({
            id: z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a disk id from deploi_get_server_info')
              .describe('The disk id, from deploi_get_server_info (serverInfo.virtual.disks[].id).'),
            size: diskGb.describe('New size of the disk in GB (5-10000).'),
          }),
        )
        .min(1)
        .optional()
        .describe('Disks to resize.'),
    }),
    output: deploiAck,
    risk: 'destructive',
    billable: true,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_server_info', { id: i.id }),
    auth: 'session',
    // diskChange has no wire flag (null) but counts as a change.
    patch: { cpucent: 'setCpu', ram: 'setRam', diskChange: null },
    targets: (i) => [{ kind: 'server', id: i.id }],
    summary: (i, n) => {
      const parts = [
        i.cpucent === undefined ? '' : `${i.cpucent / 100} vCPU`,
        i.ram === undefined ? '' : `${i.ram} GB RAM`,
        ...(i.diskChange ?? []).map((d) => `disk ${q(d.id)} to ${d.size} GB`),
      ].filter(Boolean);
      return `Resize ${n.server(i.id)} to ${parts.join(', ')}. The new size is billed monthly; the server may restart.`;
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'RestartVirtualServer',
    group: 'servers',
    title: 'Restart a Deploi virtual server',
    description:
      "Asks the server's operating system for a graceful restart. Everything on the server stops and it is unreachable until it is back up; check with deploi_get_server_info (running).",
    input: z.strictObject({ id: id('The virtual server id, from deploi_get_servers.') }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_server_info', { id: i.id }),
    targets: (i) => [{ kind: 'server', id: i.id }],
    summary: (i, n) =>
      `Restart ${n.server(i.id)}. Everything on it stops and it is unreachable until it is back up.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDisks',
    group: 'servers',
    title: 'List Deploi disks',
    description:
      'Lists the disks of the account with id, name, type (SSD/HDD), technology (internal or network) and size in bytes (not GB).',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      disks: z
        .array(
          z.looseObject({
            id: looseString,
            name: z.string().optional(),
            type: z.string().optional(),
            technology: z.string().optional(),
            size: looseNumber.optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'disks', noun: 'disk', columns: ['id', 'name', 'type', 'technology', 'size'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetVPNs',
    tool: 'deploi_get_vpns',
    group: 'servers',
    title: 'List Deploi VPN accounts',
    description:
      'Lists the VPN services of the account: the service id, the VPN user name and the IP the customer gets inside the VPN.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      vpns: z
        .array(
          z.looseObject({
            id: looseNumber,
            username: z.string().optional(),
            ip: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'vpns', noun: 'VPN account', columns: ['id', 'username', 'ip'] },
  }),
] as const satisfies readonly Command[];
