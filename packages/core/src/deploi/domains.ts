import { z } from 'zod';
import {
  clientId,
  countryCode,
  deploiAck,
  deploiReply,
  domainName,
  email,
  label,
  looseBoolean,
  looseNumber,
  looseString,
  sessionDestructive,
  sessionRead,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient, quotedList } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote as q } from '../text.js';

const domain = domainName.describe(
  'The domain name, such as example.com (no scheme, no trailing dot); deploi_get_domains lists yours.',
);

const phone = z
  .string()
  .trim()
  .regex(
    /^(?=(?:\D*\d){4})[0-9+ ()./-]{4,32}$/,
    'must be a phone number such as +47 41283443 or (+47) 57395475',
  );

const postalCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$/,
    'must be a postal code such as 0347 (as a string, keeping leading zeros)',
  );

// Company fields are empty for persons (the docs' examples send ""), so empty is accepted here and
// required only when the contact is a company.
const optionalText = (max: number) => z.string().trim().max(max).regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE);

/** OrderDomain's `struct Contact` (lower-case keys). */
const orderContact = z
  .strictObject({
    firstname: label('First name of the contact.', 64),
    lastname: label('Last name of the contact.', 64),
    email: email.describe('E-mail address of the contact; registry notices go there.'),
    phone: phone.describe('Phone number of the contact, such as +47 41283443.'),
    companyname: optionalText(128)
      .optional()
      .describe('Company name; required when type is "company", else empty.'),
    taxid: z
      .union([optionalText(32), z.number().int().nonnegative()])
      .optional()
      .describe(
        'Company registration number (organisation number); required when type is "company", else empty.',
      ),
    type: z
      .enum(['person', 'company'])
      .describe('"person" (addressline1 must be the home address) or "company" (the company address).'),
    addressline1: label(
      "Street address: a person's home address, or the company address for a company.",
      128,
    ),
    country: countryCode.describe('Country of the address, as a two-letter ISO 3166-1 code such as NO.'),
    state: optionalText(64).optional().describe('State, county or region part of the address.'),
    postalcode: postalCode.describe('Postal code of the address, as a string such as "0347".'),
    city: label('City of the address.', 64),
  })
  .superRefine((c, ctx) => {
    if (c.type !== 'company') return;
    if (!c.companyname)
      ctx.addIssue({ code: 'custom', path: ['companyname'], message: 'required for a company' });
    if (c.taxid === undefined || c.taxid === '')
      ctx.addIssue({ code: 'custom', path: ['taxid'], message: 'required for a company' });
  });

/** The `structure Domain Contact` of GetDomainContacts / UpdateDomainContact (camel-case keys). */
const contactInfo = z
  .strictObject({
    id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be a contact id such as n-jm6375')
      .optional()
      .describe(
        'The registry contact id being updated, as shown by deploi_get_domain_contacts (such as "n-jm6375").',
      ),
    firstName: label('First name of the contact.', 64),
    lastName: label('Last name of the contact.', 64),
    company: z.boolean().describe('true when the contact is a company, false for a person.'),
    companyName: optionalText(128).describe('Company name; required when company is true, else "".'),
    companyID: optionalText(32).describe(
      'Company registration id (such as "NO 294849297 MVA"); required when company is true, else "".',
    ),
    country: countryCode.describe('Country of the contact, as a two-letter ISO 3166-1 code such as NO.'),
    addressLine1: label('Street address of the contact.', 128),
    addressLine2: optionalText(128)
      .optional()
      .describe('Additional address information (floor, c/o); may be "".'),
    postalCode: postalCode.describe('Postal code of the address, as a string such as "9387".'),
    city: label('City of the address.', 64),
    phone: phone.describe('Phone number of the contact, such as (+47) 57395475.'),
    email: email.describe(
      'E-mail address of the contact; registry notices (and transfer codes, for the owner) go there.',
    ),
  })
  .superRefine((c, ctx) => {
    if (!c.company) return;
    if (!c.companyName)
      ctx.addIssue({ code: 'custom', path: ['companyName'], message: 'required for a company' });
    if (!c.companyID)
      ctx.addIssue({ code: 'custom', path: ['companyID'], message: 'required for a company' });
  });

const domainContactOut = z
  .looseObject({
    id: looseString.optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: looseBoolean.optional(),
    companyName: z.string().optional(),
    companyID: z.string().optional(),
    country: z.string().optional(),
    addressLine1: z.string().optional(),
    addressLine2: z.string().optional(),
    postalCode: looseString.optional(),
    city: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  })
  .optional();

