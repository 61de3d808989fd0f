import { deploiErrors } from '../messages';
import type { Firewall, ReverseProxy, SandboxState } from '../model';
import { defaultNameServers } from '../seed-data';
import { DAY_MS as day, isoDate, nextId } from '../state';
import { findFirewall } from './firewalls';
import { type HandlerContext, type HandlerMap, ok, refuse } from './support';

// Deploi "waf" group: the reverse proxy sites of a WAF firewall, with their WAF, geo-blocking and
// certificate settings (`firewalls[].reverseProxies`).

/** A reverse proxy site of a WAF firewall of the user's; refused for IP firewalls. */
export function findReverseProxy(
  ctx: HandlerContext,
  id: number,
  reverseProxyId: number,
): { firewall: Firewall; proxy: ReverseProxy } {
  const firewall = findWaf(ctx, id);
  const proxy = firewall.reverseProxies.find((p) => p.id === reverseProxyId);
  if (!proxy) return refuse(deploiErrors.noSuchReverseProxy);
  return { firewall, proxy };
}

function findWaf(ctx: HandlerContext, id: number): Firewall {
  const firewall = findFirewall(ctx, id);
  if (firewall.type !== 'waf') return refuse(deploiErrors.notWaf);
  return firewall;
}

/** Refuses a domain another site of the same WAF already serves: one host name, one upstream. */
function checkDomainsFree(firewall: Firewall, domains: readonly string[], except?: ReverseProxy): void {
  for (const proxy of firewall.reverseProxies) {
    if (proxy === except) continue;
    const clash = domains.find((d) => proxy.domains.includes(d));
    if (clash) refuse(deploiErrors.domainServed(clash));
  }
}

/**
 * The IPv4s `host` resolves to through the sandbox's own zones (A records, following CNAMEs), or null
 * when its zone is not served by Deploi's name servers here, so nothing can be said about it.
 */
function resolve(state: SandboxState, host: string, depth = 0): string[] | null {
  const zone = state.domains
    .filter((d) => host === d.name || host.endsWith(`.${d.name}`))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!zone?.nameServers.every((ns) => defaultNameServers.includes(ns))) return null;
  const a = zone.records.filter((r) => r.type === 'A' && r.host === host).map((r) => r.value);
  if (a.length > 0 || depth > 8) return a;
  const cname = zone.records.find((r) => r.type === 'CNAME' && r.host === host);
  return cname ? resolve(state, cname.value.toLowerCase().replace(/\.$/, ''), depth + 1) : [];
}

// The share of requests each blocking paranoia level stops (higher levels catch more, real traffic too).
const blockedShare: Readonly<Record<number, number>> = { 1: 0.005, 2: 0.02, 3: 0.08, 4: 0.35 };

/** What GetLogStatistics counts as blocked follows the WAF's mode and blocking level. */
export function retallyBlocked(proxy: ReverseProxy): void {
  const blocking = proxy.wafEnabled && proxy.wafMode === 'On';
  const stopped = blocking
    ? Math.round(proxy.stats.requests * (blockedShare[proxy.blockingParanoiaLevel] ?? 0))
    : 0;
  proxy.stats = { ...proxy.stats, blocked: stopped };
}

function reverseProxyInfo(proxy: ReverseProxy): Record<string, unknown> {
  const { id: _id, stats: _stats, domains, blockList, allowList, ...settings } = proxy;
  return { ...settings, domains: [...domains], blockList: [...blockList], allowList: [...allowList] };
}

