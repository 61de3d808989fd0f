import { argumentLines, isHostkitError, needsConfirmation, parseInput } from '@hostkit/core';
import * as vscode from 'vscode';
import type { Account } from '../accounts/account';
import type { ClientPool } from '../accounts/client-pool';
import type { DomainsProvider } from '../tree/domains-provider';
import type { FirewallsProvider } from '../tree/firewalls-provider';
import type { ServersProvider } from '../tree/servers-provider';
import type { Prompter } from '../ui/prompter';
import { type Reporter, withProgress } from '../ui/reporter';
import { commandOf } from './input-schema';

/** What command handlers share. */
export interface CommandDeps {
  prompter: () => Prompter;
  reporter: Reporter;
  pool: ClientPool;
  servers: ServersProvider;
  domains: DomainsProvider;
  firewalls: FirewallsProvider;
}

export interface Action {
  account: Account;
  tool: string;
  input: Record<string, unknown>;
  /** Names the exact target: `Delete the A record www → 192.0.2.1 of example.com?` */
  question: string;
  /** What will happen, for the modal's detail. */
  detail: string;
  /** The modal's button: "Delete", "Restart". */
  verb: string;
  /** Shown while it runs: `Deleting A record www…` */
  progress: string;
  /** Shown when done. */
  done: string;
  /**
   * Ask even when the registry does not call the command destructive or billable: DNS and firewall
   * changes are public the moment they are made.
   */
  alwaysConfirm?: boolean;
  /** Reads again what the action changed: after it is done, and after an unknown outcome. */
  refresh?: () => Promise<void>;
  /** What `refresh` reads, for messages: "the zone of example.com". */
  reread?: string;
  /** After an unknown outcome and the refresh: whether the change is there now, in a sentence. */
  check?: () => string | undefined;
}

/** The outcome, for callers (and tests) that want to know. `unknown`: sent, but no answer came back. */
export type ActionResult = 'done' | 'cancelled' | 'failed' | 'unknown';

/** What core's OutcomeUnknownError says went wrong ("connection reset"), without its advice for agents. */
function lostReason(e: Error): string {
  return /is unknown: (.*?)\. It was sent/.exec(e.message)?.[1] ?? 'the reply was lost';
}

/**
 * Validates with the command's schema, asks in a modal when the registry says a person must confirm
 * (never restated here), runs it with progress, and reports a failure with a
 * button to the output channel. Nothing is sent unless the input is valid and, if asked, confirmed.
 */
export async function runAction(deps: CommandDeps, a: Action): Promise<ActionResult> {
  const command = commandOf(a.tool);
  let input: Record<string, unknown>;
  try {
    input = parseInput(command, a.input) as Record<string, unknown>;
  } catch (e) {
    await deps.reporter.fail(a.progress.replace(/…$/, ''), e, a.input);
    return 'failed';
  }
  // The registry's rule (destructive, billable, or risky for these arguments), as the MCP server applies it;
  // the modal lists every value that will be sent, quoted as data.
  if (a.alwaysConfirm || needsConfirmation(command, input)) {
    const sent = argumentLines(input, command.secrets ?? [], command.shown ?? []);
    const detail = `${a.detail}\n\nSent to ${command.provider === 'deploi' ? 'Deploi' : 'SeFlow'} ${command.wire}:\n${sent.join('\n')}`;
    const ok = await deps.prompter().confirm({ message: a.question, detail, action: a.verb });
    if (!ok) {
      deps.reporter.info(`Cancelled: ${a.question}`);
      return 'cancelled';
    }
  }
  try {
    await withProgress(a.progress, (signal) => deps.pool.send(a.account, command, input, signal));
  } catch (e) {
    if (!isHostkitError(e, 'outcome_unknown')) {
      await deps.reporter.fail(`${a.verb} failed`, e, input);
      return 'failed';
    }
    // Sent once and not retried: the only honest thing is to read the state again and say what it is.
    deps.reporter.log(`${a.verb}: outcome unknown`, e, input);
    await a.refresh?.().catch((r: unknown) => deps.reporter.log('Reading again after an unknown outcome', r));
    const now = a.check?.();
    const provider = command.provider === 'deploi' ? 'Deploi' : 'SeFlow';
    const after =
      now ??
      (a.reread
        ? `Hostkit read ${a.reread} again: check it before trying again.`
        : 'Check before trying again.');
    deps.reporter.warn(
      `${a.progress.replace(/…$/, '')}: ${provider} did not answer (${deps.reporter.redact(lostReason(e))}), so it may or may not have taken effect. ${after}`,
    );
    return 'unknown';
  }
  deps.reporter.info(`${a.done} (${a.tool})`);
  void vscode.window.setStatusBarMessage(`$(check) ${a.done}`, 5000);
  await a.refresh?.().catch((r: unknown) => deps.reporter.log(`Reading again after "${a.done}"`, r));
  return 'done';
}

