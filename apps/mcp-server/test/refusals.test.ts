import { commands } from '@hostkit/core';
import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from './checks';
import { COMPOSITE_WRITES, examplesFor } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// What the server refuses before anything reaches an API, for every tool: tools that change something
// under --read-only (listed or called directly or through discovery), and invalid arguments (an unknown
// field, each required field missing, each field of the wrong type), each answered with an isError result
// naming the field and what it expects. Nothing reaches the sandbox and nothing is audited.

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});

const READ_COMPOSITES = [
  'hostkit_list_clients',
  'hostkit_find',
  'hostkit_diagnose',
  'hostkit_costs',
  'hostkit_wait_for_server',
  'hostkit_usage_chart',
];
const MUTATING = [
  ...commands.filter((c) => c.risk !== 'read').map((c) => c.tool),
  ...Object.keys(COMPOSITE_WRITES),
];

/** Calls a tool; a protocol error (such as an unknown tool) comes back as its message. */
async function attempt(
  client: Client,
  name: string,
  args: unknown,
): Promise<{ refused: boolean; text: string }> {
  try {
    const result = (await client.callTool({
      name,
      arguments: args as Record<string, unknown>,
    })) as CallToolResult;
    return { refused: result.isError === true, text: textOf(result) };
  } catch (e) {
    return { refused: true, text: (e as Error).message };
  }
}

describe('--read-only', () => {
  it('lists no tool that changes anything, and refuses every one called by name, sending nothing', async () => {
    const client = await connectStdio(world, {
      args: ['--toolsets', 'all', '--read-only'],
      elicit: 'accept',
    });
    try {
      world.sandbox.requests.clear();
      const { tools } = await client.listTools();
      const reads = commands.filter((c) => c.risk === 'read').map((c) => c.tool);
      expect(tools.map((t) => t.name).sort()).toEqual([...reads, ...READ_COMPOSITES].sort());
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const examples = examplesFor(world);
      expect(MUTATING.length).toBeGreaterThan(50);
      for (const name of MUTATING) {
        const { refused, text } = await attempt(client, name, examples[name]?.input);
        expect(refused, `${name}: ${text}`).toBe(true);
      }
      expect(world.sandbox.requests.entries()).toEqual([]);
      expect(world.auditLines()).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('refuses them through hostkit_call_tool in discovery mode too', async () => {
    const client = await connectStdio(world, { args: ['--discovery', '--read-only'], elicit: 'accept' });
    try {
      world.sandbox.requests.clear();
      const examples = examplesFor(world);
      for (const name of MUTATING) {
        const { refused, text } = await attempt(client, 'hostkit_call_tool', {
          name,
          arguments: examples[name]?.input ?? {},
        });
        expect(refused, `${name}: ${text}`).toBe(true);
      }
      const found = await client.callTool({
        name: 'hostkit_search_tools',
        arguments: { query: 'delete record' },
      });
      const names = (found.structuredContent as Json).tools.map((t: Json) => t.name);
      expect(names.filter((n: string) => MUTATING.includes(n))).toEqual([]);
      expect(world.sandbox.requests.entries()).toEqual([]);
      expect(world.auditLines()).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

/** A value of the wrong JSON type for a property schema, or undefined when the property has no simple type. */
function wrongValue(schema: Json): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
    case 'object':
      return 'text';
    default:
      return undefined;
  }
}

interface Case {
  tool: string;
  kind: 'unknown field' | 'missing' | 'wrong type';
  field: string;
  args: Record<string, unknown>;
}

function casesOf(tool: Tool, valid: Record<string, unknown>): Case[] {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, Json>;
  const required = (tool.inputSchema.required ?? []) as string[];
  const cases: Case[] = [
    { tool: tool.name, kind: 'unknown field', field: 'bogus_field', args: { ...valid, bogus_field: 1 } },
  ];
  for (const field of required) {
    const { [field]: _gone, ...rest } = valid;
    cases.push({ tool: tool.name, kind: 'missing', field, args: rest });
  }
  for (const [field, schema] of Object.entries(properties)) {
    const wrong = wrongValue(schema);
    if (field !== 'confirmationId' && wrong !== undefined)
      cases.push({ tool: tool.name, kind: 'wrong type', field, args: { ...valid, [field]: wrong } });
  }
  return cases;
}

describe('invalid arguments', () => {
  it('are refused for every tool with isError naming the field and what it expects, sending nothing', {
    timeout: 60_000,
  }, async () => {
    // A client that accepts every confirmation: only validation stands between these calls and the API.
    const client = await connectStdio(world, { args: ['--toolsets', 'all'], elicit: 'accept' });
    try {
      world.sandbox.requests.clear();
      const audited = world.auditLines().length;
      const { tools } = await client.listTools();
      const examples = examplesFor(world);
      const cases = tools.flatMap((t) => casesOf(t, examples[t.name]?.input ?? {}));
      expect(cases.length).toBeGreaterThan(400);
      const failures: string[] = [];
      for (let i = 0; i < cases.length; i += 16) {
        const batch = cases.slice(i, i + 16);
        const results = await Promise.all(
          batch.map((c) => client.callTool({ name: c.tool, arguments: c.args }) as Promise<CallToolResult>),
        );
        results.forEach((result, j) => {
          const c = batch[j] as Case;
          const text = textOf(result);
          const expects =
            c.kind === 'unknown field'
              ? text.includes(`"${c.field}"`) && text.includes('unknown field')
              : new RegExp(`(^|[ ;.])${c.field}(\\.[\\w-]+)*: [^;]*(expected|required|must)`).test(text);
          if (
            result.isError !== true ||
            (result.structuredContent as Json)?.error !== 'invalid_input' ||
            !expects ||
            !text.includes('Nothing was sent')
          )
            failures.push(`${c.tool} ${c.kind} ${c.field}: ${text}`);
        });
      }
      expect(failures).toEqual([]);
      expect(world.sandbox.requests.entries()).toEqual([]);
      expect(world.auditLines()).toHaveLength(audited);
    } finally {
      await client.close();
    }
  });
});
