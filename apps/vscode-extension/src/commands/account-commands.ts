import * as vscode from 'vscode';
import { type Account, accountLabel, providerLabel } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import type { ClientPool } from '../accounts/client-pool';
import { askSeflowServers, signInDeploi, signInSeflow } from '../accounts/sign-in';
import type { EmbeddedSandbox } from '../sandbox/embedded-sandbox';
import type { DataStore } from '../tree/data-store';
import { isKind } from '../tree/nodes';
import type { Prompter } from '../ui/prompter';
import type { Reporter } from '../ui/reporter';

export interface AccountCommandDeps {
  accounts: AccountStore;
  pool: ClientPool;
  store: DataStore;
  sandbox: EmbeddedSandbox;
  prompter: () => Prompter;
  reporter: Reporter;
}

/** The extension's id, `<publisher>.<name>`, which the walkthrough is named under. */
const EXTENSION_ID = 'hostkit.hostkit-vscode';

/** "Deploi account demo@x (sandbox)": what an account is, for messages. */
function named(a: Account): string {
  return `${providerLabel(a.provider)} account ${accountLabel(a)}`;
}

async function setSandbox(enabled: boolean): Promise<void> {
  await vscode.workspace
    .getConfiguration('hostkit')
    .update('sandbox.enabled', enabled, vscode.ConfigurationTarget.Global);
}

/** hostkit.accounts.*: sign in to Deploi or SeFlow, sign out, SeFlow server list, the sandbox. */
export function registerAccountCommands(deps: AccountCommandDeps): vscode.Disposable[] {
  const pickAccount = async (node: unknown, title: string, filter: (a: Account) => boolean = () => true) => {
    if (isKind(node, 'account')) return node.account;
    const all = deps.accounts.all().filter(filter);
    if (all.length === 0) {
      void vscode.window.showInformationMessage('No Hostkit account is signed in.');
      return undefined;
    }
    const picked = await deps.prompter().pick(
      all.map((a) => ({
        label: accountLabel(a),
        description: `${providerLabel(a.provider)} · ${a.baseUrl}`,
        account: a,
      })),
      { title },
    );
    return picked?.account;
  };

  // Which accounts a sign-out is about: the selected account rows, the one right-clicked, or a pick
  // (one account, or all of them).
  const signOutTargets = async (node: unknown, selected: unknown): Promise<Account[]> => {
    const rows = (Array.isArray(selected) ? selected : []).filter((n) => isKind(n, 'account'));
    if (rows.length > 1) return rows.map((n) => n.account);
    if (isKind(node, 'account')) return [node.account];
    const all = deps.accounts.all();
    if (all.length === 0) {
      void vscode.window.showInformationMessage('No Hostkit account is signed in.');
      return [];
    }
    const items = all.map((a) => ({
      label: accountLabel(a),
      description: `${providerLabel(a.provider)} · ${a.baseUrl}`,
      accounts: [a],
    }));
    if (all.length > 1)
      items.push({
        label: `All ${all.length} accounts`,
        description: 'Sign out of every account',
        accounts: all,
      });
    return (await deps.prompter().pick(items, { title: 'Sign out of which account?' }))?.accounts ?? [];
  };

  const signOutOne = async (account: Account): Promise<void> => {
    if (account.sandbox) {
      deps.accounts.removeSandboxAccount(account.id);
      // The sandbox runs while one of its accounts is signed in.
      if (!deps.accounts.all().some((a) => a.sandbox)) await setSandbox(false);
      return;
    }
    if (account.provider === 'deploi') {
      // Ends the session at Deploi too; a failure there must not keep the credentials here.
      try {
        const client = await deps.pool.deploiClient(account);
        await client.logout();
      } catch (e) {
        deps.reporter.log(`Deploi logout of ${account.username}`, e);
      }
    }
    // Clients and cached data of the account go with it (see watchAccounts).
    await deps.accounts.remove(account.id);
  };

  const signOut = async (node?: unknown, selected?: unknown): Promise<Account[]> => {
    const targets = await signOutTargets(node, selected);
    if (targets.length === 0) return [];
    // Signing out of more than one account at once is never a surprise: each is named first.
    if (targets.length > 1) {
      const ok = await deps.prompter().confirm({
        message: `Sign out of ${targets.length} Hostkit accounts?`,
        detail: `${targets.map((a) => `• ${named(a)}`).join('\n')}\n\nTheir credentials are removed from this machine; sandbox accounts come back with "Try the Sandbox".`,
        action: 'Sign Out',
      });
      if (!ok) return [];
    }
    for (const a of targets) await signOutOne(a);
    const stays = deps.accounts.all().filter((a) => a.sandbox);
    const kept =
      targets.length === 1 && targets[0]?.sandbox && stays.length > 0
        ? ` The sandbox keeps running for its ${stays.map((a) => named(a)).join(' and ')}; "Try the Sandbox" brings this one back.`
        : '';
    void vscode.window.showInformationMessage(
      `Signed out of ${targets.map((a) => named(a)).join(', ')}.${kept}`,
    );
    return targets;
  };

  return [
    vscode.commands.registerCommand('hostkit.accounts.signInDeploi', () => signInDeploi(deps)),
    vscode.commands.registerCommand('hostkit.accounts.signInSeflow', () => signInSeflow(deps)),
    vscode.commands.registerCommand('hostkit.accounts.signOut', signOut),
    vscode.commands.registerCommand('hostkit.accounts.editSeflowServers', async (node?: unknown) => {
      const account = await pickAccount(node, 'Which SeFlow account?', (a) => a.provider === 'seflow');
      if (!account) return undefined;
      const servers = await askSeflowServers(deps.prompter(), account.servers ?? []);
      if (!servers) return undefined;
      deps.store.forget(`servers/${account.id}`);
      await deps.accounts.update({ ...account, servers });
      return servers;
    }),
    vscode.commands.registerCommand('hostkit.accounts.trySandbox', async () => {
      // Already running: bring back a demo account that was signed out of.
      if (await deps.sandbox.restoreAccounts()) return;
      await setSandbox(true);
      // Turned on already, but it did not start (it said why): try once more.
      if (!deps.sandbox.active) await deps.sandbox.apply(true);
    }),
    vscode.commands.registerCommand('hostkit.accounts.stopSandbox', () => setSandbox(false)),
    vscode.commands.registerCommand('hostkit.accounts.openWalkthrough', () =>
      vscode.commands.executeCommand(
        'workbench.action.openWalkthrough',
        `${EXTENSION_ID}#gettingStarted`,
        false,
      ),
    ),
    vscode.commands.registerCommand('hostkit.showOutput', () => deps.reporter.channel.show(true)),
  ];
}
