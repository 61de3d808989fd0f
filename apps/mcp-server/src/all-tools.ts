import { upsertDnsRecordTool } from './composite/dns-upsert';
import { findTool, listClientsTool } from './composite/find';
import { waitForServerTool } from './composite/wait';
import { type HostkitTool, registryTools } from './tools';

/** Every tool the server offers: the composites, then every registry command. */
export function allTools(defaultClientId: number | undefined): HostkitTool[] {
  const composites = [
    listClientsTool(defaultClientId),
    findTool(),
    waitForServerTool(),
    upsertDnsRecordTool(),
  ];
  return [...composites, ...registryTools()];
}
