import { describe, expect, it } from 'vitest';
import {
  costReport,
  costs,
  HostkitError,
  MAX_LINE_READS,
  monthBefore,
  type ReadRow,
  type TypedRead,
} from '../src/index';

// The cost workflow on replies the sandbox never sends (amounts as "1 234,50", a missing date, an
// amount that is no number, a second currency, more invoices than it reads lines for), with a fake
// read. The sandbox-backed suite (apps/mcp-server/test/costs.test.ts) checks it against real replies.

type Obj = Record<string, unknown>;
const NOW = Date.UTC(2026, 11, 2, 12);

function fake(invoices: Record<string, Obj[]>, lines: Record<number, Obj[]> = {}) {
  const sent: [string, Obj][] = [];
  const read: ReadRow = async (tool, input) => {
    sent.push([tool, input]);
    if (tool === 'deploi_get_invoices') {
      const rows = invoices[String(input.clientid)];
      if (!rows) throw new HostkitError('api_error', 'No such client.');
      return { invoices: rows };
    }
    return { invoiceInfo: { lines: lines[Number(input.invoiceNr)] ?? [] } };
  };
  // Hand-built replies, read as the command outputs they stand for (the workflow takes a typed read).
  return { read: read as TypedRead, sent };
}

describe('costs', () => {
  it('adds up the month, compares it with the one before and lists unpaid ones first', async () => {
    const { read } = fake(
      {
        '1': [
          { id: 10, date: '2026-11-01', due: '2026-11-15', amount: '1 000', paid: true },
          { id: 11, date: '2026-12-01', due: '2026-12-15', amount: '1 234,50', paid: false },
          { id: 12, date: '2026-12-01', due: '2026-12-15', amount: '99', paid: true, cancelled: true },
          { id: 13, date: '2026-10-01', due: '2026-10-15', amount: 300, paid: false },
        ],
      },
      { 11: [{ description: 'Server', amount: '1234.5' }] },
    );
    const r = costReport.parse(await costs({ read, clients: [1], seflow: true, now: NOW }));
    expect(r).toMatchObject({ month: '2026-12', monthIs: 'current', previousMonth: '2026-11' });
    const [c] = r.clients ?? [];
    expect(c).toMatchObject({
      clientid: 1,
      currency: 'NOK',
      total: 1234.5,
      previousTotal: 1000,
      change: { amount: 234.5, percent: 23.5 },
      unpaidTotal: 1534.5,
      overdueTotal: 300,
    });
    expect(c?.invoices?.map((i) => [i.id, i.status, i.overdue])).toEqual([
      [13, 'unpaid', true],
      [11, 'unpaid', false],
      [12, 'cancelled', undefined],
    ]);
    expect(c?.invoices?.[0]?.daysOverdue).toBe(48);
    expect(c?.invoices?.[1]?.lines).toEqual([{ description: 'Server', amount: 1234.5 }]);
    expect(r.notIncluded?.[0]).toMatch(/SeFlow/);
    expect(r.unchecked).toBeUndefined();
  });

  it('falls back to the latest billed month, and says which; a previous total of 0 has no per cent', async () => {
    const { read } = fake({
      '1': [{ id: 1, date: '2026-08-03', due: '2026-08-17', amount: '50', paid: true }],
    });
    const r = await costs({ read, clients: [1], seflow: false, now: NOW });
    expect(r).toMatchObject({ month: '2026-08', monthIs: 'latest', previousMonth: '2026-07' });
    expect(r.clients?.[0]?.change).toEqual({ amount: 50, percent: null });
    expect(r.notIncluded).toBeUndefined();
  });

  it('notes what it cannot count or read, and keeps the rest', async () => {
    const { read } = fake({
      '1': [
        { id: 1, date: '2026-12-01', amount: 'n/a', paid: true },
        { id: 2, amount: '70', paid: true },
        { id: 3, date: '2026-12-02', amount: '30', paid: true, currency: 'EUR' },
        { id: 4, date: '2026-12-02', amount: '20', paid: true },
      ],
    });
    const r = await costs({ read, clients: [1, 2], seflow: false, now: NOW });
    expect(r.unchecked).toEqual([
      'invoices of client 2: No such client',
      'invoice 1 of client 1: its amount "n/a" is not a number, so it is in no total',
      "invoice 2 of client 1 has no date, so it is in no month's total",
    ]);
    expect(r.clients?.map((c) => [c.clientid, c.currency, c.total])).toEqual([
      [1, 'NOK', 20],
      [1, 'EUR', 30],
    ]);
    expect(r.totals?.map((t) => [t.currency, t.total, t.clients])).toEqual(
      [
        ['NOK', 20],
        ['EUR', 30],
      ].map(([c, t]) => [c, t, 1]),
    );
  });

  it(`reads the lines of at most ${MAX_LINE_READS} invoices, the most pressing first`, async () => {
    const rows = Array.from({ length: MAX_LINE_READS + 5 }, (_, i) => ({
      id: i + 1,
      date: '2026-12-01',
      due: i < 3 ? '2026-11-01' : '2026-12-20',
      amount: '10',
      paid: i >= 3,
    }));
    const { read, sent } = fake({ '1': rows.reverse() });
    const r = await costs({ read, clients: [1], seflow: false, now: NOW });
    const info = sent.filter(([t]) => t === 'deploi_get_invoice_info').map(([, i]) => i.invoiceNr);
    expect(info).toHaveLength(MAX_LINE_READS);
    expect(info.slice(0, 3).sort()).toEqual([1, 2, 3]);
    expect(r.unchecked?.[0]).toMatch(/^lines of 5 more invoices/);
    expect(r.reads).toBe(1 + MAX_LINE_READS);
  });

  it('refuses a month that is not YYYY-MM', async () => {
    const { read, sent } = fake({});
    await expect(costs({ read, clients: [1], seflow: false, now: NOW, month: '2026-13' })).rejects.toThrow(
      /YYYY-MM/,
    );
    expect(sent).toEqual([]);
  });

  it('counts months back across a year', () => {
    expect(monthBefore('2026-01')).toBe('2025-12');
    expect(monthBefore('2026-10')).toBe('2026-09');
  });
});
