import { changeSetTool } from './composite/change-set';
import { costsTool } from './composite/costs';
import { diagnoseTool } from './composite/diagnose';
import { upsertDnsRecordTool } from './composite/dns-upsert';
import { findTool, listClientsTool } from './composite/find';
import { kubeConfigTool } from './composite/kube-config';
import { undoTool } from './composite/undo';
import { usageChartTool } from './composite/usage-chart';
import { waitForServerTool } from './composite/wait';
import { type HostkitTool, registryTools } from './tools';

/**
 * Every tool the server offers: the composites, then every registry command, with the commands whose
 * MCP form differs (deploi_get_kube_config saves to a file) in their registry place.
 */
export function allTools(defaultClientId: number | undefined): HostkitTool[] {
  const composites = [
    listClientsTool(defaultClientId),
    findTool(),
    diagnoseTool(),
    costsTool(),
    waitForServerTool(),
    usageChartTool(),
    upsertDnsRecordTool(),
    changeSetTool(),
    undoTool(),
  ];
  const overrides = new Map([kubeConfigTool()].map((t) => [t.name, t]));
  return [...composites, ...registryTools().map((t) => overrides.get(t.name) ?? t)];
}
