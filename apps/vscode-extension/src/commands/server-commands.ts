import * as vscode from 'vscode';
import type { Node, NodeOf } from '../tree/nodes';
import { showBandwidthPanel } from '../ui/bandwidth-panel';
import { choose, collect, whereOf } from './pick';
import { type ActionResult, type CommandDeps, runAction } from './run-action';

type ServerNode = NodeOf<'server'>;

/** hostkit.servers.*: refresh, copy IP, restart (Deploi), reboot/suspend/reactivate and graphs (SeFlow). */
export function registerServerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { servers } = deps;
  const pickServer = async (title: string, ok: (n: ServerNode) => boolean) =>
    choose(deps.prompter(), (await collect(servers, 'server')).filter(ok), title, (n) => ({
      label: n.server.name,
      description: [n.server.status, servers.mainIpOf(n), whereOf(n)].filter(Boolean).join(' · '),
    }));
  const target = async (node: unknown, title: string, ok: (n: ServerNode) => boolean) => {
    const n = node as Node | undefined;
    if (n?.kind === 'server' && ok(n)) return n;
    return pickServer(title, ok);
  };
  const afterChange = (n: ServerNode) => servers.refreshScope(n.scope);
  const isDeploiVirtual = (n: ServerNode) => n.server.provider === 'deploi' && n.server.type !== 'dedicated';
  const isSeflow = (n: ServerNode) => n.server.provider === 'seflow';

  const seflowAction =
    (tool: string, verb: string, ing: string, what: string, past: string) =>
    async (node?: unknown): Promise<ActionResult | undefined> => {
      const n = await target(node, `${verb} which SeFlow server?`, isSeflow);
      if (!n) return undefined;
      const result = await runAction(deps, {
        account: n.scope.account,
        tool,
        input: { serverid: n.server.name },
        question: `${verb} SeFlow dedicated server "${n.server.name}"${n.server.mainIp ? ` (${n.server.mainIp})` : ''}?`,
        detail: what,
        verb,
        progress: `${ing} ${n.server.name}…`,
        done: `${n.server.name}: ${past}`,
      });
      if (result === 'done') afterChange(n);
      return result;
    };

  return [
    vscode.commands.registerCommand('hostkit.servers.refresh', (node?: Node) => servers.refresh(node)),
    vscode.commands.registerCommand('hostkit.servers.copyIp', async (node?: Node) => {
      let ip: string | undefined;
      if (node?.kind === 'info') ip = node.value;
      else if (node?.kind === 'server') ip = servers.mainIpOf(node);
      else {
        const n = await pickServer('Copy the IP of which server?', (s) => Boolean(servers.mainIpOf(s)));
        ip = n && servers.mainIpOf(n);
      }
      if (!ip) return undefined;
      await vscode.env.clipboard.writeText(ip);
      void vscode.window.setStatusBarMessage(`$(clippy) Copied ${ip}`, 4000);
      return ip;
    }),
    vscode.commands.registerCommand('hostkit.servers.restart', async (node?: unknown) => {
      const n = await target(node, 'Restart which Deploi server?', isDeploiVirtual);
      if (!n) return undefined;
      const s = n.server;
      const result = await runAction(deps, {
        account: n.scope.account,
        tool: 'deploi_restart_virtual_server',
        input: { id: Number(s.id) },
        question: `Restart server "${s.name}" (id ${s.id}${servers.mainIpOf(n) ? `, ${servers.mainIpOf(n)}` : ''})?`,
        detail:
          'The operating system is asked to restart. Everything running on the server stops and it is unreachable until it is back up.',
        verb: 'Restart',
        progress: `Restarting ${s.name}…`,
        done: `${s.name} is restarting`,
      });
      // The list then shows "restarting" and is polled until the server is active again.
      if (result === 'done') afterChange(n);
      return result;
    }),
    vscode.commands.registerCommand(
      'hostkit.servers.reboot',
      seflowAction(
        'seflow_reboot_dserver',
        'Reboot',
        'Rebooting',
        'A hard reboot: everything running on it stops and the server is unreachable for several minutes; unsaved data is lost.',
        'reboot in progress',
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
      ),
    ),
    vscode.commands.registerCommand('hostkit.servers.showBandwidth', async (node?: unknown) => {
      const n = await target(node, 'Show bandwidth graphs of which SeFlow server?', isSeflow);
      if (!n) return undefined;
      return showBandwidthPanel(deps, n);
    }),
  ];
}
