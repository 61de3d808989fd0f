import { z } from 'zod';
import {
  apikeyDestructive,
  apikeyRead,
  apikeyWrite,
  ipv4,
  label,
  seflowEnvelope,
  seflowReply,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q } from '../text.js';

const serverId = label(
  'The dedicated server name exactly as shown in the SeFlow customer portal (for example "DS-1042").',
  64,
);

const plain = seflowReply({});

/** showportableip's `statusmsg` ("ip:routed ip:routed …") as a list, beside the message as sent. */
function withPortableIps<T extends { statusmsg: string }>(
  reply: T,
): T & { portableIps: { ip: string; routedTo: string }[] } {
  // Parsed twice (a parsed reply checked again): the list is already there.
  const parsed = (reply as { portableIps?: unknown }).portableIps;
  if (Array.isArray(parsed)) return reply as T & { portableIps: { ip: string; routedTo: string }[] };
  const portableIps = reply.statusmsg
    .split(/\s+/)
    .map((pair) => pair.split(':'))
    .filter((p): p is [string, string] => p.length === 2 && Boolean(p[0]) && Boolean(p[1]))
    .map(([ip, routedTo]) => ({ ip, routedTo }));
  return { ...reply, portableIps };
}

/** SeFlow Valhalla CP: authorization, dedicated servers, reverse DNS and portable IPs. */
/** Whether a checkstatus reply says the server is suspended. */
function suspended(reply: Record<string, unknown> | undefined): boolean {
  return /suspend/i.test(String(reply?.statusmsg ?? ''));
}

