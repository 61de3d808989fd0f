import { deploiAccount } from '../deploi/account';
import { deploiBackups } from '../deploi/backups';
import { deploiBilling } from '../deploi/billing';
import { deploiDatabases } from '../deploi/databases';
import { deploiDns } from '../deploi/dns';
import { deploiDomains } from '../deploi/domains';
import { deploiEmail } from '../deploi/email';
import { deploiFirewalls } from '../deploi/firewalls';
import { deploiKubernetes } from '../deploi/kubernetes';
import { deploiMonitoring } from '../deploi/monitoring';
import { deploiServers } from '../deploi/servers';
import { deploiSites } from '../deploi/sites';
import { deploiWaf } from '../deploi/waf';
import { deploiWordpress } from '../deploi/wordpress';
import { seflowDedicated } from '../seflow/dedicated';
import type { Command, Provider } from './define';

/** Every command of both APIs, Deploi first, in group order. */
export const commands: readonly Command[] = [
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
];

const byTool = new Map(commands.map((c) => [c.tool, c]));
const byWire = new Map(commands.map((c) => [`${c.provider}:${c.wire}`, c]));

/** The registry groups (also the MCP toolsets), in registry order. */
export const groups: readonly string[] = [...new Set(commands.map((c) => c.group))];

/** Finds a command by tool name (`deploi_get_servers`). */
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
