import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The billing group through the core Deploi client: invoices whose amount is the sum of their lines,
// and cancelled agreements whose services disappear from their lists.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const ids = (list: { id: number }[]) => list.map((x) => x.id);

describe('billing', () => {
  it('lists invoices whose amounts add up to their lines', async () => {
    for (const clientid of [101, 102]) {
      const { invoices } = await t.call('deploi_get_invoices', { clientid });
      const seeded = t.sandbox.state.get().invoices.filter((i) => i.clientId === clientid);
      expect(ids(invoices)).toEqual(seeded.map((i) => i.id));
      for (const invoice of invoices) {
        const { invoiceInfo } = await t.call('deploi_get_invoice_info', { invoiceNr: invoice.id });
        const sum = invoiceInfo.lines.reduce(
          (n: number, line: { amount: string }) => n + Number(line.amount),
          0,
        );
        expect(typeof invoice.amount).toBe('string');
        expect(Number(invoice.amount)).toBe(sum);
        expect(invoiceInfo).toMatchObject({
          date: invoice.date,
          due: invoice.due,
          amount: invoice.amount,
          cancelled: invoice.cancelled,
          paid: invoice.paid,
        });
        expect(invoiceInfo.lines.length).toBeGreaterThan(0);
      }
    }
    // The seed cancels one invoice of client 102.
    const { invoices } = await t.call('deploi_get_invoices', { clientid: 102 });
    expect(invoices.filter((i: { cancelled: boolean }) => i.cancelled)).toHaveLength(1);
  });

  it('bills a domain order on a new invoice that adds up', async () => {
    const before = ids((await t.call('deploi_get_invoices')).invoices);
    await t.call('deploi_order_domain', { domain: 'fjordbyen.net', operation: 'register' });
    const after = (await t.call('deploi_get_invoices')).invoices;
    const added = after.filter((i: { id: number }) => !before.includes(i.id));
    expect(added).toHaveLength(1);
    const { invoiceInfo } = await t.call('deploi_get_invoice_info', { invoiceNr: added[0].id });
    expect(invoiceInfo).toMatchObject({
      amount: '139',
      paid: false,
      lines: [{ description: 'Domain registration fjordbyen.net (1 year)', amount: '139' }],
    });
  });

  it('cancels agreements: each service disappears from its list', async () => {
    const state = t.sandbox.state.get();
    const pick = (kind: string) => {
      const agreement = state.agreements.find((a) => a.kind === kind && a.clientId === 102);
      if (!agreement) throw new Error(`no ${kind} agreement`);
      return agreement.id;
    };
    const cases = [
      { id: pick('server'), list: 'deploi_get_servers', key: 'servers' },
      { id: pick('domain'), list: 'deploi_get_domains', key: 'domains' },
      { id: pick('firewall'), list: 'deploi_get_firewalls', key: 'firewalls' },
      { id: pick('vpn'), list: 'deploi_get_vpns', key: 'vpns' },
    ];
    for (const { id, list, key } of cases) {
      expect(ids((await t.call(list, { clientid: 102 }))[key])).toContain(id);
      const reply = await t.call('deploi_cancel_agreement', { id, cancellationmessage: 'Moving elsewhere' });
      expect(reply).toEqual({ success: true, message: '', messageId: 82 });
      expect(ids((await t.call(list, { clientid: 102 }))[key])).not.toContain(id);
      expect(t.sandbox.state.get().agreements.some((a) => a.id === id)).toBe(false);
    }
    expect(t.sandbox.state.get().events.at(-1)).toMatchObject({ command: 'CancelAgreement', clientId: 102 });
    const again = await t.refusal('deploi_cancel_agreement', { id: cases[0]?.id });
    expect(again).toMatchObject({ apiMessage: 'No such agreement', messageId: -1 });
  });

  it('refuses invoices and agreements of clients the user cannot access', async () => {
    t.sandbox.state.update((s) => {
      const invoice = s.invoices[0];
      const agreement = s.agreements[0];
      if (invoice) s.invoices.push({ ...invoice, id: 555_555, clientId: 999 });
      if (agreement) s.agreements.push({ ...agreement, id: 555_556, clientId: 999 });
    });
    expect((await t.refusal('deploi_get_invoice_info', { invoiceNr: 555_555 })).apiMessage).toBe(
      'No such invoice',
    );
    expect((await t.refusal('deploi_cancel_agreement', { id: 555_556 })).apiMessage).toBe(
      'No such agreement',
    );
    expect(t.sandbox.state.get().agreements.some((a) => a.id === 555_556)).toBe(true);
  });
});
