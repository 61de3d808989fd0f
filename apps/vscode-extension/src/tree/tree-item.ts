import type { SchemaDrift } from '@hostkit/core';
import * as vscode from 'vscode';
import { accountLabel, providerLabel } from '../accounts/account';
import { formatAge } from '../model/format';
import type { Entry } from './data-store';
import type { Freshness, Node } from './nodes';

export interface ItemLook {
  icon?: string | undefined;
  color?: string | undefined;
  description?: string | undefined;
  tooltip?: string | vscode.MarkdownString | undefined;
  contextValue?: string | undefined;
  fresh?: Freshness | undefined;
}

/** "Updated 5 min ago (from cache)" */
export function ageLine(fresh: Freshness): string {
  return `Updated ${formatAge(fresh.at, Date.now())}${fresh.fromCache ? ' (from cache)' : ''}`;
}

/** A TreeItem with the shared conventions: id, themed icon, tooltip saying how old the data is. */
export function makeItem(
  node: Node,
  label: string,
  state: vscode.TreeItemCollapsibleState,
  o: ItemLook = {},
): vscode.TreeItem {
  const t = new vscode.TreeItem(label, state);
  t.id = node.id;
  if (o.icon) t.iconPath = new vscode.ThemeIcon(o.icon, o.color ? new vscode.ThemeColor(o.color) : undefined);
  if (o.description !== undefined) t.description = o.description;
  if (o.contextValue) t.contextValue = o.contextValue;
  const age = o.fresh ? ageLine(o.fresh) : undefined;
  if (typeof o.tooltip === 'string' || o.tooltip === undefined) {
    const text = [o.tooltip, age].filter(Boolean).join('\n\n');
    if (text) t.tooltip = text;
  } else {
    if (age) o.tooltip.appendMarkdown(`\n\n_${age}_`);
    t.tooltip = o.tooltip;
  }
  return t;
}

/** The TreeItems of the nodes every view shares (levels, messages, info rows); undefined for the view's own. */
export function drawShared(node: Node): vscode.TreeItem | undefined {
  const S = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'provider':
      return makeItem(node, providerLabel(node.provider), S.Expanded, {
        icon: node.provider === 'deploi' ? 'cloud' : 'server-environment',
        contextValue: `hostkit.provider.${node.provider}`,
      });
    case 'account':
      return makeItem(node, accountLabel(node.account), S.Expanded, {
        icon: node.account.sandbox ? 'beaker' : 'account',
        description: node.account.baseUrl,
        contextValue: `hostkit.account.${node.account.provider}`,
        tooltip: `${providerLabel(node.account.provider)} account ${node.account.username}\n${node.account.baseUrl}`,
      });
    case 'client':
      return makeItem(node, node.name, S.Expanded, {
        icon: node.scope.clientId === undefined ? 'account' : 'organization',
        description:
          node.description ??
          (node.scope.clientId === undefined ? undefined : `client ${node.scope.clientId}`),
        contextValue: 'hostkit.client',
      });
    case 'message': {
      const icon = node.severity === 'error' ? 'error' : node.severity === 'warning' ? 'warning' : 'info';
      const color =
        node.severity === 'error'
          ? 'errorForeground'
          : node.severity === 'warning'
            ? 'list.warningForeground'
            : undefined;
      const t = makeItem(node, node.label, S.None, {
        icon,
        color,
        contextValue: node.severity === 'info' ? 'hostkit.message' : 'hostkit.error',
        tooltip: node.tooltip ?? node.label,
      });
      if (node.severity !== 'info') t.command = { command: 'hostkit.showOutput', title: 'Show Output' };
      return t;
    }
    case 'info': {
      const state = node.children?.length ? (node.expanded ? S.Expanded : S.Collapsed) : S.None;
      const t = makeItem(node, node.label, state, {
        icon: node.icon,
        color: node.color,
        description: node.description,
        tooltip: node.tooltip,
        contextValue: node.contextValue ?? 'hostkit.info',
      });
      if (node.command) {
        t.command = { command: node.command.id, title: node.command.title, arguments: [node.command.target] };
      }
      return t;
    }
    default:
      return undefined;
  }
}

/** A failed load above a branch: with older data shown (a warning) or without (an error). */
export function failureMessages(key: string, entry: Entry<unknown>, retry: Node, what: string): Node[] {
  if (!entry.error) return [];
  const stale = entry.data !== undefined;
  return [
    {
      kind: 'message',
      id: `${key}/error`,
      label: stale
        ? `Refresh failed; showing data from ${formatAge(entry.at, Date.now())}: ${entry.error}`
        : `Could not load ${what}: ${entry.error}`,
      tooltip: `${entry.error}\n\nRight-click to retry; click for the output channel.`,
      severity: stale ? 'warning' : 'error',
      retry,
    },
  ];
}

/**
 * A warning above a branch whose replies did not match their documented shape: what is shown is what
 * matched (values that did not are left out, and named here), so the user knows the branch is partial.
 */
export function driftMessages(key: string, drifts: readonly SchemaDrift[], retry: Node): Node[] {
  if (drifts.length === 0) return [];
  const left = drifts.flatMap((d) => d.dropped);
  return [
    {
      kind: 'message',
      id: `${key}/drift`,
      label: `Some of the reply did not match its documented shape${left.length ? ` (left out: ${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''})` : ''}`,
      tooltip: `${drifts.map((d) => d.message).join('\n')}\n\nWhat is shown is what matched. Click for the output channel.`,
      severity: 'warning',
      retry,
    },
  ];
}

/** Items in one expanded section per status ("active", "off"…), sections by name. */
export function statusSections(view: string, items: readonly Node[], statusOf: (n: Node) => string): Node[] {
  const groups = new Map<string, Node[]>();
  for (const n of items) {
    const g = statusOf(n);
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([status, children]): Node => ({
        kind: 'info',
        id: `${view}/status:${status}`,
        label: status,
        description: String(children.length),
        icon: 'symbol-enum',
        contextValue: 'hostkit.group',
        expanded: true,
        children,
      }),
    );
}
