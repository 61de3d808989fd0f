// Bundles the server into one minified ESM file with a node shebang: one file to start is what makes
// spawn-to-tools/list fast (see /work/shared/guides/mcp-clients.md).
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'hostkit-mcp.js');
mkdirSync(dirname(outfile), { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  // Packages that `require()` node built-ins inside an ESM bundle need a real require.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __hkCreateRequire } from 'node:module';\nconst require = __hkCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
const bytes = statSync(outfile).size;
const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
  .map(([file, info]) => [
    file.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''),
    info.bytesInOutput,
  ])
  .sort((a, b) => b[1] - a[1]);
if (process.env.HOSTKIT_BUILD_REPORT)
  for (const [file, size] of inputs.slice(0, 25)) console.error(`${String(size).padStart(9)} ${file}`);
// stderr: `pnpm -s start` builds, then serves JSON-RPC on stdout.
console.error(`dist/hostkit-mcp.js: ${(bytes / 1024).toFixed(0)} KiB`);
