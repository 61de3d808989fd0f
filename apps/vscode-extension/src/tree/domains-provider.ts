import * as vscode from 'vscode';
import { formatTtl, relativeHost } from '../model/format';
import { domainFindings, type Finding } from '../model/health';
import { domainsFromReply, nameServersFromReply, recordsFromReply } from '../model/normalize';
import { daysUntil, domainStatusLook } from '../model/status';
import type { DomainDetails, DomainSummary } from '../model/types';
import { AccountTree, ageLine, type TreeDeps } from './account-tree';
import type { Entry } from './data-store';
import { type Freshness, type Node, type NodeOf, type Scope, scopeKey } from './nodes';
import type { FilterRow } from './tree-filter';

// Types the write commands accept; others (NS, PTR…) are shown but cannot be edited here.
const WRITABLE = new Set(['A', 'AAAA', 'TXT', 'MX', 'CNAME', 'SOA', 'SRV']);
const ORDER = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV'];

/** Domains view: Deploi domains with status and expiry; each expands to its DNS records and name servers. */
export class DomainsProvider extends AccountTree<DomainSummary> {
  protected readonly providers = ['deploi'] as const;
  protected readonly noun = 'domains';
  readonly filterFields = ['name', 'status', 'client', 'expires'] as const;

  constructor(deps: TreeDeps) {
    super('domains', deps);
  }

  protected async list(scope: Scope, signal: AbortSignal): Promise<DomainSummary[]> {
    const input = scope.clientId === undefined ? {} : { clientid: scope.clientId };
    const read = this.reader(scopeKey(this.view, scope));
    const reply = read(await this.deps.pool.call(scope.account, 'deploi_get_domains', input, signal));
    return domainsFromReply(reply).sort((a, b) => a.name.localeCompare(b.name));
  }

  protected isTransitional(d: DomainSummary): boolean {
    return domainStatusLook(d.status, d.expiryDate, Date.now()).transitional;
  }

  protected filterRow(d: DomainSummary, scope: Scope): FilterRow {
    return {
      name: d.name,
      status: domainStatusLook(d.status, d.expiryDate, Date.now()).label,
      client: this.scopeNode(scope).name,
      expires: d.expiryDate ?? '',
    };
  }

  protected statusLabel(node: Node): string {
    return node.kind === 'domain'
      ? domainStatusLook(node.domain.status, node.domain.expiryDate, Date.now()).label
      : 'other';
  }

  protected itemNode(scope: Scope, key: string, domain: DomainSummary, fresh: Freshness): Node {
    const id = `${key}/domain:${domain.name}`;
    return { kind: 'domain', id, scope, key: id, domain, fresh };
  }

  protected draw(node: Node): vscode.TreeItem {
    if (node.kind === 'domain') return this.drawDomain(node);
    if (node.kind === 'record') return this.drawRecord(node);
    return new vscode.TreeItem('?');
  }

  private drawDomain(node: NodeOf<'domain'>): vscode.TreeItem {
    const d = node.domain;
    const look = domainStatusLook(d.status, d.expiryDate, Date.now());
    const days = daysUntil(d.expiryDate, Date.now());
    const expiry = d.expiryDate
      ? `expires ${d.expiryDate}${days !== undefined && days <= 60 ? ` (${days < 0 ? 'expired' : `in ${days} days`})` : ''}`
      : undefined;
    const findings = domainFindings(d, Date.now());
    const tip = [
      `${d.name}`,
      `Status: ${d.status ?? 'unknown'}`,
      ...findings.map((f) => `⚠ ${f.text}`),
      d.registrationDate && `Registered: ${d.registrationDate}`,
      d.expiryDate && `Expires: ${d.expiryDate}`,
      d.nextDueDate && `Next renewal billed: ${d.nextDueDate}`,
    ]
      .filter(Boolean)
      .join('\n');
    return this.item(node, d.name, vscode.TreeItemCollapsibleState.Collapsed, {
      icon: look.icon,
      color: look.color,
      description: [findings.length ? '⚠' : undefined, look.label, expiry].filter(Boolean).join(' · '),
      tooltip: tip,
      contextValue: 'hostkit.domain',
      fresh: node.fresh,
    });
  }

