import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The wordpress group through the core DeploiClient: managed services (Deploi-hosted and Forge),
// their websites and setup checks, and WordPress installed on a SiteHost site.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const serviceFor = (domain: string) => {
  const w = t.sandbox.state.get().wordpresses.find((x) => x.domain === domain);
  if (!w) throw new Error(`the seed has no WordPress ${domain}`);
  return w;
};

describe('wordpress', () => {
  it('lists the services of each client in the documented shape', async () => {
    const hosted = serviceFor('blog.nordlys-media.example');
    expect((await t.call('deploi_get_wordpress')).wordpresses).toEqual([
      {
        type: 'deploihosted',
        id: hosted.id,
        domain: 'blog.nordlys-media.example',
        deploihosted: { ram: 2, cpu: 100, disk: 20 },
        forge: { siteId: 0, serverId: 0 },
      },
    ]);
    const forge = serviceFor('hyttetur.example');
    expect((await t.call('deploi_get_wordpress', { clientid: 102 })).wordpresses).toEqual([
      expect.objectContaining({
        type: 'forge',
        id: forge.id,
        forge: { siteId: forge.forgeSiteId, serverId: forge.forgeServerId },
      }),
    ]);
  });

  it('duplicates websites; the copy has no SSL until it gets a certificate', async () => {
    const hosted = serviceFor('blog.nordlys-media.example');
    expect(
      (await t.call('deploi_get_wordpress_info', { id: hosted.id, domain: 'blog.nordlys-media.example' }))
        .wordpressInfo,
    ).toEqual({ SSL: true });
    const copied = await t.call('deploi_duplicate_wordpress', {
      type: 'deploihosted',
      id: hosted.id,
      newDomain: 'staging.nordlys-media.example',
    });
    expect(copied).toMatchObject({ success: true, message: 'Duplicating site succeeded.', messageId: 0 });
    const list = (await t.call('deploi_get_wordpress')).wordpresses;
    expect(list.map((w: { id: number; domain: string }) => [w.id, w.domain])).toEqual([
      [hosted.id, 'blog.nordlys-media.example'],
      [hosted.id, 'staging.nordlys-media.example'],
    ]);
    expect(
      (await t.call('deploi_get_wordpress_info', { id: hosted.id, domain: 'staging.nordlys-media.example' }))
        .wordpressInfo,
    ).toEqual({ SSL: false });

    const forge = serviceFor('hyttetur.example');
    await t.call('deploi_duplicate_wordpress', {
      type: 'forge',
      id: forge.id,
      siteId: forge.forgeSiteId,
      newDomain: 'test.hyttetur.example',
    });
    const forgeSites = (await t.call('deploi_get_wordpress', { clientid: 102 })).wordpresses;
    const copy = forgeSites.find((w: { domain: string }) => w.domain === 'test.hyttetur.example');
    expect(copy.forge.serverId).toBe(forge.forgeServerId);
    expect(copy.forge.siteId).not.toBe(forge.forgeSiteId);
    expect(
      (
        await t.call('deploi_get_wordpress_info', {
          id: forge.id,
          domain: 'test.hyttetur.example',
          siteid: copy.forge.siteId,
        })
      ).wordpressInfo.SSL,
    ).toBe(false);

    expect(
      await t.refusal('deploi_duplicate_wordpress', {
        type: 'forge',
        id: hosted.id,
        siteId: 1,
        newDomain: 'x.example',
      }),
    ).toMatchObject({ apiMessage: 'The WordPress service is not of type forge', messageId: -1 });
    expect(
      await t.refusal('deploi_duplicate_wordpress', {
        type: 'deploihosted',
        id: hosted.id,
        newDomain: 'www.kystkafe.example',
      }),
    ).toMatchObject({ apiMessage: 'www.kystkafe.example is already in use', messageId: -1 });
    expect(
      await t.refusal('deploi_get_wordpress_info', { id: hosted.id, domain: 'nowhere.example' }),
    ).toMatchObject({ apiMessage: 'No such WordPress website', messageId: -1 });
    expect(await t.refusal('deploi_wordpress_check_setup', { id: 999_999 })).toMatchObject({
      apiMessage: 'No such WordPress service',
      messageId: -1,
    });
  });

  it("checks the setup: the domain's IPs follow its DNS records", async () => {
    const hosted = serviceFor('blog.nordlys-media.example');
    const before = await t.call('deploi_wordpress_check_setup', { id: hosted.id });
    expect(before).toMatchObject({
      success: true,
      message: 'Domain IPs checked',
      messageId: -1,
      ips: {
        success: true,
        exists: false,
        message: 'No A, AAAA or CNAME record for blog.nordlys-media.example was found',
      },
      installed: { success: true, exists: true, message: '' },
    });
    await t.call('deploi_add_domain_record', {
      domain: 'nordlys-media.example',
      type: 'A',
      host: 'blog',
      value: '192.0.2.80',
      options: { ttl: 3600 },
    });
    expect((await t.call('deploi_wordpress_check_setup', { id: hosted.id })).ips).toEqual({
      success: true,
      exists: true,
      message: '',
    });
  });

  it('installs WordPress on a site with a database and its user', async () => {
    const media = t.sandbox.state.get().sites.find((s) => s.primarydomain === 'nordlys-media.example');
    if (!media) throw new Error('the seed has no nordlys-media site');
    expect(media.wordpress).toBe(false);
    const databaseid = (await t.call('deploi_create_site_database')).data as number;
    await t.call('deploi_create_database_user', { username: 'wp_media', password: 'Str0ng-db-password' });
    expect(
      await t.refusal('deploi_install_wordpress', { siteid: media.id, databaseid, name: 'nobody' }),
    ).toMatchObject({ apiMessage: 'No such database user', messageId: -1 });
    const installed = await t.call('deploi_install_wordpress', {
      siteid: media.id,
      databaseid,
      name: 'wp_media',
    });
    expect(installed).toMatchObject({ message: 'WordPress installed.', messageId: 119 });
    expect(t.sandbox.state.get().sites.find((s) => s.id === media.id)?.wordpress).toBe(true);
    // The database now belongs to the site, and WordPress's user has access to it.
    expect((await t.call('deploi_get_site_databases', { siteid: media.id })).data).toContainEqual(
      expect.objectContaining({ databaseid, primarydomain: 'nordlys-media.example' }),
    );
    expect((await t.call('deploi_get_database_users', { databaseid })).data).toEqual([{ name: 'wp_media' }]);
    expect(
      await t.refusal('deploi_install_wordpress', { siteid: media.id, databaseid, name: 'wp_media' }),
    ).toMatchObject({ apiMessage: 'WordPress is already installed on the site', messageId: -1 });
    const shop = t.sandbox.state.get().sites.find((s) => s.primarydomain === 'nordlys-shop.example');
    expect(
      await t.refusal('deploi_install_wordpress', { siteid: shop?.id, databaseid, name: 'wp_media' }),
    ).toMatchObject({ apiMessage: 'The database belongs to another site', messageId: -1 });
  });
});
