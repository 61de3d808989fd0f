import * as vscode from 'vscode';
import { type Finding, findingsLine, proxyFindings, ruleFinding } from '../model/health';
import {
  describeRule,
  firewallsFromReply,
  privateNetworksFromReply,
  reverseProxiesFromReply,
  reverseProxyFromInfo,
  rulesFromReply,
} from '../model/normalize';
import { firewallStatusLook } from '../model/status';
import type { FirewallDetails, FirewallSummary, ReverseProxy } from '../model/types';
import { AccountTree, ageLine, type TreeDeps } from './account-tree';
import type { Entry } from './data-store';
import { type Freshness, type Node, type NodeOf, type Scope, scopeKey } from './nodes';
import type { FilterRow } from './tree-filter';

/** Firewalls view: Deploi firewalls; each expands to rules, private networks and WAF reverse proxies. */
export class FirewallsProvider extends AccountTree<FirewallSummary> {
  protected readonly providers = ['deploi'] as const;
  protected readonly noun = 'firewalls';
  readonly filterFields = ['name', 'type', 'status', 'client'] as const;

  constructor(deps: TreeDeps) {
    super('firewalls', deps);
  }

  protected async list(scope: Scope, signal: AbortSignal): Promise<FirewallSummary[]> {
    const input = scope.clientId === undefined ? {} : { clientid: scope.clientId };
    const read = this.reader(scopeKey(this.view, scope));
    return firewallsFromReply(
      read(await this.deps.pool.call(scope.account, 'deploi_get_firewalls', input, signal)),
    );
  }

  protected isTransitional(f: FirewallSummary): boolean {
    return firewallStatusLook(f.status, f.type).transitional;
  }

  protected filterRow(f: FirewallSummary, scope: Scope): FilterRow {
    return {
      name: f.name,
      type: f.type === 'waf' ? 'waf' : 'ip',
      status: firewallStatusLook(f.status, f.type).label,
      client: this.scopeNode(scope).name,
    };
  }

  protected statusLabel(node: Node): string {
    return node.kind === 'firewall'
      ? firewallStatusLook(node.firewall.status, node.firewall.type).label
      : 'other';
  }

  /** The rules, networks and WAF sites of a firewall as last read, if they were. */
  detailsOf(key: string): FirewallDetails | undefined {
    return this.deps.store.peek<FirewallDetails>(key)?.data;
  }

  /** What deserves attention in a firewall's rules and sites, from its details if they were read. */
  findingsOf(key: string): Finding[] {
    const d = this.detailsOf(key);
    if (!d) return [];
    return [
      ...d.rules.flatMap((r) => {
        const f = ruleFinding(r);
        return f ? [f] : [];
      }),
      ...d.reverseProxies.flatMap(proxyFindings),
    ];
  }

  protected itemNode(scope: Scope, key: string, firewall: FirewallSummary, fresh: Freshness): Node {
    const id = `${key}/firewall:${firewall.id}`;
    return { kind: 'firewall', id, scope, key: id, firewall, fresh };
  }

