// Bundles the extension with esbuild (vscode stays external: the host provides it), the sandbox
// as a separate on-demand bundle, and copies the bundled Hostkit MCP server beside them.
// Flags: --production (minified, no source maps), --tests (also the e2e test bundle), --watch.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  // VS Code 1.101's extension host runs Node 22; code-server's runs Node 24.
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // @hostkit/core from its sources (the `@hostkit/source` export condition): no build of core needed first.
  conditions: ['@hostkit/source'],
};

const entries = [
  { entryPoints: [join(root, 'src', 'extension.ts')], outfile: join(dist, 'extension.js') },
  { entryPoints: [join(root, 'src', 'sandbox', 'sandbox-entry.ts')], outfile: join(dist, 'sandbox.js') },
];
if (tests) {
  entries.push({
    entryPoints: [join(root, 'test', 'e2e', 'suite', 'index.ts')],
    outfile: join(root, '.vscode-test', 'suite', 'e2e.js'),
  });
}

// The MCP server is an ESM entry plus the chunks it loads (dist/chunks/*.mjs); the extension's
// package.json has no "type", so the entry is copied as .mjs (the chunks already are) for Node to load
// them as modules whatever folder they land in.
const mcpDist = join(root, '..', 'mcp-server', 'dist');
const mcpSource = join(mcpDist, 'hostkit-mcp.js');
if (!existsSync(mcpSource) || !existsSync(join(mcpDist, 'chunks'))) {
  console.log('building apps/mcp-server first');
  execFileSync(process.execPath, [join(root, '..', 'mcp-server', 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
}
copyFileSync(mcpSource, join(dist, 'hostkit-mcp.mjs'));
cpSync(join(mcpDist, 'chunks'), join(dist, 'chunks'), { recursive: true });

if (watch) {
  for (const e of entries) await (await context({ ...common, ...e })).watch();
  console.log('watching…');
} else {
  await Promise.all(entries.map((e) => build({ ...common, ...e })));
  for (const f of ['extension.js', 'sandbox.js', 'hostkit-mcp.mjs']) {
    console.log(`dist/${f}: ${(statSync(join(dist, f)).size / 1024).toFixed(0)} KiB`);
  }
}
