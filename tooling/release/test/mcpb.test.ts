import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMcpConfigForManifest, type McpbManifestAny } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../src/artifacts.js';
import { cleanEnv, PACKAGES, packageVersion, RELEASE_DIR, run, scratchDir } from '../src/pack.js';
import { isAccountVariable, isSecretVariable, readJson, serverVariables } from '../src/variables.js';

// The Claude Desktop bundle: its manifest validated by @anthropic-ai/mcpb, the .mcpb packed, unpacked and
// started the way a host starts it (mcpb's own getMcpConfigForManifest) with no setting filled in, where
// it must run on the embedded sandbox.
const mcpbCli = join(RELEASE_DIR, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const manifestFile = join(PACKAGES.mcpServer, 'mcpb', 'manifest.json');
const manifest = readJson<McpbManifestAny>(PACKAGES.mcpServer, join('mcpb', 'manifest.json'));
const scratch = scratchDir('mcpb');
const unpacked = join(scratch.dir, 'unpacked');
let bundle: string;

beforeAll(() => {
  bundle = artifact('mcpb', scratch.dir);
  run(process.execPath, [mcpbCli, 'unpack', bundle, unpacked], { cwd: scratch.dir });
});
afterAll(() => scratch.remove());

/** Starts the unpacked bundle as the host would, with `userConfig` as the settings the user filled in. */
async function connect(m: McpbManifestAny): Promise<Client> {
  const config = await getMcpConfigForManifest({
    manifest: m,
    extensionPath: unpacked,
    systemDirs: { HOME: scratch.dir, DESKTOP: scratch.dir, DOCUMENTS: scratch.dir },
    userConfig: {},
    pathSeparator: '/',
  });
  if (!config) throw new Error('the host would not start the bundle (required settings missing?)');
  expect(config.command).toBe('node');
  const base = Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => !k.startsWith('HOSTKIT_')));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: config.args ?? [],
    env: { ...base, HOME: scratch.dir, ...config.env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'hostkit-mcpb-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function expectSandbox(client: Client): Promise<void> {
  try {
    const result = await client.callTool({ name: 'deploi_get_servers', arguments: {} });
    expect(result.isError ?? false).toBe(false);
    const { servers } = result.structuredContent as { servers: unknown[] };
    expect(servers.length).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
}

describe('the Claude Desktop bundle (.mcpb)', () => {
  it('has a manifest `mcpb validate` accepts, at the package version', () => {
    const out = run(process.execPath, [mcpbCli, 'validate', manifestFile], { cwd: PACKAGES.mcpServer });
    expect(out).toMatch(/Manifest schema validation passes/);
    expect(manifest.version).toBe(packageVersion(PACKAGES.mcpServer));
  });

  it('asks for every account setting, all optional, secrets sensitive, each passed as its variable', () => {
    const userConfig = manifest.user_config ?? {};
    const env = manifest.server.mcp_config.env ?? {};
    const names = serverVariables();
    // Every variable except the HTTP bearer token (the bundle speaks stdio) is a setting.
    // Claude Desktop runs the server over stdio: the HTTP settings do not apply.
    expect(Object.keys(env).sort()).toEqual(names.filter((n) => !n.startsWith('HOSTKIT_HTTP_')));
    expect(names.filter(isAccountVariable).every((n) => n in env)).toBe(true);
    for (const [name, value] of Object.entries(env)) {
      const key = /^\$\{user_config\.(\w+)\}$/.exec(value)?.[1];
      expect(key, `${name} comes from a setting`).toBeDefined();
      const option = userConfig[key as string];
      expect(option, `user_config.${key}`).toBeDefined();
      expect(option?.required ?? false, `${key} is optional`).toBe(false);
      expect(option?.sensitive === true, `${key} sensitive`).toBe(isSecretVariable(name));
      // An empty default makes the host pass "" for a setting left empty, which the server reads as unset.
      expect(option?.default, `${key} default`).toBe('');
    }
  });

  it('packs the server, its chunks, the icon and the licence, and no node_modules', () => {
    const files = readdirSync(unpacked, { recursive: true }).map(String).sort();
    for (const f of ['manifest.json', 'icon.png', 'LICENSE', 'server/hostkit-mcp.mjs'])
      expect(files).toContain(f);
    expect(files.some((f) => /^server\/chunks\/.+\.mjs$/.test(f))).toBe(true);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
    expect(existsSync(join(unpacked, manifest.server.entry_point))).toBe(true);
    expect(readFileSync(join(unpacked, 'icon.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs on the embedded sandbox when no setting is filled in (the host passes "")', async () => {
    await expectSandbox(await connect(manifest));
  });

  it('runs on the sandbox too when a host passes the unreplaced user_config placeholders', async () => {
    // Hosts that apply no defaults leave "${user_config.key}" in the environment for an empty setting.
    const noDefaults = structuredClone(manifest);
    for (const option of Object.values(noDefaults.user_config ?? {})) delete option.default;
    const config = await getMcpConfigForManifest({
      manifest: noDefaults,
      extensionPath: unpacked,
      systemDirs: {},
      userConfig: {},
      pathSeparator: '/',
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is what is tested
    expect(config?.env?.HOSTKIT_DEPLOI_USERNAME).toBe('${user_config.deploi_username}');
    await expectSandbox(await connect(noDefaults));
  });
});
