import { HostkitError, parseInput, plural, quote, summaryOf } from '@hostkit/core';
import { z } from 'zod';
import type { JournalChange } from '../journal';
import { ALWAYS_ASKS, commandNamed, type HostkitTool, parseWith, type ToolContext } from '../tools';

const input = z.strictObject({
  change: z
    .string()
    .trim()
    .regex(/^[0-9a-f-]{8,36}$/, 'must be a change id from the undo journal, such as 3f2a9c1e')
    .optional()
    .describe(
      'The change to undo, by its id (or its first 8 characters) as an earlier hostkit_undo refusal lists them. Default: the latest change not yet undone.',
    ),
});

/** One inverse call of a step, validated before anything is asked or sent. */
interface Restore {
  step: number;
  /** The tool (a name, so the plan a confirmation is bound to is plain data). */
  tool: string;
  input: Record<string, unknown>;
}

/** What an undo will do: the calls in order, and what it leaves as it is. */
interface UndoPlan {
  change: string;
  at: string;
  tool: string;
  calls: Restore[];
  /** Steps whose inverse is empty: they changed nothing, so undoing them sends nothing. */
  noop: number[];
  restores: { step: number; what: string }[];
  cannot: { what: string; why: string }[];
}

const short = (id: string) => id.slice(0, 8);

function recent(changes: readonly JournalChange[], skip: string): string {
  const others = changes
    .filter((c) => c.id !== skip && c.steps.some((s, i) => s.inverse && !c.undone.has(i)))
    .slice(-5)
    .reverse()
    .map((c) => `${short(c.id)} (${c.at}, ${c.tool}: ${c.steps[0]?.what ?? ''})`);
  return others.length
    ? ` Earlier changes that can be undone: ${others.join('; ')}; pass one as change.`
    : '';
}

function planUndo(ctx: ToolContext, id: string | undefined): UndoPlan {
  const journal = ctx.journal;
  if (!journal)
    throw new HostkitError(
      'config',
      'There is no undo journal in this session (read-only, or it could not be opened beside the audit log), so nothing can be undone.',
    );
  const all = journal.changes();
  const change = journal.find(id);
  if (!change)
    throw new HostkitError(
      'invalid_input',
      id === undefined
        ? `Nothing to undo: the journal (${journal.path}) has no change that is not undone yet.`
        : `No change in the undo journal has the id ${quote(id)}.${recent(all, '')}`,
    );
  const pending = change.steps.map((s, i) => ({ s, i })).filter(({ i }) => !change.undone.has(i));
  const cannot = pending
    .filter(({ s }) => s.inverse === undefined)
    .map(({ s }) => ({ what: s.what, why: s.irreversible ?? 'no inverse is known' }));
  const reversible = pending.filter(({ s }) => s.inverse !== undefined).reverse();
  if (reversible.length === 0)
    throw new HostkitError(
      'invalid_input',
      `The change ${short(change.id)} (${change.tool}, ${change.at}) cannot be undone: ${cannot.map((c) => `${c.what} (${c.why})`).join('; ')}. Nothing was sent.${recent(all, change.id)}`,
    );
  const calls: Restore[] = [];
  for (const { s, i } of reversible)
    for (const call of s.inverse ?? []) {
      const command = commandNamed(call.tool);
      calls.push({
        step: i,
        tool: command.tool,
        input: parseInput(command, call.input) as Record<string, unknown>,
      });
    }
  return {
    change: change.id,
    at: change.at,
    tool: change.tool,
    calls,
    noop: reversible.filter(({ s }) => s.inverse?.length === 0).map(({ i }) => i),
    restores: reversible.map(({ s, i }) => ({ step: i, what: s.what })),
    cannot,
  };
}

