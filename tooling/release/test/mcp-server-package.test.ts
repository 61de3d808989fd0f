import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../src/artifacts.js';
import {
  cleanEnv,
  emptyProject,
  npmInstallOffline,
  PACKAGES,
  packageVersion,
  runTool,
  scratchDir,
  tarballFiles,
  tarballText,
} from '../src/pack.js';

// @hostkit/mcp-server as npm users get it: the packed tarball, installed with no network into an empty
// folder outside the workspace, run with `npx hostkit-mcp --sandbox` through the official MCP client.
const scratch = scratchDir('mcp-package');
const project = scratchDir('mcp-install');
let tarball: string;

beforeAll(() => {
  tarball = artifact('mcp-server', scratch.dir);
});
afterAll(() => {
  scratch.remove();
  project.remove();
});

describe('the @hostkit/mcp-server tarball', () => {
  it('holds the bundle, README and LICENSE only, and a manifest with nothing to install', () => {
    const files = tarballFiles(tarball);
    expect(files).toContain('dist/hostkit-mcp.js');
    expect(files.filter((f) => f.startsWith('dist/chunks/') && f.endsWith('.mjs')).length).toBeGreaterThan(0);
    for (const f of ['package.json', 'README.md', 'LICENSE']) expect(files).toContain(f);
    expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);

    const manifest = JSON.parse(tarballText(tarball, 'package.json')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.private).toBeUndefined();
    expect(manifest).toMatchObject({
      name: '@hostkit/mcp-server',
      version: packageVersion(PACKAGES.mcpServer),
      license: 'MIT',
      mcpName: 'io.github.hostkit-dev/hostkit',
      bin: { 'hostkit-mcp': './dist/hostkit-mcp.js' },
      engines: { node: '>=20.19' },
      repository: { url: 'git+https://github.com/hostkit-dev/hostkit.git', directory: 'apps/mcp-server' },
    });
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
    expect(tarballText(tarball, 'dist/hostkit-mcp.js').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('passes publint (strict: warnings fail)', () => {
    expect(runTool('publint', ['run', tarball, '--strict'], scratch.dir)).toMatch(/All good/);
  });

  it('installs offline into an empty folder and adds no other package', () => {
    emptyProject(project.dir, 'hostkit-mcp-user');
    const local = join(project.dir, basename(tarball));
    copyFileSync(tarball, local);
    // What a user would type (`npm install --offline --no-audit --no-fund ./hostkit-mcp-server-….tgz`),
    // with an empty cache of its own: only the tarball can satisfy it.
    npmInstallOffline(project.dir, [`./${basename(tarball)}`]);
    const modules = join(project.dir, 'node_modules');
    expect(readdirSync(modules).filter((f) => !f.startsWith('.'))).toEqual(['@hostkit']);
    expect(readdirSync(join(modules, '@hostkit'))).toEqual(['mcp-server']);
    expect(existsSync(join(modules, '.bin', 'hostkit-mcp'))).toBe(true);
  });

  it('runs as `npx hostkit-mcp --sandbox`: tools/list and a call over stdio', async () => {
    const env = Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => !k.startsWith('HOSTKIT_')));
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['hostkit-mcp', '--sandbox'],
      cwd: project.dir,
      env: {
        ...env,
        HOME: project.dir,
        npm_config_offline: 'true',
        npm_config_cache: join(project.dir, '.npm-cache'),
        HOSTKIT_AUDIT_LOG: join(project.dir, 'audit.jsonl'),
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'hostkit-package-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      // The default listing: a few everyday tools and the discovery tools that reach every other one,
      // which may also be called by name.
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['hostkit_search_tools', 'hostkit_upsert_dns_record']),
      );
      expect(tools.map((t) => t.name)).not.toContain('deploi_get_servers');
      const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
      expect(result.isError ?? false).toBe(false);
      const { servers } = result.structuredContent as { servers: { name: string }[] };
      expect(servers.length).toBeGreaterThan(0);
      expect(client.getServerVersion()).toMatchObject({ version: packageVersion(PACKAGES.mcpServer) });
    } finally {
      await client.close();
    }
  });
});
