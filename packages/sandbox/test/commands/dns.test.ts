import { ValidationError } from '@hostkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The dns group through the core DeploiClient: records added, updated and deleted show in
// GetDomainRecords; input the core schema refuses never reaches the sandbox.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const domain = 'kystkafe.example';
type Row = { type: string; host: string; value: string; options: Record<string, unknown> };
const records = async (name = domain) =>
  (await t.call('deploi_get_domain_records', { domain: name })).records as Row[];

describe('dns', () => {
  it('lists the records of a domain of either client, fully qualified', async () => {
    const list = await records();
    const seeded = t.sandbox.state.get().domains.find((d) => d.name === domain);
    expect(list).toHaveLength(seeded?.records.length ?? -1);
    expect(list).toContainEqual({
      type: 'MX',
      host: domain,
      value: `mail.${domain}`,
      options: {
        ttl: 3600,
        serviceSet: false,
        service: '',
        protocolSet: false,
        protocol: '',
        priority: 10,
        weight: 0,
        port: 0,
      },
    });
    expect((await records('nordlys.example')).length).toBeGreaterThan(0);
    expect(await t.refusal('deploi_get_domain_records', { domain: 'example.com' })).toMatchObject({
      apiMessage: 'No such domain',
      messageId: -1,
    });
  });

  it('adds A and SRV records, and refuses duplicates', async () => {
    const added = await t.call('deploi_add_domain_record', {
      domain,
      type: 'A',
      host: 'shop',
      value: '192.0.2.146',
      options: { ttl: 86400 },
    });
    expect(added).toEqual({ success: true, message: 'Record added.', messageId: 57 });
    expect(await records()).toContainEqual(
      expect.objectContaining({ type: 'A', host: `shop.${domain}`, value: '192.0.2.146' }),
    );
    await t.call('deploi_add_domain_record', {
      domain,
      type: 'SRV',
      host: '_xmpp._tcp',
      value: `chat.${domain}`,
      options: { ttl: 3600, service: 'xmpp', protocol: 'tcp', priority: 5, weight: 10, port: 5222 },
    });
    expect(await records()).toContainEqual({
      type: 'SRV',
      host: `_xmpp._tcp.${domain}`,
      value: `chat.${domain}`,
      options: {
        ttl: 3600,
        serviceSet: true,
        service: 'xmpp',
        protocolSet: true,
        protocol: 'tcp',
        priority: 5,
        weight: 10,
        port: 5222,
      },
    });
    expect(
      await t.refusal('deploi_add_domain_record', {
        domain,
        type: 'A',
        host: `shop.${domain}`,
        value: '192.0.2.146',
        options: { ttl: 60 },
      }),
    ).toMatchObject({ apiMessage: 'The record already exists', messageId: -1 });
    // The client checks the input before sending: an IPv6 address in an A record never reaches the API.
    const sent = t.sandbox.requests.entries().length;
    await expect(
      t.call('deploi_add_domain_record', {
        domain,
        type: 'A',
        host: 'v6',
        value: '2001:db8::1',
        options: { ttl: 3600 },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(t.sandbox.requests.entries()).toHaveLength(sent);
  });

  it('updates a record found by its current values', async () => {
    const before = await records();
    const www = before.find((r) => r.type === 'A' && r.host === `www.${domain}`);
    if (!www) throw new Error('the seed has no www record');
    const updated = await t.call('deploi_update_domain_record', {
      domain,
      type: 'A',
      from: { host: www.host, value: www.value, options: { ttl: www.options.ttl } },
      to: { host: 'www', value: '198.51.100.80', options: { ttl: 300 } },
    });
    expect(updated).toEqual({ success: true, message: 'Record updated.', messageId: 61 });
    const after = await records();
    expect(after).toHaveLength(before.length);
    expect(after).toContainEqual(
      expect.objectContaining({
        type: 'A',
        host: `www.${domain}`,
        value: '198.51.100.80',
        options: expect.objectContaining({ ttl: 300 }),
      }),
    );
    expect(after.some((r) => r.type === 'A' && r.value === www.value && r.host === www.host)).toBe(false);
    expect(
      await t.refusal('deploi_update_domain_record', {
        domain,
        type: 'A',
        from: { host: 'www', value: www.value },
        to: { host: 'www', value: '198.51.100.81', options: { ttl: 300 } },
      }),
    ).toMatchObject({ apiMessage: 'No such record', messageId: -1 });
  });

  it('deletes a record', async () => {
    const before = await records();
    const deleted = await t.call('deploi_delete_domain_record', {
      domain,
      type: 'TXT',
      host: '@',
      value: 'v=spf1 mx a -all',
    });
    expect(deleted).toEqual({ success: true, message: '', messageId: 0 });
    const after = await records();
    expect(after).toHaveLength(before.length - 1);
    expect(after.some((r) => r.type === 'TXT' && r.value === 'v=spf1 mx a -all')).toBe(false);
    expect(
      await t.refusal('deploi_delete_domain_record', {
        domain,
        type: 'TXT',
        host: '@',
        value: 'v=spf1 mx a -all',
      }),
    ).toMatchObject({ apiMessage: 'No such record', messageId: -1 });
  });
});
