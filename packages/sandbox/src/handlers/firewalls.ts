import { cidrOverlaps, intToIpv4, ipv4ToInt, parseCidr } from '@hostkit/core';
import { deploiErrors } from '../messages';
import type { Firewall, FirewallRule, PrivateNetwork } from '../model';
import { addAgreement, allocatePublicIp, nextId, publicIpAt } from '../state';
import { clientFor, findOwned, type HandlerContext, type HandlerMap, ofClient, ok, refuse } from './support';

// Deploi "firewalls" group: firewall services, their port-forwarding rules, public IPs, private
// networks and the connectors (GRE tunnels) that join servers to them.

/** A firewall of the user's clients, any type. */
export function findFirewall(ctx: HandlerContext, id: number): Firewall {
  return findOwned(ctx, ctx.state.firewalls, (f) => f.id === id, deploiErrors.noSuchFirewall);
}

function findNetwork(firewall: Firewall, network: string): PrivateNetwork {
  const found = firewall.privateNetworks.find((n) => n.network === network);
  if (!found) return refuse(deploiErrors.noSuchNetwork);
  return found;
}

/** How many public IPv4s the pool can still give, without taking any. */
function freePublicIps(ctx: HandlerContext, wanted: number): boolean {
  return publicIpAt(ctx.state.nextPublicIp + wanted - 1) !== null;
}

/** AddFirewallRule's `src-cidr` is stored as GetFirewallRules shows it: network and prefix apart. */
function sourceOf(cidr: string): { srcNetwork: string; srcCidr: number } {
  const [srcNetwork = '', prefix = '32'] = cidr.split('/');
  return { srcNetwork, srcCidr: Number(prefix) };
}

