import * as vscode from 'vscode';
import type { AccountTree } from '../tree/account-tree';
import { GROUPINGS, type GroupBy, type Node } from '../tree/nodes';
import type { Prompter } from '../ui/prompter';

const GROUP_LABELS: Record<GroupBy, { label: string; detail: string }> = {
  account: { label: 'By provider and account', detail: 'Deploi and SeFlow, each account, each client' },
  client: { label: 'By client', detail: 'One branch per client (customer account), whatever the login' },
  status: { label: 'By status', detail: 'active, off, suspended…' },
  flat: { label: 'Flat', detail: 'One list, by name' },
};

export interface ViewCommandDeps {
  prompter: () => Prompter;
  /** Where a view's grouping is remembered between sessions. */
  state: vscode.Memento;
}

/**
 * hostkit.<view>.refresh (the whole view: title bar, palette, keybinding), refreshItem (one row),
 * filter, clearFilter and groupBy, for each of the three views.
 */
export function registerViewCommands(
  trees: readonly AccountTree<unknown>[],
  deps: ViewCommandDeps,
): vscode.Disposable[] {
  const out: vscode.Disposable[] = [];
  for (const tree of trees) {
    const v = tree.view;
    const groupKey = `hostkit.groupBy.${v}`;
    const saved = deps.state.get<GroupBy>(groupKey);
    if (saved && GROUPINGS.includes(saved)) tree.setGroupBy(saved);
    const setFiltered = () =>
      vscode.commands.executeCommand('setContext', `hostkit.${v}.filtered`, tree.filterText !== '');
    out.push(
      // VS Code passes the selected row to title-bar commands: the title's Refresh ignores it and
      // reloads everything, the row's own Refresh (refreshItem) reloads that row.
      vscode.commands.registerCommand(`hostkit.${v}.refresh`, () => tree.refresh()),
      vscode.commands.registerCommand(`hostkit.${v}.refreshItem`, (node?: Node) =>
        node ? tree.refreshItem(node) : tree.refresh(),
      ),
      vscode.commands.registerCommand(`hostkit.${v}.filter`, async (text?: unknown) => {
        const value =
          typeof text === 'string'
            ? text
            : await deps.prompter().input({
                title: `Filter ${v}`,
                prompt: `Words to look for in ${tree.filterFields.join(', ')}; or field:value (${tree.filterFields[0]}:web, status:off); * is a wildcard. Empty shows everything.`,
                value: tree.filterText,
                placeHolder:
                  v === 'servers'
                    ? 'web status:active ip:10.0.*'
                    : `name:${v === 'domains' ? 'shop' : 'edge'}`,
              });
        if (value === undefined) return tree.filterText;
        await tree.setFilter(value);
        await setFiltered();
        return tree.filterText;
      }),
      vscode.commands.registerCommand(`hostkit.${v}.clearFilter`, async () => {
        await tree.setFilter('');
        await setFiltered();
      }),
      vscode.commands.registerCommand(`hostkit.${v}.groupBy`, async (grouping?: unknown) => {
        let next =
          typeof grouping === 'string' && GROUPINGS.includes(grouping as GroupBy)
            ? (grouping as GroupBy)
            : undefined;
        if (!next) {
          const picked = await deps.prompter().pick(
            GROUPINGS.map((g) => ({
              ...GROUP_LABELS[g],
              description: g === tree.groupBy ? '(current)' : '',
              grouping: g,
            })),
            { title: `Group ${v}` },
          );
          next = picked?.grouping;
        }
        if (!next) return tree.groupBy;
        tree.setGroupBy(next);
        await deps.state.update(groupKey, next);
        return next;
      }),
    );
  }
  return out;
}
