import { isHostkitError, outputOf } from '@hostkit/core';
import * as vscode from 'vscode';
import {
  DEFAULT_THRESHOLDS,
  type Finding,
  findingsLine,
  type Thresholds,
  usageFindings,
} from '../model/health';
import { serverDetailsFromReplies, serversFromReply } from '../model/normalize';
import { seflowStatusFromMessage, serverStatusLook } from '../model/status';
import type { ServerDetails, ServerSummary } from '../model/types';
import { AccountTree, ageLine, type TreeDeps } from './account-tree';
import { JoinQueue } from './join-queue';
import { type Freshness, type Node, type NodeOf, type Scope, scopeKey } from './nodes';
import { deploiDetailRows, type SeflowDetails, seflowDetailRows } from './server-details';
import type { FilterRow } from './tree-filter';

/** IPs learnt for a server, and the status it had then (a new server gets its IP once active). */
interface KnownIps {
  mainIp?: string;
  ips: string[];
  status: string;
}

/** Longest a reboot is shown as such while SeFlow keeps refusing the server. */
const MAX_REBOOT_MS = 15 * 60_000;

/** Servers view: Deploi virtual servers and SeFlow dedicated servers, with status, IPs, size and usage. */
export class ServersProvider extends AccountTree<ServerSummary> {
  protected readonly providers = ['deploi', 'seflow'] as const;
  protected readonly noun = 'servers';
  readonly filterFields = ['name', 'ip', 'status', 'client', 'provider'] as const;
  // Server key (`<account>/<server id>`) → IPs, kept across reloads: GetServers has none, and one
  // GetServerInfo per server is paid once, not at every refresh.
  private readonly ips = new Map<string, KnownIps>();
  private readonly joins = new JoinQueue(4);
  // Node key → when a reboot was sent: SeFlow's checkstatus still says "active" while it runs.
  private readonly rebooting = new Map<string, number>();

  constructor(deps: TreeDeps) {
    super('servers', deps);
  }

  protected async list(scope: Scope, signal: AbortSignal): Promise<ServerSummary[]> {
    if (scope.account.provider === 'deploi') {
      const input = scope.clientId === undefined ? {} : { clientid: scope.clientId };
      const read = this.reader(scopeKey(this.view, scope));
      const servers = serversFromReply(
        read(await this.deps.pool.call(scope.account, 'deploi_get_servers', input, signal)),
      );
      return servers.map((s) => this.withIps(scope, s));
    }
    return this.listSeflow(scope, signal);
  }

