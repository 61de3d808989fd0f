import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The email group through the core DeploiClient: services per address, storage, orders that are
// `creating` for the provisioning delay, and passwords that are set but never kept or returned.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const products = async (clientid = 101) =>
  (await t.call('deploi_get_email_products', { clientid })).emailProducts as Record<string, unknown>[];

describe('email', () => {
  it('lists services with storage, or the expiry for Microsoft 365', async () => {
    const list = await products();
    expect(list.map((p) => [p.email, p.type, p.status])).toEqual([
      ['post@nordlys-media.example', 'account', 'active'],
      ['noreply@nordlys-shop.example', 'transactional', 'active'],
      ['kari@nordlys.example', 'm365', 'active'],
    ]);
    expect(list[0]).toEqual({
      id: expect.any(Number),
      email: 'post@nordlys-media.example',
      type: 'account',
      status: 'active',
      used: expect.any(Number),
      total: 10,
    });
    expect(list[2]).toEqual(
      expect.objectContaining({ expiry: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    );
    expect(list[2]).not.toHaveProperty('used');
    expect(await products(102)).toHaveLength(1);
  });

  it('reports the storage of an account', async () => {
    const seeded = t.sandbox.state.get().emailProducts.find((p) => p.email === 'post@nordlys-media.example');
    const info = await t.call('deploi_get_email_account_info', { email: 'Post@Nordlys-Media.example' });
    expect(info).toEqual({ success: true, message: '', messageId: 0, used: seeded?.used, total: 10 });
    expect(await t.refusal('deploi_get_email_account_info', { email: 'kari@nordlys.example' })).toMatchObject(
      { apiMessage: 'No such e-mail account', messageId: -1 },
    );
    expect(await t.refusal('deploi_get_email_account_info', { email: 'nobody@example.com' })).toMatchObject({
      apiMessage: 'No such e-mail account',
      messageId: -1,
    });
  });

  it('orders services: creating, then active; billed per address', async () => {
    const addresses = ['hello@nordlys.example', 'sales@nordlys.example'];
    const ordered = await t.call('deploi_order_email_service', {
      emailtype: 'account',
      addresses,
      invoiceterm: 'monthly',
    });
    expect(ordered).toEqual({ success: true, message: 'Email order processing.', messageId: 71 });
    const fresh = (await products()).filter((p) => addresses.includes(String(p.email)));
    expect(fresh.map((p) => [p.email, p.status, p.total])).toEqual([
      ['hello@nordlys.example', 'creating', 10],
      ['sales@nordlys.example', 'creating', 10],
    ]);
    const agreements = t.sandbox.state.get().agreements.filter((a) => fresh.some((p) => p.id === a.id));
    expect(agreements.map((a) => [a.kind, a.monthlyPrice])).toEqual([
      ['email', 49],
      ['email', 49],
    ]);
    expect(
      await t.refusal('deploi_set_email_password', {
        address: 'hello@nordlys.example',
        password: 'Mailbox-pass-42',
      }),
    ).toMatchObject({ apiMessage: 'The e-mail service is still being created', messageId: -1 });
    t.clock.advance(60_000);
    expect((await products()).find((p) => p.email === 'hello@nordlys.example')?.status).toBe('active');

    await t.call('deploi_order_email_service', {
      clientid: 102,
      emailtype: 'transactional',
      addresses: ['noreply@kystkafe.example'],
      blocks: 3,
      invoiceterm: 'yearly',
    });
    const transactional = (await products(102)).find((p) => p.email === 'noreply@kystkafe.example');
    expect(transactional).toMatchObject({ type: 'transactional', status: 'creating' });
    expect(t.sandbox.state.get().agreements.find((a) => a.id === transactional?.id)?.monthlyPrice).toBe(
      3 * 99,
    );
  });

  it('refuses addresses outside your domains or already served, and orders nothing then', async () => {
    const before = t.sandbox.state.get().emailProducts.length;
    expect(
      await t.refusal('deploi_order_email_service', {
        emailtype: 'm365basic',
        addresses: ['ok@nordlys.example', 'bob@example.com'],
        invoiceterm: 'yearly',
      }),
    ).toMatchObject({ apiMessage: 'The domain of bob@example.com is not one of yours', messageId: -1 });
    expect(
      await t.refusal('deploi_order_email_service', {
        emailtype: 'account',
        addresses: ['post@nordlys-media.example'],
        invoiceterm: 'monthly',
      }),
    ).toMatchObject({
      apiMessage: 'post@nordlys-media.example already has an e-mail service',
      messageId: -1,
    });
    expect(t.sandbox.state.get().emailProducts).toHaveLength(before);
  });

  it('sets a password, keeping only when it was set', async () => {
    const password = 'Mailbox-Secret-9d2f';
    const reply = await t.call('deploi_set_email_password', {
      address: 'post@nordlys-media.example',
      password,
    });
    expect(reply).toEqual({ success: true, message: '', messageId: 0 });
    const product = t.sandbox.state.get().emailProducts.find((p) => p.email === 'post@nordlys-media.example');
    expect(product?.passwordSetAt).toBe(new Date(t.clock.now()).toISOString());
    expect(JSON.stringify(t.sandbox.state.get())).not.toContain(password);
    expect(JSON.stringify(t.sandbox.requests.entries())).not.toContain(password);
    expect(JSON.stringify(await products())).not.toContain(password);
    expect(
      await t.refusal('deploi_set_email_password', { address: 'nobody@nordlys.example', password }),
    ).toMatchObject({ apiMessage: 'No such e-mail account', messageId: -1 });
  });
});
