import * as vscode from 'vscode';
import type { ProviderId } from '../model/types';
import type { Account, AccountSecrets } from './account';

const ACCOUNTS_KEY = 'hostkit.accounts.v1';
const secretKey = (id: string) => `hostkit.account.${id}`;

/**
 * The signed-in accounts: metadata in globalState, credentials in SecretStorage (the OS keychain
 * on desktop). Nothing secret ever reaches settings, globalState or the tree cache.
 */
export class AccountStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when an account is added, changed or removed. */
  readonly onDidChange = this.changed.event;
  private sandboxAccounts: Account[] = [];
  private readonly sandboxSecrets = new Map<string, AccountSecrets>();
  // Secrets read so far, so error messages can be scrubbed of them synchronously.
  private readonly knownSecrets = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  all(): Account[] {
    return [...this.persisted(), ...this.sandboxAccounts];
  }

  byProvider(provider: ProviderId): Account[] {
    return this.all().filter((a) => a.provider === provider);
  }

  get(id: string): Account | undefined {
    return this.all().find((a) => a.id === id);
  }

  async add(account: Account, secrets: AccountSecrets): Promise<void> {
    this.learn(secrets);
    if (account.sandbox) {
      this.sandboxAccounts = [...this.sandboxAccounts.filter((a) => a.id !== account.id), account];
      this.sandboxSecrets.set(account.id, secrets);
    } else {
      // Secrets first: an account must never be listed without its credentials in place.
      await this.secrets.store(secretKey(account.id), JSON.stringify(secrets));
      const others = this.persisted().filter((a) => a.id !== account.id);
      await this.state.update(ACCOUNTS_KEY, [...others, account]);
    }
    this.changed.fire();
  }

  /** Updates metadata only (clients after a re-login, the SeFlow server list). */
  async update(account: Account): Promise<void> {
    if (account.sandbox) {
      this.sandboxAccounts = this.sandboxAccounts.map((a) => (a.id === account.id ? account : a));
    } else {
      await this.state.update(
        ACCOUNTS_KEY,
        this.persisted().map((a) => (a.id === account.id ? account : a)),
      );
    }
    this.changed.fire();
  }

  async updateSecrets(id: string, patch: AccountSecrets): Promise<void> {
    const current = await this.readSecrets(id);
    const next = { ...current, ...patch };
    this.learn(next);
    if (this.sandboxSecrets.has(id)) this.sandboxSecrets.set(id, next);
    else await this.secrets.store(secretKey(id), JSON.stringify(next));
  }

  async remove(id: string): Promise<void> {
    this.sandboxAccounts = this.sandboxAccounts.filter((a) => a.id !== id);
    this.sandboxSecrets.delete(id);
    await this.secrets.delete(secretKey(id));
    await this.state.update(
      ACCOUNTS_KEY,
      this.persisted().filter((a) => a.id !== id),
    );
    this.changed.fire();
  }

  /** Signs out of one sandbox account; the sandbox keeps running for the others. */
  removeSandboxAccount(id: string): void {
    if (!this.sandboxAccounts.some((a) => a.id === id)) return;
    this.sandboxAccounts = this.sandboxAccounts.filter((a) => a.id !== id);
    this.sandboxSecrets.delete(id);
    this.changed.fire();
  }

  removeSandboxAccounts(): void {
    if (this.sandboxAccounts.length === 0) return;
    for (const a of this.sandboxAccounts) this.sandboxSecrets.delete(a.id);
    this.sandboxAccounts = [];
    this.changed.fire();
  }

  async readSecrets(id: string): Promise<AccountSecrets> {
    const sandbox = this.sandboxSecrets.get(id);
    if (sandbox) return sandbox;
    const raw = await this.secrets.get(secretKey(id));
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as AccountSecrets;
      this.learn(parsed);
      return parsed;
    } catch {
      return {};
    }
  }

  /** Every secret value seen in this session, for redacting messages and logs. */
  secretValues(): string[] {
    return [...this.knownSecrets];
  }

  /** The SecretStorage keys in use: for the test that checks where credentials went. */
  secretKeys(): string[] {
    return this.persisted().map((a) => secretKey(a.id));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private persisted(): Account[] {
    return this.state.get<Account[]>(ACCOUNTS_KEY) ?? [];
  }

  private learn(secrets: AccountSecrets): void {
    for (const v of Object.values(secrets))
      if (typeof v === 'string' && v.length >= 4) this.knownSecrets.add(v);
  }
}
