import { type CallResult, outputOf, type SchemaDrift } from '@hostkit/core';
import * as vscode from 'vscode';
import type { Account } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import type { ClientPool } from '../accounts/client-pool';
import type { HostkitSettings } from '../config';
import type { ProviderId } from '../model/types';
import type { Reporter } from '../ui/reporter';
import { BackgroundRefresh } from './background-refresh';
import type { DataStore, Entry } from './data-store';
import {
  type Freshness,
  type GroupBy,
  type Node,
  type NodeOf,
  type Scope,
  scopeKey,
  scopeNodeOf,
  type ViewId,
} from './nodes';
import { Poller } from './poller';
import { type FilterRow, parseFilter, passes, type TreeFilter } from './tree-filter';
import {
  drawShared,
  driftMessages,
  failureMessages,
  type ItemLook,
  makeItem,
  statusSections,
} from './tree-item';

/** What every tree needs; one instance shared by the three. */
export interface TreeDeps {
  store: DataStore;
  accounts: AccountStore;
  pool: ClientPool;
  reporter: Reporter;
  settings: () => HostkitSettings;
}

/** One scope's list as the tree shows it: messages above, the items the filter lets through. */
interface ScopeResult {
  scope: Scope;
  head: Node[];
  items: Node[];
  /** Items before filtering. */
  total: number;
}

/**
 * The part the three views share: provider → account → (client) → items, each scope's list loaded with
 * one request, failures confined to the scope's branch, cached data shown first, lists re-read in the
 * background while the view is shown, a filter and other groupings. Subclasses say how to list, draw
 * and expand their items.
 */
