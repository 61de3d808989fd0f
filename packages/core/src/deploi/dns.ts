import { z } from 'zod';
import {
  deploiAck,
  deploiReply,
  dnsHost,
  dnsRecordType,
  domainName,
  looseBoolean,
  looseNumber,
  port,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { liveRecord, type ToolCall, toolCall, writableOptions } from '../registry/undo.js';
import { tidyRecord, zoneLine } from '../results/zone-file.js';
import { PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote as q } from '../text.js';

const domain = domainName.describe(
  'The domain (zone) name, such as example.com; deploi_get_domains lists yours.',
);

const recordType = dnsRecordType.describe('The record type: A, AAAA, TXT, MX, CNAME, SOA or SRV.');

const host = dnsHost.describe(
  'The record host: "@" for the domain itself, a subdomain such as "www" or "_sip._tcp", or the full name such as www.example.com.',
);

const recordValue = z.string().trim().min(1).max(4096).regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE);

// A value that names an existing record must match it exactly, whatever it holds (summaries escape what
// could deceive), so only line-breaking controls are refused.
const existingValue = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters such as line breaks');

const ttl = z
  .number()
  .int()
  .min(60)
  .max(604800)
  .describe('Time to live in seconds, 60 to 604800 (one week); 3600 or 86400 are usual.');

const uint16 = z.number().int().min(0).max(65535);

const service = z
  .string()
  .trim()
  .regex(/^_?[A-Za-z0-9][A-Za-z0-9-]{0,61}$/, 'must be a service name such as sip or _sip');

const protocol = z.enum(['tcp', 'udp', 'tls']);

/** Options of a record being written: ttl always, the SRV/MX fields where the type uses them. */
const newOptions = z
  .strictObject({
    ttl,
    service: service.optional().describe('SRV only: the symbolic service name, such as sip.'),
    protocol: protocol.optional().describe('SRV only: the protocol, "tcp", "udp" or "tls".'),
    priority: uint16.optional().describe('MX and SRV: priority 0-65535, lower is preferred.'),
    weight: uint16.optional().describe('SRV only: weight 0-65535 among records of the same priority.'),
    port: port.optional().describe('SRV only: the target port, 1-65535.'),
  })
  .describe(
    'Record options: ttl (required), plus priority for MX and service, protocol, priority, weight and port for SRV.',
  );

/**
 * Options identifying an existing record, as deploi_get_domain_records shows them (empty service
 * and protocol, port 0 on records that do not use them), so they are looser than newOptions.
 */
const existingOptions = z
  .strictObject({
    ttl: z.number().int().min(0).max(2147483647).optional().describe('The ttl the record has now.'),
    service: z
      .union([service, z.literal('')])
      .optional()
      .describe('The service the record has now ("" when none).'),
    protocol: z
      .enum(['tcp', 'udp', 'tls', ''])
      .optional()
      .describe('The protocol the record has now ("" when none).'),
    priority: uint16.optional().describe('The priority the record has now.'),
    weight: uint16.optional().describe('The weight the record has now.'),
    port: uint16.optional().describe('The port the record has now (0 when none).'),
  })
  .describe(
    'The options of the record now, copied from deploi_get_domain_records (ttl, service, protocol, priority, weight, port only).',
  );

interface NewRecord {
  value: string;
  options?:
    | { service?: string | undefined; protocol?: string | undefined; port?: number | undefined }
    | undefined;
}

// Catches the mistakes a model makes most (an IPv6 in an A record, an SRV without its target).
function checkRecord(type: string, record: NewRecord, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (type === 'A' && !z.ipv4().safeParse(record.value).success)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'value'],
      message: 'an A record value must be an IPv4 address',
    });
  if (type === 'AAAA' && !z.ipv6().safeParse(record.value).success)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'value'],
      message: 'an AAAA record value must be an IPv6 address',
    });
  if (type === 'SRV') {
    for (const key of ['service', 'protocol', 'port'] as const) {
      if (record.options?.[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'options', key],
          message: 'required for an SRV record',
        });
    }
  }
}

