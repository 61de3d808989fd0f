import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The waf group through the core Deploi client: reverse proxy sites, their settings, WAF and
// geo-blocking switches, country lists and certificates, each read back with GetReverseProxyInfo.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

function seededWaf() {
  const firewall = t.sandbox.state.get().firewalls.find((f) => f.name === 'Nordlys WAF');
  if (!firewall?.reverseProxies[0]) throw new Error('no seeded WAF site');
  return firewall;
}

/** The seeded WAF site's ids, the input of every site command. */
function waf() {
  const firewall = seededWaf();
  return { id: firewall.id, reverseProxyId: firewall.reverseProxies[0]?.id ?? 0 };
}

async function info(site: { id: number; reverseProxyId: number }) {
  return (await t.call('deploi_get_reverse_proxy_info', { id: site.id, reverseProxyId: site.reverseProxyId }))
    .reverseProxyInfo;
}

/** Creates a site on the seeded WAF and returns its ids. */
async function createSite(domains: string[]) {
  const { id } = waf();
  await t.call('deploi_create_reverse_proxy', { id, name: 'Shop WAF', domains, forwardToIP: '10.16.0.9' });
  const sites = (await t.call('deploi_get_firewall_reverse_proxies', { id })).firewallReverseProxies;
  return { id, reverseProxyId: sites.find((s: { name: string }) => s.name === 'Shop WAF').id as number };
}

