import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commands } from '@hostkit/core';
import { type Sandbox, startSandbox } from '@hostkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../src/artifacts.js';
import {
  catalogRange,
  cleanEnv,
  emptyProject,
  installedPackageDir,
  npmInstallOffline,
  PACKAGES,
  packageVersion,
  readTarballJson,
  runTool,
  scratchDir,
  tarballFiles,
  tarballText,
  tarInstalledPackage,
} from '../src/pack.js';

// @hostkit/core as a library: the packed tarball installed into an empty plain-JavaScript ESM project
// and into a TypeScript project (`moduleResolution: nodenext`), each calling the registry and a typed
// DeploiClient.call against a sandbox started here. zod, its one dependency, is packed from the
// workspace's install, so the installs need no network.
const execFileAsync = promisify(execFile);
const scratch = scratchDir('core-package');
let tarball: string;
let zodTarball: string;
let sandbox: Sandbox;

beforeAll(async () => {
  tarball = artifact('core', scratch.dir);
  zodTarball = tarInstalledPackage(installedPackageDir(PACKAGES.core, 'zod'), scratch.dir);
  sandbox = await startSandbox({ seed: 3 });
});
afterAll(async () => {
  await sandbox?.stop();
  scratch.remove();
});

/** The sandbox's Deploi address and demo login, for the projects' environment. */
function sandboxEnv(): Record<string, string> {
  return cleanEnv({
    DEPLOI_URL: sandbox.deploiUrl,
    DEPLOI_USERNAME: sandbox.credentials.deploi.username,
    DEPLOI_PASSWORD: sandbox.credentials.deploi.password,
  });
}

/**
 * Runs a project's script with Node and parses the one JSON line it prints. Asynchronously: the sandbox
 * answers from this process's event loop.
 */
async function runProject(
  dir: string,
  file: string,
): Promise<{ commands: number; tool: string; servers: string[]; sameOutput: boolean; driftError: string }> {
  const { stdout } = await execFileAsync(process.execPath, [file], {
    cwd: dir,
    env: sandboxEnv(),
    timeout: 60_000,
  });
  return JSON.parse(stdout) as {
    commands: number;
    tool: string;
    servers: string[];
    sameOutput: boolean;
    driftError: string;
  };
}

/** The names of the demo login's first client's servers: the client `clientid` defaults to. */
function expectedServers(): string[] {
  const state = sandbox.state.get();
  const user = state.users.find((u) => u.email === sandbox.credentials.deploi.username);
  return state.servers.filter((s) => s.clientId === user?.clientIds[0]).map((s) => s.name);
}

const program = (
  typed: boolean,
) => `import { commands, DeploiClient, getCommand, outputOf, SchemaDriftError } from '@hostkit/core';
${typed ? "import type { CallResult, SchemaDrift } from '@hostkit/core';\n\ndeclare const process: { env: Record<string, string | undefined> };\n" : ''}
const deploi = new DeploiClient({
  baseUrl: process.env.DEPLOI_URL,
  username: process.env.DEPLOI_USERNAME,
  password: process.env.DEPLOI_PASSWORD,
});
const result = await deploi.call('deploi_get_servers', {});
if (!result.ok) throw new Error(result.drift.message);
const { servers } = result.output;
${
  typed
    ? `const ids: number[] = (servers ?? []).map((s) => s.id);
const drift: SchemaDrift | undefined = result.drift;
const same: CallResult<typeof result.output> = result;
// @ts-expect-error: the output is only there once ok is checked, so this must not compile.
const unchecked = (await deploi.call('deploi_get_servers', {})).output.servers;
// @ts-expect-error: the typed input of GetServers has no such field, so this must not compile.
await deploi.call('deploi_get_servers', { nosuchfield: 1 }).catch(() => undefined);
void ids, drift, same, unchecked;
`
    : ''
}console.log(JSON.stringify({
  commands: commands.length,
  tool: getCommand('GetServers')?.tool,
  servers: (servers ?? []).map((s) => s.name),
  sameOutput: outputOf(result) === result.output,
  driftError: new SchemaDriftError({ provider: 'deploi', command: 'deploi_get_servers', raw: {}, issues: [], dropped: [], message: 'm' }).code,
}));
`;

