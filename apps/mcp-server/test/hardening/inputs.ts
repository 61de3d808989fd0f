// Inputs for the hardening suites. What is valid is the advertised JSON Schema's call (AJV, in
// schema-oracle.ts), never the server's parser; values come mostly from the seeded sandbox (each tool's
// known-good example, then real ids, domains and IPs), so valid calls mostly reach objects that exist.
import type { Tool } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { expect } from 'vitest';
import { CALL_TOOL, discoveryTools } from '../../src/discovery';
import type { HostkitTool } from '../../src/tools';
import { allTools } from '../../src/toolsets';
import { examplesFor } from '../examples';
import type { World } from '../helpers';
import {
  collect,
  deref,
  type FieldHints,
  type Hints,
  INJECTION,
  type JsonSchema,
  validArb,
} from './arbitraries';
import { firstStringField, type Mutation, mutationsOf } from './mutations';
import { normalized, type ParserOnlyRule, ruleFor, schemaCheck } from './schema-oracle';

/** Inputs per tool, valid or invalid. */
export const PER_TOOL = 200;

type Obj = Record<string, unknown>;

/** Every tool of the source, as `--toolsets all` lists them (the bundle is built from the same source). */
export const LOCAL_TOOLS = allTools(undefined);
const scope = new Map(LOCAL_TOOLS.map((t) => [t.name, t]));
/** The discovery meta-tools. */
export const META_TOOLS = discoveryTools(new Map(scope), true);
const meta = META_TOOLS;
for (const t of meta) scope.set(t.name, t);

/**
 * Why the server refuses `raw` before sending anything (its parser, and for the meta-tools the name
 * lookup its pipeline does), or undefined when it takes it. Not an oracle of validity: it is what the
 * oracle's verdicts are compared with.
 */
