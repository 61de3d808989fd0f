import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALL_TOOL } from '../src/discovery';
import { DEFAULT_TOOLS, DEFAULT_TOOLSETS } from '../src/selection';
import { connectStdio, startWorld, textOf, type World } from './helpers';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});

async function listWith(args: string[]): Promise<{ tools: Tool[]; bytes: number }> {
  const client = await connectStdio(world, { args });
  try {
    const { tools } = await client.listTools();
    return { tools, bytes: Buffer.byteLength(JSON.stringify({ tools })) };
  } finally {
    await client.close();
  }
}

const sizes: Record<string, number> = {};

// What the default covers, listed in full (the default before the most used tools and discovery).
const CORE_TOOLSETS = ['--toolsets', DEFAULT_TOOLSETS.join(',')];

describe('tools/list', () => {
  it('by default lists the tools chosen by measurement and the meta-tools, under 12 KB, reaching every tool', async () => {
    const { tools, bytes } = await listWith([]);
    sizes.default = bytes;
    expect(bytes).toBeLessThanOrEqual(12 * 1024);
    // What selection.ts says the default is, in its order, then the meta-tools.
    expect(tools.map((t) => t.name)).toEqual([
      ...DEFAULT_TOOLS,
      'hostkit_search_tools',
      'hostkit_enable_toolset',
      'hostkit_describe_tool',
      CALL_TOOL,
    ]);
    // The meta-tools take only the called tool's name and arguments: nothing there can confirm.
    const call = tools.find((t) => t.name === 'hostkit_call_tool');
    expect(Object.keys((call?.inputSchema.properties ?? {}) as object)).toEqual(['name', 'arguments']);
    const client = await connectStdio(world);
    try {
      const found = await client.callTool({
        name: 'hostkit_search_tools',
        arguments: { query: 'restart server' },
      });
      expect(JSON.stringify(found.structuredContent)).toContain('deploi_restart_virtual_server');
      const viaMeta = await client.callTool({
        name: 'hostkit_call_tool',
        arguments: { name: 'deploi_get_server_info', arguments: { id: 1000 } },
      });
      expect(viaMeta.isError, textOf(viaMeta)).toBeFalsy();
      // Dynamic toolsets: what the listing costs once a toolset is enabled (dynamic-toolsets.test.ts).
      const enabled = await client.callTool({
        name: 'hostkit_enable_toolset',
        arguments: { toolset: 'dns' },
      });
      expect(enabled.isError, textOf(enabled)).toBeFalsy();
      const after = (await client.listTools()).tools;
      sizes.defaultAfterEnablingDns = Buffer.byteLength(JSON.stringify({ tools: after }));
      expect(after.length).toBeGreaterThan(tools.length);
    } finally {
      await client.close();
    }
  });

  it('lists whole toolsets with annotations from risk, cached schemas and no $schema', async () => {
    const { tools, bytes } = await listWith(CORE_TOOLSETS);
    sizes.coreToolsets = bytes;
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'hostkit_list_clients',
        'hostkit_find',
        'hostkit_wait_for_server',
        'hostkit_upsert_dns_record',
      ]),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'deploi_get_servers',
        'deploi_get_domain_records',
        'deploi_get_firewalls',
        'seflow_reboot_dserver',
      ]),
    );
    // Other toolsets are not listed, the account tools (login, logout, register…) among them.
    for (const hidden of [
      'deploi_get_domains',
      'deploi_get_sites',
      'deploi_login',
      'deploi_logout',
      'deploi_register',
      'deploi_forgot_password',
    ]) {
      expect(names).not.toContain(hidden);
    }
    expect(JSON.stringify(tools)).not.toContain('$schema');
    const byName = new Map(tools.map((t) => [t.name, t]));
    // Only the hints that differ from the MCP defaults (readOnlyHint false, destructiveHint true,
    // idempotentHint false, openWorldHint true): clients apply the defaults to the rest.
    expect(byName.get('deploi_get_servers')?.annotations).toEqual({ readOnlyHint: true });
    expect(byName.get('deploi_delete_domain_record')?.annotations).toEqual({ idempotentHint: true });
    expect(byName.get('deploi_add_domain_record')?.annotations).toEqual({ destructiveHint: false });
    expect(byName.get('seflow_reboot_dserver')?.annotations).toBeUndefined();
    // clientid is optional everywhere; no tool takes anything a model could pass as consent.
    const servers = byName.get('deploi_get_servers')?.inputSchema as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(servers.properties.clientid).toBeDefined();
    expect(servers.required ?? []).not.toContain('clientid');
    expect(JSON.stringify(tools)).not.toMatch(/confirmationId|"confirm"/);
    // Read tools with data carry an output schema; titles and descriptions are the registry's.
    expect(byName.get('deploi_get_servers')?.outputSchema).toMatchObject({ type: 'object' });
    expect(byName.get('deploi_get_servers')?.title).toBe('List Deploi servers');
  });

  it('lists every tool with --toolsets all, and only read tools with --read-only', async () => {
    const all = await listWith(['--toolsets', 'all']);
    sizes.all = all.bytes;
    // All 103 registry commands (Login, Logout, Register and ForgotPassword in `account`), plus 9 composites.
    expect(all.tools).toHaveLength(112);
    const readOnly = await listWith(['--toolsets', 'all', '--read-only']);
    sizes.readOnlyAll = readOnly.bytes;
    expect(readOnly.tools.length).toBeGreaterThan(40);
    expect(readOnly.tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const readOnlyDefault = await listWith(['--read-only']);
    sizes.readOnlyDefault = readOnlyDefault.bytes;
    expect(readOnlyDefault.tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('narrows with --toolsets and --tools, and refuses unknown names', async () => {
    const dns = await listWith(['--toolsets', 'dns']);
    expect(dns.tools.map((t) => t.name).sort()).toEqual([
      'deploi_add_domain_record',
      'deploi_delete_domain_record',
      'deploi_get_domain_records',
      'deploi_update_domain_record',
      'hostkit_upsert_dns_record',
    ]);
    const picked = await listWith(['--tools', 'deploi_get_servers,hostkit_find']);
    expect(picked.tools.map((t) => t.name).sort()).toEqual(['deploi_get_servers', 'hostkit_find']);
    const mixed = await listWith(['--toolsets', 'kubernetes', '--tools', 'deploi_get_servers']);
    expect(mixed.tools.map((t) => t.name)).toContain('deploi_get_kube_config');
    expect(mixed.tools.map((t) => t.name)).toContain('deploi_get_servers');
    await expect(listWith(['--toolsets', 'nope'])).rejects.toThrow();
  });

  it('serves four small meta-tools in discovery mode that reach every tool', async () => {
    const client = await connectStdio(world, { args: ['--discovery'] });
    try {
      const { tools } = await client.listTools();
      sizes.discovery = Buffer.byteLength(JSON.stringify({ tools }));
      expect(tools.map((t) => t.name)).toEqual([
        'hostkit_search_tools',
        'hostkit_enable_toolset',
        'hostkit_describe_tool',
        'hostkit_call_tool',
      ]);
      expect(sizes.discovery).toBeLessThanOrEqual(3 * 1024);
      const found = await client.callTool({
        name: 'hostkit_search_tools',
        arguments: { query: 'kubernetes config' },
      });
      expect((found.structuredContent as { tools: { name: string }[] }).tools[0]?.name).toBe(
        'deploi_get_kube_config',
      );
      const described = await client.callTool({
        name: 'hostkit_describe_tool',
        arguments: { name: 'deploi_get_server_info' },
      });
      expect(described.structuredContent).toMatchObject({
        name: 'deploi_get_server_info',
        inputSchema: { required: ['id'] },
      });
      const called = await client.callTool({
        name: 'hostkit_call_tool',
        arguments: { name: 'deploi_get_servers', arguments: {} },
      });
      expect(called.isError).toBeFalsy();
      expect((called.structuredContent as { servers: unknown[] }).servers.length).toBeGreaterThan(0);
      const unknown = await client.callTool({
        name: 'hostkit_call_tool',
        arguments: { name: 'deploi_nope', arguments: {} },
      });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain('hostkit_search_tools');
    } finally {
      await client.close();
    }
  });

  it("searches with whole first sentences and, asked, the best hits' schemas; describes for no more than a listing", async () => {
    const { tools: all } = await listWith(['--toolsets', 'all']);
    const listing = new Map(all.map((t) => [t.name, t]));
    const client = await connectStdio(world, { args: ['--discovery'] });
    try {
      type Hit = { name: string; summary: string; inputSchema?: unknown };
      for (const query of ['dns record', 'restart server', 'firewall rule', 'invoice', 'wordpress site']) {
        const found = await client.callTool({
          name: 'hostkit_search_tools',
          arguments: { query, schemas: 2 },
        });
        const hits = (found.structuredContent as { tools: Hit[] }).tools;
        expect(hits.length, query).toBeGreaterThan(2);
        hits.forEach((hit, i) => {
          const description = String(listing.get(hit.name)?.description);
          // The summary is the description's first sentence, whole: it ends a sentence of it.
          expect(description.startsWith(hit.summary), hit.name).toBe(true);
          expect(hit.summary).toMatch(/[.!?]$/);
          const rest = description.slice(hit.summary.length);
          expect(
            rest === '' || /^\s+[A-Z"(]/.test(rest),
            `${hit.name}: cut at "${hit.summary.slice(-20)}"`,
          ).toBe(true);
          // Only the best two carry their input schema, the one tools/list gives.
          if (i < 2) expect(hit.inputSchema).toEqual(listing.get(hit.name)?.inputSchema);
          else expect(hit.inputSchema).toBeUndefined();
        });
      }
      const over: string[] = [];
      for (const tool of all) {
        const described = await client.callTool({
          name: 'hostkit_describe_tool',
          arguments: { name: tool.name },
        });
        const text = Buffer.byteLength(textOf(described));
        if (text > Buffer.byteLength(JSON.stringify(tool))) over.push(`${tool.name}: ${text} B`);
        expect(textOf(described)).toContain(JSON.stringify(tool.inputSchema));
      }
      expect(over).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('returns structured content valid against the advertised output schema', async () => {
    const client = await connectStdio(world, { args: CORE_TOOLSETS });
    try {
      const { tools } = await client.listTools();
      for (const [name, args] of [
        ['deploi_get_servers', {}],
        ['deploi_get_server_info', { id: 1000 }],
        ['hostkit_list_clients', {}],
      ] as const) {
        const tool = tools.find((t) => t.name === name);
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError, textOf(result)).toBeFalsy();
        const schema = z.fromJSONSchema(tool?.outputSchema as Parameters<typeof z.fromJSONSchema>[0]);
        expect(schema.safeParse(result.structuredContent).success).toBe(true);
        // The text is a headline and a compact rendering for clients that only read text, not the JSON.
        const text = textOf(result);
        expect(text.split('\n')[0]).toMatch(/\.$/);
        expect(() => JSON.parse(text.split('\n').slice(1).join('\n'))).toThrow();
        for (const value of leafValues(result.structuredContent)) expect(text).toContain(value);
      }
    } finally {
      await client.close();
    }
  });

  afterAll(() => {
    // The sizes the README quotes; printed so a change shows in the test log.
    process.stdout.write(`tools/list bytes: ${JSON.stringify(sizes)}\n`);
  });
});

/** Every scalar of a structured result, as the text shows it (numbers and plain tokens bare). */
function leafValues(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leafValues);
  if (typeof value === 'object') return Object.values(value).flatMap(leafValues);
  return [String(value)];
}
