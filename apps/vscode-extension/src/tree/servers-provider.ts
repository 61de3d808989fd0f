import * as vscode from 'vscode';
import { formatPercent, usageBar } from '../model/format';
import { serverDetailsFromReplies, serversFromReply } from '../model/normalize';
import { asObject, str } from '../model/read';
import { parsePortableIps } from '../model/seflow-servers';
import { seflowStatusFromMessage, serverStatusLook } from '../model/status';
import type { ServerDetails, ServerSummary } from '../model/types';
import { AccountTree, ageLine, type TreeDeps } from './account-tree';
import type { Freshness, Node, NodeOf, Scope } from './nodes';

interface SeflowDetails {
  statusMessage?: string;
  portableIps: { ip: string; routedTo: string }[];
}

/** Servers view: Deploi virtual servers and SeFlow dedicated servers, with status, IPs, size and usage. */
export class ServersProvider extends AccountTree<ServerSummary> {
  protected readonly providers = ['deploi', 'seflow'] as const;
  protected readonly noun = 'servers';

  constructor(deps: TreeDeps) {
    super('servers', deps);
  }

  protected async list(scope: Scope, signal: AbortSignal): Promise<ServerSummary[]> {
    if (scope.account.provider === 'deploi') {
      const input = scope.clientId === undefined ? {} : { clientid: scope.clientId };
      return serversFromReply(await this.deps.pool.call(scope.account, 'deploi_get_servers', input, signal));
    }
    return this.listSeflow(scope, signal);
  }

  // SeFlow has no list call: each listed server's status is one checkstatus. One server's failure
  // ("No such server") marks that server only; the branch fails only when every call does.
  private async listSeflow(scope: Scope, signal: AbortSignal): Promise<ServerSummary[]> {
    const refs = scope.account.servers ?? [];
    const results = await Promise.allSettled(
      refs.map((ref) =>
        this.deps.pool.call(scope.account, 'seflow_checkstatus', { serverid: ref.name }, signal),
      ),
    );
    if (refs.length > 0 && results.every((r) => r.status === 'rejected')) {
      throw (results[0] as PromiseRejectedResult).reason;
    }
    return refs.map((ref, i) => {
      const r = results[i];
      const status =
        r?.status === 'fulfilled'
          ? seflowStatusFromMessage(str(asObject(r.value)?.statusmsg))
          : `unknown: ${this.deps.reporter.describe(r?.reason)}`;
      const s: ServerSummary = {
        provider: 'seflow',
        id: ref.name,
        name: ref.name,
        status,
        type: 'dedicated',
      };
      if (ref.ip) s.mainIp = ref.ip;
      return s;
    });
  }

  protected isTransitional(item: ServerSummary): boolean {
    return serverStatusLook(item.status).transitional;
  }

  protected itemNode(scope: Scope, key: string, server: ServerSummary, fresh: Freshness): Node {
    return {
      kind: 'server',
      id: `${key}/server:${server.id}`,
      scope,
      key: `${key}/server:${server.id}`,
      server,
      fresh,
    };
  }

  /**
   * The main IP: from the list when the API sends it, else from the server's last details (GetServers
   * documents no IP, and one GetServerInfo per server on first render is what this view avoids).
   */
  mainIpOf(node: NodeOf<'server'>): string | undefined {
    return node.server.mainIp ?? this.deps.store.peek<ServerDetails>(node.key)?.data?.mainIp;
  }

  protected draw(node: Node): vscode.TreeItem {
    if (node.kind !== 'server') return new vscode.TreeItem('?');
    const mainIp = this.mainIpOf(node);
    const s: ServerSummary = mainIp ? { ...node.server, mainIp } : node.server;
    const look = serverStatusLook(s.status);
    const description = [look.label, s.mainIp].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(
      `**${escapeMd(s.name)}** (${s.provider === 'deploi' ? `Deploi ${s.type ?? 'server'} ${s.id}` : 'SeFlow dedicated'})\n\n`,
    );
    tip.appendMarkdown(
      `Status: ${escapeMd(s.status)}${look.transitional ? ' (checking again shortly)' : ''}\n\n`,
    );
    if (s.mainIp) tip.appendMarkdown(`Main IP: ${s.mainIp}\n\n`);
    const size = [
      s.cpu !== undefined && `${s.cpu} vCPU`,
      s.ram !== undefined && `${s.ram} GB RAM`,
      s.disk !== undefined && `${s.disk} GB disk`,
    ].filter(Boolean);
    if (size.length) tip.appendMarkdown(`${size.join(', ')}`);
    return this.item(node, s.name, vscode.TreeItemCollapsibleState.Collapsed, {
      icon: look.icon,
      color: look.color,
      description,
      tooltip: tip,
      contextValue: serverContext(s),
      fresh: node.fresh,
    });
  }

