import * as vscode from 'vscode';
import { serverStatusLook } from '../model/status';
import { isKind, type Node, type NodeOf } from '../tree/nodes';
import { showBandwidthPanel } from '../ui/bandwidth-panel';
import { withProgress } from '../ui/reporter';
import { choose, collect, whereOf } from './pick';
import { type ActionResult, type CommandDeps, runAction } from './run-action';

type ServerNode = NodeOf<'server'>;

const isRunning = (n: ServerNode) =>
  ['active', 'running', 'on'].includes(serverStatusLook(n.server.status).label);

/** hostkit.servers.*: copy IP, restart (Deploi), reboot/suspend/reactivate and graphs (SeFlow), health. */
export function registerServerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { servers } = deps;
  const pickServer = async (title: string, ok: (n: ServerNode) => boolean) =>
    choose(deps.prompter(), (await collect(servers, 'server')).filter(ok), title, (n) => ({
      label: n.server.name,
      description: [n.server.status, servers.mainIpOf(n), whereOf(n)].filter(Boolean).join(' · '),
    }));
  /**
   * The server a command acts on: the one it was run on, if the action applies to it (else it says why
   * and does nothing), or one picked among those it applies to.
   */
  const target = async (
    node: unknown,
    title: string,
    ok: (n: ServerNode) => boolean,
    why: (n: ServerNode) => string,
  ) => {
    if (isKind(node, 'server')) {
      if (ok(node)) return node;
      void vscode.window.showInformationMessage(why(node));
      return undefined;
    }
    return pickServer(title, ok);
  };
  const isDeploiVirtual = (n: ServerNode) => n.server.provider === 'deploi' && n.server.type !== 'dedicated';
  const isSeflow = (n: ServerNode) => n.server.provider === 'seflow';
  const notFor =
    (verb: string, needs = 'a running server') =>
    (n: ServerNode) =>
      `${n.server.name} is ${n.server.status}: ${verb} is only offered for ${needs}.`;

  const seflowAction =
    (
      tool: string,
      verb: string,
      ing: string,
      what: string,
      past: string,
      ok: (n: ServerNode) => boolean,
      needs?: string,
    ) =>
    async (node?: unknown): Promise<ActionResult | undefined> => {
      const n = await target(
        node,
        `${verb} which SeFlow server?`,
        (s) => isSeflow(s) && ok(s),
        notFor(verb, needs),
      );
      if (!n) return undefined;
      const rebooting = tool === 'seflow_reboot_dserver';
      return runAction(deps, {
        account: n.scope.account,
        tool,
        input: { serverid: n.server.name },
        question: `${verb} SeFlow dedicated server "${n.server.name}"${n.server.mainIp ? ` (${n.server.mainIp})` : ''}?`,
        detail: what,
        verb,
        progress: `${ing} ${n.server.name}…`,
        done: `${n.server.name}: ${past}`,
        reread: `the status of ${n.server.name}`,
        refresh: async () => {
          // SeFlow's status says "active" all through a reboot: the tree remembers it was sent.
          if (rebooting) servers.markRebooting(n);
          await servers.refreshScope(n.scope);
        },
      });
    };

  const copyIp = async (node?: Node): Promise<string | undefined> => {
    let ip: string | undefined;
    if (node?.kind === 'info') ip = node.value;
    else {
      const n = isKind(node, 'server') ? node : await pickServer('Copy the IP of which server?', () => true);
      if (!n) return undefined;
      ip = await withProgress(`Reading the IP of ${n.server.name}…`, () => servers.resolveMainIp(n)).catch(
        async (e: unknown) => {
          await deps.reporter.fail(`Reading the IP of ${n.server.name}`, e);
          return undefined;
        },
      );
      if (!ip) {
        void vscode.window.showInformationMessage(`${n.server.name} has no IP address yet.`);
        return undefined;
      }
    }
    if (!ip) return undefined;
    await vscode.env.clipboard.writeText(ip);
    void vscode.window.setStatusBarMessage(`$(clippy) Copied ${ip}`, 4000);
    return ip;
  };

  return [
    vscode.commands.registerCommand('hostkit.servers.copyIp', copyIp),
    vscode.commands.registerCommand('hostkit.servers.restart', async (node?: unknown) => {
      const n = await target(
        node,
        'Restart which Deploi server?',
        (s) => isDeploiVirtual(s) && isRunning(s),
        notFor('Restart'),
      );
      if (!n) return undefined;
      const s = n.server;
      const ip = servers.mainIpOf(n);
      return runAction(deps, {
        account: n.scope.account,
        tool: 'deploi_restart_virtual_server',
        input: { id: Number(s.id) },
        question: `Restart server "${s.name}" (id ${s.id}${ip ? `, ${ip}` : ''})?`,
        detail:
          'The operating system is asked to restart. Everything running on the server stops and it is unreachable until it is back up.',
        verb: 'Restart',
        progress: `Restarting ${s.name}…`,
        done: `${s.name} is restarting`,
        reread: `the servers of ${whereOf(n)}`,
        // The list then shows "restarting" and is polled until the server is active again.
        refresh: () => servers.refreshScope(n.scope),
      });
    }),
    vscode.commands.registerCommand(
      'hostkit.servers.reboot',
      seflowAction(
        'seflow_reboot_dserver',
        'Reboot',
        'Rebooting',
        'A hard reboot: everything running on it stops and the server is unreachable for several minutes; unsaved data is lost.',
        'reboot in progress',
        isRunning,
      ),
    ),
    vscode.commands.registerCommand(
      'hostkit.servers.suspend',
      seflowAction(
        'seflow_suspendserver',
        'Suspend',
        'Suspending',
        'The server goes offline and every service on it stops until it is reactivated.',
        'suspended',
        isRunning,
      ),
    ),
    vscode.commands.registerCommand(
      'hostkit.servers.reactivate',
      seflowAction(
        'seflow_activateserver',
        'Reactivate',
        'Reactivating',
        'The server goes live again.',
        'reactivated',
        // Only SeFlow lifts a suspension of its own.
        (s) => s.server.status === 'suspended',
        'a server you suspended (SeFlow lifts its own suspensions)',
      ),
    ),
    vscode.commands.registerCommand('hostkit.servers.showBandwidth', async (node?: unknown) => {
      const n = await target(
        node,
        'Show bandwidth graphs of which SeFlow server?',
        isSeflow,
        (s) => `${s.server.name} is not a SeFlow server: bandwidth graphs come from SeFlow.`,
      );
      if (!n) return undefined;
      return showBandwidthPanel(deps, n);
    }),
  ];
}
