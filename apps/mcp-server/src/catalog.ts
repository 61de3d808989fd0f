import type { Risk } from '@hostkit/core';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { JsonSchema } from './schemas';

// What start-up needs to know of every tool, without loading the registry: computed from it by
// catalog-compute.ts, at build time for the bundle (scripts/build.mjs), so start-up neither builds
// the registry's zod schemas nor converts them to JSON Schema.

/** The `tools/list` entry of a tool. */
export interface ToolListing {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  /** Absent when every hint is the MCP default. */
  annotations?: ToolAnnotations;
}

/** A tool as listing and selection see it. */
export interface ToolEntry {
  name: string;
  /** The toolset it belongs to. */
  group: string;
  risk: Risk;
  billable: boolean;
  /** Whether some call of it needs a human's yes (destructive, billable, or by its arguments). */
  asks: boolean;
  listing: ToolListing;
}

/** Every tool's entry, and the registry's groups. */
export interface Catalog {
  /** The registry groups, in order: with `hostkit`, the toolset names. */
  groups: readonly string[];
  /** Composites, then every registry command. */
  tools: readonly ToolEntry[];
  /** The discovery meta-tools; `hostkit_search_tools` says how many tools it reaches at start-up. */
  discovery: readonly ToolEntry[];
}

/** Name of the meta-tool that calls another tool; the server routes it through the same pipeline. */
export const CALL_TOOL = 'hostkit_call_tool';

/** Name of the meta-tool that lists a toolset's tools on this connection (dynamic toolsets). */
export const ENABLE_TOOLSET = 'hostkit_enable_toolset';

/**
 * The description of `hostkit_enable_toolset`, naming each toolset it can list with its tool count (in
 * what this configuration serves), so no call is needed to learn them.
 */
export function enableToolsetDescription(counts: ReadonlyMap<string, number>): string {
  const sets = [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
  return `Lists a toolset's tools as tools of their own (your tool list updates); enabled: false removes them. Tools per toolset: ${sets}. Calls ask the user as they would.`;
}

/** What enabling or disabling a toolset did on one connection; the tool answers with it. */
export interface ToolsetChange {
  toolset: string;
  enabled: boolean;
  /** Whether the listing changed (false: it was already so). */
  changed: boolean;
  /** The toolset's tools, each with its risk. */
  tools: { name: string; risk: string }[];
}

/** A connection's toolsets, as `hostkit_enable_toolset` switches them (see listing.ts). */
export interface ToolsetSwitch {
  set(toolset: string, enabled: boolean): ToolsetChange;
}

/** The description of `hostkit_search_tools`, which names how many tools it searches. */
export function searchToolsDescription(count: number): string {
  return `Finds tools for a task among ${count} Deploi and SeFlow tools (servers, DNS, domains, firewalls, WAF, sites, WordPress, databases, e-mail, Kubernetes, backups, billing, SeFlow). Returns each match's name, risk, toolset and one-line summary, and with schemas the input schema of the best hits, so hostkit_call_tool can follow at once (hostkit_describe_tool gives the rest).`;
}

/**
 * What every list tool's narrowing options do, said once in the server's instructions instead of in
 * every tool's schema (core's `listQueryShape`; a test keeps the numbers equal to core's).
 */
export const LIST_QUERY_HELP =
  'List tools take where (field → value: text matches any case, * is a wildcard; numbers and booleans exactly), match (words every row contains), fields (only these, plus the identifying ones), limit (default 50, at most 500) and cursor (the next of the previous page); results give the total and say when there is more.';