  private drawRecord(node: NodeOf<'record'>): vscode.TreeItem {
    const r = node.record;
    const host = relativeHost(r.host, node.domain);
    const extra = [
      r.options.priority !== undefined && (r.type === 'MX' || r.type === 'SRV')
        ? `priority ${r.options.priority}`
        : undefined,
      r.type === 'SRV' && r.options.port !== undefined ? `port ${r.options.port}` : undefined,
      r.options.ttl !== undefined ? `TTL ${formatTtl(r.options.ttl)}` : undefined,
    ].filter(Boolean);
    const label = `${r.type} ${host} → ${r.value}`;
    return this.item(node, label, vscode.TreeItemCollapsibleState.None, {
      icon: 'symbol-field',
      description: extra.join(' · '),
      tooltip: `${r.type} record\nHost: ${r.host || '@'}\nValue: ${r.value}${r.options.ttl !== undefined ? `\nTTL: ${r.options.ttl} s` : ''}`,
      contextValue: WRITABLE.has(r.type.toUpperCase()) ? 'hostkit.record' : 'hostkit.record.readonly',
      fresh: node.fresh,
    });
  }

  /** The zone of a domain as last read, if it was. */
  detailsOf(key: string): DomainDetails | undefined {
    return this.deps.store.peek<DomainDetails>(key)?.data;
  }

  /** Expiry within 30 days, from the list. */
  findingsOf(node: NodeOf<'domain'>): Finding[] {
    return domainFindings(node.domain, Date.now());
  }

  /** Reads a zone again with its last loader (a zone document opened after a restart of VS Code). */
  async reloadDetails(key: string): Promise<DomainDetails | undefined> {
    return (await this.deps.store.reload<DomainDetails>(key))?.data;
  }

  /** Whether the zone as last read holds a record (hosts compared relative to the domain). */
  hasRecord(key: string, r: { type: string; host: string; value: string }, domain: string): boolean {
    const host = relativeHost(r.host, domain);
    return (this.detailsOf(key)?.records ?? []).some(
      (x) => x.type === r.type && relativeHost(x.host, domain) === host && x.value === r.value,
    );
  }

  protected async expand(node: Node): Promise<Node[]> {
    if (node.kind !== 'domain') return [];
    const entry = await this.loadDetails(node);
    const domain = node.domain.name;
    return this.zoneRows(node, entry, domain);
  }

  /** A domain's records and name servers, from the store or loaded. */
  loadDetails(node: NodeOf<'domain'>) {
    const { account } = node.scope;
    const domain = node.domain.name;
    return this.deps.store.get<DomainDetails>(node.key, async (signal) => {
      const read = this.reader(node.key);
      const [records, ns] = await Promise.allSettled([
        this.deps.pool.call(account, 'deploi_get_domain_records', { domain }, signal).then(read),
        this.deps.pool.call(account, 'deploi_get_domain_name_servers', { domain }, signal).then(read),
      ]);
      if (records.status === 'rejected') throw records.reason;
      const d: DomainDetails = {
        records: recordsFromReply(records.value),
        nameServers: ns.status === 'fulfilled' ? nameServersFromReply(ns.value) : [],
      };
      if (ns.status === 'rejected') d.nameServerError = this.deps.reporter.describe(ns.reason);
      return d;
    });
  }

  private zoneRows(node: NodeOf<'domain'>, entry: Entry<DomainDetails>, domain: string): Node[] {
    const head = this.statusMessages(node.key, entry, node, `the DNS records of ${domain}`);
    const d = entry.data;
    if (!d) return head;
    const fresh: Freshness = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
    const rank = (t: string) => {
      const i = ORDER.indexOf(t.toUpperCase());
      return i < 0 ? ORDER.length : i;
    };
    const records = [...d.records].sort(
      (a, b) => rank(a.type) - rank(b.type) || a.host.localeCompare(b.host) || a.value.localeCompare(b.value),
    );
    const recordNodes: Node[] = records.map((record, i) => ({
      kind: 'record',
      // The index keeps ids unique when a zone holds the same record twice.
      id: `${node.id}/record:${record.type}:${record.host}:${record.value}:${i}`,
      scope: node.scope,
      key: node.key,
      domain,
      record,
      fresh,
    }));
    const nsNode: Node = {
      kind: 'info',
      id: `${node.id}/nameservers`,
      label: 'Name servers',
      description: d.nameServerError
        ? `unavailable: ${d.nameServerError}`
        : d.nameServers.join(', ') || 'none',
      icon: 'server-process',
      tooltip: ageLine(fresh),
      contextValue: 'hostkit.nameservers',
      children: d.nameServers.map((ns) => ({
        kind: 'info',
        id: `${node.id}/ns:${ns}`,
        label: ns,
        icon: 'server-process',
        value: ns,
      })),
    };
    const empty: Node[] = recordNodes.length
      ? []
      : [{ kind: 'message', id: `${node.id}/no-records`, label: 'No DNS records', severity: 'info' }];
    return [...head, ...recordNodes, ...empty, nsNode];
  }
}
