import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account } from '../accounts/account';
import type { AccountStore } from '../accounts/account-store';
import { readSettings } from '../config';
import { launchVersion, mcpLaunch } from './mcp-launch';

export const MCP_PROVIDER_ID = 'hostkit.mcp';

/** Where the MCP server started for agent mode appends its audit log (the extension's global storage). */
export function auditLogPath(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'audit.jsonl');
}

interface Pairing {
  deploi?: Account;
  seflow?: Account;
}

/**
 * Hands VS Code's agent mode the Hostkit MCP server bundled in this extension, one definition per
 * signed-in Deploi account (each with the first SeFlow account). Definitions carry no secrets:
 * VS Code may keep them. Credentials are read from SecretStorage only in
 * resolveMcpServerDefinition, right before VS Code starts the server, and passed in its environment.
 */
export class HostkitMcpProvider
  implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable
{
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly pairings = new Map<string, Pairing>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly accounts: AccountStore,
  ) {
    this.subscriptions.push(
      this.changed,
      accounts.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hostkit')) this.changed.fire();
      }),
    );
  }

  get serverPath(): string {
    return path.join(this.context.extensionPath, 'dist', 'hostkit-mcp.mjs');
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    this.pairings.clear();
    const deploi = this.accounts.byProvider('deploi');
    const seflow = this.accounts.byProvider('seflow')[0];
    const pairs: Pairing[] = deploi.length
      ? deploi.map((d) => (seflow ? { deploi: d, seflow } : { deploi: d }))
      : seflow
        ? [{ seflow }]
        : [];
    const settings = readSettings();
    return pairs.map((pair) => {
      const who = pair.deploi ?? pair.seflow;
      const label = `Hostkit (${who?.sandbox ? 'sandbox' : who?.username})${pair.deploi && pair.seflow ? ' + SeFlow' : ''}`;
      this.pairings.set(label, pair);
      // Arguments only, environment at resolve time.
      const { args } = mcpLaunch({
        serverPath: this.serverPath,
        toolsets: settings.mcpToolsets,
        readOnly: settings.mcpReadOnly,
        auditLog: this.auditLog(),
      });
      const version = launchVersion([
        pair.deploi?.id,
        pair.seflow?.id,
        pair.deploi?.baseUrl,
        pair.seflow?.baseUrl,
        args,
      ]);
      return new vscode.McpStdioServerDefinition(label, process.execPath, args, {}, version);
    });
  }

  async resolveMcpServerDefinition(
    def: vscode.McpStdioServerDefinition,
  ): Promise<vscode.McpStdioServerDefinition | undefined> {
    // VS Code may resolve a definition it kept from an earlier provide call of another session.
    if (!this.pairings.has(def.label)) this.provideMcpServerDefinitions();
    const pair = this.pairings.get(def.label);
    if (!pair) return undefined;
    const settings = readSettings();
    const d = pair.deploi && this.accounts.get(pair.deploi.id);
    const s = pair.seflow && this.accounts.get(pair.seflow.id);
    if ((pair.deploi && !d) || (pair.seflow && !s)) return undefined; // signed out meanwhile
    const dSecrets = d ? await this.accounts.readSecrets(d.id) : {};
    const sSecrets = s ? await this.accounts.readSecrets(s.id) : {};
    const launch = mcpLaunch({
      serverPath: this.serverPath,
      toolsets: settings.mcpToolsets,
      readOnly: settings.mcpReadOnly,
      auditLog: this.auditLog(),
      deploi: d && {
        baseUrl: d.baseUrl,
        username: d.username,
        password: dSecrets.password,
        token: dSecrets.token,
        clientId: d.clients?.[0]?.id,
      },
      seflow: s && { baseUrl: s.baseUrl, username: s.username, key: sSecrets.key },
    });
    def.args = launch.args;
    def.env = { ...def.env, ...launch.env };
    return def;
  }

  private auditLog(): string {
    return auditLogPath(this.context);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Registers the provider where VS Code has the MCP API (1.101+); older hosts just go without. */
export function registerMcp(
  context: vscode.ExtensionContext,
  accounts: AccountStore,
): HostkitMcpProvider | undefined {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function') return undefined;
  const provider = new HostkitMcpProvider(context, accounts);
  context.subscriptions.push(provider, lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider));
  return provider;
}
