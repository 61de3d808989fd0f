import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { Account, AccountSecrets } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import type { Reporter } from '../ui/reporter';

// dist/sandbox.js is a separate bundle loaded only in sandbox mode, so a normal start does not
// pay for the emulator's code.
type SandboxModule = typeof import('./sandbox-entry');
type Running = Awaited<ReturnType<SandboxModule['startSandbox']>>;

/**
 * "Try the sandbox": runs Hostkit's API emulator inside the extension host on 127.0.0.1 and adds
 * its demo Deploi and SeFlow accounts (public demo credentials, kept in memory only).
 */
export class EmbeddedSandbox implements vscode.Disposable {
  private running: Promise<Running> | undefined;
  // The demo accounts of the running sandbox, to bring one back after signing out of it.
  private demo: { account: Account; secrets: AccountSecrets }[] = [];

  constructor(
    private readonly extensionPath: string,
    private readonly accounts: AccountStore,
    private readonly reporter: Reporter,
  ) {}

  get active(): boolean {
    return this.running !== undefined;
  }

  /** The running sandbox's URLs, for tests and the MCP provider. */
  async urls(): Promise<{ deploiUrl: string; seflowUrl: string } | undefined> {
    const r = await this.running;
    return r && { deploiUrl: r.deploiUrl, seflowUrl: r.seflowUrl };
  }

  /** Signs in again to the running sandbox's demo accounts that were signed out of; false when it is not running. */
  async restoreAccounts(): Promise<boolean> {
    if (!this.running) return false;
    await this.running.catch(() => undefined);
    for (const { account, secrets } of this.demo)
      if (!this.accounts.get(account.id)) await this.accounts.add(account, secrets);
    return this.running !== undefined;
  }

  async apply(enabled: boolean): Promise<void> {
    if (enabled && !this.running) {
      this.running = this.start();
      try {
        await this.running;
      } catch (e) {
        this.running = undefined;
        await this.reporter.fail('Could not start the Hostkit sandbox', e);
      }
    } else if (!enabled && this.running) {
      const r = this.running;
      this.running = undefined;
      this.demo = [];
      this.accounts.removeSandboxAccounts();
      await (await r.catch(() => undefined))?.stop();
    }
  }

  private async start(): Promise<Running> {
    const mod = require(path.join(this.extensionPath, 'dist', 'sandbox.js')) as SandboxModule;
    const sandbox = await mod.startSandbox({ port: 0 });
    const { deploi, seflow } = sandbox.credentials;
    const state = sandbox.state.get();
    const user = state.users.find((u) => u.email === deploi.username);
    const clients = state.clients
      .filter((c) => user?.clientIds.includes(c.id))
      .map((c) => ({ id: c.id, name: c.name }));
    // A new run is a new API (another port, a fresh state): clients and data of the last run must go.
    const session = `${sandbox.deploiUrl}@${Date.now()}`;
    const deploiAccount: Account = {
      id: 'sandbox-deploi',
      provider: 'deploi',
      username: deploi.username,
      baseUrl: sandbox.deploiUrl,
      clients,
      sandbox: true,
      session,
    };
    const seflowAccount: Account = {
      id: 'sandbox-seflow',
      provider: 'seflow',
      username: seflow.username,
      baseUrl: sandbox.seflowUrl,
      servers: state.seflow.servers.map((s) => ({ name: s.name, ip: s.primaryIp })),
      sandbox: true,
      session,
    };
    this.demo = [
      { account: deploiAccount, secrets: { password: deploi.password } },
      { account: seflowAccount, secrets: { key: seflow.key } },
    ];
    for (const { account, secrets } of this.demo) await this.accounts.add(account, secrets);
    this.reporter.info(`Sandbox running: Deploi ${sandbox.deploiUrl}, SeFlow ${sandbox.seflowUrl}`);
    return sandbox;
  }

  dispose(): void {
    void this.apply(false);
  }
}