describe('waf', () => {
  it('lists and creates reverse proxy sites', async () => {
    const { id, reverseProxyId } = waf();
    expect((await t.call('deploi_get_firewall_reverse_proxies', { id })).firewallReverseProxies).toEqual([
      { name: 'nordlys-media.example WAF', id: reverseProxyId },
    ]);
    const site = await createSite(['shop.nordlys-shop.example', 'SHOP2.nordlys-shop.example']);
    expect(await info(site)).toEqual({
      forwardTo: '10.16.0.9',
      name: 'Shop WAF',
      siteadminemail: 'kari@nordlys-media.example',
      domains: ['shop.nordlys-shop.example', 'shop2.nordlys-shop.example'],
      siteid: 0,
      wafEnabled: true,
      crsEnabled: true,
      validateSourceCert: false,
      certCreated: false,
      wafMode: 'On',
      geoBlockActivated: false,
      blockList: [],
      allowList: [],
      geoBlock: false,
      geoAllow: false,
      blockingParanoiaLevel: 1,
      logParanoiaLevel: 1,
    });
    const clash = await t.refusal('deploi_create_reverse_proxy', {
      id,
      name: 'Other',
      domains: ['www.nordlys-media.example'],
      forwardToIP: '10.16.0.9',
    });
    expect(clash.apiMessage).toBe(
      'www.nordlys-media.example is already served by another reverse proxy site',
    );
    const ipFirewall = t.sandbox.state.get().firewalls.find((f) => f.type === 'ip')?.id;
    expect((await t.refusal('deploi_get_firewall_reverse_proxies', { id: ipFirewall })).apiMessage).toBe(
      'The firewall is not a WAF firewall',
    );
  });

  it('updates only the settings given, with the reply of the section they belong to', async () => {
    const site = waf();
    const before = await info(site);
    const renamed = await t.call('deploi_update_reverse_proxy', {
      ...site,
      name: 'Renamed',
      forwardTo: '10.16.0.77',
    });
    expect(renamed).toEqual({ success: true, message: 'ReverseProxy updated.', messageId: 85 });
    const tuned = await t.call('deploi_update_reverse_proxy', {
      ...site,
      wafMode: 'DetectionOnly',
      logParanoiaLevel: 3,
    });
    expect(tuned).toEqual({ success: true, message: 'WAF updated.', messageId: 88 });
    expect(await info(site)).toEqual({
      ...before,
      name: 'Renamed',
      forwardTo: '10.16.0.77',
      wafMode: 'DetectionOnly',
      logParanoiaLevel: 3,
    });
    // Only the blocking level is given: it is checked against the stored log level.
    const refused = await t.refusal('deploi_update_reverse_proxy', { ...site, blockingParanoiaLevel: 4 });
    expect(refused.apiMessage).toBe('logParanoiaLevel must be at least blockingParanoiaLevel');
    expect((await info(site)).blockingParanoiaLevel).toBe(before.blockingParanoiaLevel);
  });

  it('switches the WAF and geo-blocking off and on, keeping the country lists', async () => {
    const site = waf();
    expect(await t.call('deploi_disable_waf', site)).toEqual({
      success: true,
      message: 'WAF is disabled.',
      messageId: 89,
    });
    expect((await info(site)).wafEnabled).toBe(false);
    expect(await t.call('deploi_enable_waf', site)).toEqual({
      success: true,
      message: 'WAF is enabled.',
      messageId: 90,
    });
    expect((await info(site)).wafEnabled).toBe(true);

    const disabled = await t.call('deploi_disable_geo_block', site);
    expect(disabled).toEqual({ success: true, message: 'GeoBlock is disabled.', messageId: 91 });
    expect(await info(site)).toMatchObject({ geoBlockActivated: false, blockList: ['RU', 'CN', 'KP'] });
    const enabled = await t.call('deploi_enable_geo_block', site);
    expect(enabled).toEqual({ success: true, message: 'GeoBlock is enabled.', messageId: 92 });
    expect((await info(site)).geoBlockActivated).toBe(true);
  });

  it('replaces only the country lists given', async () => {
    const site = waf();
    const updated = await t.call('deploi_update_geo_block', { ...site, allow: ['no', 'FI', 'NO'] });
    expect(updated).toEqual({ success: true, message: 'GeoBlock is updated.', messageId: 93 });
    expect(await info(site)).toMatchObject({
      allowList: ['NO', 'FI'],
      geoAllow: true,
      blockList: ['RU', 'CN', 'KP'],
    });
    await t.call('deploi_update_geo_block', { ...site, blocking: [] });
    expect(await info(site)).toMatchObject({ allowList: ['NO', 'FI'], blockList: [], geoBlock: false });
    const both = await t.refusal('deploi_update_geo_block', { ...site, blocking: ['FI'] });
    expect(both.apiMessage).toBe('FI cannot be both allowed and blocked');
    expect((await info(site)).blockList).toEqual([]);
  });

  it('creates a certificate once the DNS points at the firewall, and deletes it', async () => {
    // ftp is a CNAME of www; shop.elsewhere.example is in no zone the sandbox serves, so it is not checked.
    const site = await createSite([
      'nordlys.example',
      'www.nordlys.example',
      'ftp.nordlys.example',
      'shop.elsewhere.example',
    ]);
    const early = await t.refusal('deploi_create_firewall_certificate', site);
    expect(early.apiMessage).toBe('The DNS of nordlys.example does not point at the firewall');
    // Point the apex and www (and so ftp) at the WAF.
    const ip = seededWaf().publicIPv4s[0];
    const records = t.sandbox.state.get().domains.find((d) => d.name === 'nordlys.example')?.records ?? [];
    for (const host of ['nordlys.example', 'www.nordlys.example']) {
      const old = records.find((r) => r.type === 'A' && r.host === host)?.value;
      await t.call('deploi_update_domain_record', {
        domain: 'nordlys.example',
        type: 'A',
        from: { host, value: old },
        to: { host, value: ip, options: { ttl: 300 } },
      });
    }
    const created = await t.call('deploi_create_firewall_certificate', site);
    expect(created).toEqual({ success: true, message: 'Certificate created.', messageId: 86 });
    expect((await info(site)).certCreated).toBe(true);
    const deleted = await t.call('deploi_delete_firewall_certificate', site);
    expect(deleted).toEqual({ success: true, message: 'Certificate deleted.', messageId: 87 });
    expect((await info(site)).certCreated).toBe(false);
    expect((await t.refusal('deploi_delete_firewall_certificate', site)).apiMessage).toBe(
      'The site has no certificate',
    );
  });

  it('refuses a site that does not exist', async () => {
    const { id } = waf();
    const refused = await t.refusal('deploi_enable_waf', { id, reverseProxyId: 424_242 });
    expect(refused).toMatchObject({ apiMessage: 'No such reverse proxy site', messageId: -1 });
  });
});