/** Handlers of the waf group, by wire name. */
export const wafHandlers = {
  GetFirewallReverseProxies: (ctx, input) => {
    const firewallReverseProxies = findWaf(ctx, input.id).reverseProxies.map(({ name, id }) => ({
      name,
      id,
    }));
    return ok({ firewallReverseProxies });
  },

  CreateReverseProxy: {
    // The docs' example nests the site under "data" (core's toWire does the same).
    fromWire: ({ data, ...rest }) => ({
      ...(typeof data === 'object' && data !== null ? data : {}),
      ...rest,
    }),
    handle: (ctx, input) => {
      const firewall = findWaf(ctx, input.id);
      const domains = [...new Set(input.domains)];
      checkDomainsFree(firewall, domains);
      const client = ctx.state.clients.find((c) => c.id === firewall.clientId);
      firewall.reverseProxies.push({
        id: nextId(ctx.state),
        name: input.name,
        domains,
        forwardTo: input.forwardToIP,
        validateSourceCert: false,
        siteadminemail: client?.email ?? '',
        siteid: 0,
        // A new site is protected from the start, at the lowest paranoia level; no certificate or
        // geo-blocking until asked for.
        wafEnabled: true,
        crsEnabled: true,
        wafMode: 'On',
        blockingParanoiaLevel: 1,
        logParanoiaLevel: 1,
        certCreated: false,
        geoBlockActivated: false,
        geoBlock: false,
        geoAllow: false,
        blockList: [],
        allowList: [],
        stats: { requests: 0, blocked: 0, logged: 0 },
      });
      return ok();
    },
  },

  UpdateReverseProxy: (ctx, input) => {
    const { proxy, firewall } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    const domains = input.domains && [...new Set(input.domains)];
    if (domains) checkDomainsFree(firewall, domains, proxy);
    const blocking = input.blockingParanoiaLevel ?? proxy.blockingParanoiaLevel;
    if ((input.logParanoiaLevel ?? proxy.logParanoiaLevel) < blocking)
      return refuse(deploiErrors.paranoiaOrder);
    if (input.name !== undefined) proxy.name = input.name;
    if (domains) proxy.domains = domains;
    if (input.forwardTo !== undefined) proxy.forwardTo = input.forwardTo;
    if (input.validateSourceCert !== undefined) proxy.validateSourceCert = input.validateSourceCert;
    if (input.logParanoiaLevel !== undefined) proxy.logParanoiaLevel = input.logParanoiaLevel;
    if (input.blockingParanoiaLevel !== undefined) proxy.blockingParanoiaLevel = input.blockingParanoiaLevel;
    if (input.wafMode !== undefined) proxy.wafMode = input.wafMode;
    retallyBlocked(proxy);
    // The docs document this command twice, with two replies: the site-settings one when any site
    // setting changed, the WAF one when only WAF settings did.
    const siteChange = [input.name, input.domains, input.forwardTo, input.validateSourceCert].some(
      (v) => v !== undefined,
    );
    return siteChange ? ok({}, 'ReverseProxy updated.', 85) : ok({}, 'WAF updated.', 88);
  },

  GetReverseProxyInfo: (ctx, input) => {
    const { proxy } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    return ok({ reverseProxyInfo: reverseProxyInfo(proxy) });
  },

  EnableWAF: (ctx, input) => {
    findReverseProxy(ctx, input.id, input.reverseProxyId).proxy.wafEnabled = true;
    return ok({}, 'WAF is enabled.', 90);
  },

  DisableWAF: (ctx, input) => {
    findReverseProxy(ctx, input.id, input.reverseProxyId).proxy.wafEnabled = false;
    return ok({}, 'WAF is disabled.', 89);
  },

  EnableGeoBlock: (ctx, input) => {
    findReverseProxy(ctx, input.id, input.reverseProxyId).proxy.geoBlockActivated = true;
    return ok({}, 'GeoBlock is enabled.', 92);
  },

  DisableGeoBlock: (ctx, input) => {
    // The lists are kept for the next EnableGeoBlock.
    findReverseProxy(ctx, input.id, input.reverseProxyId).proxy.geoBlockActivated = false;
    return ok({}, 'GeoBlock is disabled.', 91);
  },

  UpdateGeoBlock: (ctx, input) => {
    const { proxy } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    const allowList = input.allow ? [...new Set(input.allow)] : proxy.allowList;
    const blockList = input.blocking ? [...new Set(input.blocking)] : proxy.blockList;
    const both = allowList.find((c) => blockList.includes(c));
    if (both) return refuse(deploiErrors.allowedAndBlocked(both));
    proxy.allowList = allowList;
    proxy.blockList = blockList;
    // geoAllow/geoBlock say whether each list is in force: a list that was set and is not empty.
    if (input.allow) proxy.geoAllow = allowList.length > 0;
    if (input.blocking) proxy.geoBlock = blockList.length > 0;
    return ok({}, 'GeoBlock is updated.', 93);
  },

  CreateFirewallCertificate: (ctx, input) => {
    const { firewall, proxy } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    // The CA checks that each domain reaches this firewall; the sandbox can tell only for zones it serves.
    for (const domain of proxy.domains) {
      const ips = resolve(ctx.state, domain);
      if (ips && !ips.some((ip) => firewall.publicIPv4s.includes(ip)))
        return refuse(deploiErrors.dnsNotPointing(domain));
    }
    proxy.certCreated = true;
    // Certificates of this kind last 90 days (the docs say nothing; GetReverseProxyInfo shows certExpires).
    proxy.certExpires = isoDate(ctx.now + 90 * day);
    return ok({}, 'Certificate created.', 86);
  },

  DeleteFirewallCertificate: (ctx, input) => {
    const { proxy } = findReverseProxy(ctx, input.id, input.reverseProxyId);
    if (!proxy.certCreated) return refuse(deploiErrors.noCertificate);
    proxy.certCreated = false;
    return ok({}, 'Certificate deleted.', 87);
  },
} satisfies HandlerMap<'deploi'>;
