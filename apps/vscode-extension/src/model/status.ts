/** How a status is drawn: a codicon id and a theme colour id (both plain strings, so this stays vscode-free). */
export interface StatusLook {
  icon: string;
  color: string | undefined;
  /** A state that is expected to change on its own soon: the tree polls until it settles. */
  transitional: boolean;
  /** A short word for the description column. */
  label: string;
}

// States the API or the sandbox report while something is under way. "suspended" is in the
// brief's list of states to watch: it is polled (within the polling time cap) because it is
// usually the result of an action still settling (SeFlow suspend/reactivate).
const transitional = new Set([
  'creating',
  'pending',
  'provisioning',
  'installing',
  'restarting',
  'rebooting',
  'starting',
  'stopping',
  'suspending',
  'reactivating',
  'resizing',
  'suspended',
]);

function normalize(status: string | undefined): string {
  return (status ?? '').trim().toLowerCase();
}

/** The look of a server status (Deploi `status` or a SeFlow `checkstatus` state). */
export function serverStatusLook(status: string | undefined): StatusLook {
  const s = normalize(status);
  const moving = transitional.has(s);
  if (s === 'active' || s === 'running' || s === 'on') {
    return { icon: 'vm-running', color: 'charts.green', transitional: false, label: s };
  }
  if (s === 'off' || s === 'stopped' || s === 'shutoff') {
    return { icon: 'vm-outline', color: 'disabledForeground', transitional: false, label: s };
  }
  if (s.startsWith('suspended')) {
    return { icon: 'debug-pause', color: 'charts.orange', transitional: moving, label: s };
  }
  if (s === 'canceled' || s === 'cancelled' || s === 'terminated' || s === 'error' || s === 'failed') {
    return { icon: 'error', color: 'errorForeground', transitional: false, label: s };
  }
  if (moving) return { icon: 'sync~spin', color: 'charts.yellow', transitional: true, label: s };
  return { icon: 'server', color: undefined, transitional: false, label: s || 'unknown' };
}

/** The look of a domain status plus how close its expiry is. */
export function domainStatusLook(
  status: string | undefined,
  expiry: string | undefined,
  now: number,
): StatusLook {
  const s = normalize(status);
  const days = daysUntil(expiry, now);
  if (s && s !== 'active' && s !== 'ok' && s !== 'registered') {
    const bad = s.includes('expired') || s.includes('cancel') || s.includes('suspend');
    return {
      icon: bad ? 'warning' : 'globe',
      color: bad ? 'errorForeground' : 'charts.yellow',
      transitional: s.includes('pending'),
      label: s,
    };
  }
  if (days !== undefined && days < 0)
    return { icon: 'warning', color: 'errorForeground', transitional: false, label: 'expired' };
  if (days !== undefined && days <= 30)
    return { icon: 'globe', color: 'charts.yellow', transitional: false, label: s || 'active' };
  return { icon: 'globe', color: 'charts.green', transitional: false, label: s || 'active' };
}

/** The look of a firewall status. */
export function firewallStatusLook(status: string | undefined, type: string | undefined): StatusLook {
  const s = normalize(status);
  const icon = normalize(type) === 'waf' ? 'shield' : 'flame';
  if (s === 'active' || s === '')
    return { icon, color: 'charts.green', transitional: false, label: s || 'active' };
  if (s === 'off') return { icon, color: 'disabledForeground', transitional: false, label: s };
  if (transitional.has(s)) return { icon: 'sync~spin', color: 'charts.yellow', transitional: true, label: s };
  return { icon, color: 'charts.orange', transitional: false, label: s };
}

/** Whole days from `now` to an ISO date (`2027-06-01`), or undefined when it does not parse. */
export function daysUntil(date: string | undefined, now: number): number | undefined {
  if (!date) return undefined;
  const t = Date.parse(date);
  if (Number.isNaN(t)) return undefined;
  return Math.floor((t - now) / 86_400_000);
}

/**
 * SeFlow's `checkstatus` answers in prose ("Server is suspended by customer"); the tree wants a word.
 */
export function seflowStatusFromMessage(statusmsg: string | undefined): string {
  const m = normalize(statusmsg);
  if (m.includes('suspended by seflow')) return 'suspended by SeFlow';
  if (m.includes('suspended')) return 'suspended';
  if (m.includes('cancel')) return 'canceled';
  if (m.includes('reboot')) return 'rebooting';
  if (m.includes('active')) return 'active';
  return m || 'unknown';
}
