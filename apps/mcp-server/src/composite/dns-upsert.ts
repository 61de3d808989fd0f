import {
  type CommandByTool,
  type CommandInput,
  type CommandOutput,
  fullHost,
  HostkitError,
  identifyingOptions,
  needsConfirmation,
  outputOf,
  type ParsedInput,
  quote,
  summaryOf,
} from '@hostkit/core';
import { commandNamed, type HostkitTool, parseWith, structuredReply } from '../tools';
import { readBefore, undoStep } from '../undo-step';

type Add = CommandByTool<'deploi_add_domain_record'>;
type Update = CommandByTool<'deploi_update_domain_record'>;
/** The record as it should be: the tool's input is deploi_add_domain_record's, parsed by its schema. */
type Wanted = ParsedInput<Add>;
type Options = Record<string, unknown>;
type LiveRecord = NonNullable<CommandOutput<CommandByTool<'deploi_get_domain_records'>>['records']>[number];
type From = CommandInput<Update>['from'] & { options: Options };

/** What the upsert will do, decided from the live records before anything is confirmed or sent. */
export type UpsertPlan =
  | { action: 'add' }
  | { action: 'none'; record: LiveRecord }
  | { action: 'update'; from: From };

function sameOptions(live: Options | undefined, wanted: Options | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([k, v]) => v === undefined || live?.[k] === v);
}

/**
 * hostkit_upsert_dns_record: sets the one record of a type at a host. Reads deploi_get_domain_records,
 * then adds the record, replaces the existing one (building UpdateDomainRecord's "from" from the live
 * record; a human confirms the replacement), or does nothing when it is already so.
 */
export function upsertDnsRecordTool(): HostkitTool {
  const add = commandNamed('deploi_add_domain_record');
  const update = commandNamed('deploi_update_domain_record');
  const list = commandNamed('deploi_get_domain_records');
  const name = 'hostkit_upsert_dns_record';
  return {
    name,
    title: 'Create or update a DNS record',
    description:
      'Makes a domain have exactly this record at this host and type: adds it if there is none, replaces the current one (old value stops resolving at once; needs confirmation), or does nothing if it is already so. Reads deploi_get_domain_records first; refuses when several records share that host and type.',
    group: 'dns',
    risk: 'destructive',
    billable: false,
    idempotent: true,
    openWorld: true,
    // The same fields as deploi_add_domain_record: the record as it should be.
    input: add.input,
    output: undefined,
    secrets: [],
    parse: (raw) => parseWith(name, add.input, raw),
    async plan(parsed, ctx): Promise<UpsertPlan> {
      const input = parsed as Wanted;
      const reply = outputOf(await ctx.backend.call(list, { domain: input.domain }, ctx.signal));
      const domain = input.domain;
      const host = fullHost(input.host, domain);
      const matches = (reply.records ?? []).filter(
        (r) => r.type?.toUpperCase() === input.type && fullHost(r.host ?? '', domain) === host,
      );
      if (matches.length > 1) {
        const shown = matches.map((r) => `${quote(r.host)} → ${quote(r.value)}`).join('; ');
        throw new HostkitError(
          'invalid_input',
          `${quote(domain)} has ${matches.length} ${input.type} records at ${quote(host)} (${shown}), so which one to replace is unclear; nothing was sent. Use deploi_update_domain_record or deploi_delete_domain_record on the one you mean.`,
        );
      }
      const live = matches[0];
      if (!live) return { action: 'add' };
      if (live.value === input.value && sameOptions(live.options, input.options))
        return { action: 'none', record: live };
      return {
        action: 'update',
        from: {
          host: live.host ?? input.host,
          value: live.value ?? '',
          options: identifyingOptions(live.options),
        },
      };
    },
    asks: true,
    // Replacing the live record needs a yes; so does adding one that moves mail or grants certificates.
    needsConfirmation: (input, plan) =>
      (plan as UpsertPlan).action === 'update'
        ? true
        : (plan as UpsertPlan).action === 'add' && needsConfirmation(add, input),
    summary(input, plan) {
      const p = plan as UpsertPlan;
      return p.action === 'update'
        ? summaryOf(update, updateArgs(input as Wanted, p.from))
        : summaryOf(add, input);
    },
    async run(parsed, plan, ctx) {
      const input = parsed as Wanted;
      const p = plan as UpsertPlan;
      if (p.action === 'none') {
        return {
          structured: { action: 'none', record: p.record },
          headline: `Already set: the ${input.type} record ${quote(input.host)} on ${quote(input.domain)} is ${quote(input.value)}; nothing was sent.`,
          sent: [],
        };
      }
      if (p.action === 'add') {
        const reply = structuredReply(await ctx.backend.call(add, input, ctx.signal));
        return {
          journal: [undoStep(add, input, undefined, ctx)],
          structured: { action: 'added', reply },
          headline: `Added the ${input.type} record ${quote(input.host)} → ${quote(input.value)} on ${quote(input.domain)}.`,
          sent: [add.wire],
          ...replyMessage(reply),
        };
      }
      const args = updateArgs(input, p.from);
      const prior = await readBefore(update, args, ctx);
      const reply = structuredReply(await ctx.backend.call(update, args, ctx.signal));
      return {
        journal: [undoStep(update, args, prior, ctx)],
        structured: { action: 'updated', from: p.from, reply },
        headline: `Changed the ${input.type} record ${quote(input.host)} on ${quote(input.domain)} from ${quote(p.from.value)} to ${quote(input.value)}.`,
        sent: [update.wire],
        ...replyMessage(reply),
      };
    },
  };
}

/** The UpdateDomainRecord call that replaces the live record with the one asked for. */
function updateArgs(input: Wanted, from: From): CommandInput<Update> {
  return {
    domain: input.domain,
    type: input.type,
    from,
    to: { host: input.host, value: input.value, options: input.options },
  };
}

function replyMessage(reply: Record<string, unknown>): { messageId?: number; message?: string } {
  return {
    ...(typeof reply.messageId === 'number' ? { messageId: reply.messageId } : {}),
    ...(typeof reply.message === 'string' && reply.message ? { message: reply.message } : {}),
  };
}
