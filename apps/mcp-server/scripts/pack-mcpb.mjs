// Packs the Claude Desktop bundle, hostkit-<version>.mcpb: mcpb/manifest.json and mcpb/icon.png, the
// built server (dist/, built first when missing) under server/, and the LICENSE, validated and zipped by
// @anthropic-ai/mcpb (`mcpb pack` validates the manifest first). The entry is copied as .mjs: a bundle has no package.json saying "type": "module".
//   node scripts/pack-mcpb.mjs [--out DIR]   (default: this package's folder)
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? root);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'mcpb', 'manifest.json'), 'utf8'));
if (manifest.version !== version) {
  throw new Error(`mcpb/manifest.json has version ${manifest.version}, package.json ${version}`);
}

const dist = join(root, 'dist');
if (!existsSync(join(dist, 'hostkit-mcp.js')) || !existsSync(join(dist, 'chunks'))) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

// The package exports no ./package.json: its CLI is found from this package's node_modules.
const mcpb = join(root, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const stage = mkdtempSync(join(tmpdir(), 'hostkit-mcpb-'));
try {
  for (const f of ['manifest.json', 'icon.png']) copyFileSync(join(root, 'mcpb', f), join(stage, f));
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  mkdirSync(join(stage, 'server'));
  copyFileSync(join(dist, 'hostkit-mcp.js'), join(stage, 'server', 'hostkit-mcp.mjs'));
  cpSync(join(dist, 'chunks'), join(stage, 'server', 'chunks'), { recursive: true });

  const out = join(outDir, `hostkit-${version}.mcpb`);
  mkdirSync(outDir, { recursive: true });
  rmSync(out, { force: true });
  execFileSync(process.execPath, [mcpb, 'pack', stage, out], { stdio: 'inherit' });
  console.log(out);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
