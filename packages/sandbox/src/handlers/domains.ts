import { deploiErrors } from '../messages';
import type { Client, Domain, DomainContact } from '../model';
import { defaultNameServers } from '../seed-data';
import { addAgreement, DAY_MS, isoDate, nextId, recordEvent } from '../state';
import {
  clientFor,
  type DeploiInput,
  findOwned,
  type HandlerContext,
  type HandlerMap,
  ofClient,
  ok,
  refuse,
} from './support';

// Deploi "domains" group: registration (register and incoming transfer), prices, name servers,
// contacts and auth codes (`domains[]`). DNS records are the dns group's.

const day = DAY_MS;

type DomainOrder = DeploiInput<'OrderDomain'>;
/** OrderDomain's `struct Contact` (lower-case keys). */
type OrderContact = NonNullable<DomainOrder['owner']>;

/** UpdateDomainContact's `contact` → the GetDomainContacts key it replaces. */
const contactKeys = {
  owner: 'holder',
  admin: 'administrativeContact',
  tech: 'technicalContact',
  billing: 'billingContact',
} as const;

// NOK per year by TLD (registration, transfer, renewal); the docs' example prices example.com at 95.
const prices: Readonly<Record<string, readonly [number, number, number]>> = {
  no: [95, 95, 95],
  com: [95, 95, 95],
  example: [95, 95, 95],
  net: [139, 139, 139],
  org: [139, 139, 139],
  se: [129, 129, 129],
  dk: [119, 119, 119],
  eu: [99, 99, 99],
  io: [449, 449, 449],
};
const otherTld = [199, 199, 199] as const;

function priceOf(domain: string): readonly [number, number, number] {
  return prices[domain.slice(domain.lastIndexOf('.') + 1)] ?? otherTld;
}

function findDomain(ctx: HandlerContext, name: string): Domain {
  return findOwned(ctx, ctx.state.domains, (d) => d.name === name, deploiErrors.noSuchDomain);
}

function fromOrder(id: string, c: OrderContact): DomainContact {
  return {
    id,
    firstName: c.firstname,
    lastName: c.lastname,
    company: c.type === 'company',
    companyName: c.companyname ?? '',
    companyID: c.taxid === undefined ? '' : String(c.taxid),
    country: c.country,
    addressLine1: c.addressline1,
    addressLine2: '',
    postalCode: c.postalcode,
    city: c.city,
    phone: c.phone,
    email: c.email,
  };
}

/** The account's details as a contact: what the docs say a contact not given defaults to. */
function fromAccount(id: string, client: Client): DomainContact {
  return {
    id,
    firstName: client.firstname,
    lastName: client.lastname,
    company: client.type === 'company',
    companyName: client.companyname,
    companyID: client.legalentityid,
    country: client.countrycode,
    addressLine1: client.addressline1,
    addressLine2: client.addressline2,
    postalCode: client.postalcode,
    city: client.city,
    phone: client.phone,
    email: client.email,
  };
}

/** A new unpaid invoice of one line, due in 14 days. */
function bill(ctx: HandlerContext, clientId: number, description: string, amount: number): void {
  ctx.state.invoices.push({
    id: nextId(ctx.state),
    clientId,
    date: isoDate(ctx.now),
    due: isoDate(ctx.now + 14 * day),
    cancelled: false,
    paid: false,
    lines: [{ description, amount }],
  });
}

function renewDomain(ctx: HandlerContext, domain: (typeof ctx.state.domains)[number]) {
  const expiry = Math.max(ctx.now, Date.parse(domain.expiryDate)) + 365 * day;
  domain.status = 'active';
  domain.expiryDate = isoDate(expiry);
  domain.nextDueDate = isoDate(expiry - 30 * day);
  const [, , renewal] = priceOf(domain.name);
  bill(ctx, domain.clientId, `Domain renewal ${domain.name} (1 year)`, renewal);
  return ok({}, 'Domain renewed.', 0);
}

function orderDomain(ctx: HandlerContext, input: DomainOrder) {
  const client = clientFor(ctx, input.clientid);
  const existing = ctx.state.domains.find((d) => d.name === input.domain);
  // The docs are silent on renewing: registering your own domain again, once it has expired or within
  // 90 days of expiring, renews it for a year.
  if (
    existing &&
    input.operation === 'register' &&
    existing.clientId === client.id &&
    (existing.status === 'expired' || Date.parse(existing.expiryDate) < ctx.now + 90 * day)
  )
    return renewDomain(ctx, existing);
  // Every domain in the state is registered with Deploi: neither free to register nor transferable in.
  if (existing)
    return refuse(input.operation === 'register' ? deploiErrors.domainTaken : deploiErrors.domainAtDeploi);
  const id = nextId(ctx.state);
  const accountContact = fromAccount(`n-sb${id}`, client);
  const contact = (c: OrderContact | undefined, n: number) =>
    c ? fromOrder(`n-sb${id}-${n}`, c) : { ...accountContact };
  const transfer = input.operation === 'transfer';
  const expiry = ctx.now + 365 * day;
  ctx.state.domains.push({
    id,
    clientId: client.id,
    name: input.domain,
    // A transfer waits for the losing registrar; the sandbox completes it after the provisioning delay.
    status: transfer ? 'pending-transfer' : 'active',
    ...(transfer ? { readyAt: ctx.now + ctx.config.provisioningDelayMs } : {}),
    registrationDate: isoDate(ctx.now),
    expiryDate: isoDate(expiry),
    nextDueDate: isoDate(expiry - 30 * day),
    nameServers: [...defaultNameServers],
    defaultNameServers: true,
    contacts: {
      holder: contact(input.owner, 1),
      administrativeContact: contact(input.admin, 2),
      technicalContact: contact(input.tech, 3),
      billingContact: contact(input.billing, 4),
    },
    records: [],
  });
  const [registration, transferPrice, renewal] = priceOf(input.domain);
  addAgreement(ctx.state, {
    id,
    clientId: client.id,
    kind: 'domain',
    description: `Domain ${input.domain}`,
    monthlyPrice: Math.ceil(renewal / 12),
    now: ctx.now,
  });
  // The order is billed at once, on its own invoice: the first year at the GetDomainPrice price.
  bill(
    ctx,
    client.id,
    `Domain ${transfer ? 'transfer' : 'registration'} ${input.domain} (1 year)`,
    transfer ? transferPrice : registration,
  );
  return ok({}, 'Domain order processing.', 35);
}

