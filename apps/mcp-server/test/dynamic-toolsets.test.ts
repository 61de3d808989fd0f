import { commands } from '@hostkit/core';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  connectHttp,
  connectStdio,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';

// Dynamic toolsets: hostkit_enable_toolset lists a toolset's own tools on the calling connection, tells
// the client with notifications/tools/list_changed, and every revealed tool is listed with its registry
// annotations and called as itself, confirmation and read-only included.

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});
beforeEach(() => {
  world.sandbox.state.reset();
  world.sandbox.requests.clear();
});

/** The hints a client reads, the MCP defaults applied to what the server leaves out. */
function hints(tool: Tool) {
  return {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
    ...tool.annotations,
  };
}

/** What a registry command's risk says its hints are (MCP's meaning of each, mapped here). */
function registryHints(name: string) {
  const command = commands.find((c) => c.tool === name);
  if (!command) throw new Error(`${name} is not a registry command`);
  if (command.risk === 'read') return { readOnlyHint: true, openWorldHint: true };
  return {
    readOnlyHint: false,
    destructiveHint: command.risk === 'destructive',
    idempotentHint: command.idempotent,
    openWorldHint: true,
  };
}

/** Counts the list_changed notifications a client receives. */
function watch(client: Client): { count: () => number } {
  let n = 0;
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    n++;
  });
  return { count: () => n };
}

const names = (tools: readonly Tool[]) => tools.map((t) => t.name);
const bytes = (tools: readonly Tool[]) => Buffer.byteLength(JSON.stringify({ tools }));

async function enable(client: Client, toolset: string, enabled = true) {
  return client.callTool({ name: 'hostkit_enable_toolset', arguments: { toolset, enabled } });
}

