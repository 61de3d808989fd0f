import type { ListToolsResult } from '@modelcontextprotocol/server';
import {
  CALL_TOOL,
  ENABLE_TOOLSET,
  enableToolsetDescription,
  searchToolsDescription,
  type ToolEntry,
  type ToolListing,
  type ToolsetChange,
  type ToolsetSwitch,
} from './catalog';
import { CATALOG } from './catalog-data';
import { planTools, type Selection, TOOLSETS } from './selection';

// What a connection lists: the whole of `tools/list`, in three stages.
//
// 1. Build time, for cold-start speed (catalog-compute.ts, swapped into catalog-data.ts by
//    scripts/build.mjs): every tool's listing (tools.ts listingOf: JSON Schemas from schemas.ts,
//    annotations from its risk) and what selection looks at (toolset, risk). Start-up converts no zod
//    schema; run from the sources, catalog-data.ts computes the same thing on import.
// 2. Start-up (ToolOffer, once per process): the configuration chooses what is served, by selection.ts's
//    rules (toolsets, tools, read-only, discovery, the measured default set), and what calls can reach
//    (the scope). Over HTTP the session tools are left out. The meta-tools' descriptions get their counts.
// 3. Per connection (ConnectionTools): what this client lists now, the offer's base listing plus the
//    toolsets it enabled with hostkit_enable_toolset (dynamic toolsets). stdio is one connection, a
//    2025-11-25 HTTP session another; a 2026-07-28 request keeps no state, so it is offered no enabling.
//
// Enabling only lists tools the scope already holds: read-only still lists no write, and every tool,
// listed or not, is called through the same pipeline (runtime.ts), which asks wherever it would.

/** Tools that change the server's own Deploi session, shared by every HTTP client. */
const SESSION_TOOLS: ReadonlySet<string> = new Set(['deploi_login', 'deploi_logout']);

/** What the configuration asks to serve. */
export interface OfferOptions extends Selection {
  discovery: boolean;
  /** Served over HTTP: every client shares the Deploi session, so the session tools are not offered. */
  http: boolean;
}

function riskText(t: ToolEntry): string {
  return `${t.risk}${t.billable ? ', billable' : ''}`;
}

/**
 * What the process serves, decided at start-up: the listing every connection starts with, what calls
 * reach, and the toolsets a connection may enable. Throws ConfigError naming unknown toolsets or tools.
 */
export class ToolOffer {
  /** The tools calls may reach (directly, by name, or through hostkit_call_tool). */
  readonly scope: readonly ToolEntry[];
  /** Whether the meta-tools are served (the default and discovery modes). */
  readonly meta: boolean;
  /** How many tools are listed as themselves at start-up. */
  readonly direct: number;
  /** The scope by toolset, in toolset order; only toolsets with a tool in scope. */
  readonly toolsets: ReadonlyMap<string, readonly ToolEntry[]>;
  private readonly base: readonly ToolEntry[];
  private readonly byName: ReadonlyMap<string, ToolEntry>;

  constructor(options: OfferOptions) {
    // Over HTTP a login would switch the account the other clients act for: the session tools are
    // only offered over stdio (one client, one person).
    const offered = options.http ? CATALOG.tools.filter((t) => !SESSION_TOOLS.has(t.name)) : CATALOG.tools;
    const plan = planTools(offered, options);
    this.scope = plan.scope;
    this.meta = plan.meta;
    this.direct = plan.direct.length;
    this.toolsets = new Map(
      TOOLSETS.map((s) => [s, plan.scope.filter((t) => t.group === s)] as const).filter(([, t]) => t.length),
    );
    this.base = [...plan.direct, ...(plan.meta ? this.metaEntries(options.readOnly) : [])];
    this.byName = new Map([...this.scope, ...this.base].map((t) => [t.name, t]));
  }

  /** The listing a new connection starts with; `stateful` false leaves out hostkit_enable_toolset. */
  baseListing(stateful: boolean): ToolEntry[] {
    return stateful ? [...this.base] : this.base.filter((t) => t.name !== ENABLE_TOOLSET);
  }

  /** The entry of a tool a call may name, meta-tools included. */
  entry(name: string): ToolEntry | undefined {
    return this.byName.get(name);
  }

  /** The per-connection listing; `era` modern (2026-07-28) keeps no state between requests. */
  connect(era: 'legacy' | 'modern'): ConnectionTools {
    return new ConnectionTools(this, era === 'legacy');
  }

  /**
   * The meta-tools, with the counts of this offer in their descriptions. Read-only, the scope holds only
   * read tools, so hostkit_call_tool changes nothing either, and says so.
   */
  private metaEntries(readOnly: boolean): ToolEntry[] {
    const counts = new Map([...this.toolsets].map(([s, t]) => [s, t.length]));
    return CATALOG.discovery.map((t) => {
      if (t.name === 'hostkit_search_tools') {
        return { ...t, listing: { ...t.listing, description: searchToolsDescription(this.scope.length) } };
      }
      if (t.name === ENABLE_TOOLSET) {
        return { ...t, listing: { ...t.listing, description: enableToolsetDescription(counts) } };
      }
      if (t.name === CALL_TOOL && readOnly) {
        return { ...t, risk: 'read', listing: { ...t.listing, annotations: { readOnlyHint: true } } };
      }
      return t;
    });
  }
}

/** What one connection lists, and the toolsets it enabled. */
export class ConnectionTools implements ToolsetSwitch {
  private readonly enabled = new Set<string>();
  private listed: ListToolsResult['tools'];
  private changedSinceTold = false;

  constructor(
    private readonly offer: ToolOffer,
    private readonly stateful: boolean,
  ) {
    this.listed = this.compute();
  }

  /** The `tools/list` entries now. */
  list(): ListToolsResult['tools'] {
    return this.listed;
  }

  /** The listing of a tool this connection may call (listed or in scope); undefined if none. */
  find(name: string): ToolListing | undefined {
    if (name === ENABLE_TOOLSET && !this.stateful) return undefined;
    return this.offer.entry(name)?.listing;
  }

  /** This connection's toolset switch; undefined where the connection keeps no state. */
  get toolsetSwitch(): ToolsetSwitch | undefined {
    return this.stateful && this.offer.meta ? this : undefined;
  }

  set(toolset: string, enabled: boolean): ToolsetChange {
    const tools = (this.offer.toolsets.get(toolset) ?? []).map((t) => ({ name: t.name, risk: riskText(t) }));
    const was = this.enabled.has(toolset);
    if (enabled && tools.length) this.enabled.add(toolset);
    else this.enabled.delete(toolset);
    const changed = was !== this.enabled.has(toolset);
    if (changed) {
      this.listed = this.compute();
      this.changedSinceTold = true;
    }
    return { toolset, enabled, changed, tools };
  }

  /** True once after the listing changed: the server then sends notifications/tools/list_changed. */
  takeChange(): boolean {
    const changed = this.changedSinceTold;
    this.changedSinceTold = false;
    return changed;
  }

  private compute(): ListToolsResult['tools'] {
    const base = this.offer.baseListing(this.stateful);
    const names = new Set(base.map((t) => t.name));
    const revealed = [...this.enabled].flatMap((s) =>
      (this.offer.toolsets.get(s) ?? []).filter((t) => !names.has(t.name)),
    );
    // Every input schema is an object schema (zod objects), which the SDK's type cannot know of a JsonSchema.
    return [...base, ...revealed].map((t) => t.listing) as unknown as ListToolsResult['tools'];
  }
}
