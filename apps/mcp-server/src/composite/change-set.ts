import {
  type Command,
  type CommandByTool,
  type CommandOutput,
  dnsHost,
  dnsRecordType,
  domainName,
  fullHost,
  getCommandByTool,
  HostkitError,
  identifyingOptions,
  ipAddress,
  liveRecord,
  parseInput,
  plural,
  quote,
  summaryOf,
  ValidationError,
  writableOptions,
} from '@hostkit/core';
import { z } from 'zod';
import type { JournalStep } from '../journal';
import { ALWAYS_ASKS, commandNamed, type HostkitTool, parseWith, type ToolContext } from '../tools';
import { readBefore, undoStep } from '../undo-step';
import { typedRead } from './typed-read';

type Row = Record<string, unknown>;
type Records = CommandOutput<CommandByTool<'deploi_get_domain_records'>>;

const callChange = z.strictObject({
  kind: z.literal('call'),
  tool: z
    .string()
    .regex(/^(deploi|seflow)_[a-z0-9_]+$/, 'must be a deploi_* or seflow_* tool name')
    .describe('A deploi_* or seflow_* tool that changes something, as hostkit_search_tools lists them.'),
  arguments: z.record(z.string(), z.unknown()).describe("The tool's arguments, as it takes them on its own."),
});

const repointChange = z
  .strictObject({
    kind: z.literal('repoint'),
    from: ipAddress.describe('The address records point at now.'),
    to: ipAddress.describe('The address they should point at (the same family: IPv4 or IPv6).'),
    clientid: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Only the zones of this Deploi client (default: every client you can act for).'),
  })
  .refine((c) => c.from.includes(':') === c.to.includes(':'), {
    message: 'from and to must both be IPv4 or both IPv6',
    path: ['to'],
  });

const deleteChange = z.strictObject({
  kind: z.literal('delete_records'),
  records: z
    .array(
      z.strictObject({
        domain: domainName.describe('The zone, such as example.com.'),
        type: dnsRecordType,
        host: dnsHost.describe('The record host ("@", "www" or the full name).'),
        value: z.string().trim().min(1).max(4096).describe('The exact value of the record.'),
      }),
    )
    .min(1)
    .max(100),
});

const input = z.strictObject({
  changes: z
    // A union (anyOf), not a discriminated one (oneOf): what more clients and validators handle.
    .array(z.union([callChange, repointChange, deleteChange]))
    .min(1)
    .max(50)
    .describe(
      'The changes, applied in this order: {kind:"call", tool, arguments} for any deploi_*/seflow_* change; {kind:"repoint", from, to, clientid?} to point every A/AAAA record at from to to, in every zone of every client; {kind:"delete_records", records:[{domain, type, host, value}]}.',
    ),
});

type Change = z.output<typeof input>['changes'][number];

/** One call of the set, checked and ready to send. */
interface Step {
  /** The change (1-based) it comes from. */
  change: number;
  /** The tool (a name, so the plan a confirmation is bound to is plain data). */
  tool: string;
  input: Row;
  /** What it acts on, for the grouped summary. */
  resource: string;
  /** Before → after, when the plan read it. */
  diff?: string;
}

interface Plan {
  steps: Step[];
  /** What the plan read, for the headline. */
  searched: string;
}

interface Planning {
  ctx: ToolContext;
  records: Map<string, Promise<Records>>;
  problems: string[];
  steps: Step[];
  zones: Set<string>;
}

const recordsOf = (p: Planning, domain: string): Promise<Records> => {
  let r = p.records.get(domain);
  if (!r) {
    r = typedRead(p.ctx)('deploi_get_domain_records', { domain });
    p.records.set(domain, r);
  }
  return r;
};

const firstLine = (command: Command, args: Row) => summaryOf(command, args).split('\n')[0] ?? command.title;
const zone = (domain: unknown) => `zone ${quote(domain)}`;

function planCall(p: Planning, n: number, change: z.output<typeof callChange>): void {
  const command = getCommandByTool(change.tool);
  if (!command) {
    p.problems.push(`change ${n}: no tool is named ${quote(change.tool)} (hostkit_search_tools lists them)`);
    return;
  }
  if (command.risk === 'read' || command.wire === 'Login' || command.wire === 'Logout') {
    p.problems.push(`change ${n}: ${change.tool} changes nothing a change set can hold; call it on its own`);
    return;
  }
  try {
    const parsed = parseInput(command, change.arguments) as Row;
    const targets = command.targets?.(parsed) ?? [];
    const resource =
      typeof parsed.domain === 'string'
        ? zone(parsed.domain)
        : targets[0]
          ? `${targets[0].kind} ${targets[0].id}`
          : command.group;
    p.steps.push({ change: n, tool: command.tool, input: parsed, resource });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const issue of e.issues)
      p.problems.push(`change ${n} (${change.tool}): ${issue.path || 'arguments'}: ${issue.message}`);
  }
}

