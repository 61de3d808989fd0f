import { deploiErrors } from '../messages';
import type { SiteDatabase } from '../model';
import { nextId } from '../state';
import { databaseOnServer, findSite, siteHostsOf } from './site-support';
import {
  clientFor,
  type DeploiInput,
  findOwned,
  type HandlerContext,
  type HandlerMap,
  ofClient,
  ok,
  refuse,
} from './support';

// Deploi "databases" group: managed databases (read only), and the databases and database users of
// SiteHost sites. A database user is a login of the client's SiteHost servers; a database lists the
// users given access to it (InstallWordpress gives one). Passwords are never stored nor echoed.

/** A site database on SiteHost server `id`; "No such database" for another server's or a missing one. */
function findDatabase(ctx: HandlerContext, input: DeploiInput<'DeleteSiteDatabase'>): SiteDatabase {
  findOwned(ctx, ctx.state.servers, (s) => s.id === input.id, deploiErrors.noSuchServer);
  return findOwned(
    ctx,
    ctx.state.siteDatabases,
    (d) => d.id === input.databaseid && databaseOnServer(ctx.state, d, input.id),
    deploiErrors.noSuchDatabase,
  );
}

/** Handlers of the databases group, by wire name. */
export const databaseHandlers = {
  GetDatabases: (ctx, input) => {
    const databases = ofClient(ctx.state.databases, clientFor(ctx, input.clientid)).map((d) => ({
      id: d.id,
      type: d.type,
      ram: d.ram,
      cpu: d.cpu,
      disk: d.disk,
      // `port` as the field list names it (the docs' example misspells it "post").
      status: { status: d.status, diskUsed: d.diskUsed, ips: [...d.ips], port: d.port },
    }));
    return ok({ databases });
  },

  GetSiteDatabase: (ctx, input) => {
    const site = findSite(ctx, input.siteid);
    const primaryOf = (db: SiteDatabase) => ctx.state.sites.find((s) => s.id === db.siteId)?.primarydomain;
    const data = ctx.state.siteDatabases
      .filter((db) => db.siteId === site.id)
      .map((db) => ({
        databaseid: db.id,
        primarydomain: site.primarydomain,
        // True when no other database has a site with the same primary domain.
        founduniqueprimarydomain:
          ctx.state.siteDatabases.filter((other) => primaryOf(other) === site.primarydomain).length === 1,
      }));
    return ok({ data });
  },

  CreateSiteDatabase: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    if (siteHostsOf(ctx.state, client.id).length === 0) return refuse(deploiErrors.noSiteHostServer);
    const id = nextId(ctx.state);
    // No site yet: InstallWordpress ties it to one.
    ctx.state.siteDatabases.push({ id, clientId: client.id, siteId: null, users: [] });
    return ok({ data: id }, 'Database created.', 105);
  },

  DeleteSiteDatabase: (ctx, input) => {
    const db = findDatabase(ctx, input);
    ctx.state.siteDatabases = ctx.state.siteDatabases.filter((d) => d !== db);
    return ok({}, 'Database deleted.', 106);
  },

  GetDatabaseUser: (ctx, input) => {
    const db = findOwned(
      ctx,
      ctx.state.siteDatabases,
      (d) => d.id === input.databaseid,
      deploiErrors.noSuchDatabase,
    );
    return ok({ data: db.users.map((name) => ({ name })) });
  },

  CreateDatabaseUser: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    if (siteHostsOf(ctx.state, client.id).length === 0) return refuse(deploiErrors.noSiteHostServer);
    if (ctx.state.databaseUsers.some((u) => u.clientId === client.id && u.name === input.username))
      return refuse(deploiErrors.databaseUserExists);
    // The password is handed to the database server only: the state keeps the name alone.
    ctx.state.databaseUsers.push({ clientId: client.id, name: input.username });
    return ok({}, 'Databaseuser created.', 104);
  },

  DeleteDatabaseUser: (ctx, input) => {
    const db = findDatabase(ctx, input);
    if (!db.users.includes(input.username)) return refuse(deploiErrors.noSuchDatabaseUser);
    // A database user is a server login: deleting it ends its access to every database of the client.
    const { clientId } = db;
    ctx.state.databaseUsers = ctx.state.databaseUsers.filter(
      (u) => !(u.clientId === clientId && u.name === input.username),
    );
    for (const other of ctx.state.siteDatabases) {
      if (other.clientId === clientId) other.users = other.users.filter((u) => u !== input.username);
    }
    return ok({}, 'Databaseuser deleted.', 102);
  },
} satisfies HandlerMap<'deploi'>;
