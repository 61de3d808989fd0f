import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, ROOT } from './env';

export interface BundleSize {
  /** The entry and every chunk. */
  totalBytes: number;
  /** The entry and the chunks it imports statically: what start-up reads. */
  startupBytes: number;
  files: Record<string, number>;
}

/** dist/hostkit-mcp.js and dist/chunks/*. */
export function bundleSize(): BundleSize {
  const dist = join(ROOT, 'apps', 'mcp-server', 'dist');
  const files: Record<string, number> = { 'hostkit-mcp.js': statSync(BUNDLE).size };
  const chunks = join(dist, 'chunks');
  if (existsSync(chunks)) {
    for (const f of readdirSync(chunks)) files[`chunks/${f}`] = statSync(join(chunks, f)).size;
  }
  const entry = readFileSync(BUNDLE, 'utf8');
  const statics = [...entry.matchAll(/from\s*["']\.\/(chunks\/[^"']+)["']/g)].map((m) => m[1] as string);
  const startupBytes = (files['hostkit-mcp.js'] ?? 0) + statics.reduce((n, f) => n + (files[f] ?? 0), 0);
  const totalBytes = Object.values(files).reduce((a, b) => a + b, 0);
  return { totalBytes, startupBytes, files };
}

export type VsixSize =
  | { measured: true; file: string; bytes: number; seconds: number }
  | { measured: false; reason: string };

/** Packages the VS Code extension with its own `package` script and measures the .vsix. */
export function vsixSize(): VsixSize {
  const dir = join(ROOT, 'apps', 'vscode-extension');
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return { measured: false, reason: 'apps/vscode-extension does not exist yet' };
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    name: string;
    version: string;
    scripts?: Record<string, string>;
  };
  if (!pkg.scripts?.package)
    return { measured: false, reason: 'apps/vscode-extension has no "package" script' };
  const file = join(dir, `${pkg.name}-${pkg.version}.vsix`);
  const t0 = Date.now();
  try {
    execFileSync('pnpm', ['--silent', '--filter', pkg.name, 'run', 'package'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? e).trim();
    return {
      measured: false,
      reason: `"pnpm --filter ${pkg.name} run package" failed: ${stderr.slice(-300)}`,
    };
  }
  if (!existsSync(file)) return { measured: false, reason: `the package script did not write ${file}` };
  return {
    measured: true,
    file: file.slice(ROOT.length + 1),
    bytes: statSync(file).size,
    seconds: (Date.now() - t0) / 1000,
  };
}
