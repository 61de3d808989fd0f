import * as vscode from 'vscode';
import { formatTtl, relativeHost } from '../model/format';
import { describeRecord, existingOptions, newOptions } from '../model/normalize';
import type { DnsRecord, RecordOptions } from '../model/types';
import type { Node, NodeOf } from '../tree/nodes';
import { enumOptions, fieldValidator, toInt } from './input-schema';
import { childrenOfKind, choose, collect, whereOf } from './pick';
import { type ActionResult, type CommandDeps, runAction } from './run-action';

type DomainNode = NodeOf<'domain'>;
type RecordNode = NodeOf<'record'>;

const ADD = 'deploi_add_domain_record';
const UPDATE = 'deploi_update_domain_record';
const DELETE = 'deploi_delete_domain_record';
const DNS_DETAIL =
  'DNS changes are public at once; resolvers may keep the old answer until its TTL runs out.';

// Values that pass the schema for each type, so one field can be checked before the others are asked.
const SAMPLE_VALUE: Record<string, string> = { A: '192.0.2.1', AAAA: '2001:db8::1' };
const SAMPLE_SRV = { service: 'sip', protocol: 'tcp', priority: 10, weight: 5, port: 5060 };

/** hostkit.domains.*: refresh, add, edit and delete DNS records. */
export function registerDomainCommands(deps: CommandDeps): vscode.Disposable[] {
  const { domains } = deps;
  const prompter = () => deps.prompter();

  const domainTarget = async (node: unknown): Promise<DomainNode | undefined> => {
    const n = node as Node | undefined;
    if (n?.kind === 'domain') return n;
    if (n?.kind === 'record') {
      const all = await collect(domains, 'domain');
      return all.find((d) => d.key === n.key);
    }
    return choose(prompter(), await collect(domains, 'domain'), 'Which domain?', (d) => ({
      label: d.domain.name,
      description: whereOf(d),
    }));
  };

  const recordTarget = async (node: unknown, title: string): Promise<RecordNode | undefined> => {
    const n = node as Node | undefined;
    if (n?.kind === 'record') return n;
    const domain = await domainTarget(node);
    if (!domain) return undefined;
    const records = (await childrenOfKind(domains, domain, 'record')).filter((r) => r.record.type !== 'NS');
    return choose(prompter(), records, title, (r) => ({
      label: describeRecord({ ...r.record, host: relativeHost(r.record.host, r.domain) }),
      description: `TTL ${formatTtl(r.record.options.ttl) ?? '?'}`,
    }));
  };

  /** Asks for the fields of a record of `type`; `current` prefills an edit. */
  const askRecord = async (
    tool: string,
    domain: string,
    type: string,
    current?: DnsRecord,
  ): Promise<{ host: string; value: string; options: RecordOptions & { ttl: number } } | undefined> => {
    // Paths into the tool's input: add has the record at the top, update under "to".
    const at = tool === UPDATE ? ['to'] : [];
    const sampleOptions = {
      ttl: 3600,
      ...(type === 'SRV' ? SAMPLE_SRV : type === 'MX' ? { priority: 10 } : {}),
    };
    const build = (host: string, value: string, options: Record<string, unknown>) => {
      const record = { host, value, options };
      if (tool === UPDATE) {
        return {
          domain,
          type,
          from: { host: current?.host ?? '@', value: current?.value ?? 'x' },
          to: record,
        };
      }
      return { domain, type, ...record };
    };
    const sample = SAMPLE_VALUE[type] ?? 'target.example.com';
    const host = await prompter().input({
      title: `${type} record in ${domain}: host`,
      prompt: '"@" for the domain itself, a name such as www, or the full name',
      value: current ? relativeHost(current.host, domain) : '',
      placeHolder: '@, www, mail, _sip._tcp',
      validate: fieldValidator(tool, [...at, 'host'], (t) => build(t, sample, sampleOptions)),
    });
    if (host === undefined) return undefined;
    const value = await prompter().input({
      title: `${type} ${host} in ${domain}: value`,
      prompt:
        type === 'A'
          ? 'An IPv4 address'
          : type === 'AAAA'
            ? 'An IPv6 address'
            : type === 'TXT'
              ? 'The text'
              : 'A host name',
      value: current?.value ?? '',
      validate: fieldValidator(tool, [...at, 'value'], (t) => build(host.trim(), t, sampleOptions)),
    });
    if (value === undefined) return undefined;
    const options: RecordOptions & { ttl: number } = { ttl: 3600 };
    const ask = async (field: keyof RecordOptions, title: string, fallback: number) => {
      const text = await prompter().input({
        title: `${type} ${host} → ${value}: ${title}`,
        value: String(current?.options[field] ?? fallback),
        validate: fieldValidator(tool, [...at, 'options', field], (t) => {
          const n = toInt(t);
          return typeof n === 'string'
            ? n
            : build(host.trim(), value.trim(), { ...sampleOptions, [field]: n });
        }),
      });
      return text === undefined ? undefined : Number(text.trim());
    };
    if (type === 'SRV') {
      const service = await prompter().input({
        title: `SRV ${host}: service`,
        value: current?.options.service ?? '',
        placeHolder: 'sip',
        validate: fieldValidator(tool, [...at, 'options', 'service'], (t) =>
          build(host.trim(), value.trim(), { ...sampleOptions, service: t }),
        ),
      });
      if (service === undefined) return undefined;
      options.service = service.trim();
      const protocols = enumOptions(ADD, 'options', 'protocol');
      const protocol = await prompter().pick(
        protocols.map((p) => ({ label: p })),
        { title: `SRV ${host}: protocol` },
      );
      if (!protocol) return undefined;
      options.protocol = protocol.label;
    }
    if (type === 'MX' || type === 'SRV') {
      const priority = await ask('priority', 'priority (lower is preferred)', 10);
      if (priority === undefined) return undefined;
      options.priority = priority;
    }
    if (type === 'SRV') {
      const weight = await ask('weight', 'weight', 5);
      if (weight === undefined) return undefined;
      options.weight = weight;
      const port = await ask('port', 'target port', 5060);
      if (port === undefined) return undefined;
      options.port = port;
    }
    const ttl = await ask('ttl', 'TTL in seconds', 3600);
    if (ttl === undefined) return undefined;
    options.ttl = ttl;
    return { host: host.trim(), value: value.trim(), options };
  };

  const addRecord = async (node?: unknown): Promise<ActionResult | undefined> => {
    const d = await domainTarget(node);
    if (!d) return undefined;
    const domain = d.domain.name;
    const types = enumOptions(ADD, 'type');
    const type = await prompter().pick(
      types.map((t) => ({ label: t })),
      { title: `Add a DNS record to ${domain}`, placeHolder: 'Record type' },
    );
    if (!type) return undefined;
    const r = await askRecord(ADD, domain, type.label);
    if (!r) return undefined;
    const shown = describeRecord({ type: type.label, ...r });
    const result = await runAction(deps, {
      account: d.scope.account,
      tool: ADD,
      input: {
        domain,
        type: type.label,
        host: r.host,
        value: r.value,
        options: newOptions(type.label, r.options),
      },
      question: `Add the record ${shown} (TTL ${r.options.ttl} s) to ${domain}?`,
      detail: DNS_DETAIL,
      verb: 'Add',
      progress: `Adding ${shown} to ${domain}…`,
      done: `Added ${shown} to ${domain}`,
      alwaysConfirm: true,
      reread: `the zone of ${domain}`,
      refresh: () => domains.reloadKey(d.key),
      check: () =>
        domains.hasRecord(d.key, { type: type.label, host: r.host, value: r.value }, domain)
          ? 'The record is in the zone now: it was added.'
          : 'The record is not in the zone: it was not added.',
    });
    return result;
  };

  const editRecord = async (node?: unknown): Promise<ActionResult | undefined> => {
    const n = await recordTarget(node, 'Edit which record?');
    if (!n) return undefined;
    const { record: old, domain } = n;
    const r = await askRecord(UPDATE, domain, old.type, old);
    if (!r) return undefined;
    const oldShown = describeRecord({ ...old, host: relativeHost(old.host, domain) });
    const newShown = describeRecord({ type: old.type, ...r });
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
    const result = await runAction(deps, {
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
        domains.hasRecord(n.key, { type: old.type, host: r.host, value: r.value }, domain)
          ? `The zone holds ${newShown} now: the change took effect.`
          : domains.hasRecord(n.key, old, domain)
            ? `The zone still holds ${oldShown}: the change did not take effect.`
            : `The zone holds neither the old nor the new record: look at ${domain} before trying again.`,
    });
    return result;
  };

  const deleteRecord = async (node?: unknown): Promise<ActionResult | undefined> => {
    const n = await recordTarget(node, 'Delete which record?');
    if (!n) return undefined;
    const { record, domain } = n;
    const shown = describeRecord({ ...record, host: relativeHost(record.host, domain) });
    const result = await runAction(deps, {
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
    return result;
  };

  return [
    vscode.commands.registerCommand('hostkit.domains.addRecord', addRecord),
    vscode.commands.registerCommand('hostkit.domains.editRecord', editRecord),
    vscode.commands.registerCommand('hostkit.domains.deleteRecord', deleteRecord),
  ];
}
