import type { Provider } from '@hostkit/core';
import type { FaultKind } from './faults';

/**
 * One request as the sandbox saw it. Never holds a secret: field values are not logged at all (only
 * the names of the fields sent), and the reply's message is redacted against the request's secrets.
 */
export interface RequestLogEntry {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  /** ISO time from the sandbox clock. */
  time: string;
  provider: Provider | 'sandbox';
  /** The wire name (Deploi command, SeFlow action), or a path for other requests. */
  command: string;
  /** HTTP status sent; 0 when the connection was reset. */
  status: number;
  /** Deploi `success` / SeFlow `status === "success"`; undefined when no API reply was sent. */
  success: boolean | undefined;
  /** The API message of the reply (Deploi `message`, SeFlow `statusmsg`), redacted. */
  message: string | undefined;
  /** Names of the fields the request carried, without auth fields; never their values. */
  fields: string[];
  /** The injected fault that shaped the answer, if any. */
  fault: FaultKind | undefined;
  durationMs: number;
}

/** The sandbox's request log, newest last; keeps the last `limit` entries. */
export class RequestLog {
  private readonly list: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 10_000) {}

  /** Appends an entry, numbering it. */
  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.list.push({ seq: ++this.seq, ...entry });
    if (this.list.length > this.limit) this.list.splice(0, this.list.length - this.limit);
  }

  /** A copy of the entries, oldest first. */
  entries(): RequestLogEntry[] {
    return this.list.map((e) => ({ ...e, fields: [...e.fields] }));
  }

  /** Forgets every entry (numbering continues). */
  clear(): void {
    this.list.length = 0;
  }
}
