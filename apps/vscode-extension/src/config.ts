import * as vscode from 'vscode';

/** The extension's settings, read fresh each time (they can change while it runs). */
export interface HostkitSettings {
  deploiBaseUrl: string;
  seflowBaseUrl: string;
  sandbox: boolean;
  mcpToolsets: string[];
  mcpReadOnly: boolean;
  pollIntervalSeconds: number;
}

export const DEFAULT_DEPLOI_URL = 'https://api.deploi.no';

export function readSettings(): HostkitSettings {
  const c = vscode.workspace.getConfiguration('hostkit');
  return {
    deploiBaseUrl: c.get<string>('deploi.baseUrl')?.trim() || DEFAULT_DEPLOI_URL,
    seflowBaseUrl: c.get<string>('seflow.baseUrl')?.trim() ?? '',
    sandbox: c.get<boolean>('sandbox.enabled') ?? false,
    mcpToolsets: (c.get<string[]>('mcp.toolsets') ?? []).filter(
      (t) => typeof t === 'string' && t.trim() !== '',
    ),
    mcpReadOnly: c.get<boolean>('mcp.readOnly') ?? false,
    pollIntervalSeconds: Math.max(2, c.get<number>('refresh.pollIntervalSeconds') ?? 10),
  };
}
