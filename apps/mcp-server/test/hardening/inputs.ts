// Inputs for the hardening suites: the server's own tools as the oracle of what its parser accepts (the
// bundle is built from the same source), real values from the sandbox as hints, and valid and invalid
// inputs of any listed tool.
import type { Tool } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CALL_TOOL, discoveryTools } from '../../src/discovery';
import type { HostkitTool } from '../../src/tools';
import { allTools } from '../../src/toolsets';
import type { World } from '../helpers';
import {
  collect,
  deref,
  firstStringField,
  type Hints,
  INJECTION,
  type JsonSchema,
  type Mutation,
  mutationsOf,
  validArb,
} from './arbitraries';

/** Inputs per tool, valid or invalid. */
export const PER_TOOL = 200;

type Obj = Record<string, unknown>;

// The server's own tools, as the oracle of what its parser accepts (the bundle is built from the same source).
/** Every tool of the source, as `--toolsets all` lists them. */
export const LOCAL_TOOLS = allTools(undefined);
const scope = new Map(LOCAL_TOOLS.map((t) => [t.name, t]));
/** The discovery meta-tools. */
export const META_TOOLS = discoveryTools(new Map(scope), true);
const meta = META_TOOLS;
for (const t of meta) scope.set(t.name, t);

/** What the server's call pipeline accepts before anything is sent. */
export function accepts(tool: HostkitTool, raw: Obj): boolean {
  try {
    const parsed = tool.parse(raw);
    if (tool.name === CALL_TOOL) {
      const target = scope.get(String(parsed.name));
      if (!target || meta.includes(target)) return false;
      return accepts(target, (parsed.arguments ?? {}) as Obj);
    }
    if (tool.name === 'hostkit_describe_tool') return scope.has(String(parsed.name));
    return true;
  } catch {
    return false;
  }
}

/** Real values of the sandbox state (ids, domains, IPs, SeFlow names), to reach objects that exist. */
export function hintsOf(world: World): Hints {
  const ints = new Set<number>();
  const domains = new Set<string>();
  const ips = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 10_000_000) ints.add(v);
    else if (typeof v === 'string') {
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) ips.add(v);
      else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v) && v.length < 60) domains.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const state = world.sandbox.state.snapshot();
  walk({ ...state, events: [] });
  return {
    ints: [...ints].slice(0, 400),
    domains: [...domains].slice(0, 200),
    ips: [...ips].slice(0, 200),
    names: state.seflow.servers.map((s) => s.name),
  };
}

/** The source's tool of this name (registry command, composite or meta-tool). */
export function localTool(name: string): HostkitTool {
  const tool = scope.get(name);
  if (!tool) throw new Error(`no tool ${name} in the source`);
  return tool;
}

/** Valid inputs of one tool, as its schema says and its parser agrees (names of real tools for the meta-tools). */
export function validInputs(tool: Tool, seed: number, hints: Hints, count: number): Obj[] {
  const local = localTool(tool.name);
  let arb = validArb(deref(tool.inputSchema as JsonSchema), hints) as fc.Arbitrary<Obj>;
  const names = fc.constantFrom(...LOCAL_TOOLS.map((t) => t.name));
  if (tool.name === 'hostkit_describe_tool')
    arb = fc.oneof(
      arb,
      names.map((name) => ({ name })),
    );
  if (tool.name === CALL_TOOL)
    arb = fc.record({
      name: fc.constantFrom(
        'deploi_get_servers',
        'seflow_showportableip',
        'hostkit_list_clients',
        'deploi_get_domains',
      ),
      arguments: fc.constant({}),
    });
  const { values, draws } = collect(arb, (a) => accepts(local, a), count, seed);
  expect(values.length, `${tool.name}: ${values.length} valid of ${draws} drawn`).toBe(count);
  return values;
}

/** Invalid inputs of one tool: mutations of valid inputs, each refused by the server's own parser. */
export function invalidInputs(tool: Tool, seed: number, hints: Hints, count = PER_TOOL): Mutation[] {
  const local = localTool(tool.name);
  const schema = deref(tool.inputSchema as JsonSchema);
  const reserved: string[] = [];
  const bases = validInputs(tool, seed, hints, 25);
  const arb = fc.constantFrom(...bases).chain((b) => fc.oneof(...mutationsOf(schema, b, reserved)));
  // Unknown keys must be refused whatever the parser says: every tool's input is strict.
  const { values } = collect(arb, (m) => m.kind === 'extra' || !accepts(local, m.args), count, seed);
  if (count < PER_TOOL) return values;
  const one = bases[0] as Obj;
  // A few huge strings per tool (64 KiB; 1 MiB on a handful of tools).
  const big = firstStringField(schema);
  const huge = (n: number) => `${INJECTION[10]} ${'\u{1f4a3}x'.repeat(n / 3)}`;
  values.push({
    kind: 'huge',
    args: { ...one, ['k'.repeat(20)]: huge(65_536) },
    field: `"${'k'.repeat(20)}"`,
  });
  if (big) values.push({ kind: 'huge', args: { ...one, [big]: huge(65_536) }, field: big });
  if (big && ['deploi_add_domain_record', 'seflow_checkstatus', 'hostkit_find'].includes(tool.name))
    values.push({ kind: 'huge', args: { ...one, [big]: huge(1024 * 1024) }, field: big });
  return values;
}