describe('dynamic toolsets', () => {
  it('enabling a toolset sends list_changed and lists its registry tools with their own annotations and schemas', async () => {
    const client = await connectStdio(world);
    const reference = await connectStdio(world, { args: ['--toolsets', 'dns'] });
    try {
      const changes = watch(client);
      const before = (await client.listTools()).tools;
      // What --toolsets dns lists: the registry's dns commands and the composites of that toolset.
      const listedAsToolset = new Map((await reference.listTools()).tools.map((t) => [t.name, t]));
      const registryDns = commands.filter((c) => c.group === 'dns').map((c) => c.tool);
      expect([...listedAsToolset.keys()]).toEqual(expect.arrayContaining(registryDns));
      const enableTool = before.find((t) => t.name === 'hostkit_enable_toolset');
      // The description names the toolsets and how many tools each has, so no call is needed to learn them.
      expect(enableTool?.description).toContain(`dns ${listedAsToolset.size},`);
      expect(hints(enableTool as Tool)).toMatchObject({ readOnlyHint: true, openWorldHint: false });

      const result = await enable(client, 'dns');
      expect(result.isError, textOf(result)).toBeFalsy();
      // The notification travels on the call's own stream, ahead of its result.
      expect(changes.count()).toBe(1);
      const after = (await client.listTools()).tools;
      const dns = [...listedAsToolset.keys()];
      expect(names(after)).toEqual(expect.arrayContaining([...names(before), ...dns]));
      expect(after).toHaveLength(new Set([...names(before), ...dns]).size);
      for (const name of registryDns) {
        const tool = after.find((t) => t.name === name) as Tool;
        expect(hints(tool), name).toMatchObject(registryHints(name));
      }
      for (const name of dns) {
        // The same listing --toolsets dns gives: its own input and output schemas and annotations.
        expect(
          after.find((t) => t.name === name),
          name,
        ).toEqual(listedAsToolset.get(name));
      }
      process.stdout.write(
        `tools/list bytes: default ${bytes(before)}, after enabling dns ${bytes(after)} (+${bytes(after) - bytes(before)})\n`,
      );

      // Enabling again changes nothing and tells nothing; disabling lists them no longer.
      await enable(client, 'dns');
      expect(changes.count()).toBe(1);
      const off = await enable(client, 'dns', false);
      expect(off.isError, textOf(off)).toBeFalsy();
      expect(changes.count()).toBe(2);
      expect(names((await client.listTools()).tools)).toEqual(names(before));

      const unknown = await client.callTool({
        name: 'hostkit_enable_toolset',
        arguments: { toolset: 'nope' },
      });
      expect(unknown.isError).toBe(true);
      expect(changes.count()).toBe(2);
    } finally {
      await client.close();
      await reference.close();
    }
  });

  it('search names the toolset that lists each hit', async () => {
    const client = await connectStdio(world);
    try {
      const found = await client.callTool({ name: 'hostkit_search_tools', arguments: { query: 'waf' } });
      const hits = (found.structuredContent as { tools: { name: string; toolset: string }[] }).tools;
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        const command = commands.find((c) => c.tool === hit.name);
        if (command) expect(hit.toolset, hit.name).toBe(command.group);
        expect(textOf(found)).toContain(`${hit.name} (`);
      }
      const first = hits[0] as { name: string; toolset: string };
      await enable(client, first.toolset);
      expect(names((await client.listTools()).tools)).toContain(first.name);
    } finally {
      await client.close();
    }
  });

  it('a revealed write tool still asks the person, and a decline sends nothing', async () => {
    const asked: string[] = [];
    const options: ClientOptions = { elicit: 'decline', onElicit: (m) => void asked.push(m) };
    const client = await connectStdio(world, options);
    try {
      await enable(client, 'servers');
      const listed = (await client.listTools()).tools.find((t) => t.name === 'deploi_restart_virtual_server');
      expect(listed && hints(listed)).toMatchObject(registryHints('deploi_restart_virtual_server'));
      const result = await client.callTool({
        name: 'deploi_restart_virtual_server',
        arguments: { id: 1000 },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('declined');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain('1000');
      expect(world.commandsSent()).not.toContain('RestartVirtualServer');
      expect(world.auditLines().at(-1)).toMatchObject({
        tool: 'deploi_restart_virtual_server',
        confirmation: 'declined',
        outcome: 'not-sent',
      });
    } finally {
      await client.close();
    }
  });

  it('read-only: enabling a toolset lists only its read tools, and a write stays unreachable', async () => {
    const client = await connectStdio(world, { args: ['--read-only'] });
    try {
      await enable(client, 'servers');
      const tools = (await client.listTools()).tools;
      const reads = commands.filter((c) => c.group === 'servers' && c.risk === 'read').map((c) => c.tool);
      expect(names(tools)).toEqual(expect.arrayContaining(reads));
      for (const tool of tools) expect(hints(tool).readOnlyHint, tool.name).toBe(true);
      const write = await client
        .callTool({ name: 'deploi_restart_virtual_server', arguments: { id: 1000 } })
        .catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
      expect(write.isError).toBe(true);
      expect(world.commandsSent()).not.toContain('RestartVirtualServer');
    } finally {
      await client.close();
    }
  });

  it('over HTTP each session has its own listing; a 2026-07-28 request is offered no enabling', async () => {
    const http = await startHttp(world);
    const a = await connectHttp(http.url, { era: 'legacy' });
    const b = await connectHttp(http.url, { era: 'legacy' });
    const modern = await connectHttp(http.url, { era: 'modern' });
    try {
      const changes = { a: watch(a), b: watch(b) };
      const base = names((await b.listTools()).tools);
      const result = await enable(a, 'waf');
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(changes.a.count()).toBe(1);
      const waf = commands.filter((c) => c.group === 'waf').map((c) => c.tool);
      expect(names((await a.listTools()).tools)).toEqual(expect.arrayContaining(waf));
      // The other session neither hears of it nor lists them.
      expect(changes.b.count()).toBe(0);
      expect(names((await b.listTools()).tools)).toEqual(base);
      const stateless = names((await modern.listTools()).tools);
      expect(stateless).not.toContain('hostkit_enable_toolset');
      expect(stateless).toContain('hostkit_call_tool');
    } finally {
      await a.close();
      await b.close();
      await modern.close();
      await http.stop();
    }
  });

  it('over HTTP the account toolset lists no session tool, and neither a name nor hostkit_call_tool reaches one', async () => {
    const http = await startHttp(world);
    const client = await connectHttp(http.url, { era: 'legacy' });
    try {
      const result = await enable(client, 'account');
      expect(result.isError, textOf(result)).toBeFalsy();
      const listed = names((await client.listTools()).tools);
      const account = commands
        .filter((c) => c.group === 'account' && c.wire !== 'Login' && c.wire !== 'Logout')
        .map((c) => c.tool);
      expect(account.length).toBeGreaterThan(0);
      expect(listed).toEqual(expect.arrayContaining(account));
      expect(listed).not.toContain('deploi_login');
      expect(listed).not.toContain('deploi_logout');
      const { username, password } = world.sandbox.credentials.deploi;
      await expect(client.callTool({ name: 'deploi_logout', arguments: {} })).rejects.toThrow(/not found/);
      const routed = await client.callTool({
        name: 'hostkit_call_tool',
        arguments: { name: 'deploi_login', arguments: { username, password } },
      });
      expect(routed.isError).toBe(true);
      expect(world.commandsSent()).not.toContain('Logout');
      expect(world.commandsSent()).not.toContain('Login');
    } finally {
      await client.close();
      await http.stop();
    }
  });
});
