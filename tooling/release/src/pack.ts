import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** This package's folder (its node_modules hold the checkers and TypeScript). */
export const RELEASE_DIR = join(ROOT, 'tooling', 'release');

/** Where each publishable package lives. */
export const PACKAGES = {
  core: join(ROOT, 'packages', 'core'),
  mcpServer: join(ROOT, 'apps', 'mcp-server'),
  vscode: join(ROOT, 'apps', 'vscode-extension'),
} as const;

/**
 * The environment without what pnpm adds for its scripts: `npm_config_*` (the user agent names pnpm's
 * Node, the store and registry settings are pnpm's) and lifecycle `npm_*` variables. A nested npm must
 * see none of them, as in apps/vscode-extension/scripts/e2e-setup.sh.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(npm_|pnpm_)/i.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** A new empty folder outside the workspace (the OS temp folder), removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `hostkit-${prefix}-`)));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a command, returning its stdout; on failure the error carries stdout and stderr. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): string {
  try {
    return execFileSync(command, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${options.cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

/**
 * `pnpm pack` of a workspace package into `outDir`: pnpm rewrites `workspace:` and `catalog:` ranges into
 * the versions they stand for, as `pnpm publish` does. Returns the tarball's path.
 */
export function pnpmPack(packageDir: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const out = run('pnpm', ['pack', '--json', '--pack-destination', outDir], {
    cwd: packageDir,
    env: cleanEnv(),
  });
  // pnpm prints the JSON after any lifecycle output.
  const { filename } = JSON.parse(out.slice(out.indexOf('{'))) as { filename: string };
  return filename;
}

/**
 * A tarball of an installed package's folder (a dependency from the pnpm store), for offline installs:
 * its files under `package/`, as npm lays a tarball out. (npm 11's `npm pack <folder>` dies on Node 20
 * with "Exit handler never called".)
 */
export function tarInstalledPackage(packageDir: string, outDir: string): string {
  const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const stage = join(outDir, `${name.replace(/^@/, '').replace('/', '-')}-${version}`);
  rmSync(stage, { recursive: true, force: true });
  cpSync(packageDir, join(stage, 'package'), { recursive: true, dereference: true });
  const tarball = `${stage}.tgz`;
  run('tar', ['-czf', tarball, '-C', stage, 'package'], { cwd: outDir });
  rmSync(stage, { recursive: true, force: true });
  return tarball;
}

/** The real folder of a dependency as `fromPackage` resolves it (pnpm's layout: a symlink into the store). */
export function installedPackageDir(fromPackage: string, name: string): string {
  return realpathSync(join(fromPackage, 'node_modules', name));
}

/** The files a tarball holds, without npm's `package/` prefix. */
export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], { cwd: dirname(tarball) })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
}

/** A file of a tarball, as text. */
export function tarballText(tarball: string, file: string): string {
  return run('tar', ['-xzOf', tarball, `package/${file}`], { cwd: dirname(tarball) });
}

/** An empty npm project (`"type": "module"`) in `dir`. */
export function emptyProject(dir: string, name: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '0.0.0', private: true, type: 'module', ...extra }, null, 2)}\n`,
  );
}

/**
 * `npm install --offline` of local tarballs, with an empty npm cache of its own: it succeeds only when
 * everything it needs is in the tarballs given, so no registry can have been involved.
 */
export function npmInstallOffline(projectDir: string, tarballs: readonly string[]): void {
  run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--cache',
      join(projectDir, '.npm-cache'),
      ...tarballs,
    ],
    { cwd: projectDir },
  );
}

/** The `version` of a package.json. */
export function packageVersion(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The bin of a checker installed in this package (`publint`, `attw`, `tsc`), run with this Node. */
export function runTool(bin: 'publint' | 'attw' | 'tsc', args: readonly string[], cwd: string): string {
  const path = {
    publint: join(RELEASE_DIR, 'node_modules', 'publint', 'src', 'cli.js'),
    attw: join(RELEASE_DIR, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'),
    tsc: join(RELEASE_DIR, 'node_modules', 'typescript', 'bin', 'tsc'),
  }[bin];
  return run(process.execPath, [path, ...args], { cwd });
}

/** A JSON file of a tarball. */
export function readTarballJson(tarball: string, file: string): Record<string, unknown> {
  return JSON.parse(tarballText(tarball, file)) as Record<string, unknown>;
}

/** A package's range in the workspace catalog (pnpm-workspace.yaml). */
export function catalogRange(name: string): string {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const line = yaml.split('\n').find((l) =>
    l
      .trim()
      .replace(/^"|"(?=:)/g, '')
      .startsWith(`${name}:`),
  );
  if (!line) throw new Error(`${name} is not in the workspace catalog`);
  return line.slice(line.indexOf(':') + 1).trim();
}
