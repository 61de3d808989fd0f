import * as vscode from 'vscode';
import { type Account, accountLabel, providerLabel } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import type { ClientPool } from '../accounts/client-pool';
import { askSeflowServers, signInDeploi, signInSeflow } from '../accounts/sign-in';
import type { DataStore } from '../tree/data-store';
import type { Node } from '../tree/nodes';
import type { Prompter } from '../ui/prompter';
import type { Reporter } from '../ui/reporter';

export interface AccountCommandDeps {
  accounts: AccountStore;
  pool: ClientPool;
  store: DataStore;
  prompter: () => Prompter;
  reporter: Reporter;
}

/** hostkit.accounts.*: sign in to Deploi or SeFlow, sign out, SeFlow server list, try the sandbox. */
export function registerAccountCommands(deps: AccountCommandDeps): vscode.Disposable[] {
  const pickAccount = async (node: unknown, title: string, filter: (a: Account) => boolean = () => true) => {
    const n = node as Node | undefined;
    if (n?.kind === 'account') return n.account;
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

  const signOut = async (node?: unknown): Promise<boolean> => {
    const account = await pickAccount(node, 'Sign out of which account?');
    if (!account) return false;
    if (account.sandbox) {
      // Sandbox accounts come and go with sandbox mode.
      await vscode.workspace
        .getConfiguration('hostkit')
        .update('sandbox.enabled', false, vscode.ConfigurationTarget.Global);
      return true;
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
    deps.pool.drop(account.id);
    for (const view of ['servers', 'domains', 'firewalls']) deps.store.forget(`${view}/${account.id}`);
    await deps.accounts.remove(account.id);
    void vscode.window.showInformationMessage(
      `Signed out of ${providerLabel(account.provider)} as ${account.username}.`,
    );
    return true;
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
      for (const view of ['servers']) deps.store.forget(`${view}/${account.id}`);
      await deps.accounts.update({ ...account, servers });
      return servers;
    }),
    vscode.commands.registerCommand('hostkit.accounts.trySandbox', async () => {
      await vscode.workspace
        .getConfiguration('hostkit')
        .update('sandbox.enabled', true, vscode.ConfigurationTarget.Global);
    }),
    vscode.commands.registerCommand('hostkit.showOutput', () => deps.reporter.channel.show(true)),
  ];
}
