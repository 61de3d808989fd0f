// Packages the built extension (run `node scripts/build.mjs --production` first; `pnpm run package`
// does both) into hostkit-vscode-<version>.vsix with @vscode/vsce. Everything is bundled, so no
// node_modules go in (--no-dependencies); .vscodeignore lists what does. Any vsce WARNING fails the
// packaging: what the Marketplace and Open VSX get must be clean.
//   node scripts/package-vsix.mjs [--out DIR]   (default: this package's folder)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const { version, name, repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const f of ['dist/extension.js', 'dist/sandbox.js', 'dist/hostkit-mcp.mjs']) {
  if (!existsSync(join(root, f)))
    throw new Error(`${f} is missing: run node scripts/build.mjs --production first`);
}
const outDir = resolve(values.out ?? root);
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `${name}-${version}.vsix`);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');

// vsce rewrites the README's relative links against the repository root; this package sits in a
// sub-folder of it (repository.directory), so the base URLs name that folder.
const repo = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const base = (kind) => `${repo}/${kind}/HEAD/${repository.directory}`;

function vsceRun(args) {
  const r = spawnSync(process.execPath, [vsce, ...args], { cwd: root, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  process.stdout.write(output);
  if (r.status !== 0) throw new Error(`vsce ${args[0]} failed (exit ${r.status})`);
  if (/WARNING/.test(output))
    throw new Error(`vsce ${args[0]} printed a warning: fix it, the package must be clean`);
  return r.stdout;
}

vsceRun([
  'package',
  '--no-dependencies',
  '--baseContentUrl',
  base('blob'),
  '--baseImagesUrl',
  base('raw'),
  '--out',
  out,
]);
const listing = vsceRun(['ls', '--no-dependencies']).split('\n').filter(Boolean);
if (listing.some((f) => f.includes('node_modules'))) throw new Error('node_modules ended up in the package');
// What the Marketplace and Open VSX show besides the manifest: the icon, README, changelog and licence.
for (const f of ['media/icon.png', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
  if (!listing.includes(f)) throw new Error(`${f} is not in the package`);
}
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