/**
 * Why adding this record needs a human's yes although an addition removes nothing: it moves mail, lets
 * someone obtain certificates, proves control of the domain to a third party, or answers for every name.
 */
export function recordHazard(type: string, host: string, value: string): string | undefined {
  const h = host.trim().toLowerCase();
  const label = (name: string) => new RegExp(`(^|\\.)${name}(\\.|$)`).test(h);
  if (type === 'MX') return 'an MX record decides where mail for the domain is delivered';
  if (type === 'SOA') return "it changes the zone's start-of-authority record";
  if (type === 'SRV') return "an SRV record directs a service's clients to a host";
  if (type === 'TXT') {
    if (label('_acme-challenge'))
      return 'whoever controls this value can obtain TLS certificates for the name';
    if (/^v=spf1/i.test(value) || /^v=dkim1/i.test(value) || label('_dmarc') || h.includes('._domainkey'))
      return 'it decides which servers may send mail as the domain';
    if (/verification|verify|^ms=|domain-?key/i.test(value))
      return 'it proves control of the domain to a third party';
  }
  if (h === '*' || h.startsWith('*.')) return 'a wildcard record answers for every name under it';
  return undefined;
}

/** `A record "www" → "192.0.2.1"`, values quoted. */
function recordText(type: string, host: string, value: string): string {
  return `${type} record ${q(host)} → ${q(value)}`;
}

const ttlText = (ttl: number | undefined) => (ttl === undefined ? '' : ` (TTL ${ttl} s)`);

const optionsOut = z.looseObject({
  ttl: looseNumber.optional(),
  serviceSet: looseBoolean.optional(),
  service: z.string().optional(),
  protocolSet: looseBoolean.optional(),
  protocol: z.string().optional(),
  priority: looseNumber.optional(),
  weight: looseNumber.optional(),
  port: looseNumber.optional(),
});

