import { z } from 'zod';

// What hostkit_costs returns, as the schema the result is checked against and the types come from.
// Amounts are numbers in the invoices' currency, rounded to 1/100; empty lists and unknown values are
// left out rather than sent empty.

/** A month, YYYY-MM. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const costLine = z.object({
  /** Absent when the API sent none. */
  description: z.string().optional(),
  /** Absent when the API sent something that is not an amount. */
  amount: z.number().optional(),
});
export type CostLine = z.infer<typeof costLine>;

export const costInvoice = z.object({
  id: z.number().int(),
  /** The month billed (of its date), YYYY-MM; absent when the invoice has no date. */
  period: z.string().optional(),
  /** YYYY-MM-DD. */
  date: z.string().optional(),
  due: z.string().optional(),
  /** Absent when the API sent something that is not an amount (then it is in no total; see `unchecked`). */
  amount: z.number().optional(),
  currency: z.string(),
  /** The API's state: a cancelled invoice is in no total, whether or not it was paid. */
  status: z.enum(['paid', 'unpaid', 'cancelled']),
  /** On unpaid invoices: whether the due date is before today. */
  overdue: z.boolean().optional(),
  /** Days past the due date, on overdue invoices. */
  daysOverdue: z.number().int().optional(),
  /** The lines that make it up, one service each (read for the month's invoices and every unpaid one). */
  lines: z.array(costLine).optional(),
});
export type CostInvoice = z.infer<typeof costInvoice>;

/** A total against the previous month's: the difference, and it in per cent (null when that was 0). */
export const costChange = z.object({
  amount: z.number(),
  percent: z.number().nullable(),
});
export type CostChange = z.infer<typeof costChange>;

const sums = {
  currency: z.string(),
  /** The month's invoices, cancelled ones left out. */
  total: z.number(),
  previousTotal: z.number(),
  change: costChange,
  /** Every unpaid invoice of any month, cancelled ones left out. */
  unpaidTotal: z.number(),
  /** The part of `unpaidTotal` past its due date. */
  overdueTotal: z.number(),
};

/** One client's costs, in one currency (Deploi bills in NOK only, so one entry per client). */
export const clientCosts = z.object({
  /** Absent for the login's default client (a bare token knows no client list). */
  clientid: z.number().int().optional(),
  name: z.string().optional(),
  ...sums,
  /** The month's invoices, then every unpaid one of other months: overdue first, then unpaid, paid, cancelled. */
  invoices: z.array(costInvoice).optional(),
});
export type ClientCosts = z.infer<typeof clientCosts>;

/** Every client's costs in one currency, added up. */
export const costTotal = z.object({
  ...sums,
  clients: z.number().int(),
});
export type CostTotal = z.infer<typeof costTotal>;

export const costReport = z.object({
  /** The month the totals are for, YYYY-MM. */
  month: z.string(),
  /** Why this month: the one asked for, the current one, or the latest with invoices (the current has none). */
  monthIs: z.enum(['asked', 'current', 'latest']),
  previousMonth: z.string(),
  clients: z.array(clientCosts).optional(),
  /** One per currency. */
  totals: z.array(costTotal).optional(),
  /** Costs this cannot see (SeFlow has no billing API). */
  notIncluded: z.array(z.string()).optional(),
  /** What could not be read, and why (absent when everything was). */
  unchecked: z.array(z.string()).optional(),
  /** Requests made. */
  reads: z.number().int(),
});
export type CostReport = z.infer<typeof costReport>;
