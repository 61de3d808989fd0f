import { zoneFileText } from '@hostkit/core';
import * as vscode from 'vscode';
import type { DnsRecord } from '../model/types';
import type { DomainsProvider } from '../tree/domains-provider';

/** The scheme of the read-only zone-file documents: `hostkit-zone:/example.com.zone?<data key>`. */
export const ZONE_SCHEME = 'hostkit-zone';

/** A domain's records as a zone file (core's format), noting where they can be changed. */
export function zoneText(domain: string, records: readonly DnsRecord[], at = new Date()): string {
  return zoneFileText(domain, records, {
    at,
    note: 'Read-only: change records in the Domains view (Add, Edit, Delete DNS Record).',
  });
}

export function zoneUri(domain: string, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: ZONE_SCHEME, path: `/${domain}.zone`, query: key });
}

/** Serves the zone documents from the Domains view's data; they follow it when it is read again. */
export class ZoneFileProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  constructor(private readonly domains: DomainsProvider) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const domain = uri.path.replace(/^\//, '').replace(/\.zone$/, '');
    const details = this.domains.detailsOf(uri.query) ?? (await this.domains.reloadDetails(uri.query));
    if (!details)
      return `; ${domain}: the records could not be read. Refresh the domain in the Domains view.\n`;
    return zoneText(domain, details.records);
  }

  /** The Domains view read something again: open zone documents are redrawn. */
  refresh(): void {
    for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
