import { randomUUID } from 'node:crypto';
import { DeploiClient, SeflowClient } from '@hostkit/core';
import * as vscode from 'vscode';
import { fieldValidator } from '../commands/input-schema';
import { readSettings } from '../config';
import { formatSeflowServers, parseSeflowServers, type SeflowServerRef } from '../model/seflow-servers';
import type { Prompter } from '../ui/prompter';
import { type Reporter, withProgress } from '../ui/reporter';
import type { Account } from './account';
import type { AccountStore } from './account-store';
import { USER_AGENT } from './client-pool';

export interface SignInDeps {
  accounts: AccountStore;
  prompter: () => Prompter;
  reporter: Reporter;
}

/**
 * Deploi sign-in: e-mail and password, then the two-factor code if Deploi asks for one. Password
 * and session token go to SecretStorage; the code is used once and never kept.
 */
export async function signInDeploi(deps: SignInDeps): Promise<Account | undefined> {
  const baseUrl = readSettings().deploiBaseUrl;
  const p = deps.prompter();
  const username = await p.input({
    title: `Sign in to Deploi (${baseUrl}): e-mail`,
    placeHolder: 'you@example.com',
    validate: fieldValidator('deploi_login', ['username'], (t) => ({ username: t.trim(), password: 'x' })),
  });
  if (!username) return undefined;
  const password = await p.input({
    title: `Sign in to Deploi: password for ${username.trim()}`,
    password: true,
    validate: (v) => (v.length > 0 ? undefined : 'Enter the password'),
  });
  if (!password) return undefined;
  const client = new DeploiClient({
    baseUrl,
    username: username.trim(),
    password,
    userAgent: USER_AGENT,
    // Only called when Deploi's Login answers that a further step is needed.
    secondFactor: async () => {
      const code = await p.input({
        title: `Deploi two-factor code for ${username.trim()}`,
        prompt: 'The current code from your authenticator app',
        validate: fieldValidator('deploi_login', ['secondfactor'], (t) => ({
          username: username.trim(),
          password: 'x',
          secondfactor: t,
        })),
      });
      if (!code) throw new Error('cancelled');
      return code.trim();
    },
  });
  try {
    const session = await withProgress(`Signing in to Deploi as ${username.trim()}…`, (signal) =>
      client.login({ signal }),
    );
    const existing = deps.accounts
      .byProvider('deploi')
      .find((a) => !a.sandbox && a.username === username.trim() && a.baseUrl === baseUrl);
    const account: Account = {
      id: existing?.id ?? randomUUID(),
      provider: 'deploi',
      username: username.trim(),
      baseUrl,
      clients: session.clients.map((c) => (c.name ? { id: c.id, name: c.name } : { id: c.id })),
    };
    await deps.accounts.add(account, { password, token: session.token });
    void vscode.window.showInformationMessage(
      `Signed in to Deploi as ${account.username} (${session.clients.length} client${session.clients.length === 1 ? '' : 's'}).`,
    );
    return account;
  } catch (e) {
    await deps.reporter.fail('Deploi sign-in failed', e);
    return undefined;
  }
}

/**
 * SeFlow sign-in: API user and key, checked with checkauth, plus the servers to show (SeFlow's API
 * cannot list them). The API address is not public, so it is asked for once and kept in settings.
 */
export async function signInSeflow(deps: SignInDeps): Promise<Account | undefined> {
  const p = deps.prompter();
  let baseUrl = readSettings().seflowBaseUrl;
  if (!baseUrl) {
    const url = await p.input({
      title: 'Sign in to SeFlow: API address',
      prompt:
        'The Valhalla CP API address SeFlow gave you (it is not in the public docs). Saved in the hostkit.seflow.baseUrl setting.',
      placeHolder: 'https://…',
      validate: (v) => (isHttpUrl(v.trim()) ? undefined : 'Enter an http:// or https:// address'),
    });
    if (!url) return undefined;
    baseUrl = url.trim();
    await vscode.workspace
      .getConfiguration('hostkit')
      .update('seflow.baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
  }
  const username = await p.input({
    title: 'Sign in to SeFlow: API user name',
    validate: (v) => (v.trim() ? undefined : 'Enter the API user name'),
  });
  if (!username) return undefined;
  const key = await p.input({
    title: `Sign in to SeFlow: API key for ${username.trim()}`,
    password: true,
    validate: (v) => (v.trim() ? undefined : 'Enter the API key from the SeFlow customer portal'),
  });
  if (!key) return undefined;
  const servers = await askSeflowServers(p, []);
  if (!servers) return undefined;
  try {
    const client = new SeflowClient({
      baseUrl,
      username: username.trim(),
      key: key.trim(),
      userAgent: USER_AGENT,
    });
    await withProgress('Checking the SeFlow API key…', (signal) =>
      client.call('seflow_checkauth', {}, { signal }),
    );
    const existing = deps.accounts
      .byProvider('seflow')
      .find((a) => !a.sandbox && a.username === username.trim() && a.baseUrl === baseUrl);
    const account: Account = {
      id: existing?.id ?? randomUUID(),
      provider: 'seflow',
      username: username.trim(),
      baseUrl,
      servers,
    };
    await deps.accounts.add(account, { key: key.trim() });
    void vscode.window.showInformationMessage(`Signed in to SeFlow as ${account.username}.`);
    return account;
  } catch (e) {
    await deps.reporter.fail('SeFlow sign-in failed', e);
    return undefined;
  }
}

export async function askSeflowServers(
  p: Prompter,
  current: readonly SeflowServerRef[],
): Promise<SeflowServerRef[] | undefined> {
  const text = await p.input({
    title: 'SeFlow dedicated servers to show',
    prompt:
      'Names as in the SeFlow portal, separated by commas; add =IP to show a main IP (DS-1042=192.0.2.10)',
    value: formatSeflowServers(current),
    placeHolder: 'DS-1042, DS-1043',
    validate: (v) => {
      const r = parseSeflowServers(v);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseSeflowServers(text);
  return 'servers' in r ? r.servers : undefined;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
