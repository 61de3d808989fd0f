import { deploiErrors } from '../messages';
import type { Disk, VirtualServer } from '../model';
import { addAgreement, isoDate, nextId, recordEvent, serverPrice } from '../state';
import { sshKeyHandlers } from './site-keys';
import { checkDomainsFree, findSite, runningSite, serverOf } from './site-support';
import { canAccess, clientFor, findOwned, type HandlerMap, ok, refuse } from './support';

// Deploi "sites" group: SiteHost servers and their sites (domains, certificates, Apache), plus the
// SSH keys of site users (site-keys.ts). A SiteHost server is a VirtualServer with a `sitehost`
// agreement; it goes creating → active like any server.

/** Handlers of the sites group, by wire name. */
export const siteHandlers = {
  // No clientid: the sites of every client the login administers.
  GetSites: (ctx) => {
    const data = ctx.state.sites
      .filter((s) => canAccess(ctx, s.clientId))
      .map((s) => ({ siteid: s.id, primarydomain: s.primarydomain }));
    return ok({ data });
  },

  GetSite: (ctx, input) => {
    const site = findSite(ctx, input.siteid);
    // serverid is beyond the docs (no documented reply names a site's SiteHost server): see api-notes.
    return ok({
      data: {
        domene: [...site.domains],
        name: site.name,
        certificate: site.certificate,
        serverid: site.serverId,
      },
    });
  },

  CreateSiteHostServer: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    const id = nextId(ctx.state);
    const disk: Disk = {
      id: String(nextId(ctx.state)),
      clientId: client.id,
      serverId: id,
      name: `${input.name}-system`,
      type: 'ssd',
      technology: 'internal',
      sizeGb: input.disk,
    };
    const server: VirtualServer = {
      id,
      clientId: client.id,
      name: input.name,
      type: 'virtual',
      ram: input.ram,
      cpu: input.cpu,
      status: 'creating',
      readyAt: ctx.now + ctx.config.provisioningDelayMs,
      suspended: false,
      os: 'Ubuntu 24.04',
      licenses: [],
      username: 'admin',
      publicIp: input.publicip,
      mainip: '',
      ips: [],
      diskIds: [disk.id],
      createdAt: isoDate(ctx.now),
      usage: { cpuPercent: 1, ramPercent: 10, diskPercent: 5 },
      maxSites: input.sites,
    };
    ctx.state.disks.push(disk);
    ctx.state.servers.push(server);
    addAgreement(ctx.state, {
      id,
      clientId: client.id,
      kind: 'sitehost',
      description: `SiteHost server ${input.name} (${input.cpu} vCPU, ${input.ram} GB RAM, ${input.disk} GB disk, up to ${input.sites} sites)`,
      monthlyPrice: serverPrice(input.ram, input.cpu, input.disk),
      now: ctx.now,
    });
    // The docs' text, typo included.
    return ok({}, 'Servrice created.', 0);
  },

  DuplicateSite: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    const onServer = ctx.state.sites.filter((s) => s.serverId === site.serverId);
    const limit = serverOf(ctx.state, site)?.maxSites;
    if (limit !== undefined && onServer.length >= limit) return refuse(deploiErrors.noFreeSiteSlot);
    // Without a different user the copy runs as the original's user (a given name is then ignored).
    const name = input.usedifferentuser ? (input.name ?? site.name) : site.name;
    if (input.usedifferentuser && onServer.some((s) => s.name === name))
      return refuse(deploiErrors.siteUserExists);
    ctx.state.sites.push({
      id: nextId(ctx.state),
      clientId: site.clientId,
      serverId: site.serverId,
      name,
      // Two sites cannot answer to one domain: the copy starts without any (UpdateSiteDomains).
      primarydomain: '',
      domains: [],
      certificate: false,
      wordpress: site.wordpress,
      backups: [],
    });
    return ok({}, 'Duplicated site.', 118);
  },

  UpdateSiteDomains: (ctx, input) => {
    const server = findOwned(ctx, ctx.state.servers, (s) => s.id === input.id, deploiErrors.noSuchServer);
    const site = findOwned(
      ctx,
      ctx.state.sites,
      (s) => s.id === input.siteid && s.serverId === server.id,
      deploiErrors.noSuchSite,
    );
    checkDomainsFree(ctx.state, site, input.domains);
    site.domains = [...input.domains];
    site.primarydomain = input.domains[0] ?? '';
    return ok({}, 'Domains for site updated.', 101);
  },

  RestartApache: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    // Nothing else in the state shows a web-server restart.
    recordEvent(
      ctx.state,
      ctx.now,
      'RestartApache',
      `Apache restarted on server ${site.serverId} (site ${site.id})`,
      site.clientId,
    );
    return ok({}, 'Apache restarted.', 109);
  },

  CreateCertificate: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = runningSite(ctx, input.siteid);
    if (site.domains.length === 0) return refuse(deploiErrors.siteHasNoDomains);
    // A repeat re-issues: the site still has one certificate.
    site.certificate = true;
    return ok({}, 'Certificate created.', 107);
  },

  DeleteCertificate: (ctx, input) => {
    clientFor(ctx, input.clientid);
    const site = findSite(ctx, input.siteid);
    if (!site.certificate) return refuse(deploiErrors.noCertificate);
    site.certificate = false;
    return ok({}, 'Certificate deleted.', 108);
  },

  ...sshKeyHandlers,
} satisfies HandlerMap<'deploi'>;
