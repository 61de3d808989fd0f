import * as vscode from 'vscode';
import type { HostkitTestApi } from '../../../src/test-api';
import type { AccountTree } from '../../../src/tree/account-tree';
import type { Node, NodeOf } from '../../../src/tree/nodes';
import { sandbox } from './sandbox-control';
import { ScriptedPrompter } from './scripted-prompter';

export const EXTENSION_ID = 'hostkit.hostkit-vscode';
export const prompter = new ScriptedPrompter();
let cached: HostkitTestApi | undefined;

/** Activates the extension under test and installs the scripted prompter. */
export async function hostkit(): Promise<HostkitTestApi> {
  if (cached) return cached;
  const ext = vscode.extensions.getExtension<HostkitTestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension returned no test API: is it running in ExtensionMode.Test?');
  api.setPrompter(prompter);
  cached = api;
  return api;
}

type Tree = AccountTree<unknown>;

export function label(tree: Tree, node: Node): string {
  const l = tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

export function item(tree: Tree, node: Node): vscode.TreeItem {
  return tree.getTreeItem(node);
}

/** Every node of `kind` below the account levels (provider → account → client). */
export async function nodesOf<K extends Node['kind']>(
  tree: Tree,
  kind: K,
  under?: Node,
): Promise<NodeOf<K>[]> {
  const out: NodeOf<K>[] = [];
  const walk = async (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.kind === kind) out.push(n as NodeOf<K>);
      else if (n.kind === 'provider' || n.kind === 'account' || n.kind === 'client')
        await walk(await tree.getChildren(n));
    }
  };
  await walk(await tree.getChildren(under));
  return out;
}

/** The children of a node, sections (info nodes with children) flattened one level. */
export async function expand(tree: Tree, node: Node): Promise<Node[]> {
  const out: Node[] = [];
  for (const c of await tree.getChildren(node)) {
    out.push(c);
    if (c.kind === 'info') out.push(...(c.children ?? []));
  }
  return out;
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}:\n  expected ${e}\n  actual   ${a}`);
}

/** Waits until no load is in flight and no request reaches the sandbox for a moment (VS Code's redraws included). */
export async function quiet(api: HostkitTestApi): Promise<void> {
  let last = -1;
  for (;;) {
    await api.store.settled();
    await new Promise((r) => setTimeout(r, 300));
    const seq = await sandbox.lastSeq();
    if (seq === last) return;
    last = seq;
  }
}

/** The extension's package.json, as VS Code loaded it. */
export function manifest(): { contributes: { menus: Record<string, { command: string; when?: string }[]> } } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.packageJSON as ReturnType<typeof manifest>;
}
