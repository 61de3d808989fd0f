import { isSecretKey } from '../redact.js';
import { quote } from '../text.js';
import type { Command, Names, Target } from './define.js';
import { isIdn, toUnicodeDomain } from './idn.js';

// What a human is asked to confirm: one rule for when, one rendering of what. Used by the MCP server's
// confirmations and the VS Code extension's modals alike.

/** Why a call needs a human's yes; empty when it needs none. */
export function confirmationReasons(command: Command, input: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  // The two reasons alwaysNeedsConfirmation stands for, said apart.
  if (command.risk === 'destructive') reasons.push('it can lose data, disrupt service or weaken security');
  if (command.billable) reasons.push('it costs money');
  const extra = command.confirm?.(input);
  if (extra) reasons.push(extra);
  return reasons;
}

/** Whether a call needs a human's yes: destructive, billable, or risky for this input. */
export function needsConfirmation(command: Command, input: Record<string, unknown>): boolean {
  return confirmationReasons(command, input).length > 0;
}

/** Whether every call of a command needs a human's yes, whatever its input (destructive or billable). */
export function alwaysNeedsConfirmation(command: Pick<Command, 'risk' | 'billable'>): boolean {
  return command.risk === 'destructive' || command.billable;
}

/** Whether any input of a command may need a human's yes (for listings and menus). */
export function mayNeedConfirmation(command: Command): boolean {
  return alwaysNeedsConfirmation(command) || command.confirm !== undefined;
}

/** `for client 102`, or nothing when the client is the default one. */
export function forClient(input: { clientid?: number | undefined }): string {
  return input.clientid === undefined ? '' : ` for client ${input.clientid}`;
}

/** `a, b and c`, each quoted. */
export function quotedList(values: readonly unknown[]): string {
  const items = values.map(quote);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `1 record`, `2 records`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** Names from ids alone, for summaries made before (or without) looking anything up. */
export const idNames: Names = {
  server: (id) => `server ${id}`,
  firewall: (id) => `firewall ${id}`,
  site: (id) => `site ${id}`,
  proxy: (firewall, id) => `reverse proxy ${id} of firewall ${firewall}`,
};

/** {@link Names} from looked-up names, by `kind:id` (proxies `proxy:firewall:id`); ids alone where unknown. */
export function namesFrom(known: ReadonlyMap<string, string>): Names {
  const named = (kind: string, key: string, fallback: string, id: number) => {
    const name = known.get(key);
    return name === undefined ? fallback : `${kind} ${quote(name)} (id ${id})`;
  };
  return {
    server: (id) => named('server', `server:${id}`, idNames.server(id), id),
    firewall: (id) => named('firewall', `firewall:${id}`, idNames.firewall(id), id),
    site: (id) => named('site', `site:${id}`, idNames.site(id), id),
    proxy: (firewall, id) =>
      `${named('reverse proxy', `proxy:${firewall}:${id}`, `reverse proxy ${id}`, id)} of ${named('firewall', `firewall:${firewall}`, idNames.firewall(firewall), firewall)}`,
  };
}

/** The key {@link namesFrom} looks a target up by. */
export function targetKey(target: Target): string {
  return target.kind === 'proxy' ? `proxy:${target.firewall}:${target.id}` : `${target.kind}:${target.id}`;
}

/**
 * Every value of `input` as `path: value` lines, nested objects and lists included (`disks[0].size: 40`),
 * values quoted as data and secrets hidden: what a confirmation lists so nothing sent goes unseen.
 */
export function argumentLines(
  input: unknown,
  secrets: readonly string[] = [],
  shown: readonly string[] = [],
): string[] {
  const lines: string[] = [];
  const walk = (value: unknown, path: string, secret: boolean): void => {
    if (value === undefined) return;
    // A flag under a secret-looking name (allowRemotePasswordLogin) holds no secret, and is what a person must see.
    if (secret && typeof value !== 'boolean') {
      lines.push(`${path}: [hidden]`);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${path}: []`);
      for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`, false);
      return;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (entries.length === 0) lines.push(`${path || '(arguments)'}: {}`);
      for (const [key, v] of entries) {
        const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : quote(key);
        walk(v, path ? `${path}.${name}` : name, isSecretKey(key, secrets) && !shown.includes(key));
      }
      return;
    }
    // An internationalized name is sent in its xn-- form: the person also sees the name they know.
    const unicode = typeof value === 'string' && isIdn(value) ? toUnicodeDomain(value) : value;
    lines.push(`${path}: ${quote(value)}${unicode !== value ? ` (${quote(unicode)})` : ''}`);
  };
  walk(input, '', false);
  return lines;
}

/** The description's sentences after the first: what a command changes, breaks or costs. */
function consequences(description: string): string {
  const sentences = description.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [description];
  return sentences.slice(1).join('').trim();
}

/**
 * What a human confirms: the command's own sentence (or its title and what its description says it
 * changes, breaks or costs), why it needs a yes, and every argument that will be sent.
 */
export function summaryOf(command: Command, input: Record<string, unknown>, names: Names = idNames): string {
  const own = command.summary?.(input, names);
  let head: string;
  if (own) head = own;
  else {
    const targets = command.targets?.(input) ?? [];
    const named = targets.map((t) =>
      t.kind === 'proxy' ? names.proxy(t.firewall, t.id) : names[t.kind](t.id),
    );
    const rest = consequences(command.description);
    head = `${command.title}${named.length ? `: ${named.join(', ')}` : ''}.${rest ? ` ${rest}` : ''}`;
  }
  if (command.billable && !/\b(bill|cost)/i.test(head)) head += ' Costs money.';
  const reasons = confirmationReasons(command, input);
  const provider = command.provider === 'deploi' ? 'Deploi' : 'SeFlow';
  const args = argumentLines(input, command.secrets ?? [], command.shown ?? []);
  return [
    head,
    ...(reasons.length ? [`Asked because ${reasons.join('; ')}.`] : []),
    `${provider} ${command.wire} will be sent with:`,
    ...(args.length ? args.map((l) => `  ${l}`) : ['  (no arguments)']),
  ].join('\n');
}
