import * as vscode from 'vscode';
import { AccountStore } from './accounts/account-store';
import { watchAccounts } from './accounts/account-watch';
import { ClientPool } from './accounts/client-pool';
import { registerAccountCommands } from './commands/account-commands';
import { registerConnectCommands, watchRemoteSsh } from './commands/connect-commands';
import { registerDetailsCommands } from './commands/details-commands';
import { registerDomainCommands } from './commands/domain-commands';
import { registerFirewallCommands } from './commands/firewall-commands';
import type { CommandDeps } from './commands/run-action';
import { registerServerCommands } from './commands/server-commands';
import { registerViewCommands } from './commands/view-commands';
import { readSettings } from './config';
import { auditLogPath, registerMcp } from './mcp/mcp-provider';
import { EmbeddedSandbox } from './sandbox/embedded-sandbox';
import { type HostkitTestApi, makeTestApi } from './test-api';
import { DataStore } from './tree/data-store';
import { createViews } from './tree/views';
import { DetailsPanels } from './ui/details-panel';
import { type Prompter, VsCodePrompter } from './ui/prompter';
import { Reporter } from './ui/reporter';
import { ZONE_SCHEME, ZoneFileProvider } from './ui/zone-file';

/** Wires the pieces together; each piece lives in its own module and owns its disposal. */
export function activate(context: vscode.ExtensionContext): HostkitTestApi | undefined {
  const subs = context.subscriptions;
  const accounts = new AccountStore(context.globalState, context.secrets);
  const reporter = new Reporter(() => accounts.secretValues());
  let prompter: Prompter = new VsCodePrompter();
  const getPrompter = () => prompter;
  const pool = new ClientPool(accounts, getPrompter, reporter.channel);
  let redraw = () => {};
  const store = new DataStore({
    storage: context.globalState,
    onChange: () => redraw(),
    describeError: (e, key) => reporter.log(`Loading ${key.split('/')[0]}`, e),
  });
  subs.push(accounts, reporter, pool, { dispose: () => store.dispose() });

  const views = createViews({ store, accounts, pool, reporter, settings: readSettings }, subs);
  const { servers, domains, firewalls } = views;
  const trees = [servers, domains, firewalls];
  const zones = new ZoneFileProvider(domains);
  subs.push(zones, vscode.workspace.registerTextDocumentContentProvider(ZONE_SCHEME, zones));
  redraw = () => {
    for (const t of trees) t.changed();
    zones.refresh();
  };
  // Signed out, or pointing at another API (a restarted sandbox): its clients and data go.
  subs.push(
    watchAccounts(accounts, (id) => {
      pool.drop(id);
      for (const t of trees) store.forget(`${t.view}/${id}`);
      servers.forgetAccount(id);
    }),
  );

  const sandbox = new EmbeddedSandbox(context.extensionPath, accounts, reporter);
  subs.push(sandbox);
  const commandDeps: CommandDeps = { prompter: getPrompter, reporter, pool, servers, domains, firewalls };
  // Core's diagnosis (the workflows issue) joins here as a source of findings once it exists.
  const panels = new DetailsPanels({ ...commandDeps, serverFindings: [] });
  subs.push(panels);
  subs.push(
    ...registerAccountCommands({ accounts, pool, store, sandbox, prompter: getPrompter, reporter }),
    ...registerViewCommands(trees, { prompter: getPrompter, state: context.globalState }),
    ...registerServerCommands(commandDeps),
    ...registerDomainCommands(commandDeps),
    ...registerFirewallCommands(commandDeps),
    ...registerDetailsCommands({ ...commandDeps, panels, zones }),
    ...registerConnectCommands({
      ...commandDeps,
      state: context.globalState,
      auditLog: auditLogPath(context),
    }),
    watchRemoteSsh(),
  );

  // The welcome content ("sign in…") shows while this is false.
  const updateSignedIn = () =>
    void vscode.commands.executeCommand('setContext', 'hostkit.signedIn', accounts.all().length > 0);
  updateSignedIn();
  subs.push(accounts.onDidChange(updateSignedIn));

  const sandboxReady = sandbox.apply(readSettings().sandbox);
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('hostkit.sandbox.enabled')) void sandbox.apply(readSettings().sandbox);
    }),
  );

  const mcp = registerMcp(context, accounts);

  // The test-only API exists only when VS Code runs the extension's tests.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return makeTestApi({
    accounts,
    store,
    pool,
    servers,
    domains,
    firewalls,
    mcp,
    sandbox,
    sandboxReady,
    panels,
    auditLog: auditLogPath(context),
    setPrompter: (p) => {
      prompter = p ?? new VsCodePrompter();
    },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
