import { alwaysNeedsConfirmation, groups, HostkitError } from '@hostkit/core';
import { z } from 'zod';
import { CALL_TOOL, ENABLE_TOOLSET, enableToolsetDescription, searchToolsDescription } from './catalog';
import { type HostkitTool, listingOf, parseWith } from './tools';

// Defined with the catalog (start-up needs it); exported here too, where callers look for it.
export { CALL_TOOL };

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1);
}

// A word matches a tool's word when either starts with the other ("record" ~ "records", "dns" ~ "dnssec").
function score(tool: HostkitTool, query: readonly string[]): number {
  const name = words(`${tool.name} ${tool.group}`);
  const title = words(tool.title);
  const description = words(tool.description);
  const hit = (list: readonly string[], w: string) => list.some((x) => x.startsWith(w) || w.startsWith(x));
  let total = 0;
  for (const w of query) {
    if (hit(name, w)) total += 3;
    else if (hit(title, w)) total += 2;
    else if (hit(description, w)) total += 1;
  }
  return total;
}

/**
 * The first sentence, whole: it ends at a stop followed by a space and a capital (or the end), so an IP,
 * a file name or "e.g." inside it does not cut it short.
 */
export function firstSentence(text: string): string {
  return text.match(/^.*?[.!?](?=\s+[A-Z"(]|\s*$)/s)?.[0] ?? text;
}

function riskText(tool: HostkitTool): string {
  return `${tool.risk}${tool.billable ? ', billable' : ''}`;
}

// The toolsets hostkit_enable_toolset takes: Hostkit's own (selection.ts's HOSTKIT_TOOLSET), then the
// registry groups. Not selection.ts's TOOLSETS: that reads the catalog, which is computed from this module.
const TOOLSET_NAMES = ['hostkit', ...groups] as [string, ...string[]];

/**
 * `hostkit_enable_toolset`: lists a toolset's tools on the calling connection (listing.ts keeps what each
 * connection lists). It changes nothing at the providers; the tools it reveals are called as themselves,
 * through the same pipeline, so each still asks wherever it would, and read-only still lists no write.
 */
function enableToolsetTool(): HostkitTool {
  const input = z.strictObject({
    toolset: z.enum(TOOLSET_NAMES),
    enabled: z.boolean().default(true),
  });
  return {
    name: ENABLE_TOOLSET,
    title: 'Enable a Hostkit toolset',
    description: enableToolsetDescription(new Map(TOOLSET_NAMES.map((n) => [n, 0]))),
    group: 'discovery',
    risk: 'read',
    billable: false,
    idempotent: true,
    openWorld: false,
    secrets: [],
    input,
    parse: (raw) => parseWith(ENABLE_TOOLSET, input, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    async run(args, _plan, ctx) {
      if (!ctx.toolsets) {
        throw new HostkitError(
          'unknown_command',
          `${ENABLE_TOOLSET} needs a connection that keeps its tool list (stdio, or a 2025-11-25 HTTP session): call the tools through ${CALL_TOOL}.`,
        );
      }
      const change = ctx.toolsets.set(String(args.toolset), args.enabled !== false);
      const names = change.tools.map((t) => `${t.name} (${t.risk})`).join(', ');
      const headline = change.enabled
        ? change.tools.length === 0
          ? `The ${change.toolset} toolset has no tool this server serves.`
          : `${change.changed ? 'Listed' : 'Already listed'}: the ${change.toolset} toolset's ${change.tools.length} tools, ${names}. Your client reads the new list on notifications/tools/list_changed; if it does not, call them through ${CALL_TOOL}.`
        : `${change.changed ? 'No longer listed' : 'Not listed'}: the ${change.toolset} toolset's tools (still reachable through ${CALL_TOOL}).`;
      return { structured: { ...change }, headline, text: headline };
    },
  };
}

/** The discovery meta-tools: search, describe and call every tool in `scope`. */
export function discoveryTools(scope: ReadonlyMap<string, HostkitTool>, confirm: boolean): HostkitTool[] {
  const searchInput = z.strictObject({
    query: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Words describing the task, such as "dns record" or "restart server".'),
    limit: z.number().int().min(1).max(25).default(5).describe('Most results to return (1-25, default 5).'),
    schemas: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(0)
      .describe(
        'Also return the input schema of the best this many hits (0-5, default 0), to call one at once.',
      ),
  });
  const describeInput = z.strictObject({
    name: z.string().trim().min(1).max(100).describe('The tool name, from hostkit_search_tools.'),
  });
  const callInput = z.strictObject({
    name: z.string().trim().min(1).max(100).describe('The tool name, from hostkit_search_tools.'),
    arguments: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("The tool's arguments, as its inputSchema (hostkit_describe_tool) says."),
  });
  const find = (name: unknown): HostkitTool => lookup(scope, name);
  const local = {
    group: 'discovery',
    billable: false,
    idempotent: true,
    openWorld: false,
    secrets: [] as string[],
  };
  const search: HostkitTool = {
    ...local,
    name: 'hostkit_search_tools',
    title: 'Search Hostkit tools',
    description: searchToolsDescription(scope.size),
    risk: 'read',
    input: searchInput,
    parse: (raw) => parseWith('hostkit_search_tools', searchInput, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    async run(args) {
      const query = words(String(args.query));
      const ranked = [...scope.values()]
        .map((tool) => ({ tool, s: score(tool, query) }))
        .filter((r) => r.s > 0)
        .sort((a, b) => b.s - a.s)
        .slice(0, Number(args.limit));
      const withSchema = Number(args.schemas);
      const tools = ranked.map(({ tool }, i) => ({
        name: tool.name,
        risk: riskText(tool),
        // What hostkit_enable_toolset takes to list it as itself.
        toolset: tool.group,
        summary: firstSentence(tool.description),
        ...(i < withSchema ? { inputSchema: listingOf(tool).inputSchema } : {}),
      }));
      if (!tools.length)
        return {
          structured: { tools },
          headline: 'No tool matches; try other words, such as "server", "dns", "firewall", "domain".',
        };
      // One line per hit; a schema asked for follows its tool's line as compact JSON.
      const lines = tools.map(
        (t) =>
          `${t.name} (${t.risk}; toolset ${t.toolset}): ${t.summary}${t.inputSchema ? `\n  inputSchema: ${JSON.stringify(t.inputSchema)}` : ''}`,
      );
      const headline = `${tools.length} tool${tools.length === 1 ? '' : 's'} for ${JSON.stringify(String(args.query))}:`;
      return { structured: { tools }, headline, text: [headline, ...lines].join('\n') };
    },
  };
  const describe: HostkitTool = {
    ...local,
    name: 'hostkit_describe_tool',
    title: 'Describe a Hostkit tool',
    description:
      "Returns one tool's full description, input and output JSON Schemas, and risk (read, write, destructive, billable), before calling it with hostkit_call_tool.",
    risk: 'read',
    input: describeInput,
    parse: (raw) => parseWith('hostkit_describe_tool', describeInput, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    async run(args) {
      const tool = find(args.name);
      const listing = listingOf(tool);
      const always = alwaysNeedsConfirmation(tool);
      const asks = confirm && tool.asks ? `, a person confirms it${always ? '' : ' for some arguments'}` : '';
      const headline = `${tool.name} (${riskText(tool)}${asks}): ${tool.description}`;
      // The text costs no more than the tool's own listing: its description and input schema, once.
      return {
        structured: { ...listing, toolset: tool.group, risk: riskText(tool) },
        headline,
        text: `${headline}\ninputSchema: ${JSON.stringify(listing.inputSchema)}${listing.outputSchema ? '\n(outputSchema in the structured result)' : ''}`,
      };
    },
  };
  const call: HostkitTool = {
    ...local,
    name: CALL_TOOL,
    title: 'Call a Hostkit tool',
    description:
      'Calls any tool found with hostkit_search_tools, with its arguments. Tools that break, cost or open access ask the user first, exactly as when called directly.',
    risk: 'destructive',
    idempotent: false,
    openWorld: true,
    input: callInput,
    parse: (raw) => parseWith(CALL_TOOL, callInput, raw),
    asks: false,
    needsConfirmation: () => false,
    summary: () => '',
    run: () => Promise.reject(new Error(`${CALL_TOOL} is routed by the server`)),
  };
  return [search, enableToolsetTool(), describe, call];
}

function lookup(scope: ReadonlyMap<string, HostkitTool>, name: unknown): HostkitTool {
  const tool = scope.get(String(name));
  if (!tool) {
    throw new HostkitError(
      'unknown_command',
      `No tool is named "${String(name)}" here. Find one with hostkit_search_tools.`,
    );
  }
  return tool;
}

/** The tool a `hostkit_call_tool` call targets, and its arguments. */
export function callTarget(
  scope: ReadonlyMap<string, HostkitTool>,
  args: Record<string, unknown>,
): { tool: HostkitTool; args: unknown } {
  return { tool: lookup(scope, args.name), args: args.arguments ?? {} };
}
