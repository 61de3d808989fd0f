import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES } from './pack.js';

/**
 * The environment variables the MCP server reads: every `HOSTKIT_…` key of `environmentSchema` in its
 * config-schema.ts, so a variable added there and not described in server.json or the .mcpb manifest
 * fails a test.
 */
export function serverVariables(): string[] {
  const source = readFileSync(join(PACKAGES.mcpServer, 'src', 'config-schema.ts'), 'utf8');
  const schema = /export const environmentSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return [...new Set([...schema.matchAll(/^\s+(HOSTKIT_[A-Z_]+):/gm)].map((m) => m[1] as string))].sort();
}

/** Variables that hold a secret: passwords, two-factor secrets, tokens and keys. */
export function isSecretVariable(name: string): boolean {
  return /_(PASSWORD|TOTP|TOKEN|KEY)$/.test(name);
}

/** Variables that configure an account: setting any of them leaves the embedded sandbox. */
export function isAccountVariable(name: string): boolean {
  return /^HOSTKIT_(DEPLOI|SEFLOW)_/.test(name);
}

/** A JSON file of a package. */
export function readJson<T>(packageDir: string, file: string): T {
  return JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as T;
}