  protected async expand(node: Node): Promise<Node[]> {
    if (node.kind !== 'server') return [];
    return node.server.provider === 'deploi' ? this.deploiDetails(node) : this.seflowDetails(node);
  }

  private async deploiDetails(node: NodeOf<'server'>): Promise<Node[]> {
    const { account } = node.scope;
    const id = Number(node.server.id);
    const entry = await this.deps.store.get<ServerDetails>(node.key, async (signal) => {
      const call = (tool: string) => this.deps.pool.call(account, tool, { id }, signal);
      const [info, cpu, ram, disk] = await Promise.allSettled([
        call('deploi_get_server_info'),
        call('deploi_monitor_cpu'),
        call('deploi_monitor_ram'),
        call('deploi_monitor_disk'),
      ]);
      if (info.status === 'rejected') throw info.reason;
      // Monitoring is best effort: a server that is off or still creating has no usage figures.
      const errors = [cpu, ram, disk].flatMap((r, i) =>
        r.status === 'rejected'
          ? [`${['CPU', 'RAM', 'disk'][i]}: ${this.deps.reporter.describe(r.reason)}`]
          : [],
      );
      const value = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? r.value : undefined);
      return serverDetailsFromReplies(
        info.value,
        { cpu: value(cpu), ram: value(ram), disk: value(disk) },
        errors,
      );
    });
    const head = this.statusMessages(node.key, entry, node);
    const d = entry.data;
    if (!d) return head;
    const fresh = entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at };
    const age = ageLine(fresh);
    const out: Node[] = [...head];
    const mainIp = d.mainIp ?? node.server.mainIp;
    if (mainIp) out.push(ipNode(`${node.id}/mainip`, 'Main IP', mainIp, age));
    else out.push(info(`${node.id}/mainip`, 'Main IP', 'not assigned yet', 'circle-slash', age));
    const ips = d.ips.filter((ip) => ip !== mainIp);
    if (ips.length) {
      out.push({
        kind: 'info',
        id: `${node.id}/ips`,
        label: 'IP addresses',
        description: String(d.ips.length),
        icon: 'globe',
        tooltip: age,
        children: d.ips.map((ip) => ipNode(`${node.id}/ip:${ip}`, ip, ip, age, true)),
      });
    }
    const cpu = d.cpu ?? node.server.cpu;
    out.push(
      info(
        `${node.id}/cpu`,
        'CPU',
        usageText(
          cpu !== undefined ? `${cpu} vCPU` : undefined,
          d.usage.cpu,
          d.usage.load !== undefined ? `load ${d.usage.load}` : undefined,
        ),
        'dashboard',
        age,
      ),
    );
    const ram = d.ram ?? node.server.ram;
    out.push(
      info(
        `${node.id}/ram`,
        'RAM',
        usageText(ram !== undefined ? `${ram} GB` : undefined, d.usage.ram),
        'server',
        age,
      ),
    );
    out.push(
      info(`${node.id}/disk-usage`, 'Disk usage', usageText(undefined, d.usage.disk), 'database', age),
    );
    if (d.disks.length) {
      out.push({
        kind: 'info',
        id: `${node.id}/disks`,
        label: 'Disks',
        description: `${d.disks.length} · ${d.disks.reduce((n, x) => n + (x.size ?? 0), 0)} GB`,
        icon: 'database',
        tooltip: age,
        children: d.disks.map((x) =>
          info(
            `${node.id}/disk:${x.id}`,
            `${(x.type ?? 'disk').toUpperCase()} ${x.size ?? '?'} GB`,
            `id ${x.id}`,
            'database',
            age,
          ),
        ),
      });
    }
    if (d.running === false)
      out.push(info(`${node.id}/running`, 'Not running', undefined, 'debug-stop', age));
    if (d.suspended) out.push(info(`${node.id}/suspended`, 'Suspended', undefined, 'debug-pause', age));
    if (d.usageErrors.length) {
      out.push({
        kind: 'message',
        id: `${node.id}/usage-errors`,
        label: 'Usage figures unavailable',
        tooltip: d.usageErrors.join('\n'),
        severity: 'warning',
        retry: node,
      });
    }
    return out;
  }

  private async seflowDetails(node: NodeOf<'server'>): Promise<Node[]> {
    const { account } = node.scope;
    const entry = await this.deps.store.get<SeflowDetails>(node.key, async (signal) => {
      const [status, portable] = await Promise.allSettled([
        this.deps.pool.call(account, 'seflow_checkstatus', { serverid: node.server.name }, signal),
        this.deps.pool.call(account, 'seflow_showportableip', {}, signal),
      ]);
      if (status.status === 'rejected') throw status.reason;
      const d: SeflowDetails = {
        // "No Portable IP" is an error reply: having none is not a failure of the server.
        portableIps:
          portable.status === 'fulfilled' ? parsePortableIps(str(asObject(portable.value)?.statusmsg)) : [],
      };
      const msg = str(asObject(status.value)?.statusmsg);
      if (msg) d.statusMessage = msg;
      return d;
    });
    const head = this.statusMessages(node.key, entry, node);
    const d = entry.data;
    if (!d) return head;
    const age = ageLine(entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at });
    const out: Node[] = [...head];
    out.push(info(`${node.id}/status`, 'Status', d.statusMessage ?? node.server.status, 'pulse', age));
    if (node.server.mainIp) out.push(ipNode(`${node.id}/mainip`, 'Main IP', node.server.mainIp, age));
    const routed = node.server.mainIp ? d.portableIps.filter((p) => p.routedTo === node.server.mainIp) : [];
    if (routed.length) {
      out.push({
        kind: 'info',
        id: `${node.id}/portable`,
        label: 'Portable IPs',
        description: String(routed.length),
        icon: 'arrow-swap',
        tooltip: age,
        children: routed.map((p) =>
          ipNode(`${node.id}/portable:${p.ip}`, p.ip, p.ip, `Routed to ${p.routedTo}`, true),
        ),
      });
    }
    const graphs: Node = {
      kind: 'info',
      id: `${node.id}/graphs`,
      label: 'Show bandwidth graphs',
      icon: 'graph-line',
      tooltip: 'Daily, weekly, monthly and yearly bandwidth graphs from SeFlow',
      contextValue: 'hostkit.graphs',
      command: { id: 'hostkit.servers.showBandwidth', title: 'Show bandwidth graphs', target: node },
    };
    out.push(graphs);
    return out;
  }
}

