import { commands } from '@hostkit/core';
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, startWorld, type World } from './helpers';

// Every tool's annotations against its registry risk, as a client reads them: the server may leave out
// hints that equal the MCP defaults, so each is compared with the defaults applied.

/** The MCP defaults for hints a server leaves out. */
const DEFAULTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

/** What the composites and the discovery meta-tools are, as the registry would say it. */
const NOT_REGISTRY: Record<
  string,
  { risk: 'read' | 'write' | 'destructive'; idempotent: boolean; openWorld: boolean }
> = {
  hostkit_list_clients: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_find: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_diagnose: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_change_set: { risk: 'destructive', idempotent: false, openWorld: true },
  hostkit_undo: { risk: 'destructive', idempotent: false, openWorld: true },
  hostkit_costs: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_wait_for_server: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_usage_chart: { risk: 'read', idempotent: true, openWorld: true },
  hostkit_upsert_dns_record: { risk: 'destructive', idempotent: true, openWorld: true },
  hostkit_search_tools: { risk: 'read', idempotent: true, openWorld: false },
  hostkit_enable_toolset: { risk: 'read', idempotent: true, openWorld: false },
  hostkit_describe_tool: { risk: 'read', idempotent: true, openWorld: false },
  hostkit_call_tool: { risk: 'destructive', idempotent: false, openWorld: true },
};

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

function expected(name: string) {
  const command = commands.find((c) => c.tool === name);
  const facts = command ? { ...command, openWorld: true } : NOT_REGISTRY[name];
  if (!facts) throw new Error(`${name} is neither a registry command nor a known composite`);
  return facts;
}

function mismatches(tools: readonly Tool[]): string[] {
  const wrong: string[] = [];
  for (const tool of tools) {
    const hints = { ...DEFAULTS, ...tool.annotations };
    const facts = expected(tool.name);
    const want: Partial<typeof DEFAULTS> = {
      readOnlyHint: facts.risk === 'read',
      openWorldHint: facts.openWorld,
      // Meaningful only for a tool that is not read-only (MCP): checked only there.
      ...(facts.risk === 'read'
        ? {}
        : { destructiveHint: facts.risk === 'destructive', idempotentHint: facts.idempotent }),
    };
    for (const [hint, value] of Object.entries(want)) {
      if (hints[hint as keyof typeof DEFAULTS] !== value)
        wrong.push(`${tool.name}.${hint} should be ${value}`);
    }
  }
  return wrong;
}

describe('tools/list annotations and sizes', () => {
  it('gives every tool of --toolsets all the annotations of its registry risk', async () => {
    const all = await listWith(['--toolsets', 'all']);
    expect(all.tools.map((t) => t.name)).toEqual(expect.arrayContaining(commands.map((c) => c.tool)));
    expect(all.tools).toHaveLength(commands.length + 9);
    expect(mismatches(all.tools)).toEqual([]);
    const discovery = await listWith(['--discovery']);
    expect(mismatches(discovery.tools)).toEqual([]);
    const byDefault = await listWith([]);
    expect(mismatches(byDefault.tools)).toEqual([]);
    // Printed so that the sizes can be watched from the test log.
    console.log(`tools/list bytes: default ${byDefault.bytes}, --toolsets all ${all.bytes}`);
  });

  it('lists Login, Logout, Register and ForgotPassword in the account toolset only, not by default', async () => {
    const session = ['deploi_login', 'deploi_logout', 'deploi_register', 'deploi_forgot_password'];
    const account = await listWith(['--toolsets', 'account']);
    expect(account.tools.map((t) => t.name)).toEqual(
      commands.filter((c) => c.group === 'account').map((c) => c.tool),
    );
    expect(account.tools.map((t) => t.name)).toEqual(expect.arrayContaining(session));
    const byDefault = await listWith([]);
    for (const name of session) expect(byDefault.tools.map((t) => t.name)).not.toContain(name);
    // Login is a session write: not read-only, so --read-only leaves it out.
    expect(account.tools.find((t) => t.name === 'deploi_login')?.annotations?.readOnlyHint).toBeUndefined();
    const readOnly = await listWith(['--toolsets', 'account', '--read-only']);
    expect(readOnly.tools.map((t) => t.name)).not.toContain('deploi_login');
    expect(readOnly.tools.map((t) => t.name)).not.toContain('deploi_logout');
  });
});
