import * as vscode from 'vscode';
import type { AccountTree, TreeDeps } from './account-tree';
import { DomainsProvider } from './domains-provider';
import { FirewallsProvider } from './firewalls-provider';
import { ServersProvider } from './servers-provider';

export interface Views {
  servers: ServersProvider;
  domains: DomainsProvider;
  firewalls: FirewallsProvider;
  treeViews: vscode.TreeView<unknown>[];
}

/**
 * The three providers and their tree views: multi-select where deletes come in bulk, shown/hidden state (lists are
 * re-read in the background only while shown) and the filter's summary as the view's message.
 */
export function createViews(deps: TreeDeps, subscriptions: vscode.Disposable[]): Views {
  const servers = new ServersProvider(deps);
  const domains = new DomainsProvider(deps);
  const firewalls = new FirewallsProvider(deps);
  const treeViews: vscode.TreeView<unknown>[] = [];
  const wire = (tree: AccountTree<unknown>) => {
    const view = vscode.window.createTreeView(`hostkit.${tree.view}`, {
      treeDataProvider: tree,
      showCollapseAll: true,
      // Records and rules are deleted in bulk; a server's actions stay one server at a time.
      canSelectMany: tree.view !== 'servers',
    });
    tree.setVisible(view.visible);
    subscriptions.push(
      tree,
      view,
      view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
      tree.onDidChangeMessage(() => {
        // An empty string clears them (the API's types do not take undefined here).
        view.message = tree.message ?? '';
        view.description = tree.filterText ? `filter: ${tree.filterText}` : '';
      }),
    );
    treeViews.push(view as vscode.TreeView<unknown>);
  };
  for (const tree of [servers, domains, firewalls] as AccountTree<unknown>[]) wire(tree);
  subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('hostkit.refresh') && !e.affectsConfiguration('hostkit.health')) return;
      for (const t of [servers, domains, firewalls]) {
        t.settingsChanged();
        t.changed();
      }
    }),
  );
  return { servers, domains, firewalls, treeViews };
}
