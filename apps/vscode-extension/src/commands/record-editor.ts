import { relativeHost } from '../model/format';
import type { DnsRecord, RecordOptions } from '../model/types';
import type { Prompter } from '../ui/prompter';
import { BACK, type StepInfo } from '../ui/step';
import { enumOptions, type FieldWords, fieldValidator, toInt } from './input-schema';
import { runSteps, type Step } from './wizard';

export const ADD = 'deploi_add_domain_record';
export const UPDATE = 'deploi_update_domain_record';

/** A record as the form collects it. */
export interface RecordAnswers {
  type: string;
  host: string;
  value: string;
  options: RecordOptions & { ttl: number };
}

// Values that pass the schema for each type, so one field can be checked before the others are asked.
const SAMPLE_VALUE: Record<string, string> = { A: '192.0.2.1', AAAA: '2001:db8::1' };
const SAMPLE_SRV = { service: 'sip', protocol: 'tcp', priority: 10, weight: 5, port: 5060 };
const VALUE_PROMPT: Record<string, string> = {
  A: 'An IPv4 address, such as 192.0.2.10',
  AAAA: 'An IPv6 address, such as 2001:db8::10',
  TXT: 'The text (SPF, DKIM, a site verification…)',
  MX: 'The mail server, such as mail.example.com',
  CNAME: 'The name this one stands for, such as www.example.com',
  SRV: 'The target host, such as sip.example.com',
  SOA: 'The SOA record',
};

/**
 * The one record editor, for adding (type first) and editing (the type is kept): a form with a step
 * counter and Back, the record types the API takes and only the fields the type uses, each answer
 * checked by core's schema with its message in plain words.
 */
export async function editRecord(
  prompter: Prompter,
  domain: string,
  current?: DnsRecord,
): Promise<RecordAnswers | undefined> {
  const tool = current ? UPDATE : ADD;
  // Paths into the tool's input: add has the record at the top, update under "to".
  const at = current ? ['to'] : [];
  const build = (a: RecordAnswers) => {
    const record = { host: a.host, value: a.value, options: a.options };
    return current
      ? { domain, type: a.type, from: { host: current.host || '@', value: current.value || 'x' }, to: record }
      : { domain, type: a.type, ...record };
  };
  // A complete record of the type with the answers so far, for checking one field against the schema.
  const sample = (a: RecordAnswers) => ({
    ...a,
    host: a.host || 'www',
    value: a.value || (SAMPLE_VALUE[a.type] ?? 'target.example.com'),
    options: { ...(a.type === 'SRV' ? SAMPLE_SRV : a.type === 'MX' ? { priority: 10 } : {}), ...a.options },
  });
  const title = (a: RecordAnswers, what: string) =>
    `${current ? 'Edit' : 'Add'} ${a.type} record in ${domain}${a.host ? ` (${a.host})` : ''}: ${what}`;

  const text =
    (field: 'host' | 'value', what: string, prompt: (a: RecordAnswers) => string, words: FieldWords) =>
    async (a: RecordAnswers, step: StepInfo) => {
      const v = await prompter.inputStep(
        {
          title: title(a, what),
          prompt: prompt(a),
          value: a[field],
          ...(field === 'host' ? { placeHolder: '@, www, mail, _sip._tcp' } : {}),
          validate: fieldValidator(
            tool,
            [...at, field],
            (t) => build({ ...sample(a), [field]: t.trim() }),
            words,
          ),
        },
        step,
      );
      return v === BACK || v === undefined ? v : { ...a, [field]: v.trim() };
    };

  const number =
    (field: 'priority' | 'weight' | 'port' | 'ttl', what: string, words: FieldWords) =>
    async (a: RecordAnswers, step: StepInfo) => {
      const v = await prompter.inputStep(
        {
          title: title(a, what),
          value: String(a.options[field] ?? ''),
          validate: fieldValidator(
            tool,
            [...at, 'options', field],
            (t) => {
              const n = toInt(t);
              return typeof n === 'string'
                ? n
                : build({ ...sample(a), options: { ...sample(a).options, [field]: n } });
            },
            words,
          ),
        },
        step,
      );
      return v === BACK || v === undefined
        ? v
        : { ...a, options: { ...a.options, [field]: Number(v.trim()) } };
    };

  const is =
    (...types: string[]) =>
    (a: RecordAnswers) =>
      types.includes(a.type);
  const steps: Step<RecordAnswers>[] = [
    {
      when: () => !current,
      decides: true,
      ask: async (a, step) => {
        const picked = await prompter.pickStep(
          enumOptions(ADD, 'type').map((t) => ({ label: t, description: VALUE_PROMPT[t] ?? '' })),
          { title: `Add a DNS record to ${domain}`, placeHolder: 'Record type' },
          step,
        );
        return picked === BACK || picked === undefined ? picked : { ...a, type: picked.label };
      },
    },
    {
      ask: text('host', 'host', () => '"@" for the domain itself, a name such as www, or the full name', {
        label: 'The host',
      }),
    },
    { ask: text('value', 'value', (a) => VALUE_PROMPT[a.type] ?? 'The value', { label: 'The value' }) },
    {
      when: is('SRV'),
      ask: async (a, step) => {
        const v = await prompter.inputStep(
          {
            title: title(a, 'service'),
            prompt: 'The service name, such as sip or xmpp',
            value: a.options.service ?? '',
            placeHolder: 'sip',
            validate: fieldValidator(
              tool,
              [...at, 'options', 'service'],
              (t) => build({ ...sample(a), options: { ...sample(a).options, service: t } }),
              { label: 'The service' },
            ),
          },
          step,
        );
        return v === BACK || v === undefined ? v : { ...a, options: { ...a.options, service: v.trim() } };
      },
    },
    {
      when: is('SRV'),
      ask: async (a, step) => {
        const picked = await prompter.pickStep(
          enumOptions(ADD, 'options', 'protocol').map((p) => ({ label: p })),
          { title: title(a, 'protocol') },
          step,
        );
        return picked === BACK || picked === undefined
          ? picked
          : { ...a, options: { ...a.options, protocol: picked.label } };
      },
    },
    {
      when: is('MX', 'SRV'),
      ask: number('priority', 'priority (lower is preferred)', { label: 'The priority' }),
    },
    { when: is('SRV'), ask: number('weight', 'weight', { label: 'The weight' }) },
    { when: is('SRV'), ask: number('port', 'target port', { label: 'The port' }) },
    { ask: number('ttl', 'TTL in seconds', { label: 'The TTL', unit: 'seconds' }) },
  ];
  const initial: RecordAnswers = current
    ? {
        type: current.type,
        host: relativeHost(current.host, domain),
        value: current.value,
        options: { ...current.options, ttl: current.options.ttl ?? 3600 },
      }
    : { type: 'A', host: '', value: '', options: { ttl: 3600 } };
  if (!current) {
    // Defaults the type's fields start from; an edit starts from the record.
    initial.options = { ttl: 3600, priority: 10, weight: 5, port: 5060 };
  }
  return runSteps(steps, initial);
}