/** The wire's setOwner/setAdmin/… flags decide which contacts count; core's toWire derives them. */
function orderFromWire(wire: Record<string, unknown>): Record<string, unknown> {
  const {
    setOwnerAndContacts,
    setOwner,
    setAdmin,
    setTech,
    setBilling,
    owner,
    admin,
    tech,
    billing,
    ...rest
  } = wire;
  const roles = {
    owner: [setOwner, owner],
    admin: [setAdmin, admin],
    tech: [setTech, tech],
    billing: [setBilling, billing],
  };
  const out: Record<string, unknown> = { ...rest };
  // A contact sent beside a false flag is a placeholder, as with patch commands.
  for (const [role, [flag, contact]] of Object.entries(roles)) {
    if (setOwnerAndContacts !== false && flag !== false && contact !== undefined) out[role] = contact;
  }
  return out;
}

/** Handlers of the domains group, by wire name. */
export const domainHandlers = {
  GetDomains: (ctx, input) => {
    const domains = ofClient(ctx.state.domains, clientFor(ctx, input.clientid)).map((d) => ({
      name: d.name,
      id: d.id,
      status: d.status,
      registrationDate: d.registrationDate,
      expiryDate: d.expiryDate,
      nextDueDate: d.nextDueDate,
    }));
    return ok({ domains });
  },

  // No token: availability is public, so any domain in the state (of any client) is taken.
  DomainAvailable: (ctx, input) =>
    ok({ available: !ctx.state.domains.some((d) => d.name === input.domain) }, 'success', 10),

  GetDomainPrice: (_ctx, input) => {
    const [registration, transfer, renewal] = priceOf(input.domain);
    return ok(
      {
        priceRegistration: String(registration),
        priceTransfer: String(transfer),
        priceRenewal: String(renewal),
      },
      'Price found.',
      10,
    );
  },

  OrderDomain: { fromWire: orderFromWire, handle: orderDomain },

  // No token either: delegation is public DNS data, so it is shown for any domain the sandbox holds.
  GetDomainNameServers: (ctx, input) => {
    const domain = ctx.state.domains.find((d) => d.name === input.domain);
    if (!domain) return refuse(deploiErrors.noSuchDomain);
    const records = domain.nameServers.map((ns) => ({ type: 'NS', value: `${ns}.`, host: domain.name }));
    return ok({ records });
  },

  ChangeNameServers: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    domain.defaultNameServers = input.defaults;
    domain.nameServers = input.defaults ? [...defaultNameServers] : [...new Set(input.nameservers ?? [])];
    return ok({}, '', 74);
  },

  GetDomainContacts: (ctx, input) => {
    const { holder, administrativeContact, technicalContact, billingContact } = findDomain(
      ctx,
      input.domain,
    ).contacts;
    return ok({
      contacts: {
        holder: { ...holder },
        administrativeContact: { ...administrativeContact },
        technicalContact: { ...technicalContact },
        billingContact: { ...billingContact },
      },
    });
  },

  UpdateDomainContact: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    const key = contactKeys[input.contact];
    const current = domain.contacts[key];
    // The id names the registry contact being changed: another contact's id is a mistake.
    if (input.info.id !== undefined && input.info.id !== current.id)
      return refuse(deploiErrors.noSuchContact);
    // A new object, not an edit in place: seeded roles may share one contact object.
    domain.contacts[key] = { ...input.info, id: current.id, addressLine2: input.info.addressLine2 ?? '' };
    return ok({}, 'Owner or contact change processing.', 73);
  },

  GetDomainAuthCode: (ctx, input) => {
    const domain = findDomain(ctx, input.domain);
    // The code goes to the owner by e-mail; the event records that it was sent, never the code.
    recordEvent(
      ctx.state,
      ctx.now,
      'GetDomainAuthCode',
      `auth code for ${domain.name} e-mailed to the owner`,
      domain.clientId,
    );
    return ok({}, '', 83);
  },
} satisfies HandlerMap<'deploi'>;
