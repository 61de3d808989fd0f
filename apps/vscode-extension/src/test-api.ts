import type { AccountStore } from './accounts/account-store';
import type { ClientPool } from './accounts/client-pool';
import type { HostkitMcpProvider } from './mcp/mcp-provider';
import type { EmbeddedSandbox } from './sandbox/embedded-sandbox';
import type { DataStore } from './tree/data-store';
import type { DomainsProvider } from './tree/domains-provider';
import type { FirewallsProvider } from './tree/firewalls-provider';
import type { ServersProvider } from './tree/servers-provider';
import type { DetailsPanels } from './ui/details-panel';
import type { Prompter } from './ui/prompter';

/**
 * What `activate` returns when VS Code runs the extension's tests (ExtensionMode.Test), and only
 * then: the end-to-end tests swap the prompter (VS Code's API cannot press a modal's buttons) and
 * read the trees' providers and stores. Nothing here exists in a normal session.
 */
export interface HostkitTestApi {
  setPrompter(p: Prompter | undefined): void;
  accounts: AccountStore;
  store: DataStore;
  pool: ClientPool;
  servers: ServersProvider;
  domains: DomainsProvider;
  firewalls: FirewallsProvider;
  mcp: HostkitMcpProvider | undefined;
  sandbox: EmbeddedSandbox;
  sandboxReady: Promise<void>;
  panels: DetailsPanels;
  /** The MCP server's audit log, which the SSH user lookup reads. */
  auditLog: string;
}

export function makeTestApi(api: HostkitTestApi): HostkitTestApi {
  return api;
}
