// Packages the built extension (run `node scripts/build.mjs --production` first; `pnpm run package`
// does both) into hostkit-vscode-<version>.vsix with @vscode/vsce. Everything is bundled, so no
// node_modules go in (--no-dependencies); .vscodeignore lists what does.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version, name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const f of ['dist/extension.js', 'dist/sandbox.js', 'dist/hostkit-mcp.mjs']) {
  if (!existsSync(join(root, f)))
    throw new Error(`${f} is missing: run node scripts/build.mjs --production first`);
}
const out = join(root, `${name}-${version}.vsix`);
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
execFileSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out],
  { cwd: root, stdio: 'inherit' },
);
const listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], {
  cwd: root,
  encoding: 'utf8',
});
if (/node_modules/.test(listing)) throw new Error('node_modules ended up in the package');
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