/** Handlers of the firewalls group, by wire name. */
export const firewallHandlers = {
  GetFirewalls: (ctx, input) => {
    const firewalls = ofClient(ctx.state.firewalls, clientFor(ctx, input.clientid)).map((f) => ({
      id: f.id,
      name: f.name,
      tb: f.tb,
      ipv4s: f.publicIPv4s.length,
      status: f.status,
      type: f.type,
    }));
    return ok({ firewalls });
  },

  CreateFirewall: (ctx, input) => {
    const client = clientFor(ctx, input.clientid);
    if (!freePublicIps(ctx, input.ipv4s)) return refuse(deploiErrors.noPublicIps);
    const id = nextId(ctx.state);
    const publicIPv4s: string[] = [];
    for (let i = 0; i < input.ipv4s; i++) {
      const ip = allocatePublicIp(ctx.state);
      if (ip) publicIPv4s.push(ip);
    }
    ctx.state.firewalls.push({
      id,
      clientId: client.id,
      name: input.name,
      tb: input.tb,
      type: input.type,
      status: 'active',
      publicIPv4s,
      packets: 0,
      bytes: 0,
      rules: [],
      privateNetworks: [],
      reverseProxies: [],
    });
    addAgreement(ctx.state, {
      id,
      clientId: client.id,
      kind: 'firewall',
      description: `Firewall ${input.name} (${input.type}, ${input.tb} TB, ${input.ipv4s} IPv4)`,
      // The seed's price formula, so created and seeded firewalls bill alike.
      monthlyPrice: input.tb * 150 + input.ipv4s * 40,
      now: ctx.now,
    });
    return ok();
  },

  GetFirewallRules: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    const rules = firewall.rules.map((r) => ({
      packets: r.packets,
      bytes: r.bytes,
      protocol: r.protocol,
      'src-network': r.srcNetwork,
      'src-cidr': r.srcCidr,
      'src-ip': r.srcIp,
      'src-port': r.srcPort,
      'dst-ip': r.dstIp,
      'dst-port': r.dstPort,
    }));
    return ok({ firewallRules: { packets: firewall.packets, bytes: firewall.bytes, rules } });
  },

  AddFirewallRule: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    // The docs' rules translate from a public IP or from a connector server's address.
    const own = [
      ...firewall.publicIPv4s,
      ...firewall.privateNetworks.flatMap((n) => n.connectors.map((c) => c.local)),
    ];
    if (!own.includes(input['src-ip'])) return refuse(deploiErrors.notOnFirewall);
    // One public port can be translated to one destination only (AddFirewallRule documents no
    // protocol: its rules are tcp).
    const taken = (r: FirewallRule) =>
      r.protocol === 'tcp' && r.srcIp === input['src-ip'] && r.srcPort === input['src-port'];
    if (firewall.rules.some(taken)) return refuse(deploiErrors.portForwarded);
    const rule: FirewallRule = {
      protocol: 'tcp',
      ...sourceOf(input['src-cidr']),
      srcIp: input['src-ip'],
      srcPort: input['src-port'],
      dstIp: input['dst-ip'],
      dstPort: input['dst-port'],
      packets: 0,
      bytes: 0,
    };
    firewall.rules.push(rule);
    return ok();
  },

  DeleteFirewallRule: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    const { srcNetwork, srcCidr } = sourceOf(input['src-cidr']);
    const index = firewall.rules.findIndex(
      (r) =>
        r.protocol === input.protocol &&
        r.srcNetwork === srcNetwork &&
        r.srcCidr === srcCidr &&
        r.srcIp === input['src-ip'] &&
        r.srcPort === input['src-port'] &&
        r.dstIp === input['dst-ip'] &&
        r.dstPort === input['dst-port'],
    );
    if (index < 0) return refuse(deploiErrors.noSuchRule);
    firewall.rules.splice(index, 1);
    // The docs' example answers messageId 1 here, unlike the other firewall writes.
    return ok({}, '', 1);
  },

  GetFirewallPublicIPs: (ctx, input) => ok({ publicIPv4s: [...findFirewall(ctx, input.id).publicIPv4s] }),

  GetFirewallPrivateNetworks: (ctx, input) => {
    const privateNetworks = findFirewall(ctx, input.id).privateNetworks.map((n) => ({
      network: n.network,
      name: n.name,
      connectors: n.connectors.map((c) => ({ ...c })),
    }));
    return ok({ privateNetworks });
  },

  AddFirewallPrivateNetwork: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    // The schema already refused a network or broadcast address and a range reaching public addresses.
    if (firewall.privateNetworks.some((n) => cidrOverlaps(n.network, input.network)))
      return refuse(deploiErrors.networkOverlaps);
    const used = new Set(firewall.privateNetworks.map((n) => n.name));
    let index = 0;
    while (used.has(`br${index}`)) index++;
    firewall.privateNetworks.push({ network: input.network, name: `br${index}`, connectors: [] });
    return ok();
  },

  DeleteFirewallPrivateNetwork: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    const network = findNetwork(firewall, input.network);
    // Its connectors go with it, as the docs warn (servers on it are disconnected).
    firewall.privateNetworks = firewall.privateNetworks.filter((n) => n !== network);
    return ok();
  },

  AddFirewallPrivateNetworkConnector: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    const network = findNetwork(firewall, input.network);
    if (network.connectors.some((c) => c.remote === input.remote))
      return refuse(deploiErrors.alreadyConnected);
    const { address, base, size } = parseCidr(network.network);
    const taken = new Set([address, ...network.connectors.map((c) => ipv4ToInt(c.ip))]);
    let offset = 1;
    while (offset < size - 1 && taken.has(base + offset)) offset++;
    if (offset >= size - 1) return refuse(deploiErrors.networkFull);
    // Named as in the docs: gre<bridge number>_<host part of the address it gets> (gre0_2 → 192.168.0.2).
    network.connectors.push({
      name: `gre${network.name.replace(/^br/, '')}_${offset}`,
      local: input.local,
      remote: input.remote,
      ip: intToIpv4(base + offset),
    });
    return ok();
  },

  DeleteFirewallPrivateNetworkConnector: (ctx, input) => {
    const firewall = findFirewall(ctx, input.id);
    const network = findNetwork(firewall, input.network);
    const index = network.connectors.findIndex((c) => c.name === input.connector);
    if (index < 0) return refuse(deploiErrors.noSuchConnector);
    network.connectors.splice(index, 1);
    return ok();
  },
} satisfies HandlerMap<'deploi'>;
