import { z } from 'zod';
import {
  cidrv4,
  clientId,
  deploiAck,
  deploiReply,
  id,
  ipv4,
  label,
  looseNumber,
  port,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { isPrivateCidr, parseCidr, reachesPublicInternet } from '../registry/net.js';
import { forClient } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q, quote } from '../text.js';

const firewallId = () => id('The firewall id, from deploi_get_firewalls.');

const privateNetwork = cidrv4
  .refine(
    isPrivateCidr,
    'must be a private (RFC 1918) network whose whole range, prefix included, lies in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, such as 192.168.2.1/24',
  )
  .refine((cidr) => {
    // Written as the firewall's gateway address: neither the network's first nor its last address.
    const { address, base, size } = parseCidr(cidr);
    return size <= 2 || (address !== base && address !== base + size - 1);
  }, "must be written as the firewall's gateway address (such as 192.168.2.1/24), not the network or broadcast address");

// Services an attacker looks for first: opening them to the internet is how servers are taken over.
const sensitivePorts: Readonly<Record<number, string>> = {
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  25: 'SMTP',
  445: 'SMB',
  1433: 'SQL Server',
  2375: 'Docker API',
  2376: 'Docker API',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5900: 'VNC',
  5984: 'CouchDB',
  6379: 'Redis',
  9200: 'Elasticsearch',
  11211: 'memcached',
  27017: 'MongoDB',
};

/** The service name of a port attackers look for, if it is one. */
export function sensitivePort(port: number): string | undefined {
  return sensitivePorts[port];
}

/** `the whole internet`, or `203.0.113.0/24 (256 addresses)`. */
export function sourceText(cidr: string): string {
  const { prefix, size } = parseCidr(cidr);
  if (prefix === 0) return 'the whole internet';
  return `${quote(cidr)} (${size === 1 ? '1 address' : `${size} addresses`})`;
}

/** Why a port-forwarding rule needs a human's yes: it opens a service to public addresses. */
function ruleHazard(cidr: string, srcPort: number, dstPort: number): string | undefined {
  if (!reachesPublicInternet(cidr)) return undefined;
  const service = sensitivePort(dstPort) ?? sensitivePort(srcPort);
  return `it opens port ${srcPort}${service ? ` (${service})` : ''} to ${sourceText(cidr)}`;
}

const existingNetwork = cidrv4.describe(
  'The private network, exactly as deploi_get_firewall_private_networks lists it (such as 192.168.2.1/24).',
);

const connectorName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'must be a connector name such as gre0_2');

/** The fields AddFirewallRule and DeleteFirewallRule share: one NAT port-forwarding rule. */
const ruleFields = {
  id: firewallId(),
  'src-cidr': cidrv4.describe(
    'The source addresses allowed to use the rule, in CIDR notation: 0.0.0.0/0 for anyone, 203.0.113.7/32 for one address.',
  ),
  'src-ip': ipv4.describe(
    "The firewall's public IPv4 to expose the service on, from deploi_get_firewall_public_ips.",
  ),
  'src-port': port.describe('The port to open on the public IP, 1-65535.'),
  'dst-ip': ipv4.describe('The private IPv4 of the server behind the firewall that receives the traffic.'),
  'dst-port': port.describe('The port on the private server the traffic is forwarded to, 1-65535.'),
};

