import { amountOf, DEPLOI_CURRENCY } from '../deploi/billing.js';
import { HostkitError } from '../errors.js';
import type { ToolName } from '../registry/registry.js';
import { quote } from '../text.js';
import {
  type ClientCosts,
  type CostChange,
  type CostInvoice,
  type CostReport,
  type CostTotal,
  MONTH_PATTERN,
} from './costs-schema.js';
import { each } from './inventory.js';
import type { ToolInput, ToolOutput, TypedRead } from './typed-read.js';

// What the user pays, per client and month: each client's invoices of the month with the lines that
// make them up, its total against the previous month's, and every unpaid invoice of any month, overdue
// first. Reads only: one GetInvoices per client, one GetInvoiceInfo per invoice whose lines it shows.

export interface CostsOptions {
  /** Reads by tool name, typed from each command's output. */
  read: TypedRead;
  /** The Deploi clients to look at (`undefined`: the login's default client). */
  clients: readonly (number | undefined)[];
  /** Client names by id, given beside their ids. */
  names?: Readonly<Record<number, string>>;
  /** Whether SeFlow is configured (its costs cannot be read: it has no billing API). */
  seflow: boolean;
  /** Now, in epoch ms: today (UTC) decides what is overdue, and its month is the default. */
  now: number;
  /** The month, YYYY-MM (default: the current one if it has invoices, else the latest that has). */
  month?: string | undefined;
}

/** How many invoices' lines one run reads at most (a request each): overdue and unpaid ones first. */
export const MAX_LINE_READS = 24;

/** Why SeFlow costs are missing from every total. */
export const SEFLOW_NOT_BILLED =
  'SeFlow: its API has no invoices or prices, so SeFlow costs are not included';

const DAY_MS = 86_400_000;

/** An invoice as read, with whose it is. */
interface Bill {
  clientid: number | undefined;
  invoice: CostInvoice;
}

const rank = (i: CostInvoice) => (i.overdue ? 0 : i.status === 'unpaid' ? 1 : i.status === 'paid' ? 2 : 3);
const round = (n: number) => Math.round(n * 100) / 100;
const who = (c: number | undefined) => (c === undefined ? 'the default client' : `client ${c}`);
// Typed, not `unknown`: a field renamed in its schema reads as `unknown` and so fails to compile here.
const text = (v: string | undefined): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');

/** The month before `month` (YYYY-MM). */
export function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The change from `previous` to `total`; the per cent is of the previous total's size, to 1 decimal. */
function changeOf(total: number, previous: number): CostChange {
  const amount = round(total - previous);
  return { amount, percent: previous === 0 ? null : Math.round((amount * 1000) / Math.abs(previous)) / 10 };
}

/** What the user pays: see {@link CostReport}. */
export async function costs(options: CostsOptions): Promise<CostReport> {
  if (options.month !== undefined && !MONTH_PATTERN.test(options.month))
    throw new HostkitError(
      'invalid_input',
      `The month ${quote(options.month)} is not a month: give it as YYYY-MM.`,
    );
  const unchecked: string[] = [];
  let reads = 0;
  const read = async <T extends ToolName>(
    tool: T,
    input: ToolInput<T>,
    what: string,
  ): Promise<ToolOutput<T> | undefined> => {
    reads += 1;
    try {
      return await options.read(tool, input);
    } catch (e) {
      // A cancelled call ends the run; anything else is one part not read.
      if (e instanceof HostkitError && e.code === 'aborted') throw e;
      unchecked.push(`${what}: ${messageOf(e)}`);
      return undefined;
    }
  };
  const today = new Date(options.now).toISOString().slice(0, 10);
  const read1 = await each(options.clients, async (c) => {
    const reply = await read(
      'deploi_get_invoices',
      c === undefined ? {} : { clientid: c },
      `invoices of ${who(c)}`,
    );
    return { clientid: c, bills: reply ? billsOf(reply, c, today, unchecked) : undefined };
  });
  const readable = read1.filter((r): r is { clientid: number | undefined; bills: Bill[] } => !!r.bills);
  const all = readable.flatMap((r) => r.bills);
  const { month, monthIs } = chooseMonth(options.month, today.slice(0, 7), all);
  const previousMonth = monthBefore(month);

  // The invoices shown: the month's and every unpaid one; lines for the most pressing first.
  const shown = all.filter((b) => b.invoice.period === month || b.invoice.status === 'unpaid');
  const byUrgency = [...shown].sort((a, b) => rank(a.invoice) - rank(b.invoice));
  const withLines = byUrgency.slice(0, MAX_LINE_READS);
  await each(withLines, async (b) => {
    const reply = await read(
      'deploi_get_invoice_info',
      { invoiceNr: b.invoice.id },
      `lines of invoice ${b.invoice.id} (${who(b.clientid)})`,
    );
    const info = reply?.invoiceInfo;
    if (!info) return;
    const lines = (info.lines ?? []).map((l) => {
      const amount = amountOf(l.amount satisfies string | number | undefined);
      const description = text(l.description);
      return { ...(description ? { description } : {}), ...(typeof amount === 'number' ? { amount } : {}) };
    });
    if (lines.length) b.invoice.lines = lines;
  });
  if (byUrgency.length > withLines.length)
    unchecked.push(
      `lines of ${byUrgency.length - withLines.length} more invoices (at most ${MAX_LINE_READS} are read a call): deploi_get_invoice_info gives them`,
    );

  const clients = readable.flatMap(({ clientid, bills }) =>
    entriesOf(clientid, options.names, bills, month, previousMonth, shown),
  );
  const totals = totalsOf(clients);
  return {
    month,
    monthIs,
    previousMonth,
    ...(clients.length ? { clients } : {}),
    ...(totals.length ? { totals } : {}),
    ...(options.seflow ? { notIncluded: [SEFLOW_NOT_BILLED] } : {}),
    ...(unchecked.length ? { unchecked } : {}),
    reads,
  };
}

