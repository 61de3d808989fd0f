import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleDomainContact, exampleDomainOwner } from '../../src/index';
import { type ClientSandbox, startWithClients } from '../support/clients';
import { deploi } from '../support/http';

// The domains group through the core Deploi client: listing, availability, prices, orders (register
// and transfer), name servers, contacts and auth codes, each change read back.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

// The shared examples (src/examples.ts).
const owner = exampleDomainOwner;
const newContact = exampleDomainContact;

async function listed(name: string, clientid = 101) {
  const domains = (await t.call('deploi_get_domains', { clientid })).domains;
  return domains.find((d: { name: string }) => d.name === name);
}

describe('domains', () => {
  it('lists the domains of each client', async () => {
    const state = t.sandbox.state.get();
    for (const clientid of [101, 102]) {
      const domains = (await t.call('deploi_get_domains', { clientid })).domains;
      const seeded = state.domains.filter((d) => d.clientId === clientid);
      expect(domains.map((d: { name: string }) => d.name)).toEqual(seeded.map((d) => d.name));
      expect(domains[0]).toEqual({
        name: seeded[0]?.name,
        id: seeded[0]?.id,
        status: 'active',
        registrationDate: seeded[0]?.registrationDate,
        expiryDate: seeded[0]?.expiryDate,
        nextDueDate: seeded[0]?.nextDueDate,
      });
    }
  });

  it('tells availability and prices without a login', async () => {
    expect(await t.call('deploi_domain_available', { domain: 'nordlys.example' })).toEqual({
      success: true,
      message: 'success',
      messageId: 10,
      available: false,
    });
    expect((await t.call('deploi_domain_available', { domain: 'ny-butikk.example' })).available).toBe(true);
    expect(await t.call('deploi_get_domain_price', { domain: 'example.com' })).toEqual({
      success: true,
      message: 'Price found.',
      messageId: 10,
      priceRegistration: '95',
      priceTransfer: '95',
      priceRenewal: '95',
    });
    expect((await t.call('deploi_get_domain_price', { domain: 'startup.io' })).priceRegistration).toBe('449');
    // Neither command logs in.
    expect(t.sandbox.requests.entries().map((e) => e.command)).not.toContain('Login');
  });

  it('registers a domain: listed, taken, billed, with the contacts given or the account details', async () => {
    const invoicesBefore = (await t.call('deploi_get_invoices')).invoices.length;
    const reply = await t.call('deploi_order_domain', {
      domain: 'ny-butikk.example',
      operation: 'register',
      owner,
    });
    expect(reply).toEqual({ success: true, message: 'Domain order processing.', messageId: 35 });
    expect(await listed('ny-butikk.example')).toMatchObject({
      status: 'active',
      registrationDate: '2026-01-01',
    });
    expect((await t.call('deploi_domain_available', { domain: 'ny-butikk.example' })).available).toBe(false);
    const { contacts } = await t.call('deploi_get_domain_contacts', { domain: 'ny-butikk.example' });
    expect(contacts.holder).toMatchObject({
      firstName: 'Ingrid',
      lastName: 'Berg',
      company: false,
      country: 'NO',
    });
    expect(contacts.administrativeContact).toMatchObject({
      companyName: 'Nordlys Media AS',
      email: 'kari@nordlys-media.example',
    });
    const invoices = (await t.call('deploi_get_invoices')).invoices;
    expect(invoices).toHaveLength(invoicesBefore + 1);
    expect(invoices.at(-1)).toMatchObject({ amount: '95', paid: false, cancelled: false });
    const again = await t.refusal('deploi_order_domain', {
      domain: 'ny-butikk.example',
      operation: 'register',
    });
    expect(again.apiMessage).toBe('The domain is not available');
  });

  it('transfers a domain in: pending until the transfer completes, the auth code never stored', async () => {
    const authcode = 'Xy7-transfer-code-91';
    await t.call('deploi_order_domain', {
      clientid: 102,
      domain: 'flyttet.example',
      operation: 'transfer',
      authcode,
    });
    expect(await listed('flyttet.example', 102)).toMatchObject({ status: 'pending-transfer' });
    t.clock.advance(60_000);
    expect(await listed('flyttet.example', 102)).toMatchObject({ status: 'active' });
    expect(JSON.stringify(t.sandbox.state.get())).not.toContain(authcode);
    const refused = await t.refusal('deploi_order_domain', {
      domain: 'nordlys.example',
      operation: 'transfer',
      authcode,
    });
    expect(refused.apiMessage).toBe('The domain is already registered with Deploi');
  });

  it('ignores a contact sent beside a false flag, as in the docs example', async () => {
    const token = (await t.deploi.login()).token;
    const reply = await deploi(t.sandbox, {
      command: 'OrderDomain',
      token,
      clientid: 101,
      domain: 'placeholder.example',
      operation: 'register',
      prepare: false,
      authcode: '',
      setOwnerAndContacts: true,
      setOwner: true,
      owner,
      setAdmin: false,
      admin: { ...owner, firstname: 'Placeholder' },
    });
    expect(reply.body).toEqual({ success: true, message: 'Domain order processing.', messageId: 35 });
    const { contacts } = await t.call('deploi_get_domain_contacts', { domain: 'placeholder.example' });
    expect(contacts.holder.firstName).toBe('Ingrid');
    expect(contacts.administrativeContact.firstName).toBe('Kari');
  });

  it('changes name servers, and back to the defaults', async () => {
    const external = await t.call('deploi_get_domain_name_servers', { domain: 'polarlys-studio.example' });
    expect(external.records).toEqual([
      { type: 'NS', value: 'ns1.external-dns.example.', host: 'polarlys-studio.example' },
      { type: 'NS', value: 'ns2.external-dns.example.', host: 'polarlys-studio.example' },
    ]);
    const changed = await t.call('deploi_change_name_servers', {
      domain: 'nordlys.example',
      defaults: false,
      nameservers: ['ns1.other-dns.example', 'NS2.other-dns.example'],
    });
    expect(changed).toEqual({ success: true, message: '', messageId: 74 });
    const values = async () =>
      (await t.call('deploi_get_domain_name_servers', { domain: 'nordlys.example' })).records.map(
        (r: { value: string }) => r.value,
      );
    expect(await values()).toEqual(['ns1.other-dns.example.', 'ns2.other-dns.example.']);
    await t.call('deploi_change_name_servers', { domain: 'nordlys.example', defaults: true });
    expect(await values()).toEqual(['ns1.deploi-sandbox.example.', 'ns2.deploi-sandbox.example.']);
  });

  it('replaces one contact only', async () => {
    const domain = 'nordlys.example';
    const before = (await t.call('deploi_get_domain_contacts', { domain })).contacts;
    const reply = await t.call('deploi_update_domain_contact', {
      domain,
      contact: 'admin',
      info: { id: before.administrativeContact.id, ...newContact },
    });
    expect(reply).toEqual({ success: true, message: 'Owner or contact change processing.', messageId: 73 });
    const after = (await t.call('deploi_get_domain_contacts', { domain })).contacts;
    expect(after.administrativeContact).toEqual({
      id: before.administrativeContact.id,
      ...newContact,
      addressLine2: '',
    });
    // The seed gives admin and tech one contact; changing admin must leave tech as it was.
    expect(after.technicalContact).toEqual(before.technicalContact);
    expect(after.holder).toEqual(before.holder);
    const wrongId = await t.refusal('deploi_update_domain_contact', {
      domain,
      contact: 'owner',
      info: { id: 'n-nope1', ...newContact },
    });
    expect(wrongId.apiMessage).toBe('No such contact');
  });

  it('e-mails the auth code to the owner without returning it', async () => {
    const reply = await t.call('deploi_send_domain_auth_code', { domain: 'kystkafe.example' });
    expect(reply).toEqual({ success: true, message: '', messageId: 83 });
    expect(t.sandbox.state.get().events.at(-1)).toMatchObject({
      command: 'GetDomainAuthCode',
      clientId: 102,
      detail: 'auth code for kystkafe.example e-mailed to the owner',
    });
  });

  it('refuses domains that do not exist or belong to clients the user cannot access', async () => {
    t.sandbox.state.update((s) => {
      const first = s.domains[0];
      if (first) s.domains.push({ ...first, id: 888_888, clientId: 999, name: 'someone-else.example' });
    });
    for (const domain of ['missing.example', 'someone-else.example']) {
      const refused = await t.refusal('deploi_get_domain_contacts', { domain });
      expect(refused).toMatchObject({ apiMessage: 'No such domain', messageId: -1 });
    }
    await t.refusal('deploi_change_name_servers', {
      domain: 'someone-else.example',
      defaults: false,
      nameservers: ['ns1.hijack.example', 'ns2.hijack.example'],
    });
    expect(t.sandbox.state.get().domains.find((d) => d.id === 888_888)?.nameServers).toEqual([
      'ns1.deploi-sandbox.example',
      'ns2.deploi-sandbox.example',
    ]);
  });
});
