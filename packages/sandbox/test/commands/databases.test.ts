import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The databases group through the core DeploiClient: managed databases, and the databases and users
// of SiteHost sites. Passwords go in and never come back out: not in replies, state or request log.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients({ provisioningDelayMs: 60_000 });
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

function siteOf(primary: string) {
  const site = t.sandbox.state.get().sites.find((s) => s.primarydomain === primary);
  if (!site) throw new Error(`the seed has no site ${primary}`);
  return site;
}

describe('databases', () => {
  it('lists managed databases with their status, IPs and port', async () => {
    const mine = (await t.call('deploi_get_databases')).databases;
    expect(mine.map((d: { type: string }) => d.type)).toEqual(['MySQL', 'PostgreSQL']);
    const seeded = t.sandbox.state.get().databases.find((d) => d.id === mine[0].id);
    expect(mine[0]).toEqual({
      id: seeded?.id,
      type: 'MySQL',
      ram: seeded?.ram,
      cpu: seeded?.cpu,
      disk: seeded?.disk,
      status: { status: 'active', diskUsed: seeded?.diskUsed, ips: seeded?.ips, port: seeded?.port },
    });
    expect((await t.call('deploi_get_databases', { clientid: 102 })).databases).toHaveLength(1);
  });

  it('lists the databases of a site and their users', async () => {
    const media = siteOf('nordlys-media.example');
    const dbs = (await t.call('deploi_get_site_databases', { siteid: media.id })).data;
    expect(dbs).toEqual([
      {
        databaseid: expect.any(Number),
        primarydomain: 'nordlys-media.example',
        founduniqueprimarydomain: true,
      },
    ]);
    expect((await t.call('deploi_get_database_users', { databaseid: dbs[0].databaseid })).data).toEqual([
      { name: 'nordlys_app' },
    ]);
    expect(await t.refusal('deploi_get_site_databases', { siteid: 999_999 })).toMatchObject({
      apiMessage: 'No such site',
      messageId: -1,
    });
  });

  it('creates and deletes a site database on its SiteHost server', async () => {
    const created = await t.call('deploi_create_site_database', {});
    expect(created).toMatchObject({ success: true, message: 'Database created.', messageId: 105 });
    const databaseid = created.data as number;
    expect(typeof databaseid).toBe('number');
    expect((await t.call('deploi_get_database_users', { databaseid })).data).toEqual([]);
    const host = siteOf('nordlys-media.example').serverId;
    const web = t.sandbox.state.get().servers.find((s) => s.name === 'web-01' && s.clientId === 101)?.id;
    // `id` names the SiteHost server holding the database; any other server has no such database.
    expect(await t.refusal('deploi_delete_site_database', { id: web, databaseid })).toMatchObject({
      apiMessage: 'No such database',
      messageId: -1,
    });
    expect(await t.call('deploi_delete_site_database', { id: host, databaseid })).toMatchObject({
      message: 'Database deleted.',
      messageId: 106,
    });
    expect(await t.refusal('deploi_get_database_users', { databaseid })).toMatchObject({
      apiMessage: 'No such database',
      messageId: -1,
    });
    expect(t.sandbox.state.get().siteDatabases.some((d) => d.id === databaseid)).toBe(false);
  });

  it('creates a database user without keeping its password anywhere', async () => {
    const password = 'Db-Pass-7f3c9e21';
    const reply = await t.call('deploi_create_database_user', {
      clientid: 102,
      username: 'reporting',
      password,
    });
    expect(reply).toEqual({ success: true, message: 'Databaseuser created.', messageId: 104 });
    expect(t.sandbox.state.get().databaseUsers).toContainEqual({ clientId: 102, name: 'reporting' });
    expect(JSON.stringify(t.sandbox.state.get())).not.toContain(password);
    expect(JSON.stringify(t.sandbox.requests.entries())).not.toContain(password);
    expect(
      await t.refusal('deploi_create_database_user', { clientid: 102, username: 'reporting', password }),
    ).toMatchObject({ apiMessage: 'The database user already exists', messageId: -1 });
  });

  it('deletes a database user everywhere it had access', async () => {
    const media = siteOf('nordlys-media.example');
    const shop = siteOf('nordlys-shop.example');
    const dbOf = (siteId: number) => t.sandbox.state.get().siteDatabases.find((d) => d.siteId === siteId)?.id;
    const reply = await t.call('deploi_delete_database_user', {
      id: media.serverId,
      databaseid: dbOf(media.id),
      username: 'nordlys_app',
    });
    expect(reply).toMatchObject({ message: 'Databaseuser deleted.', messageId: 102 });
    // The login is gone: the other database it could use lost it too.
    expect((await t.call('deploi_get_database_users', { databaseid: dbOf(media.id) })).data).toEqual([]);
    expect((await t.call('deploi_get_database_users', { databaseid: dbOf(shop.id) })).data).toEqual([]);
    expect(t.sandbox.state.get().databaseUsers.some((u) => u.name === 'nordlys_app')).toBe(false);
    expect(
      await t.refusal('deploi_delete_database_user', {
        id: media.serverId,
        databaseid: dbOf(media.id),
        username: 'nordlys_app',
      }),
    ).toMatchObject({ apiMessage: 'No such database user', messageId: -1 });
  });
});
