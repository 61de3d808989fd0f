// `pnpm release:check`: builds and packs every publishable artifact into release/ at the repository root
// (the @hostkit/core and @hostkit/mcp-server tarballs, the Claude Desktop .mcpb, the VS Code .vsix), then
// runs this package's tests against exactly those files. Nothing is published.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packArtifact } from '../src/artifacts.js';
import { PACKAGES, RELEASE_DIR, ROOT } from '../src/pack.js';

const out = join(ROOT, 'release');

function step(
  title: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  console.log(`\n== ${title}`);
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`release:check failed at: ${title}`);
    process.exit(r.status ?? 1);
  }
}

rmSync(out, { recursive: true, force: true });
step('build', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@hostkit/core',
  '--filter=@hostkit/mcp-server',
]);

console.log('\n== pack npm tarballs and the .mcpb');
const artifacts = [packArtifact('core', out), packArtifact('mcp-server', out), packArtifact('mcpb', out)];

step('build the extension (production)', process.execPath, [join('scripts', 'build.mjs'), '--production'], {
  cwd: PACKAGES.vscode,
});
step(
  'package the .vsix (fails on any vsce warning)',
  process.execPath,
  [join('scripts', 'package-vsix.mjs'), '--out', out],
  { cwd: PACKAGES.vscode },
);
const { name, version } = JSON.parse(readFileSync(join(PACKAGES.vscode, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
artifacts.push(join(out, `${name}-${version}.vsix`));

step(
  'test the packed artifacts (publint, attw, server.json, mcpb validate, installs and runs)',
  process.execPath,
  [join(RELEASE_DIR, 'node_modules', 'vitest', 'vitest.mjs'), 'run'],
  { cwd: RELEASE_DIR, env: { ...process.env, HOSTKIT_RELEASE_DIR: out } },
);

console.log('\n== release/: ready to publish (nothing was published)');
for (const file of artifacts) {
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  console.log(
    `${basename(file).padEnd(34)} ${`${(statSync(file).size / 1024).toFixed(0)} KiB`.padStart(8)}  sha256 ${sha}`,
  );
}
