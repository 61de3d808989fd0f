import { groups } from '@hostkit/core';
import { upsertDnsRecordTool } from './composite/dns-upsert';
import { findTool, listClientsTool } from './composite/find';
import { waitForServerTool } from './composite/wait';
import { ConfigError } from './config';
import { type HostkitTool, registryTools } from './tools';

/** The toolset of Hostkit's own cross-provider tools (find, list clients). */
export const HOSTKIT_TOOLSET = 'hostkit';

/** Toolsets listed when none are asked for. */
export const DEFAULT_TOOLSETS: readonly string[] = [HOSTKIT_TOOLSET, 'servers', 'dns', 'firewalls', 'seflow'];

/** Every toolset name: Hostkit's own, then the registry groups. */
export const TOOLSETS: readonly string[] = [HOSTKIT_TOOLSET, ...groups];

/** Every tool the server offers: the registry commands (less the session ones) and the composites. */
export function allTools(defaultClientId: number | undefined): HostkitTool[] {
  const composites = [
    listClientsTool(defaultClientId),
    findTool(),
    waitForServerTool(),
    upsertDnsRecordTool(),
  ];
  return [...composites, ...registryTools()];
}

/** What to list: toolsets (or `all`), individual tools, and whether only read tools. */
export interface Selection {
  toolsets: readonly string[] | undefined;
  tools: readonly string[] | undefined;
  readOnly: boolean;
}

function unknownNames(kind: string, names: readonly string[], known: readonly string[]): string | undefined {
  const bad = names.filter((n) => !known.includes(n));
  if (bad.length === 0) return undefined;
  return `Unknown ${kind}${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}. Known ${kind}s: ${known.join(', ')}.`;
}

/**
 * The tools a selection lists: those of the toolsets given (the default ones when neither toolsets nor
 * tools are given; `all` for every one) plus the tools named; with `readOnly`, only those that change
 * nothing. Throws {@link ConfigError} naming unknown toolsets or tools.
 */
export function selectTools(tools: readonly HostkitTool[], selection: Selection): HostkitTool[] {
  const sets = selection.toolsets ?? (selection.tools ? [] : DEFAULT_TOOLSETS);
  const names = selection.tools ?? [];
  const problem =
    unknownNames(
      'toolset',
      sets.filter((s) => s !== 'all'),
      TOOLSETS,
    ) ??
    unknownNames(
      'tool',
      names,
      tools.map((t) => t.name),
    );
  if (problem) throw new ConfigError(problem);
  const everything = sets.includes('all');
  return tools.filter(
    (t) =>
      (everything || sets.includes(t.group) || names.includes(t.name)) &&
      (!selection.readOnly || t.risk === 'read'),
  );
}