/** The invoices of one GetInvoices reply; what cannot be counted is noted. */
function billsOf(
  reply: ToolOutput<'deploi_get_invoices'>,
  clientid: number | undefined,
  today: string,
  unchecked: string[],
): Bill[] {
  const out: Bill[] = [];
  for (const row of reply.invoices ?? []) {
    const id = Number(row.id satisfies number);
    if (!Number.isInteger(id)) {
      unchecked.push(`an invoice of ${who(clientid)} without an id (${quote(row.id)}): in no total`);
      continue;
    }
    const date = text(row.date);
    const due = text(row.due);
    const period = text(row.period) ?? (date && /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : undefined);
    const amount = amountOf(row.amount satisfies string | number | undefined);
    const cancelled: boolean | undefined = row.cancelled;
    const paid: boolean | undefined = row.paid;
    const status = cancelled === true ? 'cancelled' : paid === true ? 'paid' : 'unpaid';
    const overdue =
      status === 'unpaid' && due !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(due) && due < today;
    if (typeof amount !== 'number')
      unchecked.push(
        `invoice ${id} of ${who(clientid)}: its amount ${quote(row.amount)} is not a number, so it is in no total`,
      );
    if (!period)
      unchecked.push(`invoice ${id} of ${who(clientid)} has no date, so it is in no month's total`);
    out.push({
      clientid,
      invoice: {
        id,
        ...(period ? { period } : {}),
        ...(date ? { date } : {}),
        ...(due ? { due } : {}),
        ...(typeof amount === 'number' ? { amount } : {}),
        currency: text(row.currency) ?? DEPLOI_CURRENCY,
        status,
        ...(status === 'unpaid' ? { overdue } : {}),
        ...(overdue && due
          ? { daysOverdue: Math.round((Date.parse(today) - Date.parse(due)) / DAY_MS) }
          : {}),
      },
    });
  }
  return out;
}

/** The month asked for; else the current one if it has invoices; else the latest before it that has. */
function chooseMonth(
  asked: string | undefined,
  current: string,
  bills: readonly Bill[],
): { month: string; monthIs: CostReport['monthIs'] } {
  if (asked) return { month: asked, monthIs: 'asked' };
  const months = [...new Set(bills.map((b) => b.invoice.period).filter((p): p is string => !!p))].sort();
  if (months.length === 0 || months.includes(current)) return { month: current, monthIs: 'current' };
  // An invoice dated ahead (a bill for next month) does not hide the months already billed.
  const past = months.filter((m) => m < current);
  return { month: (past.length ? past : months).at(-1) as string, monthIs: 'latest' };
}

const sumOf = (bills: readonly CostInvoice[]) =>
  round(bills.reduce((s, i) => s + (i.status === 'cancelled' ? 0 : (i.amount ?? 0)), 0));

/** One client's entries: one per currency it is billed in (one, at Deploi). */
function entriesOf(
  clientid: number | undefined,
  names: Readonly<Record<number, string>> | undefined,
  bills: readonly Bill[],
  month: string,
  previousMonth: string,
  shown: readonly Bill[],
): ClientCosts[] {
  const invoices = bills.map((b) => b.invoice);
  const currencies = [...new Set(invoices.map((i) => i.currency))];
  const name = clientid === undefined ? undefined : names?.[clientid];
  return (currencies.length ? currencies : [DEPLOI_CURRENCY]).map((currency) => {
    const mine = invoices.filter((i) => i.currency === currency);
    const total = sumOf(mine.filter((i) => i.period === month));
    const previousTotal = sumOf(mine.filter((i) => i.period === previousMonth));
    const unpaid = mine.filter((i) => i.status === 'unpaid');
    const listed = shown
      .filter((b) => b.clientid === clientid && b.invoice.currency === currency)
      .map((b) => b.invoice)
      .sort(
        (a, b) =>
          rank(a) - rank(b) || (a.due ?? a.date ?? '').localeCompare(b.due ?? b.date ?? '') || a.id - b.id,
      );
    return {
      ...(clientid === undefined ? {} : { clientid }),
      ...(name ? { name } : {}),
      currency,
      total,
      previousTotal,
      change: changeOf(total, previousTotal),
      unpaidTotal: sumOf(unpaid),
      overdueTotal: sumOf(unpaid.filter((i) => i.overdue)),
      ...(listed.length ? { invoices: listed } : {}),
    };
  });
}

/** Every client's sums added up, per currency. */
function totalsOf(clients: readonly ClientCosts[]): CostTotal[] {
  const currencies = [...new Set(clients.map((c) => c.currency))];
  return currencies.map((currency) => {
    const mine = clients.filter((c) => c.currency === currency);
    const add = (f: (c: ClientCosts) => number) => round(mine.reduce((s, c) => s + f(c), 0));
    const total = add((c) => c.total);
    const previousTotal = add((c) => c.previousTotal);
    return {
      currency,
      total,
      previousTotal,
      change: changeOf(total, previousTotal),
      unpaidTotal: add((c) => c.unpaidTotal),
      overdueTotal: add((c) => c.overdueTotal),
      clients: mine.length,
    };
  });
}
