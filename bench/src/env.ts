import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from './rpc';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundled MCP server the bench measures (built first by main.ts). */
export const BUNDLE = join(ROOT, 'apps', 'mcp-server', 'dist', 'hostkit-mcp.js');

const require = createRequire(import.meta.url);
/** `@modelcontextprotocol/server-everything`'s entry point (run as `node <it> stdio`). */
export const EVERYTHING = join(
  dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

/** Where the sandbox child listens, and its public demo logins. */
export interface SandboxInfo {
  deploiUrl: string;
  seflowUrl: string;
  credentials: {
    deploi: { username: string; password: string };
    seflow: { username: string; key: string };
  };
  stop(): Promise<void>;
}

/**
 * Starts the sandbox in its own process, so the measured server, the sandbox and the bench's clients do
 * not share an event loop.
 */
export async function startSandboxProcess(): Promise<SandboxInfo> {
  const child = spawn(
    process.execPath,
    ['--conditions=@hostkit/source', '--import', 'tsx', join(ROOT, 'bench', 'src', 'sandbox-child.ts')],
    {
      cwd: join(ROOT, 'bench'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const i = out.indexOf('\n');
      if (i >= 0) resolve(out.slice(0, i));
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  const info = JSON.parse(line) as Omit<SandboxInfo, 'stop'>;
  return { ...info, stop: () => stopChild(child) };
}

/** A fresh scratch directory (HOME and audit log of the measured servers). */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'hostkit-bench-'));
}

/** Environment of a Hostkit server with both providers pointed at the sandbox (no embedded sandbox). */
export function accountsEnv(sandbox: SandboxInfo, dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    HOSTKIT_AUDIT_LOG: join(dir, 'audit.jsonl'),
    HOSTKIT_DEPLOI_URL: sandbox.deploiUrl,
    HOSTKIT_DEPLOI_USERNAME: sandbox.credentials.deploi.username,
    HOSTKIT_DEPLOI_PASSWORD: sandbox.credentials.deploi.password,
    HOSTKIT_SEFLOW_URL: sandbox.seflowUrl,
    HOSTKIT_SEFLOW_USERNAME: sandbox.credentials.seflow.username,
    HOSTKIT_SEFLOW_KEY: sandbox.credentials.seflow.key,
  };
}

/** Environment of a Hostkit server with no account: it starts its embedded sandbox. */
export function noAccountEnv(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: dir, HOSTKIT_AUDIT_LOG: join(dir, 'audit.jsonl') };
}
