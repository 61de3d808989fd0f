import {
  type CallResult,
  type Command,
  type CommandByTool,
  type CommandInput,
  type CommandOutput,
  DeploiClient,
  getCommandByTool,
  HostkitError,
  type HostkitWarning,
  SeflowClient,
  type ToolName,
} from '@hostkit/core';
import type * as vscode from 'vscode';
import type { Prompter } from '../ui/prompter';
import { type Account, accountFingerprint } from './account';
import type { AccountStore } from './account-store';

export const USER_AGENT = 'hostkit-vscode/0.1.0';

interface Pooled<C> {
  fingerprint: string;
  client: Promise<C>;
}

/**
 * One API client per account, made on first use. A client is only used for the account it was made
 * for: when the account's address, login or sandbox run changes (the sandbox restarted on another
 * port), the next call makes a new one instead of reaching the old API.
 */
export class ClientPool implements vscode.Disposable {
  private readonly deploi = new Map<string, Pooled<DeploiClient>>();
  private readonly seflow = new Map<string, Pooled<SeflowClient>>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly prompter: () => Prompter,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Calls a command for an account, typed by its tool name: the input and the result are the registry
   * definition's. A reply off its schema is in the result's `drift` (and logged to the output channel).
   */
  async call<T extends ToolName>(
    account: Account,
    tool: T,
    input: CommandInput<CommandByTool<T>>,
    signal?: AbortSignal,
  ): Promise<CallResult<CommandOutput<CommandByTool<T>>>> {
    return this.send(account, getCommandByTool(tool), input, signal);
  }

  /** Calls a command chosen at run time (an action's), with input its schema already parsed. */
  async send<C extends Command>(
    account: Account,
    command: C,
    input: CommandInput<C>,
    signal?: AbortSignal,
  ): Promise<CallResult<CommandOutput<C>>> {
    if (account.provider === 'deploi')
      return (await this.deploiClient(account)).call(command, input, { signal });
    return (await this.seflowClient(account)).call(command, input, { signal });
  }

  deploiClient(account: Account): Promise<DeploiClient> {
    return this.pooled(this.deploi, account, (a) => this.makeDeploi(a));
  }

  seflowClient(account: Account): Promise<SeflowClient> {
    return this.pooled(this.seflow, account, (a) => this.makeSeflow(a));
  }

  private pooled<C>(
    pool: Map<string, Pooled<C>>,
    given: Account,
    make: (a: Account) => Promise<C>,
  ): Promise<C> {
    // A tree node may hold the account as it was when drawn: the store has the current one, and no
    // client is made for an account signed out meanwhile (it would have no credentials).
    const account = this.accounts.get(given.id);
    if (!account)
      return Promise.reject(
        new HostkitError('config', `${given.username} is signed out of Hostkit: sign in again.`),
      );
    const fingerprint = accountFingerprint(account);
    const pooled = pool.get(account.id);
    if (pooled?.fingerprint === fingerprint) return pooled.client;
    const client = make(account);
    const entry = { fingerprint, client };
    pool.set(account.id, entry);
    // A failed construction (secrets unreadable) must not stick.
    client.catch(() => {
      if (pool.get(account.id) === entry) pool.delete(account.id);
    });
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
