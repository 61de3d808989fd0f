import { isSecretKey } from '@hostkit/core';

/** What a summary is built from: the tool's own facts and the parsed input. */
export interface SummarySubject {
  name: string;
  title: string;
  description: string;
  risk: 'read' | 'write' | 'destructive';
  billable: boolean;
  secrets?: readonly string[] | undefined;
}

type Input = Record<string, unknown>;
type Summarizer = (input: Input) => string | undefined;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const q = (v: unknown): string => `"${str(v)}"`;

function recordLine(type: unknown, host: unknown, value: unknown): string {
  return `${str(type)} record ${str(host)} → ${str(value)}`;
}

function ttlText(options: unknown): string {
  const ttl = (options as { ttl?: unknown } | undefined)?.ttl;
  return typeof ttl === 'number' ? ` (TTL ${ttl} s)` : '';
}

function forClient(input: Input): string {
  return input.clientid === undefined ? '' : ` for client ${str(input.clientid)}`;
}

function disksText(disks: unknown): string {
  if (!Array.isArray(disks) || disks.length === 0) return '';
  return disks
    .map((d: { size?: unknown; type?: unknown; id?: unknown }) =>
      d.id === undefined ? `${str(d.size)} GB ${str(d.type).toUpperCase()}` : `existing disk ${str(d.id)}`,
    )
    .join(' + ');
}

// Richer summaries where the generic one would read like a form: keyed by tool name.
const summarizers: Record<string, Summarizer> = {
  deploi_add_domain_record: (i) =>
    `Add the ${recordLine(i.type, i.host, i.value)} on ${str(i.domain)}${ttlText(i.options)}.`,
  deploi_update_domain_record: (i) => {
    const from = (i.from ?? {}) as Input;
    const to = (i.to ?? {}) as Input;
    const hostChange =
      str(from.host) === str(to.host) ? str(to.host) : `${str(from.host)} (renamed to ${str(to.host)})`;
    return `Change the ${str(i.type)} record ${hostChange} on ${str(i.domain)} from ${str(from.value)} to ${str(to.value)}${ttlText(to.options)}. The old value stops resolving at once.`;
  },
  deploi_delete_domain_record: (i) =>
    `Delete the ${recordLine(i.type, i.host, i.value)} on ${str(i.domain)}. The name stops resolving to that value at once.`,
  hostkit_upsert_dns_record: (i) =>
    `Set the ${recordLine(i.type, i.host, i.value)} on ${str(i.domain)}${ttlText(i.options)}.`,
  deploi_create_virtual_server: (i) => {
    const os = str(i.OS);
    const ip = i.publicip === false ? ', private IP only' : ', public IP';
    return `Order a server ${q(i.name)}${forClient(i)}: ${str(i.cpu)} vCPU, ${str(i.ram)} GB RAM, ${disksText(i.disks)}, ${os}${ip}; admin user ${str(i.username)}. Billed monthly from creation until cancelled.`;
  },
  deploi_update_virtual_server: (i) => {
    const parts: string[] = [];
    if (typeof i.cpucent === 'number') parts.push(`${i.cpucent / 100} vCPU`);
    if (i.ram !== undefined) parts.push(`${str(i.ram)} GB RAM`);
    if (Array.isArray(i.diskChange)) {
      for (const d of i.diskChange as { id?: unknown; size?: unknown }[])
        parts.push(`disk ${str(d.id)} to ${str(d.size)} GB`);
    }
    return `Resize server ${str(i.id)} to ${parts.join(', ')}. The new size is billed monthly; the server may restart.`;
  },
  deploi_restart_virtual_server: (i) =>
    `Restart server ${str(i.id)}. Everything on it stops and it is unreachable until it is back up.`,
  deploi_create_firewall: (i) =>
    `Order a${i.type === 'waf' ? ' WAF' : 'n IP'} firewall ${q(i.name)}${forClient(i)} with ${str(i.tb)} TB traffic a month and ${str(i.ipv4s)} public IPv4${i.ipv4s === 1 ? '' : 's'}. Billed monthly until cancelled.`,
  deploi_add_firewall_rule: (i) =>
    `On firewall ${str(i.id)}, forward ${str(i['src-ip'])}:${str(i['src-port'])} to ${str(i['dst-ip'])}:${str(i['dst-port'])} for ${i['src-cidr'] === '0.0.0.0/0' ? 'anyone on the internet' : str(i['src-cidr'])}.`,
  deploi_delete_firewall_rule: (i) =>
    `On firewall ${str(i.id)}, delete the ${str(i.protocol)} rule forwarding ${str(i['src-ip'])}:${str(i['src-port'])} to ${str(i['dst-ip'])}:${str(i['dst-port'])} (from ${str(i['src-cidr'])}). That service becomes unreachable from outside at once.`,
  deploi_delete_firewall_private_network: (i) =>
    `Delete the private network ${str(i.network)} of firewall ${str(i.id)}; servers on it lose that network.`,
  deploi_delete_firewall_private_network_connector: (i) =>
    `Delete the connector ${str(i.connector)} of network ${str(i.network)} on firewall ${str(i.id)}; that tunnel goes down.`,
  seflow_reboot_dserver: (i) =>
    `Hard-reboot the SeFlow server ${str(i.serverid)}. Everything on it stops and it is unreachable for several minutes; unsaved data is lost.`,
  seflow_suspendserver: (i) =>
    `Suspend the SeFlow server ${str(i.serverid)}: it goes offline until it is reactivated.`,
  seflow_changeiproute: (i) =>
    `Route the SeFlow portable IP ${str(i.portableip)} to the server with IP ${str(i.target_ip)}; its current server stops receiving that traffic at once.`,
  seflow_changerdns: (i) => `Set the reverse DNS of ${str(i.ip)} to ${str(i.rdns)}.`,
  deploi_order_domain: (i) =>
    `${i.operation === 'transfer' ? 'Transfer' : 'Register'} the domain ${str(i.domain)}${forClient(i)}. Billed at the price deploi_get_domain_price shows; the order cannot be undone.`,
  deploi_change_name_servers: (i) =>
    `Delegate ${str(i.domain)} to ${i.defaults === true ? "Deploi's default name servers" : Array.isArray(i.nameservers) ? (i.nameservers as unknown[]).map(str).join(', ') : 'new name servers'}. If they do not serve the zone, its website and mail stop resolving.`,
  deploi_update_domain_contact: (i) =>
    `Replace the ${str(i.contact)} contact of ${str(i.domain)}${contactName(i.info)}. Contact changes can move control of the domain.`,
  deploi_get_domain_auth_code: (i) =>
    `Reveal the transfer (auth) code of ${str(i.domain)}. Anyone holding it can move the domain to another registrar.`,
};