  protected draw(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'firewall': {
        const f = node.firewall;
        const look = firewallStatusLook(f.status, f.type);
        const size = [f.tb !== undefined && `${f.tb} TB`, f.ipv4s !== undefined && `${f.ipv4s} IPv4`].filter(
          Boolean,
        );
        const findings = this.findingsOf(node.key);
        return this.item(node, f.name, vscode.TreeItemCollapsibleState.Collapsed, {
          icon: look.icon,
          color: findings.length ? 'list.warningForeground' : look.color,
          description: [f.type === 'waf' ? 'WAF' : 'IP firewall', look.label, ...size, findingsLine(findings)]
            .filter(Boolean)
            .join(' · '),
          tooltip: [
            `${f.name} (firewall ${f.id})\nType: ${f.type ?? '?'}\nStatus: ${f.status ?? '?'}`,
            ...findings.map((x) => `⚠ ${x.text}`),
          ].join('\n'),
          contextValue: `hostkit.firewall.${f.type === 'waf' ? 'waf' : 'ip'}`,
          fresh: node.fresh,
        });
      }
      case 'rule': {
        const risk = ruleFinding(node.rule);
        return this.item(node, describeRule(node.rule), vscode.TreeItemCollapsibleState.None, {
          icon: risk ? 'warning' : 'arrow-right',
          color: risk ? 'list.warningForeground' : undefined,
          description: [
            risk && `⚠ ${risk.short}`,
            node.rule.packets !== undefined ? `${node.rule.packets} packets` : undefined,
          ]
            .filter(Boolean)
            .join(' · '),
          tooltip: `Forwards ${node.rule.protocol ?? '?'} from ${node.rule.srcNetwork ?? '?'}/${node.rule.srcCidr ?? '?'}\n${node.rule.srcIp}:${node.rule.srcPort} → ${node.rule.dstIp}:${node.rule.dstPort}${risk ? `\n\n⚠ ${risk.text}` : ''}`,
          contextValue: 'hostkit.rule',
          fresh: node.fresh,
        });
      }
      case 'proxy':
        return this.drawProxy(node);
      default:
        return new vscode.TreeItem('?');
    }
  }

  private drawProxy(node: NodeOf<'proxy'>): vscode.TreeItem {
    const p = node.proxy;
    const waf = onOff(p.wafEnabled);
    const geo = onOff(p.geoBlockActivated);
    return this.item(node, p.name, vscode.TreeItemCollapsibleState.Collapsed, {
      icon: p.wafEnabled === false ? 'warning' : 'workspace-trusted',
      color: p.wafEnabled === false ? 'list.warningForeground' : p.wafEnabled ? 'charts.green' : undefined,
      description: p.infoError
        ? `settings unavailable: ${p.infoError}`
        : `${p.wafEnabled === false ? '⚠ ' : ''}WAF ${wafText(p)} · geo-blocking ${geo}`,
      tooltip: `${p.name} (reverse proxy ${p.id})\nDomains: ${p.domains.join(', ') || '?'}\nForwards to: ${p.forwardTo ?? '?'}`,
      contextValue: `hostkit.proxy.waf-${waf}.geo-${geo}`,
      fresh: node.fresh,
    });
  }

  protected async expand(node: Node): Promise<Node[]> {
    if (node.kind === 'proxy') return proxyChildren(node);
    if (node.kind !== 'firewall') return [];
    return this.detailRows(node, await this.loadDetails(node));
  }

  /** A firewall's rules, private networks and WAF sites, from the store or loaded. */
  loadDetails(node: NodeOf<'firewall'>): Promise<Entry<FirewallDetails>> {
    const { account } = node.scope;
    const f = node.firewall;
    const isWaf = f.type === 'waf';
    return this.deps.store.get<FirewallDetails>(node.key, async (signal) => {
      const read = this.reader(node.key);
      const pool = this.deps.pool;
      const id = f.id;
      const none = Promise.resolve(undefined);
      // Rules are NAT rules of IP firewalls; reverse proxies exist on WAF firewalls only.
      const [rules, networks, proxies] = await Promise.allSettled([
        isWaf ? none : pool.call(account, 'deploi_get_firewall_rules', { id }, signal).then(read),
        pool.call(account, 'deploi_get_firewall_private_networks', { id }, signal).then(read),
        isWaf ? pool.call(account, 'deploi_get_firewall_reverse_proxies', { id }, signal).then(read) : none,
      ]);
      const errors: Record<string, string> = {};
      const ok = <V, T>(name: string, r: PromiseSettledResult<V | undefined>, map: (v: V) => T[]): T[] => {
        if (r.status === 'fulfilled') return r.value === undefined ? [] : map(r.value);
        errors[name] = this.deps.reporter.describe(r.reason);
        return [];
      };
      if ([rules, networks, proxies].every((r) => r.status === 'rejected'))
        throw (rules as PromiseRejectedResult).reason;
      const bases = ok('proxies', proxies, reverseProxiesFromReply);
      // One GetReverseProxyInfo per site, for WAF and geo-blocking state: a failing one marks that site only.
      const infos = await Promise.allSettled(
        bases.map((b) =>
          pool
            .call(account, 'deploi_get_reverse_proxy_info', { id, reverseProxyId: b.id }, signal)
            .then(read),
        ),
      );
      const reverseProxies: ReverseProxy[] = bases.map((b, i) => {
        const r = infos[i];
        if (r?.status === 'fulfilled') return reverseProxyFromInfo(b, r.value);
        return {
          ...b,
          domains: [],
          allowList: [],
          blockList: [],
          infoError: this.deps.reporter.describe(r?.reason),
        };
      });
      return {
        rules: ok('rules', rules, rulesFromReply),
        privateNetworks: ok('networks', networks, privateNetworksFromReply),
        reverseProxies,
        errors,
      };
    });
  }

  private detailRows(node: NodeOf<'firewall'>, entry: Entry<FirewallDetails>): Node[] {
    const f = node.firewall;
    const isWaf = f.type === 'waf';
    const head = this.statusMessages(node.key, entry, node, `the rules and sites of ${f.name}`);
    const d = entry.data;
    if (!d) return head;
    const fresh: Freshness = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
    const age = ageLine(fresh);
    const out: Node[] = [...head];
    const failed = (name: string) => (d.errors[name] ? `unavailable: ${d.errors[name]}` : undefined);
    if (!isWaf) {
      out.push({
        kind: 'info',
        id: `${node.id}/rules`,
        label: 'Rules',
        description: failed('rules') ?? String(d.rules.length),
        icon: 'list-ordered',
        tooltip: age,
        contextValue: 'hostkit.rules',
        owner: node,
        expanded: true,
        children: d.rules.map((rule, i) => ({
          kind: 'rule',
          id: `${node.id}/rule:${i}:${describeRule(rule)}`,
          scope: node.scope,
          key: node.key,
          firewall: f,
          rule,
          fresh,
        })),
      });
    }
    out.push({
      kind: 'info',
      id: `${node.id}/networks`,
      label: 'Private networks',
      description: failed('networks') ?? String(d.privateNetworks.length),
      icon: 'type-hierarchy',
      tooltip: age,
      children: d.privateNetworks.map((n) => ({
        kind: 'info',
        id: `${node.id}/network:${n.network}`,
        label: n.network,
        description: [n.name, `${n.connectors.length} connector${n.connectors.length === 1 ? '' : 's'}`]
          .filter(Boolean)
          .join(' · '),
        icon: 'type-hierarchy-sub',
        tooltip: age,
        children: n.connectors.map((c, i) => ({
          kind: 'info',
          id: `${node.id}/network:${n.network}/connector:${c.name ?? i}`,
          label: c.name ?? `connector ${i + 1}`,
          description: `${c.ip ?? '?'} · ${c.local ?? '?'} ⇄ ${c.remote ?? '?'}`,
          icon: 'plug',
          tooltip: `Connector ${c.name ?? ''}\nIP on the network: ${c.ip ?? '?'}\nTunnel: ${c.local ?? '?'} (firewall) ⇄ ${c.remote ?? '?'} (server)`,
        })),
      })),
    });
    if (isWaf) {
      out.push({
        kind: 'info',
        id: `${node.id}/proxies`,
        label: 'WAF reverse proxies',
        description: failed('proxies') ?? String(d.reverseProxies.length),
        icon: 'shield',
        tooltip: age,
        expanded: true,
        children: d.reverseProxies.map((proxy) => ({
          kind: 'proxy',
          id: `${node.id}/proxy:${proxy.id}`,
          scope: node.scope,
          key: node.key,
          firewall: f,
          proxy,
          fresh,
        })),
      });
    }
    return out;
  }
}