async function zonesOf(p: Planning, clientid: number | undefined): Promise<string[]> {
  const clients =
    clientid !== undefined
      ? [clientid]
      : (await p.ctx.backend.clients(p.ctx.signal)).map((c) => c.id as number | undefined);
  const read = typedRead(p.ctx);
  const lists = await Promise.all(
    (clients.length ? clients : [undefined]).map(async (c) =>
      ((await read('deploi_get_domains', c === undefined ? {} : { clientid: c })).domains ?? []).map(
        (d) => d.name ?? '',
      ),
    ),
  );
  return [...new Set(lists.flat().filter(Boolean))];
}

async function planRepoint(p: Planning, n: number, change: z.output<typeof repointChange>): Promise<void> {
  const type = change.from.includes(':') ? 'AAAA' : 'A';
  const from = change.from.toLowerCase();
  const zones = await zonesOf(p, change.clientid);
  const update = commandNamed('deploi_update_domain_record');
  // Read in parallel, planned in zone order, so the same set always gives the same plan.
  const perZone = await Promise.all(
    [...zones].sort().map(async (domain) => {
      p.zones.add(domain);
      const steps: Step[] = [];
      for (const { host, value, ...r } of (await recordsOf(p, domain)).records ?? []) {
        // A record without its host or value cannot be named in an update.
        if (host === undefined || value === undefined) continue;
        if (r.type?.toUpperCase() !== type || value.toLowerCase() !== from) continue;
        const options = r.options ?? {};
        const args = {
          domain,
          type,
          from: { host, value, options: identifyingOptions(options) },
          to: { host, value: change.to, options: writableOptions(type, options) },
        };
        steps.push({
          change: n,
          tool: update.tool,
          input: parseInput(update, args) as Row,
          resource: zone(domain),
          diff: `${type} ${quote(fullHost(host, domain))}: ${quote(value)} → ${quote(change.to)}`,
        });
      }
      return steps;
    }),
  );
  const found = perZone.flat();
  p.steps.push(...found);
  if (found.length === 0)
    p.problems.push(
      `change ${n}: no ${type} record points at ${quote(change.from)} in the ${plural(zones.length, 'zone')} searched`,
    );
}

async function planDeletes(p: Planning, n: number, change: z.output<typeof deleteChange>): Promise<void> {
  const remove = commandNamed('deploi_delete_domain_record');
  for (const r of change.records) {
    const live = liveRecord(await recordsOf(p, r.domain), r.domain, r.type, r.host, r.value);
    if (!live) {
      p.problems.push(
        `change ${n}: ${quote(r.domain)} has no ${r.type} record ${quote(fullHost(r.host, r.domain))} with the value ${quote(r.value)} (deploi_get_domain_records lists what it has)`,
      );
      continue;
    }
    p.steps.push({
      change: n,
      tool: remove.tool,
      input: parseInput(remove, { ...r, host: live.host, value: live.value }) as Row,
      resource: zone(r.domain),
      diff: `${r.type} ${quote(fullHost(live.host, r.domain))}: ${quote(live.value)} → deleted`,
    });
  }
}

/** Every change validated and expanded into calls, reading what it needs; nothing is sent. */
async function planChanges(changes: readonly Change[], ctx: ToolContext): Promise<Plan> {
  const p: Planning = { ctx, records: new Map(), problems: [], steps: [], zones: new Set() };
  for (const [i, change] of changes.entries()) {
    const n = i + 1;
    try {
      if (change.kind === 'call') planCall(p, n, change);
      else if (change.kind === 'repoint') await planRepoint(p, n, change);
      else await planDeletes(p, n, change);
    } catch (e) {
      if (e instanceof HostkitError && e.code === 'aborted') throw e;
      p.problems.push(`change ${n}: ${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}`);
    }
  }
  // One record changed twice in a set would fail half-way on the second: refused now.
  const seen = new Map<string, number>();
  for (const s of p.steps) {
    if (commandNamed(s.tool).group !== 'dns') continue;
    const host = s.input.from ?? s.input;
    const key = `${String(s.input.domain)}|${String(s.input.type)}|${fullHost(String((host as Row).host), String(s.input.domain))}|${String((host as Row).value)}`;
    const other = seen.get(key);
    if (other !== undefined && other !== s.change)
      p.problems.push(
        `changes ${other} and ${s.change} both change the ${String(s.input.type)} record ${key.split('|')[2]}`,
      );
    seen.set(key, s.change);
  }
  if (p.problems.length)
    throw new HostkitError(
      'invalid_input',
      `Nothing was sent: ${plural(p.problems.length, 'problem')} in the change set.\n- ${p.problems.join('\n- ')}\nFix them and send the whole set again.`,
    );
  return {
    steps: p.steps,
    searched: p.zones.size ? ` (${plural(p.zones.size, 'zone')} read)` : '',
  };
}

