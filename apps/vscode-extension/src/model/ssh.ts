// How Hostkit connects to a server: the ssh command line and the user to log in as. Free of `vscode`.

/** `ssh [options] user@host`'s arguments; without a user ssh picks its own (the local user, ~/.ssh/config). */
export function sshArgs(host: string, user: string | undefined): string[] {
  return [user ? `${user}@${host}` : host];
}

/** The remote authority VS Code's Remote - SSH opens: `ssh-remote+user@host`. */
export function remoteSshAuthority(host: string, user: string | undefined): string {
  return `ssh-remote+${user ? `${user}@` : ''}${host}`;
}

/** A user name ssh accepts on the command line (no options, no spaces, no host part). */
export function validSshUser(user: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9._-]{0,63}$/.test(user.trim())
    ? undefined
    : 'A user name such as admin or ubuntu (letters, digits, ".", "_", "-")';
}

/** A server the agent created: its name, its client and the sudo user it was created with. */
export interface CreatedServer {
  name: string;
  clientid?: number;
  username: string;
}

/**
 * The servers created through the Hostkit MCP server run by this extension, from its audit log (JSON
 * lines; CreateVirtualServer's arguments name the user, which no Deploi read returns later). Only calls
 * whose outcome was ok count; lines that are not such records are skipped.
 */
export function createdServers(auditLog: string): CreatedServer[] {
  const out: CreatedServer[] = [];
  for (const line of auditLog.split('\n')) {
    if (!line.includes('deploi_create_virtual_server')) continue;
    try {
      const r = JSON.parse(line) as {
        tool?: unknown;
        phase?: unknown;
        outcome?: unknown;
        arguments?: { name?: unknown; username?: unknown; clientid?: unknown };
      };
      const a = r.arguments;
      if (r.tool !== 'deploi_create_virtual_server' || r.phase !== 'outcome' || r.outcome !== 'ok') continue;
      if (typeof a?.name !== 'string' || typeof a.username !== 'string') continue;
      out.push({
        name: a.name,
        username: a.username,
        ...(typeof a.clientid === 'number' ? { clientid: a.clientid } : {}),
      });
    } catch {
      // Not a record: a partial last line while the server writes.
    }
  }
  return out;
}

/**
 * The user a server was created with, when the audit log says so unambiguously: names need not be
 * unique at Deploi, so a name created twice (or listed twice now) tells nothing.
 */
export function creatorUser(
  created: readonly CreatedServer[],
  server: { name: string; clientId?: number | undefined },
  sameName: number,
): string | undefined {
  if (sameName !== 1) return undefined;
  const hits = created.filter(
    (c) =>
      c.name === server.name &&
      (c.clientid === undefined || server.clientId === undefined || c.clientid === server.clientId),
  );
  const users = new Set(hits.map((h) => h.username));
  return users.size === 1 ? [...users][0] : undefined;
}
