import { isHostkitError, redactText, redactValue } from '@hostkit/core';
import * as vscode from 'vscode';

const SHOW_OUTPUT = 'Show Output';

/**
 * The output channel and the one way failures reach the user: a short message with a button to
 * the channel, whose entries are redacted of every secret the extension has seen.
 */
export class Reporter implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(private readonly secrets: () => readonly string[]) {
    this.channel = vscode.window.createOutputChannel('Hostkit', { log: true });
  }

  /** A one-line, redacted description of a failure, as the tree shows it. */
  describe(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return this.redact(message).split('\n')[0] ?? '';
  }

  redact(text: string): string {
    return redactText(text, this.secrets());
  }

  /** Logs a failure with its context and stack (redacted); returns the short message. */
  log(context: string, error: unknown, input?: unknown): string {
    const short = this.describe(error);
    const code = isHostkitError(error) ? ` [${error.code}]` : '';
    this.channel.error(`${context}${code}: ${short}`);
    if (input !== undefined)
      this.channel.error(`  input: ${this.redact(JSON.stringify(redactValue(input)))}`);
    if (error instanceof Error && error.stack) this.channel.debug(this.redact(error.stack));
    return short;
  }

  /**
   * Shows a failure: what failed and why, with a button to the output channel. Does not wait for
   * the notification to be dismissed, so the command that failed ends at once.
   */
  async fail(context: string, error: unknown, input?: unknown): Promise<void> {
    const short = this.log(context, error, input);
    void vscode.window.showErrorMessage(`${context}: ${short}`, SHOW_OUTPUT).then((answer) => {
      if (answer === SHOW_OUTPUT) this.channel.show(true);
    });
  }

  /** A warning (not a failure) with the same button to the output channel. */
  warn(message: string): void {
    const text = this.redact(message);
    this.channel.warn(text);
    void vscode.window.showWarningMessage(text, SHOW_OUTPUT).then((answer) => {
      if (answer === SHOW_OUTPUT) this.channel.show(true);
    });
  }

  info(message: string): void {
    this.channel.info(this.redact(message));
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Runs a long action with a notification progress, cancellable where the action honours it. */
export function withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        return task(controller.signal).finally(() => sub.dispose());
      },
    ),
  );
}
