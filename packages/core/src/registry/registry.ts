import { deploiAccount } from '../deploi/account.js';
import { deploiBackups } from '../deploi/backups.js';
import { deploiBilling } from '../deploi/billing.js';
import { deploiDatabases } from '../deploi/databases.js';
import { deploiDns } from '../deploi/dns.js';
import { deploiDomains } from '../deploi/domains.js';
import { deploiEmail } from '../deploi/email.js';
import { deploiFirewalls } from '../deploi/firewalls.js';
import { deploiKubernetes } from '../deploi/kubernetes.js';
import { deploiMonitoring } from '../deploi/monitoring.js';
import { deploiServers } from '../deploi/servers.js';
import { deploiSites } from '../deploi/sites.js';
import { deploiWaf } from '../deploi/waf.js';
import { deploiWordpress } from '../deploi/wordpress.js';
import { seflowDedicated } from '../seflow/dedicated.js';
import type { Command, Provider } from './define.js';

const all = [
  ...deploiAccount,
  ...deploiServers,
  ...deploiMonitoring,
  ...deploiDomains,
  ...deploiDns,
  ...deploiFirewalls,
  ...deploiWaf,
  ...deploiSites,
  ...deploiWordpress,
  ...deploiDatabases,
  ...deploiEmail,
  ...deploiKubernetes,
  ...deploiBackups,
  ...deploiBilling,
  ...seflowDedicated,
] as const;

/** Every command of both APIs, Deploi first, in group order. */
export const commands: readonly Command[] = all;

/** Any command of the registry, its names as literal types. */
export type RegistryCommand = (typeof all)[number];
/** The tool name of any registry command (`deploi_get_servers`). */
export type ToolName = RegistryCommand['tool'];
/** The registry command with tool name `T`. */
export type CommandByTool<T extends string> = Extract<RegistryCommand, { tool: T }>;
/** The registry command of one provider with wire name `W`. */
export type CommandByWire<P extends Provider, W extends string> = Extract<
  RegistryCommand,
  { provider: P; wire: W }
>;
/** The tool names of one provider's commands. */
export type ProviderToolName<P extends Provider> = Extract<RegistryCommand, { provider: P }>['tool'];
/** The command of provider `P` named `N`, by tool name or wire name. */
export type NamedIn<P extends Provider, N extends string> = Extract<
  RegistryCommand,
  { provider: P } & ({ tool: N } | { wire: N })
>;
/**
 * `N` when it is not a literal command name (a name only known at run time), else `never`: a known name
 * must go through the typed overload, so a wrong input or another provider's command is a compile error.
 */
export type UnknownName<N extends string> = N extends ToolName | RegistryCommand['wire'] ? never : N;
/** The wire names of one provider's commands. */
export type ProviderWireName<P extends Provider> = Extract<RegistryCommand, { provider: P }>['wire'];

const byTool = new Map(commands.map((c) => [c.tool, c]));
const byWire = new Map(commands.map((c) => [`${c.provider}:${c.wire}`, c]));

/** The registry groups (also the MCP toolsets), in registry order. */
export const groups: readonly string[] = [...new Set(commands.map((c) => c.group))];

/** Finds a command by tool name (`deploi_get_servers`); a literal registry name gives its typed definition. */
export function getCommandByTool<T extends ToolName>(tool: T): CommandByTool<T>;
export function getCommandByTool(tool: string): Command | undefined;
export function getCommandByTool(tool: string): Command | undefined {
  return byTool.get(tool);
}

/** Finds a command by wire name (`GetServers`, `reboot-dserver`); the provider disambiguates. */
export function getCommandByWire(wire: string, provider?: Provider): Command | undefined {
  if (provider) return byWire.get(`${provider}:${wire}`);
  return byWire.get(`deploi:${wire}`) ?? byWire.get(`seflow:${wire}`);
}

/** Finds a command by tool name or wire name. */
export function getCommand(name: string): Command | undefined {
  return getCommandByTool(name) ?? getCommandByWire(name);
}

/** The commands of one group. */
export function commandsInGroup(group: string): Command[] {
  return commands.filter((c) => c.group === group);
}
