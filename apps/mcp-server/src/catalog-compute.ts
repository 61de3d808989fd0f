import { groups } from '@hostkit/core';
import { allTools } from './all-tools';
import type { Catalog, ToolEntry } from './catalog';
import { discoveryTools } from './discovery';
import { type HostkitTool, listingOf } from './tools';

function entryOf(tool: HostkitTool): ToolEntry {
  return {
    name: tool.name,
    group: tool.group,
    risk: tool.risk,
    billable: tool.billable,
    asks: tool.asks,
    listing: listingOf(tool),
  };
}

/** The catalog, from the registry and the composites: what scripts/build.mjs puts into the bundle. */
export function computeCatalog(): Catalog {
  return {
    groups: [...groups],
    tools: allTools(undefined).map(entryOf),
    discovery: discoveryTools(new Map(), false).map(entryOf),
  };
}