function contactName(info: unknown): string {
  const c = (info ?? {}) as Input;
  const name = [c.firstname, c.lastname].map(str).filter(Boolean).join(' ');
  const company = str(c.companyname);
  const who = [name, company].filter(Boolean).join(', ');
  return who ? ` with ${who}` : '';
}

// Input fields worth naming in a generic summary, most identifying first.
const keyFields = [
  'domain',
  'name',
  'id',
  'serverid',
  'siteid',
  'host',
  'type',
  'value',
  'ip',
  'email',
  'network',
];

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** "Title: domain example.com, id 7" from the title and the identifying scalar fields. */
function genericAction(subject: SummarySubject, input: Input): string {
  const secrets = subject.secrets ?? [];
  const names = [
    ...keyFields.filter((k) => k in input),
    ...Object.keys(input).filter((k) => !keyFields.includes(k)),
  ];
  const parts: string[] = [];
  for (const k of names) {
    if (k === 'clientid' || k === 'confirmationId') continue;
    if (isSecretKey(k, secrets)) {
      if (input[k] !== undefined) parts.push(`${k} [hidden]`);
      continue;
    }
    const v = scalar(input[k]);
    if (v !== undefined) parts.push(`${k} ${v}`);
    if (parts.length >= 6) break;
  }
  return `${subject.title}${parts.length ? `: ${parts.join(', ')}` : ''}${forClient(input)}.`;
}

/** The description's sentences after the first: what the call changes, breaks or costs. */
function consequences(description: string): string {
  const sentences = description.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [description];
  return sentences.slice(1).join('').trim();
}

/**
 * A one-paragraph summary of what a call will do, in the user's terms: a richer per-tool sentence
 * where there is one, else the title and the identifying fields followed by what the description says
 * it changes, breaks or costs. Secrets are never shown.
 */
export function summarize(subject: SummarySubject, input: Input): string {
  const rich = summarizers[subject.name]?.(input);
  if (rich) return subject.billable && !/bill/i.test(rich) ? `${rich} Costs money.` : rich;
  const action = genericAction(subject, input);
  const rest = consequences(subject.description);
  const cost = subject.billable && !/bill|cost/i.test(rest) ? ' Costs money.' : '';
  return `${action}${rest ? ` ${rest}` : ''}${cost}`;
}
