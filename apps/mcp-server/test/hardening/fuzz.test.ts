// Fuzzing every tool through the built bundle with inputs its advertised JSON Schema refuses (AJV is the
// oracle, not the server's parser): each must be refused with a message naming the field, and nothing
// sent. Schema-valid candidates are judged too: the parser must take them, unless a documented rule
// (schema-oracle.ts) refuses them, and then the server must refuse them as that rule says. One server
// process per listing mode. The valid-input half is fuzz-valid.test.ts.
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_TOOL } from '../../src/discovery';
import type { World } from '../helpers';
import { INJECTION } from './arbitraries';
import { hintsFor, hintsOf, invalidInputs, judgedInputs, LOCAL_TOOLS, PER_TOOL } from './inputs';
import type { Mutation } from './mutations';
import { constraintCensus, type ParserOnlyRule } from './schema-oracle';
import {
  type CallResult,
  call,
  codeOf,
  FUZZ_CONCURRENCY,
  FUZZ_SEED,
  type FuzzServers,
  mapLimit,
  startFuzzServers,
  type Tapped,
} from './support';

/** A candidate the server must refuse: schema-invalid (no rule), or schema-valid and refused by `rule`. */
type Refused = Mutation & { rule?: ParserOnlyRule | undefined };

interface Tried {
  tool: string;
  mutation: Refused;
}

interface Failure {
  tool: string;
  what: string;
  detail: string;
}

let servers: FuzzServers | undefined;
let world: World;
let full: Tapped;
let discovery: Tapped;
let fullTools: Tool[];
let metaTools: Tool[];
const refusedPerTool = new Map<string, number>();
const kinds: Record<string, number> = {};
const byRule: Record<string, number> = {};
const judged = { schemaValidTaken: 0, normalized: 0 };
let requestsOnInvalid = -1;
let auditOnInvalid = -1;

beforeAll(async () => {
  servers = await startFuzzServers();
  ({ world, full, discovery, fullTools, metaTools } = servers);
}, 60_000);

afterAll(async () => {
  await servers?.stop();
  const counts = [...refusedPerTool.values()];
  console.log(
    `hardening/fuzz: to be refused ${counts.reduce((a, b) => a + b, 0)} over ${refusedPerTool.size} tools (min ${counts.length ? Math.min(...counts) : 0}/tool; ${JSON.stringify(kinds)}; schema-valid but refused by a documented rule ${JSON.stringify(byRule)}); schema-valid candidates taken ${judged.schemaValidTaken}, schema-invalid taken once trimmed or lower-cased ${judged.normalized}; requests reaching the sandbox ${requestsOnInvalid}, audit lines ${auditOnInvalid}; seed ${FUZZ_SEED}`,
  );
});

/** Inputs to refuse for one tool; disagreements between schema and parser go to `failures`. */
function refusedInputs(tool: Tool, seed: number, failures: Failure[]): Refused[] {
  const verdicts = judgedInputs(tool, seed, hintsFor(world, hintsOf(world), tool.name));
  judged.schemaValidTaken += verdicts.accepted;
  judged.normalized += verdicts.normalized;
  for (const { mutation, schema } of verdicts.takenInvalid)
    failures.push({
      tool: tool.name,
      what: 'the parser takes what the schema refuses',
      detail: `${mutation.kind} ${mutation.field}: ${schema}: ${JSON.stringify(mutation.args).slice(0, 200)}`,
    });
  for (const { mutation, message } of verdicts.unexplained)
    failures.push({
      tool: tool.name,
      what: 'the parser refuses what the schema allows, and no documented rule says why',
      detail: `${mutation.kind} ${mutation.field}: ${message.slice(0, 200)}: ${JSON.stringify(mutation.args).slice(0, 200)}`,
    });
  return verdicts.refused;
}

/** Inputs of hostkit_call_tool to refuse: its own, unknown names, and refused arguments of random target tools. */
function callToolInputs(tool: Tool, seed: number, failures: Failure[]): Refused[] {
  const own = refusedInputs(tool, seed, failures).slice(0, PER_TOOL / 2);
  const known = own.find((m) => m.rule?.name === 'known-tool-names')?.rule;
  const unknown = [
    'deploi_nope',
    'Login',
    'DEPLOI_GET_SERVERS',
    INJECTION[10] as string,
    CALL_TOOL,
    '../hostkit_find',
  ].map(
    (name): Refused => ({ kind: 'enum', args: { name, arguments: {} }, field: `"${name}"`, rule: known }),
  );
  // Judged by the target's own advertised schema, which hostkit_describe_tool gives.
  const nested: Refused[] = [];
  for (let i = 0; nested.length < PER_TOOL / 2; i++) {
    const target = fullTools[(i * 37) % fullTools.length] as Tool;
    const [m] = invalidInputs(target, seed + i, hintsFor(world, hintsOf(world), target.name), 1);
    if (m) nested.push({ ...m, args: { name: target.name, arguments: m.args } });
  }
  return [...own, ...unknown, ...nested];
}

