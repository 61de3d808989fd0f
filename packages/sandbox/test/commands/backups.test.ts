import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The backups group through the core DeploiClient: backup plans and their slots, on-demand site
// backups, and restores that put a site's settings back as they were at the backup.

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

describe('backups', () => {
  it('lists plans and their slots', async () => {
    const plans = (await t.call('deploi_get_backup_plans')).backupPlans;
    const seeded = t.sandbox.state.get().backupPlans.filter((p) => p.clientId === 101);
    expect(plans.map((p: { id: string }) => p.id)).toEqual(seeded.map((p) => p.id));
    expect(plans[0]).toEqual({
      id: expect.stringMatching(/^Disk-\d+-[12]-1$/),
      location: seeded[0]?.location,
      daily: seeded[0]?.daily,
      weekly: seeded[0]?.weekly,
      monthly: seeded[0]?.monthly,
      yearly: seeded[0]?.yearly,
      backupof: 'Disk',
      objectid: seeded[0]?.objectid,
      objectname: seeded[0]?.objectname,
    });
    const slots = (await t.call('deploi_get_backup_info', { planid: plans[0].id })).slots;
    expect(slots.map((s: { type: string }) => s.type)).toEqual([
      'interval',
      'interval',
      'interval',
      'interval',
      'permanent',
    ]);
    expect(slots[4]).toEqual({ type: 'permanent', interval: {}, name: expect.any(String), present: true });
    expect(slots[0].interval).toEqual({
      from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(await t.refusal('deploi_get_backup_info', { planid: 'Disk-0-9-9' })).toMatchObject({
      apiMessage: 'No such backup plan',
      messageId: -1,
    });
  });

  it('changes retention: lower counts delete the oldest backups, all zeros keeps none', async () => {
    const [plan] = (await t.call('deploi_get_backup_plans')).backupPlans;
    const slots = async () => (await t.call('deploi_get_backup_info', { planid: plan.id })).slots;
    const before = await slots();
    const updated = await t.call('deploi_update_backup_plan', {
      id: plan.id,
      daily: 0,
      weekly: 2,
      monthly: 0,
      yearly: 0,
    });
    expect(updated).toEqual({ success: true, message: 'Backup plan updated.', messageId: 93 });
    expect((await t.call('deploi_get_backup_plans')).backupPlans[0]).toMatchObject({
      id: plan.id,
      daily: 0,
      weekly: 2,
      monthly: 0,
      yearly: 0,
    });
    expect(await slots()).toEqual([before[0], before[1], before[4]]);
    await t.call('deploi_update_backup_plan', { id: plan.id, daily: 7, weekly: 4, monthly: 0, yearly: 0 });
    expect(await slots()).toHaveLength(3);
    await t.call('deploi_update_backup_plan', { id: plan.id, daily: 0, weekly: 0, monthly: 0, yearly: 0 });
    expect(await slots()).toEqual([]);
  });

  it('backs a site up and restores it, undoing later changes', async () => {
    const shop = siteOf('nordlys-shop.example');
    const site = () => t.call('deploi_get_site', { siteid: shop.id });
    const original = (await site()).data;
    const countBefore = (await t.call('deploi_get_site_backups', { siteid: shop.id })).data.length;
    t.clock.set(Date.UTC(2026, 3, 18, 2, 59, 50));
    expect(await t.call('deploi_backup_site', { siteid: shop.id })).toMatchObject({
      message: 'Backup taken.',
      messageId: 111,
    });
    const backups = (await t.call('deploi_get_site_backups', { siteid: shop.id })).data;
    expect(backups).toHaveLength(countBefore + 1);
    // Newest first, in the docs' "YYYY:MM:DDTHH:MM:SS" form.
    expect(backups[0]).toEqual({ datetime: '2026:04:18T02:59:50', backupid: expect.any(Number) });

    await t.call('deploi_update_site_domains', {
      id: shop.serverId,
      siteid: shop.id,
      domains: ['butikk.nordlys-shop.example'],
    });
    await t.call(original.certificate ? 'deploi_delete_certificate' : 'deploi_create_certificate', {
      siteid: shop.id,
    });
    expect((await site()).data).not.toEqual(original);
    const restored = await t.call('deploi_restore_site_from_backup', {
      siteid: shop.id,
      backupid: backups[0].backupid,
    });
    expect(restored).toMatchObject({ message: 'Site restored from backup.', messageId: 110 });
    expect((await site()).data).toEqual(original);
    expect((await t.call('deploi_get_sites')).data).toContainEqual({
      siteid: shop.id,
      primarydomain: 'nordlys-shop.example',
    });
    expect(t.sandbox.state.get().events.at(-1)).toMatchObject({ command: 'RestoreSiteFromBackup' });
  });

  it('restores only backups of the same site', async () => {
    const shop = siteOf('nordlys-shop.example');
    const media = siteOf('nordlys-media.example');
    const seededBackup = media.backups[0]?.backupid;
    expect(
      await t.refusal('deploi_restore_site_from_backup', { siteid: shop.id, backupid: seededBackup }),
    ).toMatchObject({ apiMessage: 'No such backup', messageId: -1 });
    // A seeded backup has no settings snapshot: the restore is recorded, the settings stay.
    const reply = await t.call('deploi_restore_site_from_backup', {
      siteid: media.id,
      backupid: seededBackup,
    });
    expect(reply.success).toBe(true);
    expect(t.sandbox.state.get().events.at(-1)?.detail).toContain(`backup ${seededBackup}`);
    expect(await t.refusal('deploi_get_site_backups', { siteid: 999_999 })).toMatchObject({
      apiMessage: 'No such site',
      messageId: -1,
    });
  });
});