  // SeFlow has no list call: each listed server's status is one checkstatus. One server's failure
  // ("No such server") marks that server only; the branch fails only when every call does.
  private async listSeflow(scope: Scope, signal: AbortSignal): Promise<ServerSummary[]> {
    const refs = scope.account.servers ?? [];
    const read = this.reader(scopeKey(this.view, scope));
    const pool = this.deps.pool;
    const results = await Promise.allSettled(
      refs.map(async (ref) => {
        const serverid = ref.name;
        const reply = await pool
          .call(scope.account, 'seflow_checkstatus', { serverid }, signal)
          .then(read)
          .catch((e: unknown) => {
            if (this.rebootOf(scope, ref.name) && isHostkitError(e, 'api_error')) return 'rebooting' as const;
            throw e;
          });
        if (reply === 'rebooting') return reply;
        const status = seflowStatusFromMessage(reply.statusmsg);
        const since = this.rebootOf(scope, ref.name);
        if (since === undefined || status !== 'active') return status;
        // checkstatus reports the contract, not the machine: during a reboot SeFlow still says
        // "active" but refuses actions on the server. The graph read is the cheapest such action.
        const up = await pool.call(scope.account, 'seflow_dserver_graph', { serverid }, signal).then(
          () => true,
          (e: unknown) => (isHostkitError(e, 'api_error') ? false : Promise.reject(e)),
        );
        if (up || Date.now() - since > MAX_REBOOT_MS) {
          this.rebooting.delete(this.serverKey(scope, ref.name));
          return status;
        }
        return 'rebooting';
      }),
    );
    if (refs.length > 0 && results.every((r) => r.status === 'rejected')) {
      throw (results[0] as PromiseRejectedResult).reason;
    }
    return refs.map((ref, i) => {
      const r = results[i];
      const status =
        r?.status === 'fulfilled' ? r.value : `unknown: ${this.deps.reporter.describe(r?.reason)}`;
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

  /** A reboot was sent: the server shows "rebooting" until SeFlow serves it again. */
  markRebooting(node: NodeOf<'server'>): void {
    this.rebooting.set(node.key, Date.now());
    this.changed();
  }

  private serverKey(scope: Scope, id: string | number): string {
    return `${this.keyOf(this.scopeNode(scope))}/server:${id}`;
  }

  private rebootOf(scope: Scope, name: string): number | undefined {
    return this.rebooting.get(this.serverKey(scope, name));
  }

  protected isTransitional(item: ServerSummary): boolean {
    return serverStatusLook(item.status).transitional;
  }

  protected itemNode(scope: Scope, key: string, server: ServerSummary, fresh: Freshness): Node {
    const id = `${key}/server:${server.id}`;
    // Between the reboot and the next read the list still has the old status.
    const shown =
      this.rebooting.has(id) && server.status === 'active' ? { ...server, status: 'rebooting' } : server;
    return { kind: 'server', id, scope, key: id, server: this.withIps(scope, shown), fresh };
  }

  protected filterRow(s: ServerSummary, scope: Scope): FilterRow {
    const known = this.ips.get(this.ipKey(scope, s.id));
    const ips = [s.mainIp, ...(s.ips ?? known?.ips ?? [])].filter(Boolean);
    return {
      name: s.name,
      ip: [...new Set(ips)].join(' '),
      status: s.status,
      client: this.scopeNode(scope).name,
      provider: s.provider,
    };
  }

  protected statusLabel(node: Node): string {
    return node.kind === 'server' ? serverStatusLook(node.server.status).label : 'other';
  }

  // ---- IPs: core's join of GetServers with GetServerInfo, in the background while the view is shown.

  private ipKey(scope: Scope, id: string | number): string {
    return `${scope.account.id}/${id}`;
  }

  private withIps(scope: Scope, s: ServerSummary): ServerSummary {
    const known = this.ips.get(this.ipKey(scope, s.id));
    if (!known || s.provider !== 'deploi') return s;
    const out = { ...s, ips: known.ips };
    if (known.mainIp) out.mainIp = known.mainIp;
    return out;
  }

  protected override loaded(scope: Scope, key: string, items: ServerSummary[]): void {
    if (!this.visible || scope.account.provider !== 'deploi') return;
    for (const s of items) {
      const known = this.ips.get(this.ipKey(scope, s.id));
      // Known, or known to have none in this state (a new server has no IP until it is active).
      if (known && (known.mainIp || known.status === s.status)) continue;
      this.joins.add(this.ipKey(scope, s.id), (signal) =>
        this.joinIps(scope, key, s, signal).then(() => undefined),
      );
    }
  }

  /**
   * Reads one server's IPs (GetServerInfo, as core's list join of GetServers does), and puts them in its
   * row. A drift there is logged by the pool; the IPs that matched their schema are used.
   */
  private async joinIps(scope: Scope, key: string, s: ServerSummary, signal: AbortSignal): Promise<KnownIps> {
    const id = Number(s.id);
    const info = outputOf(await this.deps.pool.call(scope.account, 'deploi_get_server_info', { id }, signal));
    const { mainIp, ips } = serverDetailsFromReplies(info, {});
    const known: KnownIps = { ips, status: s.status, ...(mainIp ? { mainIp } : {}) };
    if (signal.aborted) return known;
    this.ips.set(this.ipKey(scope, s.id), known);
    this.deps.store.patch<ServerSummary[]>(key, (rows) =>
      rows.map((r) => (r.id === s.id ? this.withIps(scope, r) : r)),
    );
    this.changedSoon();
    return known;
  }

  /** The main IP, reading it now (one GetServerInfo) when it is not known yet. */
  async resolveMainIp(node: NodeOf<'server'>): Promise<string | undefined> {
    const known = this.mainIpOf(node);
    if (known || node.server.provider !== 'deploi') return known;
    const scopeKeyOf = node.key.slice(0, node.key.lastIndexOf('/server:'));
    return (await this.joinIps(node.scope, scopeKeyOf, node.server, new AbortController().signal)).mainIp;
  }

  /** Every IP known for a server (main first), for pickers (private IPs for a firewall rule). */
  ipsOf(node: NodeOf<'server'>): string[] {
    const known = this.ips.get(this.ipKey(node.scope, node.server.id));
    const details = this.deps.store.peek<ServerDetails>(node.key)?.data;
    return [
      ...new Set(
        [this.mainIpOf(node), ...(known?.ips ?? details?.ips ?? [])].filter((x): x is string => !!x),
      ),
    ];
  }

  /** Resolves when no IP is being read (tests and measurements). */
  joinsIdle(): Promise<void> {
    return this.joins.idle();
  }

  /** An account was signed out or now points at another API: what was learnt about it goes. */
  forgetAccount(id: string): void {
    this.joins.cancel((k) => k.startsWith(`${id}/`));
    for (const k of [...this.ips.keys()]) if (k.startsWith(`${id}/`)) this.ips.delete(k);
    for (const k of [...this.rebooting.keys()]) if (k.startsWith(`servers/${id}/`)) this.rebooting.delete(k);
  }

  override setVisible(visible: boolean): void {
    super.setVisible(visible);
    // Drawn again, the rows still without an IP are queued.
    if (visible) this.changed();
  }

  override dispose(): void {
    this.joins.dispose();
    super.dispose();
  }

  /** The main IP: from the list (joined), else from the server's details if they were read. */
  mainIpOf(node: NodeOf<'server'>): string | undefined {
    return (
      node.server.mainIp ??
      this.ips.get(this.ipKey(node.scope, node.server.id))?.mainIp ??
      this.deps.store.peek<ServerDetails>(node.key)?.data?.mainIp
    );
  }

  /** The usage percentages from which a server is flagged (settings). */
  thresholds(): Thresholds {
    return this.deps.settings().health ?? DEFAULT_THRESHOLDS;
  }

  /** High usage, from the server's details if they were read (expanded, its panel, a health check). */
  findingsOf(node: NodeOf<'server'>): Finding[] {
    const d = this.deps.store.peek<ServerDetails>(node.key)?.data;
    return d ? usageFindings(d.usage, this.thresholds()) : [];
  }

  protected draw(node: Node): vscode.TreeItem {
    if (node.kind !== 'server') return new vscode.TreeItem('?');
    const mainIp = this.mainIpOf(node);
    const s: ServerSummary = mainIp ? { ...node.server, mainIp } : node.server;
    const look = serverStatusLook(s.status);
    const findings = this.findingsOf(node);
    const description = [look.label, s.mainIp, findingsLine(findings)].filter(Boolean).join(' · ');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(
      `**${escapeMd(s.name)}** (${s.provider === 'deploi' ? `Deploi ${s.type ?? 'server'} ${s.id}` : 'SeFlow dedicated'})\n\n`,
    );
    tip.appendMarkdown(
      `Status: ${escapeMd(s.status)}${look.transitional ? ' (checking again shortly)' : ''}\n\n`,
    );
    if (s.mainIp) tip.appendMarkdown(`Main IP: ${s.mainIp}\n\n`);
    for (const f of findings) tip.appendMarkdown(`$(warning) ${escapeMd(f.text)}\n\n`);
    const size = [
      s.cpu !== undefined && `${s.cpu} vCPU`,
      s.ram !== undefined && `${s.ram} GB RAM`,
      s.disk !== undefined && `${s.disk} GB disk`,
    ].filter(Boolean);
    if (size.length) tip.appendMarkdown(`${size.join(', ')}`);
    return this.item(node, s.name, vscode.TreeItemCollapsibleState.Collapsed, {
      icon: look.icon,
      color: findings.length ? 'list.warningForeground' : look.color,
      description,
      tooltip: tip,
      contextValue: serverContext(s),
      fresh: node.fresh,
    });
  }

  protected async expand(node: Node): Promise<Node[]> {
    if (node.kind !== 'server') return [];
    if (node.server.provider === 'seflow') return this.seflowExpand(node);
    const entry = await this.loadDetails(node);
    const head = this.statusMessages(node.key, entry, node, `the details of ${node.server.name}`);
    if (!entry.data) return head;
    const age = ageLine(entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at });
    return [...head, ...deploiDetailRows(node, entry.data, age, this.findingsOf(node))];
  }

  /** A Deploi server's details (GetServerInfo and the three monitor reads), from the store or loaded. */
  loadDetails(node: NodeOf<'server'>) {
    const { account } = node.scope;
    const id = Number(node.server.id);
    return this.deps.store.get<ServerDetails>(node.key, async (signal) => {
      const read = this.reader(node.key);
      const pool = this.deps.pool;
      const [info, cpu, ram, disk] = await Promise.allSettled([
        pool.call(account, 'deploi_get_server_info', { id }, signal).then(read),
        pool.call(account, 'deploi_monitor_cpu', { id }, signal).then(read),
        pool.call(account, 'deploi_monitor_ram', { id }, signal).then(read),
        pool.call(account, 'deploi_monitor_disk', { id }, signal).then(read),
      ]);
      if (info.status === 'rejected') throw info.reason;
      // Monitoring is best effort: a server that is off or still creating has no usage figures.
      const errors = [cpu, ram, disk].flatMap((r, i) =>
        r.status === 'rejected'
          ? [`${['CPU', 'RAM', 'disk'][i]}: ${this.deps.reporter.describe(r.reason)}`]
          : [],
      );
      const value = <V>(r: PromiseSettledResult<V>) => (r.status === 'fulfilled' ? r.value : undefined);
      const d = serverDetailsFromReplies(
        info.value,
        { cpu: value(cpu), ram: value(ram), disk: value(disk) },
        errors,
      );
      this.ips.set(this.ipKey(node.scope, node.server.id), {
        ips: d.ips,
        status: node.server.status,
        ...(d.mainIp ? { mainIp: d.mainIp } : {}),
      });
      return d;
    });
  }

  private async seflowExpand(node: NodeOf<'server'>): Promise<Node[]> {
    const entry = await this.loadSeflowDetails(node);
    const head = this.statusMessages(node.key, entry, node, `the status of ${node.server.name}`);
    if (!entry.data) return head;
    const age = ageLine(entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at });
    return [...head, ...seflowDetailRows(node, entry.data, age)];
  }

  /** A SeFlow server's status message and the portable IPs, from the store or loaded. */
  loadSeflowDetails(node: NodeOf<'server'>) {
    const { account } = node.scope;
    return this.deps.store.get<SeflowDetails>(node.key, async (signal) => {
      const read = this.reader(node.key);
      const [status, portable] = await Promise.allSettled([
        this.deps.pool.call(account, 'seflow_checkstatus', { serverid: node.server.name }, signal).then(read),
        this.deps.pool.call(account, 'seflow_showportableip', {}, signal).then(read),
      ]);
      if (status.status === 'rejected') throw status.reason;
      const d: SeflowDetails = {
        // "No Portable IP" is an empty list (core answers it so); a failed read shows none.
        portableIps: portable.status === 'fulfilled' ? portable.value.portableIps : [],
      };
      const msg = status.value.statusmsg;
      if (msg) d.statusMessage = msg;
      return d;
    });
  }
}

/**
 * `hostkit.server.<deploi|deploi-dedicated|seflow>.<running|off|suspended|locked|busy|other>`: menus match
 * on it (power actions only where the server is in a state that allows them).
 */
export function serverContext(s: ServerSummary): string {
  const kind = s.provider === 'seflow' ? 'seflow' : s.type === 'dedicated' ? 'deploi-dedicated' : 'deploi';
  const st = s.status.toLowerCase();
  const look = serverStatusLook(st);
  const state =
    st === 'active' || st === 'running'
      ? 'running'
      : st === 'off' || st === 'stopped' || st === 'shutoff'
        ? 'off'
        : st === 'suspended by seflow'
          ? 'locked'
          : st.startsWith('suspended')
            ? 'suspended'
            : look.transitional
              ? 'busy'
              : 'other';
  return `hostkit.server.${kind}.${state}`;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
