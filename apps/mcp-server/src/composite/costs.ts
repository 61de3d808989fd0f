import {
  type ClientCosts,
  type CostChange,
  type CostInvoice,
  type CostReport,
  costReport,
  costs,
  HostkitError,
  MAX_LINE_READS,
  MONTH_PATTERN,
  quote,
} from '@hostkit/core';
import { z } from 'zod';
import { type HostkitTool, parseWith, READ_ONLY } from '../tools';
import { workflowClients, workflowRead } from './workflow';

const input = z.strictObject({
  clientid: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Only this Deploi client (default: every client you can act for).'),
  month: z
    .string()
    .regex(MONTH_PATTERN, 'Give the month as YYYY-MM, such as 2026-11.')
    .optional()
    .describe(
      'The month to total, YYYY-MM such as 2026-11 (default: the current month if it has invoices, else the latest month that has).',
    ),
});

/** An amount as a person reads it: thousands apart by spaces, öre only when there are some, the currency always. */
export function money(amount: number, currency: string): string {
  const [whole = '0', cents] = Math.abs(amount).toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ' ');
  return `${amount < 0 ? '-' : ''}${grouped}${cents === '00' ? '' : `.${cents}`} ${currency}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A change as text: `+500 NOK, +6.7 % on 2026-11`. */
function changeText(change: CostChange, previous: number, currency: string, month: string): string {
  if (change.amount === 0) return `the same as ${month}`;
  const amount = `${change.amount > 0 ? '+' : ''}${money(change.amount, currency)}`;
  return change.percent === null
    ? `${amount} on ${month}, which had none`
    : `${amount}, ${signed(change.percent)} % on ${month}'s ${money(previous, currency)}`;
}

function clientName(c: ClientCosts): string {
  const id = c.clientid === undefined ? 'The default client' : `Client ${c.clientid}`;
  return c.name ? `${id} ${quote(c.name)}` : id;
}

/** An invoice in one line, then its lines when it is of the month (other months' are in the structured result). */
function invoiceText(i: CostInvoice, month: string): string[] {
  const state =
    i.status === 'cancelled'
      ? 'cancelled (in no total)'
      : i.overdue
        ? `OVERDUE by ${plural(i.daysOverdue ?? 0, 'day')}`
        : i.status;
  const when = [i.period, i.due ? `due ${i.due}` : undefined].filter(Boolean).join(', ');
  const amount = i.amount === undefined ? 'amount unknown' : money(i.amount, i.currency);
  const lines = i.period === month ? (i.lines ?? []) : [];
  const more = i.period !== month && i.lines ? `; ${plural(i.lines.length, 'line')} in the result` : '';
  return [
    `  invoice ${i.id}${when ? ` (${when})` : ''}: ${amount}, ${state}${more}`,
    ...lines.map(
      (l) =>
        `    - ${l.description === undefined ? '(no description)' : quote(l.description)}: ${l.amount === undefined ? 'amount unknown' : money(l.amount, i.currency)}`,
    ),
  ];
}

/** The headline: what is paid in the month across clients, the change, and what is overdue. */
function headline(r: CostReport, current: string): string {
  if (!r.clients) return `No invoices could be read${r.unchecked ? `: ${r.unchecked.join('; ')}` : ''}.`;
  const totals = r.totals ?? [];
  const paid = totals.map((t) => money(t.total, t.currency)).join(' and ');
  const changes = totals
    .map(
      (t) =>
        `${totals.length > 1 ? `${t.currency}: ` : ''}${changeText(t.change, t.previousTotal, t.currency, r.previousMonth)}`,
    )
    .join('; ');
  const which = r.monthIs === 'latest' ? `; the latest month with invoices: ${current} has none yet` : '';
  const overdue = r.clients.flatMap((c) => (c.invoices ?? []).filter((i) => i.overdue));
  const owed = totals
    .filter((t) => t.overdueTotal)
    .map((t) => money(t.overdueTotal, t.currency))
    .join(' and ');
  return `You pay ${paid} in ${r.month} across ${plural(r.clients.length, 'client')} (${changes}${which})${
    overdue.length
      ? `; ${plural(overdue.length, 'invoice')} overdue (${owed}): ${overdue.map((i) => i.id).join(', ')}`
      : '; nothing overdue'
  }.`;
}

/** The report as an agent reads it: the headline, each client's month and its invoices, what is missing. */
function text(r: CostReport, current: string): string {
  const lines = [headline(r, current)];
  for (const c of r.clients ?? []) {
    const owed = c.unpaidTotal
      ? `; unpaid ${money(c.unpaidTotal, c.currency)}${c.overdueTotal ? `, of it overdue ${money(c.overdueTotal, c.currency)}` : ''}`
      : '';
    lines.push(
      `${clientName(c)}: ${money(c.total, c.currency)} in ${r.month} (${changeText(c.change, c.previousTotal, c.currency, r.previousMonth)})${owed}.`,
    );
    for (const i of c.invoices ?? []) lines.push(...invoiceText(i, r.month));
  }
  for (const n of r.notIncluded ?? []) lines.push(`Not included: ${n}.`);
  // With no client read, the headline already says why.
  if (r.unchecked && r.clients) lines.push(`Not read: ${r.unchecked.join('; ')}.`);
  return lines.join('\n');
}

/**
 * hostkit_costs: what the user pays at Deploi, per client and month. Reads each client's invoices, the
 * lines of the month's and the unpaid ones, and adds them up against the previous month.
 */
export function costsTool(): HostkitTool {
  const name = 'hostkit_costs';
  return {
    name,
    title: 'What you pay at Deploi, per client and month',
    description: `Adds up what the user pays at Deploi in a month, per client and in all: each client's total with its currency, the change against the previous month (amount and per cent), the month's invoices with the lines (services) that make them up, and every unpaid invoice of any month, overdue ones first. Cancelled invoices count in no total. Default month: the current one if it has invoices, else the latest that has (the result says which). Reads only: one deploi_get_invoices per client and one deploi_get_invoice_info per invoice shown (at most ${MAX_LINE_READS}). SeFlow has no billing API, so its costs are not included.`,
    group: 'billing',
    ...READ_ONLY,
    input,
    output: costReport,
    parse: (raw) => parseWith(name, input, raw),
    async run(args, _plan, ctx) {
      const { deploi, seflow } = ctx.backend.providers;
      if (!deploi)
        throw new HostkitError(
          'config',
          'Deploi is not configured, and only Deploi has invoices (SeFlow has no billing API): set the Deploi credentials.',
        );
      const { clients, accounts } = await workflowClients(ctx, args.clientid);
      const names = Object.fromEntries(accounts.flatMap((c) => (c.name ? [[c.id, c.name]] : [])));
      const now = Date.now();
      const result = await costs({
        read: workflowRead(ctx),
        clients,
        names,
        seflow,
        now,
        month: args.month === undefined ? undefined : String(args.month),
      });
      const current = new Date(now).toISOString().slice(0, 7);
      const body = text(result, current);
      return { structured: result, headline: body.split('\n')[0] ?? '', text: body };
    },
  };
}
