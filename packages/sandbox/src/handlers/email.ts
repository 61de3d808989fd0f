import { deploiErrors } from '../messages';
import type { EmailProduct } from '../model';
import { addAgreement, isoDate, nextId } from '../state';
import {
  canAccess,
  clientFor,
  type DeploiInput,
  type HandlerContext,
  type HandlerMap,
  ofClient,
  ok,
  refuse,
} from './support';

// Deploi "email" group: e-mail services, one per address. An order is `creating` for the provisioning
// delay, then `active` (advance() in state.ts). SetEmailPassword keeps only when it ran
// (`passwordSetAt`): the password itself is neither stored nor sent back.

type EmailType = DeploiInput<'OrderEmailService'>['emailtype'];

const day = 86_400_000;

/** NOK per month, per address (transactional: per block of 10 000 mails). */
const monthlyPrices: Record<EmailType, number> = {
  account: 49,
  transactional: 99,
  m365basic: 69,
  m365standard: 139,
  m365premium: 249,
};

/** Storage in GB of each kind of product; Microsoft 365 storage is Microsoft's, not shown. */
const storageGb = { account: 10, transactional: 5, m365: 0 } as const;

/** The live (not cancelled) service of an address the user may see; "No such e-mail account" otherwise. */
function findAccount(ctx: HandlerContext, address: string): EmailProduct {
  const wanted = address.toLowerCase();
  const product = ctx.state.emailProducts.find(
    (p) => p.email.toLowerCase() === wanted && p.status !== 'cancelled' && canAccess(ctx, p.clientId),
  );
  if (!product) return refuse(deploiErrors.noSuchEmailAccount);
  return product;
}

/** Handlers of the email group, by wire name. */
export const emailHandlers = {
  GetEmailProducts: (ctx, input) => {
    const emailProducts = ofClient(ctx.state.emailProducts, clientFor(ctx, input.clientid)).map((p) => ({
      id: p.id,
      email: p.email,
      type: p.type,
      status: p.status,
      // The docs give storage for accounts and transactional mail, the expiry for Microsoft 365.
      ...(p.type === 'm365' ? { expiry: p.expiry } : { used: p.used, total: p.total }),
    }));
    return ok({ emailProducts });
  },

  GetEmailAccountInfo: (ctx, input) => {
    const product = findAccount(ctx, input.email);
    // A Microsoft 365 subscription has no Deploi mailbox storage to report.
    if (product.type === 'm365') return refuse(deploiErrors.noSuchEmailAccount);
    return ok({ used: product.used, total: product.total });
  },

  OrderEmailService: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    const domains = ofClient(ctx.state.domains, client).map((d) => d.name);
    // Check every address before ordering any, so a refusal orders nothing.
    for (const address of input.addresses) {
      const host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
      if (!domains.some((d) => host === d || host.endsWith(`.${d}`)))
        return refuse(deploiErrors.emailDomainNotYours(address));
      const wanted = address.toLowerCase();
      if (ctx.state.emailProducts.some((p) => p.email.toLowerCase() === wanted && p.status !== 'cancelled'))
        return refuse(deploiErrors.emailServiceExists(address));
    }
    const type = input.emailtype.startsWith('m365')
      ? 'm365'
      : (input.emailtype as 'account' | 'transactional');
    const price =
      monthlyPrices[input.emailtype] * (input.emailtype === 'transactional' ? (input.blocks ?? 1) : 1);
    for (const address of input.addresses) {
      const id = nextId(ctx.state);
      ctx.state.emailProducts.push({
        id,
        clientId: client.id,
        email: address,
        type,
        status: 'creating',
        used: 0,
        total: storageGb[type],
        expiry: type === 'm365' ? isoDate(ctx.now + (input.invoiceterm === 'yearly' ? 365 : 30) * day) : '',
        invoiceterm: input.invoiceterm,
        passwordSetAt: null,
        readyAt: ctx.now + ctx.config.provisioningDelayMs,
      });
      addAgreement(ctx.state, {
        id,
        clientId: client.id,
        kind: 'email',
        description: `E-mail ${input.emailtype} ${address}`,
        monthlyPrice: price,
        now: ctx.now,
      });
    }
    return ok({}, 'Email order processing.', 71);
  },

  SetEmailPassword: (ctx, input) => {
    const product = findAccount(ctx, input.address);
    if (product.status === 'creating') return refuse(deploiErrors.emailNotReady);
    product.passwordSetAt = new Date(ctx.now).toISOString();
    return ok();
  },
} satisfies HandlerMap<'deploi'>;
