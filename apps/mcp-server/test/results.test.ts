import type { Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesFor, jsonSchemaValidator, restorer } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// Results shaped for an agent, checked over the official client against the sandbox: for every read
// tool, structured content valid against its advertised output schema, a text block that is a compact
// rendering and not a copy of it, and no empty field anywhere. Then lists on the scale seed (1,000
// servers, 500 domains): filters, limit and cursor return exactly the matching rows with the right
// total, every page within the budget, and a cut list says how to narrow.

/** Paths of fields that carry nothing: "", null, [] or {}. */
function emptyFields(value: unknown, path = ''): string[] {
  if (value === '' || value === null) return [path];
  if (Array.isArray(value)) {
    if (value.length === 0) return [path];
    return value.flatMap((v, i) => emptyFields(v, `${path}[${i}]`));
  }
  if (typeof value === 'object' && value !== undefined) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [path || '(root)'];
    return entries.flatMap(([k, v]) => emptyFields(v, path ? `${path}.${k}` : k));
  }
  return [];
}

describe('every read tool', () => {
  let world: World;
  let client: Client;
  let tools: Tool[];
  beforeAll(async () => {
    world = await startWorld();
    client = await connectStdio(world, { args: ['--toolsets', 'all', '--read-only'] });
    tools = (await client.listTools()).tools;
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  it('answers with valid structured content, a compact text that is not its JSON, and no empty field', async () => {
    const ajv = jsonSchemaValidator();
    const restore = restorer(world);
    const failures: string[] = [];
    let checked = 0;
    for (const tool of tools) {
      restore();
      const example = examplesFor(world)[tool.name];
      // The discovery meta-tools and the one read a person must allow are checked elsewhere.
      if (!example || tool.name === 'deploi_get_kube_config') continue;
      restore(example);
      const result = await client.callTool({ name: tool.name, arguments: example.input });
      if (result.isError) {
        failures.push(`${tool.name}: ${textOf(result)}`);
        continue;
      }
      checked += 1;
      const structured = result.structuredContent;
      if (tool.outputSchema) {
        const validate = ajv.compile(tool.outputSchema as Parameters<typeof ajv.compile>[0]);
        if (!validate(structured)) failures.push(`${tool.name}: ${ajv.errorsText(validate.errors)}`);
      }
      const text = textOf(result);
      const json = JSON.stringify(structured);
      if (json.length > 2 && text.includes(json)) failures.push(`${tool.name}: the text repeats the JSON`);
      if (/"success":|\bmessageId\b/.test(text)) failures.push(`${tool.name}: the text carries the envelope`);
      if (structured && Object.hasOwn(structured, 'success'))
        failures.push(`${tool.name}: the envelope is in the data`);
      const empty = emptyFields(structured ?? {});
      if (empty.length && json !== '{}') failures.push(`${tool.name}: empty fields ${empty.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(45);
  });
});

describe('lists on the scale seed', () => {
  let world: World;
  let client: Client;
  type Servers = {
    servers: { id: number; name: string; status: string; mainip?: string }[];
    total: number;
    next?: string;
  };
  beforeAll(async () => {
    world = await startWorld({ scale: 'scale', seed: 11 });
    client = await connectStdio(world);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  const servers = async (args: Record<string, unknown>) => {
    const result = await client.callTool({ name: 'deploi_get_servers', arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    return {
      data: result.structuredContent as Servers,
      text: textOf(result),
      bytes: JSON.stringify(result.structuredContent).length,
    };
  };
  // The oracle: the sandbox's own state, filtered here.
  const seeded = () => world.sandbox.state.get().servers.filter((s) => s.clientId === 101);

  it('filters exactly the matching rows, with the total of all that match', async () => {
    const off = seeded().filter((s) => s.status === 'off');
    expect(off.length).toBeGreaterThan(0);
    const { data } = await servers({ where: { status: 'off' }, limit: 500, fields: ['status'] });
    expect(data.total).toBe(off.length);
    expect(data.servers.map((s) => s.id)).toEqual(off.map((s) => s.id));
    const pattern = seeded().filter((s) => /^web-1/.test(s.name));
    const named = await servers({ where: { name: 'web-1*' }, limit: 500, fields: ['name'] });
    expect(named.data.servers.map((s) => s.id)).toEqual(pattern.map((s) => s.id));
    // A field the rows do not have is an error naming the fields they have, not an empty list.
    const wrong = await client.callTool({
      name: 'deploi_get_servers',
      arguments: { where: { colour: 'red' } },
    });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toContain('where.colour: the rows have no field "colour"');
  });

  it('pages with limit and cursor through every row exactly once, each page within the budget', async () => {
    const all = seeded();
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await servers({ limit: 200, fields: ['name'], ...(cursor ? { cursor } : {}) });
      expect(page.data.total).toBe(all.length);
      expect(page.bytes).toBeLessThanOrEqual(16 * 1024);
      seen.push(...page.data.servers.map((s) => s.id));
      cursor = page.data.next;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toEqual(all.map((s) => s.id));
    // A cursor is only good for the query it came from.
    const first = await servers({ limit: 10, fields: ['name'] });
    const other = await client.callTool({
      name: 'deploi_get_servers',
      arguments: { limit: 10, where: { status: 'off' }, cursor: first.data.next },
    });
    expect(textOf(other)).toContain('cursor: cursor is not the `next` of a page of this same query');
  });

  it('cuts a list that would exceed the budget, with the total and how to see the rest', async () => {
    const all = seeded();
    const big = await servers({ limit: 500 });
    expect(big.bytes).toBeLessThanOrEqual(16 * 1024);
    expect(big.data.total).toBe(all.length);
    expect(big.data.servers.length).toBeLessThan(Math.min(500, all.length));
    expect(big.data.next).toBeDefined();
    const more = all.length - big.data.servers.length;
    expect(big.text.split('\n')[0]).toContain(
      `${more} more servers: narrow with where, match or fields, or pass cursor "${big.data.next}"`,
    );
    // Only the rows shown had their IP looked up: one GetServerInfo per row returned.
    world.sandbox.requests.clear();
    const few = await servers({ limit: 3 });
    expect(world.commandsSent().filter((c) => c === 'GetServerInfo')).toHaveLength(3);
    expect(few.data.servers.every((s) => typeof s.mainip === 'string')).toBe(true);
  });

  it('finds across every zone and client, says what it searched, and never stops silently', async () => {
    const state = world.sandbox.state.get();
    const value = state.domains.flatMap((d) => d.records).find((r) => r.type === 'A')?.value ?? '';
    const matching = state.domains.flatMap((d) =>
      d.records.filter((r) => r.value === value).map((r) => r.host),
    );
    const result = await client.callTool({
      name: 'hostkit_find',
      arguments: { query: value, kinds: ['dns-record'], limit: 500 },
    });
    const found = result.structuredContent as {
      matches: { name: string }[];
      total: number;
      searched: Record<string, number>;
    };
    expect(found.total).toBe(matching.length);
    expect(found.searched.zones).toBe(
      state.domains.filter((d) => d.clientId === 101 || d.clientId === 102).length,
    );
    expect(JSON.stringify(result.structuredContent).length).toBeLessThanOrEqual(16 * 1024);
    if (found.matches.length < found.total) expect(textOf(result)).toMatch(/\d+ more matches/);
  });
});
