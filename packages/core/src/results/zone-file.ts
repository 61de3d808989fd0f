// Zone-file text: DNS records as agents and people read them (GetDomainRecords' list lines, the VS Code
// zone documents, the MCP zone resources). No registry import: start-up paths can use it.
import { quote, token } from '../text.js';

// The options each type uses; the API lists all of them on every record (priority 0, serviceSet false…).
const optionsOf: Readonly<Record<string, readonly string[]>> = {
  MX: ['ttl', 'priority'],
  SRV: ['ttl', 'service', 'protocol', 'priority', 'weight', 'port'],
};

/** A listed record with only the options its type uses. */
export function tidyRecord(row: Record<string, unknown>): Record<string, unknown> {
  const options = row.options as Record<string, unknown> | undefined;
  if (!options) return row;
  const used = optionsOf[String(row.type)] ?? ['ttl'];
  return { ...row, options: Object.fromEntries(Object.entries(options).filter(([k]) => used.includes(k))) };
}

/** A record as a zone-file line: `www.example.com. 3600 IN MX 10 mail.example.com.`, text quoted. */
export function zoneLine(row: Record<string, unknown>): string {
  const o = (row.options ?? {}) as Record<string, unknown>;
  const type = String(row.type ?? '');
  const value = String(row.value ?? '');
  const name = (v: string) => (v.endsWith('.') || !v.includes('.') ? token(v) : `${token(v)}.`);
  const data =
    type === 'TXT'
      ? quote(value)
      : type === 'MX'
        ? `${String(o.priority ?? 0)} ${name(value)}`
        : type === 'SRV'
          ? `${String(o.priority ?? 0)} ${String(o.weight ?? 0)} ${String(o.port ?? 0)} ${name(value)}`
          : type === 'CNAME'
            ? name(value)
            : token(value);
  return `${name(String(row.host ?? '@'))} ${o.ttl === undefined ? '' : `${String(o.ttl)} `}IN ${token(type)} ${data}`;
}

/** What a zone file says beside its records: when it was read, and one comment line for the reader. */
export interface ZoneFileOptions {
  /** When the records were read (the header says so). */
  at?: Date;
  /** A comment line under the header, such as where the records can be changed. */
  note?: string;
}

/**
 * A domain's records as zone-file text: a header saying where they come from, `$ORIGIN`, then each
 * record as the same line GetDomainRecords' list facts write for agents. Used by the VS Code zone
 * documents and the MCP zone resources, so both show one format.
 */
export function zoneFileText(
  domain: string,
  records: readonly object[],
  options: ZoneFileOptions = {},
): string {
  const at = options.at ?? new Date();
  return [
    `; ${domain}: ${records.length} DNS record${records.length === 1 ? '' : 's'} as Deploi serves them, read ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC by Hostkit.`,
    ...(options.note ? [`; ${options.note}`] : []),
    `$ORIGIN ${domain}.`,
    ...records.map((r) => zoneLine(tidyRecord({ ...r } as Record<string, unknown>))),
    '',
  ].join('\n');
}
