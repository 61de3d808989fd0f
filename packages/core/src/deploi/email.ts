import { z } from 'zod';
import {
  clientId,
  deploiReply,
  email,
  looseNumber,
  sessionDestructive,
  sessionRead,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient, quotedList } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { quote as q } from '../text.js';

/** Deploi: e-mail services (mail accounts, transactional mail, Microsoft 365). */
export const deploiEmail = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetEmailProducts',
    group: 'email',
    title: 'List e-mail services',
    description:
      'Lists the e-mail services of a client: id, address, type ("account", "transactional" or "m365"), status, and storage used/total in GB or, for Microsoft 365, the subscription expiry.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      emailProducts: z
        .array(
          z.looseObject({
            id: looseNumber.optional(),
            email: z.string().optional(),
            type: z.string().optional(),
            status: z.string().optional(),
            used: looseNumber.optional(),
            total: looseNumber.optional(),
            expiry: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'emailProducts', noun: 'e-mail service', columns: ['id', 'email', 'type', 'status'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetEmailAccountInfo',
    group: 'email',
    title: 'Get e-mail account storage',
    description:
      'Returns the storage used and available, in GB, of one e-mail account. The addresses are listed by deploi_get_email_products.',
    input: z.strictObject({
      email: email.describe('The e-mail address of the account, from deploi_get_email_products.'),
    }),
    output: deploiReply({ used: looseNumber.optional(), total: looseNumber.optional() }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'OrderEmailService',
    group: 'email',
    title: 'Order an e-mail service',
    description:
      'Orders a new e-mail service (mail accounts, transactional sending or Microsoft 365) for the given addresses. Costs money: billed monthly or yearly per invoiceterm until cancelled.',
    input: z
      .strictObject({
        clientid: clientId,
        emailtype: z
          .enum(['account', 'transactional', 'm365basic', 'm365standard', 'm365premium'])
          .describe(
            'The service: "account" (mailboxes), "transactional" (sending from applications) or a Microsoft 365 plan ("m365basic", "m365standard", "m365premium").',
          ),
        addresses: z
          .array(email)
          .min(1)
          .max(100)
          .refine(
            (a) => new Set(a.map((x) => x.toLowerCase())).size === a.length,
            'addresses must not repeat',
          )
          .describe(
            'The e-mail addresses the service is for, such as ["bob@example.com"]; their domain must be yours.',
          ),
        blocks: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .optional()
          .describe(
            'For "transactional": how many blocks of 10 000 e-mails per month to buy (each block is billed). Required for "transactional".',
          ),
        invoiceterm: z
          .enum(['monthly', 'yearly'])
          .describe('How often the service is invoiced: "monthly" or "yearly".'),
      })
      .refine((v) => v.emailtype !== 'transactional' || v.blocks !== undefined, {
        path: ['blocks'],
        message: 'blocks is required when emailtype is "transactional"',
      }),
    output: deploiReply({}),
    risk: 'write',
    billable: true,
    idempotent: false,
    check: (i): ToolCall =>
      toolCall('deploi_get_email_products', {
        ...(i.clientid === undefined ? {} : { clientid: i.clientid }),
      }),
    auth: 'session',
    summary: (i) =>
      `Order the ${q(i.emailtype)} e-mail service${forClient(i)} for ${quotedList(i.addresses)}${i.blocks === undefined ? '' : ` with ${i.blocks} block${i.blocks === 1 ? '' : 's'} of 10 000 e-mails a month`}, invoiced ${i.invoiceterm}. Billed until cancelled.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'SetEmailPassword',
    group: 'email',
    title: 'Set an e-mail account password',
    description:
      'Sets a new password for an e-mail account. Every mail client and device using the old password stops working until it is given the new one. The addresses are listed by deploi_get_email_products.',
    input: z.strictObject({
      address: email.describe('The e-mail address whose password to set, from deploi_get_email_products.'),
      password: z
        .string()
        .min(8)
        .max(128)
        .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
        .describe('The new password: 8-128 characters, no control characters.'),
    }),
    output: deploiReply({}),
    ...sessionDestructive,
    idempotent: true,
    secrets: ['password'],
    summary: (i) =>
      `Set a new password for the mailbox ${q(i.address)}: every mail client using the old one stops working until it is given the new one.`,
  }),
] as const satisfies readonly Command[];
