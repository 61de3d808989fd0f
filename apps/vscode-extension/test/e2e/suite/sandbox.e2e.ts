import * as vscode from 'vscode';
import type { Node } from '../../../src/tree/nodes';
import { assert, hostkit, prompter } from './context';
import { eventually, test } from './harness';

// "Try the sandbox": the emulator inside the extension host, its demo accounts, and what signing out of
// them and coming back does.

const SANDBOX_IDS = ['sandbox-deploi', 'sandbox-seflow'];

async function sandboxAccountsPresent(ids = SANDBOX_IDS): Promise<boolean> {
  const api = await hostkit();
  return ids.every((id) => api.accounts.get(id) !== undefined);
}

/** Problems of the sandbox accounts' branches after a full refresh: failed loads, or nothing listed. */
async function brokenSandboxBranches(): Promise<string[]> {
  const api = await hostkit();
  const problems: string[] = [];
  await vscode.commands.executeCommand('hostkit.servers.refresh');
  await vscode.commands.executeCommand('hostkit.domains.refresh');
  for (const [view, tree, noun] of [
    ['Servers', api.servers, 'server'],
    ['Domains', api.domains, 'domain'],
  ] as const) {
    const look = async (nodes: Node[], where: string): Promise<void> => {
      for (const n of nodes) {
        if (n.kind === 'message' && n.severity !== 'info') problems.push(`${view} ${where}: ${n.label}`);
        if (n.kind === 'provider' || n.kind === 'account' || n.kind === 'client')
          await look(await tree.getChildren(n), n.kind === 'account' ? n.account.id : where);
      }
    };
    await api.store.settled();
    const roots = await tree.getChildren();
    const accounts: Node[] = [];
    for (const r of roots) accounts.push(...(await tree.getChildren(r)));
    const sandboxAccounts = accounts.filter((a) => a.kind === 'account' && a.account.sandbox);
    await look(sandboxAccounts, '');
    await api.store.settled();
    await look(sandboxAccounts, '');
    for (const a of sandboxAccounts) {
      if (a.kind !== 'account' || (view === 'Domains' && a.account.provider !== 'deploi')) continue;
      const walk = async (nodes: Node[]): Promise<number> => {
        let n = 0;
        for (const c of nodes) {
          if (c.kind === noun) n++;
          else if (c.kind === 'client') n += await walk(await tree.getChildren(c));
        }
        return n;
      };
      if ((await walk(await tree.getChildren(a))) === 0)
        problems.push(`${view} ${a.account.id}: no ${noun}s listed`);
    }
  }
  return problems;
}

test('signing out of one sandbox account keeps the other; coming back gives working Deploi and SeFlow branches', async () => {
  const api = await hostkit();
  const problems: string[] = [];
  try {
    await vscode.commands.executeCommand('hostkit.accounts.trySandbox');
    await eventually('the sandbox accounts', () => sandboxAccountsPresent(), 30_000);
    for (const p of await brokenSandboxBranches()) problems.push(`after Try the sandbox: ${p}`);

    const deploi = api.accounts.get('sandbox-deploi');
    assert(deploi, 'the Deploi sandbox account');
    prompter.reset();
    await vscode.commands.executeCommand('hostkit.accounts.signOut', {
      kind: 'account',
      id: 'servers/sandbox-deploi',
      account: deploi,
    });
    prompter.done();
    await new Promise((r) => setTimeout(r, 500));
    if (api.accounts.get('sandbox-deploi')) problems.push('the Deploi sandbox account is still signed in');
    if (!api.accounts.get('sandbox-seflow'))
      problems.push('signing out of the Deploi sandbox account also signed out of the SeFlow one');

    await vscode.commands.executeCommand('hostkit.accounts.trySandbox');
    await eventually('both sandbox accounts again', () => sandboxAccountsPresent(), 30_000);
    for (const p of await brokenSandboxBranches()) problems.push(`after coming back: ${p}`);

    // Signing out of more than one account asks first, naming each (cancelled here).
    prompter.reset();
    prompter.expect({ pick: `All ${api.accounts.all().length} accounts` }, { confirm: false });
    await vscode.commands.executeCommand('hostkit.accounts.signOut');
    prompter.done();
    const modal = prompter.asked.find((a) => a.kind === 'confirm')?.text ?? '';
    for (const a of api.accounts.all())
      if (!modal.includes(a.username))
        problems.push(`signing out of all accounts did not name ${a.username}: ${modal}`);
    if (!(await sandboxAccountsPresent())) problems.push('a cancelled sign-out of all accounts signed out');

    // The sandbox turned off and on again runs on another port: the clients must follow it.
    const config = vscode.workspace.getConfiguration('hostkit');
    await config.update('sandbox.enabled', false, vscode.ConfigurationTarget.Global);
    await eventually(
      'the sandbox accounts gone',
      async () => !(await sandboxAccountsPresent(['sandbox-deploi'])),
    );
    await config.update('sandbox.enabled', true, vscode.ConfigurationTarget.Global);
    await eventually('the sandbox accounts back', () => sandboxAccountsPresent(), 30_000);
    for (const p of await brokenSandboxBranches()) problems.push(`after restarting the sandbox: ${p}`);
  } finally {
    await vscode.workspace
      .getConfiguration('hostkit')
      .update('sandbox.enabled', false, vscode.ConfigurationTarget.Global);
    await eventually('the sandbox stopped', async () => !(await sandboxAccountsPresent(['sandbox-deploi'])));
  }
  assert(problems.length === 0, problems.join('\n'));
});
