import { deploiErrors } from '../messages';
import type { Disk, VirtualServer } from '../model';
import { addAgreement, nextId, serverPrice } from '../state';
import { clientFor, findOwned, type HandlerContext, type HandlerMap, ofClient, ok, refuse } from './support';

// Deploi "servers" group: virtual servers (creating → active after the provisioning delay, restart →
// restarting → active), their disks, and VPN accounts.

const gib = 1024 ** 3;

function serverDisks(ctx: HandlerContext, server: VirtualServer): Disk[] {
  return server.diskIds
    .map((id) => ctx.state.disks.find((d) => d.id === id))
    .filter((d): d is Disk => d !== undefined);
}

function findServer(ctx: HandlerContext, id: number): VirtualServer {
  return findOwned(ctx, ctx.state.servers, (s) => s.id === id, deploiErrors.noSuchServer);
}

function reprice(ctx: HandlerContext, server: VirtualServer): void {
  const agreement = ctx.state.agreements.find((a) => a.id === server.id);
  const diskGb = serverDisks(ctx, server).reduce((sum, d) => sum + d.sizeGb, 0);
  if (agreement) agreement.monthlyPrice = serverPrice(server.ram, server.cpu, diskGb);
}

/**
 * The wire's disks carry `idSet` and `backupSpecs.profileIdSet` flags beside placeholder values (the
 * core toWire adds them); the core input has the values only when set.
 */
function createServerFromWire(wire: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(wire.disks)) return wire;
  const disks = wire.disks.map((disk: unknown) => {
    if (typeof disk !== 'object' || disk === null) return disk;
    const { idSet, id, backupSpecs, ...rest } = disk as Record<string, unknown>;
    const out: Record<string, unknown> = {
      ...rest,
      ...(idSet === true || (idSet === undefined && id !== undefined) ? { id } : {}),
    };
    if (typeof backupSpecs === 'object' && backupSpecs !== null) {
      const { profileIdSet, profileId, ...specs } = backupSpecs as Record<string, unknown>;
      const keepProfile = profileIdSet === true || (profileIdSet === undefined && profileId !== undefined);
      out.backupSpecs = { ...specs, ...(keepProfile ? { profileId } : {}) };
    }
    return out;
  });
  return { ...wire, disks };
}

/** Handlers of the servers group, by wire name. */
export const serverHandlers = {
  GetServers: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    const servers = ofClient(ctx.state.servers, client).map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      ram: s.ram,
      cpu: s.cpu,
      disk: serverDisks(ctx, s).reduce((sum, d) => sum + d.sizeGb, 0),
      status: s.status,
    }));
    return ok({ servers });
  },

  GetServerInfo: (ctx, input) => {
    const s = findServer(ctx, input.id);
    return ok({
      serverInfo: {
        type: s.type,
        virtual: {
          mainip: s.mainip,
          ram: s.ram,
          cpu: s.cpu,
          disks: serverDisks(ctx, s).map((d) => ({ id: d.id, type: d.type, size: d.sizeGb })),
          suspended: s.suspended,
          running: s.status === 'active',
          ips: [...s.ips],
        },
        licenses: [...s.licenses],
      },
    });
  },

  CreateVirtualServer: {
    fromWire: createServerFromWire,
    handle: (ctx, input) => {
      const client = clientFor(ctx, input.clientid);
      // Check every referenced disk before changing anything, so a refusal leaves no half-made server.
      const reused = input.disks.map((d) =>
        d.id === undefined
          ? undefined
          : findOwned(
              ctx,
              ctx.state.disks,
              (x) => x.id === String(d.id) && x.serverId === null,
              deploiErrors.noSuchDisk,
            ),
      );
      const id = nextId(ctx.state);
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
        os: input.OS,
        licenses: [...(input.licenses ?? [])],
        username: input.username,
        publicIp: input.publicip,
        // Until provisioning ends there is no address, as the live API shows.
        mainip: '',
        ips: [],
        diskIds: [],
        createdAt: new Date(ctx.now).toISOString().slice(0, 10),
        usage: { cpuPercent: 1, ramPercent: 10, diskPercent: 5 },
      };
      input.disks.forEach((spec, i) => {
        const existing = reused[i];
        const disk: Disk = existing ?? {
          id: String(nextId(ctx.state)),
          clientId: client.id,
          serverId: null,
          name: spec.name,
          type: spec.type,
          technology: 'internal',
          sizeGb: spec.size,
        };
        disk.serverId = id;
        if (!existing) ctx.state.disks.push(disk);
        server.diskIds.push(disk.id);
        for (const backup of spec.backupSpecs?.spec ?? []) {
          ctx.state.backupPlans.push({
            id: `Disk-${disk.id}-${backup.loc}-1`,
            clientId: client.id,
            location: backup.loc,
            daily: backup.daily,
            weekly: backup.weekly,
            monthly: backup.monthly,
            yearly: backup.yearly,
            backupof: 'Disk',
            objectid: disk.id,
            objectname: `${input.name} ${disk.name}`,
            slots: [],
          });
        }
      });
      ctx.state.servers.push(server);
      addAgreement(ctx.state, {
        id,
        clientId: client.id,
        kind: 'server',
        description: `Virtual server ${input.name} (${input.cpu} vCPU, ${input.ram} GB RAM)`,
        monthlyPrice: 0,
        now: ctx.now,
      });
      reprice(ctx, server);
      return ok({}, 'Server ordered.', 10);
    },
  },

  UpdateVirtualServer: (ctx, input) => {
    const server = findServer(ctx, input.id);
    if (server.status === 'creating') return refuse(deploiErrors.serverNotActive);
    const disks = (input.diskChange ?? []).map((change) => {
      const disk = serverDisks(ctx, server).find((d) => d.id === change.id);
      return disk ? { disk, size: change.size } : refuse(deploiErrors.noSuchDisk);
    });
    if (input.cpucent !== undefined) server.cpu = input.cpucent / 100;
    if (input.ram !== undefined) server.ram = input.ram;
    // The data stays: larger disks are less full.
    const total = () => serverDisks(ctx, server).reduce((n, d) => n + d.sizeGb, 0);
    const before = total();
    for (const { disk, size } of disks) disk.sizeGb = size;
    if (before > 0 && total() > 0)
      server.usage.diskPercent = Math.min(100, Math.round((server.usage.diskPercent * before) / total()));
    reprice(ctx, server);
    return ok({}, 'Request to change server resources received.', 63);
  },

  RestartVirtualServer: (ctx, input) => {
    const server = findServer(ctx, input.id);
    // The docs are silent on an `off` server: the sandbox powers it on (the API has no start command).
    if (server.status !== 'active' && server.status !== 'off') return refuse(deploiErrors.serverNotActive);
    server.status = 'restarting';
    server.readyAt = ctx.now + ctx.config.restartDelayMs;
    return ok();
  },

  GetDisks: (ctx, input) => {
    const disks = ofClient(ctx.state.disks, clientFor(ctx, input.clientid)).map((d) => ({
      id: d.id,
      name: d.name,
      type: d.type.toUpperCase(),
      technology: d.technology,
      // GetDisks reports bytes, unlike GetServerInfo's GB.
      size: d.sizeGb * gib,
    }));
    return ok({ disks });
  },

  GetVPNs: (ctx, input) => {
    const vpns = ofClient(ctx.state.vpns, clientFor(ctx, input.clientid)).map(({ id, username, ip }) => ({
      id,
      username,
      ip,
    }));
    return ok({ vpns });
  },
} satisfies HandlerMap<'deploi'>;