/** Deploi: DNS records of domains served by Deploi's name servers. */
export const deploiDns = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomainRecords',
    group: 'dns',
    title: 'List DNS records',
    description:
      'Lists the DNS records of a domain served by Deploi: type, host, value and options (ttl, priority, SRV fields). Read it before updating or deleting a record: those tools need the exact current host and value.',
    input: z.strictObject({ domain }),
    output: deploiReply({
      records: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            host: z.string().optional(),
            value: z.string().optional(),
            options: optionsOut.optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: {
      at: 'records',
      noun: 'DNS record',
      columns: ['host', 'type', 'value'],
      identify: ['host', 'type', 'value'],
      line: zoneLine,
      tidy: tidyRecord,
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'AddDomainRecord',
    group: 'dns',
    title: 'Add a DNS record',
    description:
      'Adds a DNS record to a domain served by Deploi. It goes live at once and is public; adding the same record twice may create a duplicate, so check deploi_get_domain_records first. To change an existing record use deploi_update_domain_record.',
    input: z
      .strictObject({
        domain,
        type: recordType,
        host,
        value: recordValue.describe(
          'The record value: an IPv4 for A, an IPv6 for AAAA, a host name for CNAME, MX and SRV targets, text for TXT.',
        ),
        options: newOptions,
      })
      .superRefine((v, ctx) => checkRecord(v.type, v, ctx, [])),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_domain_records', { domain: i.domain }),
    confirm: (i) => recordHazard(i.type, i.host, i.value),
    summary: (i) =>
      `Add the ${recordText(i.type, i.host, i.value)} to ${q(i.domain)}${ttlText(i.options.ttl)}. It is public at once.`,
    undo: {
      inverse: (i): readonly ToolCall[] | string => [
        toolCall('deploi_delete_domain_record', {
          domain: i.domain,
          type: i.type,
          host: i.host,
          value: i.value,
        }),
      ],
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateDomainRecord',
    group: 'dns',
    title: 'Update a DNS record',
    description:
      'Replaces one live DNS record: "from" must be the record exactly as deploi_get_domain_records lists it now (call that first), "to" is the complete new record. The old value stops resolving at once; traffic or mail may go elsewhere until caches expire.',
    input: z
      .strictObject({
        domain,
        type: recordType.describe(
          'The type of the record, the same before and after: A, AAAA, TXT, MX, CNAME, SOA or SRV.',
        ),
        from: z
          .strictObject({
            host: host.describe('The host of the record now, as deploi_get_domain_records lists it.'),
            value: existingValue.describe(
              'The value of the record now, exactly as deploi_get_domain_records lists it.',
            ),
            options: existingOptions.optional(),
          })
          .describe(
            'The existing record to replace, copied from deploi_get_domain_records (host, value and its options).',
          ),
        to: z
          .strictObject({
            host: host.describe(
              'The host the record should have: "@", a subdomain such as "www", or the full name.',
            ),
            value: recordValue.describe(
              'The value the record should have: an IPv4 for A, an IPv6 for AAAA, a host name for CNAME/MX/SRV, text for TXT.',
            ),
            options: newOptions,
          })
          .describe(
            'The complete new record: host, value and options (repeat the ttl and other options you keep).',
          ),
      })
      .superRefine((v, ctx) => checkRecord(v.type, v.to, ctx, ['to'])),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_domain_records', { domain: i.domain }),
    confirm: (i) => recordHazard(i.type, i.to.host, i.to.value),
    summary: (i) =>
      `Change the ${recordText(i.type, i.from.host, i.from.value)} on ${q(i.domain)} to ${q(i.to.host)} → ${q(i.to.value)}${ttlText(i.to.options.ttl)}. The old value stops resolving at once.`,
    // The record as it was, options and all, from the zone read just before.
    undo: {
      before: (i): ToolCall => toolCall('deploi_get_domain_records', { domain: i.domain }),
      inverse(i, before) {
        const old = liveRecord(before, i.domain, i.type, i.from.host, i.from.value);
        if (!old) return `the record it replaced was not in ${q(i.domain)} just before`;
        return [
          {
            tool: 'deploi_update_domain_record',
            input: {
              domain: i.domain,
              type: i.type,
              from: { host: i.to.host, value: i.to.value, options: i.to.options },
              to: { host: old.host, value: old.value, options: writableOptions(i.type, old.options) },
            },
          },
        ];
      },
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DeleteDomainRecord',
    group: 'dns',
    title: 'Delete a DNS record',
    description:
      'Deletes one DNS record, identified by type, host and exact value from deploi_get_domain_records. The name stops resolving to that value at once; deleting the wrong A, MX or CNAME record takes a website or mail offline.',
    input: z.strictObject({
      domain,
      type: recordType,
      host: host.describe('The host of the record, as deploi_get_domain_records lists it.'),
      value: existingValue.describe(
        'The value of the record, exactly as deploi_get_domain_records lists it.',
      ),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_domain_records', { domain: i.domain }),
    summary: (i) =>
      `Delete the ${recordText(i.type, i.host, i.value)} on ${q(i.domain)}. The name stops resolving to that value at once.`,
    undo: {
      before: (i): ToolCall => toolCall('deploi_get_domain_records', { domain: i.domain }),
      inverse(i, before) {
        const old = liveRecord(before, i.domain, i.type, i.host, i.value);
        if (!old) return `the record was not in ${q(i.domain)} just before`;
        return [
          {
            tool: 'deploi_add_domain_record',
            input: {
              domain: i.domain,
              type: i.type,
              host: old.host,
              value: old.value,
              options: writableOptions(i.type, old.options),
            },
          },
        ];
      },
    },
  }),
] as const satisfies readonly Command[];