export const seflowDedicated = [
  defineCommand({
    provider: 'seflow',
    wire: 'checkauth',
    group: 'seflow',
    title: 'Check SeFlow API credentials',
    description:
      'Checks that the configured SeFlow username and API key are accepted. Use it first when SeFlow calls fail with an authorization error.',
    input: z.strictObject({}),
    output: plain,
    ...apikeyRead,
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'changerdns',
    group: 'seflow',
    title: 'Set reverse DNS of a SeFlow IP',
    description:
      'Sets the reverse DNS (PTR) host name of an IP address on a SeFlow dedicated server. Replaces the current PTR; mail delivery from that IP depends on it. Takes up to 24 hours to be visible.',
    input: z.strictObject({
      ip: ipv4.describe(
        'The IPv4 address whose reverse DNS to set; it must belong to one of your SeFlow servers.',
      ),
      rdns: z
        .string()
        .trim()
        .toLowerCase()
        .regex(
          /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/,
          'must be a fully qualified host name such as mail.example.com',
        )
        .describe('The host name the IP should resolve back to, such as mail.example.com.'),
    }),
    output: plain,
    ...apikeyWrite,
    idempotent: true,
    confirm: () => 'mail servers decide by the reverse DNS whether to accept mail from this IP',
    summary: (i) =>
      `Set the reverse DNS (PTR) of ${q(i.ip)} to ${q(i.rdns)}, replacing the current one. Mail from this IP is judged by it; visible within 24 hours.`,
    // SeFlow has no read of the reverse DNS: only a name Hostkit set before is known.
    undo: {
      recall: (i) => `seflow-rdns:${i.ip}`,
      inverse: (i, _before, recalled): readonly ToolCall[] | string =>
        recalled
          ? [toolCall('seflow_changerdns', { ip: i.ip, rdns: recalled.rdns })]
          : `the reverse DNS it replaced is unknown: SeFlow has no read of it, and Hostkit had not set it before`,
    },
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'dserver-graph',
    group: 'seflow',
    title: 'Get bandwidth graphs of a SeFlow server',
    description:
      'Returns the URLs of the daily, weekly, monthly and yearly bandwidth graphs (images) of a SeFlow dedicated server.',
    input: z.strictObject({ serverid: serverId }),
    output: seflowReply({
      loadgraph: z.string().nullable().optional(),
      dailygraph: z.string().optional(),
      weekgraph: z.string().optional(),
      monthgraph: z.string().optional(),
      yeargraph: z.string().optional(),
    }),
    ...apikeyRead,
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'reboot-dserver',
    group: 'seflow',
    title: 'Reboot a SeFlow dedicated server',
    description:
      'Hard-reboots a SeFlow dedicated server. Everything running on it stops and the server is unreachable for several minutes; unsaved data is lost. Check the result with seflow_checkstatus.',
    input: z.strictObject({ serverid: serverId }),
    output: plain,
    ...apikeyDestructive,
    idempotent: false,
    check: (i): ToolCall => toolCall('seflow_checkstatus', { serverid: i.serverid }),
    summary: (i) =>
      `Hard-reboot the SeFlow server ${q(i.serverid)}. Everything on it stops and it is unreachable for several minutes; unsaved data is lost.`,
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'checkstatus',
    group: 'seflow',
    title: 'Check a SeFlow server status',
    description:
      'Tells whether a SeFlow dedicated server is active, canceled, suspended by SeFlow or suspended by the customer (in statusmsg).',
    input: z.strictObject({ serverid: serverId }),
    output: plain,
    ...apikeyRead,
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'suspendserver',
    group: 'seflow',
    title: 'Suspend a SeFlow dedicated server',
    description:
      'Suspends a SeFlow dedicated server: it goes offline and every service on it stops until seflow_activateserver reactivates it.',
    input: z.strictObject({ serverid: serverId }),
    output: plain,
    ...apikeyDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('seflow_checkstatus', { serverid: i.serverid }),
    summary: (i) => `Suspend the SeFlow server ${q(i.serverid)}: it goes offline until it is reactivated.`,
    undo: {
      before: (i): ToolCall => toolCall('seflow_checkstatus', { serverid: i.serverid }),
      inverse: (i, before): readonly ToolCall[] | string =>
        suspended(before) ? [] : [toolCall('seflow_activateserver', { serverid: i.serverid })],
    },
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'activateserver',
    group: 'seflow',
    title: 'Reactivate a SeFlow dedicated server',
    description:
      'Reactivates a SeFlow dedicated server that the customer suspended: it goes live again and serves traffic. A server suspended by SeFlow needs SeFlow support instead.',
    input: z.strictObject({ serverid: serverId }),
    output: plain,
    ...apikeyWrite,
    idempotent: true,
    check: (i): ToolCall => toolCall('seflow_checkstatus', { serverid: i.serverid }),
    undo: {
      before: (i): ToolCall => toolCall('seflow_checkstatus', { serverid: i.serverid }),
      inverse: (i, before): readonly ToolCall[] | string =>
        suspended(before) ? [toolCall('seflow_suspendserver', { serverid: i.serverid })] : [],
    },
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'changeiproute',
    group: 'seflow',
    title: 'Route a SeFlow portable IP',
    description:
      'Re-routes a portable IP to another of your SeFlow servers, given by its primary IP. Traffic to the portable IP moves at once: services on the old server stop receiving it. seflow_showportableip lists portable IPs and where they point.',
    input: z.strictObject({
      portableip: ipv4.describe('The portable IP to move; seflow_showportableip lists them.'),
      target_ip: ipv4.describe('The primary IP of the SeFlow server that should receive the traffic.'),
    }),
    output: plain,
    ...apikeyDestructive,
    idempotent: true,
    check: (): ToolCall => toolCall('seflow_showportableip', {}),
    summary: (i) =>
      `Route the SeFlow portable IP ${q(i.portableip)} to the server with IP ${q(i.target_ip)}; its current server stops receiving that traffic at once.`,
    undo: {
      before: (): ToolCall => toolCall('seflow_showportableip', {}),
      inverse(i, before): readonly ToolCall[] | string {
        const rows = (Array.isArray(before?.portableIps) ? before.portableIps : []) as {
          ip?: string;
          routedTo?: string;
        }[];
        const old = rows.find((r) => r.ip === i.portableip)?.routedTo;
        if (!old) return `where ${q(i.portableip)} was routed before is not known`;
        return old === i.target_ip ? [] : [toolCall('seflow_changeiproute', { ...i, target_ip: old })];
      },
    },
  }),
  defineCommand({
    provider: 'seflow',
    wire: 'showportableip',
    group: 'seflow',
    title: 'List SeFlow portable IPs',
    description:
      'Lists your SeFlow portable IPs and the server IP each one is routed to (portableIps; SeFlow packs them as "portableip:routedip" pairs into statusmsg). None is an empty list.',
    input: z.strictObject({}),
    output: plain.transform(withPortableIps).pipe(
      seflowEnvelope.extend({
        portableIps: z.array(z.object({ ip: z.string(), routedTo: z.string() })),
      }),
    ),
    ...apikeyRead,
    emptyWhen: /no portable ip/i,
    // statusmsg packs the same pairs.
    list: { at: 'portableIps', noun: 'portable IP', columns: ['ip', 'routedTo'], replaces: ['statusmsg'] },
  }),
] as const satisfies readonly Command[];