function summary(plan: UndoPlan): string {
  const lines = [
    `Undo ${plan.tool} of ${plan.at} (change ${short(plan.change)}): put back what ${plural(plan.restores.length, 'step')} replaced, newest first, with ${plural(plan.calls.length, 'call')}:`,
    ...plan.calls.map(
      (c, n) => `${n + 1}. ${summaryOf(commandNamed(c.tool), c.input).replace(/\n/g, '\n   ')}`,
    ),
  ];
  if (plan.noop.length) lines.push(`${plural(plan.noop.length, 'step')} changed nothing and need no call.`);
  if (plan.cannot.length)
    lines.push(
      `Cannot be undone, left as they are: ${plan.cannot.map((c) => `${c.what} (${c.why})`).join('; ')}.`,
    );
  return lines.join('\n');
}

/**
 * hostkit_undo: reverts the latest change (a single call or a change set) from the undo journal, newest
 * step first, behind a confirmation listing every call it sends; says which steps cannot be undone.
 */
export function undoTool(): HostkitTool {
  const name = 'hostkit_undo';
  return {
    name,
    title: 'Undo the last change',
    description:
      'Reverts the latest change made through Hostkit (one call or a whole change set), or the one named by change, from the undo journal kept beside the audit log: DNS records, firewall rules, WAF and geo-blocking settings, SeFlow reverse DNS (when Hostkit set the old one) and portable IP routes are put back as they were. Asks a person first, showing every call it will send; says plainly what cannot be undone (an ordered server, a cancelled agreement, a deletion).',
    ...ALWAYS_ASKS,
    input,
    parse: (raw) => parseWith(name, input, raw),
    async plan(args, ctx) {
      return planUndo(ctx, args.change as string | undefined);
    },
    summary: (_args, plan) => summary(plan as UndoPlan),
    async run(_args, raw, ctx) {
      const plan = raw as UndoPlan;
      const sent: string[] = [];
      const done = new Set(plan.noop);
      let failed: { what: string; error: string } | undefined;
      for (const call of plan.calls) {
        const command = commandNamed(call.tool);
        try {
          await ctx.backend.call(command, call.input, ctx.signal);
          sent.push(command.wire);
        } catch (e) {
          failed = {
            what: summaryOf(command, call.input).split('\n')[0] ?? command.title,
            error: e instanceof Error ? e.message : String(e),
          };
          break;
        }
        // A step is undone once its last inverse call went through.
        const last = plan.calls.filter((c) => c.step === call.step).at(-1);
        if (last === call) done.add(call.step);
      }
      // The calls went through; a journal that cannot say so is reported, not a failed undo.
      const noted = done.size
        ? await ctx.journal?.undone(plan.change, [...done]).then(
            () => true,
            () => false,
          )
        : true;
      const restored = plan.restores.filter((r) => done.has(r.step)).map((r) => r.what);
      const notRestored = plan.restores.filter((r) => !done.has(r.step)).map((r) => r.what);
      const structured = {
        change: plan.change,
        restored,
        ...(failed ? { failed, notRestored } : {}),
        ...(plan.cannot.length ? { cannotBeUndone: plan.cannot } : {}),
      };
      const headline = failed
        ? `Undo stopped: ${restored.length} of ${plan.restores.length} steps put back; ${failed.what} failed: ${failed.error}`
        : `Undone: ${plural(restored.length, 'step')} of ${plan.tool} put back as they were.${plan.cannot.length ? ` Not undone: ${plan.cannot.map((c) => c.what).join('; ')}.` : ''}`;
      const head = noted
        ? headline
        : `${headline} The journal could not record this undo: do not undo it again.`;
      const text = [
        head,
        ...restored.map((w) => `✓ undone: ${w}`),
        ...(failed ? [`✗ ${failed.what}`, ...notRestored.map((w) => `· not undone: ${w}`)] : []),
        ...plan.cannot.map((c) => `· cannot be undone: ${c.what} (${c.why})`),
      ].join('\n');
      return {
        structured,
        headline: head,
        text,
        sent,
        isError: failed !== undefined,
      };
    },
  };
}
