// Fuzzing every tool through the built bundle: generated invalid inputs must each be refused with a message
// naming the field, and send nothing; generated valid inputs of every read tool must give a result valid
// against the tool's output schema, or a clear API error. One server process per listing mode.
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_TOOL } from '../../src/discovery';
import { startWorld, type World } from '../helpers';
import { INJECTION, type Mutation } from './arbitraries';
import { hintsOf, invalidInputs, LOCAL_TOOLS, PER_TOOL, validInputs } from './inputs';
import {
  type CallResult,
  call,
  codeOf,
  connectTapped,
  mapLimit,
  outputValidator,
  type Tapped,
} from './support';

const SEED = Number(process.env.HOSTKIT_FUZZ_SEED ?? 20_261_129);
const CONCURRENCY = 24;

type Obj = Record<string, unknown>;

interface Tried {
  tool: string;
  mutation: Mutation;
}

interface Failure {
  tool: string;
  what: string;
  detail: string;
}

let world: World;
let full: Tapped;
let discovery: Tapped;
let fullTools: Tool[];
let metaTools: Tool[];
const invalidPerTool = new Map<string, number>();
const validPerTool = new Map<string, number>();
const kinds: Record<string, number> = {};
const validOutcomes: Record<string, number> = {};
let requestsOnInvalid = -1;
let auditOnInvalid = -1;

beforeAll(async () => {
  world = await startWorld();
  [full, discovery] = await Promise.all([
    connectTapped(world, { args: ['--toolsets', 'all'] }),
    connectTapped(world, { args: ['--discovery'] }),
  ]);
  fullTools = (await full.client.listTools()).tools;
  metaTools = (await discovery.client.listTools()).tools;
}, 60_000);

afterAll(async () => {
  await Promise.all([full?.close(), discovery?.close()]);
  await world?.sandbox.stop();
  const counts = (m: Map<string, number>) => [...m.values()];
  const min = (m: Map<string, number>) => (m.size ? Math.min(...counts(m)) : 0);
  const total = (m: Map<string, number>) => counts(m).reduce((a, b) => a + b, 0);
  console.log(
    `hardening/fuzz: invalid inputs ${total(invalidPerTool)} over ${invalidPerTool.size} tools (min ${min(invalidPerTool)}/tool; ${JSON.stringify(kinds)}), requests reaching the sandbox ${requestsOnInvalid}, audit lines ${auditOnInvalid}; valid inputs ${total(validPerTool)} over ${validPerTool.size} read tools (min ${min(validPerTool)}/tool; ${JSON.stringify(validOutcomes)}); seed ${SEED}`,
  );
});

/** Invalid inputs of hostkit_call_tool: its own fields broken, plus invalid arguments for random target tools. */
function callToolInputs(tool: Tool, seed: number, hints: ReturnType<typeof hintsOf>): Mutation[] {
  const own = invalidInputs(tool, seed, hints).slice(0, PER_TOOL / 2);
  const unknown = [
    'deploi_nope',
    'Login',
    'DEPLOI_GET_SERVERS',
    INJECTION[10] as string,
    CALL_TOOL,
    '../hostkit_find',
  ].map((name): Mutation => ({ kind: 'enum', args: { name, arguments: {} }, field: `"${name}"` }));
  const nested: Mutation[] = [];
  for (let i = 0; nested.length < PER_TOOL / 2; i++) {
    const target = fullTools[(i * 37) % fullTools.length] as Tool;
    const [m] = invalidInputs(target, seed + i, hints, 1);
    if (m) nested.push({ ...m, args: { name: target.name, arguments: m.args } });
  }
  return [...own, ...unknown, ...nested];
}

function checkInvalid(t: Tried, r: CallResult, failures: Failure[]): void {
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
  // Only the meta-tools that take a tool name answer an unknown one with unknown_command.
  const meta = t.tool === CALL_TOOL || t.tool === 'hostkit_describe_tool';
  if (code !== 'invalid_input' && !(meta && code === 'unknown_command')) {
    fail(`error code ${code}`);
    return;
  }
  // As the messages name them: `path: problem`, or an unknown key in quotes ("already quoted" as is).
  const f = t.mutation.field;
  const named = f.startsWith('"') ? f : t.mutation.kind === 'extra' ? `"${f}"` : `${f}:`;
  if (!r.text.includes(named)) fail(`message does not name ${named}`);
}

