import { z } from 'zod';
import {
  clientId,
  deploiReply,
  id,
  looseBoolean,
  looseNumber,
  looseString,
  sessionRead,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';

// Dates are YYYY-MM-DD and amounts strings (currency not documented); kept as sent.
const invoiceFields = {
  date: z.string().optional(),
  due: z.string().optional(),
  amount: looseString.optional(),
  cancelled: looseBoolean.optional(),
  paid: looseBoolean.optional(),
};

/** Deploi: billing. */
export const deploiBilling = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetInvoices',
    group: 'billing',
    title: 'List Deploi invoices',
    description:
      'Lists the invoices of the account: id (the invoiceNr for deploi_get_invoice_info), date, due date (YYYY-MM-DD), amount (a string; the currency is not stated), and whether each is paid or cancelled.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      invoices: z.array(z.looseObject({ id: looseNumber, ...invoiceFields })).optional(),
    }),
    ...sessionRead,
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
    risk: 'destructive',
    billable: false,
    idempotent: true,
    auth: 'session',
  }),
] as const satisfies readonly Command[];