/** `hostkit.server.<deploi|deploi-dedicated|seflow>.<running|suspended|other>[.ip]`: menus match on it. */
export function serverContext(s: ServerSummary): string {
  const kind = s.provider === 'seflow' ? 'seflow' : s.type === 'dedicated' ? 'deploi-dedicated' : 'deploi';
  const st = s.status.toLowerCase();
  const state =
    st === 'active' || st === 'running' ? 'running' : st.startsWith('suspended') ? 'suspended' : 'other';
  return `hostkit.server.${kind}.${state}${s.mainIp ? '.ip' : ''}`;
}

function usageText(size: string | undefined, percent: number | undefined, extra?: string): string {
  const p = formatPercent(percent);
  return [size, p && `${p} used ${usageBar(percent)}`, extra].filter(Boolean).join(' · ') || 'no figures';
}

function info(
  id: string,
  label: string,
  description: string | undefined,
  icon: string,
  tooltip: string,
): Node {
  const n: Node = { kind: 'info', id, label, icon, tooltip };
  if (description !== undefined) n.description = description;
  return n;
}

function ipNode(id: string, label: string, ip: string, tooltip: string, bare = false): Node {
  const n: Node = {
    kind: 'info',
    id,
    label,
    icon: 'symbol-constant',
    value: ip,
    tooltip,
    contextValue: 'hostkit.ip',
  };
  if (!bare) n.description = ip;
  return n;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
