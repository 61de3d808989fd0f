import { deploiErrors } from '../messages';
import type { VirtualServer } from '../model';
import { findOwned, type HandlerContext, type HandlerMap, ok, refuse } from './support';
import { findReverseProxy } from './waf';

// Deploi "monitoring" group: load figures of a server (from `servers[].usage`) and the WAF log
// statistics of a reverse proxy site (from `reverseProxies[].stats`). Each Monitor* command sends its
// values in the types the docs' example shows, since clients are written against those examples.

const gib = 1024 ** 3;

/** A server that reports figures: only a running one has a monitoring agent to ask. */
function monitoredServer(ctx: HandlerContext, id: number): VirtualServer {
  const server = findOwned(ctx, ctx.state.servers, (s) => s.id === id, deploiErrors.noSuchServer);
  if (server.status !== 'active') return refuse(deploiErrors.serverNotActive);
  return server;
}

function diskBytes(ctx: HandlerContext, server: VirtualServer): number {
  const disks = ctx.state.disks.filter((d) => server.diskIds.includes(d.id));
  return disks.reduce((sum, d) => sum + d.sizeGb, 0) * gib;
}

/** Handlers of the monitoring group, by wire name. */
export const monitoringHandlers = {
  MonitorCPU: (ctx, input) => {
    const server = monitoredServer(ctx, input.id);
    const percent = server.usage.cpuPercent;
    return ok({
      data: {
        // The load average is what the per-cent figure means on this many vCPUs.
        average: ((server.cpu * percent) / 100).toFixed(2),
        total: String(server.cpu),
        used: percent,
      },
    });
  },

  MonitorDisk: (ctx, input) => {
    const server = monitoredServer(ctx, input.id);
    const total = diskBytes(ctx, server);
    const percent = server.usage.diskPercent;
    return ok({
      data: {
        available: String(Math.round((total * (100 - percent)) / 100)),
        total: String(total),
        used: `${percent}%`,
      },
    });
  },

  MonitorRAM: (ctx, input) => {
    const server = monitoredServer(ctx, input.id);
    const total = server.ram * gib;
    const available = Math.round((total * (100 - server.usage.ramPercent)) / 100);
    // The docs' example sends as "used" the available share (1694486528 / 4105490432 = 41.27 %), not
    // the used one; the sandbox does the same so clients that follow core's advice (compute usage from
    // total and available) are the ones that get it right.
    return ok({
      data: { total: String(total), available: String(available), used: (available / total) * 100 },
    });
  },

  GetLogStatistics: (ctx, input) => {
    const { proxy } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    // The docs show no statistics fields at all; these three counters are the sandbox's own.
    return ok({ data: { ...proxy.stats } }, 'Fetched log statistics.', 91);
  },
} satisfies HandlerMap<'deploi'>;
