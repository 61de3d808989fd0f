import { randomBytes } from 'node:crypto';
import { isPrivateCidr } from '@hostkit/core';
import * as vscode from 'vscode';
import { accountLabel, providerLabel } from '../accounts/account';
import { collect } from '../commands/pick';
import type { CommandDeps } from '../commands/run-action';
import { formatTtl, relativeHost } from '../model/format';
import {
  domainFindings,
  type Finding,
  type FindingSource,
  proxyFindings,
  ruleFinding,
  usageFindings,
} from '../model/health';
import { describeRule } from '../model/normalize';
import { domainStatusLook, serverStatusLook } from '../model/status';
import type { NodeOf } from '../tree/nodes';
import { ageLine } from '../tree/tree-item';
import { type PanelAction, type PanelModel, panelHtml } from './details-html';
import { zoneText } from './zone-file';

type ServerNode = NodeOf<'server'>;
type DomainNode = NodeOf<'domain'>;

export interface DetailsDeps extends CommandDeps {
  /** Extra sources of findings (core's diagnosis, once it exists), besides the rules in model/health. */
  serverFindings?: readonly FindingSource<ServerNode>[];
}

const ipKind = (ip: string) => (ip.includes(':') ? 'IPv6' : isPrivateCidr(`${ip}/32`) ? 'private' : 'public');

/**
 * One details panel per server or domain (opened again, the same panel comes to the front): what the
 * tree shows in rows, on one page, with the firewall rules and WAF sites that reach a server and the
 * whole zone of a domain. Built from the same store as the tree, so it costs no request the tree has
 * already made.
 */
