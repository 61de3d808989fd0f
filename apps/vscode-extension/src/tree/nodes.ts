import { type Account, accountLabel, providerLabel } from '../accounts/account';
import type {
  DnsRecord,
  DomainSummary,
  FirewallRule,
  FirewallSummary,
  ProviderId,
  ReverseProxy,
  ServerSummary,
} from '../model/types';

export type ViewId = 'servers' | 'domains' | 'firewalls';

/** How a view arranges its items: by provider and account (default), by client, by status, or in one list. */
export type GroupBy = 'account' | 'client' | 'status' | 'flat';
export const GROUPINGS: readonly GroupBy[] = ['account', 'client', 'status', 'flat'];

/** The unit one list request covers: a SeFlow account, or one client of a Deploi login. */
export interface Scope {
  account: Account;
  clientId?: number;
}

/** The data key of a scope's list; detail keys hang under it (`…/domain:example.com`). */
export function scopeKey(view: ViewId, scope: Scope): string {
  return `${view}/${scope.account.id}/${scope.clientId ?? '-'}`;
}

interface Base {
  /** Unique in its view and stable across refreshes, so VS Code keeps expansion state. */
  id: string;
}

/** Freshness of the data a node was drawn from, for its tooltip. */
export interface Freshness {
  at: number;
  fromCache?: boolean;
}

export type Node =
  | (Base & { kind: 'provider'; provider: ProviderId })
  | (Base & { kind: 'account'; account: Account })
  | (Base & { kind: 'client'; scope: Scope; name: string; description?: string })
  | (Base & {
      kind: 'message';
      label: string;
      tooltip?: string;
      severity: 'info' | 'warning' | 'error';
      /** The node to refresh from the message's context menu. */
      retry?: Node;
    })
  | (Base & {
      kind: 'info';
      label: string;
      description?: string;
      tooltip?: string;
      icon?: string;
      color?: string;
      contextValue?: string;
      /** What "Copy" copies (an IP address). */
      value?: string;
      children?: Node[];
      expanded?: boolean;
      /** Run on click, with `target` as its argument. */
      command?: { id: string; title: string; target: Node };
      /** The item a section belongs to (a firewall for its "Rules"), for commands run on the section. */
      owner?: Node;
    })
  | (Base & { kind: 'server'; scope: Scope; key: string; server: ServerSummary; fresh: Freshness })
  | (Base & { kind: 'domain'; scope: Scope; key: string; domain: DomainSummary; fresh: Freshness })
  | (Base & {
      kind: 'record';
      scope: Scope;
      key: string;
      domain: string;
      record: DnsRecord;
      fresh: Freshness;
    })
  | (Base & { kind: 'firewall'; scope: Scope; key: string; firewall: FirewallSummary; fresh: Freshness })
  | (Base & {
      kind: 'rule';
      scope: Scope;
      key: string;
      firewall: FirewallSummary;
      rule: FirewallRule;
      fresh: Freshness;
    })
  | (Base & {
      kind: 'proxy';
      scope: Scope;
      key: string;
      firewall: FirewallSummary;
      proxy: ReverseProxy;
      fresh: Freshness;
    });

export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;

export function isKind<K extends Node['kind']>(node: unknown, kind: K): node is NodeOf<K> {
  return typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === kind;
}

/** A client (or a single-scope account) as a node: its name, and where it is when shown at the root. */
export function scopeNodeOf(view: ViewId, scope: Scope, atRoot = false): NodeOf<'client'> {
  const client = scope.account.clients?.find((c) => c.id === scope.clientId);
  const node: NodeOf<'client'> = {
    kind: 'client',
    id: `${view}/${scope.account.id}/${scope.clientId ?? '-'}`,
    scope,
    name: client ? (client.name ?? `Client ${client.id}`) : accountLabel(scope.account),
  };
  if (atRoot)
    node.description = [
      providerLabel(scope.account.provider),
      client && `client ${client.id}`,
      client && accountLabel(scope.account),
    ]
      .filter(Boolean)
      .join(' · ');
  return node;
}