function summary(plan: Plan): string {
  const billed = plan.steps.map((s) => commandNamed(s.tool)).filter((c) => c.billable);
  const lines = [
    `Apply a change set of ${plural(plan.steps.length, 'call')}, in this order, stopping at the first that fails (what was applied can then be undone with hostkit_undo). ${billed.length ? `Billed: ${billed.map((c) => c.title).join('; ')}.` : 'Nothing in it is billed.'}`,
  ];
  let resource = '';
  plan.steps.forEach((s, i) => {
    if (s.resource !== resource) {
      resource = s.resource;
      lines.push(`${resource.charAt(0).toUpperCase()}${resource.slice(1)}:`);
    }
    lines.push(
      `${i + 1}. ${s.diff ? `${s.diff}. ` : ''}${summaryOf(commandNamed(s.tool), s.input).replace(/\n/g, '\n   ')}`,
    );
  });
  return lines.join('\n');
}

/**
 * hostkit_change_set: many changes behind one confirmation. Validates and plans every change first
 * (nothing is sent if any is wrong), shows the whole diff once, then applies in order and stops at the
 * first failure, reporting exactly what was applied; the applied part is in the undo journal.
 */
export function changeSetTool(): HostkitTool {
  const name = 'hostkit_change_set';
  return {
    name,
    title: 'Apply a set of changes with one confirmation',
    description:
      'Applies several changes behind one confirmation: any deploi_*/seflow_* change calls, "repoint" (every A/AAAA record pointing at one IP, in every zone of every client, to another) and "delete_records". Checks and plans all of them first and sends nothing if any is wrong; shows the person the whole diff once; applies in order and stops at the first failure, saying what was applied and what was not. hostkit_undo reverts the applied part.',
    // A set is always shown to a person: that one look is what it is for.
    ...ALWAYS_ASKS,
    input,
    parse: (raw) => parseWith(name, input, raw),
    plan: (args, ctx) => planChanges(args.changes as Change[], ctx),
    summary: (_args, plan) => summary(plan as Plan),
    async run(_args, raw, ctx) {
      const plan = raw as Plan;
      const journal: JournalStep[] = [];
      const sent: string[] = [];
      let failed: { step: number; what: string; error: string } | undefined;
      for (const [i, s] of plan.steps.entries()) {
        const command = commandNamed(s.tool);
        const what = firstLine(command, s.input);
        try {
          const prior = await readBefore(command, s.input, ctx);
          await ctx.backend.call(command, s.input, ctx.signal);
          sent.push(command.wire);
          journal.push(undoStep(command, s.input, prior, ctx));
        } catch (e) {
          failed = { step: i + 1, what, error: e instanceof Error ? e.message : String(e) };
          break;
        }
      }
      const applied = journal.map((j, i) => ({ step: i + 1, what: j.what }));
      const notApplied = plan.steps.slice(applied.length + (failed ? 1 : 0)).map((s, i) => ({
        step: applied.length + (failed ? 2 : 1) + i,
        what: firstLine(commandNamed(s.tool), s.input),
      }));
      const structured = {
        total: plan.steps.length,
        applied,
        ...(failed ? { failed, notApplied } : {}),
      };
      const headline = failed
        ? `Stopped at call ${failed.step} of ${plan.steps.length}: ${failed.what} failed: ${failed.error} ${plural(applied.length, 'call')} before it were applied (hostkit_undo reverts them); ${plural(notApplied.length, 'call')} after it were not sent.`
        : `Applied all ${plural(plan.steps.length, 'call')}${plan.searched}. hostkit_undo reverts them.`;
      const text = [
        headline,
        ...applied.map((a) => `✓ ${a.step}. ${a.what}`),
        ...(failed ? [`✗ ${failed.step}. ${failed.what}`] : []),
        ...notApplied.map((a) => `· ${a.step}. ${a.what} (not sent)`),
      ].join('\n');
      return { structured, headline, text, sent, journal, isError: failed !== undefined };
    },
  };
}
