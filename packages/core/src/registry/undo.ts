// How a change is undone, as facts of each command (its `undo`): what to read before sending it, and the
// calls that put back what it replaced. The MCP server's undo journal records these after each change.

import type { ToolInput } from '../workflows/typed-read.js';
import type { ToolName } from './registry.js';

type Row = Record<string, unknown>;

/** A tool call: a tool name and its input (a change set's step, an undo's inverse). */
export interface ToolCall {
  tool: string;
  input: Row;
}

/**
 * A call of the registry command named `tool`, its input typed from that command's schema, so a renamed
 * field fails to compile in every check and inverse that sends it. (Type-only imports of the registry: the
 * definitions that use this are part of it, and their `check`/`undo` bodies are typed by their contexts.)
 */
export function toolCall<T extends ToolName>(tool: T, input: ToolInput<T>): ToolCall {
  return { tool, input: input as Row };
}

/**
 * How a command's call is undone.
 * - `irreversible`: why no call can undo it (an ordered server is billed; a cancelled agreement is gone).
 * - Otherwise: `before` names a read of what the call will replace, made just before it is sent;
 *   `recall` names what the call sets when no read can say its value now (SeFlow's reverse DNS), so the
 *   journal's last call with the same key tells what it replaced; `inverse` gives the calls that put it
 *   back (none: the call changed nothing), or says why this call cannot be undone.
 */
export type UndoSpec<In> =
  | { irreversible: string }
  | {
      // Methods, not properties, so a command with a narrow input still fits `Command` (bivariance).
      before?(input: In): ToolCall;
      recall?(input: In): string;
      inverse(input: In, before: Row | undefined, recalled: In | undefined): readonly ToolCall[] | string;
    };

/** `@`, `www`, `www.example.com.` → the full lower-case name within `domain`. */
export function fullHost(host: string, domain: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (h === '@' || h === '' || h === d) return d;
  return h.endsWith(`.${d}`) ? h : `${h}.${d}`;
}

/** A record of a GetDomainRecords reply, as the undo of a record change needs it. */
export interface LiveRecord {
  type: string;
  host: string;
  value: string;
  options: Row;
}

/** The record of `type` at `host` with `value` in a GetDomainRecords reply, if there is one. */
export function liveRecord(
  reply: Row | undefined,
  domain: string,
  type: string,
  host: string,
  value: string,
): LiveRecord | undefined {
  const rows = Array.isArray(reply?.records) ? (reply.records as Row[]) : [];
  const wanted = fullHost(host, domain);
  const found = rows.find(
    (r) =>
      String(r.type ?? '').toUpperCase() === type &&
      fullHost(String(r.host ?? ''), domain) === wanted &&
      String(r.value ?? '') === value,
  );
  if (!found) return undefined;
  return {
    type,
    host: String(found.host),
    value: String(found.value),
    options: (found.options ?? {}) as Row,
  };
}

// The option fields a record is written with; GetDomainRecords also shows empty service/protocol and
// port 0 on records that do not use them, which a new record must not carry.
const writtenOptions = ['ttl', 'service', 'protocol', 'priority', 'weight', 'port'] as const;

/** A live record's options as UpdateDomainRecord's `from` names them: as GetDomainRecords lists them. */
export function identifyingOptions(options: Row | undefined): Row {
  const out: Row = {};
  for (const k of writtenOptions) if (options?.[k] !== undefined) out[k] = options[k];
  return out;
}

/** A live record's options as AddDomainRecord and UpdateDomainRecord's `to` take them. */
export function writableOptions(type: string, options: Row): Row {
  const out: Row = {};
  for (const k of writtenOptions) {
    const v = options[k];
    if (v === undefined || v === '' || v === null) continue;
    if (k === 'port' && v === 0) continue;
    if (k !== 'ttl' && type !== 'SRV' && !(k === 'priority' && type === 'MX')) continue;
    out[k] = v;
  }
  return out;
}

/** The settings of a WAF site in a GetReverseProxyInfo reply. */
export function proxyInfo(reply: Row | undefined): Row | undefined {
  const info = reply?.reverseProxyInfo;
  return info && typeof info === 'object' ? (info as Row) : undefined;
}

/** Why a command's call cannot be undone, when its definition has no inverse. */
export function undoReason(command: {
  title: string;
  wire: string;
  billable: boolean;
  provider: string;
  undo?: UndoSpec<never> | undefined;
}): string {
  if (command.undo && 'irreversible' in command.undo) return command.undo.irreversible;
  if (command.billable)
    return command.provider === 'deploi'
      ? `${command.title} is billed, and Hostkit does not cancel what was ordered: cancel its agreement with deploi_cancel_agreement if that is meant`
      : `${command.title} is billed, and Hostkit does not cancel what was ordered`;
  if (/^(Delete|Remove|Cancel|Restore|Reinstall|Reset)/i.test(command.wire))
    return `${command.title} cannot be reversed: what it removed or overwrote cannot be made again as it was`;
  return `Hostkit knows no call that undoes ${command.title.charAt(0).toLowerCase()}${command.title.slice(1)}`;
}
