import { z } from 'zod';
import { PLAIN_TEXT, PLAIN_TEXT_MESSAGE } from '../text.js';
import { toAsciiDomain } from './idn.js';

// Shared building blocks for the group files, so a constraint is stated once.

/** A positive integer id of a Deploi object; `what` names the object and the tool that lists it. */
export function id(what: string): z.ZodNumber {
  return z.number().int().positive().describe(what);
}

/** A client (customer account) id: optional, the client defaults it. */
export const clientId = z
  .number()
  .int()
  .positive()
  .optional()
  .describe('Client (customer account) id; leave it out for the default client.');

/**
 * A number the API sometimes sends as a string (`"id": "7"`): accepted either way, given back as a number.
 */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** A value the API documents as a string but may send as a number, or the reverse: kept as sent. */
export const looseString = z.union([z.string(), z.number()]);

/** A boolean the API may send as `0`/`1` or `"true"`/`"false"`: given back as a boolean. */
export const looseBoolean = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z.enum(['true', 'false', '0', '1']).transform((v) => v === 'true' || v === '1'),
]);

const domainPattern =
  /^(?=.{1,253}$)(?!-)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

// The same shape with letters beyond ASCII allowed (blåbær.no), for what a caller may type: the Basic
// Multilingual Plane without surrogates or private use, so a JSON Schema validator (which matches code
// points) and this parser (which matches UTF-16 units) agree on a name.
const U = '\\u00a1-\\ud7ff\\uf900-\\ufffd';
const unicodeDomainPattern = new RegExp(
  `^(?=.{1,253}$)(?!-)(?:[a-z0-9${U}](?:[a-z0-9${U}-]{0,61}[a-z0-9${U}])?\\.)+[a-z${U}][a-z0-9${U}-]{0,61}[a-z0-9${U}]$`,
  'i',
);
/** What IDNA refuses although the letters are allowed: format and bidi controls, bad xn-- labels. */
const IDNA_MESSAGE =
  'must be a domain name that converts to a valid xn-- form (IDNA): no invisible or direction-control characters, no label starting with xn-- that is not one';

const DOMAIN_MESSAGE = 'must be a domain name such as example.com (no scheme, no path, no trailing dot)';

/** A name in its ASCII form, or as given when it has none (the strict check then refuses it). */
function asciiOrSame(name: string): string {
  try {
    return toAsciiDomain(name);
  } catch {
    return name;
  }
}

/**
 * A registrable domain name such as `example.com`. A Unicode name (`blåbær.no`) is accepted and
 * becomes its ASCII form (`xn--blbr-loa4a.no`), which is what the APIs take.
 */
export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(unicodeDomainPattern, { message: DOMAIN_MESSAGE, abort: true }) // one issue, not two
  .overwrite(asciiOrSame)
  .refine((name) => domainPattern.test(name), IDNA_MESSAGE)
  .describe('Domain name, such as example.com (a Unicode name such as blåbær.no is sent in its xn-- form).');

/** A DNS host within a zone: `@` for the apex, `*` or a label such as `www`, or the full name. */
export const dnsHost = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(
    /^(@|\*|(\*\.)?[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*)$/i,
    'must be @ for the apex, * for a wildcard, or a host such as www or mail.example.com',
  );

/** DNS record types the Deploi API accepts. */
export const dnsRecordType = z.enum(['A', 'AAAA', 'TXT', 'MX', 'CNAME', 'SOA', 'SRV']);

/** An IPv4 address. */
export const ipv4 = z.ipv4();
/** An IPv4 or IPv6 address. */
export const ipAddress = z.union([z.ipv4(), z.ipv6()]);
/** An IPv4 network in CIDR notation. */
export const cidrv4 = z.cidrv4();

/** A TCP/UDP port. */
export const port = z.number().int().min(1).max(65535);

/** A two-letter ISO 3166-1 alpha-2 country code, upper case. */
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166-1 alpha-2 country code such as NO or SE');

/** An e-mail address. */
export const email = z.email();

/** A name given to something (server, proxy, key): printable, bounded. */
export function label(what: string, max = 128): z.ZodString {
  return z.string().trim().min(1).max(max).regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE).describe(what);
}

/** The reply of every Deploi command: `success`, `message`, `messageId`, and whatever else is sent. */
export const deploiEnvelope = z.looseObject({
  success: z.boolean(),
  message: z.string().optional(),
  messageId: looseNumber.optional(),
});

/** A Deploi reply with documented extra fields (usually `data`). */
export function deploiReply<S extends z.ZodRawShape>(shape: S) {
  return deploiEnvelope.extend(shape);
}

/** The classification of a Deploi read: changes nothing, costs nothing, session auth. */
export const sessionRead = { risk: 'read', billable: false, idempotent: true, auth: 'session' } as const;

/** The classification of a SeFlow read: changes nothing, costs nothing, API-key auth. */
export const apikeyRead = { risk: 'read', billable: false, idempotent: true, auth: 'apikey' } as const;

// The write presets: what a change is and how it authenticates. Whether it is idempotent is said per
// command, and billable changes spell everything out.
/** A Deploi change that can be changed back without loss. */
export const sessionWrite = { risk: 'write', billable: false, auth: 'session' } as const;
/** A Deploi change that loses data, disrupts service, weakens security or moves ownership. */
export const sessionDestructive = { risk: 'destructive', billable: false, auth: 'session' } as const;
/** A SeFlow change that can be changed back without loss. */
export const apikeyWrite = { risk: 'write', billable: false, auth: 'apikey' } as const;
/** A SeFlow change that disrupts service. */
export const apikeyDestructive = { risk: 'destructive', billable: false, auth: 'apikey' } as const;

/** A Deploi reply that carries only the envelope: the acknowledgement of most writes. */
export const deploiAck = deploiReply({});

/** The reply of every SeFlow action: `status` and `statusmsg`, and whatever else is sent. */
export const seflowEnvelope = z.looseObject({
  status: z.enum(['success', 'error']),
  statusmsg: z.string(),
});

/** A SeFlow reply with documented extra fields. */
export function seflowReply<S extends z.ZodRawShape>(shape: S) {
  return seflowEnvelope.extend(shape);
}

/** A loose object: documented fields typed, unknown keys kept. */
export const loose = z.looseObject;
