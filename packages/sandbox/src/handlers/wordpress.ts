import { deploiErrors } from '../messages';
import type { SandboxState, Wordpress } from '../model';
import { nextId } from '../state';
import { runningSite } from './site-support';
import {
  canAccess,
  clientFor,
  findOwned,
  type HandlerContext,
  type HandlerMap,
  ofClient,
  ok,
  refuse,
} from './support';

// Deploi "wordpress" group: managed WordPress services, and WordPress installed on SiteHost sites.
// A service may hold several websites (DuplicateWordpress adds one): each is a `wordpresses` record
// with the service's id, so GetWordpress lists it as its own entry and cancelling the agreement
// removes them all.

interface Check {
  success: boolean;
  exists: boolean;
  message: string;
}

/** The websites of a service the user may see, the original first; "No such WordPress service" if none. */
function websitesOf(ctx: HandlerContext, id: number): [Wordpress, ...Wordpress[]] {
  const sites = ctx.state.wordpresses.filter((w) => w.id === id && canAccess(ctx, w.clientId));
  const [first, ...rest] = sites;
  if (!first) return refuse(deploiErrors.noSuchWordpress);
  return [first, ...rest];
}

/** True when a zone in the state has an address (A, AAAA) or alias (CNAME) record for `host`. */
function resolves(state: SandboxState, host: string): boolean {
  const zone = state.domains.find((d) => host === d.name || host.endsWith(`.${d.name}`));
  return (
    zone?.records.some(
      (r) => r.host === host && (r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME'),
    ) ?? false
  );
}

/** True when some website or site already answers to `domain`. */
function domainInUse(state: SandboxState, domain: string): boolean {
  return (
    state.wordpresses.some((w) => w.domain === domain) || state.sites.some((s) => s.domains.includes(domain))
  );
}

/** Handlers of the wordpress group, by wire name. */
export const wordpressHandlers = {
  GetWordpress: (ctx, input) => {
    const wordpresses = ofClient(ctx.state.wordpresses, clientFor(ctx, input.clientid)).map((w) => ({
      type: w.type,
      id: w.id,
      domain: w.domain,
      deploihosted: { ram: w.ram, cpu: w.cpu, disk: w.disk },
      forge: { siteId: w.forgeSiteId, serverId: w.forgeServerId },
    }));
    return ok({ wordpresses });
  },

  GetWordpressInfo: (ctx, input) => {
    const website = websitesOf(ctx, input.id).find(
      (w) => w.domain === input.domain && (input.siteid === undefined || w.forgeSiteId === input.siteid),
    );
    if (!website) return refuse(deploiErrors.noSuchWordpressSite);
    return ok({ wordpressInfo: { SSL: website.ssl } });
  },

  InstallWordpress: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    // Databases and their users belong to the site's client.
    const db = findOwned(
      ctx,
      ctx.state.siteDatabases,
      (d) => d.id === input.databaseid && d.clientId === site.clientId,
      deploiErrors.noSuchDatabase,
    );
    if (db.siteId !== null && db.siteId !== site.id) return refuse(deploiErrors.databaseOfOtherSite);
    if (!ctx.state.databaseUsers.some((u) => u.clientId === site.clientId && u.name === input.name))
      return refuse(deploiErrors.noSuchDatabaseUser);
    if (site.wordpress) return refuse(deploiErrors.wordpressInstalled);
    // The database now serves this site, and WordPress connects as the given user.
    db.siteId = site.id;
    if (!db.users.includes(input.name)) db.users.push(input.name);
    site.wordpress = true;
    return ok({}, 'WordPress installed.', 119);
  },

  DuplicateWordpress: (ctx, input) => {
    const websites = websitesOf(ctx, input.id);
    if (websites[0].type !== input.type) return refuse(deploiErrors.wordpressType(input.type));
    const source =
      input.siteId === undefined ? websites[0] : websites.find((w) => w.forgeSiteId === input.siteId);
    if (!source) return refuse(deploiErrors.noSuchWordpressSite);
    if (domainInUse(ctx.state, input.newDomain)) return refuse(deploiErrors.domainInUse(input.newDomain));
    ctx.state.wordpresses.push({
      ...source,
      domain: input.newDomain,
      forgeSiteId: input.type === 'forge' ? nextId(ctx.state) : 0,
      // No certificate for the new domain yet.
      ssl: false,
    });
    return ok({}, 'Duplicating site succeeded.', 0);
  },

  WordpressCheckSetup: (ctx, input) => {
    const [website] = websitesOf(ctx, input.id);
    const ips: Check = resolves(ctx.state, website.domain)
      ? { success: true, exists: true, message: '' }
      : {
          success: true,
          exists: false,
          message: `No A, AAAA or CNAME record for ${website.domain} was found`,
        };
    const installed: Check = { success: true, exists: true, message: '' };
    // The docs' success reply, messageId -1 included.
    return ok({ ips, installed }, 'Domain IPs checked', -1);
  },
} satisfies HandlerMap<'deploi'>;
