import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redactValue } from '@hostkit/core';

/** How a call was allowed to run. */
export type Confirmation =
  | 'elicitation'
  | 'confirmation-id'
  | 'no-confirm'
  | 'not-required'
  | 'declined'
  | 'cancelled';

/** What came of a call. */
export type Outcome = 'ok' | 'error' | 'unknown' | 'not-sent';

/** One line of the audit log. */
export interface AuditRecord {
  time: string;
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

  /** Creates the directory and the file now, so a log that cannot be written stops the server at start. */
  constructor(path: string, onError: (message: string) => void) {
    this.path = path;
    this.onError = onError;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, '', { mode: 0o600 });
  }

  /** Queues a record; lines are written in call order. Never throws: a failed write is reported on stderr. */
  write(
    record: Omit<AuditRecord, 'time' | 'arguments'> & { arguments: unknown; secrets?: readonly string[] },
  ): Promise<void> {
    const { secrets = [], ...rest } = record;
    const line = `${JSON.stringify({
      time: new Date().toISOString(),
      ...rest,
      arguments: redactValue(record.arguments, secrets),
    })}\n`;
    this.queue = this.queue
      .then(() => appendFile(this.path, line, { mode: 0o600 }))
      .catch((e: unknown) =>
        this.onError(`could not write the audit log ${this.path}: ${(e as Error).message}`),
      );
    return this.queue;
  }
}
