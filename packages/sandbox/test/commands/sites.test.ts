import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleSshKey, type Site } from '../../src/index';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The sites group through the core DeploiClient: SiteHost servers, sites, domains, certificates,
// Apache and SSH keys. Every change is read back through another command.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const siteOf = (primary: string): Site => {
  const site = t.sandbox.state.get().sites.find((s) => s.primarydomain === primary);
  if (!site) throw new Error(`the seed has no site ${primary}`);
  return site as Site;
};

const edKey = exampleSshKey;

describe('sites', () => {
  it('lists the sites of every client and describes one', async () => {
    const list = await t.call('deploi_get_sites');
    expect(list.data).toEqual(
      t.sandbox.state.get().sites.map((s) => ({ siteid: s.id, primarydomain: s.primarydomain })),
    );
    expect(list.data.map((s: { primarydomain: string }) => s.primarydomain)).toEqual([
      'nordlys-media.example',
      'nordlys-shop.example',
      'kystkafe.example',
    ]);
    const site = siteOf('kystkafe.example');
    const one = await t.call('deploi_get_site', { siteid: site.id });
    expect(one.data).toEqual({
      domene: ['kystkafe.example', 'www.kystkafe.example'],
      name: 'kystkafe',
      certificate: site.certificate,
      // Beyond the docs: the SiteHost server the site runs on (api-notes).
      serverid: site.serverId,
    });
    expect(await t.refusal('deploi_get_site', { siteid: 999_999 })).toMatchObject({
      apiMessage: 'No such site',
      messageId: -1,
    });
  });

  it('orders a SiteHost server: creating, then active with an IP, billed as SiteHost', async () => {
    const reply = await t.call('deploi_create_sitehost_server', {
      name: 'sitehost-02',
      ram: 4,
      cpu: 2,
      disk: 80,
      sites: 1,
      publicip: true,
    });
    expect(reply).toMatchObject({ success: true, message: 'Servrice created.', messageId: 0 });
    const listed = (await t.call('deploi_get_servers')).servers.find(
      (s: { name: string }) => s.name === 'sitehost-02',
    );
    expect(listed).toMatchObject({ ram: 4, cpu: 2, disk: 80, status: 'creating' });
    expect((await t.call('deploi_get_server_info', { id: listed.id })).serverInfo.virtual.mainip).toBe('');
    t.clock.advance(60_000);
    const info = await t.call('deploi_get_server_info', { id: listed.id });
    expect(info.serverInfo.virtual.mainip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(t.sandbox.state.get().agreements.find((a) => a.id === listed.id)).toMatchObject({
      kind: 'sitehost',
      clientId: 101,
      monthlyPrice: 4 * 40 + 2 * 60 + 40,
    });
    // `sites: 1` is a limit: once one site lives there, a copy finds no free slot.
    t.sandbox.state.update((s) => {
      s.sites.push({
        ...siteOf('kystkafe.example'),
        id: 5_000_001,
        clientId: 101,
        serverId: listed.id,
        backups: [],
      });
    });
    expect(
      await t.refusal('deploi_duplicate_site', { siteid: 5_000_001, usedifferentuser: false }),
    ).toMatchObject({ apiMessage: 'The SiteHost server has no free site slot', messageId: -1 });
  });

  it('duplicates a site as the same or a new user; the copy gets its own domains', async () => {
    const media = siteOf('nordlys-media.example');
    const before = t.sandbox.state.get().sites.length;
    expect(
      await t.call('deploi_duplicate_site', { siteid: media.id, usedifferentuser: false }),
    ).toMatchObject({
      message: 'Duplicated site.',
      messageId: 118,
    });
    const copy = await t.call('deploi_duplicate_site', {
      siteid: media.id,
      usedifferentuser: true,
      name: 'staging',
    });
    expect(copy.success).toBe(true);
    const sites = (await t.call('deploi_get_sites')).data as { siteid: number; primarydomain: string }[];
    expect(sites).toHaveLength(before + 2);
    const [sameUser, newUser] = sites.slice(-2).map((s) => s.siteid);
    expect((await t.call('deploi_get_site', { siteid: sameUser })).data).toEqual({
      domene: [],
      name: 'nordlys',
      certificate: false,
      serverid: media.serverId,
    });
    expect((await t.call('deploi_get_site', { siteid: newUser })).data.name).toBe('staging');
    expect(
      await t.refusal('deploi_duplicate_site', { siteid: media.id, usedifferentuser: true, name: 'staging' }),
    ).toMatchObject({ apiMessage: 'The user already exists on the SiteHost server', messageId: -1 });

    const updated = await t.call('deploi_update_site_domains', {
      id: media.serverId,
      siteid: newUser,
      domains: ['staging.nordlys-media.example', 'Preview.Nordlys-Media.example'],
    });
    expect(updated).toMatchObject({ message: 'Domains for site updated.', messageId: 101 });
    expect((await t.call('deploi_get_site', { siteid: newUser })).data.domene).toEqual([
      'staging.nordlys-media.example',
      'preview.nordlys-media.example',
    ]);
    expect((await t.call('deploi_get_sites')).data).toContainEqual({
      siteid: newUser,
      primarydomain: 'staging.nordlys-media.example',
    });
    expect(
      await t.refusal('deploi_update_site_domains', {
        id: media.serverId,
        siteid: newUser,
        domains: ['www.nordlys-media.example'],
      }),
    ).toMatchObject({
      apiMessage: 'www.nordlys-media.example is already used by another site on the server',
      messageId: -1,
    });
    const otherServer = t.sandbox.state.get().servers.find((s) => s.name === 'web-01')?.id;
    expect(
      await t.refusal('deploi_update_site_domains', {
        id: otherServer,
        siteid: newUser,
        domains: ['x.example'],
      }),
    ).toMatchObject({ apiMessage: 'No such site', messageId: -1 });
  });

  it('creates and deletes certificates, and restarts Apache only on a running server', async () => {
    const shop = siteOf('nordlys-shop.example');
    expect(await t.call('deploi_create_certificate', { siteid: shop.id })).toMatchObject({
      message: 'Certificate created.',
      messageId: 107,
    });
    expect((await t.call('deploi_get_site', { siteid: shop.id })).data.certificate).toBe(true);
    expect(await t.call('deploi_delete_certificate', { siteid: shop.id })).toMatchObject({
      message: 'Certificate deleted.',
      messageId: 108,
    });
    expect((await t.call('deploi_get_site', { siteid: shop.id })).data.certificate).toBe(false);
    expect(await t.refusal('deploi_delete_certificate', { siteid: shop.id })).toMatchObject({
      apiMessage: 'The site has no certificate',
      messageId: -1,
    });
    await t.call('deploi_duplicate_site', { siteid: shop.id, usedifferentuser: false });
    const bare = t.sandbox.state.get().sites.at(-1)?.id;
    expect(await t.refusal('deploi_create_certificate', { siteid: bare })).toMatchObject({
      apiMessage: 'The site has no domains',
      messageId: -1,
    });

    expect(await t.call('deploi_restart_apache', { siteid: shop.id })).toMatchObject({
      message: 'Apache restarted.',
      messageId: 109,
    });
    expect(t.sandbox.state.get().events.at(-1)).toMatchObject({ command: 'RestartApache', clientId: 101 });
    await t.call('deploi_restart_virtual_server', { id: shop.serverId });
    expect(await t.refusal('deploi_restart_apache', { siteid: shop.id })).toMatchObject({
      apiMessage: 'The server is not active',
      messageId: -1,
    });
    t.clock.advance(60_000);
    expect((await t.call('deploi_restart_apache', { siteid: shop.id })).success).toBe(true);
  });

  it('cancelling a SiteHost server takes its sites, their databases and SSH keys along', async () => {
    const cafe = siteOf('kystkafe.example');
    const reply = await t.call('deploi_cancel_agreement', { id: cafe.serverId });
    expect(reply.success).toBe(true);
    expect((await t.call('deploi_get_sites')).data).not.toContainEqual(
      expect.objectContaining({ siteid: cafe.id }),
    );
    expect((await t.call('deploi_get_ssh_keys', {})).data).not.toContainEqual(
      expect.objectContaining({ siteid: cafe.id }),
    );
    expect(t.sandbox.state.get().siteDatabases.some((d) => d.siteId === cafe.id)).toBe(false);
  });

  it('adds, lists and removes SSH keys of site users', async () => {
    const cafe = siteOf('kystkafe.example');
    const all = await t.call('deploi_get_ssh_keys', {});
    expect(all.data).toHaveLength(3);
    // Listing every site sends filteredbysite false and no placeholder siteid.
    expect(t.sandbox.requests.entries().at(-1)?.fields).toEqual(['filteredbysite']);
    const key = edKey('Kyst', 'deploy@laptop');
    const added = await t.call('deploi_add_ssh_key', {
      clientid: 102,
      keyname: 'laptop',
      key,
      name: 'kystkafe',
    });
    expect(added).toMatchObject({ message: 'Added a new ssh-key for user.', messageId: 113 });
    const mine = await t.call('deploi_get_ssh_keys', { siteid: cafe.id });
    expect(mine.data).toContainEqual({
      siteid: cafe.id,
      keyname: 'laptop',
      key,
      primarydomain: 'kystkafe.example',
    });
    expect(mine.data.every((k: { siteid: number }) => k.siteid === cafe.id)).toBe(true);
    expect(
      await t.refusal('deploi_add_ssh_key', { clientid: 102, keyname: 'laptop', key, name: 'kystkafe' }),
    ).toMatchObject({ apiMessage: 'The user already has an SSH key with that name', messageId: -1 });
    // The user is looked up among the sites of the given client (the default one has no "kystkafe").
    expect(await t.refusal('deploi_add_ssh_key', { keyname: 'laptop', key, name: 'kystkafe' })).toMatchObject(
      { apiMessage: 'No such site user', messageId: -1 },
    );

    // The comment does not identify a key: the type and key material do.
    const removed = await t.call('deploi_remove_ssh_key', {
      clientid: 102,
      keyname: 'laptop',
      key: edKey('Kyst', 'other-comment'),
      name: 'kystkafe',
    });
    expect(removed).toMatchObject({ message: 'Removed ssh-key for user.', messageId: 114 });
    expect((await t.call('deploi_get_ssh_keys', { siteid: cafe.id })).data).not.toContainEqual(
      expect.objectContaining({ keyname: 'laptop' }),
    );
    expect(
      await t.refusal('deploi_remove_ssh_key', { clientid: 102, keyname: 'laptop', key, name: 'kystkafe' }),
    ).toMatchObject({ apiMessage: 'No such SSH key', messageId: -1 });
  });
});
