import { formatPercent, usageBar } from '../model/format';
import type { Finding } from '../model/health';
import type { ServerDetails } from '../model/types';
import type { Node, NodeOf } from './nodes';

// The rows under an expanded server, from data already loaded. Free of `vscode` beyond the node types.

/** What SeFlow's checkstatus and showportableip say about one server. */
export interface SeflowDetails {
  statusMessage?: string;
  portableIps: { ip: string; routedTo: string }[];
}

/** Main IP, IPs, CPU, RAM and disk usage, disks, state and usage findings of a Deploi server. */
export function deploiDetailRows(
  node: NodeOf<'server'>,
  d: ServerDetails,
  age: string,
  findings: readonly Finding[],
): Node[] {
  const out: Node[] = [];
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
  const flagged = (short: string) => findings.find((f) => f.short.startsWith(short));
  const usage = (id: string, label: string, text: string, icon: string) => {
    const f = flagged(label === 'Disk usage' ? 'Disk' : label);
    const n = info(
      `${node.id}/${id}`,
      label,
      f ? `⚠ ${text}` : text,
      f ? 'warning' : icon,
      f ? `${f.text}\n\n${age}` : age,
    );
    if (f && n.kind === 'info') n.color = 'list.warningForeground';
    out.push(n);
  };
  const cpu = d.cpu ?? node.server.cpu;
  usage(
    'cpu',
    'CPU',
    usageText(
      cpu !== undefined ? `${cpu} vCPU` : undefined,
      d.usage.cpu,
      d.usage.load !== undefined ? `load ${d.usage.load}` : undefined,
    ),
    'dashboard',
  );
  const ram = d.ram ?? node.server.ram;
  usage('ram', 'RAM', usageText(ram !== undefined ? `${ram} GB` : undefined, d.usage.ram), 'server');
  usage('disk-usage', 'Disk usage', usageText(undefined, d.usage.disk), 'database');
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
  if (d.running === false) out.push(info(`${node.id}/running`, 'Not running', undefined, 'debug-stop', age));
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

/** Status, main IP, portable IPs routed to it and the graphs entry of a SeFlow server. */
export function seflowDetailRows(node: NodeOf<'server'>, d: SeflowDetails, age: string): Node[] {
  const out: Node[] = [];
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
  out.push({
    kind: 'info',
    id: `${node.id}/graphs`,
    label: 'Show bandwidth graphs',
    icon: 'graph-line',
    tooltip: 'Daily, weekly, monthly and yearly bandwidth graphs from SeFlow',
    contextValue: 'hostkit.graphs',
    command: { id: 'hostkit.servers.showBandwidth', title: 'Show bandwidth graphs', target: node },
  });
  return out;
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
