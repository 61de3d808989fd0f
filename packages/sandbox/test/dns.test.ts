import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index';
import { session } from './support/http';

// DNS records: every change is visible in GetDomainRecords.

let sandbox: Sandbox;
let call: Awaited<ReturnType<typeof session>>;
beforeAll(async () => {
  sandbox = await startSandbox();
  call = await session(sandbox);
});
afterAll(() => sandbox.stop());

const domain = 'kystkafe.example';
const records = async () =>
  (await call('GetDomainRecords', { domain })).body.records as Array<Record<string, unknown>>;

describe('dns', () => {
  it('lists records in the documented shape', async () => {
    const list = await records();
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(list[0]).toEqual({
      type: 'A',
      host: domain,
      value: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
      options: {
        ttl: 3600,
        serviceSet: false,
        service: '',
        protocolSet: false,
        protocol: '',
        priority: 0,
        weight: 0,
        port: 0,
      },
    });
  });

  it('adds, updates and deletes a record', async () => {
    const before = (await records()).length;
    const added = await call('AddDomainRecord', {
      domain,
      type: 'A',
      host: 'shop',
      value: '192.0.2.146',
      options: { ttl: 86400 },
    });
    expect(added.body).toEqual({ success: true, message: 'Record added.', messageId: 57 });
    expect(await records()).toContainEqual(
      expect.objectContaining({ type: 'A', host: `shop.${domain}`, value: '192.0.2.146' }),
    );
    const again = await call('AddDomainRecord', {
      domain,
      type: 'A',
      host: `shop.${domain}`,
      value: '192.0.2.146',
      options: { ttl: 60 },
    });
    expect(again.body.success).toBe(false);

    const updated = await call('UpdateDomainRecord', {
      domain,
      type: 'A',
      from: { host: `shop.${domain}`, value: '192.0.2.146', options: { ttl: 86400 } },
      to: { host: 'shop2', value: '192.0.2.147', options: { ttl: 300 } },
    });
    expect(updated.body).toEqual({ success: true, message: 'Record updated.', messageId: 61 });
    const list = await records();
    expect(list).toContainEqual(expect.objectContaining({ host: `shop2.${domain}`, value: '192.0.2.147' }));
    expect(list.some((r) => r.host === `shop.${domain}`)).toBe(false);
    expect(list).toHaveLength(before + 1);

    const deleted = await call('DeleteDomainRecord', {
      domain,
      type: 'A',
      host: 'shop2',
      value: '192.0.2.147',
    });
    expect(deleted.body).toEqual({ success: true, message: '', messageId: 0 });
    expect(await records()).toHaveLength(before);
  });

  it('adds SRV records with their options', async () => {
    const reply = await call('AddDomainRecord', {
      domain,
      type: 'SRV',
      host: '_xmpp._tcp',
      value: 'chat.kystkafe.example',
      options: { ttl: 3600, service: 'xmpp', protocol: 'tcp', priority: 5, weight: 10, port: 5222 },
    });
    expect(reply.body.success).toBe(true);
    expect(await records()).toContainEqual({
      type: 'SRV',
      host: `_xmpp._tcp.${domain}`,
      value: 'chat.kystkafe.example',
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
  });

  it('refuses unknown records and domains', async () => {
    const missing = await call('DeleteDomainRecord', {
      domain,
      type: 'A',
      host: 'nothing',
      value: '192.0.2.1',
    });
    expect(missing.body).toEqual({ success: false, message: 'No such record', messageId: -1 });
    const notMine = await call('GetDomainRecords', { domain: 'example.com' });
    expect(notMine.body).toEqual({ success: false, message: 'No such domain', messageId: -1 });
  });
});