/** A result of a valid input: schema-valid structured content (and a text that is not a copy of it), or a clear API error. */
function checkValid(
  tool: string,
  args: Record<string, unknown>,
  r: CallResult,
  validate: ((value: unknown) => string | undefined) | undefined,
  failures: Failure[],
): void {
  const fail = (what: string, detail: string): void => {
    failures.push({ tool, what, detail: `${JSON.stringify(args).slice(0, 200)} → ${detail.slice(0, 300)}` });
  };
  if (r.thrown) {
    fail('threw', r.thrown);
    return;
  }
  if (!r.isError) {
    validOutcomes.ok = (validOutcomes.ok ?? 0) + 1;
    const problem = validate?.(r.structured);
    if (problem) {
      fail('output schema', problem);
      return;
    }
    // The text is a compact rendering for clients that only read text: never the JSON again.
    if (r.text.includes(JSON.stringify(r.structured)) || r.text.trim() === '') fail('text', r.text);
    return;
  }
  const code = codeOf(r) ?? 'none';
  validOutcomes[code] = (validOutcomes[code] ?? 0) + 1;
  // What a schema cannot say: a cursor must be one a page returned, a where field one the rows have.
  const narrowing = code === 'invalid_input' && /(cursor|where\.[^:]+|fields): /.test(r.text);
  const clear =
    (['api_error', 'auth_failed', 'unknown_command', 'timeout'].includes(code) || narrowing) &&
    r.text.length > 20;
  if (!clear || /Sandbox bug|Internal error/i.test(r.text)) fail(`error ${code}`, r.text);
}

const asks = (name: string) => LOCAL_TOOLS.find((t) => t.name === name)?.asks === true;

describe('fuzzing every tool', () => {
  it('refuses ≥200 generated invalid inputs per tool, naming the field, sending nothing', async () => {
    // Every tool the source defines is listed with --toolsets all, so every one is fuzzed.
    expect(fullTools.map((t) => t.name).sort()).toEqual(LOCAL_TOOLS.map((t) => t.name).sort());
    expect(metaTools.map((t) => t.name).sort()).toEqual([
      CALL_TOOL,
      'hostkit_describe_tool',
      'hostkit_search_tools',
    ]);
    const hints = hintsOf(world);
    world.sandbox.requests.clear();
    const failures: Failure[] = [];
    const run = async (tapped: Tapped, tools: Tool[], offset: number) => {
      const tried: Tried[] = [];
      tools.forEach((tool, i) => {
        const inputs =
          tool.name === CALL_TOOL
            ? callToolInputs(tool, SEED + offset + i * 101, hints)
            : invalidInputs(tool, SEED + offset + i * 101, hints);
        invalidPerTool.set(tool.name, inputs.length);
        for (const mutation of inputs) {
          tried.push({ tool: tool.name, mutation });
          kinds[mutation.kind] = (kinds[mutation.kind] ?? 0) + 1;
        }
      });
      const results = await mapLimit(tried, CONCURRENCY, (t) => call(tapped.client, t.tool, t.mutation.args));
      for (const [i, r] of results.entries()) checkInvalid(tried[i] as Tried, r, failures);
    };
    await Promise.all([run(full, fullTools, 0), run(discovery, metaTools, 50_000)]);
    requestsOnInvalid = world.sandbox.requests.entries().length;
    auditOnInvalid = world.auditLines().length;

    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
    for (const [name, n] of invalidPerTool) expect(n, name).toBeGreaterThanOrEqual(PER_TOOL);
    expect(invalidPerTool.size).toBe(fullTools.length + metaTools.length);
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

  it('answers ≥200 generated valid inputs per read tool with schema-valid results or clear API errors', async () => {
    const hints = hintsOf(world);
    const reads = [
      // Reads a person must allow (a kubeconfig saved to a file) are the confirmation suites' to test.
      ...fullTools
        .filter((t) => t.annotations?.readOnlyHint && !asks(t.name))
        .map((t) => ({ tool: t, tapped: full })),
      ...metaTools.filter((t) => t.annotations?.readOnlyHint).map((t) => ({ tool: t, tapped: discovery })),
    ];
    expect(reads.length).toBe(LOCAL_TOOLS.filter((t) => t.risk === 'read' && !t.asks).length + 2);
    const failures: Failure[] = [];
    const jobs: { tool: Tool; tapped: Tapped; args: Obj }[] = [];
    reads.forEach(({ tool, tapped }, i) => {
      let values = validInputs(tool, SEED + 900_000 + i * 13, hints, PER_TOOL);
      if (tool.name === 'hostkit_wait_for_server')
        // Valid, but bounded: a wait that cannot end early would hold the suite for timeoutSeconds.
        values = values.map((a) => ({ ...a, timeoutSeconds: 5, intervalSeconds: 6 }));
      validPerTool.set(tool.name, values.length);
      for (const args of values) jobs.push({ tool, tapped, args });
    });
    const validators = new Map(reads.map(({ tool }) => [tool.name, outputValidator(tool)]));
    const results = await mapLimit(jobs, CONCURRENCY, (j) => call(j.tapped.client, j.tool.name, j.args));
    for (const [i, r] of results.entries()) {
      const job = jobs[i] as (typeof jobs)[number];
      checkValid(job.tool.name, job.args, r, validators.get(job.tool.name), failures);
    }
    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
    expect(full.alive() && discovery.alive()).toBe(true);
  }, 150_000);
});