function checkRefused(t: Tried, r: CallResult, failures: Failure[]): void {
  const fail = (what: string): void => {
    failures.push({
      tool: t.tool,
      what,
      detail: `${t.mutation.kind} ${JSON.stringify(t.mutation.field)}: ${(r.thrown ?? r.text).slice(0, 300)}`,
    });
  };
  if (r.thrown) {
    fail('threw');
    return;
  }
  if (!r.isError) {
    fail('accepted');
    return;
  }
  const code = codeOf(r);
  const rule = t.mutation.rule;
  // The meta-tools answer a name the server does not have with unknown_command.
  if (rule?.name === 'known-tool-names') {
    if (code !== 'unknown_command') fail(`error code ${code}`);
    return;
  }
  if (code !== 'invalid_input') {
    fail(`error code ${code}`);
    return;
  }
  // A rule other than unknown fields names what it is about itself.
  if (rule && rule.name !== 'strict-inputs') {
    if (!rule.message.test(r.text)) fail(`message is not the ${rule.name} rule's`);
    return;
  }
  // As the messages name them: `path: problem`, or an unknown key in quotes ("already quoted" as is).
  const f = t.mutation.field;
  const named = f.startsWith('"') ? f : t.mutation.kind === 'extra' ? `"${f}"` : `${f}:`;
  if (!r.text.includes(named)) fail(`message does not name ${named}`);
}

describe('fuzzing every tool with inputs to refuse', () => {
  it('trusts schemas whose every constraint is on record (review input-constraints.txt; vitest -u after a deliberate change)', async () => {
    await expect(constraintCensus([...fullTools, ...metaTools])).toMatchFileSnapshot(
      './input-constraints.txt',
    );
  });

  it(`refuses ≥${PER_TOOL} inputs per tool that its schema refuses, naming the field, sending nothing`, async () => {
    // Every tool the source defines is listed with --toolsets all, so every one is fuzzed.
    expect(fullTools.map((t) => t.name).sort()).toEqual(LOCAL_TOOLS.map((t) => t.name).sort());
    expect(metaTools.map((t) => t.name).sort()).toEqual([
      CALL_TOOL,
      'hostkit_describe_tool',
      'hostkit_enable_toolset',
      'hostkit_search_tools',
    ]);
    world.sandbox.requests.clear();
    const failures: Failure[] = [];
    const run = async (tapped: Tapped, tools: Tool[], offset: number) => {
      const tried: Tried[] = [];
      tools.forEach((tool, i) => {
        const seed = FUZZ_SEED + offset + i * 101;
        const inputs =
          tool.name === CALL_TOOL
            ? callToolInputs(tool, seed, failures)
            : refusedInputs(tool, seed, failures);
        refusedPerTool.set(tool.name, inputs.length);
        for (const mutation of inputs) {
          tried.push({ tool: tool.name, mutation });
          kinds[mutation.kind] = (kinds[mutation.kind] ?? 0) + 1;
          if (mutation.rule) byRule[mutation.rule.name] = (byRule[mutation.rule.name] ?? 0) + 1;
        }
      });
      const results = await mapLimit(tried, FUZZ_CONCURRENCY, (t) =>
        call(tapped.client, t.tool, t.mutation.args),
      );
      for (const [i, r] of results.entries()) checkRefused(tried[i] as Tried, r, failures);
    };
    await Promise.all([run(full, fullTools, 0), run(discovery, metaTools, 50_000)]);
    requestsOnInvalid = world.sandbox.requests.entries().length;
    auditOnInvalid = world.auditLines().length;

    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
    for (const [name, n] of refusedPerTool) expect(n, name).toBeGreaterThanOrEqual(PER_TOOL);
    expect(refusedPerTool.size).toBe(fullTools.length + metaTools.length);
    // Not only by rules: most of what is refused, the schema itself refuses.
    const ruled = Object.values(byRule).reduce((a, b) => a + b, 0);
    expect(ruled).toBeLessThan([...refusedPerTool.values()].reduce((a, b) => a + b, 0) / 2);
    // The other half of the oracle ran too: schema-valid candidates were judged, and taken.
    expect(judged.schemaValidTaken).toBeGreaterThan(500);
    // Nothing reached the API, and nothing was audited: every refusal happened before any request.
    expect(world.sandbox.requests.entries()).toEqual([]);
    expect(world.auditLines()).toEqual([]);
    // Both processes survived (no crash, no unhandled rejection) and still answer.
    for (const tapped of [full, discovery]) {
      expect(tapped.alive()).toBe(true);
      expect(tapped.stderr()).not.toMatch(/unhandled|uncaught|TypeError|RangeError|hostkit-mcp: error/i);
    }
    const after = await call(full.client, 'deploi_get_servers', {});
    expect(after.isError, after.text).toBe(false);
    const viaMeta = await call(discovery.client, CALL_TOOL, { name: 'deploi_get_servers', arguments: {} });
    expect(viaMeta.isError, viaMeta.text).toBe(false);
  }, 150_000);
});