/** One call of a batch: the account, the command's input, and the item it is about, in words. */
export interface BatchCall {
  account: Account;
  input: Record<string, unknown>;
  label: string;
}

export interface Batch<C extends BatchCall = BatchCall> {
  tool: string;
  calls: C[];
  /** `Delete 3 DNS records?` */
  question: string;
  /** What will happen, before the list. */
  detail: string;
  verb: string;
  /** `Deleting DNS records…` */
  progress: string;
  /** Reads again what the calls changed (every branch they touched). */
  refresh: () => Promise<void>;
  /** After the refresh: whether a call's change is in place now (undefined: cannot tell). */
  applied?: (call: C) => boolean | undefined;
}

/** How each call of a batch went. */
export interface BatchResult {
  done: string[];
  failed: string[];
  unknown: string[];
  cancelled: boolean;
}

/**
 * Several calls of one command under one question: the modal lists every item and every value that
 * will be sent, then they run one after the other (an API refusal stops none of the others), and one
 * message says how each went, checked against what the refresh read where the outcome was unknown.
 */
export async function runBatch<C extends BatchCall>(deps: CommandDeps, b: Batch<C>): Promise<BatchResult> {
  const command = commandOf(b.tool);
  const result: BatchResult = { done: [], failed: [], unknown: [], cancelled: false };
  let inputs: Record<string, unknown>[];
  try {
    inputs = b.calls.map((c) => parseInput(command, c.input) as Record<string, unknown>);
  } catch (e) {
    await deps.reporter.fail(b.progress.replace(/…$/, ''), e);
    return { ...result, failed: b.calls.map((c) => c.label) };
  }
  const provider = command.provider === 'deploi' ? 'Deploi' : 'SeFlow';
  const sent = inputs.map(
    (input, i) =>
      `${i + 1}. ${b.calls[i]?.label}\n${argumentLines(input, command.secrets ?? [], command.shown ?? [])
        .map((l) => `   ${l}`)
        .join('\n')}`,
  );
  const ok = await deps.prompter().confirm({
    message: b.question,
    detail: `${b.detail}\n\n${provider} ${command.wire} is sent ${b.calls.length} times, with:\n${sent.join('\n')}`,
    action: b.verb,
  });
  if (!ok) {
    deps.reporter.info(`Cancelled: ${b.question}`);
    return { ...result, cancelled: true };
  }
  await withProgress(b.progress, async (signal) => {
    for (const [i, call] of b.calls.entries()) {
      if (signal.aborted) break;
      try {
        await deps.pool.send(call.account, command, inputs[i] ?? {}, signal);
        result.done.push(call.label);
      } catch (e) {
        deps.reporter.log(`${b.verb} ${call.label}`, e, inputs[i]);
        (isHostkitError(e, 'outcome_unknown') ? result.unknown : result.failed).push(call.label);
      }
    }
  });
  await b.refresh().catch((e: unknown) => deps.reporter.log('Reading again after a batch', e));
  // An unknown outcome is settled by what the refresh read, where it can tell.
  for (const label of [...result.unknown]) {
    const call = b.calls.find((c) => c.label === label);
    const applied = call && b.applied?.(call);
    if (applied === undefined) continue;
    result.unknown.splice(result.unknown.indexOf(label), 1);
    (applied ? result.done : result.failed).push(label);
  }
  const parts = [
    result.done.length && `${b.verb}: ${result.done.join(', ')}`,
    result.failed.length && `not done: ${result.failed.join(', ')}`,
    result.unknown.length && `no answer for ${result.unknown.join(', ')}: check before trying again`,
  ].filter(Boolean);
  const text = `${b.question.replace(/\?$/, '')}: ${parts.join('; ')}.`;
  if (result.failed.length || result.unknown.length) deps.reporter.warn(text);
  else {
    deps.reporter.info(text);
    void vscode.window.setStatusBarMessage(`$(check) ${text}`, 5000);
  }
  return result;
}
