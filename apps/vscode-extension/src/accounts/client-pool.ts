import { DeploiClient, type HostkitWarning, SeflowClient } from '@hostkit/core';
import type * as vscode from 'vscode';
import type { Prompter } from '../ui/prompter';
import type { Account } from './account';
import type { AccountStore } from './account-store';

export const USER_AGENT = 'hostkit-vscode/0.1.0';

/** One API client per account, made on first use and dropped when the account changes. */
export class ClientPool implements vscode.Disposable {
  private readonly deploi = new Map<string, Promise<DeploiClient>>();
  private readonly seflow = new Map<string, Promise<SeflowClient>>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly prompter: () => Prompter,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Calls a command for an account; `clientId` fills Deploi's `clientid` where the command has one. */
  async call(
    account: Account,
    tool: string,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    if (account.provider === 'deploi') {
      const client = await this.deploiClient(account);
      return client.call(tool, input, { signal });
    }
    const client = await this.seflowClient(account);
    return client.call(tool, input, { signal });
  }

  deploiClient(account: Account): Promise<DeploiClient> {
    let client = this.deploi.get(account.id);
    if (!client) {
      client = this.makeDeploi(account);
      this.deploi.set(account.id, client);
      // A failed construction (secrets unreadable) must not stick.
      client.catch(() => this.deploi.delete(account.id));
    }
    return client;
  }

  seflowClient(account: Account): Promise<SeflowClient> {
    let client = this.seflow.get(account.id);
    if (!client) {
      client = this.makeSeflow(account);
      this.seflow.set(account.id, client);
      client.catch(() => this.seflow.delete(account.id));
    }
    return client;
  }

  /** Forgets the client of an account (sign-out, new credentials). */
  drop(accountId: string): void {
    this.deploi.delete(accountId);
    this.seflow.delete(accountId);
  }

  dispose(): void {
    this.deploi.clear();
    this.seflow.clear();
  }

  private async makeDeploi(account: Account): Promise<DeploiClient> {
    const secrets = await this.accounts.readSecrets(account.id);
    return new DeploiClient({
      baseUrl: account.baseUrl,
      username: account.username,
      password: secrets.password,
      token: secrets.token,
      // Asked only when a re-login needs it (an expired session on a two-factor account).
      secondFactor: async () => {
        const code = await this.prompter().input({
          title: `Deploi two-factor code for ${account.username}`,
          prompt: 'Deploi asks for the current code from your authenticator app to log in again.',
          password: false,
          validate: (v) => (/^\d{6,8}$/.test(v.trim()) ? undefined : 'Enter the 6-8 digit code'),
        });
        if (!code) throw new Error('no two-factor code given');
        return code.trim();
      },
      userAgent: USER_AGENT,
      onWarning: (w) => this.warn(w),
    });
  }

  private async makeSeflow(account: Account): Promise<SeflowClient> {
    const secrets = await this.accounts.readSecrets(account.id);
    return new SeflowClient({
      baseUrl: account.baseUrl,
      username: account.username,
      key: secrets.key,
      userAgent: USER_AGENT,
      onWarning: (w) => this.warn(w),
    });
  }

  private warn(w: HostkitWarning): void {
    this.log.warn(`${w.command}: ${w.message}`);
  }
}
