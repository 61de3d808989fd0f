import { z } from 'zod';
import {
  clientId,
  deploiReply,
  id,
  looseBoolean,
  looseNumber,
  looseString,
  sessionDestructive,
  sessionRead,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { quote as q } from '../text.js';

// Dates are YYYY-MM-DD and amounts strings; the currency is not in the reply (Deploi bills in NOK,
// see docs/api-notes.md). `currency` and `period` are Hostkit's, added to listed invoices.
const invoiceFields = {
  date: z.string().optional(),
  due: z.string().optional(),
  amount: looseString.optional(),
  cancelled: looseBoolean.optional(),
  paid: looseBoolean.optional(),
  currency: z.string().optional(),
  period: z.string().optional(),
};

/** Deploi's currency: every price and invoice amount is in Norwegian kroner. */
export const DEPLOI_CURRENCY = 'NOK';

/** An amount as a number when it is one ("11553", "1 234,50"), else as sent. */
export function amountOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const plain = value.replace(/[\s\u00a0]/g, '').replace(/,(\d{1,2})$/, '.$1');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : value;
}

/** A listed invoice with its amount as a number, its currency and its period (the month of its date). */
function tidyInvoice(row: Record<string, unknown>): Record<string, unknown> {
  const date = typeof row.date === 'string' ? row.date : '';
  return {
    ...row,
    amount: amountOf(row.amount),
    currency: DEPLOI_CURRENCY,
    ...(/^\d{4}-\d{2}/.test(date) ? { period: date.slice(0, 7) } : {}),
  };
}

/** Deploi: billing. */
export const deploiBilling = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetInvoices',
    group: 'billing',
    title: 'List Deploi invoices',
    description:
      'Lists the invoices of the account: id (the invoiceNr for deploi_get_invoice_info), period (the month billed), date and due date (YYYY-MM-DD), amount and currency (NOK), and whether each is paid or cancelled.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      invoices: z.array(z.looseObject({ id: looseNumber, ...invoiceFields })).optional(),
    }),
    ...sessionRead,
    list: {
      at: 'invoices',
      noun: 'invoice',
      columns: ['id', 'period', 'date', 'due', 'amount', 'currency', 'paid', 'cancelled'],
      tidy: tidyInvoice,
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetInvoiceInfo',
    group: 'billing',
    title: 'Get a Deploi invoice',
    description:
      'Returns one invoice with its dates, amount, paid/cancelled state and its lines (one service per line, with description and amount).',
    input: z.strictObject({
      invoiceNr: id('The invoice number: the id of an invoice from deploi_get_invoices.'),
    }),
    output: deploiReply({
      invoiceInfo: z
        .looseObject({
          ...invoiceFields,
          lines: z
            .array(z.looseObject({ description: z.string().optional(), amount: looseString.optional() }))
            .optional(),
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'CancelAgreement',
    group: 'billing',
    title: 'Cancel a Deploi service agreement',
    description:
      'Cancels the agreement (subscription) of a service such as a server, site, domain, firewall or Kubernetes account: the service is terminated and its data can be lost. The agreement id is the service id from the matching list tool (deploi_get_servers, deploi_get_kubernetes, ...). Confirm the exact service with the user first.',
    input: z.strictObject({
      id: id(
        'The agreement id: the id of the service to cancel, from its list tool (e.g. deploi_get_servers).',
      ),
      cancellationmessage: z
        .string()
        .trim()
        .min(1)
        .max(1000)
        .optional()
        .describe('Optional reason for cancelling, passed on to Deploi.'),
    }),
    output: deploiReply({}),
    ...sessionDestructive,
    idempotent: true,
    summary: (i) =>
      `Cancel agreement ${i.id}: the service is terminated and its data can be lost${i.cancellationmessage === undefined ? '' : `; reason given: ${q(i.cancellationmessage)}`}.`,
    undo: { irreversible: 'a cancelled agreement cannot be restored: the service and its data are gone' },
  }),
] as const satisfies readonly Command[];
