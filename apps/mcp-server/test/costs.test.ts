import { type CostInvoice, type CostReport, costReport } from '@hostkit/core';
import type { DeepReadonly, Invoice } from '@hostkit/sandbox';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemaValidator } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// hostkit_costs over the official client against the demo sandbox. The oracle is the sandbox's own
// invoices (state.invoices: client, date, due, paid, cancelled and lines), added up here without the
// tool's code: for every client and every billed month, the month's total (cancelled invoices left out),
// the previous month's and the change, the month's invoices and every unpaid one with their lines,
// overdue first. Plus a month with nothing billed, the default month, a refused month string that sends
// nothing, and invoices that cannot be read, said in `unchecked` rather than failing the call.

type Inv = DeepReadonly<Invoice>;
const round = (n: number) => Math.round(n * 100) / 100;
const amountOf = (i: Inv) => round(i.lines.reduce((s, l) => s + l.amount, 0));
const monthOf = (i: Inv) => i.date.slice(0, 7);
const before = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
};
/** An amount as the text gives it: 12 345 NOK, 1 234.50 NOK. */
const nok = (n: number) =>
  `${n
    .toLocaleString('en-US', { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 })
    .replace(/,/g, ' ')} NOK`;
const todayNow = () => new Date().toISOString().slice(0, 10);

/** What a client pays in `month`, from the sandbox's invoices alone. */
function oracle(invoices: readonly Inv[], clientId: number, month: string, today: string) {
  const mine = invoices.filter((i) => i.clientId === clientId);
  const billed = (m: string) =>
    round(mine.filter((i) => monthOf(i) === m && !i.cancelled).reduce((s, i) => s + amountOf(i), 0));
  const unpaid = mine.filter((i) => !i.paid && !i.cancelled);
  const overdue = unpaid.filter((i) => i.due < today);
  const total = billed(month);
  const previousTotal = billed(before(month));
  return {
    total,
    previousTotal,
    changeAmount: round(total - previousTotal),
    percent: previousTotal === 0 ? null : ((total - previousTotal) / previousTotal) * 100,
    unpaidTotal: round(unpaid.reduce((s, i) => s + amountOf(i), 0)),
    overdueTotal: round(overdue.reduce((s, i) => s + amountOf(i), 0)),
    shown: mine.filter((i) => monthOf(i) === month || unpaid.includes(i)),
    overdue,
  };
}

/** overdue 0, unpaid 1, paid 2, cancelled 3, from the sandbox's flags. */
const urgency = (i: Inv, today: string) => (i.cancelled ? 3 : i.paid ? 2 : i.due < today ? 0 : 1);

