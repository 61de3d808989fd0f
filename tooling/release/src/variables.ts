import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentSchema } from '../../../apps/mcp-server/src/config-schema.js';

/**
 * The settings the MCP server reads from the environment: the HOSTKIT_ keys of its environment schema
 * (the others, HOME and XDG_STATE_HOME, are the platform's), so a variable added there and not described
 * in server.json or the .mcpb manifest fails a test.
 */
export function serverVariables(): string[] {
  return Object.keys(environmentSchema.shape)
    .filter((name) => name.startsWith('HOSTKIT_'))
    .sort();
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
