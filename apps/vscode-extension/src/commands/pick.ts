import * as vscode from 'vscode';
import { accountLabel } from '../accounts/account';
import type { AccountTree } from '../tree/account-tree';
import { isKind, type Node, type NodeOf } from '../tree/nodes';
import type { Prompter } from '../ui/prompter';

/** Every item of `kind` of a tree (what the palette can act on), whatever its filter or grouping. */
export async function collect<K extends 'server' | 'domain' | 'firewall'>(
  tree: AccountTree<unknown>,
  kind: K,
): Promise<NodeOf<K>[]> {
  return (await tree.allItems()).filter((n): n is NodeOf<K> => isKind(n, kind));
}

/** Every node of `kind` directly or in sections under `parent` (records of a domain, rules of a firewall). */
export async function childrenOfKind<K extends Node['kind']>(
  tree: AccountTree<unknown>,
  parent: Node,
  kind: K,
): Promise<NodeOf<K>[]> {
  const out: NodeOf<K>[] = [];
  for (const n of await tree.getChildren(parent)) {
    if (isKind(n, kind)) out.push(n);
    else if (n.kind === 'info') for (const c of n.children ?? []) if (isKind(c, kind)) out.push(c);
  }
  return out;
}

/** Asks which of `nodes` to act on; says so plainly when there is nothing to choose from. */
export async function choose<N extends Node>(
  prompter: Prompter,
  nodes: readonly N[],
  title: string,
  describe: (n: N) => { label: string; description?: string },
): Promise<N | undefined> {
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage(
      `${title}: nothing to choose from. Sign in, or refresh the Hostkit views.`,
    );
    return undefined;
  }
  const items = nodes.map((node) => ({ ...describe(node), node }));
  const picked = await prompter.pick(items, { title });
  return picked?.node;
}

/** "web-01 — demo@x (client 101)" for pickers. */
export function whereOf(node: {
  scope: { account: Parameters<typeof accountLabel>[0]; clientId?: number };
}): string {
  const c = node.scope.clientId === undefined ? '' : ` · client ${node.scope.clientId}`;
  return `${accountLabel(node.scope.account)}${c}`;
}