describe('the @hostkit/core tarball', () => {
  it('holds the built ESM and declarations, its sources, README and LICENSE; depends on zod only', () => {
    const files = tarballFiles(tarball);
    for (const f of [
      'dist/index.js',
      'dist/index.d.ts',
      'src/index.ts',
      'package.json',
      'README.md',
      'LICENSE',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => /(^|\/)test\//.test(f) || f.endsWith('.test.ts'))).toBe(false);
    const manifest = readTarballJson(tarball, 'package.json');
    expect(manifest).toMatchObject({
      name: '@hostkit/core',
      version: packageVersion(PACKAGES.core),
      license: 'MIT',
      type: 'module',
      repository: { url: 'git+https://github.com/hostkit-dev/hostkit.git', directory: 'packages/core' },
    });
    expect(manifest.private).toBeUndefined();
    const workspace = JSON.parse(readFileSync(join(PACKAGES.core, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(workspace.dependencies.zod).toBe('catalog:');
    // The catalog's range, written out by pnpm pack.
    expect(manifest.dependencies).toEqual({ zod: catalogRange('zod') });
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|catalog:/);
  });

  it('stays runtime-neutral: no node: import in the built code', () => {
    const js = tarballFiles(tarball).filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(10);
    for (const f of js) expect(tarballText(tarball, f), f).not.toMatch(/from ['"]node:|import\(['"]node:/);
  });

  it('passes publint (strict) and attw (ESM-only profile)', () => {
    expect(runTool('publint', ['run', tarball, '--strict'], scratch.dir)).toMatch(/All good/);
    // ESM only: no CommonJS build is shipped, so attw's node10 and node16-from-CJS resolutions do not
    // apply (Node >= 20.19 can still require() it). attw exits non-zero on any problem it reports.
    expect(
      runTool('attw', [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], scratch.dir),
    ).toMatch(/node16 \(from ESM\)/);
  });

  it('works from a plain JavaScript ESM project', async () => {
    const dir = join(scratch.dir, 'js-project');
    mkdirSync(dir);
    emptyProject(dir, 'core-js-user');
    npmInstallOffline(dir, [zodTarball, tarball]);
    writeFileSync(join(dir, 'index.js'), program(false));
    const result = await runProject(dir, 'index.js');
    expect(result.commands).toBe(commands.length);
    expect(result.tool).toBe('deploi_get_servers');
    expect(result.servers.sort()).toEqual(expectedServers().sort());
    expect(result).toMatchObject({ sameOutput: true, driftError: 'schema_drift' });
  });

  it('type-checks and works from a TypeScript project with moduleResolution nodenext', async () => {
    const dir = join(scratch.dir, 'ts-project');
    mkdirSync(dir);
    emptyProject(dir, 'core-ts-user');
    npmInstallOffline(dir, [zodTarball, tarball]);
    writeFileSync(join(dir, 'index.ts'), program(true));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          // As most projects have it (checking zod's declarations too costs ~8 s); the @ts-expect-error line
          // still proves the declarations resolve: were they \`any\`, it would be an unused directive.
          skipLibCheck: true,
          types: [],
          outDir: 'out',
          noEmitOnError: true,
        },
        files: ['index.ts'],
      }),
    );
    runTool('tsc', ['--noEmit', '-p', 'tsconfig.json'], dir);
    // Checked above: emit only, to run it.
    runTool('tsc', ['-p', 'tsconfig.json', '--noCheck'], dir);
    const result = await runProject(dir, join('out', 'index.js'));
    expect(result.commands).toBe(commands.length);
    expect(result.servers.sort()).toEqual(expectedServers().sort());
    expect(result).toMatchObject({ sameOutput: true, driftError: 'schema_drift' });
  });
});