export abstract class AccountTree<Item> implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly messageEmitter = new vscode.EventEmitter<void>();
  /** Fires when {@link message} changes. */
  readonly onDidChangeMessage = this.messageEmitter.event;
  private readonly poller: Poller;
  private readonly background: BackgroundRefresh;
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private fireDue = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  // Data key → the drift of the replies its last load read (shown above the branch until a load without).
  private readonly drifts = new Map<string, SchemaDrift[]>();
  private filter: TreeFilter | undefined;
  private grouping: GroupBy = 'account';
  private shown = false;
  /** What the view says above its items while a filter is on: `12 of 1,002 servers match "db"`. */
  message: string | undefined;

  protected abstract readonly providers: readonly ProviderId[];
  /** Noun for empty and error messages: "servers". */
  protected abstract readonly noun: string;
  /** Fields a filter can name as `field:value`; every other word is looked for in all of them. */
  abstract readonly filterFields: readonly string[];

  constructor(
    readonly view: ViewId,
    protected readonly deps: TreeDeps,
  ) {
    this.poller = new Poller(() => this.deps.settings().pollIntervalSeconds * 1000);
    this.background = new BackgroundRefresh({
      intervalMs: () => (this.deps.settings().backgroundRefreshSeconds ?? 0) * 1000,
      keys: () => this.scopes().map((s) => scopeKey(this.view, s)),
      fetchedAt: (key) => this.deps.store.loadedAt(key),
      reload: (key) => this.deps.store.revalidate(key),
    });
    this.subscriptions.push(
      this.emitter,
      this.messageEmitter,
      this.poller,
      this.background,
      deps.accounts.onDidChange(() => this.changed()),
    );
  }

  /** The one list request of a scope. */
  protected abstract list(scope: Scope, signal: AbortSignal): Promise<Item[]>;
  protected abstract itemNode(scope: Scope, key: string, item: Item, fresh: Freshness): Node;
  /** True while an item's state is expected to change on its own (the scope is polled faster). */
  protected abstract isTransitional(item: Item): boolean;
  /** What the filter matches an item against (name, IPs, status, client…). */
  protected abstract filterRow(item: Item, scope: Scope): FilterRow;
  /** The group an item node goes in when grouped by status. */
  protected abstract statusLabel(node: Node): string;
  /** Children of the view's own node kinds (server, domain, firewall…). */
  protected abstract expand(node: Node): Promise<Node[]>;
  /** TreeItems of the view's own node kinds. */
  protected abstract draw(node: Node): vscode.TreeItem;

  /** A scope's list was loaded or drawn: subclasses fetch what they join in (the servers' IPs). */
  protected loaded(_scope: Scope, _key: string, _items: Item[]): void {}

  /** The view was shown or hidden: lists are re-read in the background only while it is shown. */
  setVisible(visible: boolean): void {
    this.shown = visible;
    if (visible) this.background.start();
    else this.background.stop();
  }

  get visible(): boolean {
    return this.shown;
  }

  /** Settings changed: the background interval is read again. */
  settingsChanged(): void {
    if (this.shown) this.background.start();
  }

  /** Reloads the whole view: every list, and whatever is expanded as VS Code draws it again. */
  refresh(): void {
    this.deps.store.invalidate(this.view);
    this.changed();
  }

  /** Reloads one node's data and everything under it. */
  refreshItem(node: Node): void {
    this.deps.store.invalidate(this.keyOf(node));
    this.changed();
  }

  /**
   * After a write: drops what a key showed (it may be wrong now) and loads it again, resolving when the
   * new data is in, so the tree never shows what the write just changed.
   */
  async reloadKey(key: string): Promise<void> {
    this.deps.store.invalidate(key, 'stale');
    this.changed();
    await this.deps.store.reload(key);
    this.changed();
  }

  /** Reloads one scope's list and everything under it after an action changed it. */
  refreshScope(scope: Scope): Promise<void> {
    return this.reloadKey(scopeKey(this.view, scope));
  }

  /** Narrows the view to the items matching `text` (empty: everything); resolves once the count is known. */
  async setFilter(text: string): Promise<void> {
    this.filter = parseFilter(text, this.filterFields);
    this.changed();
    await this.updateMessage();
  }

  get filterText(): string {
    return this.filter?.text ?? '';
  }

  setGroupBy(grouping: GroupBy): void {
    this.grouping = grouping;
    this.changed();
  }

  get groupBy(): GroupBy {
    return this.grouping;
  }

  /** Redraws without reloading (after the store changed in the background). */
  changed(): void {
    this.redrawIn(30);
  }

  /**
   * Redraws within a second: for facts trickling in (hundreds of IPs joined one by one), so VS Code
   * draws a large tree once a second instead of after each of them, and keeps up.
   */
  changedSoon(): void {
    this.redrawIn(1000);
  }

  // Coalesces bursts (several background loads finishing together) into one redraw, as soon as the
  // most urgent caller asked.
  private redrawIn(ms: number): void {
    const due = Date.now() + ms;
    if (this.fireTimer && this.fireDue <= due) return;
    if (this.fireTimer) clearTimeout(this.fireTimer);
    this.fireDue = due;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.emitter.fire(undefined);
      void this.updateMessage();
    }, ms);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return drawShared(node) ?? this.draw(node);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'provider':
        return this.accountNodes(node.provider);
      case 'account':
        return this.accountChildren(node.account);
      case 'client':
        return this.scopeChildren(node.scope);
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

  /** Every item of the view, whatever the filter and grouping (pickers, panels, health checks). */
  async allItems(): Promise<Node[]> {
    const lists = await Promise.all(
      this.scopes().map(async (scope) => {
        const key = scopeKey(this.view, scope);
        const entry = await this.deps.store.get<Item[]>(key, (signal) => this.list(scope, signal));
        const fresh: Freshness = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
        return (entry.data ?? []).map((item) => this.itemNode(scope, key, item, fresh));
      }),
    );
    return lists.flat();
  }

  /** Every scope of the view, for pickers and tests. */
  scopes(): Scope[] {
    return this.providers.flatMap((p) => this.deps.accounts.byProvider(p).flatMap((a) => this.scopesOf(a)));
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

  /** A client (or single-scope account) as a node: its name, and where it is when shown at the root. */
  scopeNode(scope: Scope, atRoot = false): NodeOf<'client'> {
    return scopeNodeOf(this.view, scope, atRoot);
  }

  private scopesOf(account: Account): Scope[] {
    const clients = account.provider === 'deploi' ? (account.clients ?? []) : [];
    if (clients.length <= 1) return [clients[0] ? { account, clientId: clients[0].id } : { account }];
    return clients.map((c) => ({ account, clientId: c.id }));
  }

  private async roots(): Promise<Node[]> {
    if (this.grouping === 'client')
      return this.keepMatching(this.scopes().map((s) => this.scopeNode(s, true)));
    if (this.grouping === 'status' || this.grouping === 'flat') return this.flatRoots(this.grouping);
    const nodes: Node[] = this.providers
      .filter((p) => this.deps.accounts.byProvider(p).length > 0)
      .map((provider) => ({ kind: 'provider', id: `${this.view}/${provider}`, provider }));
    if (!this.filter) return nodes;
    const kept: Node[] = [];
    for (const n of nodes)
      if (n.kind === 'provider' && (await this.accountNodes(n.provider)).length > 0) kept.push(n);
    return kept.length ? kept : [this.emptyMessage(this.view)];
  }

  private async accountNodes(provider: ProviderId): Promise<Node[]> {
    const nodes = this.deps.accounts
      .byProvider(provider)
      .map((account): Node => ({ kind: 'account', id: `${this.view}/${account.id}`, account }));
    if (!this.filter) return nodes;
    const kept: Node[] = [];
    for (const n of nodes) {
      if (n.kind !== 'account') continue;
      const results = await Promise.all(this.scopesOf(n.account).map((s) => this.scopeResult(s)));
      if (results.some((r) => r.items.length || r.head.length)) kept.push(n);
    }
    return kept;
  }

  private async accountChildren(account: Account): Promise<Node[]> {
    const scopes = this.scopesOf(account);
    if (scopes.length > 1) return this.keepMatching(scopes.map((s) => this.scopeNode(s)));
    return this.scopeChildren(scopes[0] ?? { account });
  }

  /** Client nodes, less those with nothing matching the filter. */
  private async keepMatching(nodes: NodeOf<'client'>[]): Promise<Node[]> {
    if (!this.filter) return nodes;
    const results = await Promise.all(nodes.map((n) => this.scopeResult(n.scope)));
    const kept = nodes.filter((_, i) => results[i]?.items.length || results[i]?.head.length);
    return kept.length ? kept : [this.emptyMessage(`${this.view}/clients`)];
  }

  /** A scope's items from one list request; its failure becomes a message in this branch only. */
  protected async scopeChildren(scope: Scope): Promise<Node[]> {
    const r = await this.scopeResult(scope);
    const nodes = [...r.head, ...r.items];
    if (nodes.length === 0) nodes.push(this.emptyMessage(scopeKey(this.view, scope)));
    return nodes;
  }

  /** Every item of every scope in one list, or in one group per status. */
  private async flatRoots(grouping: 'status' | 'flat'): Promise<Node[]> {
    const results = await Promise.all(this.scopes().map((s) => this.scopeResult(s)));
    const head = results.flatMap((r) =>
      r.head.map((m) =>
        m.kind === 'message' ? { ...m, label: `${this.scopeNode(r.scope).name}: ${m.label}` } : m,
      ),
    );
    const label = (n: Node) => {
      const l = this.getTreeItem(n).label;
      return typeof l === 'string' ? l : (l?.label ?? '');
    };
    const items = results.flatMap((r) => r.items).sort((a, b) => label(a).localeCompare(label(b)));
    if (head.length === 0 && items.length === 0) return [this.emptyMessage(this.view)];
    if (grouping === 'flat') return [...head, ...items];
    return [...head, ...statusSections(this.view, items, (n) => this.statusLabel(n))];
  }

  private async scopeResult(scope: Scope): Promise<ScopeResult> {
    const key = scopeKey(this.view, scope);
    const entry = await this.deps.store.get<Item[]>(key, (signal) => this.list(scope, signal));
    const fresh: Freshness = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
    const items = entry.data ?? [];
    if (!entry.refreshing && items.some((i) => this.isTransitional(i))) {
      this.poller.watch(key, () => this.deps.store.revalidate(key));
    } else if (!entry.refreshing) {
      this.poller.settle(key);
    }
    this.loaded(scope, key, items);
    const keep = this.filter
      ? passes(
          items.map((i) => this.filterRow(i, scope)),
          this.filter,
        )
      : undefined;
    const nodes = items.flatMap((item, i) =>
      keep && !keep[i] ? [] : [this.itemNode(scope, key, item, fresh)],
    );
    return {
      scope,
      head: this.statusMessages(key, entry, this.scopeNode(scope)),
      items: nodes,
      total: items.length,
    };
  }

  private emptyMessage(id: string): Node {
    const label = this.filter ? `No ${this.noun} match "${this.filter.text}"` : `No ${this.noun}`;
    return { kind: 'message', id: `${id}/empty`, label, severity: 'info' };
  }

  private async updateMessage(): Promise<void> {
    let message: string | undefined;
    const filter = this.filter;
    if (filter) {
      const results = await Promise.all(this.scopes().map((s) => this.scopeResult(s)));
      const shown = results.reduce((n, r) => n + r.items.length, 0);
      const total = results.reduce((n, r) => n + r.total, 0);
      message = `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${this.noun} match "${filter.text}"`;
    }
    if (message !== this.message) {
      this.message = message;
      this.messageEmitter.fire();
    }
  }

  /**
   * Messages above a branch: a failed load (with or without older data shown), and replies that drifted
   * from their schema. `what` names what failed.
   */
  protected statusMessages(key: string, entry: Entry<unknown>, retry: Node, what = this.noun): Node[] {
    return [
      ...failureMessages(key, entry, retry, what),
      ...driftMessages(key, this.drifts.get(key) ?? [], retry),
    ];
  }

  /**
   * Starts a load of `key`: gives what reads its results, their typed outputs, noting each drift for the
   * branch (an earlier load's are forgotten). A reply with no typed output fails with core's
   * SchemaDriftError, which the branch shows as its error.
   */
  protected reader(key: string): <O>(result: CallResult<O>) => O {
    this.drifts.delete(key);
    return (result) => {
      if (result.drift) this.drifts.set(key, [...(this.drifts.get(key) ?? []), result.drift]);
      return outputOf(result);
    };
  }

  /** A TreeItem with the shared conventions (see tree-item.ts). */
  protected item(node: Node, label: string, state: vscode.TreeItemCollapsibleState, o: ItemLook = {}) {
    return makeItem(node, label, state, o);
  }
}

export { ageLine } from './tree-item';
export type { NodeOf };
