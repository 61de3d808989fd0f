import { deploiErrors } from '../messages';
import type { BackupPlan } from '../model';
import { nextId, recordEvent } from '../state';
import { checkDomainsFree, findSite, runningSite } from './site-support';
import { clientFor, findOwned, type HandlerContext, type HandlerMap, ofClient, ok, refuse } from './support';

// Deploi "backups" group: disk backup plans (retention counts and their backup slots) and site
// backups. BackupSite snapshots the site settings the sandbox models (domains, certificate,
// WordPress); RestoreSiteFromBackup puts them back, so a restore visibly undoes later changes.

function findPlan(ctx: HandlerContext, id: string): BackupPlan {
  return findOwned(ctx, ctx.state.backupPlans, (p) => p.id === id, deploiErrors.noSuchBackupPlan);
}

/** "2025-04-18T02:59:50" → "2025:04:18T02:59:50", the form the docs' example shows. */
function docsDatetime(iso: string): string {
  return iso.replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1:$2:$3');
}

/** Handlers of the backups group, by wire name. */
export const backupHandlers = {
  GetBackupPlans: (ctx, input) => {
    const backupPlans = ofClient(ctx.state.backupPlans, clientFor(ctx, input.clientid)).map((p) => ({
      id: p.id,
      location: p.location,
      daily: p.daily,
      weekly: p.weekly,
      monthly: p.monthly,
      yearly: p.yearly,
      backupof: p.backupof,
      objectid: p.objectid,
      objectname: p.objectname,
    }));
    return ok({ backupPlans });
  },

  GetBackupInfo: (ctx, input) => {
    const slots = findPlan(ctx, input.planid).slots.map((s) => ({
      type: s.type,
      interval: { ...s.interval },
      name: s.name,
      present: s.present,
    }));
    return ok({ slots });
  },

  UpdateBackupPlan: (ctx, input) => {
    const plan = findPlan(ctx, input.id);
    plan.daily = input.daily;
    plan.weekly = input.weekly;
    plan.monthly = input.monthly;
    plan.yearly = input.yearly;
    // Lowering the counts deletes the oldest interval backups beyond the new total; all zeros keeps
    // none, not even the permanent ones. Raising them keeps what exists (new backups come with time).
    const keep = input.daily + input.weekly + input.monthly + input.yearly;
    let intervals = 0;
    plan.slots = plan.slots.filter((s) => {
      if (keep === 0) return false;
      if (s.type === 'permanent') return true;
      intervals += 1;
      return intervals <= keep;
    });
    return ok({}, 'Backup plan updated.', 93);
  },

  BackupSite: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    site.backups.unshift({
      backupid: nextId(ctx.state),
      datetime: new Date(ctx.now).toISOString().slice(0, 19),
      snapshot: {
        primarydomain: site.primarydomain,
        domains: [...site.domains],
        certificate: site.certificate,
        wordpress: site.wordpress,
      },
    });
    return ok({}, 'Backup taken.', 111);
  },

  GetSiteBackups: (ctx, input) => {
    const data = findSite(ctx, input.siteid).backups.map((b) => ({
      datetime: docsDatetime(b.datetime),
      backupid: b.backupid,
    }));
    return ok({ data });
  },

  RestoreSiteFromBackup: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    const backup = site.backups.find((b) => b.backupid === input.backupid);
    if (!backup) return refuse(deploiErrors.noSuchBackup);
    const snapshot = backup.snapshot;
    if (snapshot) {
      checkDomainsFree(ctx.state, site, snapshot.domains);
      site.primarydomain = snapshot.primarydomain;
      site.domains = [...snapshot.domains];
      site.certificate = snapshot.certificate;
      site.wordpress = snapshot.wordpress;
    }
    // Files and tables are not modelled: the event is what shows a restore of a seeded backup.
    recordEvent(
      ctx.state,
      ctx.now,
      'RestoreSiteFromBackup',
      `Site ${site.id} restored from backup ${backup.backupid} (${backup.datetime})`,
      site.clientId,
    );
    return ok({}, 'Site restored from backup.', 110);
  },
} satisfies HandlerMap<'deploi'>;
