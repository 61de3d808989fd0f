// After `changeset version` (root `pnpm version-packages`): writes each package's new version where it is
// restated, so the tests that keep them equal pass: core's and the MCP server's version.ts (sent in the
// User-Agent and the MCP handshake), server.json (server and npm package) and the .mcpb manifest.
// Replaces the version strings in place, so the files keep their formatting.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES, packageVersion } from '../src/pack.js';

function rewrite(file: string, pattern: RegExp, replacement: string): void {
  const text = readFileSync(file, 'utf8');
  if (!pattern.test(text)) throw new Error(`${file}: no version found to update (${pattern})`);
  const next = text.replace(pattern, replacement);
  if (next !== text) {
    writeFileSync(file, next);
    console.log(`updated ${file}`);
  }
}

const core = packageVersion(PACKAGES.core);
const server = packageVersion(PACKAGES.mcpServer);
rewrite(join(PACKAGES.core, 'src', 'version.ts'), /HOSTKIT_VERSION = '[^']*'/, `HOSTKIT_VERSION = '${core}'`);
rewrite(join(PACKAGES.mcpServer, 'src', 'version.ts'), /VERSION = '[^']*'/, `VERSION = '${server}'`);
// `"version"` with its own opening quote: not `"manifest_version"`.
rewrite(join(PACKAGES.mcpServer, 'server.json'), /"version": "[^"]*"/g, `"version": "${server}"`);
rewrite(join(PACKAGES.mcpServer, 'mcpb', 'manifest.json'), /"version": "[^"]*"/, `"version": "${server}"`);
