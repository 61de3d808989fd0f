import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { collectSecrets, redactText, redactValue } from '@hostkit/core';

/** How a call was allowed to run. */
export type Confirmation =
  | 'elicitation'
  | 'confirmation-page'
  | 'no-confirm'
  | 'not-required'
  | 'declined'
  | 'cancelled'
  | 'expired';

/** What came of a call; `pending` in the intent record written before anything is sent. */
export type Outcome = 'pending' | 'ok' | 'error' | 'unknown' | 'not-sent';

/** One line of the audit log. */
export interface AuditRecord {
  time: string;
  /** `intent` before a request is sent, `outcome` after (or instead, when nothing was sent). */
  phase: 'intent' | 'outcome';
  /** Ties an outcome to its intent. */
  call: string;
  tool: string;
  /** The tool's arguments with every secret field replaced by "[redacted]". */
  arguments: unknown;
  confirmation: Confirmation;
  outcome: Outcome;
  /** The API's message id, when it answered. */
  messageId?: number | undefined;
  /** The API's message or the error's, redacted. */
  message?: string | undefined;
  /** The error code, when the outcome is not ok. */
  error?: string | undefined;
  /** The wire commands actually sent, for composite tools. */
  sent?: readonly string[] | undefined;
}

/** Appends one JSON line per mutating call to a file (mode 0600, directory 0700). */
export class AuditLog {
  readonly path: string;
  private queue: Promise<void> = Promise.resolve();
  private readonly onError: (message: string) => void;
  private readonly known: () => readonly string[];

  /**
   * Creates the directory and the file now, so a log that cannot be written stops the server at start.
   * `known`: the process's secret values (credentials, tokens), cut out wherever they appear in a record.
   */
  constructor(path: string, onError: (message: string) => void, known: () => readonly string[] = () => []) {
    this.path = path;
    this.onError = onError;
    this.known = known;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, '', { mode: 0o600 });
  }

  /**
   * Appends a record, in call order. Rejects when it could not be written: a mutating call is then
   * refused before anything is sent (no audit, no call).
   */
  write(
    record: Omit<AuditRecord, 'time' | 'arguments'> & { arguments: unknown; secrets?: readonly string[] },
  ): Promise<void> {
    const { secrets = [], ...rest } = record;
    const json = JSON.stringify({
      time: new Date().toISOString(),
      ...rest,
      arguments: redactValue(record.arguments, secrets),
    });
    // Secret fields are replaced by name above; a known secret, or one of this call's secret values, in
    // any other field (a TXT record value, an API message echoing it) is cut out of the line as well.
    const line = `${redactText(json, [...this.known(), ...collectSecrets(record.arguments, secrets)])}\n`;
    const written = this.queue.then(() => appendFile(this.path, line, { mode: 0o600 }));
    // The next line waits for this one, whether it was written or not.
    this.queue = written.catch(() => {});
    return written.catch((e: unknown) => {
      const message = `could not write the audit log ${this.path}: ${(e as Error).message}`;
      this.onError(message);
      throw new Error(message);
    });
  }
}
