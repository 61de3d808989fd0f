import type { Risk } from '@hostkit/core';
import { CATALOG } from './catalog-data';
import { ConfigError } from './config';

/** The toolset of Hostkit's own cross-provider tools (find, list clients). */
export const HOSTKIT_TOOLSET = 'hostkit';

/** The toolsets the default covers (and lists in full with `--toolsets hostkit,servers,dns,firewalls,seflow`). */
export const DEFAULT_TOOLSETS: readonly string[] = [HOSTKIT_TOOLSET, 'servers', 'dns', 'firewalls', 'seflow'];

/**
 * Listed directly by default, beside the discovery meta-tools that reach every other tool. Chosen
 * by `pnpm bench` (bench/src/default-set.ts): of the tools the everyday agent tasks use, the set that
 * costs least (its listing once per conversation of three tasks, each call 250 B, every search for an
 * unlisted tool as measured) with every task within its call limit. The bench reports when this list
 * and its measured best differ.
 */
export const DEFAULT_TOOLS: readonly string[] = [
  'hostkit_upsert_dns_record',
  'deploi_get_domain_records',
  'deploi_get_firewall_rules',
  'deploi_add_firewall_rule',
  'hostkit_wait_for_server',
];

/** Every toolset name: Hostkit's own, then the registry groups. */
export const TOOLSETS: readonly string[] = [HOSTKIT_TOOLSET, ...CATALOG.groups];

/** What to list: toolsets (or `all`), individual tools, and whether only read tools. */
export interface Selection {
  toolsets: readonly string[] | undefined;
  tools: readonly string[] | undefined;
  readOnly: boolean;
}

/** What a configuration serves: tools listed as themselves, whether the meta-tools are, and what calls reach. */
export interface Plan<T> {
  direct: T[];
  /** List hostkit_search_tools, hostkit_describe_tool and hostkit_call_tool. */
  meta: boolean;
  /** The tools calls may reach: the meta-tools search these, and any may be called by name. */
  scope: T[];
}

/** What selection looks at: a tool, or its catalog entry. */
export interface Selectable {
  name: string;
  group: string;
  risk: Risk;
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
export function selectTools<T extends Selectable>(tools: readonly T[], selection: Selection): T[] {
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

/**
 * What to serve. By default: {@link DEFAULT_TOOLS} and the meta-tools over every tool. With
 * `discovery`: only the meta-tools, over every tool or over what toolsets and tools name. Otherwise what
 * toolsets and tools name. `readOnly` applies to all of it.
 */
export function planTools<T extends Selectable>(
  tools: readonly T[],
  selection: Selection & { discovery: boolean },
): Plan<T> {
  const narrowed = selection.toolsets !== undefined || selection.tools !== undefined;
  if (narrowed && !selection.discovery) {
    const chosen = selectTools(tools, selection);
    return { direct: chosen, meta: false, scope: chosen };
  }
  const scope = narrowed
    ? selectTools(tools, selection)
    : selectTools(tools, { ...selection, toolsets: ['all'] });
  if (selection.discovery) return { direct: [], meta: true, scope };
  const direct = DEFAULT_TOOLS.flatMap((name) => scope.filter((t) => t.name === name));
  return { direct, meta: true, scope };
}