export function refusalOf(tool: HostkitTool, raw: Obj): string | undefined {
  let parsed: Obj;
  try {
    parsed = tool.parse(raw);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (tool.name === CALL_TOOL) {
    const target = scope.get(String(parsed.name));
    if (!target || meta.includes(target)) return `unknown tool ${String(parsed.name)}`;
    return refusalOf(target, (parsed.arguments ?? {}) as Obj);
  }
  if (tool.name === 'hostkit_describe_tool' && !scope.has(String(parsed.name)))
    return `unknown tool ${String(parsed.name)}`;
  return undefined;
}

/** What the server's call pipeline accepts before anything is sent. */
export function accepts(tool: HostkitTool, raw: Obj): boolean {
  return refusalOf(tool, raw) === undefined;
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
  const base: Hints = {
    ints: [...ints].slice(0, 400),
    domains: [...domains].slice(0, 200),
    ips: [...ips].slice(0, 200),
    names: state.seflow.servers.map((s) => s.name),
  };
  return { ...base, field: undefined };
}

/** The leaves of an example input by dotted path (array items as `*`). */
function leaves(value: unknown, path: string, out: Map<string, unknown[]>): Map<string, unknown[]> {
  if (Array.isArray(value)) for (const v of value) leaves(v, path ? `${path}.*` : '*', out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else if (path) out.set(path, [...(out.get(path) ?? []), value]);
  return out;
}

/**
 * `hints` plus, per field of `tool`, the value its shared example gives (which the sandbox's own tests
 * show succeeds) and the values other tools' examples give a field of the same name.
 */
export function hintsFor(world: World, hints: Hints, tool: string): Hints {
  const examples = examplesFor(world);
  const own = leaves(examples[tool]?.input, '', new Map());
  const named = new Map<string, unknown[]>();
  for (const [name, example] of Object.entries(examples)) {
    if (name === tool) continue;
    for (const [path, values] of leaves(example.input, '', new Map())) {
      const last = path.split('.').pop() as string;
      named.set(last, [...(named.get(last) ?? []), ...values]);
    }
  }
  const field = (path: string): FieldHints => ({
    own: own.get(path) ?? [],
    named: named.get(path.split('.').pop() as string) ?? [],
  });
  return { ...hints, field };
}

/** The source's tool of this name (registry command, composite or meta-tool). */
export function localTool(name: string): HostkitTool {
  const tool = scope.get(name);
  if (!tool) throw new Error(`no tool ${name} in the source`);
  return tool;
}

/** Read tools that never ask a person, whose valid inputs the fuzz may send. */
export const QUIET_READS: readonly string[] = LOCAL_TOOLS.filter((t) => t.risk === 'read' && !t.asks).map(
  (t) => t.name,
);

/**
 * Inputs the advertised schema accepts (AJV), `count` of them, drawn from the schema with `hints`. The
 * meta-tools name real tools: their schema says `name` is a string, and which names exist is the server's.
 */
export function schemaValidInputs(tool: Tool, seed: number, hints: Hints, count: number): Obj[] {
  const check = schemaCheck(tool);
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
  const { values, draws } = collect(arb, (a) => check(a) === undefined, count, seed);
  expect(values.length, `${tool.name}: ${values.length} schema-valid of ${draws} drawn`).toBe(count);
  return values;
}

/**
 * Schema-valid inputs the server also takes: bases to break one thing in (so a refusal is about that
 * thing), and what the other suites send. The schema decides validity; the parser only picks bases.
 */
export function validInputs(tool: Tool, seed: number, hints: Hints, count: number): Obj[] {
  const local = localTool(tool.name);
  const check = schemaCheck(tool);
  let arb = validArb(deref(tool.inputSchema as JsonSchema), hints) as fc.Arbitrary<Obj>;
  if (tool.name === 'hostkit_describe_tool' || tool.name === CALL_TOOL)
    arb = fc.constantFrom(...schemaValidInputs(tool, seed, hints, 25));
  const { values, draws } = collect(arb, (a) => check(a) === undefined && accepts(local, a), count, seed);
  expect(values.length, `${tool.name}: ${values.length} valid of ${draws} drawn`).toBe(count);
  return values;
}

/** How the candidates of one tool fared against the schema and the server's parser. */
export interface Verdicts {
  /** Schema-invalid candidates, and schema-valid ones a documented rule refuses: the server must refuse all. */
  refused: (Mutation & { rule?: ParserOnlyRule | undefined })[];
  /** Schema-valid candidates the parser took, as it must. */
  accepted: number;
  /** Schema-invalid candidates that are valid once trimmed or lower-cased, which the parser does first. */
  normalized: number;
  /** Schema-invalid candidates the parser took: the server takes what its schema refuses. */
  takenInvalid: { mutation: Mutation; schema: string }[];
  /** Schema-valid candidates refused by no documented rule: the server refuses what its schema allows. */
  unexplained: { mutation: Mutation; message: string }[];
}

/**
 * Candidates (mutations of valid inputs, and a few huge strings) judged by the advertised schema, until
 * `count` are to be refused. The parser's verdict on each is recorded beside the schema's, so any
 * disagreement is reported.
 */
export function judgedInputs(tool: Tool, seed: number, hints: Hints, count = PER_TOOL): Verdicts {
  const local = localTool(tool.name);
  const check = schemaCheck(tool);
  const schema = deref(tool.inputSchema as JsonSchema);
  const bases = validInputs(tool, seed, hints, 25);
  const verdicts: Verdicts = { refused: [], accepted: 0, normalized: 0, takenInvalid: [], unexplained: [] };
  const judge = (m: Mutation): boolean => {
    const invalid = check(m.args);
    const refusal = refusalOf(local, m.args);
    const normal = normalized(m.args, m.field);
    if (invalid !== undefined) {
      if (refusal !== undefined) verdicts.refused.push(m);
      // Valid once trimmed or lower-cased, as the parser does first: taken, rightly.
      else if (normal && (check(normal.trimmed) === undefined || check(normal.lowered) === undefined))
        verdicts.normalized++;
      else verdicts.takenInvalid.push({ mutation: m, schema: invalid });
      return refusal !== undefined;
    }
    if (refusal === undefined) {
      verdicts.accepted++;
      return false;
    }
    // Invalid once trimmed (white space only where text is required): refused for that field, rightly.
    const rule = ruleFor(tool.name, refusal);
    if (rule || (normal && check(normal.trimmed) !== undefined)) verdicts.refused.push({ ...m, rule });
    else verdicts.unexplained.push({ mutation: m, message: refusal });
    return verdicts.refused.at(-1)?.args === m.args;
  };
  const arb = fc.constantFrom(...bases).chain((b) => fc.oneof(...mutationsOf(schema, b)));
  collect(arb, judge, count, seed);
  if (count >= PER_TOOL) for (const m of hugeInputs(schema, tool.name, bases[0] as Obj)) judge(m);
  return verdicts;
}

/** Inputs the server must refuse: schema-invalid ones, and schema-valid ones a documented rule refuses. */
export function invalidInputs(tool: Tool, seed: number, hints: Hints, count = PER_TOOL): Mutation[] {
  return judgedInputs(tool, seed, hints, count).refused.slice(0, count < PER_TOOL ? count : undefined);
}

/** A few huge strings per tool (64 KiB; 1 MiB on a handful of tools): over any length the schema allows or not, the server must cope. */
function hugeInputs(schema: JsonSchema, tool: string, one: Obj): Mutation[] {
  const out: Mutation[] = [];
  const big = firstStringField(schema);
  const huge = (n: number) => `${INJECTION[10]} ${'\u{1f4a3}x'.repeat(n / 3)}`;
  out.push({ kind: 'huge', args: { ...one, ['k'.repeat(20)]: huge(65_536) }, field: `"${'k'.repeat(20)}"` });
  if (big) out.push({ kind: 'huge', args: { ...one, [big]: huge(65_536) }, field: big });
  if (big && ['deploi_add_domain_record', 'seflow_checkstatus', 'hostkit_find'].includes(tool))
    out.push({ kind: 'huge', args: { ...one, [big]: huge(1024 * 1024) }, field: big });
  return out;
}
