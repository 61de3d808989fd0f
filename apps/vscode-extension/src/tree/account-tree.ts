import * as vscode from 'vscode';
import { type Account, accountLabel, providerLabel } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import type { ClientPool } from '../accounts/client-pool';
import type { HostkitSettings } from '../config';
import { formatAge } from '../model/format';
import type { ProviderId } from '../model/types';
import type { Reporter } from '../ui/reporter';
import type { DataStore, Entry } from './data-store';
import { type Freshness, type Node, type NodeOf, type Scope, scopeKey, type ViewId } from './nodes';
import { Poller } from './poller';

/** What every tree needs; one instance shared by the three. */
export interface TreeDeps {
  store: DataStore;
  accounts: AccountStore;
  pool: ClientPool;
  reporter: Reporter;
  settings: () => HostkitSettings;
}

/**
 * The part the three views share: provider → account → (client) → items, each account's list
 * loaded with one request, failures confined to the account's branch, cached data shown first.
 * Subclasses say how to list, draw and expand their items.
 */
export abstract class AccountTree<Item> implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly poller: Poller;
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  protected abstract readonly providers: readonly ProviderId[];
  /** Noun for empty and error messages: "servers". */
  protected abstract readonly noun: string;

  constructor(
    readonly view: ViewId,
    protected readonly deps: TreeDeps,
  ) {
    this.poller = new Poller(() => this.deps.settings().pollIntervalSeconds * 1000);
    this.subscriptions.push(
      this.emitter,
      this.poller,
      deps.accounts.onDidChange(() => this.changed()),
    );
  }

  /** The one list request of a scope. */
  protected abstract list(scope: Scope, signal: AbortSignal): Promise<Item[]>;
  protected abstract itemNode(scope: Scope, key: string, item: Item, fresh: Freshness): Node;
  /** True while an item's state is expected to change on its own (the scope is polled). */
  protected abstract isTransitional(item: Item): boolean;
  /** Children of the view's own node kinds (server, domain, firewall…). */
  protected abstract expand(node: Node): Promise<Node[]>;
  /** TreeItems of the view's own node kinds. */
  protected abstract draw(node: Node): vscode.TreeItem;

  /** Reloads a node's data (and everything under it), or the whole view. */
  refresh(node?: Node): void {
    this.deps.store.invalidate(node ? this.keyOf(node) : this.view);
    this.changed();
  }

  /** Reloads one scope's list and everything under it after an action changed it. */
  refreshScope(scope: Scope): void {
    this.refreshKey(scopeKey(this.view, scope), 'stale');
  }

  /**
   * Reloads one data key: softly for a poll (old data shown meanwhile), or, after a write
   * (`'stale'`), waiting for the new data so the tree never shows what the write just changed.
   */
  refreshKey(key: string, known?: 'stale'): void {
    this.deps.store.invalidate(key, known);
    this.changed();
  }

  /** Redraws without reloading (after the store changed in the background). */
  changed(): void {
    // Coalesces bursts (several background loads finishing together) into one redraw.
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.emitter.fire(undefined);
    }, 30);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'provider':
        return this.item(node, providerLabel(node.provider), vscode.TreeItemCollapsibleState.Expanded, {
          icon: node.provider === 'deploi' ? 'cloud' : 'server-environment',
          contextValue: `hostkit.provider.${node.provider}`,
        });
      case 'account':
        return this.item(node, accountLabel(node.account), vscode.TreeItemCollapsibleState.Expanded, {
          icon: node.account.sandbox ? 'beaker' : 'account',
          description: node.account.baseUrl,
          contextValue: `hostkit.account.${node.account.provider}`,
          tooltip: `${providerLabel(node.account.provider)} account ${node.account.username}\n${node.account.baseUrl}`,
        });
      case 'client':
        return this.item(node, node.name, vscode.TreeItemCollapsibleState.Expanded, {
          icon: 'organization',
          description: `client ${node.scope.clientId}`,
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
        const t = this.item(node, node.label, vscode.TreeItemCollapsibleState.None, {
          icon,
          color,
          contextValue: node.severity === 'info' ? 'hostkit.message' : 'hostkit.error',
          tooltip: node.tooltip ?? node.label,
        });
        if (node.severity !== 'info') t.command = { command: 'hostkit.showOutput', title: 'Show Output' };
        return t;
      }
      case 'info': {
        const state = node.children?.length
          ? node.expanded
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
        const t = this.item(node, node.label, state, {
          icon: node.icon,
          color: node.color,
          description: node.description,
          tooltip: node.tooltip,
          contextValue: node.contextValue ?? 'hostkit.info',
        });
        if (node.command) {
          t.command = {
            command: node.command.id,
            title: node.command.title,
            arguments: [node.command.target],
          };
        }
        return t;
      }
      default:
        return this.draw(node);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'provider':
        return this.deps.accounts.byProvider(node.provider).map((account) => ({
          kind: 'account',
          id: `${this.view}/${account.id}`,
          account,
        }));
      case 'account':
        return this.accountChildren(node.account);
      case 'client':
        return this.scopeChildren(node.scope, node);
      case 'info':
        return node.children ?? [];
      case 'message':
        return [];
      default:
        return this.expand(node);
    }
  }

  dispose(): void {
    if (this.fireTimer) clearTimeout(this.fireTimer);
    for (const d of this.subscriptions) d.dispose();
  }

  /** Every scope of the view, for pickers and tests. */
  scopes(): Scope[] {
    return this.providers.flatMap((p) =>
      this.deps.accounts.byProvider(p).flatMap((account) => {
        const clients = account.provider === 'deploi' ? (account.clients ?? []) : [];
        if (clients.length <= 1) return [clients[0] ? { account, clientId: clients[0].id } : { account }];
        return clients.map((c) => ({ account, clientId: c.id }));
      }),
    );
  }

  /** The data key a node's refresh should reload. */
  keyOf(node: Node): string {
    switch (node.kind) {
      case 'provider':
        return this.view;
      case 'account':
        return `${this.view}/${node.account.id}`;
      case 'client':
        return scopeKey(this.view, node.scope);
      case 'message':
        return node.retry ? this.keyOf(node.retry) : this.view;
      case 'info':
        return this.view;
      default:
        return node.key;
    }
  }

  private roots(): Node[] {
    return this.providers
      .filter((p) => this.deps.accounts.byProvider(p).length > 0)
      .map((provider) => ({ kind: 'provider', id: `${this.view}/${provider}`, provider }));
  }

  private accountChildren(account: Account): Promise<Node[]> | Node[] {
    const clients = account.provider === 'deploi' ? (account.clients ?? []) : [];
    if (clients.length > 1) {
      return clients.map((c) => ({
        kind: 'client',
        id: `${this.view}/${account.id}/${c.id}`,
        scope: { account, clientId: c.id },
        name: c.name ?? `Client ${c.id}`,
      }));
    }
    const scope: Scope = clients[0] ? { account, clientId: clients[0].id } : { account };
    return this.scopeChildren(scope, { kind: 'account', id: `${this.view}/${account.id}`, account });
  }

  /** A scope's items from one list request; its failure becomes a message in this branch only. */
  protected async scopeChildren(scope: Scope, parent: Node): Promise<Node[]> {
    const key = scopeKey(this.view, scope);
    const entry = await this.deps.store.get<Item[]>(key, (signal) => this.list(scope, signal));
    const fresh: Freshness = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
    const items = entry.data ?? [];
    const nodes = items.map((item) => this.itemNode(scope, key, item, fresh));
    if (!entry.refreshing && items.some((i) => this.isTransitional(i))) {
      this.poller.watch(key, () => this.refreshKey(key));
    } else if (!entry.refreshing) {
      this.poller.settle(key);
    }
    const head = this.statusMessages(key, entry, parent);
    if (nodes.length === 0 && !entry.error) {
      head.push({ kind: 'message', id: `${key}/empty`, label: `No ${this.noun}`, severity: 'info' });
    }
    return [...head, ...nodes];
  }

  /** Messages above a branch: a failed load (with or without older data shown). */
  protected statusMessages(key: string, entry: Entry<unknown>, retry: Node): Node[] {
    if (!entry.error) return [];
    const stale = entry.data !== undefined;
    return [
      {
        kind: 'message',
        id: `${key}/error`,
        label: stale
          ? `Refresh failed; showing data from ${formatAge(entry.at, Date.now())}: ${entry.error}`
          : `Could not load ${this.noun}: ${entry.error}`,
        tooltip: `${entry.error}\n\nRight-click to retry; click for the output channel.`,
        severity: stale ? 'warning' : 'error',
        retry,
      },
    ];
  }

  /** A TreeItem with the shared conventions: id, themed icon, tooltip saying how old the data is. */
  protected item(
    node: Node,
    label: string,
    state: vscode.TreeItemCollapsibleState,
    o: {
      icon?: string | undefined;
      color?: string | undefined;
      description?: string | undefined;
      tooltip?: string | vscode.MarkdownString | undefined;
      contextValue?: string | undefined;
      fresh?: Freshness | undefined;
    } = {},
  ): vscode.TreeItem {
    const t = new vscode.TreeItem(label, state);
    t.id = node.id;
    if (o.icon)
      t.iconPath = new vscode.ThemeIcon(o.icon, o.color ? new vscode.ThemeColor(o.color) : undefined);
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
}

/** "Updated 5 min ago (cached, refreshing…)" */
export function ageLine(fresh: Freshness): string {
  return `Updated ${formatAge(fresh.at, Date.now())}${fresh.fromCache ? ' (from cache)' : ''}`;
}

export type { NodeOf };
