import { seflowErrors } from '../messages';
import type { DedicatedServer, DedicatedStatus } from '../model';
import { graphUrl } from '../png';
import { type HandlerContext, type HandlerMap, refuse, seflowOk } from './support';

// SeFlow Valhalla CP: dedicated servers, reverse DNS and portable IPs. Every text below is the
// reference's own, typos included ("succesfully"), since clients may match on them.

/** checkstatus's statusmsg for each status. */
const statusTexts: Record<DedicatedStatus, string> = {
  active: 'Server is active',
  canceled: 'Server is canceled',
  'suspended-seflow': 'Server is suspended by SeFlow',
  'suspended-customer': 'Server is suspended by customer',
};

function findServer(ctx: HandlerContext, name: string, extra: Record<string, unknown> = {}): DedicatedServer {
  const server = ctx.state.seflow.servers.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!server) return refuse(seflowErrors.noSuchServer, extra);
  return server;
}

/**
 * A server the action may work on: active and not in the middle of a reboot. The reference has one
 * message for all of it: "No such server or server not yet active".
 */
function activeServer(
  ctx: HandlerContext,
  name: string,
  extra: Record<string, unknown> = {},
): DedicatedServer {
  const server = findServer(ctx, name, extra);
  if (server.status !== 'active' || server.rebootUntil !== null)
    return refuse(seflowErrors.noSuchServer, extra);
  return server;
}

/** Handlers of the seflow group, by action name. */
export const seflowHandlers = {
  // The dispatcher has already checked username and key.
  checkauth: () => seflowOk('Login OK'),

  changerdns: (ctx, input) => {
    const owner = ctx.state.seflow.servers.find((s) => s.status === 'active' && s.ips.includes(input.ip));
    if (!owner) return refuse(seflowErrors.noSuchServer);
    ctx.state.seflow.rdns[input.ip] = input.rdns;
    return seflowOk('Operation completed. rDNS will be available within 24 hours');
  },

  'dserver-graph': (ctx, input) => {
    const server = activeServer(ctx, input.serverid, { loadgraph: null });
    const base = ctx.config.graphsBaseUrl;
    return seflowOk('', {
      loadgraph: null,
      dailygraph: graphUrl(base, server.name, 'daily'),
      weekgraph: graphUrl(base, server.name, 'weekly'),
      monthgraph: graphUrl(base, server.name, 'monthly'),
      yeargraph: graphUrl(base, server.name, 'yearly'),
    });
  },

  'reboot-dserver': (ctx, input) => {
    const server = activeServer(ctx, input.serverid);
    // The server is down until the reboot ends; meanwhile actions on it answer "not yet active".
    server.rebootUntil = ctx.now + ctx.config.restartDelayMs;
    server.lastRebootAt = new Date(ctx.now).toISOString();
    return seflowOk('Reboot in Progress');
  },

  checkstatus: (ctx, input) => seflowOk(statusTexts[findServer(ctx, input.serverid).status]),

  suspendserver: (ctx, input) => {
    const server = findServer(ctx, input.serverid);
    if (server.status === 'canceled') return refuse(seflowErrors.noSuchServer);
    if (server.status === 'suspended-seflow') return refuse(seflowErrors.suspendedBySeflow);
    server.status = 'suspended-customer';
    return seflowOk('Server Suspended');
  },

  activateserver: (ctx, input) => {
    const server = findServer(ctx, input.serverid);
    if (server.status === 'canceled') return refuse(seflowErrors.noSuchServer);
    // Only SeFlow support lifts its own suspension.
    if (server.status === 'suspended-seflow') return refuse(seflowErrors.suspendedBySeflow);
    server.status = 'active';
    return seflowOk('Server reactivated');
  },

  changeiproute: (ctx, input) => {
    const portable = ctx.state.seflow.portableIps.find((p) => p.ip === input.portableip);
    if (!portable) return refuse(seflowErrors.noSuchIp);
    const target = ctx.state.seflow.servers.find(
      (s) => s.status === 'active' && s.primaryIp === input.target_ip,
    );
    if (!target) return refuse(seflowErrors.noSuchTarget);
    portable.routedTo = target.primaryIp;
    return seflowOk('Portable IP route was update succesfully');
  },

  showportableip: (ctx) => {
    const portables = ctx.state.seflow.portableIps;
    if (portables.length === 0) return refuse(seflowErrors.noPortableIp);
    // The reference's format: "ip:routed " for each, trailing space included.
    return seflowOk(portables.map((p) => `${p.ip}:${p.routedTo} `).join(''));
  },
} satisfies HandlerMap<'seflow'>;
