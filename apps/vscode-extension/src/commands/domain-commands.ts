import * as vscode from 'vscode';
import { formatTtl, relativeHost } from '../model/format';
import { describeRecord, existingOptions, newOptions } from '../model/normalize';
import type { DnsRecord } from '../model/types';
import { isKind, type NodeOf } from '../tree/nodes';
import { childrenOfKind, choose, collect, whereOf } from './pick';
import { ADD, editRecord, UPDATE } from './record-editor';
import { type ActionResult, type BatchResult, type CommandDeps, runAction, runBatch } from './run-action';

type DomainNode = NodeOf<'domain'>;
type RecordNode = NodeOf<'record'>;

const DELETE = 'deploi_delete_domain_record';
const DNS_DETAIL =
  'DNS changes are public at once; resolvers may keep the old answer until its TTL runs out.';

const shownOf = (r: DnsRecord, domain: string) =>
  describeRecord({ ...r, host: relativeHost(r.host, domain) });

/** hostkit.domains.*: add, edit and delete DNS records (several at once too). */
export function registerDomainCommands(deps: CommandDeps): vscode.Disposable[] {
  const { domains } = deps;
  const prompter = () => deps.prompter();

  const domainTarget = async (node: unknown): Promise<DomainNode | undefined> => {
    if (isKind(node, 'domain')) return node;
    if (isKind(node, 'record')) return (await collect(domains, 'domain')).find((d) => d.key === node.key);
    return choose(prompter(), await collect(domains, 'domain'), 'Which domain?', (d) => ({
      label: d.domain.name,
      description: whereOf(d),
    }));
  };

  const recordTarget = async (node: unknown, title: string): Promise<RecordNode | undefined> => {
    if (isKind(node, 'record')) return node;
    const domain = await domainTarget(node);
    if (!domain) return undefined;
    const records = (await childrenOfKind(domains, domain, 'record')).filter((r) => r.record.type !== 'NS');
    return choose(prompter(), records, title, (r) => ({
      label: shownOf(r.record, r.domain),
      description: `TTL ${formatTtl(r.record.options.ttl) ?? '?'}`,
    }));
  };

  const addRecord = async (node?: unknown): Promise<ActionResult | undefined> => {
    const d = await domainTarget(node);
    if (!d) return undefined;
    const domain = d.domain.name;
    const r = await editRecord(prompter(), domain);
    if (!r) return undefined;
    const shown = describeRecord(r);
    return runAction(deps, {
      account: d.scope.account,
      tool: ADD,
      input: { domain, type: r.type, host: r.host, value: r.value, options: newOptions(r.type, r.options) },
      question: `Add the record ${shown} (TTL ${r.options.ttl} s) to ${domain}?`,
      detail: DNS_DETAIL,
      verb: 'Add',
      progress: `Adding ${shown} to ${domain}…`,
      done: `Added ${shown} to ${domain}`,
      alwaysConfirm: true,
      reread: `the zone of ${domain}`,
      refresh: () => domains.reloadKey(d.key),
      check: () =>
        domains.hasRecord(d.key, r, domain)
          ? 'The record is in the zone now: it was added.'
          : 'The record is not in the zone: it was not added.',
    });
  };

  const changeRecord = async (node?: unknown): Promise<ActionResult | undefined> => {
    const n = await recordTarget(node, 'Edit which record?');
    if (!n) return undefined;
    const { record: old, domain } = n;
    const r = await editRecord(prompter(), domain, old);
    if (!r) return undefined;
    const oldShown = shownOf(old, domain);
    const newShown = describeRecord(r);
    const sameHost = relativeHost(r.host, domain) === relativeHost(old.host, domain);
    if (
      sameHost &&
      r.value === old.value &&
      JSON.stringify(newOptions(old.type, r.options)) ===
        JSON.stringify(newOptions(old.type, { ...old.options, ttl: old.options.ttl ?? 0 }))
    ) {
      void vscode.window.showInformationMessage('Nothing changed: the record was left as it is.');
      return 'cancelled';
    }
    return runAction(deps, {
      account: n.scope.account,
      tool: UPDATE,
      input: {
        domain,
        type: old.type,
        from: { host: old.host, value: old.value, options: existingOptions(old) },
        to: { host: r.host, value: r.value, options: newOptions(old.type, r.options) },
      },
      question: `Change the record ${oldShown} of ${domain}?`,
      detail: `It becomes ${newShown} (TTL ${r.options.ttl} s). The old value stops resolving at once. ${DNS_DETAIL}`,
      verb: 'Change',
      progress: `Changing ${oldShown}…`,
      done: `Changed ${oldShown} to ${newShown}`,
      reread: `the zone of ${domain}`,
      refresh: () => domains.reloadKey(n.key),
      check: () =>
        domains.hasRecord(n.key, r, domain)
          ? `The zone holds ${newShown} now: the change took effect.`
          : domains.hasRecord(n.key, old, domain)
            ? `The zone still holds ${oldShown}: the change did not take effect.`
            : `The zone holds neither the old nor the new record: look at ${domain} before trying again.`,
    });
  };

  /** Several selected records: one modal listing every one, then one delete each. */
  const deleteRecords = (nodes: RecordNode[]): Promise<BatchResult> => {
    const domainsOf = [...new Set(nodes.map((n) => n.domain))];
    const where = domainsOf.length === 1 ? ` of ${domainsOf[0]}` : ` in ${domainsOf.length} domains`;
    const calls = nodes.map((n) => ({
      account: n.scope.account,
      input: { domain: n.domain, type: n.record.type, host: n.record.host, value: n.record.value },
      label: `${shownOf(n.record, n.domain)}${domainsOf.length > 1 ? ` (${n.domain})` : ''}`,
      node: n,
    }));
    return runBatch(deps, {
      tool: DELETE,
      calls,
      question: `Delete ${nodes.length} DNS records${where}?`,
      detail: `These stop resolving at once:\n${calls.map((c) => `• ${c.label}`).join('\n')}\n\n${DNS_DETAIL}`,
      verb: 'Delete',
      progress: `Deleting ${nodes.length} DNS records…`,
      refresh: async () => {
        for (const key of new Set(nodes.map((n) => n.key))) await domains.reloadKey(key);
      },
      applied: (c) => !domains.hasRecord(c.node.key, c.node.record, c.node.domain),
    });
  };

  const deleteRecord = async (
    node?: unknown,
    selected?: unknown,
  ): Promise<ActionResult | BatchResult | undefined> => {
    const many = (Array.isArray(selected) ? selected : []).filter(
      (n): n is RecordNode => isKind(n, 'record') && n.record.type !== 'NS',
    );
    if (many.length > 1) return deleteRecords(many);
    const n = await recordTarget(node, 'Delete which record?');
    if (!n) return undefined;
    const { record, domain } = n;
    const shown = shownOf(record, domain);
    return runAction(deps, {
      account: n.scope.account,
      tool: DELETE,
      input: { domain, type: record.type, host: record.host, value: record.value },
      question: `Delete the record ${shown} of ${domain}?`,
      detail: `${record.host || domain} stops resolving to ${record.value} at once. ${DNS_DETAIL}`,
      verb: 'Delete',
      progress: `Deleting ${shown}…`,
      done: `Deleted ${shown} from ${domain}`,
      reread: `the zone of ${domain}`,
      refresh: () => domains.reloadKey(n.key),
      check: () =>
        domains.hasRecord(n.key, record, domain)
          ? 'The record is still in the zone: the delete did not take effect.'
          : 'The record is gone from the zone: the delete took effect.',
    });
  };

  return [
    vscode.commands.registerCommand('hostkit.domains.addRecord', addRecord),
    vscode.commands.registerCommand('hostkit.domains.editRecord', changeRecord),
    vscode.commands.registerCommand('hostkit.domains.deleteRecord', deleteRecord),
  ];
}