/** Deploi: domain registration: listing, availability, prices, orders, name servers, contacts, auth codes. */
export const deploiDomains = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomains',
    group: 'domains',
    title: 'List domains',
    description:
      'Lists the domains registered through Deploi for a client, with status, registration, expiry and next billing dates. Use it to find a domain name before other domain or DNS tools.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      domains: z
        .array(
          z.looseObject({
            name: z.string().optional(),
            id: looseNumber.optional(),
            status: z.string().optional(),
            registrationDate: z.string().optional(),
            expiryDate: z.string().optional(),
            nextDueDate: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'domains', noun: 'domain', columns: ['name', 'status', 'expiryDate', 'nextDueDate'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'DomainAvailable',
    group: 'domains',
    title: 'Check domain availability',
    description:
      'Tells whether a domain name is free to register. Use it before deploi_order_domain with operation "register"; deploi_get_domain_price gives what it would cost.',
    input: z.strictObject({ domain: domainName.describe('The domain name to check, such as example.com.') }),
    output: deploiReply({ available: looseBoolean.optional() }),
    risk: 'read',
    billable: false,
    idempotent: true,
    auth: 'none',
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomainPrice',
    group: 'domains',
    title: 'Get domain prices',
    description:
      'Returns the registration, transfer and yearly renewal prices of a domain name, in NOK. Use it to tell the user the cost before deploi_order_domain.',
    input: z.strictObject({
      domain: domainName.describe(
        'The domain name to price, such as example.com; the TLD decides the price.',
      ),
    }),
    output: deploiReply({
      priceRegistration: looseString.optional(),
      priceTransfer: looseString.optional(),
      priceRenewal: looseString.optional(),
    }),
    risk: 'read',
    billable: false,
    idempotent: true,
    auth: 'none',
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'OrderDomain',
    group: 'domains',
    title: 'Register or transfer a domain',
    description:
      'Orders a domain: registers a free one, or transfers one from another registrar with its auth code. Costs money: the client is billed the price from deploi_get_domain_price, and the order cannot be undone. Contacts not given default to the account details (for a transfer, the existing ones are kept).',
    input: z
      .strictObject({
        clientid: clientId,
        domain: domainName.describe('The domain name to order, such as example.com.'),
        operation: z
          .enum(['register', 'transfer'])
          .describe(
            '"register" a free domain (check with deploi_domain_available), or "transfer" one from another registrar.',
          ),
        prepare: z
          .boolean()
          .optional()
          .describe(
            'Transfer only: true lets the client prepare the DNS records on Deploi before the transfer happens.',
          ),
        authcode: z
          .string()
          .trim()
          .max(256)
          .regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE)
          .optional()
          .describe(
            'The transfer authorization (EPP) code from the current registrar; required for "transfer", empty or absent for "register".',
          ),
        owner: orderContact
          .optional()
          .describe('The legal owner (registrant). Absent: the account details are used.'),
        admin: orderContact
          .optional()
          .describe('The administrative contact. Absent: the account details are used.'),
        tech: orderContact
          .optional()
          .describe('The technical contact. Absent: the account details are used.'),
        billing: orderContact
          .optional()
          .describe('The billing contact. Absent: the account details are used.'),
      })
      .superRefine((v, ctx) => {
        if (v.operation === 'transfer' && !v.authcode)
          ctx.addIssue({ code: 'custom', path: ['authcode'], message: 'required to transfer a domain' });
        if (v.operation === 'register' && v.authcode)
          ctx.addIssue({ code: 'custom', path: ['authcode'], message: 'only for operation "transfer"' });
      }),
    output: deploiAck,
    risk: 'destructive',
    billable: true,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_domains', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    auth: 'session',
    secrets: ['authcode'],
    summary: (i) => {
      const contacts = (['owner', 'admin', 'tech', 'billing'] as const)
        .map((k) => {
          const c = i[k];
          return c ? `${k} ${q(`${c.firstname} ${c.lastname}`)} <${q(c.email)}>` : '';
        })
        .filter(Boolean);
      return `${i.operation === 'transfer' ? 'Transfer' : 'Register'} the domain ${q(i.domain)}${forClient(i)}${contacts.length ? ` with ${contacts.join(', ')}` : ' with the account details as its contacts'}. Billed at the price deploi_get_domain_price shows; the order cannot be undone.`;
    },
    // The set flags follow the contacts given, so a contact can never be sent and then ignored.
    toWire: ({ owner, admin, tech, billing, ...rest }) => ({
      ...rest,
      setOwnerAndContacts: [owner, admin, tech, billing].some((c) => c !== undefined),
      setOwner: owner !== undefined,
      ...(owner && { owner }),
      setAdmin: admin !== undefined,
      ...(admin && { admin }),
      setTech: tech !== undefined,
      ...(tech && { tech }),
      setBilling: billing !== undefined,
      ...(billing && { billing }),
    }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomainNameServers',
    group: 'domains',
    title: 'Get domain name servers',
    description:
      'Lists the name servers (NS records) a domain is delegated to. Use it to see whether DNS is served by Deploi before editing records with deploi_add_domain_record.',
    input: z.strictObject({ domain }),
    output: deploiReply({
      records: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            host: z.string().optional(),
            value: z.string().optional(),
          }),
        )
        .optional(),
    }),
    risk: 'read',
    billable: false,
    idempotent: true,
    auth: 'none',
    list: { at: 'records', noun: 'name server', columns: ['type', 'host', 'value'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'ChangeNameServers',
    group: 'domains',
    title: 'Change domain name servers',
    description:
      "Replaces the name servers a domain is delegated to, with Deploi's defaults or the given list. Moves DNS control: if the new servers do not serve the zone, the website and e-mail of the domain stop resolving until it is fixed. Check the current ones with deploi_get_domain_name_servers first.",
    input: z
      .strictObject({
        domain,
        defaults: z
          .boolean()
          .describe(
            "true to use Deploi's default name servers (then leave nameservers out); false to use the nameservers given.",
          ),
        nameservers: z
          .array(domainName.describe('A name server host name, such as ns1.example.com.'))
          .min(2)
          .max(13)
          .optional()
          .describe('The name servers to delegate to (2 to 13 host names) when defaults is false.'),
      })
      .superRefine((v, ctx) => {
        if (!v.defaults && !v.nameservers)
          ctx.addIssue({ code: 'custom', path: ['nameservers'], message: 'required when defaults is false' });
        if (v.defaults && v.nameservers)
          ctx.addIssue({ code: 'custom', path: ['nameservers'], message: 'leave out when defaults is true' });
      }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_domain_name_servers', { domain: i.domain }),
    summary: (i) =>
      `Delegate ${q(i.domain)} to ${i.defaults ? "Deploi's default name servers" : quotedList(i.nameservers ?? [])}. Whoever runs those servers controls the domain's website and mail; if they do not serve the zone, both stop resolving.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomainContacts',
    group: 'domains',
    title: 'Get domain contacts',
    description:
      'Returns the owner (holder), administrative, technical and billing contacts of a domain, with their contact ids. Read it before deploi_update_domain_contact.',
    input: z.strictObject({ domain }),
    output: deploiReply({
      contacts: z
        .looseObject({
          holder: domainContactOut,
          administrativeContact: domainContactOut,
          technicalContact: domainContactOut,
          billingContact: domainContactOut,
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateDomainContact',
    group: 'domains',
    title: 'Update a domain contact',
    description:
      'Replaces one contact of a domain (owner, admin, tech or billing) with the details given. Changing the owner moves legal ownership of the domain and may need confirmation by e-mail; the old details are overwritten. Read the current ones with deploi_get_domain_contacts first.',
    input: z.strictObject({
      domain,
      contact: z
        .enum(['owner', 'admin', 'tech', 'billing'])
        .describe('Which contact to replace: "owner" (the legal holder), "admin", "tech" or "billing".'),
      info: contactInfo.describe('The complete new details of the contact (every field is replaced).'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_domain_contacts', { domain: i.domain }),
    summary: ({ domain: d, contact, info }) =>
      `Replace the ${contact} contact of ${q(d)} with ${q(`${info.firstName} ${info.lastName}`)}${info.company ? ` of ${q(info.companyName)}` : ''}, e-mail ${q(info.email)}, phone ${q(info.phone)}. ${contact === 'owner' ? 'This moves legal ownership of the domain, and transfer codes go to the new e-mail address.' : 'Registry notices for this role go to the new e-mail address.'}`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetDomainAuthCode',
    // The code is e-mailed to the owner, never returned: "get" would promise the model a value.
    tool: 'deploi_send_domain_auth_code',
    group: 'domains',
    title: 'Send a domain auth code to its owner',
    description:
      "E-mails the domain's transfer authorization (EPP) code to the owner's registered address; the code is not returned here. Whoever holds it can transfer the domain away from Deploi, so use it only when the owner asks to move the domain.",
    input: z.strictObject({ domain }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: false,
    summary: (i) =>
      `E-mail the transfer (auth) code of ${q(i.domain)} to its registered owner. Whoever holds the code can move the domain to another registrar.`,
  }),
] as const satisfies readonly Command[];