/**
 * "on", "on, detection only" or "off". The mode is the rule engine's setting (On, DetectionOnly): it
 * says nothing while the WAF is off, so "WAF off (On)" is never shown.
 */
function wafText(p: ReverseProxy): string {
  if (p.wafEnabled === undefined) return 'unknown';
  if (!p.wafEnabled) return 'off';
  const mode = (p.wafMode ?? '').toLowerCase();
  if (mode === 'detectiononly' || mode === 'detection') return 'on, detection only (logs, blocks nothing)';
  if (mode === 'off') return 'on, rule engine off';
  return 'on';
}

function onOff(v: boolean | undefined): 'on' | 'off' | 'unknown' {
  return v === undefined ? 'unknown' : v ? 'on' : 'off';
}

function proxyChildren(node: NodeOf<'proxy'>): Node[] {
  const p = node.proxy;
  const line = (name: string, label: string, description: string, icon: string): Node => ({
    kind: 'info',
    id: `${node.id}/${name}`,
    label,
    description,
    icon,
  });
  const out: Node[] = [
    line('waf', 'Web application firewall', wafText(p), p.wafEnabled === false ? 'warning' : 'shield'),
    line(
      'geo',
      'Geo-blocking',
      [
        onOff(p.geoBlockActivated),
        p.allowList.length ? `allow ${p.allowList.join(', ')}` : undefined,
        p.blockList.length ? `block ${p.blockList.join(', ')}` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      'globe',
    ),
  ];
  if (p.domains.length) out.push(line('domains', 'Domains', p.domains.join(', '), 'link'));
  if (p.forwardTo) out.push(line('forward', 'Forwards to', p.forwardTo, 'arrow-right'));
  return out;
}