/** GetFirewallRules' reply; AddFirewallRule's refusal is explained from it. */
const rulesOutput = deploiReply({
  firewallRules: z
    .looseObject({
      packets: looseNumber.optional(),
      bytes: looseNumber.optional(),
      rules: z
        .array(
          z.looseObject({
            packets: looseNumber.optional(),
            bytes: looseNumber.optional(),
            protocol: z.string().optional(),
            'src-network': z.string().optional(),
            'src-cidr': looseNumber.optional(),
            'src-ip': z.string().optional(),
            'src-port': looseNumber.optional(),
            'dst-ip': z.string().optional(),
            'dst-port': looseNumber.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** Deploi: IP firewall services: creation, port-forwarding rules, public IPs, private networks and connectors. */
export const deploiFirewalls = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetFirewalls',
    group: 'firewalls',
    title: 'List firewalls',
    description:
      'Lists the firewall services of a client with their ids, names, capacity (TB per month, public IPv4s), status and type ("ip" or "waf"). Start here: the other firewall and WAF tools need the firewall id.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      firewalls: z
        .array(
          z.looseObject({
            id: looseNumber.optional(),
            name: z.string().optional(),
            tb: looseNumber.optional(),
            ipv4s: looseNumber.optional(),
            status: z.string().optional(),
            type: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'firewalls', noun: 'firewall', columns: ['id', 'name', 'type', 'status', 'tb', 'ipv4s'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CreateFirewall',
    group: 'firewalls',
    title: 'Create a firewall',
    description:
      'Orders a new firewall service: an IP firewall (NAT and port forwarding) or a WAF (reverse proxy with web application firewall), sized in TB of traffic per month and public IPv4s. Costs money: the service is billed to the client every month until cancelled.',
    input: z.strictObject({
      clientid: clientId,
      name: label('A name for the firewall, such as "Production firewall".', 64),
      tb: z
        .number()
        .int()
        .min(1)
        .max(100)
        .describe('Terabytes of traffic the firewall may process per month, 1-100.'),
      ipv4s: z
        .number()
        .int()
        .min(1)
        .max(32)
        .describe('Number of public IPv4 addresses to assign to the firewall, 1-32.'),
      type: z
        .enum(['ip', 'waf'])
        .describe(
          '"ip" for a NAT/port-forwarding firewall, "waf" for a reverse proxy with web application firewall.',
        ),
    }),
    output: deploiAck,
    risk: 'write',
    billable: true,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_firewalls', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    auth: 'session',
    creates: {
      list: 'deploi_get_firewalls',
      input: (i) => (i.clientid === undefined ? {} : { clientid: i.clientid }),
      rows: 'firewalls',
      matches: (row, i) => row.name === i.name,
    },
    summary: (i) =>
      `Order a${i.type === 'waf' ? ' WAF' : 'n IP'} firewall ${q(i.name)}${forClient(i)} with ${i.tb} TB of traffic a month and ${i.ipv4s} public IPv4${i.ipv4s === 1 ? '' : 's'}. Billed monthly until cancelled.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetFirewallRules',
    group: 'firewalls',
    title: 'List firewall rules',
    description:
      'Lists the port-forwarding rules of an IP firewall with packet and byte counters, and the totals of the firewall. Use it before deleting a rule: deletion needs every field of the rule.',
    input: z.strictObject({ id: firewallId() }),
    output: rulesOutput,
    ...sessionRead,
    list: {
      at: ['firewallRules', 'rules'] as const,
      noun: 'rule',
      columns: ['protocol', 'src-network', 'src-cidr', 'src-ip', 'src-port', 'dst-ip', 'dst-port'],
      // deploi_delete_firewall_rule needs every one of them.
      identify: ['protocol', 'src-network', 'src-cidr', 'src-ip', 'src-port', 'dst-ip', 'dst-port'],
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'AddFirewallRule',
    group: 'firewalls',
    title: 'Add a port-forwarding rule',
    description:
      "Adds a rule forwarding a port of the firewall's public IP to a port of a private server, for the source addresses given. It exposes that service to the public internet (or the source range) at once; keep src-cidr as narrow as possible.",
    input: z.strictObject(ruleFields),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_firewall_rules', { id: i.id }),
    confirm: (i) => ruleHazard(i['src-cidr'], i['src-port'], i['dst-port']),
    // A public port forwards to one place: name the rule that already holds it.
    async explainRefusal(i, read) {
      // Read by name, so untyped here (and maybe without its envelope): its rules are read with
      // GetFirewallRules' own schema.
      const reply = await read('deploi_get_firewall_rules', { id: i.id });
      const listed = rulesOutput.shape.firewallRules.safeParse(reply.firewallRules);
      const rules = listed.success ? (listed.data?.rules ?? []) : [];
      // Typed parameters: a field renamed in the schema reads as `unknown` and fails to compile here.
      const holds = (srcIp: string | undefined, srcPort: number | undefined) =>
        srcIp === i['src-ip'] && srcPort === i['src-port'];
      const clash = rules.find((r) => holds(r['src-ip'], r['src-port']));
      if (!clash) return undefined;
      return `The rule holding ${q(i['src-ip'])} port ${i['src-port']} is ${clash.protocol ?? 'tcp'} from ${q(`${clash['src-network'] ?? ''}/${clash['src-cidr'] ?? ''}`)} to ${q(clash['dst-ip'])} port ${String(clash['dst-port'])}: use another src-port, or delete that rule first with deploi_delete_firewall_rule.`;
    },
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `On ${n.firewall(i.id)}, forward ${q(i['src-ip'])} port ${i['src-port']} to ${q(i['dst-ip'])} port ${i['dst-port']} for ${sourceText(i['src-cidr'])}. The service is reachable from there at once. The API takes no protocol: expect TCP, as every rule Deploi documents is.`,
    undo: {
      inverse: (i): readonly ToolCall[] | string => [
        toolCall('deploi_delete_firewall_rule', { ...i, protocol: 'tcp' }),
      ],
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteFirewallRule',
    group: 'firewalls',
    title: 'Delete a port-forwarding rule',
    description:
      "Deletes a port-forwarding rule, identified by all its fields as deploi_get_firewall_rules lists them (src-cidr is that rule's src-network/src-cidr). The forwarded service becomes unreachable from outside at once.",
    input: z.strictObject({
      ...ruleFields,
      protocol: z
        .enum(['tcp', 'udp'])
        .describe('The protocol of the rule, "tcp" or "udp", as deploi_get_firewall_rules lists it.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_firewall_rules', { id: i.id }),
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `On ${n.firewall(i.id)}, delete the ${i.protocol} rule forwarding ${q(i['src-ip'])} port ${i['src-port']} to ${q(i['dst-ip'])} port ${i['dst-port']} (from ${sourceText(i['src-cidr'])}). That service becomes unreachable from outside at once.`,
    undo: {
      inverse: ({ protocol, ...rule }): readonly ToolCall[] | string =>
        protocol === 'tcp'
          ? [toolCall('deploi_add_firewall_rule', rule)]
          : 'a UDP rule cannot be put back: AddFirewallRule makes TCP rules only',
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetFirewallPublicIPs',
    tool: 'deploi_get_firewall_public_ips',
    group: 'firewalls',
    title: 'List firewall public IPs',
    description:
      "Lists the public IPv4 addresses of a firewall. Use them as src-ip of port-forwarding rules, or as the address to point a domain's A record at.",
    input: z.strictObject({ id: firewallId() }),
    output: deploiReply({ publicIPv4s: z.array(z.string()).optional() }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetFirewallPrivateNetworks',
    group: 'firewalls',
    title: 'List firewall private networks',
    description:
      'Lists the private networks behind a firewall and, for each, its connectors (GRE tunnels to servers with the IP each got on the network).',
    input: z.strictObject({ id: firewallId() }),
    output: deploiReply({
      privateNetworks: z
        .array(
          z.looseObject({
            network: z.string().optional(),
            name: z.string().optional(),
            connectors: z
              .array(
                z.looseObject({
                  name: z.string().optional(),
                  local: z.string().optional(),
                  remote: z.string().optional(),
                  ip: z.string().optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'privateNetworks', noun: 'private network', columns: ['network', 'name'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'AddFirewallPrivateNetwork',
    group: 'firewalls',
    title: 'Add a firewall private network',
    description:
      'Adds a private network behind the firewall, given as the gateway address and prefix (such as 192.168.2.1/24). Servers join it with deploi_add_firewall_private_network_connector; it must not overlap a network already in use (a live route is created).',
    input: z.strictObject({
      id: firewallId(),
      network: privateNetwork.describe(
        "The private network in CIDR notation, written as the firewall's gateway address and prefix, such as 192.168.2.1/24.",
      ),
    }),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_firewall_private_networks', { id: i.id }),
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) => `Add the private network ${q(i.network)} behind ${n.firewall(i.id)}.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteFirewallPrivateNetwork',
    group: 'firewalls',
    title: 'Delete a firewall private network',
    description:
      'Deletes a private network from the firewall. Servers on it lose their connection through the firewall at once, and rules forwarding to it stop working.',
    input: z.strictObject({ id: firewallId(), network: existingNetwork }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_firewall_private_networks', { id: i.id }),
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `Delete the private network ${q(i.network)} of ${n.firewall(i.id)}; servers on it lose that network and rules forwarding to it stop working.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'AddFirewallPrivateNetworkConnector',
    group: 'firewalls',
    title: 'Connect a server to a firewall private network',
    description:
      "Connects a server to a private network of the firewall with a tunnel between the firewall (local) and the server (remote); the server gets an address on that network, exposed to the internet wherever the firewall's rules forward to it.",
    input: z.strictObject({
      id: firewallId(),
      network: existingNetwork,
      local: ipv4.describe(
        "The firewall's end of the tunnel (the connector server's IPv4, such as 10.0.0.47, as existing connectors show in deploi_get_firewall_private_networks).",
      ),
      remote: ipv4.describe('The IPv4 of the server to connect (the client end of the tunnel).'),
    }),
    output: deploiAck,
    // A tunnel into the private network from the remote address: it grants network access.
    ...sessionDestructive,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_firewall_private_networks', { id: i.id }),
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `Open a tunnel from ${q(i.remote)} into the private network ${q(i.network)} of ${n.firewall(i.id)} (firewall end ${q(i.local)}). The machine at ${q(i.remote)} joins that network and is reached wherever the firewall's rules forward to it.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteFirewallPrivateNetworkConnector',
    group: 'firewalls',
    title: 'Disconnect a server from a firewall private network',
    description:
      'Removes a connector (tunnel) from a private network of the firewall. The server behind it is disconnected from that network at once and its forwarded services become unreachable.',
    input: z.strictObject({
      id: firewallId(),
      network: existingNetwork,
      connector: connectorName.describe(
        'The connector name, such as gre0_2, from deploi_get_firewall_private_networks.',
      ),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_firewall_private_networks', { id: i.id }),
    targets: (i) => [{ kind: 'firewall', id: i.id }],
    summary: (i, n) =>
      `Remove the connector ${q(i.connector)} from the private network ${q(i.network)} of ${n.firewall(i.id)}; that tunnel goes down and its server's forwarded services become unreachable.`,
  }),
] as const satisfies readonly Command[];
