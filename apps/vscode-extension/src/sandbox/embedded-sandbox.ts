import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { Account } from '../accounts/account';
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
    const deploiAccount: Account = {
      id: 'sandbox-deploi',
      provider: 'deploi',
      username: deploi.username,
      baseUrl: sandbox.deploiUrl,
      clients,
      sandbox: true,
    };
    const seflowAccount: Account = {
      id: 'sandbox-seflow',
      provider: 'seflow',
      username: seflow.username,
      baseUrl: sandbox.seflowUrl,
      servers: state.seflow.servers.map((s) => ({ name: s.name, ip: s.primaryIp })),
      sandbox: true,
    };
    await this.accounts.add(deploiAccount, { password: deploi.password });
    await this.accounts.add(seflowAccount, { key: seflow.key });
    this.reporter.info(`Sandbox running: Deploi ${sandbox.deploiUrl}, SeFlow ${sandbox.seflowUrl}`);
    return sandbox;
  }

  dispose(): void {
    void this.apply(false);
  }
}
