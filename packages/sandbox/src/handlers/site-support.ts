import { deploiErrors } from '../messages';
import type { SandboxState, Site, SiteDatabase, VirtualServer } from '../model';
import { findOwned, type HandlerContext, refuse } from './support';

// Lookups shared by the SiteHost groups (sites, wordpress, databases, backups): a site is reached by
// its id whichever client owns it, because GetSites lists the sites of every client of the login.

/** A site the user may see; "No such site" otherwise. */
export function findSite(ctx: HandlerContext, siteid: number): Site {
  return findOwned(ctx, ctx.state.sites, (s) => s.id === siteid, deploiErrors.noSuchSite);
}

/** The SiteHost server a site runs on (undefined once the server is gone). */
export function serverOf(state: SandboxState, site: Site): VirtualServer | undefined {
  return state.servers.find((s) => s.id === site.serverId);
}

/**
 * A site whose server is running: commands that act on the live site (Apache, certificates, backups,
 * installs) cannot while the SiteHost server is being created or restarted.
 */
export function runningSite(ctx: HandlerContext, siteid: number): Site {
  const site = findSite(ctx, siteid);
  if (serverOf(ctx.state, site)?.status !== 'active') return refuse(deploiErrors.serverNotActive);
  return site;
}

/** True when `server` is a SiteHost server (ordered with CreateSiteHostServer or seeded as one). */
export function isSiteHost(state: SandboxState, server: VirtualServer): boolean {
  return state.agreements.some((a) => a.id === server.id && a.kind === 'sitehost');
}

/** The SiteHost servers of a client. */
export function siteHostsOf(state: SandboxState, clientId: number): VirtualServer[] {
  return state.servers.filter((s) => s.clientId === clientId && isSiteHost(state, s));
}

/**
 * Refuses when another site on the same server already answers to one of `domains`: Apache can
 * route a host name to one site only.
 */
export function checkDomainsFree(state: SandboxState, site: Site, domains: readonly string[]): void {
  const others = state.sites.filter((s) => s.serverId === site.serverId && s.id !== site.id);
  const taken = domains.find((d) => others.some((s) => s.domains.includes(d)));
  if (taken !== undefined) refuse(deploiErrors.siteDomainTaken(taken));
}

/**
 * True when database `db` lives on SiteHost server `serverId`: the server of its site, or, for a
 * database not yet used by a site (CreateSiteDatabase takes no site), any SiteHost server of its client.
 */
export function databaseOnServer(state: SandboxState, db: SiteDatabase, serverId: number): boolean {
  if (db.siteId !== null) return state.sites.find((s) => s.id === db.siteId)?.serverId === serverId;
  return siteHostsOf(state, db.clientId).some((s) => s.id === serverId);
}
