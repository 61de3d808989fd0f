import { argumentLines, needsConfirmation, parseInput } from '@hostkit/core';
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
}

/** The outcome, for callers (and tests) that want to know. */
export type ActionResult = 'done' | 'cancelled' | 'failed';

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
    await withProgress(a.progress, (signal) => deps.pool.call(a.account, a.tool, input, signal));
  } catch (e) {
    await deps.reporter.fail(`${a.verb} failed`, e, input);
    return 'failed';
  }
  deps.reporter.info(`${a.done} (${a.tool})`);
  void vscode.window.setStatusBarMessage(`$(check) ${a.done}`, 5000);
  return 'done';
}
