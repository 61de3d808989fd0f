import { createHash } from 'node:crypto';

// How the bundled Hostkit MCP server is started for VS Code's agent mode. Free of `vscode` so the
// exact arguments and environment are unit-tested; secrets go into the environment of the child
// process only, never into arguments (visible in process lists) or files.

export interface LaunchAccount {
  baseUrl: string;
  username: string;
  password?: string | undefined;
  token?: string | undefined;
  key?: string | undefined;
  clientId?: number | undefined;
}

export interface LaunchInput {
  /** Absolute path of dist/hostkit-mcp.mjs inside the installed extension. */
  serverPath: string;
  deploi?: LaunchAccount | undefined;
  seflow?: LaunchAccount | undefined;
  toolsets: readonly string[];
  readOnly: boolean;
  /** Where the server appends its audit log (the extension's global storage). */
  auditLog?: string | undefined;
}

export interface Launch {
  args: string[];
  env: Record<string, string>;
}

export function mcpLaunch(input: LaunchInput): Launch {
  const args = [input.serverPath];
  if (input.readOnly) args.push('--read-only');
  if (input.toolsets.length > 0) args.push('--toolsets', input.toolsets.join(','));
  if (input.auditLog) args.push('--audit-log', input.auditLog);
  // The extension host may be Electron (desktop VS Code): this makes its binary act as plain Node.
  const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
  const set = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') env[name] = String(value);
  };
  if (input.deploi) {
    set('HOSTKIT_DEPLOI_URL', input.deploi.baseUrl);
    set('HOSTKIT_DEPLOI_USERNAME', input.deploi.username);
    set('HOSTKIT_DEPLOI_PASSWORD', input.deploi.password);
    set('HOSTKIT_DEPLOI_TOKEN', input.deploi.token);
    set('HOSTKIT_DEPLOI_CLIENT_ID', input.deploi.clientId);
  }
  if (input.seflow) {
    set('HOSTKIT_SEFLOW_URL', input.seflow.baseUrl);
    set('HOSTKIT_SEFLOW_USERNAME', input.seflow.username);
    set('HOSTKIT_SEFLOW_KEY', input.seflow.key);
  }
  return { args, env };
}

/** Changes whenever a restart of the server is needed (accounts or settings changed); no secrets in it. */
export function launchVersion(parts: readonly unknown[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `0.1.0+${hash.slice(0, 8)}`;
}
