import * as vscode from 'vscode';

/** The extension's settings, read fresh each time (they can change while it runs). */
export interface HostkitSettings {
  deploiBaseUrl: string;
  seflowBaseUrl: string;
  sandbox: boolean;
  mcpToolsets: string[];
  mcpReadOnly: boolean;
  /** Re-read interval while something is changing (a server creating or restarting). */
  pollIntervalSeconds: number;
  /** Re-read interval of every shown list; 0: only on demand. */
  backgroundRefreshSeconds: number;
  /** Where "Open in portal" goes. */
  deploiPortalUrl: string;
  seflowPortalUrl: string;
  /** The ssh program and the user to log in as when a server's own user is not known. */
  sshPath: string;
  sshUser: string;
  /** Usage (percent) from which a server is flagged. */
  health: { cpu: number; ram: number; disk: number };
}

export const DEFAULT_DEPLOI_URL = 'https://api.deploi.no';
export const DEFAULT_DEPLOI_PORTAL = 'https://portal.deploi.no';
export const DEFAULT_SEFLOW_PORTAL = 'https://valhalla.seflow.net';

export function readSettings(): HostkitSettings {
  const c = vscode.workspace.getConfiguration('hostkit');
  const text = (key: string) => c.get<string>(key)?.trim() ?? '';
  const percent = (key: string, fallback: number) =>
    Math.min(100, Math.max(1, c.get<number>(key) ?? fallback));
  const background = c.get<number>('refresh.backgroundIntervalSeconds') ?? 120;
  return {
    deploiBaseUrl: text('deploi.baseUrl') || DEFAULT_DEPLOI_URL,
    seflowBaseUrl: text('seflow.baseUrl'),
    sandbox: c.get<boolean>('sandbox.enabled') ?? false,
    mcpToolsets: (c.get<string[]>('mcp.toolsets') ?? []).filter(
      (t) => typeof t === 'string' && t.trim() !== '',
    ),
    mcpReadOnly: c.get<boolean>('mcp.readOnly') ?? false,
    pollIntervalSeconds: Math.max(2, c.get<number>('refresh.pollIntervalSeconds') ?? 10),
    backgroundRefreshSeconds: background <= 0 ? 0 : Math.max(2, background),
    deploiPortalUrl: text('deploi.portalUrl') || DEFAULT_DEPLOI_PORTAL,
    seflowPortalUrl: text('seflow.portalUrl') || DEFAULT_SEFLOW_PORTAL,
    sshPath: text('ssh.path') || 'ssh',
    sshUser: text('ssh.user'),
    health: {
      cpu: percent('health.cpuPercent', 80),
      ram: percent('health.ramPercent', 90),
      disk: percent('health.diskPercent', 90),
    },
  };
}
