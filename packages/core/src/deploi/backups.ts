import { z } from 'zod';
import {
  clientId,
  deploiAck,
  deploiReply,
  id,
  looseBoolean,
  looseNumber,
  looseString,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';

// Plan ids look like "Disk-8-2-1" (what, object id, ...): opaque, constrained to a safe character set.
const planId = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
    'must be a backup plan id such as "Disk-8-2-1", from deploi_get_backup_plans',
  )
  .describe('The backup plan id, such as "Disk-8-2-1", from deploi_get_backup_plans.');

const retention = (period: string) =>
  z.number().int().min(0).max(365).describe(`How many ${period} backups to keep (0-365; 0 keeps none).`);

const siteId = id('The site id, from deploi_get_sites.');

/** Deploi: backups. */
export const deploiBackups = [
  defineCommand({
    provider: 'deploi',
    wire: 'GetBackupPlans',
    group: 'backups',
    title: 'List Deploi backup plans',
    description:
      'Lists the backup plans of the account: plan id, what is backed up (backupof, objectid, objectname), storage location, and how many daily, weekly, monthly and yearly backups are kept.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      backupPlans: z
        .array(
          z.looseObject({
            id: looseString,
            location: looseString.optional(),
            daily: looseNumber.optional(),
            weekly: looseNumber.optional(),
            monthly: looseNumber.optional(),
            yearly: looseNumber.optional(),
            backupof: z.string().optional(),
            objectid: looseString.optional(),
            objectname: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: {
      at: 'backupPlans',
      noun: 'backup plan',
      columns: ['id', 'objectname', 'daily', 'weekly', 'monthly', 'yearly'],
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetBackupInfo',
    group: 'backups',
    title: 'List the backups of a Deploi backup plan',
    description:
      'Lists the backup slots of a backup plan: each slot\'s backup name (its timestamp), whether the backup is present or missing, and the interval it covers ("permanent" slots have none).',
    input: z.strictObject({ planid: planId }),
    output: deploiReply({
      slots: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            interval: z.looseObject({ from: z.string().optional(), to: z.string().optional() }).optional(),
            name: z.string().optional(),
            present: looseBoolean.optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'slots', noun: 'backup slot', columns: ['name', 'type', 'present'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateBackupPlan',
    group: 'backups',
    title: 'Change the retention of a Deploi backup plan',
    description:
      'Sets how many daily, weekly, monthly and yearly backups a plan keeps (all four are set; see the current values with deploi_get_backup_plans). Lowering a count deletes the backups beyond it, and all zeros keeps no backups; raising counts stores more backups, which can cost more money.',
    input: z.strictObject({
      id: planId,
      daily: retention('daily'),
      weekly: retention('weekly'),
      monthly: retention('monthly'),
      yearly: retention('yearly'),
    }),
    output: deploiAck,
    risk: 'destructive',
    billable: true,
    idempotent: true,
    check: (): ToolCall => toolCall('deploi_get_backup_plans', {}),
    auth: 'session',
    summary: (i) =>
      `Make backup plan ${i.id} keep ${i.daily} daily, ${i.weekly} weekly, ${i.monthly} monthly and ${i.yearly} yearly backups. Backups beyond a lowered count are deleted; more backups can cost more money.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'BackupSite',
    group: 'backups',
    title: 'Back up a Deploi site now',
    description:
      'Takes an on-demand backup of a site. The backup then appears in deploi_get_site_backups and can be restored with deploi_restore_site_from_backup. Each call takes another backup.',
    input: z.strictObject({ clientid: clientId, siteid: siteId }),
    output: deploiAck,
    ...sessionWrite,
    idempotent: false,
    check: (i): ToolCall => toolCall('deploi_get_site_backups', { siteid: i.siteid }),
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetSiteBackups',
    group: 'backups',
    title: 'List the backups of a Deploi site',
    description:
      'Lists the backups of a site: backupid (for deploi_restore_site_from_backup) and datetime. The datetime is sent as "YYYY:MM:DDTHH:MM:SS" (colons in the date), not strict ISO 8601.',
    input: z.strictObject({ siteid: siteId }),
    output: deploiReply({
      data: z.array(z.looseObject({ backupid: looseNumber, datetime: z.string().optional() })).optional(),
    }),
    ...sessionRead,
    list: { at: 'data', noun: 'backup', columns: ['backupid', 'datetime'] },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'RestoreSiteFromBackup',
    group: 'backups',
    title: 'Restore a Deploi site from a backup',
    description:
      "Replaces a site's current content with a backup: every change made since that backup is lost. Take a fresh backup with deploi_backup_site first if the current state may be needed. Backup ids from deploi_get_site_backups.",
    input: z.strictObject({
      clientid: clientId,
      siteid: siteId.describe('The id of the site to restore, from deploi_get_sites.'),
      backupid: id('The backup id, from deploi_get_site_backups for the same site.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall => toolCall('deploi_get_site_backups', { siteid: i.siteid }),
    targets: (i) => [{ kind: 'site', id: i.siteid }],
    summary: (i, n) =>
      `Replace the content of ${n.site(i.siteid)}${forClient(i)} with backup ${i.backupid}: every change made since that backup is lost.`,
  }),
] as const satisfies readonly Command[];
