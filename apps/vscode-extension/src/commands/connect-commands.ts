import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { createdServers, creatorUser, remoteSshAuthority, sshArgs, validSshUser } from '../model/ssh';
import { isKind, type NodeOf } from '../tree/nodes';
import { choose, collect, whereOf } from './pick';
import type { CommandDeps } from './run-action';

type ServerNode = NodeOf<'server'>;

const USERS_KEY = 'hostkit.sshUsers.v1';
/** Remote - SSH (Microsoft) and Open Remote - SSH (Open VSX): both open `ssh-remote+…` authorities. */
export const REMOTE_SSH_EXTENSIONS = ['ms-vscode-remote.remote-ssh', 'jeanp413.open-remote-ssh'];

export interface ConnectDeps extends CommandDeps {
  /** Where the user picked per server is remembered. */
  state: vscode.Memento;
  /** The MCP server's audit log, which names the user of servers the agent created. */
  auditLog: string;
}

/** hostkit.servers.openSshTerminal / connectRemoteSsh / setSshUser, and "Open in portal" for each view. */
export function registerConnectCommands(deps: ConnectDeps): vscode.Disposable[] {
  const { servers } = deps;
  const userKey = (n: ServerNode) => `${n.scope.account.id}/${n.server.id}`;
  const remembered = () => deps.state.get<Record<string, string>>(USERS_KEY) ?? {};
  const remember = (n: ServerNode, user: string) =>
    deps.state.update(USERS_KEY, { ...remembered(), [userKey(n)]: user });

  /** The user to log in as: picked before, else the one it was created with, else the setting, else asked. */
  const userFor = async (n: ServerNode, ask: boolean): Promise<string | undefined | null> => {
    const picked = remembered()[userKey(n)];
    if (picked && !ask) return picked;
    let created: string | undefined;
    if (!ask) {
      const log = await readFile(deps.auditLog, 'utf8').catch(() => '');
      const sameName = (await collect(servers, 'server')).filter(
        (s) => s.server.name === n.server.name && s.scope.account.id === n.scope.account.id,
      ).length;
      created = creatorUser(
        createdServers(log),
        { name: n.server.name, clientId: n.scope.clientId },
        sameName,
      );
      if (created) return created;
      const setting = readSettings().sshUser;
      if (setting) return setting;
    }
    const user = await deps.prompter().input({
      title: `SSH to ${n.server.name}: log in as`,
      prompt:
        'The user the server was created with (Deploi does not say which). Remembered for this server; change it with "Set SSH User".',
      value: picked ?? 'root',
      validate: validSshUser,
    });
    if (user === undefined) return null;
    await remember(n, user.trim());
    return user.trim();
  };

  const pick = async (node: unknown, title: string): Promise<ServerNode | undefined> =>
    isKind(node, 'server')
      ? node
      : choose(deps.prompter(), await collect(servers, 'server'), title, (n) => ({
          label: n.server.name,
          description: [servers.mainIpOf(n), whereOf(n)].filter(Boolean).join(' · '),
        }));

  /** The server, its main IP and the user, or undefined (said why) when one of them is missing. */
  const endpoint = async (node: unknown, title: string) => {
    const n = await pick(node, title);
    if (!n) return undefined;
    const ip = await servers.resolveMainIp(n).catch(() => undefined);
    if (!ip) {
      void vscode.window.showInformationMessage(
        `${n.server.name} has no IP address yet: nothing to connect to.`,
      );
      return undefined;
    }
    const user = await userFor(n, false);
    if (user === null) return undefined;
    return { n, ip, user };
  };

  const portal = async (node: unknown) => {
    const settings = readSettings();
    const provider = isKind(node, 'server') ? node.server.provider : 'deploi';
    const url = provider === 'seflow' ? settings.seflowPortalUrl : settings.deploiPortalUrl;
    // Opened in the browser, never fetched here: the portal is the provider's own site.
    return deps.prompter().openExternal(url);
  };

  return [
    vscode.commands.registerCommand('hostkit.servers.openSshTerminal', async (node?: unknown) => {
      const e = await endpoint(node, 'Open an SSH terminal to which server?');
      if (!e) return undefined;
      const terminal = vscode.window.createTerminal({
        name: `SSH ${e.n.server.name}`,
        shellPath: readSettings().sshPath,
        shellArgs: sshArgs(e.ip, e.user),
        iconPath: new vscode.ThemeIcon('terminal'),
      });
      terminal.show();
      deps.reporter.info(
        `SSH terminal to ${e.n.server.name}: ${readSettings().sshPath} ${sshArgs(e.ip, e.user).join(' ')}`,
      );
      return terminal;
    }),
    vscode.commands.registerCommand('hostkit.servers.connectRemoteSsh', async (node?: unknown) => {
      if (!REMOTE_SSH_EXTENSIONS.some((id) => vscode.extensions.getExtension(id))) {
        void vscode.window.showInformationMessage(
          'Connecting a VS Code window to a server needs the Remote - SSH extension; "Open SSH Terminal" works without it.',
        );
        return undefined;
      }
      const e = await endpoint(node, 'Connect a VS Code window to which server?');
      if (!e) return undefined;
      const remoteAuthority = remoteSshAuthority(e.ip, e.user);
      await vscode.commands.executeCommand('vscode.newWindow', { remoteAuthority, reuseWindow: false });
      return remoteAuthority;
    }),
    vscode.commands.registerCommand('hostkit.servers.setSshUser', async (node?: unknown) => {
      const n = await pick(node, 'Set the SSH user of which server?');
      if (!n) return undefined;
      return (await userFor(n, true)) ?? undefined;
    }),
    vscode.commands.registerCommand('hostkit.servers.openInPortal', portal),
    vscode.commands.registerCommand('hostkit.domains.openInPortal', portal),
    vscode.commands.registerCommand('hostkit.firewalls.openInPortal', portal),
  ];
}

/** Keeps `hostkit.remoteSsh` (the Remote - SSH menu entry shows only with it) in step with the installed extensions. */
export function watchRemoteSsh(): vscode.Disposable {
  const update = () =>
    void vscode.commands.executeCommand(
      'setContext',
      'hostkit.remoteSsh',
      REMOTE_SSH_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined),
    );
  update();
  return vscode.extensions.onDidChange(update);
}