export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly deps: DetailsDeps) {}

  async showServer(node: ServerNode): Promise<PanelModel> {
    return this.show(node.key, node, () => this.serverModel(node));
  }

  async showDomain(node: DomainNode): Promise<PanelModel> {
    return this.show(node.key, node, () => this.domainModel(node));
  }

  /** The panels open now, by item key (tests). */
  openKeys(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
  }

  private async show(
    key: string,
    node: ServerNode | DomainNode,
    build: () => Promise<PanelModel>,
  ): Promise<PanelModel> {
    const model = await build();
    let panel = this.panels.get(key);
    if (panel) panel.reveal(undefined, false);
    else {
      panel = vscode.window.createWebviewPanel('hostkit.details', model.title, vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panels.set(key, panel);
      const p = panel;
      p.onDidDispose(() => this.panels.delete(key));
      p.webview.onDidReceiveMessage(async (m: { command?: unknown }) => {
        const allowed = model.actions.map((a) => a.command);
        if (typeof m.command !== 'string' || !allowed.includes(m.command)) return;
        if (m.command === 'refresh') {
          (node.kind === 'server' ? this.deps.servers : this.deps.domains).refreshItem(node);
          const next = await build();
          p.webview.html = panelHtml(next, nonce(), p.webview.cspSource);
          return;
        }
        await vscode.commands.executeCommand(m.command, node);
      });
    }
    panel.title = model.title;
    panel.webview.html = panelHtml(model, nonce(), panel.webview.cspSource);
    return model;
  }

  private async serverModel(n: ServerNode): Promise<PanelModel> {
    const { servers, firewalls } = this.deps;
    const s = n.server;
    const where = placeOf(n);
    const actions: PanelAction[] = [
      { command: 'refresh', label: 'Refresh' },
      { command: 'hostkit.servers.copyIp', label: 'Copy IP' },
      { command: 'hostkit.servers.openSshTerminal', label: 'Open SSH Terminal' },
      { command: 'hostkit.servers.openInPortal', label: `Open in ${providerLabel(s.provider)} Portal` },
    ];
    const model: PanelModel = {
      title: s.name,
      subtitle: `${s.provider === 'deploi' ? `Deploi ${s.type ?? 'virtual'} server ${s.id}` : 'SeFlow dedicated server'} · ${where}`,
      status: serverStatusLook(s.status).label,
      updated: ageLine(n.fresh),
      findings: [],
      facts: [],
      usage: [],
      tables: [],
      blocks: [],
      notes: [],
      actions,
    };
    const size = [
      s.cpu !== undefined && `${s.cpu} vCPU`,
      s.ram !== undefined && `${s.ram} GB RAM`,
      s.disk !== undefined && `${s.disk} GB disk`,
    ].filter(Boolean);
    if (size.length) model.facts.push(['Size', size.join(', ')]);
    if (s.provider === 'seflow') {
      const e = await servers.loadSeflowDetails(n);
      if (e.error) model.notes.push(`Status unavailable: ${e.error}`);
      if (e.data?.statusMessage) model.facts.push(['SeFlow says', e.data.statusMessage]);
      if (s.mainIp) model.facts.unshift(['Main IP', s.mainIp]);
      const routed = (e.data?.portableIps ?? []).filter((p) => p.routedTo === s.mainIp);
      model.tables.push({
        caption: 'Portable IPs routed here',
        head: ['IP'],
        rows: routed.map((p) => [p.ip]),
        empty: 'None',
      });
      model.updated = ageLine(e.fromCache ? { at: e.at, fromCache: true } : { at: e.at });
      return model;
    }
    const entry = await servers.loadDetails(n);
    const d = entry.data;
    model.updated = ageLine(entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at });
    if (entry.error) model.notes.push(`Details unavailable: ${entry.error}`);
    const ips = servers.ipsOf(n);
    const mainIp = d?.mainIp ?? servers.mainIpOf(n);
    model.facts.unshift(['Main IP', mainIp ?? 'not assigned yet']);
    if (d?.running === false) model.facts.push(['Running', 'no']);
    if (d?.suspended) model.facts.push(['Suspended', 'yes']);
    const limits = this.deps.servers.thresholds();
    if (d) {
      model.usage = [
        {
          label: 'CPU',
          limit: limits.cpu,
          ...(d.usage.cpu === undefined ? {} : { percent: d.usage.cpu }),
          ...(d.usage.load === undefined ? {} : { detail: `load ${d.usage.load}` }),
        },
        { label: 'RAM', limit: limits.ram, ...(d.usage.ram === undefined ? {} : { percent: d.usage.ram }) },
        {
          label: 'Disk',
          limit: limits.disk,
          ...(d.usage.disk === undefined ? {} : { percent: d.usage.disk }),
        },
      ];
      if (d.usageErrors.length) model.notes.push(`Usage figures unavailable: ${d.usageErrors.join('; ')}`);
      model.tables.push({
        caption: 'Disks',
        head: ['Id', 'Type', 'Size'],
        rows: d.disks.map((x) => [
          x.id,
          (x.type ?? '?').toUpperCase(),
          x.size === undefined ? '?' : `${x.size} GB`,
        ]),
        empty: 'No disks listed',
      });
    }
    model.tables.unshift({
      caption: 'IP addresses',
      head: ['Address', 'Kind'],
      rows: ips.map((ip) => [ip, ipKind(ip)]),
      empty: 'None known yet',
    });
    const findings: Finding[] = d ? usageFindings(d.usage, limits) : [];
    // Firewall rules and WAF sites of the same client that forward to one of the server's IPs.
    const rules: string[][] = [];
    const sites: string[][] = [];
    const sameScope = (await collect(firewalls, 'firewall')).filter(
      (f) => f.scope.account.id === n.scope.account.id && f.scope.clientId === n.scope.clientId,
    );
    for (const f of sameScope) {
      const fe = await firewalls.loadDetails(f);
      if (fe.error && !fe.data)
        model.notes.push(`Rules of firewall ${f.firewall.name} unavailable: ${fe.error}`);
      for (const r of fe.data?.rules ?? []) {
        if (!r.dstIp || !ips.includes(r.dstIp)) continue;
        const risk = ruleFinding(r);
        if (risk) findings.push(risk);
        rules.push([f.firewall.name, describeRule(r), risk ? `⚠ ${risk.short}` : '']);
      }
      for (const p of fe.data?.reverseProxies ?? []) {
        if (!p.forwardTo || !ips.includes(p.forwardTo)) continue;
        findings.push(...proxyFindings(p));
        sites.push([
          f.firewall.name,
          p.name,
          p.domains.join(', '),
          p.wafEnabled === false ? '⚠ WAF off' : p.wafEnabled ? 'WAF on' : '?',
        ]);
      }
    }
    model.tables.push({
      caption: 'Firewall rules that reach it',
      head: ['Firewall', 'Rule', ''],
      rows: rules,
      empty: 'No port-forwarding rule of this client forwards to it',
    });
    if (sites.length)
      model.tables.push({
        caption: 'WAF sites in front of it',
        head: ['Firewall', 'Site', 'Domains', 'WAF'],
        rows: sites,
        empty: '',
      });
    for (const source of this.deps.serverFindings ?? []) findings.push(...(await source(n)));
    model.findings = findings;
    if (servers.findingsOf(n).length) servers.changed();
    return model;
  }

  private async domainModel(n: DomainNode): Promise<PanelModel> {
    const d = n.domain;
    const entry = await this.deps.domains.loadDetails(n);
    const z = entry.data;
    const model: PanelModel = {
      title: d.name,
      subtitle: `Deploi domain · ${placeOf(n)}`,
      status: domainStatusLook(d.status, d.expiryDate, Date.now()).label,
      updated: ageLine(entry.fromCache ? { at: entry.at, fromCache: true } : { at: entry.at }),
      findings: domainFindings(d, Date.now()),
      facts: [
        ['Registered', d.registrationDate ?? '?'],
        ['Expires', d.expiryDate ?? '?'],
        ['Next renewal billed', d.nextDueDate ?? '?'],
        ['Name servers', z ? z.nameServers.join(', ') || 'none' : '?'],
      ],
      usage: [],
      tables: [],
      blocks: [],
      notes: [],
      actions: [
        { command: 'refresh', label: 'Refresh' },
        { command: 'hostkit.domains.addRecord', label: 'Add Record' },
        { command: 'hostkit.domains.openZoneFile', label: 'Open Zone File' },
        { command: 'hostkit.domains.exportZoneFile', label: 'Export Zone File' },
        { command: 'hostkit.domains.openInPortal', label: 'Open in Deploi Portal' },
      ],
    };
    if (entry.error)
      model.notes.push(
        `${z ? 'Refresh failed; showing older records' : 'Records unavailable'}: ${entry.error}`,
      );
    if (z?.nameServerError) model.notes.push(`Name servers unavailable: ${z.nameServerError}`);
    if (z) {
      model.tables.push({
        caption: `DNS records (${z.records.length})`,
        head: ['Type', 'Host', 'Value', 'TTL', 'Priority / port'],
        rows: z.records.map((r) => [
          r.type,
          relativeHost(r.host, d.name),
          r.value,
          formatTtl(r.options.ttl) ?? '',
          [r.options.priority, r.options.weight, r.options.port].filter((x) => x !== undefined).join(' '),
        ]),
        empty: 'No records',
      });
      model.blocks.push({ caption: 'Zone file', text: zoneText(d.name, z.records) });
    }
    return model;
  }
}

/** `Nordlys Media AS (client 101) · demo@hostkit.example (sandbox)`. */
function placeOf(n: ServerNode | DomainNode): string {
  const client = n.scope.account.clients?.find((c) => c.id === n.scope.clientId);
  return [client && `${client.name ?? 'client'} (client ${client.id})`, accountLabel(n.scope.account)]
    .filter(Boolean)
    .join(' · ');
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}
