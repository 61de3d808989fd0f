import * as vscode from 'vscode';
import { findingsLine } from '../model/health';
import { isKind, type NodeOf } from '../tree/nodes';
import type { DetailsPanels } from '../ui/details-panel';
import { withProgress } from '../ui/reporter';
import { type ZoneFileProvider, zoneText, zoneUri } from '../ui/zone-file';
import { choose, collect, whereOf } from './pick';
import type { CommandDeps } from './run-action';

export interface DetailsCommandDeps extends CommandDeps {
  panels: DetailsPanels;
  zones: ZoneFileProvider;
}

/** Details panels, zone files (view and export) and the fleet health check. */
export function registerDetailsCommands(deps: DetailsCommandDeps): vscode.Disposable[] {
  const { servers, domains, firewalls } = deps;
  const server = async (node: unknown, title: string) =>
    isKind(node, 'server')
      ? node
      : choose(deps.prompter(), await collect(servers, 'server'), title, (n) => ({
          label: n.server.name,
          description: [n.server.status, servers.mainIpOf(n), whereOf(n)].filter(Boolean).join(' · '),
        }));
  const domain = async (node: unknown, title: string): Promise<NodeOf<'domain'> | undefined> => {
    if (isKind(node, 'domain')) return node;
    if (isKind(node, 'record')) return (await collect(domains, 'domain')).find((d) => d.key === node.key);
    return choose(deps.prompter(), await collect(domains, 'domain'), title, (d) => ({
      label: d.domain.name,
      description: whereOf(d),
    }));
  };

  return [
    vscode.commands.registerCommand('hostkit.servers.showDetails', async (node?: unknown) => {
      const n = await server(node, 'Show the details of which server?');
      return n && deps.panels.showServer(n);
    }),
    vscode.commands.registerCommand('hostkit.domains.showDetails', async (node?: unknown) => {
      const n = await domain(node, 'Show the details of which domain?');
      return n && deps.panels.showDomain(n);
    }),
    vscode.commands.registerCommand('hostkit.domains.openZoneFile', async (node?: unknown) => {
      const n = await domain(node, 'Open the zone file of which domain?');
      if (!n) return undefined;
      await domains.loadDetails(n);
      const doc = await vscode.workspace.openTextDocument(zoneUri(n.domain.name, n.key));
      await vscode.window.showTextDocument(doc, { preview: false });
      return doc;
    }),
    vscode.commands.registerCommand('hostkit.domains.exportZoneFile', async (node?: unknown) => {
      const n = await domain(node, 'Export the zone file of which domain?');
      if (!n) return undefined;
      const entry = await domains.loadDetails(n);
      if (!entry.data) {
        await deps.reporter.fail(
          `Exporting the zone of ${n.domain.name}`,
          new Error(entry.error ?? 'no records read'),
        );
        return undefined;
      }
      const uri = await deps.prompter().saveLocation({
        title: `Export the zone file of ${n.domain.name}`,
        fileName: `${n.domain.name}.zone`,
        filters: { 'Zone files': ['zone', 'txt'] },
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(
        uri,
        Buffer.from(zoneText(n.domain.name, entry.data.records), 'utf8'),
      );
      void vscode.window.setStatusBarMessage(`$(check) Exported ${n.domain.name} to ${uri.fsPath}`, 5000);
      return uri.fsPath;
    }),
    vscode.commands.registerCommand('hostkit.servers.checkHealth', async () => {
      // Reads what the tree reads on expand (usage of each Deploi server, rules and sites of each
      // firewall) for the whole fleet, a few at a time, then draws the warnings.
      const all = (await collect(servers, 'server')).filter((n) => n.server.provider === 'deploi');
      const walls = await collect(firewalls, 'firewall');
      const total = all.length + walls.length;
      let done = 0;
      await withProgress(
        `Checking the health of ${all.length} servers and ${walls.length} firewalls…`,
        async (signal) => {
          const queue = [
            ...all.map((n) => () => servers.loadDetails(n)),
            ...walls.map((f) => () => firewalls.loadDetails(f)),
          ];
          const worker = async () => {
            for (let job = queue.shift(); job && !signal.aborted; job = queue.shift()) {
              await job().catch(() => undefined);
              done++;
            }
          };
          await Promise.all([worker(), worker(), worker(), worker()]);
        },
      );
      servers.changed();
      firewalls.changed();
      const flagged = [
        ...all.flatMap((n) => {
          const line = findingsLine(servers.findingsOf(n));
          return line ? [`${n.server.name} (${line.replace(/^⚠ /, '')})`] : [];
        }),
        ...walls.flatMap((f) => {
          const line = findingsLine(firewalls.findingsOf(f.key));
          return line ? [`${f.firewall.name} (${line.replace(/^⚠ /, '')})`] : [];
        }),
        ...(await collect(domains, 'domain')).flatMap((d) => {
          const line = findingsLine(domains.findingsOf(d));
          return line ? [`${d.domain.name} (${line.replace(/^⚠ /, '')})`] : [];
        }),
      ];
      const text = flagged.length
        ? `${flagged.length} need attention: ${flagged.slice(0, 8).join('; ')}${flagged.length > 8 ? `; and ${flagged.length - 8} more (marked ⚠ in the views)` : ''}.`
        : `Nothing flagged in ${done} of ${total} checked.`;
      void vscode.window.showInformationMessage(`Fleet health: ${text}`);
      return flagged;
    }),
  ];
}