describe('hostkit_costs on the demo sandbox', () => {
  let world: World;
  let client: Client;
  beforeAll(async () => {
    world = await startWorld();
    // The tool sits in the billing toolset.
    client = await connectStdio(world, { args: ['--toolsets', 'billing'] });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  const call = async (args: Record<string, unknown> = {}) => {
    const result = await client.callTool({ name: 'hostkit_costs', arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    return { ...costReport.parse(result.structuredContent), text: textOf(result) };
  };
  const clientIds = () => world.sandbox.state.get().clients.map((c) => c.id);
  const billedMonths = () => [...new Set(world.sandbox.state.get().invoices.map(monthOf))].sort();

  /** Checks one client's entry of `r` against the oracle. */
  const matches = (r: CostReport & { text: string }, clientId: number) => {
    const state = world.sandbox.state.get();
    const today = todayNow();
    const want = oracle(state.invoices, clientId, r.month, today);
    const got = r.clients?.find((c) => c.clientid === clientId);
    const where = `client ${clientId}, ${r.month}`;
    expect(got, where).toBeDefined();
    if (!got) return;
    expect(got, where).toMatchObject({
      currency: 'NOK',
      total: want.total,
      previousTotal: want.previousTotal,
      unpaidTotal: want.unpaidTotal,
      overdueTotal: want.overdueTotal,
    });
    expect(got.change.amount, where).toBe(want.changeAmount);
    if (want.percent === null) expect(got.change.percent, where).toBeNull();
    else expect(Math.abs((got.change.percent ?? Number.NaN) - want.percent), where).toBeLessThanOrEqual(0.06);
    // The month's invoices and every unpaid one, each once, overdue first, then unpaid, paid, cancelled.
    const listed = got.invoices ?? [];
    expect(listed.map((i) => i.id).sort(), where).toEqual(want.shown.map((i) => i.id).sort());
    const byId = new Map(state.invoices.map((i) => [i.id, i]));
    const ranks = listed.map((i) => urgency(byId.get(i.id) as Inv, today));
    expect(ranks, where).toEqual([...ranks].sort((a, b) => a - b));
    for (const i of listed) {
      const s = byId.get(i.id) as Inv;
      const expected: Partial<CostInvoice> = {
        date: s.date,
        due: s.due,
        period: monthOf(s),
        amount: amountOf(s),
        currency: 'NOK',
        status: s.cancelled ? 'cancelled' : s.paid ? 'paid' : 'unpaid',
        lines: s.lines.map((l) => ({ description: l.description, amount: l.amount })),
      };
      expect(i, `${where}, invoice ${s.id}`).toMatchObject(expected);
      expect(i.overdue, `${where}, invoice ${s.id}`).toBe(s.paid || s.cancelled ? undefined : s.due < today);
    }
    // The text names the client's total in the month, and each overdue invoice.
    expect(r.text).toContain(`Client ${clientId} `);
    expect(r.text).toContain(`${nok(want.total)} in ${r.month}`);
    // The lines of the month's invoices are in the text too; those of other months only in the result.
    for (const i of want.shown.filter((x) => monthOf(x) === r.month))
      for (const l of i.lines)
        expect(r.text).toContain(`    - ${JSON.stringify(l.description)}: ${nok(l.amount)}`);
    for (const o of want.overdue)
      expect(r.text).toMatch(new RegExp(`invoice ${o.id} \\(.*OVERDUE by \\d+ days?`));
  };

  it('advertises an output schema its results match, in the billing toolset, read-only', async () => {
    const tool = (await client.listTools()).tools.find((t) => t.name === 'hostkit_costs');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true });
    const validate = jsonSchemaValidator().compile(tool?.outputSchema as never);
    const { text: _t, ...structured } = await call();
    expect(validate(structured), JSON.stringify(validate.errors)).toBe(true);
  });

  it('adds up every client for every billed month as the sandbox invoiced it, changing nothing', {
    timeout: 60_000,
  }, async () => {
    const snapshot = world.sandbox.state.snapshot();
    const months = billedMonths();
    // Enough to compare: several months, a cancelled invoice and an unpaid one in them.
    expect(months.length).toBeGreaterThanOrEqual(3);
    expect(snapshot.invoices.some((i) => i.cancelled)).toBe(true);
    expect(snapshot.invoices.some((i) => !i.paid && !i.cancelled)).toBe(true);
    let changes = 0;
    for (const month of months) {
      const r = await call({ month });
      expect(r).toMatchObject({ month, monthIs: 'asked', previousMonth: before(month) });
      expect(r.clients?.map((c) => c.clientid)).toEqual(clientIds());
      for (const id of clientIds()) matches(r, id);
      // The grand total is the clients' totals added up; the headline says it.
      const total = round((r.clients ?? []).reduce((s, c) => s + c.total, 0));
      const previous = round((r.clients ?? []).reduce((s, c) => s + c.previousTotal, 0));
      expect(r.totals).toEqual([
        expect.objectContaining({ currency: 'NOK', total, previousTotal: previous, clients: 2 }),
      ]);
      expect(r.text.split('\n')[0]).toMatch(
        new RegExp(`^You pay ${nok(total)} in ${month} across 2 clients \\(`),
      );
      if (r.totals?.[0]?.change.amount) changes += 1;
      expect(r.unchecked, r.text).toBeUndefined();
      expect(r.notIncluded?.join(' ')).toMatch(/SeFlow/);
    }
    // The totals move from month to month: the change is tested, not only 0 against 0.
    expect(changes).toBeGreaterThanOrEqual(2);
    expect(world.sandbox.state.snapshot()).toEqual(snapshot);
  });

  it('narrows to one client, reading only its invoices and the lines it shows', async () => {
    const month = billedMonths().at(-1) as string;
    for (const id of clientIds()) {
      world.sandbox.requests.clear();
      const r = await call({ clientid: id, month });
      expect(r.clients?.map((c) => c.clientid)).toEqual([id]);
      matches(r, id);
      const sent = world.commandsSent().filter((c) => c !== 'Login');
      const shown = r.clients?.[0]?.invoices?.length ?? 0;
      expect(sent.sort()).toEqual(['GetInvoices', ...Array(shown).fill('GetInvoiceInfo')].sort());
      expect(r.reads).toBe(1 + shown);
    }
  });

  it('takes a month with nothing billed: totals of 0, the unpaid invoices still listed', async () => {
    const r = await call({ month: '2019-03' });
    expect(r).toMatchObject({ month: '2019-03', previousMonth: '2019-02' });
    for (const id of clientIds()) {
      matches(r, id);
      const c = r.clients?.find((x) => x.clientid === id);
      expect(c).toMatchObject({ total: 0, previousTotal: 0, change: { amount: 0, percent: null } });
      expect((c?.invoices ?? []).every((i) => i.status === 'unpaid')).toBe(true);
    }
    expect(r.text.split('\n')[0]).toMatch(
      /^You pay 0 NOK in 2019-03 across 2 clients \(the same as 2019-02\);/,
    );
  });

  it('defaults to the current month when it has invoices, else the latest that has, and says which', async () => {
    const today = todayNow();
    const current = today.slice(0, 7);
    const months = billedMonths();
    const latest = months.includes(current) ? current : (months.filter((m) => m < current).at(-1) as string);
    const r = await call();
    expect(r).toMatchObject({ month: latest, monthIs: latest === current ? 'current' : 'latest' });
    for (const id of clientIds()) matches(r, id);
    if (latest !== current)
      expect(r.text.split('\n')[0]).toContain(`the latest month with invoices: ${current} has none yet`);

    // A new unpaid invoice today, not yet due: now the current month is the default, and the invoice
    // comes after the overdue ones.
    const id = Math.max(...world.sandbox.state.get().invoices.map((i) => i.id)) + 1;
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const [first, second] = clientIds() as [number, number];
    world.sandbox.state.update((s) => {
      s.invoices.push({
        id,
        clientId: second,
        date: today,
        due,
        cancelled: false,
        paid: false,
        lines: [
          { description: 'Domain renewal', amount: 1234.5 },
          { description: 'Extra traffic', amount: 0.25 },
        ],
      });
    });
    try {
      const now = await call();
      expect(now).toMatchObject({ month: current, monthIs: 'current' });
      matches(now, first);
      matches(now, second);
      const mine = now.clients?.find((c) => c.clientid === second);
      expect(mine?.total).toBe(1234.75);
      const fresh = mine?.invoices?.find((i) => i.id === id);
      expect(fresh).toMatchObject({ status: 'unpaid', overdue: false, amount: 1234.75 });
      expect(fresh?.daysOverdue).toBeUndefined();
      expect(now.text).toContain(`invoice ${id} (${current}, due ${due}): 1 234.75 NOK, unpaid`);
      expect(now.text).toContain('- "Extra traffic": 0.25 NOK');
    } finally {
      world.sandbox.state.update((s) => {
        s.invoices = s.invoices.filter((i) => i.id !== id);
      });
    }
  });

  it('refuses a month that is not YYYY-MM, saying how to give it, and sends nothing', async () => {
    for (const month of ['2026-13', '2026-1', '26-11', '2026-11-01', 'November 2026', '']) {
      world.sandbox.requests.clear();
      const result = await client.callTool({ name: 'hostkit_costs', arguments: { month } });
      expect(result.isError, month).toBe(true);
      expect(textOf(result), month).toMatch(/month.*YYYY-MM/s);
      expect(world.commandsSent(), month).toEqual([]);
    }
    const result = await client.callTool({ name: 'hostkit_costs', arguments: { clientid: 0 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('clientid');
  });

  it('says which client it could not read, in unchecked, and totals the others', async () => {
    world.sandbox.faults.add({
      kind: 'refuse',
      command: 'GetInvoices',
      times: 1,
      message: 'Invoices are unavailable',
    });
    const month = billedMonths().at(-1) as string;
    const r = await call({ month });
    expect(r.unchecked).toHaveLength(1);
    const [, failed] = /^invoices of client (\d+): /.exec(r.unchecked?.[0] ?? '') ?? [];
    expect(clientIds()).toContain(Number(failed));
    expect(r.unchecked?.[0]).toContain('Invoices are unavailable');
    const others = clientIds().filter((id) => id !== Number(failed));
    expect(r.clients?.map((c) => c.clientid)).toEqual(others);
    for (const id of others) matches(r, id);
    expect(r.totals?.[0]?.clients).toBe(others.length);
    expect(r.text).toContain(`Not read: invoices of client ${failed}: `);
    expect(r.text.split('\n')[0]).toContain(`across ${others.length} client`);
  });

  it('says which invoice it could not read the lines of, and still counts it', async () => {
    world.sandbox.faults.add({ kind: 'refuse', command: 'GetInvoiceInfo', times: 1 });
    const month = billedMonths().at(-1) as string;
    const r = await call({ month });
    expect(r.unchecked).toHaveLength(1);
    const [, invoice] = /^lines of invoice (\d+) \(client \d+\): /.exec(r.unchecked?.[0] ?? '') ?? [];
    const without = r.clients?.flatMap((c) => c.invoices ?? []).filter((i) => !i.lines);
    expect(without?.map((i) => i.id)).toEqual([Number(invoice)]);
    const state = world.sandbox.state.get();
    for (const c of r.clients ?? []) {
      const want = oracle(state.invoices, c.clientid as number, month, todayNow());
      expect(c.total).toBe(want.total);
    }
  });

  it('is not all zeros: the months it reports cost something', async () => {
    const r = await call({ month: billedMonths().at(-1) });
    expect(r.totals?.[0]?.total).toBeGreaterThan(0);
    expect(r.clients?.every((c) => (c.invoices ?? []).every((i) => (i.lines ?? []).length > 0))).toBe(true);
  });
});
